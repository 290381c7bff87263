import { afterEach, describe, expect, it } from "vitest";
import { emulatorApp, inlineKeyboard, sleep, type EmulatorApp } from "./emulator-harness.ts";

const persianDigits = (n: number) => String(n).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]);

// The emulator's Bot API over HTTP (app.inject): each method with Telegram's shapes and errors.

let e: EmulatorApp;
afterEach(async () => {
  await e?.app.close();
});

const citizen = 5001;
const replyKeyboard = { keyboard: [[{ text: "ثبت شکایت" }], [{ text: "شماره من", request_contact: true }]], resize_keyboard: true };

describe("the Bot API routes", () => {
  it("answers getMe with the bot's user", async () => {
    e = await emulatorApp();
    const res = await e.api("getMe");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, result: expect.objectContaining({ id: e.emu.botInfo.id, is_bot: true, username: "hamyar_local_bot" }) });
    expect(String(e.emu.botInfo.id)).toBe(e.emu.token.split(":")[0]);
  });

  it("answers a wrong token with 401 Unauthorized, on methods and on file downloads", async () => {
    e = await emulatorApp();
    const res = await e.api("getMe", {}, "123:wrong");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const file = await e.app.inject({ method: "GET", url: "/file/bot123:wrong/photos/file_0.jpg" });
    expect(file.statusCode).toBe(401);
    expect(file.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
  });

  it("answers an unknown method with 404", async () => {
    e = await emulatorApp();
    const res = await e.api("sendSticker", { chat_id: 1 });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error_code: 404, description: expect.stringContaining("Not Found") });
  });

  it("takes form-encoded bodies and query strings, decoding JSON-valued fields", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const form = new URLSearchParams({ chat_id: String(citizen), text: "با فرم", reply_markup: JSON.stringify(inlineKeyboard([["باشه", "ok"]])) });
    const res = await e.app.inject({ method: "POST", url: `/bot${e.emu.token}/sendMessage`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: form.toString() });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toMatchObject({ text: "با فرم", chat: { id: citizen }, reply_markup: inlineKeyboard([["باشه", "ok"]]) });

    const get = await e.app.inject({ method: "GET", url: `/bot${e.emu.token}/getUpdates?offset=0&limit=1` });
    expect(get.json()).toMatchObject({ ok: true, result: [{ message: { text: "سلام" } }] });

    const bad = await e.app.inject({ method: "POST", url: `/bot${e.emu.token}/sendMessage`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: `chat_id=${citizen}&text=x&reply_markup=%7Bnot-json` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ ok: false, error_code: 400, description: "Bad Request: can't parse reply_markup JSON object" });
  });

  it("takes a multipart upload with the file under its field's own name, as curl sends it, and keeps its bytes", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const boundary = "----emulator-test";
    const part = (head: string, body: string) => [`--${boundary}`, head, "", body];
    const payload = [
      ...part(`Content-Disposition: form-data; name="chat_id"`, String(citizen)),
      ...part(`Content-Disposition: form-data; name="caption"`, "گزارش"),
      ...part(`Content-Disposition: form-data; name="document"; filename="report.csv"\r\nContent-Type: application/octet-stream`, "a,b\n1,2"),
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const res = await e.app.inject({ method: "POST", url: `/bot${e.emu.token}/sendDocument`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode).toBe(200);
    const doc = res.json().result.document;
    expect(doc).toMatchObject({ file_name: "report.csv", mime_type: "text/csv", file_size: 7 });
    expect(e.emu.fileBytes(doc.file_id)?.toString()).toBe("a,b\n1,2");
    expect(e.emu.messages(citizen).at(-1)).toMatchObject({ from: "bot", caption: "گزارش", document: { file_id: doc.file_id, file_name: "report.csv" } });
  });

  it("refuses an empty upload with 400, as Telegram does", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const boundary = "----emulator-test";
    const payload = [`--${boundary}`, `Content-Disposition: form-data; name="chat_id"`, "", String(citizen), `--${boundary}`, `Content-Disposition: form-data; name="photo"; filename="a.png"`, "", "", `--${boundary}--`, ""].join("\r\n");
    const res = await e.app.inject({ method: "POST", url: `/bot${e.emu.token}/sendPhoto`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ ok: false, error_code: 400, description: "Bad Request: file must be non-empty" });
    expect(e.emu.messages(citizen)).toHaveLength(1);
  });
});

