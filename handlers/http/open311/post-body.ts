import type { FastifyRequest } from "fastify";
import { badRequest, unacceptedBodyType } from "./errors.ts";
import { readMultipartForm, type ReceivedFile } from "./media.ts";

/**
 * The form of a POST: urlencoded (parsed by the plugin), a JSON object, or multipart/form-data, whose
 * fields are read here and whose files are returned for the route to check or refuse.
 */
export async function readPostBody(request: FastifyRequest): Promise<{ form: unknown; files: ReceivedFile[] }> {
  if (request.isMultipart()) {
    const { params, files } = await readMultipartForm(request);
    return { form: params, files };
  }
  const form = request.body;
  if (form !== undefined && !(form instanceof Map) && (typeof form !== "object" || form === null || Array.isArray(form))) {
    // Fastify itself reads text/plain (as a string) and JSON arrays and scalars; none of them is a form.
    throw badRequest(unacceptedBodyType(request));
  }
  return { form, files: [] };
}
