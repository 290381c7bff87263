import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../db/client.ts";

/** /healthz: the process answers. /readyz: the database answers too (load balancers route on this one). */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    try {
      await opts.db.execute(sql`select 1`);
      return { status: "ready" };
    } catch (err) {
      app.log.warn({ err }, "readiness check failed");
      return reply.code(503).send({ error: { code: "database_unavailable", message: "The database does not answer." } });
    }
  });
}
