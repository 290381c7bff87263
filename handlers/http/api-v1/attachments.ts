import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentVisibleTo } from "../../../core/case-queries.ts";
import { sniffImageType } from "../../../core/image-type.ts";
import { UPLOAD_PLATFORM, uploadedContent } from "../../../core/uploaded-files.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { ApiError } from "./errors.ts";
import { errors, idParams } from "./schemas.ts";

const extensions: Record<string, string> = { photo: "jpg", voice: "oga", document: "bin" };
const IMAGE_EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/heic": "heic" };

/** A Content-Disposition that survives any file name: ASCII fallback plus the UTF-8 name (RFC 6266/5987). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function attachmentRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/attachments/:id",
    {
      config: { scope: "cases:read" },
      schema: {
        tags: ["cases"],
        summary: "Download an attachment",
        description:
          "The bytes of a photo, document or voice message the citizen sent: fetched from the chat platform for chat attachments (503 when none is connected), from Hamyar's own store for photos uploaded with an Open311 request.",
        security: [{ bearerAuth: [] }],
        params: idParams,
        response: {
          200: { description: "The file", content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } } },
          ...errors(400, 404),
        },
      },
    },
    async (req, reply) => {
      const a = await attachmentVisibleTo(deps.db, req.params.id, actorOf(req));
      if (!a) throw new ApiError(404, "attachment_not_found", `No attachment ${req.params.id} is visible to this API key.`);
      // A photo's bytes say what it is: «.png» for a PNG, whatever the kind it came as.
      const name = (type: string) => a.fileName ?? `attachment-${a.id}.${IMAGE_EXTENSIONS[type] ?? extensions[a.kind] ?? "bin"}`;
      if (a.platform === UPLOAD_PLATFORM) {
        const content = await uploadedContent(deps.db, a.id);
        if (!content) throw new ApiError(404, "file_gone", `The bytes of attachment ${a.id} are not kept.`);
        const type = sniffImageType(content) ?? a.mimeType ?? "application/octet-stream";
        return sendFile(reply, type, name(type), content);
      }
      if (!deps.files) throw new ApiError(503, "files_unavailable", "No chat platform is connected, so attachments cannot be fetched now.");
      let file: Awaited<ReturnType<NonNullable<ApiDeps["files"]>["download"]>>;
      try {
        file = await deps.files.download(a.fileId);
      } catch (err) {
        req.log.warn({ err, attachment: a.id }, "attachment download failed");
        reply.header("retry-after", "30");
        throw new ApiError(503, "platform_unavailable", "The chat platform did not deliver the file; retry later.");
      }
      if (!file) throw new ApiError(404, "file_gone", `The chat platform no longer has attachment ${a.id}.`);
      const type = sniffImageType(file.body) ?? a.mimeType ?? (a.kind === "photo" ? "image/jpeg" : (file.mimeType ?? "application/octet-stream"));
      return sendFile(reply, type, name(type), file.body);
    },
  );
}

/** A download that a browser never renders in our origin: the type comes from the citizen's client. */
function sendFile(reply: FastifyReply, type: string, name: string, body: Buffer) {
  return reply
    .header("content-type", type)
    .header("content-disposition", disposition(name))
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, no-store")
    .send(body as never); // bytes: the 200 schema above only documents them
}
