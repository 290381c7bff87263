import { botApiErrors, errorCode, messagesSent } from "../metrics.ts";
import type { Api } from "grammy";
import type { Logger } from "pino";
import { translator, type Locale } from "../bot/translator.ts";
import type { Translate } from "../flows/types.ts";
import { EDITS_MARK, queueReplies, type QueuedCall } from "./reply-queue.ts";
import { claimRecipients, reclaimRecipients, releaseRecipients, renewClaims, settleRecipients, type ClaimedRecipient, type RecipientOutcome, type TouchedDelivery } from "./delivery-queue.ts";
import { backoffMs } from "../core/outbox.ts";
import type { Db } from "../db/client.ts";
import { safeError } from "../logger.ts";
import { deliverySubject, directiveText, progressKeyboard, progressText } from "../flows/delivery-text.ts";
import { platformFailure } from "./platform-errors.ts";
import { GateStopped, type SendGate } from "./send-gate.ts";
import { createGeneratedFileUploads, GeneratedFileMissing, type GeneratedFileUploads } from "./uploads.ts";

// The delivery sender: sends the recipients of directives, announcements, consultations and reminders for
// one bot. It claims only about a second of sends at a time, takes a slot from the bot's send gate for
// each message (so pushes, which use the same gate, go first; replies take no slot), records outcomes in batches, and
// edits each delivery's progress message every few seconds. Claims are leases: a killed instance's rows go
// back when it restarts (its own, at once) or when the lease runs out (another instance's).

export interface DeliverySenderOptions {
  db: Db;
  api: Api;
  platform: string;
  instanceId: string;
  gate: SendGate;
  logger: Logger;
  /** Telegram's paid broadcasts: announcements carry allow_paid_broadcast (the gate runs at the paid rate). */
  paidBroadcast?: boolean;
  callTimeoutMs?: number;
  leaseSeconds?: number;
  /** How often to look for new work when there is none (a new delivery also wakes the sender). */
  pollMs?: number;
  /** How long outcomes wait to be recorded together. */
  settleEveryMs?: number;
  /** Called with the admin's chat after a progress edit was queued there (to send it now). */
  onProgressQueued?: (platform: string, chatId: number) => void;
  /** Turns generated-file refs into uploads or file ids; one of its own when absent. */
  uploads?: GeneratedFileUploads;
}