describe("getUpdates", () => {
  it("returns queued updates, confirms those below the offset, and honours the limit", async () => {
    e = await emulatorApp();
    for (const text of ["یک", "دو", "سه"]) await e.emu.sendText(citizen, text);
    const all = await e.api("getUpdates");
    expect(all.body.result.map((u: any) => u.message.text)).toEqual(["یک", "دو", "سه"]);
    const ids = all.body.result.map((u: any) => u.update_id);
    expect(ids[1]).toBe(ids[0] + 1);

    const limited = await e.api("getUpdates", { limit: 2 });
    expect(limited.body.result.map((u: any) => u.message.text)).toEqual(["یک", "دو"]);

    const afterFirst = await e.api("getUpdates", { offset: ids[0] + 1 });
    expect(afterFirst.body.result.map((u: any) => u.message.text)).toEqual(["دو", "سه"]);
    // The confirmed update is gone for good, even without the offset.
    expect((await e.api("getUpdates")).body.result).toHaveLength(2);
    expect((await e.api("getUpdates", { offset: ids[2] + 1 })).body.result).toEqual([]);
    expect((await e.api("getUpdates")).body.result).toEqual([]);
  });

  it("answers an empty list at once without a timeout", async () => {
    e = await emulatorApp();
    const started = Date.now();
    expect((await e.api("getUpdates", { timeout: 0 })).body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("long-polls and returns early when an update arrives", async () => {
    e = await emulatorApp();
    const started = Date.now();
    const poll = e.api("getUpdates", { timeout: 20 });
    await sleep(100);
    await e.emu.sendText(citizen, "رسید");
    const res = await poll;
    expect(res.body.result.map((u: any) => u.message.text)).toEqual(["رسید"]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("long-polls until the timeout and then returns an empty list", async () => {
    e = await emulatorApp();
    const started = Date.now();
    const res = await e.api("getUpdates", { timeout: 1 });
    expect(res.body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("answers 409 while a webhook is set", async () => {
    e = await emulatorApp();
    await e.api("setWebhook", { url: "http://127.0.0.1:9/hook" });
    const res = await e.api("getUpdates");
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error_code: 409, description: expect.stringContaining("Conflict: can't use getUpdates method while webhook is active") });
    await e.api("deleteWebhook");
    expect((await e.api("getUpdates")).status).toBe(200);
  });
});

describe("setWebhook, deleteWebhook and getWebhookInfo", () => {
  it("sets and deletes the webhook and reports it", async () => {
    e = await emulatorApp();
    expect((await e.api("getWebhookInfo")).body.result).toEqual({ url: "", has_custom_certificate: false, pending_update_count: 0 });
    expect((await e.api("setWebhook", { url: "http://127.0.0.1:9/hook", secret_token: "s3cret_Token-1" })).body).toEqual({ ok: true, result: true });
    expect(e.emu.webhook).toEqual({ url: "http://127.0.0.1:9/hook", secret: "s3cret_Token-1", maxConnections: 40 });
    expect((await e.api("getWebhookInfo")).body.result).toMatchObject({ url: "http://127.0.0.1:9/hook", max_connections: 40 });
    expect((await e.api("setWebhook", { url: "http://127.0.0.1:9/hook", max_connections: 100 })).body.ok).toBe(true);
    expect((await e.api("getWebhookInfo")).body.result.max_connections).toBe(100);
    expect((await e.api("deleteWebhook")).body).toEqual({ ok: true, result: true });
    expect((await e.api("getWebhookInfo")).body.result.url).toBe("");
  });

  it("refuses a URL that is not http(s) and a secret with bad characters", async () => {
    e = await emulatorApp();
    expect((await e.api("setWebhook", { url: "ftp://example.org" })).status).toBe(400);
    const bad = await e.api("setWebhook", { url: "http://127.0.0.1:9/hook", secret_token: "no spaces allowed" });
    expect(bad.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: secret token contains unallowed characters" });
    expect((await e.api("setWebhook", { url: "http://127.0.0.1:9/hook", max_connections: 101 })).status).toBe(400);
    expect(e.emu.webhook).toBeNull();
  });

  it("counts pending updates and drops them on deleteWebhook with drop_pending_updates", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "یک");
    await e.emu.sendText(citizen, "دو");
    expect((await e.api("getWebhookInfo")).body.result.pending_update_count).toBe(2);
    await e.api("deleteWebhook", { drop_pending_updates: false });
    expect((await e.api("getUpdates")).body.result).toHaveLength(2);
    await e.api("deleteWebhook", { drop_pending_updates: true });
    expect((await e.api("getUpdates")).body.result).toEqual([]);
    expect((await e.api("getWebhookInfo")).body.result.pending_update_count).toBe(0);
  });
});

describe("setMyCommands and getMyCommands", () => {
  it("keeps commands per language_code", async () => {
    e = await emulatorApp();
    const fa = [{ command: "start", description: "شروع" }, { command: "track", description: "پیگیری" }];
    const en = [{ command: "start", description: "Start" }];
    expect((await e.api("setMyCommands", { commands: fa })).body).toEqual({ ok: true, result: true });
    expect((await e.api("setMyCommands", { commands: en, language_code: "en" })).body.result).toBe(true);
    expect((await e.api("getMyCommands")).body.result).toEqual(fa);
    expect((await e.api("getMyCommands", { language_code: "en" })).body.result).toEqual(en);
    expect((await e.api("getMyCommands", { language_code: "de" })).body.result).toEqual([]);
  });

  it("refuses an invalid command with 400 and keeps the old ones", async () => {
    e = await emulatorApp();
    await e.api("setMyCommands", { commands: [{ command: "start", description: "شروع" }] });
    for (const commands of [[{ command: "Start!", description: "x" }], [{ command: "start", description: "" }], [{ command: "x".repeat(33), description: "x" }], [null], "not-a-list"]) {
      const res = await e.api("setMyCommands", { commands });
      expect(res.status).toBe(400);
      expect(res.body.ok).toBe(false);
    }
    expect((await e.api("setMyCommands", { commands: [{ command: "bad command", description: "x" }] })).body.description).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect((await e.api("getMyCommands")).body.result).toEqual([{ command: "start", description: "شروع" }]);
  });
});

describe("sendMessage", () => {
  it("sends to a known chat and answers the Message", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const res = await e.api("sendMessage", { chat_id: citizen, text: "خوش آمدید\nخط دوم" });
    expect(res.body).toEqual({
      ok: true,
      result: { message_id: 2, date: expect.any(Number), chat: { id: citizen, type: "private", first_name: `کاربر ${persianDigits(citizen)}` }, from: expect.objectContaining({ id: e.emu.botInfo.id, is_bot: true }), text: "خوش آمدید\nخط دوم" },
    });
    expect(e.emu.messages(citizen).map((m) => [m.from, m.text])).toEqual([["user", "سلام"], ["bot", "خوش آمدید\nخط دوم"]]);
  });

  it("numbers messages per chat from 1, shared by both sides", async () => {
    e = await emulatorApp();
    const first = await e.emu.sendText(citizen, "سلام");
    expect(first.message!.message_id).toBe(1);
    expect((await e.api("sendMessage", { chat_id: citizen, text: "الف" })).body.result.message_id).toBe(2);
    expect((await e.api("sendMessage", { chat_id: citizen, text: "ب" })).body.result.message_id).toBe(3);
    expect((await e.emu.sendText(citizen, "ج")).message!.message_id).toBe(4);
    await e.emu.sendText(citizen + 1, "سلام");
    expect((await e.api("sendMessage", { chat_id: citizen + 1, text: "الف" })).body.result.message_id).toBe(2);
  });

  it("refuses empty text, text over 4096 characters, and an unknown chat", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    expect((await e.api("sendMessage", { chat_id: citizen, text: "" })).body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message text is empty" });
    expect((await e.api("sendMessage", { chat_id: citizen, text: "   " })).status).toBe(400);
    expect((await e.api("sendMessage", { chat_id: citizen })).status).toBe(400);
    expect((await e.api("sendMessage", { chat_id: citizen, text: "م".repeat(4097) })).body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message is too long" });
    expect((await e.api("sendMessage", { chat_id: citizen, text: "م".repeat(4096) })).status).toBe(200);
    expect((await e.api("sendMessage", { chat_id: 999_999, text: "سلام" })).body).toEqual({ ok: false, error_code: 400, description: "Bad Request: chat not found" });
  });

  it("remembers the reply keyboard per chat until remove_keyboard clears it", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    await e.emu.sendText(citizen + 1, "سلام");
    const res = await e.api("sendMessage", { chat_id: citizen, text: "منو", reply_markup: replyKeyboard });
    // Telegram answers only inline keyboards in the Message.
    expect(res.body.result.reply_markup).toBeUndefined();
    expect(e.emu.replyKeyboard(citizen)).toEqual(replyKeyboard);
    expect(e.emu.replyKeyboard(citizen + 1)).toBeNull();
    await e.api("sendMessage", { chat_id: citizen, text: "بدون دکمه" });
    expect(e.emu.replyKeyboard(citizen)).toEqual(replyKeyboard);
    await e.api("sendMessage", { chat_id: citizen, text: "تمام", reply_markup: { remove_keyboard: true } });
    expect(e.emu.replyKeyboard(citizen)).toBeNull();
  });

  it("keeps an inline keyboard with its message", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const a = await e.api("sendMessage", { chat_id: citizen, text: "الف", reply_markup: inlineKeyboard([["بله", "yes"], ["خیر", "no"]]) });
    const b = await e.api("sendMessage", { chat_id: citizen, text: "ب", reply_markup: inlineKeyboard([["بعدی", "next"]]) });
    expect(a.body.result.reply_markup).toEqual(inlineKeyboard([["بله", "yes"], ["خیر", "no"]]));
    const kept = e.emu.messages(citizen);
    expect(kept.find((m) => m.message_id === a.body.result.message_id)!.reply_markup).toEqual(inlineKeyboard([["بله", "yes"], ["خیر", "no"]]));
    expect(kept.find((m) => m.message_id === b.body.result.message_id)!.reply_markup).toEqual(inlineKeyboard([["بعدی", "next"]]));
  });

  it("refuses callback_data over 64 bytes (counted in UTF-8) with 400", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const tooLong = await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["x", "a".repeat(65)]]) });
    expect(tooLong.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" });
    // 33 Persian letters are 66 bytes.
    expect((await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["x", "م".repeat(33)]]) })).status).toBe(400);
    expect((await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["x", "a".repeat(64)]]) })).status).toBe(200);
    expect(e.emu.messages(citizen)).toHaveLength(2);
  });
});

