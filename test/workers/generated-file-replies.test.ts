import { and, eq } from "drizzle-orm";
import { Bot } from "grammy";
import pino from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BotContext } from "../../bot/context.ts";
import { createBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { emulatorTransformer } from "../../bot/emulator/transformer.ts";
import { Upload } from "../../bot/emulator/uploads.ts";
import { unitOfWork } from "../../messaging/unit-of-work.ts";
import { queueReplies, type QueuedCall } from "../../messaging/reply-queue.ts";
import { storeGeneratedFile, type GeneratedFileRef } from "../../core/generated-files.ts";
import type { Database } from "../../db/client.ts";
import { chatReplies, generatedFiles } from "../../db/schema.ts";
import { createChatSender, type ChatSender } from "../../messaging/chat-sender.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { emulatorServer } from "../support/emulator-server.ts";
import { capturingLogger } from "../support/app.ts";
import { platformFileIds, spreadsheetBytes, storePng, storeSpreadsheet, tinyPng } from "../support/generated-files.ts";
import { botWiring } from "../support/bot-wiring.ts";

// Charts and sheets the product makes, sent as chat replies: a ref in the reply queue, the bytes uploaded
// once per platform by the chat sender, the platform's file id used after that. The emulator is the platform.

let database: Database;
let emu: Emulator;
let sender: ChatSender;
const logger = pino({ level: "silent" });
const FIRST = 830_100;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
  for (let i = 0; i < 4; i++) emu.userFor(FIRST + i);
});
afterEach(async () => {
  await sender?.stop();
  emu.close();
});

/** A bot whose /chart draws a PNG in the update's transaction and replies with it, as the product's flows do. */
function chartBot(png: Buffer): Bot<BotContext> {
  const bot = new Bot<BotContext>(emu.token, { botInfo: emu.botInfo, client: { apiRoot: "http://emulator.invalid" } });
  bot.api.config.use(emulatorTransformer(emu));
  sender = createChatSender({ db: database.db, api: bot.api, platform: "telegram", instanceId: "charts", logger });
  bot.use(unitOfWork({ db: database.db, platform: "telegram", logger, floodWindowSeconds: 10, instanceId: "charts", sender, webhookReplies: false, retryTransient: false }));
  bot.command("chart", async (ctx) => {
    const chart = await storeGeneratedFile(ctx.tx, { fileName: "chart.png", mimeType: "image/png", content: png });
    await ctx.replyWithPhoto(chart as never, { caption: "نمودار این ماه" });
  });
  emu.setDeliverer((u) => bot.handleUpdate(u));
  return bot;
}

/** A chat sender on the in-process emulator, for rows queued by hand. */
function emulatedSender(): ChatSender {
  const bot = new Bot(emu.token, { botInfo: emu.botInfo, client: { apiRoot: "http://emulator.invalid" } });
  bot.api.config.use(emulatorTransformer(emu));
  sender = createChatSender({ db: database.db, api: bot.api, platform: "telegram", instanceId: "pushes", logger });
  return sender;
}

const photoOf = (ref: GeneratedFileRef | string, chatId: number, caption = "گزارش"): QueuedCall => ({ method: "sendPhoto", payload: { chat_id: chatId, photo: ref, caption } });
const push = (chatId: number, calls: QueuedCall[]) => database.db.transaction((tx) => queueReplies(tx, { platform: "telegram", chatId, batch: `o:${chatId}`, calls, priority: 1 }));
const sendsOf = (method: string) => emu.calls.filter((c) => c.method === method);
const uploadsOf = (method: string, field: string) => sendsOf(method).filter((c) => c.params[field] instanceof Upload);
const botPhotos = (chatId: number) => emu.messages(chatId).filter((m) => m.from === "bot" && m.photo);
const rowsOf = (chatId: number) => database.db.select().from(chatReplies).where(and(eq(chatReplies.platform, "telegram"), eq(chatReplies.chatId, chatId))).orderBy(chatReplies.id);

