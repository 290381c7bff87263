import { createServer, type Server } from "node:http";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import { toAsciiDigits } from "../../core/persian.ts";
import { verifyWebhookSignature } from "../../core/webhook-signing.ts";
import type { Database } from "../../db/client.ts";
import { agencies, cases } from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { startAgencyWebhooks } from "../../workers/agency-webhooks.ts";
import { startCitizenMessages } from "../../workers/citizen-messages.ts";
import type { OutboxWorker } from "../../workers/outbox-worker.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { fileCaseAsCitizen } from "../support/filing.ts";

// The whole loop between a citizen and an agency back-end: a case filed in chat reaches the back-end as a
// signed webhook; the back-end's status change and answer (API v1) reach the citizen in chat; the
// citizen's survey answer and objection reach the back-end, signed. The back-end is down at first.

const SECRET = "agency-webhook-secret-for-tests";
const citizen = 8101;
let database: Database;
let h: BotHarness;
let app: FastifyInstance;
let receiver: Server | undefined;
let workers: OutboxWorker[] = [];
let received: { event: string; body: any; signed: boolean }[] = [];
let port = 0;

beforeAll(async () => {
  database = await testDatabase();
});

beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
  app = await buildApp({ db: database.db, logger: pino({ level: "silent" }), api: { allowPrivateWebhooks: true } });
  // Reserve a free port, then leave it closed: the agency's back-end is down when the case is filed.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  await database.db.update(agencies).set({ webhookUrl: `http://127.0.0.1:${port}/hooks`, webhookSecret: SECRET }).where(eq(agencies.code, "tamin"));
  received = [];
  const logger = pino({ level: "silent" });
  workers = [
    startAgencyWebhooks({ db: database.db, logger, allowPrivate: true, baseDelayMs: 50, maxDelayMs: 400, idleMs: 25 }),
    startCitizenMessages({ db: database.db, sender: h.sender, platform: "telegram", logger, idleMs: 25 }),
  ];
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  receiver = undefined;
  await app.close();
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null }).where(eq(agencies.code, "tamin"));
});

function startBackEnd() {
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const signed = verifyWebhookSignature(SECRET, req.headers["x-hamyar-signature"] as string, req.headers["x-hamyar-timestamp"] as string, raw);
      received.push({ event: String(req.headers["x-hamyar-event"]), body: JSON.parse(raw), signed });
      res.end("ok");
    });
  });
  return new Promise<void>((r) => receiver!.listen(port, "127.0.0.1", r));
}

const until = async (what: () => boolean | Promise<boolean>, label: string) => {
  for (let i = 0; i < 200; i++) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${label}`);
};

describe("a case between the citizen and the agency's back-end", () => {
  it("travels both ways, signed, in order, even when the back-end was down at first", async () => {
    const code = toAsciiDigits(await fileCaseAsCitizen(h, citizen));
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "back-end" });
    const post = (body: object) =>
      app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers: { authorization: `Bearer ${key}` }, payload: body });

    // The back-end is down: nothing arrives, nothing is lost.
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(0);

    expect((await post({ event_id: "crm-1", type: "status", status: "in_review", note: "کارشناس پرونده را بررسی می‌کند." })).statusCode).toBe(201);
    await until(() => h.sent(citizen).some((c) => c.payload.text.includes("در حال بررسی")), "the status change in chat");
    expect(h.sent(citizen).find((c) => c.payload.text.includes("در حال بررسی"))!.payload.text).toContain("کارشناس پرونده را بررسی می‌کند.");

    expect((await post({ event_id: "crm-2", type: "answer", text: "مستمری شما پرداخت شد و تأخیر جبران خواهد شد." })).statusCode).toBe(201);
    await until(() => h.sent(citizen).some((c) => c.payload.text.includes("مستمری شما پرداخت شد")), "the answer in chat");

    // The survey follows the answer; the citizen says it was not solved, rates it and objects.
    await until(() => h.sent(citizen).some((c) => JSON.stringify(c.payload.reply_markup ?? {}).includes("sv:")), "the survey question");
    await h.tap(citizen, "❌ خیر");
    await h.tap(citizen, "۲ ⭐");
    await h.text(citizen, "هنوز مبلغ کامل واریز نشده است.");
    await h.tap(citizen, "ثبت اعتراض");
    await h.text(citizen, "مبلغ واریزی کمتر از مستمری ماهانه است.");
    const [row] = await database.db.select().from(cases).where(eq(cases.trackingCode, code));
    expect(row.status).toBe("reopened");

    // The back-end comes up and receives everything, each signed, created first.
    await startBackEnd();
    await until(() => received.length >= 3, "three webhooks");
    expect(received.map((r) => r.event)).toEqual(["case.created", "survey.answered", "case.objection"]);
    expect(received.every((r) => r.signed)).toBe(true);
    expect(received[0].body.data.case.code).toBe(code);
    expect(received[1].body.data.survey).toMatchObject({ solved: "no", rating: 2 });
    expect(received[2].body.data.event.note).toBe("مبلغ واریزی کمتر از مستمری ماهانه است.");
  }, 60_000);
});