describe("sendPhoto, sendDocument, sendVoice and sendLocation", () => {
  it("sends media by the file_id of a file the user sent", async () => {
    e = await emulatorApp();
    const photo = (await e.emu.sendPhoto(citizen, Buffer.from("jpeg-bytes"))).message!.photo![0].file_id;
    const doc = (await e.emu.sendDocument(citizen, Buffer.from("%PDF"), "نامه.pdf")).message!.document!.file_id;
    const voice = (await e.emu.sendVoice(citizen, Buffer.from("ogg"))).message!.voice!.file_id;

    const p = await e.api("sendPhoto", { chat_id: citizen, photo, caption: "عکس شما" });
    expect(p.body.result).toMatchObject({ message_id: 4, caption: "عکس شما", photo: [{ file_id: photo, file_unique_id: expect.any(String), width: expect.any(Number), height: expect.any(Number) }] });
    const d = await e.api("sendDocument", { chat_id: citizen, document: doc });
    expect(d.body.result).toMatchObject({ message_id: 5, document: { file_id: doc, file_unique_id: expect.any(String) } });
    const v = await e.api("sendVoice", { chat_id: citizen, voice });
    expect(v.body.result).toMatchObject({ message_id: 6, voice: { file_id: voice, file_unique_id: expect.any(String), duration: expect.any(Number) } });
  });

  it("accepts an http URL and gives the file its own id, but refuses an unknown file_id", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const byUrl = await e.api("sendPhoto", { chat_id: citizen, photo: "https://example.org/a.jpg" });
    expect(byUrl.status).toBe(200);
    expect((await e.api("getFile", { file_id: byUrl.body.result.photo[0].file_id })).status).toBe(200);
    const unknown = await e.api("sendDocument", { chat_id: citizen, document: "no-such-file" });
    expect(unknown.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" });
    expect((await e.api("sendPhoto", { chat_id: citizen })).status).toBe(400);
  });

  it("sends a location and refuses bad coordinates", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const ok = await e.api("sendLocation", { chat_id: citizen, latitude: 35.7, longitude: 51.4 });
    expect(ok.body.result).toMatchObject({ message_id: 2, location: { latitude: 35.7, longitude: 51.4 } });
    for (const [latitude, longitude] of [[91, 51], [35, -181], ["north", 51], [undefined, 51]]) {
      const bad = await e.api("sendLocation", { chat_id: citizen, latitude, longitude });
      expect(bad.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: wrong coordinates" });
    }
  });
});

