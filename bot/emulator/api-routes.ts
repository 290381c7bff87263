import { parse as parseQuery } from "node:querystring";
import type { FastifyInstance } from "fastify";
import { BotApiError, type Emulator, UPLOAD_REFUSED } from "./emulator.ts";

/**
 * The emulator's Bot API over HTTP, at the same paths as api.telegram.org:
 * `POST|GET <root>/bot<token>/<method>` and file downloads at `<root>/file/bot<token>/<path>`.
 */
export async function emulatorApiRoutes(app: FastifyInstance, opts: { emulator: Emulator }): Promise<void> {
  const emu = opts.emulator;
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, parseQuery(String(body))));
  app.addContentTypeParser("multipart/form-data", (_req, _payload, done) =>
    done(Object.assign(new BotApiError(400, UPLOAD_REFUSED), { statusCode: 400 })),
  );
  app.setErrorHandler((err, _req, reply) => {
    const e = err instanceof BotApiError ? err : new BotApiError(400, `Bad Request: ${(err as Error).message}`);
    return reply.code(e.errorCode).send(e.toJSON());
  });

  app.route<{ Params: { token: string; method: string }; Body: Record<string, any> | undefined; Querystring: Record<string, any> }>({
    method: ["GET", "POST"],
    url: "/bot:token/:method",
    handler: async (req, reply) => {
      const params = { ...(req.query ?? {}), ...(req.body && typeof req.body === "object" ? req.body : {}) };
      try {
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