describe("a reply with a file the product made", () => {
  it("arrives in the chat as a photo with the very bytes drawn, its caption under it", async () => {
    const png = tinyPng(320, 200);
    chartBot(png);
    const seq = emu.botSeq(FIRST);
    await emu.sendText(FIRST, "/chart");
    const shown = await emu.waitForBot(FIRST, seq, (m) => !!m.photo);
    expect(shown.caption).toBe("نمودار این ماه");
    expect(emu.fileBytes(shown.photo!.file_id)!.equals(png)).toBe(true);
    await sender.idle();
    // The queue keeps the reference, never the bytes; the platform's file id is kept for the next send.
    const [row] = await rowsOf(FIRST);
    expect(row).toMatchObject({ state: "sent", method: "sendPhoto" });
    expect(row.payload.photo).toEqual({ generated_file: expect.any(Number) });
    expect(await platformFileIds(database.db, row.payload.photo as GeneratedFileRef)).toEqual({ telegram: shown.photo!.file_id });
  });

  it("is uploaded once when sent to three chats at the same time; the other sends name the platform's file id", async () => {
    const png = tinyPng();
    const chart = await storePng(database.db, png);
    const s = emulatedSender();
    for (const chat of [FIRST, FIRST + 1, FIRST + 2]) await push(chat, [photoOf(chart, chat)]);
    for (const chat of [FIRST, FIRST + 1, FIRST + 2]) s.kick(chat);
    await s.idle();

    expect(uploadsOf("sendPhoto", "photo")).toHaveLength(1);
    const { telegram } = await platformFileIds(database.db, chart);
    expect(sendsOf("sendPhoto").map((c) => c.params.photo).filter((p) => typeof p === "string")).toEqual([telegram, telegram]);
    for (const chat of [FIRST, FIRST + 1, FIRST + 2]) {
      const [photo] = botPhotos(chat);
      expect(emu.fileBytes(photo.photo!.file_id)!.equals(png), `chat ${chat}`).toBe(true);
    }

    // A later send, by a sender that starts afresh, reads the file id from the database: no upload.
    await s.stop();
    const later = emulatedSender();
    await push(FIRST + 3, [photoOf(chart, FIRST + 3)]);
    later.kick(FIRST + 3);
    await later.idle();
    expect(uploadsOf("sendPhoto", "photo")).toHaveLength(1);
    expect(botPhotos(FIRST + 3)[0].photo!.file_id).toBe(telegram);
  });

  it("is uploaded again when the platform no longer knows the file id it was given", async () => {
    const png = tinyPng();
    const chart = await storePng(database.db, png);
    await database.db.update(generatedFiles).set({ platformFileIds: { telegram: "Fgone-from-the-platform" } }).where(eq(generatedFiles.id, chart.generated_file));
    const s = emulatedSender();
    await push(FIRST, [photoOf(chart, FIRST)]);
    s.kick(FIRST);
    await s.idle();
    expect(sendsOf("sendPhoto").map((c) => (c.params.photo instanceof Upload ? "upload" : c.params.photo))).toEqual(["Fgone-from-the-platform", "upload"]);
    const [photo] = botPhotos(FIRST);
    expect(emu.fileBytes(photo.photo!.file_id)!.equals(png)).toBe(true);
    expect((await platformFileIds(database.db, chart)).telegram).toBe(photo.photo!.file_id);
    expect((await rowsOf(FIRST))[0].state).toBe("sent");
  });

  it("naming a file that was deleted fails for good, once, and the chat's next messages still go", async () => {
    const chart = await storePng(database.db, tinyPng());
    await database.db.delete(generatedFiles).where(eq(generatedFiles.id, chart.generated_file));
    const s = emulatedSender();
    await push(FIRST, [photoOf(chart, FIRST), { method: "sendMessage", payload: { chat_id: FIRST, text: "پس از نمودار" } }]);
    s.kick(FIRST);
    await s.idle();
    // Sweeps find nothing due: the failed row is not tried again.
    expect(await s.sweep()).toBe(0);
    await s.idle();

    const [photo, text] = await rowsOf(FIRST);
    expect(photo).toMatchObject({ state: "failed", attempts: 1, lastError: expect.stringContaining(`generated file ${chart.generated_file}`) });
    expect(text.state).toBe("sent");
    expect(sendsOf("sendPhoto")).toHaveLength(0);
    expect(emu.messages(FIRST).map((m) => m.text)).toEqual(["پس از نمودار"]);
  });
});