export interface DeliverySender {
  start(): void;
  /** Look for work now (a delivery was just created or a recipient added). */
  wake(): void;
  /** Resolves when nothing is claimed or waiting to be recorded. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 10;
const STOP_WAIT_MS = 2000;

/** A claimed recipient the sender stopped before sending anything to. */
class NotBegun extends Error {}

export function createDeliverySender(o: DeliverySenderOptions): DeliverySender {
  const leaseSeconds = o.leaseSeconds ?? 60;
  const callTimeoutMs = o.callTimeoutMs ?? 15_000;
  const settleEveryMs = o.settleEveryMs ?? 100;
  const uploads = o.uploads ?? createGeneratedFileUploads(o);
  const inHand = new Map<number, ClaimedRecipient>();
  let outcomes: RecipientOutcome[] = [];
  let stopped = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let settleTimer: NodeJS.Timeout | null = null;
  let settling: Promise<void> = Promise.resolve();
  let idleWaiters: (() => void)[] = [];
  let renewTimer: NodeJS.Timeout | null = null;
  const tasks = new Set<Promise<void>>();
  /** Recipients whose first call has gone to the platform: they are recorded, never handed back unsent. */
  const begun = new Set<number>();
  // About a second of sends in hand keeps every slot used without claiming far ahead of sending: the next
  // claim may wait behind a burst of updates for the database (on PGlite, one connection, by hundreds of
  // ms), and the gate reserves a second of slots ahead for the same reason. A cancel lets at most this go.
  const target = Math.max(4, Math.ceil(o.gate.perSecond));

  function sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run() {
    try {
      const back = await reclaimRecipients(o.db, o.platform, o.instanceId, true);
      if (back > 0) o.logger.info({ recipients: back }, "delivery sender took back what it held when it stopped");
    } catch (err) {
      o.logger.warn({ err: safeError(err) }, "delivery sender could not take back its earlier claims; their lease will run out");
    }
    let lastReclaim = Date.now();
    while (!stopped) {
      const room = target - inHand.size;
      // The next claim goes out while most of a second is still in hand: it may wait behind a burst of updates.
      if (room < Math.ceil(target / 8)) {
        await sleep(50);
        continue;
      }
      let claimed: ClaimedRecipient[] = [];
      try {
        if (Date.now() - lastReclaim > 5000) {
          lastReclaim = Date.now();
          await reclaimRecipients(o.db, o.platform, o.instanceId, false);
        }
        claimed = await claimRecipients(o.db, o.platform, o.instanceId, room, leaseSeconds);
      } catch (err) {
        o.logger.warn({ err: safeError(err) }, "delivery sender could not claim recipients; trying again shortly");
        await sleep(1000);
        continue;
      }
      if (claimed.length === 0) {
        if (inHand.size === 0) notifyIdle();
        await sleep(o.pollMs ?? 1000);
        continue;
      }
      for (const r of claimed) {
        inHand.set(r.id, r);
        const task = send(r);
        tasks.add(task);
        void task.finally(() => tasks.delete(task));
      }
    }
  }

  async function send(r: ClaimedRecipient) {
    let outcome: RecipientOutcome;
    try {
      outcome = await deliver(r);
    } catch (err) {
      if (err instanceof NotBegun) return;
      if (err instanceof GateStopped) {
        inHand.delete(r.id); // stays claimed: this instance takes it back when it starts again
        notifyIdle();
        return;
      }
      outcome = { id: r.id, state: "retry", error: err instanceof Error ? err.message : String(err), delayMs: 1000 };
    }
    record(outcome);
  }

  /** Sends every call of one recipient's message; the first failure decides the outcome. */
  async function deliver(r: ClaimedRecipient): Promise<RecipientOutcome> {
    const calls = callsFor(r, o.paidBroadcast ?? false);
    let messageId: number | null = null;
    for (const [i, call] of calls.entries()) {
      const done = await o.gate.acquire(r.priority, r.chatId);
      // Stopping: a recipient not yet begun goes back to the queue (released in stop()), untouched.
      if (i === 0 && stopped) {
        done();
        throw new NotBegun();
      }
      begun.add(r.id);
      try {
        const result = (await callApi(call).finally(done)) as { message_id?: number };
        if (typeof result?.message_id === "number") messageId = result.message_id;
        messagesSent.inc({ platform: o.platform, sender: "delivery" });
      } catch (err) {
        if (err instanceof GeneratedFileMissing) return { id: r.id, state: "failed", error: err.message };
        botApiErrors.inc({ platform: o.platform, code: errorCode(err) });
        const failure = platformFailure(err);
        if (failure.kind === "blocked") return { id: r.id, state: "blocked", error: failure.error };
        if (failure.kind === "flood") {
          o.gate.pause(failure.retryAfterMs);
          return { id: r.id, state: "retry", error: failure.error, delayMs: failure.retryAfterMs };
        }
        if (failure.kind === "refused" || r.attempts + 1 >= MAX_ATTEMPTS) return { id: r.id, state: "failed", error: failure.error };
        return { id: r.id, state: "retry", error: failure.error, delayMs: backoffMs(r.attempts + 1, 1000, 300_000) };
      }
    }
    return { id: r.id, state: "sent", messageId };
  }

  function callApi(call: QueuedCall): Promise<unknown> {
    const raw = o.api.raw as unknown as Record<string, (p: unknown, signal?: AbortSignal) => Promise<unknown>>;
    return uploads.call(call.method, call.payload, (m, p) => raw[m](p, AbortSignal.timeout(callTimeoutMs)));
  }

  function record(outcome: RecipientOutcome) {
    outcomes.push(outcome);
    if (outcomes.length >= 200) flush();
    else settleTimer ??= setTimeout(flush, settleEveryMs);
  }

  function flush() {
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = null;
    const batch = outcomes;
    outcomes = [];
    if (batch.length === 0) return;
    settling = settling.then(() => settleBatch(batch));
  }

  async function settleBatch(batch: RecipientOutcome[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        const touched = await settleRecipients(o.db, o.instanceId, batch);
        for (const id of batch.map((b) => b.id)) {
          inHand.delete(id);
          begun.delete(id);
        }
        await showProgress(touched);
        break;
      } catch (err) {
        if (stopped && attempt > 2) {
          // Left claimed: this instance sends them again when it starts (they may go twice).
          for (const b of batch) {
            inHand.delete(b.id);
            begun.delete(b.id);
          }
          break;
        }
        o.logger.warn({ err: safeError(err), outcomes: batch.length }, "delivery sender could not record outcomes; trying again");
        await new Promise((r) => setTimeout(r, Math.min(500 * (attempt + 1), 5000)));
      }
    }
    notifyIdle();
    wakeUp?.();
  }

