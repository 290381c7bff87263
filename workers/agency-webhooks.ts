import { webhookDeliveries } from "../metrics.ts";
import http from "node:http";
import https from "node:https";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { claimWebhooks, releaseClaims, settleDelivered, settleFailed, type AttemptOutcome, type ClaimedWebhook } from "../core/webhook-queue.ts";
import { guardedLookup, parseWebhookUrl } from "../core/webhook-url.ts";
import { signWebhook } from "../core/webhook-signing.ts";
import { startDeliveryLoop, type OutboxWorker } from "./outbox-worker.ts";

// Delivers the agency_webhook items of the outbox: POSTs the payload built when the event happened,
// signed with the agency's current secret at its current URL. A failure of any kind is retried for as
// long as it takes (an agency back-end may be down for days), with backoff per destination
// (core/webhook-queue.ts): while an agency's URL fails, one probe at a time at a growing interval; once a
// probe gets through, its backlog goes out at once. The outbox's order key holds back a case's later
// events until its earlier one is delivered, so each case arrives in order.

export interface AgencyWebhooksOptions {
  db: Db;
  logger: Logger;
  /** ALLOW_PRIVATE_WEBHOOKS: deliver to loopback/private addresses (tests, closed networks). */
  allowPrivate: boolean;
  /** First probe delay of a failing destination; doubles each failure up to maxDelayMs (WEBHOOK_RETRY_MAX_MS). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Deliveries in flight per healthy destination (WEBHOOK_CONCURRENCY); one case's stay in order. */
  concurrency?: number;
  /** Names this instance in claims (INSTANCE_ID); at start, claims left under this name are taken back. */
  instanceId?: string;
  /** Whole-request limit (connect, send, response headers); past it the attempt fails. */
  timeoutMs?: number;
  idleMs?: number;
  batch?: number;
}

export const WEBHOOK_USER_AGENT = "Hamyar-Webhooks/1";

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

  /** The attempt's outcome, logged with the item's new state in one statement by settle. */
  async function deliver(claimed: ClaimedWebhook): Promise<AttemptOutcome> {
    const none = (error: string): AttemptOutcome => ({ statusCode: null, error, durationMs: 0 });
    const { item } = claimed;
    // URL and secret as the claim read them (a moment ago), so a rotated secret signs the next attempt.
    // Kept, not dropped, without them: when the agency registers a URL (again), the backlog reaches it in order.
    if (!claimed.url) return none("the agency has no webhook URL registered");
    if (!claimed.secret) return none("the agency has no webhook secret; deliveries are never sent unsigned");
    const target = parseWebhookUrl(claimed.url, o.allowPrivate);
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
      "X-Hamyar-Signature": signWebhook(claimed.secret, timestamp, body),
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

  async function settle(claimed: ClaimedWebhook, outcome: AttemptOutcome): Promise<{ again: boolean; next?: ClaimedWebhook | null }> {
    const { item, probe } = claimed;
    // The URL is not logged: agencies put tokens in query strings.
    const log = { outboxId: item.id, agencyId: item.agencyId, event: item.event, attempt: item.attempts, probe, statusCode: outcome.statusCode, durationMs: outcome.durationMs };
    const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    webhookDeliveries.inc({ outcome: delivered ? "delivered" : "failed" });
    if (delivered) {
      const { healed, next } = await settleDelivered(o.db, claimed, outcome, limits);
      o.logger.debug(log, "agency webhook delivered");
      if (healed) o.logger.info({ agencyId: item.agencyId }, "agency webhook destination is back; delivering its backlog");
      return { again: healed, next };
    }
    const error = outcome.error ?? `HTTP ${outcome.statusCode}`;
    await settleFailed(o.db, claimed, { ...outcome, error }, { baseMs: baseDelayMs, capMs: maxDelayMs });
    // The delivery log keeps the start of the receiver's answer for the agency; the log line does not:
    // a receiver may echo the request, with the token the agency put in its URL.
    const reason = outcome.statusCode !== null ? `HTTP ${outcome.statusCode}` : error;
    o.logger.warn({ ...log, reason }, "agency webhook not delivered; will retry");
    return { again: false };
  }

  const limits = {
    concurrency: o.concurrency ?? 4,
    // Longer than the slowest attempt, so no other worker claims an item still being delivered.
    leaseSeconds: Math.ceil(timeoutMs / 1000) + 30,
    instanceId: o.instanceId ?? `pid:${process.pid}`,
  };
  // Claims this instance held when it last stopped (a crash) are free again; another running instance
  // never shares the name (INSTANCE_ID), so none of these is in flight.
  const released = o.instanceId ? releaseClaims(o.db, o.instanceId).catch((err) => o.logger.warn({ err }, "could not release earlier webhook claims")) : Promise.resolve();
  const worker = startDeliveryLoop<ClaimedWebhook, AttemptOutcome>({
    name: "agency_webhook",
    logger: o.logger,
    claim: async (limit, busy) => {
      await released;
      return claimWebhooks(o.db, limit, limits, !busy);
    },
    deliver,
    failed: (err) => ({ statusCode: null, error: err instanceof Error ? err.message : String(err), durationMs: 0 }),
    settle,
    batch: o.batch,
    idleMs: o.idleMs,
    claimAfterEach: true,
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
