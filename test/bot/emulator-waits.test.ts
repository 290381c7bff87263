import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { Emulator, type EmuMessage } from "../../bot/emulator/emulator.ts";
import { emulatorApp, inlineKeyboard, sleep, webhookReceiver, type EmulatorApp, type WebhookReceiver } from "./emulator-harness.ts";

// Waiting for the bot's reply whether it comes before the webhook answers or after (botSeq, waitForBot,
// waitForCallbackAnswer), and round-robin webhook delivery over several URLs.

let e: EmulatorApp | undefined;
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  e?.emu.close();
  await e?.app.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  e = undefined;
});

const chat = 5401;
const send = (text: string, extra: Record<string, unknown> = {}) => e!.api("sendMessage", { chat_id: chat, text, ...extra });
const hasButton = (label: string) => (m: EmuMessage) => m.reply_markup?.inline_keyboard?.flat().some((b: { text: string }) => b.text === label) ?? false;

async function withUser(): Promise<EmulatorApp> {
  const app = await emulatorApp();
  await app.emu.sendText(chat, "سلام");
  return app;
}

describe("botSeq", () => {
  it("counts the bot's sends, edits and deletes in one chat, and nothing else", async () => {
    e = await withUser();
    await e.emu.sendText(5402, "سلام");
    expect(e.emu.botSeq(chat)).toBe(0);
    const sent = (await send("یک", { reply_markup: inlineKeyboard([["الف", "a"]]) })).body.result;
    expect(e.emu.botSeq(chat)).toBe(1);
    await e.api("editMessageText", { chat_id: chat, message_id: sent.message_id, text: "دو", reply_markup: inlineKeyboard([["الف", "a"]]) });
    expect(e.emu.botSeq(chat)).toBe(2);
    await e.api("editMessageReplyMarkup", { chat_id: chat, message_id: sent.message_id });
    expect(e.emu.botSeq(chat)).toBe(3);
    await e.api("deleteMessage", { chat_id: chat, message_id: sent.message_id });
    expect(e.emu.botSeq(chat)).toBe(4);

    // The user's own messages, refused calls and other chats do not count.
    await e.emu.sendText(chat, "پیام کاربر");
    expect((await send("")).status).toBe(400);
    expect((await e.api("editMessageText", { chat_id: chat, message_id: 999, text: "x" })).status).toBe(400);
    await e.api("sendMessage", { chat_id: 5402, text: "دیگری" });
    expect(e.emu.botSeq(chat)).toBe(4);
    expect(e.emu.botSeq(5402)).toBe(1);
    expect(e.emu.botSeq(99999)).toBe(0);
  });
});

