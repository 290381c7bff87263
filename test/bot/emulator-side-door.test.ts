import { afterEach, describe, expect, it } from "vitest";
import { emulatorApp, inlineKeyboard, listen, sseReader, type EmulatorApp } from "./emulator-harness.ts";

const persianDigits = (n: number) => String(n).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]);


// Simulated users: what a person does in the chat, in-process and over the side-door HTTP routes.

let e: EmulatorApp;
afterEach(async () => {
  await e?.app.close();
});

const citizen = 5002;
const menu = {
  keyboard: [["پیگیری"], [{ text: "ثبت شکایت" }], [{ text: "ارسال شماره", request_contact: true }, { text: "ارسال موقعیت", request_location: true }]],
  resize_keyboard: true,
};

async function withMenu(e: EmulatorApp, chatId = citizen) {
  await e.emu.sendText(chatId, "/start");
  await e.api("sendMessage", { chat_id: chatId, text: "منو", reply_markup: menu });
  await e.api("getUpdates", { offset: 1_000_000 });
}

const nextUpdate = async (e: EmulatorApp) => {
  const updates = (await e.api("getUpdates")).body.result;
  await e.api("getUpdates", { offset: updates.at(-1).update_id + 1 });
  return updates.at(-1);
};

describe("simulated users, in-process", () => {
  it("sends a text as a private-chat message from the user, marking a leading command", async () => {
    e = await emulatorApp();
    const start = await e.emu.sendText(citizen, "/start ref42");
    expect(start).toEqual({
      update_id: expect.any(Number),
      message: {
        message_id: 1,
        date: expect.any(Number),
        chat: { id: citizen, type: "private", first_name: `کاربر ${persianDigits(citizen)}` },
        from: { id: citizen, is_bot: false, first_name: `کاربر ${persianDigits(citizen)}`, language_code: "fa" },
        text: "/start ref42",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    const plain = await e.emu.sendText(citizen, "سلام");
    expect(plain.message).not.toHaveProperty("entities");
    expect(plain.update_id).toBe(start.update_id + 1);
    expect(e.emu.messages(citizen).map((m) => [m.from, m.text])).toEqual([["user", "/start ref42"], ["user", "سلام"]]);
  });

  it("presses a plain reply button as its label", async () => {
    e = await emulatorApp();
    await withMenu(e);
    expect((await e.emu.pressReplyButton(citizen, "پیگیری")).message!.text).toBe("پیگیری");
    expect((await e.emu.pressReplyButton(citizen, "ثبت شکایت")).message!.text).toBe("ثبت شکایت");
  });

  it("shares the user's own number and user_id when a request_contact button is pressed", async () => {
    e = await emulatorApp();
    await withMenu(e);
    const update = await e.emu.pressReplyButton(citizen, "ارسال شماره");
    const user = e.emu.userFor(citizen);
    expect(user.phone_number).toMatch(/^98912\d{7}$/);
    expect(update.message!.contact).toEqual({ phone_number: user.phone_number, user_id: citizen, first_name: user.first_name });
    expect(update.message).not.toHaveProperty("text");
  });

  it("sends a location when a request_location button is pressed", async () => {
    e = await emulatorApp();
    await withMenu(e);
    expect((await e.emu.pressReplyButton(citizen, "ارسال موقعیت")).message!.location).toEqual({ latitude: 35.6997, longitude: 51.338 });
    expect((await e.emu.pressReplyButton(citizen, "ارسال موقعیت", { latitude: 29.6, longitude: 52.5 })).message!.location).toEqual({ latitude: 29.6, longitude: 52.5 });
  });

  it("refuses a reply button that is not on the keyboard, or after it was removed", async () => {
    e = await emulatorApp();
    await withMenu(e);
    await expect(e.emu.pressReplyButton(citizen, "دکمه خیالی")).rejects.toThrow(/no reply button/);
    await e.api("sendMessage", { chat_id: citizen, text: "تمام", reply_markup: { remove_keyboard: true } });
    await expect(e.emu.pressReplyButton(citizen, "پیگیری")).rejects.toThrow(/no reply button/);
  });

  it("presses an inline button as a callback query with the message and its data", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "تأیید می‌کنید؟", reply_markup: inlineKeyboard([["بله", "confirm:yes"], ["خیر", "confirm:no"]]) })).body.result;
    const byData = await e.emu.pressInlineButton(citizen, sent.message_id, { data: "confirm:no" });
    expect(byData.update.callback_query).toEqual({
      id: byData.callbackQueryId,
      from: expect.objectContaining({ id: citizen, is_bot: false }),
      chat_instance: expect.any(String),
      data: "confirm:no",
      message: expect.objectContaining({ message_id: sent.message_id, text: "تأیید می‌کنید؟", chat: expect.objectContaining({ id: citizen }), reply_markup: sent.reply_markup }),
    });
    const byLabel = await e.emu.pressInlineButton(citizen, sent.message_id, { text: "بله" });
    expect(byLabel.update.callback_query!.data).toBe("confirm:yes");
    expect(byLabel.callbackQueryId).not.toBe(byData.callbackQueryId);
    expect((await nextUpdate(e)).callback_query.data).toBe("confirm:yes");
  });

  it("refuses an inline button that is not there, or on a message that is not the bot's", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["بله", "yes"]]) })).body.result;
    await expect(e.emu.pressInlineButton(citizen, sent.message_id, { data: "no" })).rejects.toThrow("no such inline button");
    await expect(e.emu.pressInlineButton(citizen, 1, { data: "yes" })).rejects.toThrow("no such message");
    await expect(e.emu.pressInlineButton(citizen, 99, { data: "yes" })).rejects.toThrow("no such message");
    await e.api("editMessageReplyMarkup", { chat_id: citizen, message_id: sent.message_id });
    await expect(e.emu.pressInlineButton(citizen, sent.message_id, { data: "yes" })).rejects.toThrow("no such inline button");
  });

  it("shares someone else's contact with that person's number", async () => {
    e = await emulatorApp();
    const update = await e.emu.shareContact(citizen, { phone_number: "989350000000", user_id: 7007, first_name: "مریم" });
    expect(update.message!.contact).toEqual({ phone_number: "989350000000", user_id: 7007, first_name: "مریم" });
    const noId = await e.emu.shareContact(citizen, { phone_number: "+982188888888" });
    expect(noId.message!.contact).toMatchObject({ phone_number: "+982188888888" });
    expect(noId.message!.contact).not.toHaveProperty("user_id");
    expect(noId.message!.contact!.first_name).not.toBe(e.emu.userFor(citizen).first_name);
  });

  it("sends a photo, a document and a voice whose bytes getFile and the download route return", async () => {
    e = await emulatorApp();
    const photoBytes = Buffer.from("photo-bytes");
    const docBytes = Buffer.from("%PDF-1.7 نامه");
    const voiceBytes = Buffer.from("OggS-voice");
    const photo = (await e.emu.sendPhoto(citizen, photoBytes)).message!.photo!;
    const doc = (await e.emu.sendDocument(citizen, docBytes, "نامه.pdf")).message!.document!;
    const voice = (await e.emu.sendVoice(citizen, voiceBytes, 7)).message!.voice!;
    expect(photo).toEqual([{ file_id: expect.any(String), file_unique_id: expect.any(String), width: 800, height: 600, file_size: photoBytes.length }]);
    expect(doc).toMatchObject({ file_name: "نامه.pdf", mime_type: "application/pdf", file_size: docBytes.length });
    expect(voice).toMatchObject({ duration: 7, mime_type: "audio/ogg", file_size: voiceBytes.length });

    for (const [fileId, bytes, mime] of [[photo[0].file_id, photoBytes, "image/jpeg"], [doc.file_id, docBytes, "application/pdf"], [voice.file_id, voiceBytes, "audio/ogg"]] as const) {
      const file = (await e.api("getFile", { file_id: fileId })).body.result;
      const download = await e.app.inject({ method: "GET", url: `/file/bot${e.emu.token}/${file.file_path}` });
      expect(download.headers["content-type"]).toBe(mime);
      expect(download.rawPayload.equals(bytes)).toBe(true);
    }
  });

  it("sends a sticker that carries no text for the bot", async () => {
    e = await emulatorApp();
    const update = await e.emu.sendSticker(citizen);
    expect(update.message!.sticker).toMatchObject({ file_id: expect.any(String), type: "regular" });
    expect(update.message).not.toHaveProperty("text");
  });

  it("lets a test change who the user is: language, username and number", async () => {
    e = await emulatorApp();
    e.emu.userFor(citizen, { language_code: "en", username: "ali_t", first_name: "Ali", phone_number: "989121234567" });
    const update = await e.emu.sendText(citizen, "hi");
    expect(update.message!.from).toEqual({ id: citizen, is_bot: false, first_name: "Ali", username: "ali_t", language_code: "en" });
    expect((await e.emu.shareContact(citizen)).message!.contact).toEqual({ phone_number: "989121234567", user_id: citizen, first_name: "Ali" });
  });

  it("sends a location", async () => {
    e = await emulatorApp();
    const update = await e.emu.sendLocation(citizen, 32.65, 51.67);
    expect(update.message!.location).toEqual({ latitude: 32.65, longitude: 51.67 });
    expect(e.emu.messages(citizen)[0].location).toEqual({ latitude: 32.65, longitude: 51.67 });
  });
});