describe("editMessageText and editMessageReplyMarkup", () => {
  it("edits a bot message in place, keeping its id", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "در حال بررسی", reply_markup: inlineKeyboard([["لغو", "cancel"]]) })).body.result;
    const res = await e.api("editMessageText", { chat_id: citizen, message_id: sent.message_id, text: "بررسی شد", reply_markup: inlineKeyboard([["تأیید", "ok"]]) });
    expect(res.body.result).toMatchObject({ message_id: sent.message_id, text: "بررسی شد", edit_date: expect.any(Number), reply_markup: inlineKeyboard([["تأیید", "ok"]]) });
    expect(e.emu.messages(citizen).map((m) => m.text)).toEqual(["سلام", "بررسی شد"]);
    expect(e.emu.messages(citizen)[1]).toMatchObject({ edited: true });
  });

  it("answers 'message is not modified' for an identical edit", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "متن", reply_markup: inlineKeyboard([["الف", "a"]]) })).body.result;
    const same = await e.api("editMessageText", { chat_id: citizen, message_id: sent.message_id, text: "متن", reply_markup: inlineKeyboard([["الف", "a"]]) });
    expect(same.status).toBe(400);
    expect(same.body.description).toMatch(/^Bad Request: message is not modified/);
    // Leaving reply_markup out removes the keyboard, which is a change.
    expect((await e.api("editMessageText", { chat_id: citizen, message_id: sent.message_id, text: "متن" })).status).toBe(200);
  });

  it("refuses to edit an unknown, deleted, user-sent or media message", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const unknown = await e.api("editMessageText", { chat_id: citizen, message_id: 99, text: "x" });
    expect(unknown.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message to edit not found" });
    expect((await e.api("editMessageText", { chat_id: 424242, message_id: 1, text: "x" })).status).toBe(400);
    expect((await e.api("editMessageText", { chat_id: citizen, message_id: 1, text: "x" })).body.description).toBe("Bad Request: message can't be edited");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "متن" })).body.result;
    await e.api("deleteMessage", { chat_id: citizen, message_id: sent.message_id });
    expect((await e.api("editMessageText", { chat_id: citizen, message_id: sent.message_id, text: "x" })).body.description).toBe("Bad Request: message to edit not found");
    const loc = (await e.api("sendLocation", { chat_id: citizen, latitude: 1, longitude: 1 })).body.result;
    expect((await e.api("editMessageText", { chat_id: citizen, message_id: loc.message_id, text: "x" })).body.description).toBe("Bad Request: there is no text in the message to edit");
    expect((await e.api("editMessageText", { chat_id: citizen, message_id: loc.message_id - 1, text: "" })).status).toBe(400);
  });

  it("replaces and removes the inline keyboard with editMessageReplyMarkup", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "انتخاب کنید", reply_markup: inlineKeyboard([["الف", "a"]]) })).body.result;
    const changed = await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: sent.message_id, reply_markup: inlineKeyboard([["ب", "b"]]) });
    expect(changed.body.result).toMatchObject({ message_id: sent.message_id, text: "انتخاب کنید", reply_markup: inlineKeyboard([["ب", "b"]]) });
    expect((await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: sent.message_id, reply_markup: inlineKeyboard([["ب", "b"]]) })).body.description).toMatch(/message is not modified/);
    const removed = await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: sent.message_id });
    expect(removed.body.result.reply_markup).toBeUndefined();
    expect(e.emu.messages(citizen)[1].reply_markup).toBeUndefined();
    expect((await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: 77 })).status).toBe(400);
    expect((await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: sent.message_id, reply_markup: inlineKeyboard([["x", "y".repeat(65)]]) })).body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });
});

