import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, Bot, GrammyError, InlineKeyboard, InputFile, Keyboard, webhookCallback } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { Emulator, NESTED_UPLOAD_REFUSED } from "../../bot/emulator/emulator.ts";
import { emulatorTransformer } from "../../bot/emulator/transformer.ts";
import { tinyPng } from "../support/generated-files.ts";
import { emulatorApp, listen, until, type EmulatorApp } from "./emulator-harness.ts";

// A real grammY client against the emulator over the network (and in-process through the transformer):
// proof that grammY accepts every shape the emulator answers and sends.

let e: EmulatorApp | undefined;
let server: Server | undefined;
afterEach(async () => {
  await e?.app.close();
  if (server) await new Promise((r) => server!.close(r));
  e = server = undefined;
});

const citizen = 5401;

async function networkApi(): Promise<{ api: Api; base: string; emu: Emulator }> {
  e = await emulatorApp();
  const base = await listen(e.app);
  return { api: new Api(e.emu.token, { apiRoot: base }), base, emu: e.emu };
}

async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  expect(err).toBeInstanceOf(GrammyError);
  return err as GrammyError;
}

describe("grammY's Api over HTTP", () => {
  it("gets the bot, sends, edits, answers and deletes with the shapes grammY expects", async () => {
    const { api, emu } = await networkApi();
    expect(await api.getMe()).toMatchObject({ id: emu.botInfo.id, is_bot: true, username: emu.botInfo.username });
    await emu.sendText(citizen, "/start");

    const menu = new Keyboard().text("ثبت شکایت").row().requestContact("ارسال شماره").requestLocation("ارسال موقعیت").resized();
    const first = await api.sendMessage(citizen, "منو", { reply_markup: menu });
    expect(first).toMatchObject({ message_id: 2, chat: { id: citizen, type: "private" }, text: "منو" });
    expect(emu.replyKeyboard(citizen)).toEqual(JSON.parse(JSON.stringify(menu)));

    const choose = await api.sendMessage(citizen, "موضوع؟", { reply_markup: new InlineKeyboard().text("آب", "topic:water").text("برق", "topic:power") });
    const { callbackQueryId } = await emu.pressInlineButton(citizen, choose.message_id, { data: "topic:power" });
    expect(await api.answerCallbackQuery(callbackQueryId, { text: "انتخاب شد" })).toBe(true);
    expect(emu.callbackAnswer(callbackQueryId)).toEqual({ text: "انتخاب شد", show_alert: false });

    const edited = await api.editMessageText(citizen, choose.message_id, "موضوع: برق");
    expect(edited).toMatchObject({ message_id: choose.message_id, text: "موضوع: برق" });
    const marked = await api.editMessageReplyMarkup(citizen, choose.message_id, { reply_markup: new InlineKeyboard().text("لغو", "cancel") });
    expect(marked).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: "لغو", callback_data: "cancel" }]] } });
    expect(await api.sendChatAction(citizen, "typing")).toBe(true);
    expect(await api.sendLocation(citizen, 35.7, 51.4)).toMatchObject({ location: { latitude: 35.7, longitude: 51.4 } });
    expect(await api.deleteMessage(citizen, choose.message_id)).toBe(true);
    expect(emu.messages(citizen).map((m) => m.message_id)).toEqual([1, 2, 4]);
  });

  it("manages commands and the webhook", async () => {
    const { api } = await networkApi();
    expect(await api.setMyCommands([{ command: "start", description: "شروع" }])).toBe(true);
    expect(await api.setMyCommands([{ command: "start", description: "Start" }], { language_code: "en" })).toBe(true);
    expect(await api.getMyCommands()).toEqual([{ command: "start", description: "شروع" }]);
    expect(await api.getMyCommands({ language_code: "en" })).toEqual([{ command: "start", description: "Start" }]);
    expect(await api.setWebhook("http://127.0.0.1:9/hook", { secret_token: "abc_DEF-123" })).toBe(true);
    expect(await api.getWebhookInfo()).toMatchObject({ url: "http://127.0.0.1:9/hook", pending_update_count: 0 });
    expect((await grammyError(api.getUpdates())).error_code).toBe(409);
    expect(await api.deleteWebhook({ drop_pending_updates: true })).toBe(true);
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it("fetches a user's photo with getFile and downloads its bytes, and forwards it by file_id", async () => {
    const { api, base, emu } = await networkApi();
    const bytes = Buffer.from("\x89PNG fake image bytes");
    const sent = await emu.sendPhoto(citizen, bytes, "image/png");
    const file = await api.getFile(sent.message!.photo![0].file_id);
    expect(file.file_size).toBe(bytes.length);
    const res = await fetch(`${base}/file/bot${emu.token}/${file.file_path}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const forwarded = await api.sendPhoto(citizen, file.file_id, { caption: "رسید" });
    expect(forwarded.photo?.[0].file_id).toBe(file.file_id);
    expect(forwarded.caption).toBe("رسید");
  });

  it("surfaces the emulator's errors as GrammyError with Telegram's codes and parameters", async () => {
    const { api, base, emu } = await networkApi();
    await emu.sendText(citizen, "سلام");
    expect(await grammyError(api.sendMessage(424242, "x"))).toMatchObject({ error_code: 400, description: "Bad Request: chat not found" });
    expect(await grammyError(api.sendMessage(citizen, "x".repeat(4097)))).toMatchObject({ error_code: 400, description: "Bad Request: message is too long" });
    expect((await grammyError(api.sendMessage(citizen, "x", { reply_markup: new InlineKeyboard().text("x", "d".repeat(65)) }))).description).toBe("Bad Request: BUTTON_DATA_INVALID");

    // Sends to a chat count against its limit once its user has not written lately (bulk, not replies).
    emu.faults.perChatPerSecond = 1;
    emu.faults.conversationMs = 0;
    await api.sendMessage(citizen, "یک");
    const flood = await grammyError(api.sendMessage(citizen, "دو"));
    expect(flood).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    emu.faults.perChatPerSecond = null;
    emu.faults.conversationMs = 60_000;

    emu.faults.blockedChats.add(citizen);
    expect(await grammyError(api.sendMessage(citizen, "x"))).toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
    emu.faults.blockedChats.clear();

    emu.faults.failNext = 1;
    expect((await grammyError(api.getMe())).error_code).toBe(500);
    expect((await api.getMe()).id).toBe(emu.botInfo.id);

    expect((await grammyError(new Api("1:wrong", { apiRoot: base }).getMe())).error_code).toBe(401);
    expect((await grammyError(api.raw.sendSticker({ chat_id: citizen, sticker: "x" }))).error_code).toBe(404);
  });

  it("takes grammY's multipart uploads over the network: a photo answered with its sizes, a document with its name, both downloadable", async () => {
    const { api, base, emu } = await networkApi();
    await emu.sendText(citizen, "سلام");
    const png = tinyPng(300, 150);
    const photo = await api.sendPhoto(citizen, new InputFile(png, "نمودار.png"), { caption: "نمودار", reply_markup: new InlineKeyboard().text("سال", "y") });
    expect(photo.caption).toBe("نمودار");
    expect(photo.reply_markup).toEqual({ inline_keyboard: [[{ text: "سال", callback_data: "y" }]] });
    const largest = photo.photo!.at(-1)!;
    expect(largest).toMatchObject({ width: 300, height: 150, file_size: png.length });
    expect(photo.photo![0].width).toBeLessThan(largest.width);
    expect(emu.fileBytes(largest.file_id)!.equals(png)).toBe(true);

    const sheet = Buffer.alloc(64 * 1024, 7);
    const doc = await api.sendDocument(citizen, new InputFile(sheet, "گزارش-1405-Q2.xlsx"));
    expect(doc.document).toMatchObject({ file_name: "گزارش-1405-Q2.xlsx", mime_type: expect.stringContaining("spreadsheetml"), file_size: sheet.length });
    const file = await api.getFile(doc.document!.file_id);
    const res = await fetch(`${base}/file/bot${emu.token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(sheet)).toBe(true);
    // A file id from an upload sends the same file again; the connection is still usable afterwards.
    expect((await api.sendDocument(citizen, doc.document!.file_id)).document).toMatchObject({ file_id: doc.document!.file_id, file_name: "گزارش-1405-Q2.xlsx" });
    expect(await api.sendMessage(citizen, "بعد از آن")).toMatchObject({ text: "بعد از آن" });
  });
});

/** A bot that echoes texts and contacts, asks with an inline keyboard, and edits on a tap. */
function echoBot(bot: Bot) {
  bot.command("start", (ctx) => ctx.reply("موضوع؟", { reply_markup: new InlineKeyboard().text("آب", "water") }));
  bot.on("message:text", (ctx) => ctx.reply(`گفتید: ${ctx.msg.text}`));
  bot.on("message:contact", (ctx) => ctx.reply(`شماره: ${ctx.msg.contact.phone_number}`));
  bot.on("message:location", (ctx) => ctx.reply(`موقعیت: ${ctx.msg.location.latitude}`));
  bot.on("message:photo", async (ctx) => {
    const file = await ctx.getFile();
    await ctx.reply(`عکس: ${file.file_size}`);
  });
  bot.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "ثبت شد" });
    await ctx.editMessageText(`موضوع: ${ctx.callbackQuery.data}`);
  });
}

