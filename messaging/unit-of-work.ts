import { repliesQueued, updateSeconds, updatesHandled } from "../metrics.ts";
import type { MiddlewareFn, Transformer } from "grammy";
import type { Logger } from "pino";
import type { ChatClaim, QueuedCall } from "./reply-queue.ts";
import type { Db } from "../db/client.ts";
import { emptySession } from "../flows/engine.ts";
import { beginUpdate, finishUpdate, markUpdateProcessed, transactionEndingWith } from "./chat-state.ts";
import { updateFingerprint } from "./update-fingerprint.ts";
import type { BotContext } from "../bot/context.ts";
import { isTransientFailure } from "./platform-errors.ts";
import { crashPoint } from "./crash-points.ts";
import { translator } from "../bot/translator.ts";

/** Where an update's replies go once its transaction committed (messaging/chat-sender.ts). */
export interface ReplyDispatch {
  take(chatId: number, claim: ChatClaim): void;
  sendEphemeral(calls: QueuedCall[]): void;
  kick(chatId: number): void;
}

export interface UnitOfWorkOptions {
  db: Db;
  platform: string;
  logger: Logger;
  floodWindowSeconds: number;
  /** Names this instance's sender in chat leases. */
  instanceId: string;
  sender: ReplyDispatch;
  /** The first callback answer of an update may ride in the webhook's answer (webhook mode, Telegram). */
  webhookReplies: boolean;
  /**
   * Polling has no redelivery: a transient failure (database down) is retried here until it passes.
   * Webhooks rethrow instead, so the route answers 5xx and the platform redelivers.
   */
  retryTransient: boolean;
}

/**
 * Runs each update exactly once, in one transaction: lock the chat's row (serialising that chat across
 * instances), record update_id (a redelivery stops here), load the user — one statement, see
 * beginUpdate — then run the handlers, whose Bot API calls are captured (ReplyCapture, below), and end
 * with one statement that saves the session and queues the replies (finishUpdate). Only after the commit are the replies handed to the
 * sender: commit first, then speak.
 * A bug in one update is logged and the update acknowledged, so it cannot loop; the chat stays where it was.
 */
export function unitOfWork(o: UnitOfWorkOptions): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    const updateId = ctx.update.update_id;
    const fingerprint = updateFingerprint(ctx.update);
    const started = performance.now();
    const attempt = async () => {
      const capture = new ReplyCapture();
      ctx.api.config.use(capture.transformer);
      let fresh = true;
      const claim = await transactionEndingWith(o.db, async (tx) => {
        ctx.tx = tx;
        const from = ctx.from && !ctx.from.is_bot ? ctx.from : undefined;
        const start = await beginUpdate(tx, {
          platform: o.platform,
          botId: ctx.me.id,
          updateId,
          fingerprint,
          chatId,
          from: from && { id: from.id, firstName: from.first_name, username: from.username, languageCode: from.language_code },
          floodWindowSeconds: o.floodWindowSeconds,
        });
        if (!start.fresh) {
          fresh = false;
          return null;
        }
        if (start.reusedId) o.logger.info({ updateId }, "update id seen before with other content: a new update (the platform's ids started again)");
        ctx.chatRow = start.chat;
        if (start.user) ctx.user = start.user;
        const row = ctx.chatRow;
        ctx.session = row ? { flow: row.flow, step: row.step, draft: row.draft, version: row.version } : emptySession();
        await next();
        if (!row || chatId === undefined) return null;
        crashPoint("before-commit", capture.queued);
        return finishUpdate({
          platform: o.platform,
          chatId,
          updateId,
          fingerprint,
          state: { session: ctx.session, floodWarned: row.floodWarned, groupNoticeSent: row.groupNoticeSent },
          calls: capture.queued,
          sender: o.instanceId,
        });
      });
      crashPoint("after-commit", capture.queued);
      if (!fresh) {
        // A redelivery: the platform did not hear our answer, perhaps because we stopped after the commit
        // and before sending. Send whatever the chat still has pending; nothing is queued again.
        o.logger.debug({ updateId }, "redelivered update ignored");
        updatesHandled.inc({ platform: o.platform, outcome: "duplicate" });
        if (chatId !== undefined) o.sender.kick(chatId);
        return;
      }
      updatesHandled.inc({ platform: o.platform, outcome: "done" });
      updateSeconds.observe({ platform: o.platform }, (performance.now() - started) / 1000);
      if (capture.queued.length > 0) repliesQueued.inc({ platform: o.platform }, capture.queued.length);
      capture.end();
      await answerNow(o, ctx, capture.ephemeral);
      if (claim && chatId !== undefined) o.sender.take(chatId, claim);
    };

    for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        await attempt();
        return;
      } catch (err) {
        if (isTransientFailure(err)) {
          updatesHandled.inc({ platform: o.platform, outcome: "transient" });
          if (!o.retryTransient) throw err;
          o.logger.warn({ err, updateId, retryInMs: delayMs }, "transient failure; retrying the update");
          await new Promise((r) => setTimeout(r, delayMs));
          continue;
        }
        o.logger.error({ err, updateId }, "update failed; acknowledged without changes");
        updatesHandled.inc({ platform: o.platform, outcome: "failed" });
        await acknowledgeFailure(o, ctx, chatId, updateId, fingerprint);
        return;
      }
    }
  };
}