  async function showProgress(touched: TouchedDelivery[]) {
    for (const d of touched) {
      if (!d.progress) continue;
      const locale: Locale = d.progress.language === "en" ? "en" : "fa";
      const t = translator(locale);
      const done = d.state !== "running";
      const call: QueuedCall = {
        method: "editMessageText",
        payload: {
          chat_id: d.progress.chatId,
          // Not sent yet: the chat sender finds its id when the edit goes, which is after it (one chat's rows go in order).
          ...(d.progress.messageId !== null ? { message_id: d.progress.messageId } : { [EDITS_MARK]: d.progress.batch }),
          text: progressText(t, locale, { ...d, subject: deliverySubject(d.message) }),
          ...(done ? {} : { reply_markup: progressKeyboard(t, d.id) }),
        },
      };
      const batch = done ? `d:${d.id}:end` : `d:${d.id}:${d.sent + d.blocked + d.failed}`;
      await queueReplies(o.db, { platform: d.progress.platform, chatId: d.progress.chatId, batch, calls: [call] });
      o.onProgressQueued?.(d.progress.platform, d.progress.chatId);
    }
  }

  function notifyIdle() {
    if (inHand.size > 0 || outcomes.length > 0) return;
    for (const w of idleWaiters.splice(0)) w();
  }

  return {
    start() {
      if (loop) return;
      loop = run();
      // Rows waiting out a long pause (429) keep their lease.
      renewTimer = setInterval(() => {
        renewClaims(o.db, o.instanceId, [...inHand.keys()], leaseSeconds).catch(() => {});
      }, (leaseSeconds * 1000) / 3);
    },
    wake: () => wakeUp?.(),
    idle: () => (inHand.size === 0 && outcomes.length === 0 ? settling : new Promise<void>((r) => idleWaiters.push(r)).then(() => settling)),
    async stop() {
      stopped = true;
      wakeUp?.();
      if (renewTimer) clearInterval(renewTimer);
      await loop;
      // What is in hand normally gets its slots within a second; during a long pause (429) the rows
      // not yet begun go back to the queue instead of holding the shutdown.
      await Promise.race([Promise.all([...tasks]), new Promise((r) => setTimeout(r, STOP_WAIT_MS))]);
      const unsent = [...inHand.keys()].filter((id) => !begun.has(id));
      if (unsent.length > 0) await releaseRecipients(o.db, o.instanceId, unsent).catch((err) => o.logger.warn({ err: safeError(err) }, "could not hand back unsent recipients; this instance takes them back when it starts"));
      for (const id of unsent) inHand.delete(id);
      while ([...tasks].length > 0 && [...inHand.keys()].some((id) => begun.has(id))) await Promise.race([Promise.all([...tasks]), new Promise((r) => setTimeout(r, 100))]);
      flush();
      await settling;
    },
  };
}

/** The calls that make up one recipient's message: documents, then the photo or text with its button. */
export function callsFor(r: ClaimedRecipient, paidBroadcast: boolean): QueuedCall[] {
  const t = translator((r.language === "en" ? "en" : "fa") as Locale);
  const m = r.message;
  const extra = paidBroadcast && r.kind === "announcement" ? { allow_paid_broadcast: true } : {};
  const button =
    m.button?.kind === "acknowledge"
      ? { text: t("directive-acknowledge"), callback_data: `dir:ack:${m.button.deliveryId ?? r.deliveryId}` }
      : m.button?.kind === "unsubscribe" && !r.staff
        ? { text: t("announcements-stop"), callback_data: "ann:off" }
        : null;
  const rows =
    m.button?.kind === "consult"
      ? m.button.options.length > 0
        ? m.button.options.map((option, i) => [{ text: option, callback_data: `cns:${r.deliveryId}:${i}` }])
        : [[{ text: t("consultation-answer"), callback_data: `cns:${r.deliveryId}:t` }]]
      : button
        ? [[button]]
        : null;
  const markup = rows ? { reply_markup: { inline_keyboard: rows } } : {};
  const text = messageText(t, r);
  const calls: QueuedCall[] = (m.documents ?? []).map((document) => ({ method: "sendDocument", payload: { chat_id: r.chatId, document, ...extra } }));
  if (m.photo && text.length <= 1024) calls.push({ method: "sendPhoto", payload: { chat_id: r.chatId, photo: m.photo, caption: text, ...markup, ...extra } });
  else {
    if (m.photo) calls.push({ method: "sendPhoto", payload: { chat_id: r.chatId, photo: m.photo, ...extra } });
    calls.push({ method: "sendMessage", payload: { chat_id: r.chatId, text, ...markup, ...extra } });
  }
  return calls;
}

/** The text as the recipient reads it: a directive's heading and due date in their language around the issuer's words. */
function messageText(t: Translate, r: ClaimedRecipient): string {
  const m = r.message;
  if (r.kind === "consultation") return t("consultation-text", { question: m.text });
  if (r.kind !== "directive" && r.kind !== "reminder") return m.text;
  return directiveText(t, r.language === "en" ? "en" : "fa", { title: m.title ?? "", text: m.text, dueAt: m.dueAt }, r.kind === "reminder");
}