const botTexts = (emu: Emulator, chatId: number) => emu.messages(chatId).filter((m) => m.from === "bot").map((m) => m.text);

describe("a grammY Bot against the emulator", () => {
  it("long-polls with bot.start, handles texts and a button tap, and stops", async () => {
    const { base, emu } = await networkApi();
    const bot = new Bot(emu.token, { client: { apiRoot: base } });
    echoBot(bot);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const stopped = bot.start({ timeout: 1, drop_pending_updates: true, onStart: () => started() });
    try {
      await running;
      await emu.sendText(citizen, "/start");
      await until(() => botTexts(emu, citizen).length === 1);
      await emu.sendText(citizen, "سلام");
      await until(() => botTexts(emu, citizen).length === 2);
      const { callbackQueryId } = await emu.pressInlineButton(citizen, 2, { data: "water" });
      await until(() => emu.callbackAnswer(callbackQueryId) !== null && botTexts(emu, citizen)[0] === "موضوع: water");
      expect(botTexts(emu, citizen)).toEqual(["موضوع: water", "گفتید: سلام"]);
      expect(emu.messages(citizen).find((m) => m.message_id === 2)).toMatchObject({ edited: true, reply_markup: undefined });
    } finally {
      await bot.stop();
      await stopped;
    }
    // bot.stop confirmed what it handled: nothing is left for the next poller.
    expect(await emu.call(emu.token, "getUpdates", {})).toEqual([]);
  });

  it("takes updates through grammY's webhook adapter with the secret, including contact, location and photo", async () => {
    const { base, emu } = await networkApi();
    const bot = new Bot(emu.token, { client: { apiRoot: base }, botInfo: emu.botInfo });
    echoBot(bot);
    server = createServer(webhookCallback(bot, "http", { secretToken: "hook_secret_1" }));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { secret_token: "hook_secret_1" });

    await emu.sendText(citizen, "سلام");
    await emu.shareContact(citizen);
    await emu.sendLocation(citizen, 36.3, 59.6);
    await emu.sendPhoto(citizen, Buffer.from("12345"));
    expect(botTexts(emu, citizen)).toEqual(["گفتید: سلام", `شماره: ${emu.userFor(citizen).phone_number}`, "موقعیت: 36.3", "عکس: 5"]);
  });
});

