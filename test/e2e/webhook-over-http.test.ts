import { eq } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../bot/create-bot.ts";
import { emulatorApiRoutes } from "../../bot/emulator/api-routes.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { toAsciiDigits } from "../../core/persian.ts";
import type { Database } from "../../db/client.ts";
import { attachments, caseEvents, cases, chatStates, users } from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";
import type { ChatSender } from "../../messaging/chat-sender.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { codeInText } from "../support/filing.ts";
import { botWiring } from "../support/bot-wiring.ts";

// The whole chain over real HTTP, as in production: the emulator POSTs each update to Hamyar's
// /webhook/telegram with the secret header, and Hamyar's Bot API calls go back to the emulator's HTTP API
// (BOT_API_ROOT). Nothing is stubbed inside Hamyar.

const SECRET = "e2e-secret-0123456789abcdef";
let database: Database;
let emulator: Emulator;
let emuApp: FastifyInstance;
let app: FastifyInstance;
let sender: ChatSender;

// Replies leave after the commit, through the bot's sender: each action waits until it has sent them.
const replied = () => sender.idle();
const say = async (user: number, text: string) => void (await emulator.sendText(user, text), await replied());
const press = async (user: number, label: string) => void (await emulator.pressReplyButton(user, label), await replied());

const lastBot = (user: number) => [...emulator.messages(user)].reverse().find((m) => m.from === "bot")!;
async function tap(user: number, label: string) {
  const m = [...emulator.messages(user)].reverse().find((x) => x.from === "bot" && x.reply_markup?.inline_keyboard?.flat().some((b: { text: string }) => b.text.includes(label)));
  if (!m) throw new Error(`no button ${label}; last: ${lastBot(user)?.text}`);
  const button = m.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text.includes(label));
  await emulator.pressInlineButton(user, m.message_id, { data: button.callback_data });
  await replied();
}

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
  emulator = new Emulator();
  emuApp = Fastify({ logger: false });
  await emuApp.register(emulatorApiRoutes, { emulator });
  await emuApp.listen({ host: "127.0.0.1", port: 0 });
  const { bot, profile, sender: built } = createBot({
    token: emulator.token,
    platform: "telegram",
    apiRoot: `http://127.0.0.1:${(emuApp.server.address() as { port: number }).port}`,
    db: database.db,
    logger: pino({ level: "silent" }),
    mode: "webhook",
    flood: { limit: 1000, windowSeconds: 10 },
    ...botWiring({ db: database.db, logger: pino({ level: "silent" }), platform: "telegram" }),
  });
  sender = built;
  await bot.init(); // getMe over HTTP
  app = await buildApp({ db: database.db, logger: pino({ level: "silent" }), webhook: { bot, profile, secret: SECRET } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  emulator.webhook = { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/webhook/telegram`, secret: SECRET };
});

afterAll(async () => {
  await emulator?.close();
  await app?.close();
  await emuApp?.close();
});

const kinds = [
  { label: "شکایت", kind: "complaint" },
  { label: "درخواست", kind: "request" },
  { label: "پیشنهاد", kind: "suggestion" },
  { label: "طرح / ایده", kind: "idea" },
  { label: "گزارش (تخلف)", kind: "report" },
  { label: "تقدیر و تشکر", kind: "appreciation" },
];

describe("filing over the real webhook and Bot API", () => {
  it.each(kinds)("files a $kind with a photo, gets a tracking code, lists and tracks it", async ({ label, kind }) => {
    const user = 700_000 + kinds.findIndex((k) => k.kind === kind);
    await say(user, "/start");
    expect(lastBot(user).text).toContain("همیار");
    await press(user, "📝 ثبت درخواست / شکایت");
    await tap(user, label);
    await say(user, "بهداشت");
    await tap(user, "بهداشت");
    if (lastBot(user).text!.includes("موضوع پرونده در")) await tap(user, "بیمارستان");
    await tap(user, "فارس");
    await tap(user, "شیراز");
    await say(user, "نوبت‌دهی بیمارستان");
    await say(user, "سامانهٔ نوبت‌دهی بیمارستان شهر از هفتهٔ گذشته از کار افتاده است.");
    await emulator.sendPhoto(user, Buffer.from("fake-jpeg-bytes"));
    await replied();
    await tap(user, "پایان ارسال پیوست‌ها");
    await press(user, "📍 ارسال موقعیت مکانی");
    if (kind === "report") await tap(user, "با نام");
    await press(user, "📱 ارسال شمارهٔ من");
    await press(user, "فعلاً نه");
    await tap(user, "تأیید و ثبت نهایی");
    const code = /کد رهگیری: \u2066([۰-۹]{3})\u00A0([۰-۹]{3})\u00A0([۰-۹]{3})\u2069/.exec(lastBot(user).text!)?.slice(1).join("");
    expect(code, lastBot(user).text).toBeDefined();

    const [row] = await database.db.select().from(cases).where(eq(cases.trackingCode, toAsciiDigits(code!)));
    expect(row.kind).toBe(kind);
    expect(row.latitude).toBeCloseTo(35.6997);
    expect(row.contactPhoneVerified).toBe(true);
    const [owner] = await database.db.select().from(users).where(eq(users.id, row.userId));
    expect(owner.platformUserId).toBe(user);
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))).toHaveLength(1);
    const files = await database.db.select().from(attachments).where(eq(attachments.caseId, row.id));
    expect(files.map((f) => f.kind)).toEqual(["photo"]);

    await press(user, "📂 پرونده‌های من");
    expect(lastBot(user).text).toContain(codeInText(code!));
    await press(user, "🔎 پیگیری با کد رهگیری");
    await say(user, toAsciiDigits(code!));
    expect(lastBot(user).text).toContain(`پرونده ${codeInText(code!)}`);
  }, 60_000);

  it("answers a button press inside the webhook's response, after the step committed", async () => {
    const user = 700_200;
    await say(user, "/start");
    await press(user, "📝 ثبت درخواست / شکایت");
    const m = [...emulator.messages(user)].reverse().find((x) => x.from === "bot" && x.reply_markup?.inline_keyboard)!;
    const button = m.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text.includes("شکایت"));
    const update = { update_id: 99_000_100, callback_query: { id: "cbq-webhook-reply", from: { id: user, is_bot: false, first_name: "x" }, chat_instance: "1", data: button.callback_data, message: { message_id: m.message_id, date: 0, chat: { id: user, type: "private" } } } };
    const res = await fetch(emulator.webhook!.url, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: "answerCallbackQuery", callback_query_id: "cbq-webhook-reply" });
    await replied();
    expect(lastBot(user).text).toContain("کدام دستگاه");
    const [state] = await database.db.select().from(chatStates).where(eq(chatStates.chatId, user));
    expect(state.step).toBe("agency");
  });

  it("answers a wrong secret with 401 and the same update posted twice once", async () => {
    const url = emulator.webhook!.url;
    const update = { update_id: 99_000_001, message: { message_id: 1, date: 0, chat: { id: 700_100, type: "private" }, from: { id: 700_100, is_bot: false, first_name: "x" }, text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] } };
    emulator.userFor(700_100);
    const post = (secret: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret }, body: JSON.stringify(update) });
    expect((await post("wrong-secret-wrong-secret")).status).toBe(401);
    expect((await post(SECRET)).status).toBe(200);
    expect((await post(SECRET)).status).toBe(200);
    await replied();
    expect(emulator.messages(700_100).filter((m) => m.from === "bot")).toHaveLength(1);
  });
});
