import { parse as parseQuery } from "node:querystring";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { BotApiError, type Emulator } from "./emulator.ts";
import { Upload } from "./uploads.ts";

/** Telegram takes uploads of up to 50 MB from bots. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The emulator's Bot API over HTTP, at the same paths as api.telegram.org:
 * `POST|GET <root>/bot<token>/<method>` and file downloads at `<root>/file/bot<token>/<path>`.
 */
export async function emulatorApiRoutes(app: FastifyInstance, opts: { emulator: Emulator }): Promise<void> {
  const emu = opts.emulator;
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, parseQuery(String(body))));
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 10 } });
  app.setErrorHandler((err, _req, reply) => {
    const e = err instanceof BotApiError ? err : new BotApiError(400, `Bad Request: ${(err as Error).message}`);
    return reply.code(e.errorCode).send(e.toJSON());
  });

  app.route<{ Params: { token: string; method: string }; Body: Record<string, any> | undefined; Querystring: Record<string, any> }>({
    method: ["GET", "POST"],
    url: "/bot:token/:method",
    handler: async (req, reply) => {
      try {
        const body = req.isMultipart() ? await multipartParams(req) : req.body;
        const params = { ...(req.query ?? {}), ...(body && typeof body === "object" ? body : {}) };
        const result = await emu.call(req.params.token, req.params.method, params);
        return { ok: true, result };
      } catch (err) {
        const e = err instanceof BotApiError ? err : new BotApiError(500, "Internal Server Error");
        return reply.code(e.errorCode).send(e.toJSON());
      }
    },
  });

  app.get<{ Params: { token: string; "*": string } }>("/file/bot:token/*", async (req, reply) => {
    if (req.params.token !== emu.token) return reply.code(401).send(new BotApiError(401, "Unauthorized").toJSON());
    const f = emu.fileByPath(req.params["*"]);
    if (!f) return reply.code(404).send(new BotApiError(404, "Not Found").toJSON());
    return reply.type(f.mime).send(f.bytes);
  });
}

/**
 * A multipart call's parameters: form fields as strings (objects JSON-encoded, as with a form-encoded
 * call), each file as an Upload. grammY names a file's part by a random id and sets the field itself to
 * `attach://<id>`; curl and others send the file under the field's own name. Both arrive the same.
 */
async function multipartParams(req: FastifyRequest): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, Upload>();
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") files.set(part.fieldname, new Upload(await part.toBuffer(), part.filename || undefined));
      else fields[part.fieldname] = part.value;
    }
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw new BotApiError(413, "Request Entity Too Large");
    throw new BotApiError(400, `Bad Request: ${(err as Error).message}`);
  }
  for (const [key, value] of Object.entries(fields)) {
    const id = typeof value === "string" && value.startsWith("attach://") ? value.slice("attach://".length) : null;
    const attached = id === null ? undefined : files.get(id);
    if (!attached) continue;
    fields[key] = attached;
    files.delete(id!);
  }
  for (const [name, file] of files) if (!(name in fields)) fields[name] = file;
  return fields;
}
