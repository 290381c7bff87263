import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { queueState } from "../../core/queue-state.ts";
import type { Db } from "../../db/client.ts";
import { databasePool, outboxAge, outboxDepth, recipientsPending, registry, repliesPending } from "../../metrics.ts";

// GET /metrics for Prometheus (METRICS=true): the process's counters (metrics.ts) and, read at each
// scrape, what is waiting in the queues. With METRICS_TOKEN set it needs `Authorization: Bearer <token>`;
// the configuration refuses METRICS on a non-loopback HOST without a token.

export interface MetricsOptions {
  db: Db;
  token?: string;
  embedded: boolean;
  poolSize: number;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function metricsRoute(app: FastifyInstance, o: MetricsOptions): void {
  app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
    if (o.token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      if (!same(given, o.token)) return reply.code(401).send({ error: { code: "unauthorized", message: "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>." } });
    }
    const state = await queueState(o.db, o.embedded);
    outboxDepth.reset();
    outboxAge.reset();
    for (const k of state.outbox) {
      outboxDepth.set({ kind: k.kind }, k.pending);
      outboxAge.set({ kind: k.kind }, k.oldestSeconds);
    }
    repliesPending.reset();
    for (const r of state.replies) repliesPending.set({ platform: r.platform }, r.pending);
    recipientsPending.reset();
    for (const r of state.recipients) recipientsPending.set({ platform: r.platform }, r.pending);
    databasePool.set({ state: "size" }, o.poolSize);
    if (state.busyConnections !== null) databasePool.set({ state: "busy" }, state.busyConnections);
    return reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
}
