import { randomBytes } from "node:crypto";
import { EventEmitter, setMaxListeners } from "node:events";
import http from "node:http";
import https from "node:https";
import { setTimeout as wait } from "node:timers/promises";
import type { Message, PhotoSize, Update, UserFromGetMe } from "grammy/types";
import { extensionOf, mimeOf, pngSize, Upload } from "./uploads.ts";

// A stand-in for the Telegram/Bale Bot API servers: the methods Hamyar uses with Telegram's response
// shapes and errors, simulated users (the "side door"), and injected faults. Local mode, tests and
// benchmarks all talk to it; nothing here knows about Hamyar's own code.

/** An error answer of the Bot API: `{ ok: false, error_code, description, parameters }`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
  toJSON() {
    return { ok: false, error_code: this.errorCode, description: this.description, ...(this.parameters ? { parameters: this.parameters } : {}) };
  }
}

export interface Faults {
  /** Added to every Bot API answer. */
  latencyMs: number;
  /**
   * Bulk sends per second over all chats before answering 429 (Telegram: about 30). A bulk send is one to a
   * chat whose user has not written within `conversationMs`; a reply to someone who just wrote is not counted.
   */
  globalPerSecond: number | null;
  /** Bulk sends per second to one chat before answering 429 (Telegram: about 1). */
  perChatPerSecond: number | null;
  /** How long after a user wrote the bot's sends to them are replies, not bulk (Telegram: about a minute). */
  conversationMs: number;
  /** Chats whose user "blocked the bot": sends answer 403. */
  blockedChats: Set<number>;
  /** The next N Bot API calls answer 500. */
  failNext: number;
  /** Probability (0–1) that a call answers 500. */
  failRate: number;
}

export interface EmuUser {
  id: number;
  first_name: string;
  username?: string;
  language_code: string;
  phone_number: string;
}

/** A message in a chat as the emulator keeps it: what either side sent, with its buttons. */
export interface EmuMessage {
  message_id: number;
  chat_id: number;
  from: "bot" | "user";
  date: number;
  text?: string;
  caption?: string;
  reply_markup?: any;
  photo?: { file_id: string };
  document?: { file_id: string; file_name?: string };
  voice?: { file_id: string };
  location?: { latitude: number; longitude: number };
  contact?: { phone_number: string; user_id?: number };
  edited?: boolean;
  deleted?: boolean;
}

interface EmuChat {
  id: number;
  nextMessageId: number;
  messages: Map<number, EmuMessage>;
  /** The reply keyboard currently under the input box, or null. */
  replyKeyboard: any | null;
  lastSendAt: number;
  /** When the user last wrote (a message or a button press): the bot's sends within a minute are replies. */
  lastUserWriteAt: number;
  /** The tail of this chat's webhook/deliverer chain: the next update waits for it, so a chat's updates stay in order. */
  delivery: Promise<void>;
  /** Every send, edit or delete by the bot in this chat, oldest first; entry i has seq i + 1 (see botSeq). */
  botLog: { kind: "send" | "edit" | "delete"; message: EmuMessage }[];
  /** Webhook POSTs made for this chat, to rotate over `webhook.urls`. */
  webhookPosts: number;
}

/**
 * Where updates go by webhook. With `urls`, each POST goes to the next of them (two app instances behind a
 * load balancer); `url` is then only what getWebhookInfo reports.
 */
export interface WebhookTarget {
  url: string;
  secret?: string;
  urls?: string[];
  /**
   * At most this many webhook requests at once, the rest wait their turn in order (Telegram's setWebhook
   * max_connections: 1–100, default 40).
   */
  maxConnections?: number;
}

/** Telegram's default max_connections for a webhook. */
export const DEFAULT_WEBHOOK_CONNECTIONS = 40;

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  mime: string;
  /** The name an uploaded document came with. */
  fileName?: string;
  /** An uploaded photo's size (from its PNG header) and the smaller size Telegram answers with it. */
  size?: { width: number; height: number };
  thumbnail?: StoredFile;
}

/** What the in-process emulator answers a file inside another parameter (a media group's, editMessageMedia's). */
export const NESTED_UPLOAD_REFUSED = "Bad Request: the emulator takes an uploaded file only as the method's own field (photo, document, voice)";

export type Deliverer = (update: Update) => Promise<void>;

/**
 * What the emulator keeps across a restart of local mode (bot/emulator/saved-chats.ts writes it to DATA_DIR):
 * the people, every chat's messages and reply keyboard, the files, and the next update id, so ids keep
 * increasing and nothing new is taken for a redelivery. A file's bytes travel apart (`bytes` left out).
 */
export interface EmulatorState {
  nextUpdateId: number;
  users: EmuUser[];
  chats: { id: number; nextMessageId: number; replyKeyboard: any | null; messages: EmuMessage[] }[];
  files: (Omit<StoredFile, "bytes" | "thumbnail"> & { thumbnailId?: string })[];
}

const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendLocation"]);
const CHAT_ACTIONS = new Set(["typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"]);