describe("answerCallbackQuery, deleteMessage and sendChatAction", () => {
  it("records the answer to a callback query once, and refuses an unknown or second answer", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["بله", "yes"]]) })).body.result;
    const { callbackQueryId } = await e.emu.pressInlineButton(citizen, sent.message_id, { data: "yes" });
    expect(e.emu.callbackAnswer(callbackQueryId)).toBeNull();
    expect((await e.api("answerCallbackQuery", { callback_query_id: callbackQueryId, text: "ثبت شد", show_alert: true })).body).toEqual({ ok: true, result: true });
    expect(e.emu.callbackAnswer(callbackQueryId)).toEqual({ text: "ثبت شد", show_alert: true });
    const twice = await e.api("answerCallbackQuery", { callback_query_id: callbackQueryId });
    expect(twice.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: query is too old and response timeout expired or query ID is invalid" });
    expect((await e.api("answerCallbackQuery", { callback_query_id: "nope" })).status).toBe(400);
  });

  it("deletes a message once", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "موقت" })).body.result;
    expect((await e.api("deleteMessage", { chat_id: citizen, message_id: sent.message_id })).body).toEqual({ ok: true, result: true });
    expect(e.emu.messages(citizen).map((m) => m.text)).toEqual(["سلام"]);
    expect((await e.api("deleteMessage", { chat_id: citizen, message_id: sent.message_id })).body).toEqual({ ok: false, error_code: 400, description: "Bad Request: message to delete not found" });
    // Ids are not reused after a deletion.
    expect((await e.api("sendMessage", { chat_id: citizen, text: "بعدی" })).body.result.message_id).toBe(sent.message_id + 1);
  });

  it("answers sendChatAction for a known chat and a valid action only", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    expect((await e.api("sendChatAction", { chat_id: citizen, action: "typing" })).body).toEqual({ ok: true, result: true });
    expect((await e.api("sendChatAction", { chat_id: 31337, action: "typing" })).body.description).toBe("Bad Request: chat not found");
    expect((await e.api("sendChatAction", { chat_id: citizen, action: "dancing" })).body.description).toBe("Bad Request: wrong parameter action in request");
    expect(e.emu.messages(citizen)).toHaveLength(1);
  });
});

