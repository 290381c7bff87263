import type { CatalogCache } from "../../core/catalog.ts";
import type { Bot } from "grammy";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import pino, { type Logger } from "pino";
import { createBot } from "../../bot/create-bot.ts";
import type { ChatSender } from "../../messaging/chat-sender.ts";
import { createDeliverySender } from "../../messaging/delivery-sender.ts";
import type { SendGate } from "../../messaging/send-gate.ts";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../db/rows.ts";
import type { BotContext } from "../../bot/context.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { chatStates } from "../../db/schema.ts";
import { botWiring } from "./bot-wiring.ts";

// Drives the real bot offline: updates go in through handleUpdate (or the HTTP webhook), and every
// outgoing Bot API call is recorded by a grammY API transformer that answers like Telegram would.

export const BOT_INFO: UserFromGetMe = {
  id: 777000111,
  is_bot: true,
  first_name: "Hamyar",
  username: "hamyar_test_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  /** For calls that created or edited a message: its id. */
  messageId?: number;
}

export interface HarnessOptions {
  platform?: "telegram" | "bale";
  flood?: { limit: number; windowSeconds: number };
  /** Platform user ids treated as ADMIN_IDS. */
  adminIds?: number[];
  /** Backoff cap of the sender's retries. */
  maxSendBackoffMs?: number;
  /** Answers a call instead of the default success (e.g. to inject a platform error). */
  fail?: (call: ApiCall) => { error_code: number; description: string } | undefined;
  /** Where the app's pages are reached (the dashboard link); absent: /dashboard says it is not set up. */
  appUrl?: string;
  /** The bot's logger (capturingLogger() to read its lines); silent when absent. */
  logger?: Logger;
  /** The process's reference-data cache; one of the bot's own when absent. */
  catalogCache?: CatalogCache;
}

/** What a chat shows from the bot: texts, their edits, and pictures and files with their captions. */
const SENT_METHODS = new Set(["sendMessage", "editMessageText", "sendPhoto", "sendDocument"]);

export class BotHarness {
  readonly bot: Bot<BotContext>;
  readonly profile: PlatformProfile;
  /** The bot's chat sender: replies leave through it after each update's commit. */
  readonly sender: ChatSender;
  /** The bot's send budget, shared by the chat sender and the delivery senders `deliver()` runs. */
  readonly gate: SendGate;
  readonly calls: ApiCall[] = [];
  private deliveryRuns = 0;
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private cursor = 0;
  fail: HarnessOptions["fail"];
  private readonly db: Db;

  constructor(db: Db, o: HarnessOptions = {}) {
    this.db = db;
    const logger = o.logger ?? pino({ level: "silent" });
    const platform = o.platform ?? "telegram";
    const built = createBot({
      token: "123456:TEST-token",
      platform,
      apiRoot: "http://127.0.0.1:9",
      db,
      logger,
      mode: "webhook",
      flood: o.flood ?? { limit: 1000, windowSeconds: 10 },
      botInfo: BOT_INFO,
      adminIds: o.adminIds,
      appUrl: o.appUrl,
      catalogCache: o.catalogCache,
      ...botWiring({ db, logger, platform, adminIds: o.adminIds, maxSendBackoffMs: o.maxSendBackoffMs }),
    });
    this.bot = built.bot;
    this.profile = built.profile;
    this.sender = built.sender;
    this.gate = built.gate;
    this.fail = o.fail;
    this.bot.api.config.use(async (_prev, method, payload) => {
      const call: ApiCall = { method, payload: payload as Record<string, any> };
      this.calls.push(call);
      const failure = this.fail?.(call);
      if (failure) return { ok: false, ...failure } as never;
      const result = this.resultFor(call);
      if (typeof result === "object" && result && "message_id" in result) call.messageId = result.message_id as number;
      return { ok: true, result } as never;
    });
  }

  private resultFor(call: ApiCall): unknown {
    if (call.method === "sendMessage") {
      return { message_id: this.nextMessageId++, date: 0, chat: { id: call.payload.chat_id, type: "private" }, text: call.payload.text };
    }
    if (call.method === "sendPhoto" || call.method === "sendDocument") {
      return { message_id: this.nextMessageId++, date: 0, chat: { id: call.payload.chat_id, type: "private" }, ...(call.payload.caption ? { caption: call.payload.caption } : {}) };
    }
    if (call.method === "editMessageText") return { message_id: call.payload.message_id, date: 0, chat: { id: call.payload.chat_id, type: "private" }, text: call.payload.text };
    return true;
  }

  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  private from(userId: number) {
    return { id: userId, is_bot: false, first_name: `Citizen${userId}`, language_code: "fa" };
  }