describe("the side-door HTTP routes", () => {
  it("sends a text and answers the update", async () => {
    e = await emulatorApp();
    const res = await e.side("POST", `/users/${citizen}/text`, { text: "سلام" });
    expect(res.status).toBe(200);
    expect(res.body.update.message).toMatchObject({ text: "سلام", chat: { id: citizen } });
    expect((await nextUpdate(e)).message.text).toBe("سلام");
  });

  it("presses reply buttons: plain, contact and location", async () => {
    e = await emulatorApp();
    await withMenu(e);
    expect((await e.side("POST", `/users/${citizen}/press`, { label: "پیگیری" })).body.update.message.text).toBe("پیگیری");
    expect((await e.side("POST", `/users/${citizen}/press`, { label: "ارسال شماره" })).body.update.message.contact).toMatchObject({ user_id: citizen, phone_number: e.emu.userFor(citizen).phone_number });
    expect((await e.side("POST", `/users/${citizen}/press`, { label: "ارسال موقعیت" })).body.update.message.location).toBeDefined();
    expect((await e.side("POST", `/users/${citizen}/press`, { label: "نیست" })).body).toEqual({ error: { code: "refused", message: 'no reply button "نیست" on the keyboard' } });
  });

  it("presses an inline button and refuses an unknown one with 400", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const sent = (await e.api("sendMessage", { chat_id: citizen, text: "x", reply_markup: inlineKeyboard([["بله", "yes"]]) })).body.result;
    const ok = await e.side("POST", `/users/${citizen}/callback`, { messageId: sent.message_id, data: "yes" });
    expect(ok.body).toEqual({ update: expect.objectContaining({ callback_query: expect.objectContaining({ data: "yes" }) }), callbackQueryId: expect.any(String) });
    const refused = await e.side("POST", `/users/${citizen}/callback`, { messageId: sent.message_id, data: "no" });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: { code: "refused", message: "no such inline button" } });
  });

  it("shares the user's own contact or someone else's", async () => {
    e = await emulatorApp();
    expect((await e.side("POST", `/users/${citizen}/contact`, {})).body.update.message.contact).toMatchObject({ user_id: citizen });
    const other = await e.side("POST", `/users/${citizen}/contact`, { phone: "989121111111", ownerId: 42, firstName: "علی" });
    expect(other.body.update.message.contact).toEqual({ phone_number: "989121111111", user_id: 42, first_name: "علی" });
  });

  it("sends a location and a file whose bytes can be downloaded", async () => {
    e = await emulatorApp();
    expect((await e.side("POST", `/users/${citizen}/location`, { latitude: 35.7, longitude: 51.4 })).body.update.message.location).toEqual({ latitude: 35.7, longitude: 51.4 });
    const bytes = Buffer.from("a small png");
    const res = await e.side("POST", `/users/${citizen}/file`, { kind: "photo", base64: bytes.toString("base64"), mime: "image/png" });
    const file = (await e.api("getFile", { file_id: res.body.update.message.photo[0].file_id })).body.result;
    const download = await e.app.inject({ method: "GET", url: `/file/bot${e.emu.token}/${file.file_path}` });
    expect(download.headers["content-type"]).toBe("image/png");
    expect(download.rawPayload.equals(bytes)).toBe(true);
    const doc = await e.side("POST", `/users/${citizen}/file`, { kind: "document", base64: "AAEC", fileName: "scan.tiff" });
    expect(doc.body.update.message.document).toMatchObject({ file_name: "scan.tiff", file_size: 3 });
    expect((await e.side("POST", `/users/${citizen}/file`, { kind: "voice", base64: "AAEC" })).body.update.message.voice).toMatchObject({ file_size: 3 });
  });

  it("answers a bad body, a bad user id or bad JSON with 400 and a JSON error", async () => {
    e = await emulatorApp();
    const cases: [string, unknown][] = [
      [`/users/${citizen}/text`, { text: "" }],
      [`/users/${citizen}/text`, {}],
      [`/users/${citizen}/press`, { label: 5 }],
      [`/users/${citizen}/callback`, { messageId: "one" }],
      [`/users/${citizen}/location`, { latitude: 100, longitude: 0 }],
      [`/users/${citizen}/file`, { kind: "video", base64: "AA" }],
      ["/users/-4/text", { text: "سلام" }],
      ["/users/abc/text", { text: "سلام" }],
    ];
    for (const [url, body] of cases) {
      const res = await e.side("POST", url, body);
      expect(res.status, url).toBe(400);
      expect(res.body, url).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect((await e.side("POST", `/users/${citizen}/location`, { latitude: 100, longitude: 0 })).body.error.message).toContain("latitude");
    const badJson = await e.app.inject({ method: "POST", url: `/side/users/${citizen}/text`, headers: { "content-type": "application/json" }, payload: "{not json" });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(e.emu.messages(citizen)).toEqual([]);
  });

  it("shows a chat's messages and reply keyboard", async () => {
    e = await emulatorApp();
    await withMenu(e);
    const res = await e.side("GET", `/chats/${citizen}`);
    expect(res.body.messages.map((m: any) => [m.from, m.text])).toEqual([["user", "/start"], ["bot", "منو"]]);
    expect(res.body.replyKeyboard).toEqual(menu);
    expect((await e.side("GET", "/chats/31337")).body).toEqual({ messages: [], replyKeyboard: null });
  });
});

