import { botApiErrors, errorCode, messagesSent } from "../metrics.ts";
import type { Api } from "grammy";
import type { Logger } from "pino";
import { translator } from "../bot/translator.ts";
import { crashPoint } from "./crash-points.ts";
import {
  claimChat,
  dueChats,
  forgetSentSecret,
  SECRET_MARK,
  EDITS_MARK,
  LATER_MARK,
  placeholderSeq,
  releaseChat,
  sentMessageId,
  settleChats,
  type Settle,
  LEASE_SECONDS,
  type ChatClaim,
  type QueuedCall,
  type ReplyOutcome,
  type ReplyRow,
} from "./reply-queue.ts";
import { backoffMs } from "../core/outbox.ts";
import { markUserBlocked } from "../core/users.ts";
import { safeError } from "../logger.ts";
import type { Db } from "../db/client.ts";
import { GateStopped, type SendDone, type SendGate } from "./send-gate.ts";
import { isTransientFailure, platformFailure } from "./platform-errors.ts";
import { createGeneratedFileUploads, GeneratedFileMissing, type GeneratedFileUploads } from "./uploads.ts";

// The chat sender: the one place that sends chat messages to the platform, for one bot. Replies of
// updates, pushed notifications and (later) directives and announcements are rows of the per-chat reply
// queue (messaging/reply-queue.ts); the sender works on a chat only while it holds that chat's lease, so one
// chat's messages leave in order across instances, and it never holds a database connection while a
// platform call is in flight. Delivery is at least once: a crash between a send and its bookkeeping
// sends that one message again.

export interface ChatSenderOptions {
  db: Db;
  /** The bot's API (bot.api): its transformers (tests, local mode) apply. */
  api: Api;
  /** Only this platform's chats are sent by this sender. */
  platform: string;
  /** Names this instance in chat leases; a restart with the same id takes its old leases back at once. */
  instanceId: string;
  logger: Logger;
  /** Abandon a platform call after this long (it is then retried): keeps a stuck call from holding a chat. */
  callTimeoutMs?: number;
  /** Backoff cap for a reply the platform could not take (5xx, network, timeout). */
  maxBackoffMs?: number;
  /** How long a finished chat's bookkeeping waits for others to share its statement. */
  settleWindowMs?: number;
  /** How often to look for due rows nobody is sending (crashed instance, retry after backoff, pushes). */
  sweepMs?: number;
  /**
   * The bot's send budget (messaging/send-gate.ts): pushes wait for a slot, replies go at once (a reply is not bulk),
   * and a bot-wide 429 pauses both. Without one, only a bot-wide 429 pauses this sender.
   */
  gate?: SendGate;
  /** Turns generated-file refs into uploads or file ids; one of its own when absent. */
  uploads?: GeneratedFileUploads;
  /**
   * Makes a message queued as later work (LATER_MARK: figures, a chart, a spreadsheet) into the call that
   * sends it, after the update's commit. A transient failure (database unreachable) is tried again; any other fails the row.
   */
  makeLater?: (chatId: number, work: unknown) => Promise<QueuedCall>;
}

export interface ChatSender {
  /** Sends the rows of a chat the caller just claimed for this sender (after its commit). */
  take(chatId: number, claim: ChatClaim): void;
  /** Sends calls that only matter now (callback answers), once, without the queue. */
  sendEphemeral(calls: QueuedCall[]): void;
  /** Claims a chat and sends what is pending (after a push was queued, or a redelivered update). */
  kick(chatId: number): void;
  /** One round of the sweep: claims and sends due chats; answers how many it took. */
  sweep(): Promise<number>;
  startSweeping(): void;
  /** Resolves when nothing is being sent (tests wait on this; pending retries do not count). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface ChatWork {
  rows: ReplyRow[];
  seq: number;
  /** message ids of this drain's sends, by `${batch}:${seq}`, for calls that edit them. */
  sentIds: Map<string, number>;
  /** Rows this drain sent (or is sending) whose outcome is not on record yet. */
  unsettled: number[];
}

// Editing a message to the same content: the message already shows what we wanted.
const notModified = (error: string) => /message is not modified/i.test(error);
// Three or more chats answered 429 within this window: the limit is the bot's, not one chat's.
const GLOBAL_429_WINDOW_MS = 1000;