describe("waitForBot", () => {
  it("finds a reply that came before the call, but nothing from before afterSeq", async () => {
    e = await withUser();
    await send("قدیمی");
    const seq = e.emu.botSeq(chat);
    await send("تازه");
    expect((await e.emu.waitForBot(chat, seq)).text).toBe("تازه");
    await expect(e.emu.waitForBot(chat, e.emu.botSeq(chat), undefined, 100)).rejects.toThrow(`chat ${chat}`);
  });

  it("waits for a later reply and skips messages that do not match", async () => {
    e = await withUser();
    const seq = e.emu.botSeq(chat);
    const waiting = e.emu.waitForBot(chat, seq, hasButton("تأیید"));
    let settled = false;
    void waiting.then(() => (settled = true), () => (settled = true));
    await send("بدون دکمه");
    await sleep(30);
    expect(settled).toBe(false);
    setTimeout(() => void send("با دکمه", { reply_markup: inlineKeyboard([["تأیید", "ok"]]) }), 50);
    const started = performance.now();
    const reply = await waiting;
    expect(reply.text).toBe("با دکمه");
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });

  it("resolves on an edit that makes a message match, and judges a message as it is now", async () => {
    e = await withUser();
    const first = (await send("فهرست", { reply_markup: inlineKeyboard([["قدیم", "o"]]) })).body.result;
    const seq = e.emu.botSeq(chat);
    const waiting = e.emu.waitForBot(chat, seq, hasButton("جدید"));
    await e.api("editMessageReplyMarkup", { chat_id: chat, message_id: first.message_id, reply_markup: inlineKeyboard([["جدید", "n"]]) });
    expect((await waiting).message_id).toBe(first.message_id);

    // A message sent with the button and then stripped of it no longer counts.
    const before = e.emu.botSeq(chat);
    const second = (await send("دوم", { reply_markup: inlineKeyboard([["یکبار", "x"]]) })).body.result;
    await e.api("editMessageReplyMarkup", { chat_id: chat, message_id: second.message_id });
    await expect(e.emu.waitForBot(chat, before, hasButton("یکبار"), 100)).rejects.toThrow("no matching bot message");
  });

  it("ignores deleted messages", async () => {
    e = await withUser();
    const seq = e.emu.botSeq(chat);
    const m = (await send("پاک‌شدنی")).body.result;
    await e.api("deleteMessage", { chat_id: chat, message_id: m.message_id });
    await expect(e.emu.waitForBot(chat, seq, undefined, 100)).rejects.toThrow();
  });

  it("rejects after the timeout naming the chat and the bot's last text", async () => {
    e = await withUser();
    await send("آخرین پیام ربات");
    const started = performance.now();
    const err = await e.emu.waitForBot(chat, e.emu.botSeq(chat), undefined, 150).catch((x: Error) => x);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`chat ${chat}`);
    expect((err as Error).message).toContain("آخرین پیام ربات");
  });

  it("rejects pending waits when the emulator is closed", async () => {
    e = await withUser();
    const waiting = e.emu.waitForBot(chat, 0, () => false, 10_000);
    e.emu.close();
    await expect(waiting).rejects.toThrow("the emulator was closed");
  });

  it("gets the reply whether the bot sends it before or after the delivery returns", async () => {
    const emu = new Emulator();
    emu.userFor(5403);
    emu.setDeliverer(async (u) => {
      const reply = () => emu.call(emu.token, "sendMessage", { chat_id: 5403, text: `پاسخ ${u.message?.text}` });
      if (u.message?.text === "زود") await reply();
      else setTimeout(() => void reply(), 80);
    });
    for (const text of ["زود", "دیر"]) {
      const seq = emu.botSeq(5403);
      await emu.sendText(5403, text);
      const arrivedWithDelivery = emu.messages(5403).at(-1)?.from === "bot";
      expect(arrivedWithDelivery).toBe(text === "زود");
      expect((await emu.waitForBot(5403, seq, undefined, 1000)).text).toBe(`پاسخ ${text}`);
    }
    emu.close();
  });
});

describe("waitForCallbackAnswer", () => {
  async function pressed() {
    e = await withUser();
    const m = (await send("انتخاب کنید", { reply_markup: inlineKeyboard([["بله", "yes"]]) })).body.result;
    return (await e.emu.pressInlineButton(chat, m.message_id, { data: "yes" })).callbackQueryId;
  }

  it("resolves when the bot answers, and at once when it already had", async () => {
    const id = await pressed();
    const waiting = e!.emu.waitForCallbackAnswer(id, 1000);
    setTimeout(() => void e!.api("answerCallbackQuery", { callback_query_id: id, text: "ثبت شد" }), 30);
    expect(await waiting).toEqual({ text: "ثبت شد", show_alert: false });
    expect(await e!.emu.waitForCallbackAnswer(id, 1)).toEqual({ text: "ثبت شد", show_alert: false });
  });

  it("rejects an unanswered query after the timeout, and an unknown id at once", async () => {
    const id = await pressed();
    await expect(e!.emu.waitForCallbackAnswer(id, 100)).rejects.toThrow(`callback query ${id}`);
    await expect(e!.emu.waitForCallbackAnswer("nope", 10_000)).rejects.toThrow("unknown callback query");
  });

  it("is not satisfied by the bot's messages, only by the answer", async () => {
    const id = await pressed();
    const waiting = e!.emu.waitForCallbackAnswer(id, 150);
    await send("پیام بعدی");
    await expect(waiting).rejects.toThrow("not answered");
  });
});

