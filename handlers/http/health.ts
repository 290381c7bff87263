import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../db/client.ts";

/** A database that has not answered `select 1` within this long is not ready (a restart, a lost network). */
export const READINESS_TIMEOUT_MS = 1000;

/** /healthz: the process answers. /readyz: the database answers too, within a second (load balancers route on this one). */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db; readinessTimeoutMs?: number }): Promise<void> {
  const timeoutMs = opts.readinessTimeoutMs ?? READINESS_TIMEOUT_MS;
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A query waits for a connection for as long as the driver's connect timeout: don't wait with it.
      await Promise.race([
        opts.db.execute(sql`select 1`),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      return { status: "ready" };
    } catch (err) {
      app.log.warn({ err }, "readiness check failed");
      return reply.code(503).send({ error: { code: "database_unavailable", message: "The database does not answer." } });
    } finally {
      clearTimeout(timer);
    }
  });
}