  messageUpdate(userId: number, content: Partial<Message>, chat: { id: number; type: string } = { id: userId, type: "private" }): Update {
    return {
      update_id: this.newUpdateId(),
      message: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: this.from(userId), ...content } as Message,
    } as Update;
  }

  /** Hands an update to the bot and waits until its replies were sent (they leave after the commit). */
  async send(update: Update): Promise<void> {
    await this.bot.handleUpdate(update);
    await this.settled();
  }

  /**
   * Runs a delivery sender of this bot (as main.ts starts it) until no recipient is due — directives and
   * announcements sent, their outcomes recorded — then stops it and waits for the issuers' progress edits.
   * A sender of its own for each call: a stopped one cannot start again, and none is left polling into the next test.
   */
  async deliver(timeoutMs = 20_000): Promise<void> {
    const deliveries = createDeliverySender({
      db: this.db,
      api: this.bot.api,
      platform: this.profile.name,
      instanceId: `harness-deliveries-${++this.deliveryRuns}`,
      gate: this.gate,
      logger: pino({ level: "silent" }),
      pollMs: 10,
      settleEveryMs: 5,
      onProgressQueued: (_platform, chatId) => this.sender.kick(chatId),
    });
    deliveries.start();
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const [row] = rowsOf(
          await this.db.execute(sql`select count(*) as n from delivery_recipients where platform = ${this.profile.name} and (state = 'sending' or (state = 'pending' and next_attempt_at <= now()))`),
        );
        if (Number(row.n) === 0) break;
        if (Date.now() > deadline) throw new Error(`${row.n} delivery recipients still due after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await deliveries.stop();
    }
    await this.sender.sweep();
    await this.settled();
  }

  /** Waits until the sender has nothing in flight. */
  settled(): Promise<void> {
    return this.sender.idle();
  }

  text(userId: number, text: string) {
    const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0].length }] : undefined;
    return this.send(this.messageUpdate(userId, { text, entities }));
  }

  contact(userId: number, phone: string, contactUserId: number | undefined = userId) {
    return this.send(this.messageUpdate(userId, { contact: { phone_number: phone, first_name: "X", user_id: contactUserId } }));
  }

  photo(userId: number, uniqueId = `ph-${this.nextMessageId}`, size = 50_000) {
    return this.send(this.messageUpdate(userId, { photo: [{ file_id: `file-${uniqueId}`, file_unique_id: uniqueId, width: 800, height: 600, file_size: size }] }));
  }

  location(userId: number, latitude: number, longitude: number) {
    return this.send(this.messageUpdate(userId, { location: { latitude, longitude } }));
  }

  /** Every message (text, photo, document) the bot sent to a chat, newest last. */
  delivered(chatId: number): ApiCall[] {
    return this.calls.filter((c) => ["sendMessage", "sendPhoto", "sendDocument"].includes(c.method) && c.payload.chat_id === chatId);
  }

  /** The messages the bot sent to a chat (newest last). */
  sent(chatId: number): ApiCall[] {
    return this.calls.filter((c) => SENT_METHODS.has(c.method) && c.payload.chat_id === chatId);
  }

  /** Texts sent since the last call of this method, joined, for one chat. */
  newTexts(chatId: number): string {
    const fresh = this.calls.slice(this.cursor);
    this.cursor = this.calls.length;
    return fresh
      .filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.payload.chat_id === chatId)
      .map((c) => c.payload.text as string)
      .join("\n---\n");
  }

  lastText(chatId: number): string {
    const last = this.sent(chatId).at(-1)?.payload;
    return last?.text ?? last?.caption ?? "";
  }

  /** The newest inline button whose label contains `label`, with the message it sits on. */
  findButton(chatId: number, label: string | RegExp): { data: string; messageId: number; text?: string } {
    const withKeyboards = this.sent(chatId).filter((c) => c.payload.reply_markup?.inline_keyboard);
    for (let i = withKeyboards.length - 1; i >= 0; i--) {
      const call = withKeyboards[i];
      for (const row of call.payload.reply_markup.inline_keyboard) {
        for (const b of row) {
          if (typeof label === "string" ? b.text.includes(label) : label.test(b.text)) {
            return { data: b.callback_data, messageId: call.method === "editMessageText" ? call.payload.message_id : this.messageIdOf(call), text: call.payload.text ?? call.payload.caption };
          }
        }
      }
    }
    throw new Error(`no inline button "${label}" in chat ${chatId}; last text: ${this.lastText(chatId)}`);
  }

  /** How one message looks now: its text and inline buttons after the last send or edit of it. */
  shownMessage(chatId: number, messageId: number): { text: string; buttons: string[] } | undefined {
    let shown: { text: string; buttons: string[] } | undefined;
    const buttonsOf = (c: ApiCall): string[] => (c.payload.reply_markup?.inline_keyboard ?? []).flat().map((b: { text: string }) => b.text);
    for (const c of this.calls) {
      if (c.payload.chat_id !== chatId) continue;
      if (SENT_METHODS.has(c.method) && (c.method === "editMessageText" ? c.payload.message_id : c.messageId) === messageId) shown = { text: c.payload.text ?? c.payload.caption ?? "", buttons: buttonsOf(c) };
      else if (c.method === "editMessageReplyMarkup" && c.payload.message_id === messageId && shown) shown = { ...shown, buttons: buttonsOf(c) };
    }
    return shown;
  }

  private messageIdOf(call: ApiCall): number {
    return call.messageId ?? 1;
  }

  callbackUpdate(userId: number, data: string, messageId = 1, text = "…"): Update {
    return {
      update_id: this.newUpdateId(),
      callback_query: {
        id: `cb${this.nextUpdateId}`,
        from: this.from(userId),
        chat_instance: "ci",
        data,
        // The message the button sits on, with its text, as the platform sends it.
        message: { message_id: messageId, date: 0, chat: { id: userId, type: "private" }, text },
      },
    } as Update;
  }

  /** Presses the newest inline button labelled `label`, as a person would. */
  tap(userId: number, label: string | RegExp) {
    const { data, messageId, text } = this.findButton(userId, label);
    return this.send(this.callbackUpdate(userId, data, messageId, text));
  }

  /** The reply keyboard most recently sent to a chat, as rows of labels. */
  replyKeyboard(chatId: number): { text: string; request_contact?: boolean; request_location?: boolean }[][] {
    const call = [...this.sent(chatId)].reverse().find((c) => c.payload.reply_markup?.keyboard);
    return call?.payload.reply_markup.keyboard ?? [];
  }

  /** Callback answers (toasts) sent, newest last. */
  toasts(): string[] {
    return this.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text ?? "");
  }

  /** The text of the newest callback answer (toast); "" when it had none. */
  lastToast(): string {
    return this.toasts().at(-1) ?? "";
  }

  document(userId: number, o: { uniqueId?: string; size?: number; mimeType?: string; fileName?: string } = {}) {
    const uniqueId = o.uniqueId ?? `doc-${this.nextMessageId}`;
    return this.send(
      this.messageUpdate(userId, {
        document: { file_id: `file-${uniqueId}`, file_unique_id: uniqueId, file_size: o.size ?? 120_000, mime_type: o.mimeType ?? "application/pdf", file_name: o.fileName ?? "madrak.pdf" },
      }),
    );
  }

  voice(userId: number, uniqueId = `vo-${this.nextMessageId}`, size = 30_000) {
    return this.send(this.messageUpdate(userId, { voice: { file_id: `file-${uniqueId}`, file_unique_id: uniqueId, duration: 7, mime_type: "audio/ogg", file_size: size } }));
  }

  sticker(userId: number) {
    return this.send(
      this.messageUpdate(userId, {
        sticker: { file_id: "st-1", file_unique_id: "st-1u", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "😀" },
      } as Partial<Message>),
    );
  }

  /** An edit of an earlier message, as the platform delivers it. */
  editedText(userId: number, text: string) {
    return this.send({
      update_id: this.newUpdateId(),
      edited_message: { message_id: 1, date: 0, edit_date: Math.floor(Date.now() / 1000), chat: { id: userId, type: "private" }, from: this.from(userId), text },
    } as Update);
  }

  /** A message written in a group chat. */
  groupText(groupId: number, userId: number, text: string) {
    return this.send(this.messageUpdate(userId, { text }, { id: groupId, type: "group", title: "گروه محله" } as never));
  }

  /** Presses a button with raw callback data (e.g. forged by a modified client). */
  press(userId: number, data: string, messageId = 1) {
    return this.send(this.callbackUpdate(userId, data, messageId));
  }

  /** Labels of the inline buttons on the newest message that has any. */
  inlineLabels(chatId: number): string[] {
    const call = [...this.sent(chatId)].reverse().find((c) => c.payload.reply_markup?.inline_keyboard);
    return (call?.payload.reply_markup.inline_keyboard ?? []).flat().map((b: { text: string }) => b.text);
  }

  /** The chat's saved conversation state: which flow and step it is at. */
  async state(chatId: number, platform = this.profile.name): Promise<{ flow: string | null; step: string | null; version: number; draft: Record<string, unknown> }> {
    const [row] = await this.db
      .select()
      .from(chatStates)
      .where(and(eq(chatStates.platform, platform), eq(chatStates.chatId, chatId)));
    return row ? { flow: row.flow, step: row.step, version: row.version, draft: row.draft } : { flow: null, step: null, version: 0, draft: {} };
  }

  /** The step the chat is at ("flow/step"), or null when no flow is open. */
  async step(chatId: number): Promise<string | null> {
    const s = await this.state(chatId);
    return s.flow ? `${s.flow}/${s.step}` : null;
  }
}