describe("getFile and downloads", () => {
  it("describes a user's file and serves its bytes at /file/bot<token>/<path>", async () => {
    e = await emulatorApp();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const photo = (await e.emu.sendPhoto(citizen, bytes)).message!.photo![0];
    const res = await e.api("getFile", { file_id: photo.file_id });
    expect(res.body).toEqual({ ok: true, result: { file_id: photo.file_id, file_unique_id: photo.file_unique_id, file_size: bytes.length, file_path: expect.stringMatching(/^photos\/.+\.jpg$/) } });
    const download = await e.app.inject({ method: "GET", url: `/file/bot${e.emu.token}/${res.body.result.file_path}` });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("image/jpeg");
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  it("refuses an unknown file_id and answers 404 for an unknown path", async () => {
    e = await emulatorApp();
    expect((await e.api("getFile", { file_id: "nope" })).body).toEqual({ ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
    const missing = await e.app.inject({ method: "GET", url: `/file/bot${e.emu.token}/photos/none.jpg` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error_code: 404 });
  });
});

describe("the call log", () => {
  it("records every call with its method and parameters, unless switched off", async () => {
    e = await emulatorApp();
    await e.api("getMe");
    await e.api("sendMessage", { chat_id: 1, text: "x" });
    expect(e.emu.calls).toEqual([{ method: "getMe", params: {} }, { method: "sendMessage", params: { chat_id: 1, text: "x" } }]);
    e.emu.recordCalls = false;
    await e.api("getMe");
    expect(e.emu.calls).toHaveLength(2);
  });
});