describe("the live view (server-sent events)", () => {
  it("sends a snapshot, then new messages, edits, deletions and this chat's callback answers only", async () => {
    e = await emulatorApp();
    await withMenu(e);
    await e.emu.sendText(citizen + 1, "سلام");
    const base = await listen(e.app);
    const events = await sseReader(`${base}/side/chats/${citizen}/events`);
    try {
      expect(events.res.headers.get("content-type")).toBe("text/event-stream");
      const snapshot = await events.next();
      expect(snapshot.event).toBe("snapshot");
      expect(snapshot.data.messages.map((m: any) => m.text)).toEqual(["/start", "منو"]);
      expect(snapshot.data.replyKeyboard).toEqual(menu);

      await e.emu.sendText(citizen, "شکایت دارم");
      // Another chat's traffic stays out of this stream.
      await e.api("sendMessage", { chat_id: citizen + 1, text: "برای دیگری", reply_markup: inlineKeyboard([["x", "x"]]) });
      const other = await e.emu.pressInlineButton(citizen + 1, 2, { data: "x" });
      await e.api("answerCallbackQuery", { callback_query_id: other.callbackQueryId, text: "دیگری" });

      const sent = (await e.api("sendMessage", { chat_id: citizen, text: "موضوع؟", reply_markup: inlineKeyboard([["آب", "water"]]) })).body.result;
      const pressed = await e.emu.pressInlineButton(citizen, sent.message_id, { data: "water" });
      await e.api("answerCallbackQuery", { callback_query_id: pressed.callbackQueryId, text: "انتخاب شد" });
      await e.api("editMessageText", { chat_id: citizen, message_id: sent.message_id, text: "موضوع: آب" });
      await e.api("deleteMessage", { chat_id: citizen, message_id: sent.message_id });
      await e.api("sendMessage", { chat_id: citizen, text: "تمام", reply_markup: { remove_keyboard: true } });

      const seen = [];
      for (let i = 0; i < 6; i++) seen.push(await events.next());
      expect(seen.map((ev) => [ev.event, ev.data.message?.text ?? ev.data.answer?.text])).toEqual([
        ["message", "شکایت دارم"],
        ["message", "موضوع؟"],
        ["callback_answer", "انتخاب شد"],
        ["edit", "موضوع: آب"],
        ["delete", "موضوع: آب"],
        ["message", "تمام"],
      ]);
      await expect(events.next(300)).rejects.toThrow("no server-sent event in time");
      expect(seen[0].data.replyKeyboard).toEqual(menu);
      expect(seen.at(-1)!.data.replyKeyboard).toBeNull();
    } finally {
      await events.stop();
    }
  });
});
