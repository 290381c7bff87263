import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postCitizenEvent } from "../../core/case-events.ts";
import { fileCase } from "../../core/cases.ts";
import { verifyWebhookSignature } from "../../core/webhook-signing.ts";
import type { Database } from "../../db/client.ts";
import { agencies, counties, outbox, provinces, users, webhookAttempts } from "../../db/schema.ts";
import { startAgencyWebhooks, type AgencyWebhooksOptions } from "../../workers/agency-webhooks.ts";
import type { OutboxWorker } from "../../workers/outbox-worker.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// Real HTTP receivers on 127.0.0.1 (so allowPrivate is on, except where refusal is the point) and the
// real outbox: cases are filed and followed up through core, which queues the webhooks.

const SECRET = "whsec_test_4f1c2b9e8d7a6b5c";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; event: string; created_at: string; data: { case: { code: string }; event?: { id: number; note: string } } };
}

interface Receiver {
  url: string;
  port: number;
  received: Received[];
  listen(): Promise<void>;
  close(): Promise<void>;
}

let database: Database;
let agencyId: number;
let place: { provinceId: number; countyId: number };
const workers: OutboxWorker[] = [];
const receivers: Receiver[] = [];
let logLines: string[];
const logger = pino(
  { level: "debug" },
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

beforeAll(async () => {
  database = await testDatabase();
  const [agency] = await database.db.select().from(agencies).where(eq(agencies.code, "tax"));
  agencyId = agency.id;
  const [province] = await database.db.select().from(provinces).where(eq(provinces.code, "THR"));
  const [county] = await database.db.select().from(counties).where(eq(counties.provinceId, province.id)).limit(1);
  place = { provinceId: province.id, countyId: county.id };
});

beforeEach(async () => {
  logLines = [];
  await resetUserData(database);
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});

afterEach(async () => {
  // Workers first: a delivery in flight must not meet a truncated outbox or a closed receiver mid-test.
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/**
 * An agency back-end on 127.0.0.1. `answer` decides the status of the n-th request (1-based) and may
 * wait first; by default every request gets 200. With `listening: false` the port is reserved but
 * nothing listens yet (connection refused) until listen().
 */
async function receiver(answer: (r: Received, n: number) => number | Promise<number> = () => 200, o: { listening?: boolean; errorBody?: (url: string) => string } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", async () => {
      const r: Received = { headers: req.headers, body, json: JSON.parse(body) };
      received.push(r);
      const status = await answer(r, received.length);
      if (!res.destroyed) res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : (o.errorBody?.(req.url ?? "") ?? "nope"));
    });
  });
  const listenOn = (port: number) => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  await listenOn(0);
  const port = (server.address() as AddressInfo).port;
  let listening = true;
  const close = async () => {
    if (!listening) return;
    listening = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (o.listening === false) await close();
  const r: Receiver = {
    url: `http://127.0.0.1:${port}/hamyar/hook?agency=tax`,
    port,
    received,
    async listen() {
      await listenOn(port);
      listening = true;
    },
    close,
  };
  receivers.push(r);
  return r;
}

function start(o: Partial<AgencyWebhooksOptions> = {}): OutboxWorker {
  const w = startAgencyWebhooks({ db: database.db, logger, allowPrivate: true, baseDelayMs: 20, maxDelayMs: 200, idleMs: 10, ...o });
  workers.push(w);
  return w;
}

async function registerWebhook(url: string | null, secret: string | null = SECRET) {
  await database.db.update(agencies).set({ webhookUrl: url, webhookSecret: secret }).where(eq(agencies.id, agencyId));
}

let citizenSeq = 5000;
async function citizen(): Promise<number> {
  const [u] = await database.db.insert(users).values({ platform: "telegram", platformUserId: citizenSeq++, firstName: "شهروند" }).returning();
  return u.id;
}

/** Files a case for a new citizen through core (queues case.created); returns its ids. */
async function fileOne(subject = "تأخیر در پرداخت مستمری"): Promise<{ caseId: number; userId: number; code: string }> {
  const userId = await citizen();
  const filed = await fileCase(database.db, {
    platform: "telegram",
    userId,
    kind: "complaint",
    agencyId,
    ...place,
    subject,
    description: "مستمری این ماه با ده روز تأخیر پرداخت شد و کسی پاسخگو نبود.",
    anonymous: false,
    contactPhone: "989121234567",
    contactPhoneVerified: true,
    attachments: [],
    clientKey: `webhook-test:${userId}`,
  });
  return { caseId: filed.caseId, userId, code: filed.trackingCode };
}

