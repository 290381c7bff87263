import Fastify, { type FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "../../core/webhook-signing.ts";

// An agency back-end as the webhooks meet it: a real Fastify server on 127.0.0.1 that records every
// delivery it is sent, answers 503 while it is down, and counts how many requests it had open at once.

export interface Delivery {
  id: string;
  event: string;
  caseCode: string;
  /** ms since the server started. */
  at: number;
  status: number;
  signed: boolean;
}

export interface AgencyServer {
  url: string;
  port: number;
  /** Every request, in arrival order, with the status it was answered with. */
  deliveries: Delivery[];
  /** Answer 503 from now on (true) or 200 (false). */
  setDown(down: boolean): void;
  /** The most requests open at once since the last reset. */
  maxOpen(): number;
  resetMaxOpen(): void;
  /** The delivery ids answered 2xx for one case, in arrival order (repeats kept). */
  acceptedFor(caseCode: string): string[];
  close(): Promise<void>;
}

/** Starts the server; `answerMs` delays each answer, `port` reuses a port (0: any free one). */
export async function agencyServer(o: { secret: string; answerMs?: number; port?: number; down?: boolean }): Promise<AgencyServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  const started = performance.now();
  const deliveries: Delivery[] = [];
  let down = o.down ?? false;
  let open = 0;
  let maxOpen = 0;
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.post("/hooks", async (req, reply) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    try {
      const raw = req.body as string;
      const json = JSON.parse(raw) as { id: string; event: string; data: { case: { code: string } } };
      if (o.answerMs) await new Promise((r) => setTimeout(r, o.answerMs));
      const status = down ? 503 : 200;
      const signed = verifyWebhookSignature(o.secret, req.headers["x-hamyar-signature"] as string, req.headers["x-hamyar-timestamp"] as string, raw);
      deliveries.push({ id: json.id, event: json.event, caseCode: json.data.case.code, at: performance.now() - started, status, signed });
      return reply.code(status).send(status === 200 ? "ok" : "down for maintenance");
    } finally {
      open--;
    }
  });
  await app.listen({ host: "127.0.0.1", port: o.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    deliveries,
    setDown: (d) => (down = d),
    maxOpen: () => maxOpen,
    resetMaxOpen: () => (maxOpen = open),
    acceptedFor: (code) => deliveries.filter((d) => d.caseCode === code && d.status < 300).map((d) => d.id),
    close: () => app.close(),
  };
}