export class Emulator extends EventEmitter {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly faults: Faults = { latencyMs: 0, globalPerSecond: null, perChatPerSecond: null, conversationMs: 60_000, blockedChats: new Set(), failNext: 0, failRate: 0 };
  /**
   * Sends refused with 429, for benchmarks and tests of pacing: over the bulk limit, over a chat's limit,
   * and during the bot-wide wait a bulk 429 imposed (every send then, replies included).
   */
  readonly refused = { global: 0, perChat: 0, flooded: 0 };
  /** Until when the whole bot is held after a bulk 429 (its retry_after), like the platform's flood wait. */
  private floodedUntil = 0;
  private users = new Map<number, EmuUser>();
  private chats = new Map<number, EmuChat>();
  private files = new Map<string, StoredFile>();
  private filesByPath = new Map<string, StoredFile>();
  private queue: Update[] = [];
  private waiters: (() => void)[] = [];
  private nextUpdateId = 1;
  /** Updates handed to the webhook or deliverer and not yet accepted. */
  private inFlight = 0;
  private recentSends: number[] = [];
  private callbackAnswers = new Map<string, CallbackAnswer | null>();
  /** The chat each callback query came from, so its answer reaches only that chat's live view. */
  private callbackChats = new Map<string, number>();
  private commands = new Map<string, unknown[]>();
  webhook: WebhookTarget | null = null;
  private deliverer: Deliverer | null = null;
  private closing = new AbortController();
  /** Every Bot API call, for tests and benchmarks. */
  readonly calls: { method: string; params: Record<string, any> }[] = [];
  recordCalls = true;
  /** Who waits for the bot to act in a chat (waitForBot); called on each send, edit or delete there. */
  private botWatchers = new Map<number, Set<() => void>>();
  /** Who waits for a callback query's answer (waitForCallbackAnswer), by query id. */
  private answerWatchers = new Map<string, Set<() => void>>();
  /** Rejects every pending wait; close() calls them so no test or benchmark hangs on a closed emulator. */
  private pendingWaits = new Set<(err: Error) => void>();