export function createChatSender(o: ChatSenderOptions): ChatSender {
  const active = new Map<number, ChatWork>();
  // Rows this instance has sent (or is sending), by id, with when. A claim made by this same instance
  // can read a row as still pending just before the settle that records it commits; without this it
  // would be sent twice. Entries outlive any such race (two leases) and are then forgotten.
  const handled = new Map<number, number>();
  const forgetAfterMs = 2 * LEASE_SECONDS * 1000;
  const running = new Set<Promise<void>>();
  const callTimeoutMs = o.callTimeoutMs ?? 15_000;
  const maxBackoffMs = o.maxBackoffMs ?? 30_000;
  const settleWindowMs = o.settleWindowMs ?? 10;
  const uploads = o.uploads ?? createGeneratedFileUploads(o);
  let pausedUntil = 0;
  const recent429 = new Map<number, number>();
  let stopped = false;
  let sweeping: Promise<void> | null = null;
  let wakeSweep: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];

  function track(p: Promise<void>) {
    running.add(p);
    void p.finally(() => {
      running.delete(p);
      if (running.size === 0) for (const w of idleWaiters.splice(0)) w();
    });
  }

  function take(chatId: number, claim: ChatClaim) {
    const work = active.get(chatId);
    // This instance is already sending the chat: the rows go behind the ones it has.
    if (work) return merge(work, claim);
    const fresh: ChatWork = { rows: [], seq: claim.seq, sentIds: new Map(), unsettled: [] };
    merge(fresh, claim);
    active.set(chatId, fresh);
    track(
      drain(chatId, fresh).catch((err) => {
        // The database failed while recording (a dropped connection): the lease is still this instance's, so
        // the next sweep claims the chat again and sends what is left. What this drain sent since its last
        // settle may still be pending; were it left in `handled`, every such claim would skip it until it is
        // forgotten (a minute). It goes again instead: at least once.
        for (const id of fresh.unsettled) handled.delete(id);
        o.logger.warn({ err: errorSummary(err), chatId }, "chat sender could not record its sends; the sweep will finish them");
        active.delete(chatId);
      }),
    );
  }

  async function drain(chatId: number, work: ChatWork): Promise<void> {
    for (;;) {
      const outcomes: ReplyOutcome[] = [];
      let stop: "retry" | "blocked" | null = null;
      while (work.rows.length > 0 && !stop) {
        const row = work.rows.shift()!;
        work.unsettled.push(row.id);
        const outcome = await send(chatId, row, work);
        if (outcome === "blocked") stop = "blocked";
        else {
          outcomes.push(outcome);
          if (outcome.state === "retry") stop = "retry";
        }
      }
      if (stop) work.rows = [];
      // A row to retry is pending again: a later claim must be able to send it.
      for (const outcome of outcomes) if (outcome.state === "retry") handled.delete(outcome.id);
      forgetOld();
      const released = await settle({
        chatId,
        outcomes,
        seenSeq: work.seq,
        releaseAnyway: stop === "retry",
        dropPending: stop === "blocked" ? "403: the user blocked the bot" : undefined,
      });
      work.unsettled = [];
      if (stop) {
        if (stop === "blocked") await markUserBlocked(o.db, o.platform, chatId, true);
        // Rows handed over meanwhile wait behind the one that must be retried; the sweep sends them in order.
        if (work.rows.length > 0) {
          work.rows = [];
          await releaseChat(o.db, o.platform, chatId, o.instanceId);
        }
        active.delete(chatId);
        wakeSweep?.();
        return;
      }
      if (work.rows.length > 0) {
        // Rows handed over while the bookkeeping ran came with a claim this instance held: keep going,
        // unless that bookkeeping has just given the chat up. A claim reads reply_seq as it is now but the
        // rows its statement's snapshot saw, so the seq a settle compares can already count rows still on
        // their way here; the chat was then released with them unsent, and another instance's update took
        // it and sent them too. Those rows go only under the chat taken again.
        if (!released) continue;
        work.rows = [];
        const again = await claimChat(o.db, o.platform, chatId, o.instanceId);
        if (again) merge(work, again);
        if (work.rows.length > 0) continue;
        active.delete(chatId);
        return;
      }
      if (released) {
        active.delete(chatId);
        return;
      }
      // More was queued since we looked (another instance's update, or a push): claim the chat again.
      const again = await claimChat(o.db, o.platform, chatId, o.instanceId);
      if (again) merge(work, again);
      if (work.rows.length === 0) {
        active.delete(chatId);
        return;
      }
    }
  }

  // Settles of chats that finished within a few milliseconds of each other go to the database as one
  // statement: under load that is one round trip for many chats instead of one each. The wait only
  // delays releasing a chat whose sends are done (its next update on this instance is not held up).
  let settling: { s: Settle; resolve: (released: boolean) => void; reject: (err: unknown) => void }[] = [];
  function settle(s: Settle): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const n = settling.push({ s, resolve, reject });
      if (n === 1) setTimeout(flushSettles, settleWindowMs);
    });
  }
  async function flushSettles() {
    const batch = settling;
    settling = [];
    if (batch.length === 0) return;
    try {
      const released = await settleChats(o.db, o.platform, o.instanceId, batch.map((b) => b.s));
      for (const b of batch) b.resolve(released.has(b.s.chatId));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  function merge(work: ChatWork, claim: ChatClaim) {
    const known = new Set(work.rows.map((r) => r.id));
    work.rows.push(...claim.rows.filter((r) => !known.has(r.id) && !handled.has(r.id)));
    work.rows.sort((a, b) => a.id - b.id);
    work.seq = Math.max(work.seq, claim.seq);
  }

  function forgetOld() {
    const before = Date.now() - forgetAfterMs;
    for (const [id, at] of handled) {
      if (at >= before) break; // insertion order is time order (see send)
      handled.delete(id);
    }
  }

  /** Sends one row; answers its outcome, or "blocked" when the user blocked the bot. */
  async function send(chatId: number, row: ReplyRow, work: ChatWork): Promise<ReplyOutcome | "blocked"> {
    handled.delete(row.id);
    handled.set(row.id, Date.now());
    const paused = o.gate ? o.gate.pausedForMs() : pausedUntil - Date.now();
    if (paused > 0) return { id: row.id, state: "retry", error: "429: the bot is paused by the platform", delayMs: paused };
    if (row.payload[LATER_MARK] !== undefined) {
      const made = await makeLater(chatId, row);
      if (!("method" in made)) return made;
      row = { ...row, ...made };
    }
    // What will be sent is settled before a slot is taken: an edit of a message never sent takes none.
    const call = await resolveRefs(chatId, row, work);
    if (!call) return { id: row.id, state: "sent", error: "the message it changes was never sent" };
    let done: SendDone = () => {};
    if (o.gate) {
      try {
        done = row.priority > 0 ? await o.gate.acquire(row.priority, chatId) : await o.gate.reply(chatId);
      } catch (err) {
        if (err instanceof GateStopped) return { id: row.id, state: "retry", error: "the sender is stopping", delayMs: 0 };
        throw err;
      }
    }
    try {
      const result = (await callApi(call.method, call.payload).finally(done)) as { message_id?: number } | true;
      crashPoint("during-send", [call]);
      const messageId = typeof result === "object" && result && typeof result.message_id === "number" ? result.message_id : null;
      if (messageId !== null) work.sentIds.set(`${row.batch}:${row.seq}`, messageId);
      messagesSent.inc({ platform: o.platform, sender: "chat" });
      if (row.payload[SECRET_MARK]) await forgetSentSecret(o.db, row.id).catch((err) => o.logger.warn({ err: safeError(err) }, "could not remove a sent secret from the reply queue"));
      return { id: row.id, state: "sent", messageId };
    } catch (err) {
      return failure(chatId, { ...row, ...call }, err, work);
    }
  }

  /**
   * Makes a later message (after the commit, with no transaction open). A database that cannot be reached
   * is tried again like a platform outage; work that fails otherwise would fail again, so the person is told
   * something went wrong instead of waiting for a file that never comes.
   */
  async function makeLater(chatId: number, row: ReplyRow): Promise<QueuedCall | ReplyOutcome> {
    try {
      if (!o.makeLater) throw new Error("this sender makes no later messages");
      return await o.makeLater(chatId, row.payload[LATER_MARK]);
    } catch (err) {
      const error = `could not make the message: ${err instanceof Error ? err.message : String(err)}`;
      if (isTransientFailure(err)) return { id: row.id, state: "retry", error, delayMs: backoffMs(row.attempts + 1, 1000, maxBackoffMs) };
      o.logger.error({ err: safeError(err), chatId }, "a later message could not be made; the person is told");
      await tellSomethingWentWrong(chatId);
      return { id: row.id, state: "failed", error };
    }
  }

  function callApi(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const raw = o.api.raw as unknown as Record<string, (p: unknown, signal?: AbortSignal) => Promise<unknown>>;
    const { [SECRET_MARK]: _secret, ...params } = payload;
    return uploads.call(method, params, (m, p) => raw[m](p, AbortSignal.timeout(callTimeoutMs)));
  }

  /** Replaces a placeholder message id (a message sent earlier in the same batch) by the real one. */
  async function resolveRefs(chatId: number, row: ReplyRow, work: ChatWork): Promise<QueuedCall | null> {
    const target = row.payload[EDITS_MARK];
    if (typeof target === "string") {
      const { [EDITS_MARK]: _target, ...payload } = row.payload;
      const id = work.sentIds.get(`${target}:0`) ?? (await sentMessageId(o.db, o.platform, chatId, target, 0));
      if (id !== null) return { method: row.method, payload: { ...payload, message_id: id } };
      return row.method === "editMessageText" ? asNewMessage(payload) : null;
    }
    const ref = placeholderSeq(row.payload.message_id);
    if (ref === null) return row;
    const id = work.sentIds.get(`${row.batch}:${ref}`) ?? (await sentMessageId(o.db, o.platform, chatId, row.batch, ref));
    if (id !== null) return { method: row.method, payload: { ...row.payload, message_id: id } };
    // The message to edit never went out (it was refused): show the new text as a message of its own.
    return row.method === "editMessageText" ? asNewMessage(row.payload) : null;
  }

  async function failure(chatId: number, row: ReplyRow, err: unknown, work: ChatWork): Promise<ReplyOutcome | "blocked"> {
    if (err instanceof GeneratedFileMissing) return { id: row.id, state: "failed", error: err.message };
    botApiErrors.inc({ platform: o.platform, code: errorCode(err) });
    const f = platformFailure(err);
    const { error } = f;
    if (f.kind === "blocked") return "blocked";
    if (f.kind === "flood") {
      note429(chatId, f.retryAfterMs);
      return { id: row.id, state: "retry", error, delayMs: f.retryAfterMs };
    }
    if (f.kind === "refused") {
      if (f.code === 400 && notModified(error)) return { id: row.id, state: "sent", error };
      if (f.code === 400 && row.method === "editMessageText") {
        // The message is too old to edit or gone: the person still gets the new text, as a new message.
        const outcome = await send(chatId, { ...row, ...asNewMessage(row.payload) }, work);
        return outcome === "blocked" || outcome.state !== "sent" ? outcome : { ...outcome, error };
      }
      if (f.code === 400 && row.method.startsWith("edit")) return { id: row.id, state: "failed", error };
      o.logger.error({ chatId, method: row.method, error }, "the platform refused a message for good");
      if (row.method === "sendMessage" && row.batch.startsWith("u:")) await tellSomethingWentWrong(chatId);
      return { id: row.id, state: "failed", error };
    }
    // 5xx, 401/404 (our token or API root is wrong), a network failure: the message waits until it can go.
    if (f.unexpected) o.logger.warn({ chatId, method: row.method, error }, "chat message failed unexpectedly; retrying");
    return { id: row.id, state: "retry", error, delayMs: backoffMs(row.attempts + 1, 1000, maxBackoffMs) };
  }

  async function tellSomethingWentWrong(chatId: number) {
    await callApi("sendMessage", { chat_id: chatId, text: translator("fa")("error-generic") }).catch(() => {});
  }

  function note429(chatId: number, afterMs: number) {
    const now = Date.now();
    recent429.set(chatId, now);
    for (const [c, t] of recent429) if (now - t > GLOBAL_429_WINDOW_MS) recent429.delete(c);
    if (recent429.size >= 3) {
      if (o.gate) return o.gate.pause(afterMs);
      pausedUntil = Math.max(pausedUntil, now + afterMs);
      o.logger.warn({ retryAfterMs: afterMs }, "the platform limits the whole bot; pausing all sends");
    }
  }

  function sendEphemeral(calls: QueuedCall[]) {
    for (const c of calls) {
      track(
        callApi(c.method, c.payload).then(
          () => {},
          () => {}, // a stale callback query or a lost "typing…" is not worth a retry
        ),
      );
    }
  }

  function kick(chatId: number) {
    if (active.has(chatId)) return;
    track(
      claimChat(o.db, o.platform, chatId, o.instanceId).then(
        (claim) => {
          if (claim) take(chatId, claim);
        },
        (err) => o.logger.warn({ err: errorSummary(err), chatId }, "could not claim a chat to send; the sweep will"),
      ),
    );
  }

  async function sweep(): Promise<number> {
    const chats = await dueChats(o.db, o.platform, o.instanceId, 100);
    let taken = 0;
    for (const chatId of chats) {
      if (active.has(chatId)) continue;
      const claim = await claimChat(o.db, o.platform, chatId, o.instanceId);
      if (claim) {
        take(chatId, claim);
        taken++;
      }
    }
    return taken;
  }

  function startSweeping() {
    if (sweeping) return;
    const every = o.sweepMs ?? 1000;
    sweeping = (async () => {
      while (!stopped) {
        try {
          await sweep();
        } catch (err) {
          o.logger.warn({ err: errorSummary(err) }, "chat sender sweep failed; trying again shortly");
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, every);
          wakeSweep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeSweep = null;
      }
    })();
  }

  return {
    take,
    sendEphemeral,
    kick,
    sweep,
    startSweeping,
    idle: () => (running.size === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    async stop() {
      stopped = true;
      wakeSweep?.();
      await sweeping;
      while (running.size > 0) await Promise.all([...running]);
      idleWaiters = [];
    },
  };
}

/** What is worth logging of an error: never the objects it carries (a grammY error holds the bot's token). */
function asNewMessage(payload: Record<string, unknown>): QueuedCall {
  const { message_id: _, inline_message_id: __, ...rest } = payload;
  return { method: "sendMessage", payload: rest };
}

function errorSummary(err: unknown) {
  if (err instanceof Error) return { message: err.message, code: (err as { code?: unknown }).code };
  return { message: String(err) };
}
