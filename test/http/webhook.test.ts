import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Database } from "../../db/client.ts";
import { chatReplies, processedUpdates } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { appWithWebhook, capturingLogger, WEBHOOK_SECRET } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { withBuggySteps } from "../support/failing-db.ts";

let database: Database;
let h: BotHarness;
const citizen = 6001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const post = async (app: Awaited<ReturnType<typeof appWithWebhook>>, body: unknown, secret: string | null = WEBHOOK_SECRET, url = "/webhook/telegram") =>
  app.inject({ method: "POST", url, payload: body as object, headers: secret ? { "x-telegram-bot-api-secret-token": secret } : {} });

describe("POST /webhook/telegram", () => {
  it("refuses a request without the secret header or with a wrong one, with a JSON error", async () => {
    const app = await appWithWebhook(database.db, h);
    const update = h.messageUpdate(citizen, { text: "/start" });
    for (const secret of [null, "wrong-secret-but-long-enough"]) {
      const res = await post(app, update, secret);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthorized");
    }
    expect(h.calls).toHaveLength(0);
  });

  it("answers /start with the welcome and the main menu", async () => {
    const app = await appWithWebhook(database.db, h);
    const res = await post(app, h.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] }));
    expect(res.statusCode).toBe(200);
    expect(h.lastText(citizen)).toContain("به «همیار» خوش آمدید");
    expect(JSON.stringify(h.replyKeyboard(citizen))).toContain("پرونده‌های من");
  });

  it("answers a redelivered update once", async () => {
    const app = await appWithWebhook(database.db, h);
    const update = h.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(app, update)).statusCode).toBe(200);
    expect((await post(app, update)).statusCode).toBe(200);
    expect(h.calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("handles an update that reuses an old id with other content as new (the platform's ids started again), and still its redelivery once", async () => {
    const app = await appWithWebhook(database.db, h);
    const first = h.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(app, first)).statusCode).toBe(200);
    await h.settled();
    // After a restart the ids begin again: the same id, a new message (another message id and text).
    const again = { ...h.messageUpdate(citizen, { text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }), update_id: first.update_id };
    expect((await post(app, again)).statusCode).toBe(200);
    await h.settled();
    expect(h.lastText(citizen)).toContain("راهنما");
    expect((await post(app, again)).statusCode).toBe(200);
    await h.settled();
    expect(h.calls.filter((c) => c.method === "sendMessage")).toHaveLength(2);
  });

  it("acknowledges an update whose handling fails for good, tells the person, and does not handle it again when redelivered", async () => {
    let buggy = true;
    const hb = new BotHarness(withBuggySteps(database.db, () => buggy));
    const app = await appWithWebhook(database.db, hb);
    const update = hb.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(app, update)).statusCode).toBe(200);
    await hb.settled();
    expect(hb.lastText(citizen)).toContain("خطایی رخ داد");
    const callsAfterFirst = hb.calls.length;
    buggy = false;
    expect((await post(app, update)).statusCode).toBe(200);
    await hb.settled();
    expect(hb.calls.length).toBe(callsAfterFirst);
    const [row] = await database.db.select().from(processedUpdates).where(eq(processedUpdates.updateId, update.update_id));
    expect(row.outcome).toBe("failed");
  });

  it("keeps the conversation where it was when an update fails", async () => {
    let buggy = false;
    const hb = new BotHarness(withBuggySteps(database.db, () => buggy));
    const app = await appWithWebhook(database.db, hb);
    await post(app, hb.messageUpdate(citizen, { text: "📝 ثبت درخواست / شکایت" }));
    await hb.settled();
    const kind = hb.findButton(citizen, "شکایت");
    buggy = true;
    await post(app, hb.callbackUpdate(citizen, kind.data, kind.messageId));
    await hb.settled();
    expect(hb.lastText(citizen)).toContain("خطایی رخ داد");
    buggy = false;
    // The same button still works: the failed press changed nothing.
    await post(app, hb.callbackUpdate(citizen, kind.data, kind.messageId));
    await hb.settled();
    expect(hb.lastText(citizen)).toContain("کدام دستگاه");
  });

  it("keeps a step that the platform then refuses to show: the reply is recorded as failed and the person told", async () => {
    h.fail = (call) => (call.method === "sendMessage" && !String(call.payload.text).includes("خطایی") ? { error_code: 400, description: "Bad Request: can't parse entities" } : undefined);
    const app = await appWithWebhook(database.db, h);
    expect((await post(app, h.messageUpdate(citizen, { text: "📝 ثبت درخواست / شکایت" }))).statusCode).toBe(200);
    await h.settled();
    expect(h.lastText(citizen)).toContain("خطایی رخ داد");
    // The step itself committed before anything was sent: the form is open at its first step.
    expect(await h.step(citizen)).toBe("file_case/kind");
    const rows = await database.db.select().from(chatReplies).where(eq(chatReplies.chatId, citizen));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r.state, r.lastError]).toEqual(["failed", "400: Bad Request: can't parse entities"]);
  });

  it("answers 503 when the database is gone, without replying", async () => {
    const broken = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(broken);
    const hb = new BotHarness(broken.db);
    const app = await appWithWebhook(broken.db, hb);
    await broken.close();
    const update = hb.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    const res = await post(app, update);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("temporarily_unavailable");
    expect(hb.calls.filter((c) => c.method === "sendMessage")).toHaveLength(0);
  });

  it("answers 503 during a database outage and handles the redelivered update once the database is back", async () => {
    let down = true;
    const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    // The database as the bot sees it: every transaction is refused while `down`.
    const flaky = new Proxy(database.db, {
      get(target, prop, receiver) {
        if (prop === "transaction" && down) return async () => Promise.reject(refused());
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const hf = new BotHarness(flaky);
    const app = await appWithWebhook(database.db, hf);
    const update = hf.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(app, update)).statusCode).toBe(503);
    expect(hf.calls).toHaveLength(0);
    down = false;
    expect((await post(app, update)).statusCode).toBe(200);
    expect(hf.lastText(citizen)).toContain("همیار");
    expect((await post(app, update)).statusCode).toBe(200);
    expect(hf.calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("acknowledges and ignores an update no platform would send: text that is a number, a chat id past 2^53", async () => {
    const app = await appWithWebhook(database.db, h);
    const numberText = h.messageUpdate(citizen, { text: 5 as never });
    const hugeChat = h.messageUpdate(2 ** 62, { text: "/start" }, { id: 2 ** 62, type: "private" });
    for (const update of [numberText, hugeChat]) {
      const res = await post(app, update);
      expect(res.statusCode).toBe(200);
    }
    expect(h.calls).toHaveLength(0);
    expect(await database.db.select().from(processedUpdates)).toHaveLength(0);
    // A well-formed update right after is handled as usual.
    await post(app, h.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] }));
    expect(h.lastText(citizen)).toContain("همیار");
  });

  it("answers 400 with a JSON error for a body that is not an update", async () => {
    const app = await appWithWebhook(database.db, h);
    const res = await post(app, { hello: "world" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("bad_update");
  });
});

describe("POST /webhook/bale/<secret>", () => {
  it("takes updates only with the secret in the path, and never logs the secret", async () => {
    const hb = new BotHarness(database.db, { platform: "bale" });
    const { logger, lines } = capturingLogger();
    const app = await appWithWebhook(database.db, hb, logger);
    const update = hb.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect((await post(app, update, null, `/webhook/bale/${WEBHOOK_SECRET}`)).statusCode).toBe(200);
    expect(hb.lastText(citizen)).toContain("همیار");
    expect((await post(app, update, null, "/webhook/bale/not-the-right-secret-x")).statusCode).toBe(401);
    expect((await post(app, update, WEBHOOK_SECRET, "/webhook/telegram")).statusCode).toBe(404);
    expect(lines.join("")).not.toContain(WEBHOOK_SECRET);
    expect(lines.join("")).toContain('"url":"/webhook/bale/:secret"');
  });
});

afterAll(async () => {
  await resetUserData(database);
});

describe("a button press over Bale's webhook", () => {
  it("is answered with a request of its own on Bale, whose webhook answers carry no calls", async () => {
    const hb = new BotHarness(database.db, { platform: "bale" });
    const app = await appWithWebhook(database.db, hb);
    const url = `/webhook/bale/${WEBHOOK_SECRET}`;
    await post(app, hb.messageUpdate(citizen, { text: "📝 ثبت درخواست / شکایت" }), null, url);
    const kind = hb.findButton(citizen, "شکایت");
    const res = await post(app, hb.callbackUpdate(citizen, kind.data, kind.messageId), null, url);
    expect(res.json()).toEqual({ ok: true });
    expect(hb.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
  });
});