describe("the in-process transformer", () => {
  it("answers a grammY bot's calls from the emulator without a network, errors included", async () => {
    const emu = new Emulator();
    const bot = new Bot(emu.token, { botInfo: emu.botInfo, client: { apiRoot: "http://emulator.invalid" } });
    bot.api.config.use(emulatorTransformer(emu));
    echoBot(bot);
    emu.setDeliverer((u) => bot.handleUpdate(u));

    await emu.sendText(citizen, "/start");
    await emu.pressInlineButton(citizen, 2, { data: "water" });
    await emu.sendText(citizen, "سلام");
    expect(botTexts(emu, citizen)).toEqual(["موضوع: water", "گفتید: سلام"]);
    expect(emu.calls.map((c) => c.method)).toEqual(["sendMessage", "answerCallbackQuery", "editMessageText", "sendMessage"]);

    emu.faults.blockedChats.add(citizen);
    expect(await grammyError(bot.api.sendMessage(citizen, "x"))).toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
    emu.faults.blockedChats.clear();

    const png = tinyPng();
    const sent = await bot.api.sendPhoto(citizen, new InputFile(png, "chart.png"), { caption: "نمودار" });
    expect(emu.fileBytes(sent.photo!.at(-1)!.file_id)!.equals(png)).toBe(true);
    expect(emu.messages(citizen).at(-1)).toMatchObject({ from: "bot", caption: "نمودار", photo: { file_id: sent.photo!.at(-1)!.file_id } });
    const nested = await grammyError(bot.api.raw.editMessageMedia({ chat_id: citizen, message_id: sent.message_id, media: { type: "photo", media: new InputFile(png) } }));
    expect(nested).toMatchObject({ error_code: 400, description: NESTED_UPLOAD_REFUSED });
  });
});