  constructor(opts: { token?: string; botInfo?: Partial<UserFromGetMe> } = {}) {
    super();
    this.setMaxListeners(1000);
    // Every in-flight webhook POST and retry pause listens on this signal; hundreds at once are expected.
    setMaxListeners(0, this.closing.signal);
    this.token = opts.token ?? `${100000 + Math.floor(Math.random() * 900000)}:${randomBytes(18).toString("base64url")}`;
    this.botInfo = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: "Hamyar",
      username: "hamyar_local_bot",
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      ...opts.botInfo,
    } as UserFromGetMe;
  }

  /**
   * Stops redelivering (pending side-door sends reject) and ends waiting long polls, so a process or a
   * test that used the emulator can finish; otherwise a failing webhook is retried forever.
   */
  close() {
    this.closing.abort();
    for (const a of this.agents.values()) {
      a.http.destroy();
      a.https.destroy();
    }
    this.emit("closed");
    for (const w of [...this.waiters]) w();
    for (const reject of [...this.pendingWaits]) reject(new Error("the emulator was closed"));
  }

  private agents = new Map<number, Agents>();
  /** The keep-alive agents of webhook POSTs for one max_connections. */
  private webhookAgents(maxConnections: number): Agents {
    let a = this.agents.get(maxConnections);
    if (!a) this.agents.set(maxConnections, (a = { http: new http.Agent({ keepAlive: true, maxSockets: maxConnections }), https: new https.Agent({ keepAlive: true, maxSockets: maxConnections }) }));
    return a;
  }

  /** Delivers updates by calling this function (in-process bot) instead of a webhook or getUpdates. */
  setDeliverer(deliverer: Deliverer | null) {
    this.deliverer = deliverer;
  }

  // ---------------------------------------------------------------- Bot API

  /** Answers one Bot API call like the real server: the result, or a thrown BotApiError. */
  async call(token: string, method: string, params: Record<string, any>): Promise<unknown> {
    if (this.faults.latencyMs > 0) await wait(this.faults.latencyMs);
    if (token !== this.token) throw new BotApiError(401, "Unauthorized");
    if (this.recordCalls) this.calls.push({ method, params });
    if (this.faults.failNext > 0) {
      this.faults.failNext--;
      throw new BotApiError(500, "Internal Server Error");
    }
    if (this.faults.failRate > 0 && Math.random() < this.faults.failRate) throw new BotApiError(500, "Internal Server Error");
    const handler = (this.methods as Record<string, (p: Record<string, any>) => unknown>)[method];
    if (!handler) throw new BotApiError(404, "Not Found: method not found");
    if (!SEND_METHODS.has(method)) return handler(normalizeParams(params));
    // Only a send that went out counts against the flood limits; a refused one (400) does not. Check,
    // send and count run without an await between them, so concurrent sends cannot slip past a limit.
    const countSend = this.checkSendLimits(Number(params.chat_id));
    const result = handler(normalizeParams(params));
    countSend();
    return result;
  }

  /**
   * Refuses a send to an unknown or blocked chat or over a flood limit; answers how to count the send once it
   * succeeds. The platform's rules as modelled here: a send to a chat whose user wrote within the last
   * `conversationMs` is a reply, held to no limit; any other send is bulk, held to `perChatPerSecond` in its
   * chat and `globalPerSecond` over all chats. Going over the bulk limit earns a 429 whose retry_after holds
   * every send of the bot, replies included, until it has passed.
   */
  private checkSendLimits(chatId: number): () => void {
    if (!this.users.has(chatId)) throw new BotApiError(400, "Bad Request: chat not found");
    if (this.faults.blockedChats.has(chatId)) throw new BotApiError(403, "Forbidden: bot was blocked by the user");
    const now = Date.now();
    if (now < this.floodedUntil) {
      this.refused.flooded++;
      throw tooManyRequests(this.floodedUntil - now);
    }
    const chat = this.chat(chatId);
    const bulk = now - chat.lastUserWriteAt >= this.faults.conversationMs;
    const perChat = bulk ? this.faults.perChatPerSecond : null;
    if (perChat && now - chat.lastSendAt < 1000 / perChat) {
      this.refused.perChat++;
      throw tooManyRequests(chat.lastSendAt + 1000 / perChat - now);
    }
    const global = bulk ? this.faults.globalPerSecond : null;
    if (global) {
      // Sends are counted in time order: drop those that left the window from the front.
      let old = 0;
      while (old < this.recentSends.length && now - this.recentSends[old] >= 1000) old++;
      if (old > 0) this.recentSends.splice(0, old);
      if (this.recentSends.length >= global) {
        this.refused.global++;
        const refusal = tooManyRequests(this.recentSends[0] + 1000 - now);
        this.floodedUntil = now + refusal.parameters!.retry_after! * 1000;
        throw refusal;
      }
    }
    return () => {
      if (global) this.recentSends.push(now);
      chat.lastSendAt = now;
    };
  }

  private methods = {
    getMe: () => this.botInfo,
    getUpdates: (p: Record<string, any>) => this.getUpdates(p),
    setWebhook: (p: Record<string, any>) => {
      if (!p.url) {
        this.webhook = null;
        return true;
      }
      if (!/^https?:\/\//.test(p.url)) throw new BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(p.secret_token)) throw new BotApiError(400, "Bad Request: secret token contains unallowed characters");
      const maxConnections = p.max_connections === undefined ? DEFAULT_WEBHOOK_CONNECTIONS : Number(p.max_connections);
      if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100) throw new BotApiError(400, "Bad Request: max_connections must be between 1 and 100");
      this.webhook = { url: p.url, secret: p.secret_token, maxConnections };
      // Updates queued for getUpdates now go to the webhook, as Telegram does (unless dropped).
      const pending = this.queue;
      this.queue = [];
      if (!p.drop_pending_updates) for (const u of pending) this.enqueue(chatIdOf(u), u).catch(() => {});
      return true;
    },
    deleteWebhook: (p: Record<string, any>) => {
      this.webhook = null;
      if (p.drop_pending_updates) this.queue = [];
      return true;
    },
    getWebhookInfo: () => ({
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.length + this.inFlight,
      ...(this.webhook ? { max_connections: this.webhook.maxConnections ?? DEFAULT_WEBHOOK_CONNECTIONS } : {}),
    }),
    setMyCommands: (p: Record<string, any>) => {
      if (!Array.isArray(p.commands)) throw new BotApiError(400, "Bad Request: commands must be an array");
      for (const c of p.commands) {
        const valid = typeof c?.command === "string" && /^[a-z0-9_]{1,32}$/.test(c.command) && typeof c.description === "string" && c.description.length >= 1 && c.description.length <= 256;
        if (!valid) throw new BotApiError(400, "Bad Request: BOT_COMMAND_INVALID");
      }
      this.commands.set(commandListKey(p), p.commands);
      return true;
    },
    getMyCommands: (p: Record<string, any>) => this.commands.get(commandListKey(p)) ?? [],
    deleteMyCommands: (p: Record<string, any>) => {
      this.commands.delete(commandListKey(p));
      return true;
    },
    sendMessage: (p: Record<string, any>) => {
      const text = typeof p.text === "string" ? p.text : "";
      if (text.trim() === "") throw new BotApiError(400, "Bad Request: message text is empty");
      if (text.length > 4096) throw new BotApiError(400, "Bad Request: message is too long");
      return this.botSends(p, { text });
    },
    sendPhoto: (p: Record<string, any>) => this.botSends(p, { photo: { file_id: this.fileRef(p.photo, "photos", "jpg").file_id }, caption: p.caption }),
    sendDocument: (p: Record<string, any>) => {
      const f = this.fileRef(p.document, "documents", "bin");
      return this.botSends(p, { document: { file_id: f.file_id, ...(f.fileName ? { file_name: f.fileName } : {}) }, caption: p.caption });
    },
    sendVoice: (p: Record<string, any>) => this.botSends(p, { voice: { file_id: this.fileRef(p.voice, "voice", "oga").file_id }, caption: p.caption }),
    sendLocation: (p: Record<string, any>) => {
      const latitude = Number(p.latitude);
      const longitude = Number(p.longitude);
      if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) throw new BotApiError(400, "Bad Request: wrong coordinates");
      return this.botSends(p, { location: { latitude, longitude } });
    },
    editMessageText: (p: Record<string, any>) => {
      const m = this.botMessage(p);
      if (m.text === undefined) throw new BotApiError(400, "Bad Request: there is no text in the message to edit");
      const text = typeof p.text === "string" ? p.text : "";
      if (text.trim() === "") throw new BotApiError(400, "Bad Request: message text is empty");
      const markup = p.reply_markup ?? undefined;
      if (m.text === text && JSON.stringify(m.reply_markup) === JSON.stringify(markup)) {
        throw new BotApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      }
      checkInlineMarkup(markup);
      m.text = text;
      m.reply_markup = markup;
      m.edited = true;
      this.botActed(m, "edit");
      this.emit("update", { type: "edit", message: m });
      return this.asTelegramMessage(m);
    },
    editMessageReplyMarkup: (p: Record<string, any>) => {
      const m = this.botMessage(p);
      const markup = p.reply_markup && p.reply_markup.inline_keyboard?.length ? p.reply_markup : undefined;
      if (JSON.stringify(m.reply_markup) === JSON.stringify(markup)) throw new BotApiError(400, "Bad Request: message is not modified");
      checkInlineMarkup(markup);
      m.reply_markup = markup;
      this.botActed(m, "edit");
      this.emit("update", { type: "edit", message: m });
      return this.asTelegramMessage(m);
    },
    deleteMessage: (p: Record<string, any>) => {
      const m = this.chats.get(Number(p.chat_id))?.messages.get(Number(p.message_id));
      if (!m || m.deleted) throw new BotApiError(400, "Bad Request: message to delete not found");
      m.deleted = true;
      this.botActed(m, "delete");
      this.emit("update", { type: "delete", message: m });
      return true;
    },
    answerCallbackQuery: (p: Record<string, any>) => {
      if (!this.callbackAnswers.has(p.callback_query_id)) {
        throw new BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
      }
      if (this.callbackAnswers.get(p.callback_query_id) !== null) throw new BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
      const answer = { text: p.text, show_alert: p.show_alert === true };
      this.callbackAnswers.set(p.callback_query_id, answer);
      for (const notify of [...(this.answerWatchers.get(p.callback_query_id) ?? [])]) notify();
      this.emit("update", { type: "callback_answer", id: p.callback_query_id, chat_id: this.callbackChats.get(p.callback_query_id), answer });
      return true;
    },
    sendChatAction: (p: Record<string, any>) => {
      if (!this.users.has(Number(p.chat_id))) throw new BotApiError(400, "Bad Request: chat not found");
      if (this.faults.blockedChats.has(Number(p.chat_id))) throw new BotApiError(403, "Forbidden: bot was blocked by the user");
      if (!CHAT_ACTIONS.has(p.action)) throw new BotApiError(400, "Bad Request: wrong parameter action in request");
      return true;
    },
    getFile: (p: Record<string, any>) => {
      const f = this.files.get(p.file_id);
      if (!f) throw new BotApiError(400, "Bad Request: invalid file_id");
      return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length, file_path: f.file_path };
    },
  };

  private getUpdates(p: Record<string, any>): Promise<Update[]> | Update[] {
    if (this.webhook) throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    if (this.queue.length > 0) return this.queue.slice(0, limit);
    const timeout = Math.min(Number(p.timeout ?? 0), 50);
    if (timeout <= 0) return [];
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(this.queue.slice(0, limit));
      };
      const timer = setTimeout(done, timeout * 1000);
      this.waiters.push(done);
    });
  }

  /** The file a send names: an upload (kept as sent), a file id the emulator gave, or a URL. */
  private fileRef(ref: unknown, folder: string, ext: string): StoredFile {
    if (ref instanceof Upload) return this.storeUpload(ref, folder, ext);
    const known = typeof ref === "string" ? this.files.get(ref) : undefined;
    if (known) return known;
    // Telegram fetches a URL and gives the file its own id; the emulator keeps an empty file under a new id.
    if (typeof ref === "string" && /^https?:\/\//.test(ref)) return this.storeFile(Buffer.alloc(0), "application/octet-stream", folder, ext);
    throw new BotApiError(400, "Bad Request: wrong file identifier/HTTP URL specified");
  }

  private storeUpload(u: Upload, folder: string, defaultExt: string): StoredFile {
    if (u.bytes.length === 0) throw new BotApiError(400, "Bad Request: file must be non-empty");
    const f = this.storeFile(u.bytes, mimeOf(u.fileName), folder, extensionOf(u.fileName) ?? defaultExt);
    if (folder !== "photos") return Object.assign(f, u.fileName ? { fileName: u.fileName } : {});
    // Telegram answers a photo with several sizes, the largest last; the emulator keeps the bytes of all as sent.
    const size = pngSize(u.bytes) ?? { width: 800, height: 600 };
    const scale = Math.min(1, 90 / Math.max(size.width, size.height, 1));
    const thumbnail = Object.assign(this.storeFile(u.bytes, f.mime, "thumbnails", extensionOf(f.file_path) ?? "jpg"), {
      size: { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) },
    });
    return Object.assign(f, { size, thumbnail });
  }

  private photoSizes(fileId: string): PhotoSize[] {
    const f = this.files.get(fileId);
    const one = (x: StoredFile | undefined, id: string): PhotoSize => ({ file_id: id, file_unique_id: uniqueIdOf(id), width: x?.size?.width ?? 800, height: x?.size?.height ?? 600, ...(x ? { file_size: x.bytes.length } : {}) });
    return f?.thumbnail ? [one(f.thumbnail, f.thumbnail.file_id), one(f, fileId)] : [one(f, fileId)];
  }

  private botMessage(p: Record<string, any>): EmuMessage {
    const m = this.chats.get(Number(p.chat_id))?.messages.get(Number(p.message_id));
    if (!m || m.deleted) throw new BotApiError(400, "Bad Request: message to edit not found");
    if (m.from !== "bot") throw new BotApiError(400, "Bad Request: message can't be edited");
    return m;
  }

  private botSends(p: Record<string, any>, content: Partial<EmuMessage>) {
    const chat = this.chat(Number(p.chat_id));
    const markup = p.reply_markup;
    if (markup?.inline_keyboard) checkInlineMarkup(markup);
    const m: EmuMessage = { message_id: chat.nextMessageId++, chat_id: chat.id, from: "bot", date: now(), ...content, reply_markup: markup };
    if (markup?.keyboard) chat.replyKeyboard = markup;
    if (markup?.remove_keyboard) chat.replyKeyboard = null;
    chat.messages.set(m.message_id, m);
    this.botActed(m, "send");
    this.emit("update", { type: "message", message: m });
    return this.asTelegramMessage(m);
  }

  private asTelegramMessage(m: EmuMessage): Message {
    const chat = { id: m.chat_id, type: "private" as const, first_name: this.users.get(m.chat_id)?.first_name ?? "" };
    const base = { message_id: m.message_id, date: m.date, chat, ...(m.edited ? { edit_date: now() } : {}) };
    const from = m.from === "bot" ? this.botInfo : this.asUser(this.userFor(m.chat_id));
    return {
      ...base,
      from,
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.caption ? { caption: m.caption } : {}),
      ...(m.photo ? { photo: this.photoSizes(m.photo.file_id) } : {}),
      ...(m.document ? { document: this.documentOf(m.document) } : {}),
      ...(m.voice ? { voice: { file_id: m.voice.file_id, file_unique_id: uniqueIdOf(m.voice.file_id), duration: 1 } } : {}),
      ...(m.location ? { location: m.location } : {}),
      ...(m.reply_markup?.inline_keyboard ? { reply_markup: m.reply_markup } : {}),
    } as Message;
  }

  private documentOf(d: { file_id: string; file_name?: string }) {
    const f = this.files.get(d.file_id);
    return { file_id: d.file_id, file_unique_id: uniqueIdOf(d.file_id), file_name: d.file_name, ...(f ? { mime_type: f.mime, file_size: f.bytes.length } : {}) };
  }

  // ---------------------------------------------------------------- waiting for the bot

  /**
   * How many times the bot sent, edited or deleted a message in this chat so far. Read it before the user
   * acts, then `waitForBot(chatId, seq)` finds the bot's reply whether it came before or after the
   * webhook answered.
   */
  botSeq(chatId: number): number {
    return this.chats.get(chatId)?.botLog.length ?? 0;
  }

  /**
   * The first bot message of the chat sent or edited after `afterSeq` that satisfies `match` (judged as
   * the message is now, so a keyboard removed since does not count). What already happened is checked
   * first, so a reply that came before the call is found; otherwise it waits for the bot's next sends and
   * edits. Rejects after `timeoutMs` naming the chat and the bot's last text.
   */
  waitForBot(chatId: number, afterSeq: number, match: (m: EmuMessage) => boolean = () => true, timeoutMs = 5000): Promise<EmuMessage> {
    const chat = this.chat(chatId);
    let checked = Math.max(0, afterSeq);
    const find = (): EmuMessage | undefined => {
      for (; checked < chat.botLog.length; checked++) {
        const { kind, message } = chat.botLog[checked];
        if (kind !== "delete" && !message.deleted && match(message)) return message;
      }
      return undefined;
    };
    const found = find();
    if (found) return Promise.resolve(found);
    return this.waitFor(this.botWatchers, chatId, timeoutMs, find, () => {
      const last = [...chat.messages.values()].reverse().find((m) => m.from === "bot" && !m.deleted);
      const lastText = last ? JSON.stringify((last.text ?? last.caption ?? "(no text)").slice(0, 200)) : "none";
      return `chat ${chatId}: no matching bot message after seq ${afterSeq} within ${timeoutMs} ms (bot seq now ${chat.botLog.length}; last bot text: ${lastText})`;
    });
  }

  /** The bot's answer to a callback query, once it came; rejects after `timeoutMs` or for an unknown query id. */
  waitForCallbackAnswer(id: string, timeoutMs = 5000): Promise<CallbackAnswer> {
    if (!this.callbackAnswers.has(id)) return Promise.reject(new Error(`unknown callback query ${id}`));
    const answered = () => this.callbackAnswers.get(id) ?? undefined;
    const now = answered();
    if (now) return Promise.resolve(now);
    return this.waitFor(this.answerWatchers, id, timeoutMs, answered, () => `callback query ${id} (chat ${this.callbackChats.get(id)}) not answered within ${timeoutMs} ms`);
  }

  /** Calls `check` whenever the key's watchers are notified, until it answers something, the timeout or close(). */
  private waitFor<K, T>(watchers: Map<K, Set<() => void>>, key: K, timeoutMs: number, check: () => T | undefined, describeTimeout: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const set = watchers.get(key) ?? new Set();
      watchers.set(key, set);
      const finish = () => {
        clearTimeout(timer);
        set.delete(onEvent);
        if (set.size === 0 && watchers.get(key) === set) watchers.delete(key);
        this.pendingWaits.delete(onClose);
      };
      const onEvent = () => {
        const result = check();
        if (result === undefined) return;
        finish();
        resolve(result);
      };
      const onClose = (err: Error) => {
        finish();
        reject(err);
      };
      const timer = setTimeout(() => onClose(new Error(describeTimeout())), timeoutMs);
      set.add(onEvent);
      this.pendingWaits.add(onClose);
      if (this.closing.signal.aborted) onClose(new Error("the emulator was closed"));
    });
  }

  /** Records a send, edit or delete by the bot and wakes whoever waits on that chat. */
  private botActed(message: EmuMessage, kind: "send" | "edit" | "delete") {
    this.chat(message.chat_id).botLog.push({ kind, message });
    for (const notify of [...(this.botWatchers.get(message.chat_id) ?? [])]) notify();
  }

  /**
   * The webhook URL for this chat's next POST. With several, each chat rotates through them, starting at an
   * offset from its id so chats spread evenly: every two consecutive updates of one chat land on
   * different instances (a global rotation would put them on the same instance half the time).
   */
  private webhookUrlFor(chat: EmuChat): string {
    const urls = this.webhook?.urls;
    if (!urls?.length) return this.webhook!.url;
    const n = urls.length;
    return urls[(((chat.id + chat.webhookPosts++) % n) + n) % n];
  }

  // ---------------------------------------------------------------- simulated users (side door)

  private chat(id: number): EmuChat {
    let chat = this.chats.get(id);
    if (!chat) {
      chat = { id, nextMessageId: 1, messages: new Map(), replyKeyboard: null, lastSendAt: 0, lastUserWriteAt: -Infinity, delivery: Promise.resolve(), botLog: [], webhookPosts: 0 };
      this.chats.set(id, chat);
    }
    return chat;
  }

  /** The simulated user with this id, created on first use with a Persian name and an Iranian mobile number. */
  userFor(id: number, patch: Partial<EmuUser> = {}): EmuUser {
    let u = this.users.get(id);
    if (!u) {
      // A Persian name reads its number in Persian digits («کاربر ۲۰۰۰۰۰۱», shown as is on the dashboard's header).
      u = { id, first_name: `کاربر ${String(id).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)])}`, language_code: "fa", phone_number: `98912${String(id % 10_000_000).padStart(7, "0")}` };
      this.users.set(id, u);
    }
    Object.assign(u, patch);
    return u;
  }

  /** The chats the emulator knows (someone wrote or was written to), oldest first. */
  chatIds(): number[] {
    return [...this.chats.keys()];
  }

  /** Messages of a chat in order (deleted ones left out). */
  messages(chatId: number): EmuMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])].filter((m) => !m.deleted);
  }

  /** The reply keyboard the user sees now, or null. */
  replyKeyboard(chatId: number): any | null {
    return this.chats.get(chatId)?.replyKeyboard ?? null;
  }

  /** The answer the bot gave to a callback query (null while unanswered). */
  callbackAnswer(id: string) {
    return this.callbackAnswers.get(id) ?? null;
  }

  /** The user sends a text message. Resolves when the update was delivered (webhook answered, or queued for polling). */
  sendText(userId: number, text: string): Promise<Update> {
    const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(/\s/)[0].length }] : undefined;
    return this.userSends(userId, { text }, entities ? { entities } : {});
  }

  /** The user taps a reply-keyboard button: its text, or their contact / location when the button asks for it. */
  async pressReplyButton(userId: number, label: string, location = { latitude: 35.6997, longitude: 51.3380 }): Promise<Update> {
    const keyboard = this.replyKeyboard(userId);
    const button = keyboard?.keyboard?.flat().find((b: any) => (typeof b === "string" ? b : b.text) === label);
    if (!button) throw new BotApiError(400, `no reply button "${label}" on the keyboard`);
    if (button.request_contact) return this.shareContact(userId);
    if (button.request_location) return this.sendLocation(userId, location.latitude, location.longitude);
    return this.sendText(userId, label);
  }

  /** The user taps an inline button (by callback data or label) under one of the bot's messages. */
  async pressInlineButton(userId: number, messageId: number, button: { data?: string; text?: string }): Promise<{ update: Update; callbackQueryId: string }> {
    const m = this.chats.get(userId)?.messages.get(messageId);
    if (!m || m.deleted || m.from !== "bot") throw new BotApiError(400, "no such message");
    const b = m.reply_markup?.inline_keyboard?.flat().find((x: any) => (button.data !== undefined ? x.callback_data === button.data : x.text === button.text));
    if (!b || b.callback_data === undefined) throw new BotApiError(400, "no such inline button");
    const id = randomBytes(8).toString("hex");
    this.callbackAnswers.set(id, null);
    this.callbackChats.set(id, userId);
    const user = this.userFor(userId);
    const update = {
      update_id: this.nextUpdateId++,
      callback_query: { id, from: this.asUser(user), chat_instance: String(userId), data: b.callback_data, message: this.asTelegramMessage(m) },
    } as Update;
    await this.enqueue(userId, update);
    return { update, callbackQueryId: id };
  }

  /** The user shares a contact: their own (default) or someone else's number. */
  shareContact(userId: number, contact?: { phone_number: string; user_id?: number; first_name?: string }): Promise<Update> {
    const user = this.userFor(userId);
    const { first_name, ...c } = contact ?? { phone_number: user.phone_number, user_id: userId, first_name: user.first_name };
    return this.userSends(userId, { contact: c }, { contact: { ...c, first_name: first_name ?? "مخاطب" } });
  }

  sendLocation(userId: number, latitude: number, longitude: number): Promise<Update> {
    return this.userSends(userId, { location: { latitude, longitude } }, { location: { latitude, longitude } });
  }

  /** The user sends a photo (bytes kept, so getFile and download work). */
  sendPhoto(userId: number, bytes: Buffer, mime = "image/jpeg"): Promise<Update> {
    const f = this.storeFile(bytes, mime, "photos", "jpg");
    return this.userSends(userId, { photo: { file_id: f.file_id } }, { photo: [{ file_id: f.file_id, file_unique_id: f.file_unique_id, width: 800, height: 600, file_size: bytes.length }] });
  }

  sendDocument(userId: number, bytes: Buffer, fileName: string, mime = "application/pdf"): Promise<Update> {
    const f = Object.assign(this.storeFile(bytes, mime, "documents", fileName.includes(".") ? fileName.split(".").pop()! : "bin"), { fileName });
    return this.userSends(userId, { document: { file_id: f.file_id, file_name: fileName } }, { document: { file_id: f.file_id, file_unique_id: f.file_unique_id, file_name: fileName, mime_type: mime, file_size: bytes.length } });
  }

  sendVoice(userId: number, bytes: Buffer, durationSeconds = 3): Promise<Update> {
    const f = this.storeFile(bytes, "audio/ogg", "voice", "oga");
    return this.userSends(userId, { voice: { file_id: f.file_id } }, { voice: { file_id: f.file_id, file_unique_id: f.file_unique_id, duration: durationSeconds, mime_type: "audio/ogg", file_size: bytes.length } });
  }

  /** The user sends a sticker (something Hamyar never asks for). */
  sendSticker(userId: number): Promise<Update> {
    return this.userSends(userId, { text: "🙂" }, { sticker: { file_id: "sticker-1", file_unique_id: "st1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }, true);
  }

  /** A downloaded file's bytes, by its path from getFile. */
  fileByPath(path: string): StoredFile | undefined {
    return this.filesByPath.get(path);
  }

  /** A file the emulator holds (sent by a user, or uploaded by the bot), by its file id. */
  fileById(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** The bytes of a file by its file id: what a chat received, exactly as the bot uploaded it. */
  fileBytes(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.bytes;
  }

  /** The state local mode keeps across restarts (see EmulatorState). */
  state(): EmulatorState {
    return {
      nextUpdateId: this.nextUpdateId,
      users: [...this.users.values()],
      chats: [...this.chats.values()].map((c) => ({ id: c.id, nextMessageId: c.nextMessageId, replyKeyboard: c.replyKeyboard, messages: [...c.messages.values()] })),
      files: [...this.files.values()].map(({ bytes: _bytes, thumbnail, ...f }) => ({ ...f, ...(thumbnail ? { thumbnailId: thumbnail.file_id } : {}) })),
    };
  }

  /** Takes back a state saved by a previous run, before anyone writes; `bytesOf` reads a file's bytes (empty when lost). */
  restore(state: EmulatorState, bytesOf: (file: { file_id: string; file_unique_id: string }) => Buffer): void {
    this.nextUpdateId = Math.max(this.nextUpdateId, state.nextUpdateId);
    for (const u of state.users) this.users.set(u.id, u);
    for (const c of state.chats) {
      const chat = this.chat(c.id);
      chat.nextMessageId = c.nextMessageId;
      chat.replyKeyboard = c.replyKeyboard;
      for (const m of c.messages) chat.messages.set(m.message_id, m);
    }
    for (const { thumbnailId: _t, ...f } of state.files) {
      const stored: StoredFile = { ...f, bytes: bytesOf(f) };
      this.files.set(f.file_id, stored);
      this.filesByPath.set(f.file_path, stored);
    }
    for (const f of state.files) if (f.thumbnailId && this.files.has(f.thumbnailId)) this.files.get(f.file_id)!.thumbnail = this.files.get(f.thumbnailId);
  }

  private storeFile(bytes: Buffer, mime: string, folder: string, ext: string): StoredFile {
    const file_unique_id = randomBytes(6).toString("hex");
    const safeExt = /^[A-Za-z0-9]{1,10}$/.test(ext) ? ext : "bin";
    const f = { file_id: `F${file_unique_id}${randomBytes(6).toString("hex")}`, file_unique_id, file_path: `${folder}/file_${file_unique_id}.${safeExt}`, bytes, mime };
    this.files.set(f.file_id, f);
    this.filesByPath.set(f.file_path, f);
    return f;
  }

  private asUser(u: EmuUser) {
    return { id: u.id, is_bot: false, first_name: u.first_name, ...(u.username ? { username: u.username } : {}), language_code: u.language_code };
  }

  private async userSends(userId: number, kept: Partial<EmuMessage>, telegram: Record<string, unknown>, hideText = false): Promise<Update> {
    const user = this.userFor(userId);
    const chat = this.chat(userId);
    const m: EmuMessage = { message_id: chat.nextMessageId++, chat_id: userId, from: "user", date: now(), ...kept };
    chat.messages.set(m.message_id, m);
    this.emit("update", { type: "message", message: m });
    const message = { message_id: m.message_id, date: m.date, chat: { id: userId, type: "private", first_name: user.first_name }, from: this.asUser(user), ...(hideText ? {} : kept.text !== undefined ? { text: kept.text } : {}), ...telegram };
    const update = { update_id: this.nextUpdateId++, message } as Update;
    await this.enqueue(userId, update);
    return update;
  }

  /** Queues an update for the bot: one chat's updates are delivered strictly in order. */
  private enqueue(chatId: number, update: Update): Promise<void> {
    const chat = this.chat(chatId);
    chat.lastUserWriteAt = Date.now();
    this.emit("changed");
    if (!this.webhook && !this.deliverer) {
      this.queue.push(update);
      for (const w of [...this.waiters]) w();
      return Promise.resolve();
    }
    this.inFlight++;
    const delivery = chat.delivery.then(() => this.deliver(chat, update)).finally(() => this.inFlight--);
    chat.delivery = delivery.catch(() => {});
    return delivery;
  }

  /**
   * Like Telegram, performs a Bot API call the bot put in its webhook answer (`{"method": …, …}`); the
   * bot learns nothing of the outcome.
   */
  private async webhookReply(body: string): Promise<void> {
    let call: unknown;
    try {
      call = JSON.parse(body);
    } catch {
      return;
    }
    if (!call || typeof call !== "object" || typeof (call as { method?: unknown }).method !== "string") return;
    const { method, ...params } = call as { method: string } & Record<string, unknown>;
    await this.call(this.token, method, params).catch(() => {});
  }

  private async deliver(chat: EmuChat, update: Update): Promise<void> {
    // Like Telegram, keep redelivering until the bot accepts the update, backing off up to 5 s.
    for (let delay = 50; ; delay = Math.min(delay * 2, 5000)) {
      if (this.closing.signal.aborted) throw new Error("the emulator was closed before the update was delivered");
      try {
        if (this.deliverer) {
          await this.deliverer(update);
          return;
        }
        if (!this.webhook) {
          this.queue.push(update);
          return;
        }
        const { status, body } = await postJson(this.webhookUrlFor(chat), update, this.webhook.secret, this.closing.signal, this.webhookAgents(this.webhook.maxConnections ?? DEFAULT_WEBHOOK_CONNECTIONS));
        if (status >= 200 && status < 300) {
          await this.webhookReply(body);
          return;
        }
        this.emit("delivery_failed", { update_id: update.update_id, status });
      } catch (err) {
        this.emit("delivery_failed", { update_id: update.update_id, error: String(err) });
      }
      await wait(delay, undefined, { signal: this.closing.signal }).catch(() => {});
    }
  }
}

// Webhook POSTs go through node:http with a keep-alive agent: several times cheaper per request than
// fetch, which matters when the emulator drives a benchmark from the same machine. The agent holds at most
// max_connections sockets, like the platform: further updates wait in its queue, in the order they came.
interface Agents {
  http: http.Agent;
  https: https.Agent;
}

function postJson(url: string, body: unknown, secret: string | undefined, signal: AbortSignal, keepAlive: Agents): Promise<{ status: number; body: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: "POST",
        agent: target.protocol === "https:" ? keepAlive.https : keepAlive.http,
        signal,
        headers: {
          "content-type": "application/json",
          "content-length": payload.length,
          ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Telegram's flood answer: retry_after is whole seconds until the window frees up, at least 1. */
function tooManyRequests(waitMs: number) {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

function checkInlineMarkup(markup: any) {
  for (const b of markup?.inline_keyboard?.flat() ?? []) {
    if (typeof b.text !== "string" || b.text === "") throw new BotApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
    if (b.callback_data !== undefined && Buffer.byteLength(String(b.callback_data)) > 64) throw new BotApiError(400, "Bad Request: BUTTON_DATA_INVALID");
  }
}

/** Form-encoded parameters arrive as strings; JSON-valued ones (reply_markup, commands, scope) are decoded. */
function normalizeParams(p: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...p };
  for (const key of ["reply_markup", "commands", "allowed_updates", "scope"]) {
    if (typeof out[key] === "string") {
      try {
        out[key] = JSON.parse(out[key]);
      } catch {
        throw new BotApiError(400, `Bad Request: can't parse ${key} JSON object`);
      }
    }
  }
  for (const key of ["show_alert", "drop_pending_updates"]) if (out[key] === "true") out[key] = true;
  return out;
}

/** The private chat an update belongs to (the user's id, since every emulated chat is private). */
function chatIdOf(u: Update): number {
  return u.message?.chat.id ?? u.callback_query?.from.id ?? 0;
}

const uniqueIdOf = (fileId: string) => fileId.slice(1, 13);
const now = () => Math.floor(Date.now() / 1000);

/** Command lists are kept per scope (default, or one chat) and language, like the platform does. */
function commandListKey(p: Record<string, any>): string {
  const chat = p.scope?.type === "chat" ? `chat:${p.scope.chat_id}` : "default";
  return `${chat}:${p.language_code ?? ""}`;
}