describe("a refused upload", () => {
  it("is logged without the file's bytes", async () => {
    const { logger: capturing, lines } = capturingLogger();
    const bot = new Bot(emu.token, { botInfo: emu.botInfo, client: { apiRoot: "http://emulator.invalid" } });
    bot.api.config.use(emulatorTransformer(emu));
    sender = createChatSender({ db: database.db, api: bot.api, platform: "telegram", instanceId: "logs", logger: capturing });
    const sheet = await storeSpreadsheet(database.db, spreadsheetBytes("MARKER-OF-THE-BYTES"));
    const stranger = 830_999; // a chat the platform does not know: 400 chat not found
    await push(stranger, [{ method: "sendDocument", payload: { chat_id: stranger, document: sheet } }]);
    sender.kick(stranger);
    await sender.idle();
    expect((await rowsOf(stranger))[0]).toMatchObject({ state: "failed", lastError: "400: Bad Request: chat not found" });
    expect(lines.some((l) => l.includes("refused a message for good"))).toBe(true);
    expect(lines.filter((l) => l.includes("MARKER-OF-THE-BYTES") || l.includes("TUFSS0VS") || l.includes('"Buffer"'))).toEqual([]);
  });
});

describe("a reply with a file the product made, over HTTP", () => {
  it("is uploaded as multipart by the real bot client, its keyboard intact, and named by its file id afterwards", async () => {
    const server = await emulatorServer();
    const http = server.emulator;
    const built = createBot({ token: http.token, platform: "telegram", apiRoot: server.apiRoot, db: database.db, logger, mode: "webhook", flood: { limit: 1000, windowSeconds: 10 }, botInfo: http.botInfo, instanceId: "http", ...botWiring({ db: database.db, logger, platform: "telegram" }) });
    try {
      for (const chat of [FIRST, FIRST + 1]) http.userFor(chat);
      const png = tinyPng(640, 360);
      const chart = await storePng(database.db, png, "نمودار-۱۴۰۵.png");
      const keyboard = { inline_keyboard: [[{ text: "سال", callback_data: "p:1405" }]] };
      for (const chat of [FIRST, FIRST + 1]) await push(chat, [{ method: "sendPhoto", payload: { chat_id: chat, photo: chart, caption: "نمودار", reply_markup: keyboard } }]);
      for (const chat of [FIRST, FIRST + 1]) {
        built.sender.kick(chat);
        await built.sender.idle();
      }

      const sends = http.calls.filter((c) => c.method === "sendPhoto");
      expect(sends.map((c) => c.params.photo instanceof Upload)).toEqual([true, false]);
      expect((sends[0].params.photo as Upload).fileName).toBe("نمودار-۱۴۰۵.png");
      for (const chat of [FIRST, FIRST + 1]) {
        const [shown] = http.messages(chat).filter((m) => m.from === "bot");
        expect(shown).toMatchObject({ caption: "نمودار", reply_markup: keyboard });
        expect(http.fileBytes(shown.photo!.file_id)!.equals(png)).toBe(true);
        expect((await rowsOf(chat))[0].state).toBe("sent");
      }
    } finally {
      await built.sender.stop();
      built.gate.stop();
      await server.close();
    }
  });
});