describe("round-robin webhook", () => {
  async function twoInstances() {
    e = await emulatorApp();
    const a = await webhookReceiver();
    const b = await webhookReceiver();
    receivers.push(a, b);
    e.emu.webhook = { url: a.url, secret: "rr-secret", urls: [a.url, b.url] };
    return { a, b };
  }
  const texts = (r: WebhookReceiver) => r.received.map((x) => x.update.message?.text);

  it("sends one chat's consecutive updates to alternate URLs, in order, one at a time", async () => {
    const { a, b } = await twoInstances();
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    for (const r of [a, b]) {
      r.respond = async (u: Update) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(20);
        order.push(`${r === a ? "a" : "b"}:${u.message?.text}`);
        inFlight--;
        return 200;
      };
    }
    await Promise.all(["1", "2", "3", "4", "5"].map((t) => e!.emu.sendText(5410, t)));
    expect(order.map((x) => x.split(":")[1])).toEqual(["1", "2", "3", "4", "5"]);
    const instances = order.map((x) => x.split(":")[0]);
    for (let i = 1; i < instances.length; i++) expect(instances[i]).not.toBe(instances[i - 1]);
    expect(maxInFlight).toBe(1);
    expect([...a.received, ...b.received].every((r) => r.headers["x-telegram-bot-api-secret-token"] === "rr-secret")).toBe(true);
  });

  it("alternates each chat's updates even while other chats' updates interleave", async () => {
    const { a, b } = await twoInstances();
    for (const r of [a, b]) r.respond = () => sleep(10).then(() => 200);
    await Promise.all([5411, 5412, 5413].flatMap((id) => ["1", "2", "3", "4"].map((t) => e!.emu.sendText(id, t))));
    for (const id of [5411, 5412, 5413]) {
      const instances = [...a.received.map((r) => ({ r, at: "a" })), ...b.received.map((r) => ({ r, at: "b" }))]
        .filter((x) => x.r.update.message?.chat.id === id)
        .sort((x, y) => x.r.update.update_id - y.r.update.update_id)
        .map((x) => x.at);
      expect(instances).toHaveLength(4);
      expect(instances.join("")).toMatch(/^(abab|baba)$/);
    }
  });

  it("spreads many chats evenly over the URLs", async () => {
    const { a, b } = await twoInstances();
    await Promise.all(Array.from({ length: 10 }, (_, i) => e!.emu.sendText(5420 + i, "سلام")));
    expect(a.received).toHaveLength(5);
    expect(b.received).toHaveLength(5);
  });

  it("retries a refused update on the next URL", async () => {
    const { a, b } = await twoInstances();
    a.respond = () => 503;
    b.respond = () => 200;
    await e!.emu.sendText(5430, "اول");
    await e!.emu.sendText(5430, "دوم");
    // Each update reaches b, whichever URL it started on; an update refused by a is retried on b.
    expect(texts(b)).toEqual(["اول", "دوم"]);
    expect(a.received.length).toBeGreaterThanOrEqual(1);
  });

  it("keeps a single url working, and getWebhookInfo reports it", async () => {
    e = await emulatorApp();
    const a = await webhookReceiver();
    receivers.push(a);
    e.emu.webhook = { url: a.url, secret: "one" };
    await e.emu.sendText(5440, "۱");
    await e.emu.sendText(5440, "۲");
    expect(texts(a)).toEqual(["۱", "۲"]);
    expect((await e.api("getWebhookInfo")).body.result.url).toBe(a.url);
  });
});
