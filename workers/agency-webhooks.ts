import http from "node:http";
import https from "node:https";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { agencies, webhookAttempts } from "../db/schema.ts";
import { backoffMs, type OutboxItem } from "../core/outbox.ts";
import { guardedLookup, parseWebhookUrl } from "../core/webhook-url.ts";
import { signWebhook } from "../core/webhook-signing.ts";
import { startOutboxWorker, type DeliveryResult, type OutboxWorker } from "./outbox-worker.ts";

// Delivers the agency_webhook items of the outbox: POSTs the payload built when the event happened,
// signed with the agency's current secret at its current URL. A failure of any kind is retried with
// backoff for as long as it takes (an agency back-end may be down for days); the outbox's order key holds
// back a case's later events until its earlier one is delivered, so each case arrives in order.

export interface AgencyWebhooksOptions {
  db: Db;
  logger: Logger;
  /** ALLOW_PRIVATE_WEBHOOKS: deliver to loopback/private addresses (tests, closed networks). */
  allowPrivate: boolean;
  /** First retry delay; doubles each attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Whole-request limit (connect, send, response headers); past it the attempt fails. */
  timeoutMs?: number;
  idleMs?: number;
  batch?: number;
}

export const WEBHOOK_USER_AGENT = "Hamyar-Webhooks/1";

interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Starts the agency webhook worker; any number may run at once (claims use SKIP LOCKED and a lease). */
export function startAgencyWebhooks(o: AgencyWebhooksOptions): OutboxWorker {
  const baseDelayMs = o.baseDelayMs ?? 1000;
  const maxDelayMs = o.maxDelayMs ?? 3_600_000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const lookup = guardedLookup(o.allowPrivate);
  // Keep-alive pools per worker: a backlog to one agency reuses its connection. A pooled socket was
  // connected through the guarded lookup, so reusing it never bypasses the address check.
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: 16 }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };

  async function deliver(item: OutboxItem): Promise<DeliveryResult> {
    const attempt = item.attempts;
    const outcome = await attemptDelivery(item);
    await o.db.insert(webhookAttempts).values({ outboxId: item.id, attempt, ...outcome });
    const log = { outboxId: item.id, agencyId: item.agencyId, event: item.event, attempt, statusCode: outcome.statusCode, durationMs: outcome.durationMs };
    if (outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300) {
      o.logger.debug(log, "agency webhook delivered");
      return { ok: true };
    }
    const error = outcome.error ?? `HTTP ${outcome.statusCode}`;
    const retryInMs = backoffMs(attempt, baseDelayMs, maxDelayMs);
    o.logger.warn({ ...log, error, retryInMs }, "agency webhook not delivered; will retry");
    return { ok: false, error, retryInMs };
  }

  async function attemptDelivery(item: OutboxItem): Promise<AttemptOutcome> {
    const none = (error: string): AttemptOutcome => ({ statusCode: null, error, durationMs: 0 });
    if (item.agencyId === null) return none("the item names no agency");
    const [agency] = await o.db
      .select({ url: agencies.webhookUrl, secret: agencies.webhookSecret })
      .from(agencies)
      .where(eq(agencies.id, item.agencyId));
    // Kept, not dropped: when the agency registers a URL (again), the backlog reaches it in order.
    if (!agency?.url) return none("the agency has no webhook URL registered");
    if (!agency.secret) return none("the agency has no webhook secret; deliveries are never sent unsigned");
    const target = parseWebhookUrl(agency.url, o.allowPrivate);
    if (!target.ok) return none(`webhook URL refused: ${target.reason}`);

    const body = JSON.stringify(item.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(body)),
      "User-Agent": WEBHOOK_USER_AGENT,
      "X-Hamyar-Event": String(item.event ?? item.payload.event ?? ""),
      "X-Hamyar-Delivery": String(item.payload.id ?? item.key),
      "X-Hamyar-Timestamp": String(timestamp),
      "X-Hamyar-Signature": signWebhook(agency.secret, timestamp, body),
    };
    return post(target.url, headers, body);
  }

  function post(url: URL, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (statusCode: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ statusCode, error, durationMs: elapsed() });
      };
      const send = url.protocol === "https:" ? https.request : http.request;
      const req = send(url, {
        method: "POST",
        headers,
        agent: agents[url.protocol as "http:" | "https:"],
        lookup,
        // Redirects are not followed: a 3xx could point at an address the URL check would refuse.
      });
      const timer = setTimeout(() => {
        finish(null, `timed out after ${timeoutMs} ms`);
        req.destroy();
      }, timeoutMs);
      req.on("response", (res) => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) {
          // Accepted: the receiver has the event, whatever it still streams back.
          res.resume();
          return finish(code, null);
        }
        // Keep the start of the receiver's answer for the delivery log; it helps the agency debug.
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < 300) text += chunk;
        });
        res.on("end", () => finish(code, describeStatus(code, text)));
        res.on("error", () => finish(code, describeStatus(code, text)));
      });
      req.on("error", (err: NodeJS.ErrnoException) => finish(null, describeError(err)));
      req.end(body);
    });
  }

  const worker = startOutboxWorker({
    db: o.db,
    kind: "agency_webhook",
    logger: o.logger,
    deliver,
    batch: o.batch,
    idleMs: o.idleMs,
    // Longer than the slowest attempt, so no other worker claims an item still being delivered.
    leaseSeconds: Math.ceil(timeoutMs / 1000) + 30,
  });

  return {
    kick: worker.kick,
    async stop() {
      await worker.stop();
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

function describeStatus(code: number, text: string): string {
  const redirect = code >= 300 && code < 400 ? " (redirects are not followed; register the final URL)" : "";
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return `HTTP ${code}${redirect}${snippet ? `: ${snippet}` : ""}`;
}

function describeError(err: NodeJS.ErrnoException): string {
  // Connecting to several addresses (happy eyeballs) fails with an AggregateError whose message is empty.
  const message = err.message || (err instanceof AggregateError ? err.errors.map((e: Error) => e.message).join("; ") : "");
  if (!message) return err.code ?? String(err);
  return err.code && !message.includes(err.code) ? `${err.code}: ${message}` : message;
}
