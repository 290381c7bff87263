import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agencies, outbox, webhookAttempts, webhookDestinations } from "../../db/schema.ts";
import { startAgencyWebhooks } from "../../workers/agency-webhooks.ts";
import type { OutboxWorker } from "../../workers/outbox-worker.ts";
import { agencyServer, type AgencyServer } from "../support/agency-server.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { expectedOrder, fileWebhookCase, followUp, queueBacklog, registerAgencyWebhook } from "../support/webhook-backlog.ts";

// Backoff per destination: an agency back-end (real Fastify on 127.0.0.1) is down for a few seconds with
// 55 webhooks queued across 5 cases, while another agency's back-end stays up. The retry cap is cut to
// 2 s (WEBHOOK_RETRY_MAX_MS; in production an hour), the first delay to 100 ms.

const SECRET = "outage-test-secret-0123456789";
const BASE_MS = 100;
const CAP_MS = 2000;
const logger = pino({ level: "silent" });
let database: Database;
let worker: OutboxWorker | undefined;
const servers: AgencyServer[] = [];

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, probe: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
const pendingOf = async (agencyId: number) =>
  (await database.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.agencyId} = ${agencyId} and ${outbox.status} = 'pending'`)).length;

async function server(o: { down?: boolean; answerMs?: number } = {}) {
  const s = await agencyServer({ secret: SECRET, ...o });
  servers.push(s);
  return s;
}

describe("an agency back-end that is down for a while", () => {
  it("gets only probes while down, its whole backlog in order within moments of coming back, and never delays a healthy agency", async () => {
    // Each answer takes 20 ms, so deliveries overlap when the worker sends several at once.
    const failing = await server({ down: true, answerMs: 20 });
    const healthy = await server();
    const failingId = await registerAgencyWebhook(database.db, "tax", failing.url, SECRET);
    const healthyId = await registerAgencyWebhook(database.db, "tamin", healthy.url, SECRET);
    const backlog = await queueBacklog(database.db, failingId, { cases: 5, followups: 10 });
    const order = await expectedOrder(database.db, backlog);
    expect([...order.values()].flat()).toHaveLength(55);

    worker = startAgencyWebhooks({ db: database.db, logger, allowPrivate: true, baseDelayMs: BASE_MS, maxDelayMs: CAP_MS, concurrency: 4, idleMs: 20 });

    // Down for 5 s. Meanwhile the healthy agency gets a case and follow-ups; each must arrive at once,
    // well within the failing one's probe interval.
    const outageMs = 5000;
    const outageEnds = Date.now() + outageMs;
    const healthyCase = await fileWebhookCase(database.db, healthyId, "پرونده سالم");
    await until("the healthy agency's first delivery", () => healthy.deliveries.length === 1, 5000);
    const latencies: number[] = [];
    while (Date.now() < outageEnds - 300) {
      await sleep(250);
      await followUp(database.db, healthyCase, `پیگیری سالم ${latencies.length + 1}`);
      const queuedAt = performance.now();
      await until("the healthy agency's follow-up", () => healthy.deliveries.length === latencies.length + 2, 5000);
      latencies.push(performance.now() - queuedAt);
    }
    await sleep(Math.max(0, outageEnds - Date.now()));

    // While down: the first claim may send up to `concurrency` heads at once (the destination looked
    // healthy); after that, one probe at a time, at the backoff interval.
    const duringOutage = failing.deliveries.length;
    const afterFirstBurst = failing.deliveries.slice(4);
    const gaps = afterFirstBurst.slice(1).map((d, i) => d.at - afterFirstBurst[i].at);
    const refused = async () => (await database.db.select().from(webhookAttempts)).filter((a) => a.statusCode === 503);
    // Every request the server saw is one logged attempt (the last may still be settling).
    await until("the delivery log to catch up", async () => (await refused()).length === failing.deliveries.length, 2000);
    const attemptedItems = new Set((await refused()).map((a) => a.outboxId));
    console.log(`outage ${outageMs} ms: ${duringOutage} requests to the failing agency, gaps ${gaps.map((g) => Math.round(g)).join(",")} ms; healthy agency latency ${latencies.map(Math.round).join(",")} ms`);
    expect(duringOutage).toBeGreaterThanOrEqual(4);
    // After four failures the interval is 100 ms × 2³ = 800 ms, then 1.6 s, then the 2 s cap.
    expect(duringOutage).toBeLessThanOrEqual(4 + 4);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(BASE_MS * 8 * 0.85);
    expect(failing.deliveries.every((d) => d.status === 503)).toBe(true);
    // Only heads of cases were tried; every other item waited without an attempt.
    expect(attemptedItems.size).toBeLessThanOrEqual(5);
    const triedOthers = await database.db.select().from(outbox).where(sql`${outbox.agencyId} = ${failingId} and ${outbox.attempts} > 0`);
    expect(triedOthers.map((o) => o.id).sort()).toEqual([...attemptedItems].sort());
    const [state] = await database.db.select().from(webhookDestinations).where(eq(webhookDestinations.destination, failing.url));
    expect(state.failures).toBeGreaterThan(1);
    // The healthy agency: every event delivered at once, first try, signed.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(CAP_MS / 2);
    expect(healthy.deliveries.map((d) => d.status)).toEqual(healthy.deliveries.map(() => 200));
    expect(healthy.deliveries.every((d) => d.signed)).toBe(true);

    // Back up: the next probe gets through and the backlog drains with bounded concurrency.
    failing.resetMaxOpen();
    failing.setDown(false);
    const upAt = performance.now();
    // Watched at the server, not in the database: polling the database would compete with the worker.
    await until("the failing agency's backlog to arrive", () => new Set(failing.deliveries.filter((d) => d.status === 200).map((d) => d.id)).size === 55, 15_000);
    const drainedAt = performance.now();
    await until("the outbox to record it", async () => (await pendingOf(failingId)) === 0, 5000);
    const accepted = failing.deliveries.filter((d) => d.status === 200);
    const firstOk = accepted[0].at;
    const lastOk = accepted.at(-1)!.at;
    console.log(`back up: all 55 delivered ${Math.round(drainedAt - upAt)} ms after it came back, ${Math.round(lastOk - firstOk)} ms after the first got through; at most ${failing.maxOpen()} at once`);
    // At worst the next probe is a capped interval away; after it, no item waits for any backoff.
    expect(drainedAt - upAt).toBeLessThan(CAP_MS * 1.1 + 3000);
    expect(lastOk - firstOk).toBeLessThan(3000);
    for (const d of accepted.slice(1)) expect(d.at - firstOk).toBeLessThan(3000);
    expect(failing.maxOpen()).toBeLessThanOrEqual(4);
    expect(failing.maxOpen()).toBeGreaterThan(1);
    for (const c of backlog) expect(failing.acceptedFor(c.code)).toEqual(order.get(c.code));
    expect(accepted.every((d) => d.signed)).toBe(true);
    const [healed] = await database.db.select().from(webhookDestinations).where(eq(webhookDestinations.destination, failing.url));
    expect(healed).toMatchObject({ failures: 0, nextProbeAt: null, failingSince: null });
  });

  it("keeps one probe at a time across two workers (two instances on one database)", async () => {
    const failing = await server({ down: true, answerMs: 20 });
    const failingId = await registerAgencyWebhook(database.db, "tax", failing.url, SECRET);
    const backlog = await queueBacklog(database.db, failingId, { cases: 6, followups: 2 });
    const order = await expectedOrder(database.db, backlog);
    const second = startAgencyWebhooks({ db: database.db, logger, allowPrivate: true, baseDelayMs: 50, maxDelayMs: 150, concurrency: 3, idleMs: 20 });
    worker = startAgencyWebhooks({ db: database.db, logger, allowPrivate: true, baseDelayMs: 50, maxDelayMs: 150, concurrency: 3, idleMs: 20 });
    try {
      await until("the first burst and several probes", () => failing.deliveries.length >= 10);
      failing.resetMaxOpen();
      await until("more probes", () => failing.deliveries.length >= 16);
      expect(failing.maxOpen()).toBe(1);
      failing.setDown(false);
      await until("the backlog to drain", async () => (await pendingOf(failingId)) === 0).catch(async (e) => {
        console.log(await database.db.select().from(webhookDestinations), (await database.db.select().from(outbox)).map((o) => [o.id, o.status, o.attempts, o.nextAttemptAt, o.claimedUntil]), failing.deliveries.slice(-5));
        throw e;
      });
      expect(failing.maxOpen()).toBeLessThanOrEqual(3);
      for (const c of backlog) expect(failing.acceptedFor(c.code)).toEqual(order.get(c.code));
    } finally {
      await second.stop();
    }
  });
});