const followup = (c: { caseId: number; userId: number }, text: string) => postCitizenEvent(database.db, { caseId: c.caseId, userId: c.userId, type: "followup", text });

async function until<T>(what: string, probe: () => Promise<T> | T, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pendingCount = async () => (await database.db.select().from(outbox).where(eq(outbox.status, "pending"))).length;
const attemptsOf = (outboxId: number) => database.db.select().from(webhookAttempts).where(eq(webhookAttempts.outboxId, outboxId)).orderBy(asc(webhookAttempts.id));
const onlyItem = async () => {
  const rows = await database.db.select().from(outbox);
  expect(rows).toHaveLength(1);
  return rows[0];
};

/** The delivery ids a receiver got for one case, in arrival order. */
const arrivalsFor = (r: Receiver, code: string) => r.received.filter((x) => x.json.data.case.code === code).map((x) => x.json.id);

describe("agency webhooks", () => {
  it("delivers a signed case.created that verifies with the agency's secret", async () => {
    const r = await receiver();
    await registerWebhook(r.url);
    const filed = await fileOne();
    start();
    await until("the delivery", () => r.received.length === 1);
    await until("the item to be done", async () => (await onlyItem()).status === "done");

    const [got] = r.received;
    const h = got.headers;
    expect(h["content-type"]).toMatch(/^application\/json/);
    expect(h["user-agent"]).toBe("Hamyar-Webhooks/1");
    expect(h["x-hamyar-event"]).toBe("case.created");
    expect(h["x-hamyar-delivery"]).toBe(got.json.id);
    expect(Math.abs(Number(h["x-hamyar-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(h["x-hamyar-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, h["x-hamyar-signature"] as string, h["x-hamyar-timestamp"] as string, got.body)).toBe(true);
    expect(verifyWebhookSignature("another-agency-secret", h["x-hamyar-signature"] as string, h["x-hamyar-timestamp"] as string, got.body)).toBe(false);
    expect(verifyWebhookSignature(SECRET, h["x-hamyar-signature"] as string, h["x-hamyar-timestamp"] as string, got.body.replace("}", ' }'))).toBe(false);

    expect(got.json.event).toBe("case.created");
    expect(got.json.data.case.code).toBe(filed.code);
    expect(new Date(got.json.created_at).toString()).not.toBe("Invalid Date");

    const [attempt] = await attemptsOf((await onlyItem()).id);
    expect(attempt).toMatchObject({ attempt: 1, statusCode: 200, error: null });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("never writes the secret or the signature to the log", async () => {
    const r = await receiver((_x, n) => (n === 1 ? 500 : 200));
    await registerWebhook(r.url);
    await fileOne();
    start();
    await until("the second delivery", async () => (await onlyItem()).status === "done");
    const log = logLines.join("\n");
    expect(log).toContain("will retry");
    expect(log).not.toContain(SECRET);
    for (const x of r.received) expect(log).not.toContain(String(x.headers["x-hamyar-signature"]).slice(7));
  });

  it("logs a failed delivery by its status, not by what the receiver answered (which may echo the URL's token)", async () => {
    const token = "agency-url-token-7f3a9c2e51";
    const r = await receiver((_x, n) => (n === 1 ? 404 : 200), { errorBody: (url) => `Cannot POST ${url}` });
    await registerWebhook(`${r.url}&token=${token}`);
    await fileOne();
    start();
    await until("the second delivery", async () => (await onlyItem()).status === "done");
    const log = logLines.join("\n");
    expect(log).toContain("will retry");
    expect(log).toContain('"reason":"HTTP 404"');
    expect(log).not.toContain(token);
    // The agency still reads its receiver's answer in its delivery log (API v1, its own key only).
    expect((await attemptsOf((await onlyItem()).id))[0].error).toContain(token);
  });

  it("retries a receiver that answers 500 twice, then 200, and logs every attempt", async () => {
    const r = await receiver((_x, n) => (n <= 2 ? 500 : 200));
    await registerWebhook(r.url);
    await fileOne();
    start();
    await until("the item to be done", async () => (await onlyItem()).status === "done");
    await sleep(100);

    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.json.id)).size).toBe(1);
    const item = await onlyItem();
    expect(item.attempts).toBe(3);
    const attempts = await attemptsOf(item.id);
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(attempts[0].error).toBe("HTTP 500: nope");
    expect(attempts[2].error).toBeNull();
  });

  it("treats a 4xx answer as a failed attempt too, and retries it", async () => {
    const r = await receiver((_x, n) => (n === 1 ? 410 : 204));
    await registerWebhook(r.url);
    await fileOne();
    start();
    await until("the item to be done", async () => (await onlyItem()).status === "done");
    expect((await attemptsOf((await onlyItem()).id)).map((a) => a.statusCode)).toEqual([410, 204]);
  });

  it("does not follow a redirect", async () => {
    const r = await receiver((_x, n) => (n === 1 ? 302 : 200));
    await registerWebhook(r.url);
    await fileOne();
    start();
    await until("the item to be done", async () => (await onlyItem()).status === "done");
    const [first] = await attemptsOf((await onlyItem()).id);
    expect(first.statusCode).toBe(302);
    expect(first.error).toContain("redirects are not followed");
  });

  it("gets every event to a receiver that was down for a while, in order per case, each once", async () => {
    const r = await receiver(() => 200, { listening: false });
    await registerWebhook(r.url);
    const a = await fileOne("پرونده الف");
    const b = await fileOne("پرونده ب");
    for (let i = 1; i <= 3; i++) {
      await followup(a, `پیگیری ${i} الف`);
      await followup(b, `پیگیری ${i} ب`);
    }
    const items = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(items).toHaveLength(8);
    const expected = (caseId: number) => items.filter((i) => i.caseId === caseId).map((i) => (i.payload as { id: string }).id);

    start();
    // Down: the first item of each case is tried again and again; the later ones wait behind it.
    await until("several refused attempts", async () => (await database.db.select().from(webhookAttempts)).length >= 8);
    const tried = new Set((await database.db.select().from(webhookAttempts)).map((t) => t.outboxId));
    const firsts = [a, b].map((c) => items.find((i) => i.caseId === c.caseId)!.id);
    expect([...tried].sort()).toEqual(firsts.sort());
    const refused = await attemptsOf(firsts[0]);
    expect(refused[0].statusCode).toBeNull();
    expect(refused[0].error).toContain("ECONNREFUSED");
    expect(refused.map((t) => t.attempt)).toEqual(refused.map((_t, i) => i + 1));

    await r.listen();
    await until("every item to be done", async () => (await pendingCount()) === 0);
    await sleep(150);

    expect(r.received).toHaveLength(8);
    expect(arrivalsFor(r, a.code)).toEqual(expected(a.caseId));
    expect(arrivalsFor(r, b.code)).toEqual(expected(b.caseId));
    expect(arrivalsFor(r, a.code)[0]).toMatch(/^case\.created:/);
    expect(r.received.filter((x) => x.json.data.case.code === a.code).slice(1).map((x) => x.json.data.event?.note)).toEqual(["پیگیری 1 الف", "پیگیری 2 الف", "پیگیری 3 الف"]);
    // Exactly one successful attempt per item.
    const ok = (await database.db.select().from(webhookAttempts)).filter((t) => t.statusCode === 200);
    expect(ok.map((t) => t.outboxId).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it("holds back only the failing case: other cases keep flowing", async () => {
    let failA = true;
    let aCode = "";
    const r = await receiver((x) => (failA && x.json.data.case.code === aCode ? 503 : 200));
    await registerWebhook(r.url);
    const a = await fileOne("پرونده الف");
    aCode = a.code;
    await followup(a, "پیگیری الف");
    const b = await fileOne("پرونده ب");
    await followup(b, "پیگیری ب");
    start();
    await until("case B's two events", () => arrivalsFor(r, b.code).length === 2 && r.received.filter((x) => x.json.data.case.code === aCode).length >= 2);
    expect(r.received.filter((x) => x.json.data.case.code === aCode).every((x) => x.json.event === "case.created")).toBe(true);
    failA = false;
    await until("every item to be done", async () => (await pendingCount()) === 0);
    const eventsA = r.received.filter((x) => x.json.data.case.code === aCode).map((x) => x.json.event);
    expect(eventsA.slice(0, -1).every((e) => e === "case.created")).toBe(true);
    expect(eventsA.at(-1)).toBe("case.followup");
    expect(r.received.filter((x) => x.json.data.case.code === b.code).map((x) => x.json.event)).toEqual(["case.created", "case.followup"]);
  });

  it("counts a receiver slower than the timeout as a failed attempt", async () => {
    const r = await receiver(async (_x, n) => {
      if (n === 1) await sleep(800);
      return 200;
    });
    await registerWebhook(r.url);
    await fileOne();
    start({ timeoutMs: 150 });
    await until("the item to be done", async () => (await onlyItem()).status === "done");
    const attempts = await attemptsOf((await onlyItem()).id);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ attempt: 1, statusCode: null, error: "timed out after 150 ms" });
    expect(attempts[0].durationMs).toBeGreaterThanOrEqual(140);
    expect(attempts[0].durationMs).toBeLessThan(700);
    expect(attempts[1]).toMatchObject({ attempt: 2, statusCode: 200 });
  });

  it("never has two workers deliver the same item at once", async () => {
    const inFlight = new Map<string, number>();
    const caseInFlight = new Map<string, number>();
    let overlap = 0;
    const r = await receiver(async (x, n) => {
      const id = x.json.id;
      const code = x.json.data.case.code;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      caseInFlight.set(code, (caseInFlight.get(code) ?? 0) + 1);
      if (inFlight.get(id)! > 1 || caseInFlight.get(code)! > 1) overlap++;
      await sleep(25);
      inFlight.set(id, inFlight.get(id)! - 1);
      caseInFlight.set(code, caseInFlight.get(code)! - 1);
      return n % 5 === 0 ? 500 : 200;
    });
    await registerWebhook(r.url);
    const filed = [];
    for (let i = 0; i < 4; i++) filed.push(await fileOne(`پرونده ${i}`));
    for (const c of filed) for (let j = 0; j < 2; j++) await followup(c, `پیگیری ${j}`);
    const items = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    start({ batch: 3 });
    start({ batch: 3 });
    await until("every item to be done", async () => (await pendingCount()) === 0, 20_000);
    await sleep(100);

    expect(overlap).toBe(0);
    const delivered = (await database.db.select().from(webhookAttempts)).filter((t) => t.statusCode === 200);
    expect(delivered.map((t) => t.outboxId).sort()).toEqual(items.map((i) => i.id).sort());
    for (const c of filed) {
      const expected = items.filter((i) => i.caseId === c.caseId).map((i) => (i.payload as { id: string }).id);
      const successful = r.received.filter((x) => x.json.data.case.code === c.code).map((x) => x.json.id);
      expect([...new Set(successful)]).toEqual(expected);
    }
  });

  it("keeps an event while the agency has no URL, and delivers it once one is registered", async () => {
    const r = await receiver();
    await registerWebhook(r.url);
    await fileOne();
    await registerWebhook(null, null);
    start();
    await until("two skipped attempts", async () => (await attemptsOf((await onlyItem()).id)).length >= 2);
    expect(r.received).toHaveLength(0);
    expect((await onlyItem()).status).toBe("pending");
    expect((await attemptsOf((await onlyItem()).id))[0].error).toContain("no webhook URL");

    await registerWebhook(r.url);
    await until("the item to be done", async () => (await onlyItem()).status === "done");
    expect(r.received).toHaveLength(1);
    expect(verifyWebhookSignature(SECRET, r.received[0].headers["x-hamyar-signature"] as string, r.received[0].headers["x-hamyar-timestamp"] as string, r.received[0].body)).toBe(true);
  });

  it("signs with the agency's current secret, not the one it had when the event happened", async () => {
    const r = await receiver();
    await registerWebhook(r.url, "old-secret-old-secret");
    await fileOne();
    await registerWebhook(r.url, "rotated-secret-rotated");
    start();
    await until("the delivery", () => r.received.length === 1);
    const h = r.received[0].headers;
    expect(verifyWebhookSignature("rotated-secret-rotated", h["x-hamyar-signature"] as string, h["x-hamyar-timestamp"] as string, r.received[0].body)).toBe(true);
  });

  it("refuses at connect time a host name that resolves to loopback when private addresses are not allowed", async () => {
    const r = await receiver();
    await registerWebhook(r.url.replace("127.0.0.1", "localhost"));
    await fileOne();
    start({ allowPrivate: false });
    await until("two refused attempts", async () => (await attemptsOf((await onlyItem()).id)).length >= 2);
    expect(r.received).toHaveLength(0);
    expect((await onlyItem()).status).toBe("pending");
    const [first] = await attemptsOf((await onlyItem()).id);
    expect(first.statusCode).toBeNull();
    expect(first.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it("refuses a literal loopback URL at delivery when private addresses are not allowed", async () => {
    const r = await receiver();
    await registerWebhook(r.url);
    await fileOne();
    start({ allowPrivate: false });
    await until("a refused attempt", async () => (await attemptsOf((await onlyItem()).id)).length >= 1);
    const [first] = await attemptsOf((await onlyItem()).id);
    expect(first.error).toContain("webhook URL refused: 127.0.0.1 is a loopback address");
    expect(r.received).toHaveLength(0);
  });
});
