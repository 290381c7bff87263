import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { ADMIN_TOKEN_FILE, type CliRunResult } from "./admin-protocol.ts";

// While the app holds the embedded database, the CLI cannot open it (db/data-dir-lock.ts), so it asks the
// app to run its command instead: POST /cli with the argv, answered with what the command printed and its
// exit code. This is a listener of its own on 127.0.0.1 and an ephemeral port, not a route of the main
// server: the main server may listen on 0.0.0.0, and behind a reverse proxy on the same host every
// request arrives from 127.0.0.1, so a remote-address check there would let the internet in. Here a
// non-loopback peer cannot connect at all (and is refused if it somehow does). It is not in /openapi.json.
// The caller proves it may act as the app's owner by reading a random token from DATA_DIR/admin-token,
// which only the app's user can read (0600); a new token is written at every start.

export const ADMIN_HOST = "127.0.0.1";
export { ADMIN_TOKEN_FILE, type CliRunResult, type PrintedChunk } from "./admin-protocol.ts";

export interface AdminEndpoint {
  host: string;
  port: number;
  close(): Promise<void>;
}

const MAX_ARGS = 200;
const MAX_ARG_LENGTH = 10_000;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Builds the endpoint's Fastify app without listening (tests use inject with a chosen remoteAddress). */
export function buildAdminApp(o: { token: string; logger: Logger; run: (argv: string[]) => Promise<CliRunResult> }): FastifyInstance {
  // No request logging of its own (Fastify's logger off): only failures are logged, through the app's
  // logger, whose serializers keep the Authorization header out.
  const app = Fastify({ bodyLimit: 1_000_000 });
  const expected = digest(o.token);
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) o.logger.error({ err, url: req.url }, "admin endpoint: command failed");
    return reply.code(status).send({ error: { code: status >= 500 ? "internal" : (err.code ?? "bad_request"), message: status >= 500 ? "Internal error." : err.message } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: "not_found", message: "The admin endpoint has only POST /cli." } }));
  app.addHook("onRequest", async (req, reply) => {
    if (!LOOPBACK.test(req.socket.remoteAddress ?? "")) {
      return reply.code(403).send({ error: { code: "not_loopback", message: "The admin endpoint answers only this machine's loopback address." } });
    }
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? "");
    // Compared as digests: equal lengths for timingSafeEqual, and no timing that reveals the token.
    if (!match || !timingSafeEqual(digest(match[1]), expected)) {
      return reply.code(401).send({ error: { code: "bad_admin_token", message: `Send the token in DATA_DIR/${ADMIN_TOKEN_FILE} as \`Authorization: Bearer <token>\`.` } });
    }
  });
  app.post("/cli", async (req, reply) => {
    const argv = (req.body as { argv?: unknown } | undefined)?.argv;
    if (!Array.isArray(argv) || argv.length > MAX_ARGS || !argv.every((a) => typeof a === "string" && a.length <= MAX_ARG_LENGTH)) {
      return reply.code(400).send({ error: { code: "bad_argv", message: `The body must be {"argv": [strings]}, at most ${MAX_ARGS} of at most ${MAX_ARG_LENGTH} characters.` } });
    }
    return o.run(argv as string[]);
  });
  return app;
}

/** Writes a fresh token to DATA_DIR/admin-token (0600) and listens on 127.0.0.1 at an ephemeral port. */
export async function startAdminEndpoint(o: { dataDir: string; logger: Logger; run: (argv: string[]) => Promise<CliRunResult> }): Promise<AdminEndpoint> {
  const tokenFile = path.resolve(o.dataDir, ADMIN_TOKEN_FILE);
  const token = randomBytes(32).toString("base64url");
  // Removed and created anew (exclusively, 0600) rather than overwritten: a file someone else made, with
  // looser permissions, is never reused.
  unlinkQuietly(tokenFile);
  writeFileSync(tokenFile, `${token}\n`, { flag: "wx", mode: 0o600 });
  chmodSync(tokenFile, 0o600);
  const app = buildAdminApp({ token, logger: o.logger, run: o.run });
  await app.listen({ host: ADMIN_HOST, port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    host: ADMIN_HOST,
    port,
    close: async () => {
      await app.close();
      if (readQuietly(tokenFile)?.trim() === token) unlinkQuietly(tokenFile);
    },
  };
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