/**
 * Sends the calls that only matter now (a button press's answer). In webhook mode on a platform that
 * allows it, the first callback answer rides in the webhook's own answer (grammY's webhook reply: no
 * request of its own, and it leaves only after the commit, when the route answers); the rest go through
 * the sender without waiting.
 */
async function answerNow(o: UnitOfWorkOptions, ctx: BotContext, calls: QueuedCall[]): Promise<void> {
  const viaWebhook = o.webhookReplies ? calls.findIndex((c) => c.method === "answerCallbackQuery") : -1;
  if (viaWebhook >= 0) {
    const raw = ctx.api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>;
    await raw.answerCallbackQuery(calls[viaWebhook].payload).catch(() => {});
  }
  o.sender.sendEphemeral(calls.filter((_, i) => i !== viaWebhook));
}

/** Records a failed update as handled and tells the person, in one transaction; the chat's state is left as it was. */
async function acknowledgeFailure(o: UnitOfWorkOptions, ctx: BotContext, chatId: number | undefined, updateId: number, fingerprint: string): Promise<void> {
  const tellThem = chatId !== undefined && ctx.chat?.type === "private";
  const t = translator(ctx.user?.language === "en" ? "en" : "fa");
  const claim = await transactionEndingWith(o.db, async (tx) => {
    await markUpdateProcessed(tx, ctx.me.id, updateId, fingerprint, "failed");
    if (!tellThem) return null;
    const calls = [{ method: "sendMessage", payload: { chat_id: chatId, text: t("error-generic") } }];
    return finishUpdate({ platform: o.platform, chatId: chatId!, updateId, fingerprint, calls, sender: o.instanceId });
  });
  if (claim) o.sender.take(chatId!, claim);
}

// Commit first, then speak: while an update's transaction is open, the Bot API calls its handlers make
// through ctx.api are not sent. They are captured here as data, written to the chat's reply queue in the
// same transaction, and sent by the chat sender after the commit. A rollback therefore leaves no message
// behind, and no database connection or row lock waits for the platform.

/** Calls queued in the chat's reply queue, sent in order after the commit. */
const QUEUED = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVoice",
  "sendLocation",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
  "deleteMessage",
  // The command list of one chat (scope chat), changed when its user becomes staff or stops being staff.
  "setMyCommands",
  "deleteMyCommands",
]);

/** Calls that only matter now (a button press's answer, "typing…"): sent after the commit, never stored or retried. */
const EPHEMERAL = new Set(["answerCallbackQuery", "sendChatAction"]);

export class ReplyCapture {
  /** Calls for the chat's reply queue, in the order the handlers made them. */
  readonly queued: QueuedCall[] = [];
  /** Calls sent once after the commit, unordered. */
  readonly ephemeral: QueuedCall[] = [];
  /** Set once the transaction has ended: calls then go to the platform (or the webhook's answer). */
  private ended = false;

  /** Lets calls through from now on: the update's transaction has committed. */
  end(): void {
    this.ended = true;
  }

  /**
   * The transformer installed on the update's ctx.api. A sent message's result carries a placeholder id,
   * -(seq + 1); a later call of the same update that uses it (editing a prompt sent in this step) is
   * resolved to the real id when it is sent.
   */
  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    if (this.ended) return prev(method, payload, signal);
    const params = { ...((payload ?? {}) as Record<string, unknown>) };
    if (EPHEMERAL.has(method)) {
      this.ephemeral.push({ method, payload: params });
      return { ok: true, result: true } as never;
    }
    if (!QUEUED.has(method)) {
      throw new Error(`Bot API method ${method} was called inside an update's transaction; call it from a worker after the commit`);
    }
    const seq = this.queued.length;
    this.queued.push({ method, payload: params });
    return { ok: true, result: placeholderResult(method, params, seq) } as never;
  };
}

function placeholderResult(method: string, params: Record<string, unknown>, seq: number): unknown {
  if (method === "deleteMessage" || method === "editMessageReplyMarkup") return true;
  const chat = { id: params.chat_id, type: "private" };
  const messageId = method.startsWith("edit") ? params.message_id : -(seq + 1);
  return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, ...(typeof params.text === "string" ? { text: params.text } : {}) };
}
