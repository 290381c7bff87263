import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { pauseBudget, reserveSlots } from "./send-budget.ts";
import { safeError } from "../logger.ts";

// The pace of one bot's sends in this instance. Slots come from the bot's budget in the database
// (messaging/send-budget.ts), shared with every other instance, a second ahead at a time; each slot
// goes, at its time, to the most urgent send waiting for one: a pushed notification before a directive,
// a directive before an announcement. A chat gets at most `perChatPerSecond` mass sends.
//
// Replies are not bulk. Telegram's ~30 messages a second is its limit for bulk notifications (Bot FAQ:
// "If you're sending bulk notifications to multiple users…"; grammY's flood-control guide: answers to
// people who just wrote are not held to it), so a reply to someone's own update takes no slot and never
// waits behind an announcement: it goes at once. It is still counted where it matters: a mass send to the
// same chat waits its per-chat second after the reply. A bot-wide 429 pauses everything, replies included.
//
// Besides the shared slots, this instance never has more than `perSecond` mass sends in any window the
// platform could count. The platform counts a send when it reaches it, somewhere between the moment it left here and
// the moment its answer came back; so a send counts from when it leaves until a second after its answer.
// A stalled event loop at either end (ours releasing late slots together, the platform's handling queued
// requests together) then shows as a later answer and widens the window by itself, instead of two sends a
// second apart arriving less than a second apart and costing a 429 and a pause of the whole bot.

export interface SendGateOptions {
  db: Db;
  /** Names the budget: one per bot (its platform). */
  bot: string;
  perSecond: number;
  perChatPerSecond?: number;
  /** How far ahead slots are reserved: the longest a more urgent send can find them all taken. */
  horizonMs?: number;
  /** Added to the second a send counts for after its answer (clock granularity, and a 429's widening). */
  marginMs?: number;
  logger: Logger;
}

/** Called when the platform answered a send (or the call failed): the send's window starts closing. */
export type SendDone = () => void;

export interface SendGate {
  /** Waits for a send slot; lower priority first. Rejects with GateStopped when the gate stops. */
  acquire(priority: number, chatId: number): Promise<SendDone>;
  /**
   * A reply to someone's own update: goes at once, without a slot and whatever the bulk window holds;
   * waits only while the platform has paused the whole bot. Mass sends to its chat wait their second after it.
   */
  reply(chatId: number): Promise<SendDone>;
  /** The platform limits the whole bot: no slot for `ms`, in every instance. */
  pause(ms: number): void;
  /** How long sends are still paused, 0 when they are not. */
  pausedForMs(): number;
  /** Sends waiting for a slot (a bulk sender claims more only when few wait). */
  waiting(): number;
  readonly perSecond: number;
  stop(): void;
}

const MARGIN_STEP_MS = 20;
/** This many sends waiting at once are a stream (an announcement), not a few pushes. */
const STREAM_WAITERS = 4;
/** A send whose answer never came (a caller that did not say) stops counting after this. */
const FORGOTTEN_AFTER_MS = 60_000;
const MAX_MARGIN_MS = 100;
const MARGIN_RECOVERY_MS = 2;

export class GateStopped extends Error {
  constructor() {
    super("the send gate stopped");
  }
}

interface Waiter {
  priority: number;
  seq: number;
  chatId: number;
  resolve: (done: SendDone) => void;
  reject: (err: Error) => void;
}

export function createSendGate(o: SendGateOptions): SendGate {
  const intervalMs = 1000 / o.perSecond;
  const chatGapMs = 1000 / (o.perChatPerSecond ?? 1);
  // A second ahead: a reservation is a database round trip, which under a burst of updates (on PGlite, one
  // connection shared with every update) can wait hundreds of ms; with less in hand the mass sends stall.
  const horizonMs = o.horizonMs ?? 1000;
  // The margin widens after each bot-wide 429 (another instance's sends, or a platform that counts
  // differently) and narrows again while none comes, so a noisy neighbour costs a little pace instead of a
  // pause of the whole bot every few seconds.
  const baseMarginMs = o.marginMs ?? 10;
  let marginMs = baseMarginMs;
  let marginSetAt = Date.now();
  let windowMs = 1000 + marginMs;
  const widenMargin = () => {
    marginMs = Math.min(MAX_MARGIN_MS, currentMargin() + MARGIN_STEP_MS);
    marginSetAt = Date.now();
    windowMs = 1000 + marginMs;
  };
  /** The margin now: back towards the base by MARGIN_RECOVERY_MS for every second without a 429. */
  const currentMargin = () => Math.max(baseMarginMs, marginMs - ((Date.now() - marginSetAt) / 1000) * MARGIN_RECOVERY_MS);
  const windowCap = Math.max(1, Math.floor(o.perSecond));
  /** When the platform answered this instance's sends of the last window, oldest first. */
  const answered: number[] = [];
  /** Sends on their way: when each left. */
  const flying = new Map<number, number>();
  let sendSeq = 0;
  const perReservation = Math.max(1, Math.ceil((o.perSecond * horizonMs) / 1000));
  let slots: number[] = [];
  const waiters: Waiter[] = [];
  /** Replies waiting for the end of a pause the platform asked for. */
  const replies: Waiter[] = [];
  const lastByChat = new Map<number, number>();
  let seq = 0;
  let reserving = false;
  let timer: NodeJS.Timeout | null = null;
  let pausedUntil = 0;
  let stopped = false;
  let failing = false;

  function chatFreeAt(chatId: number) {
    const last = lastByChat.get(chatId);
    return last === undefined ? 0 : last + chatGapMs;
  }

  /** The most urgent waiter whose chat may receive now. */
  function best(now: number): number {
    let at = -1;
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i];
      if (chatFreeAt(w.chatId) > now) continue;
      if (at < 0 || w.priority < waiters[at].priority || (w.priority === waiters[at].priority && w.seq < waiters[at].seq)) at = i;
    }
    return at;
  }

  function pump() {
    if (stopped) return;
    const now = Date.now();
    if (now >= pausedUntil) for (const r of replies.splice(0)) r.resolve(noteReply(r.chatId, now));
    // A slot a whole window old is not worth keeping: using it would only make a burst.
    while (slots.length > 0 && slots[0] < now - windowMs) slots.shift();
    while (slots.length > 0 && slots[0] <= now && waiters.length > 0 && !windowFull(now)) {
      const at = best(now);
      if (at < 0) break; // everyone waiting is held by their chat's own limit
      slots.shift();
      const [w] = waiters.splice(at, 1);
      lastByChat.set(w.chatId, now);
      w.resolve(noteSend(now));
    }
    // A stream that ran dry gives up what it reserved ahead: the next send reserves anew, and so sees a pause
    // another instance shared through the budget meanwhile.
    if (waiters.length === 0 && !reserving) slots = [];
    forgetQuietChats(now);
    reserveIfShort(now);
    schedule(now);
  }

  /** As many sends as the platform may count in one window are on their way or answered within it. */
  function windowFull(now: number) {
    windowMs = 1000 + currentMargin();
    while (answered.length > 0 && answered[0] <= now - windowMs) answered.shift();
    if (flying.size + answered.length < windowCap) return false;
    for (const [id, left] of flying) if (left < now - FORGOTTEN_AFTER_MS) flying.delete(id);
    return flying.size + answered.length >= windowCap;
  }

  /** When a full window frees a place by time alone (null: only an answer frees one). */
  function windowFreesAt(): number | null {
    const excess = flying.size + answered.length - windowCap;
    return excess < answered.length ? answered[excess] + windowMs : null;
  }

  function noteSend(now: number): SendDone {
    const id = sendSeq++;
    flying.set(id, now);
    return () => {
      if (!flying.delete(id)) return;
      const at = Date.now();
      let i = answered.length;
      while (i > 0 && answered[i - 1] > at) i--;
      answered.splice(i, 0, at);
      if (answered.length > windowCap) answered.splice(0, answered.length - windowCap);
      if (waiters.length > 0) {
        if (timer) clearTimeout(timer);
        timer = null;
        pump();
      }
    };
  }

  const noop: SendDone = () => {};
  function noteReply(chatId: number, now: number): SendDone {
    lastByChat.set(chatId, now);
    return noop;
  }

  function schedule(now: number) {
    if (timer) return;
    const slotAt = nextSlotLook(now);
    const at = replies.length === 0 ? slotAt : slotAt === null ? pausedUntil : Math.min(slotAt, pausedUntil);
    if (at === null) return;
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, Math.max(0, at - now));
  }

  /** When a waiting send may next go (null: when a reservation or an answer comes). */
  function nextSlotLook(now: number): number | null {
    if (waiters.length === 0 || slots.length === 0) return null; // no slots: a reservation is on its way
    // A slot is ready but this window's sends are used up, or every waiter's chat had a message just now:
    // look again when the first of them frees (a window full of sends on their way frees when one is answered).
    if (slots[0] > now) return slots[0];
    if (windowFull(now)) return windowFreesAt();
    return Math.min(...waiters.map((w) => chatFreeAt(w.chatId)));
  }

  function reserveIfShort(now: number) {
    if (reserving || stopped) return;
    const lastSlot = slots.length > 0 ? slots[slots.length - 1] : now;
    // A stream of mass sends (a delivery sender keeps about a second of them in hand) keeps a whole horizon
    // reserved even while its next recipients are still being claimed: the claim and the reservation are
    // database round trips, and waiting for one after the other behind a burst of updates stalled the stream.
    // A few sends (a push) reserve only what they need, so they hold back no other instance.
    const streaming = waiters.length >= Math.min(STREAM_WAITERS, perReservation);
    const wanted = streaming ? Math.max(waiters.length, perReservation) : waiters.length;
    if (wanted <= slots.length || lastSlot > now + horizonMs) return;
    const n = Math.min(wanted - slots.length, perReservation);
    reserving = true;
    reserveSlots(o.db, o.bot, o.perSecond, n)
      .then(
        (r) => {
          if (failing) o.logger.info({ bot: o.bot }, "send budget reachable again");
          failing = false;
          const offset = Date.now() - r.dbNowMs;
          for (let i = 0; i < n; i++) add(r.firstAtMs + i * r.intervalMs + offset);
        },
        (err) => {
          // The database is out of reach: pace this instance alone at the full rate rather than stop
          // sending (what it sends cannot be recorded anyway until the database is back).
          if (!failing) o.logger.warn({ err: safeError(err), bot: o.bot }, "send budget unreachable; pacing locally");
          failing = true;
          const from = Math.max(Date.now(), slots.length > 0 ? slots[slots.length - 1] + intervalMs : 0);
          for (let i = 0; i < n; i++) add(from + i * intervalMs);
        },
      )
      .finally(() => {
        reserving = false;
        pump();
      });
  }

  function add(at: number) {
    if (at < pausedUntil) return;
    slots.push(at);
  }

  function forgetQuietChats(now: number) {
    if (lastByChat.size < 10_000) return;
    for (const [chat, at] of lastByChat) if (at + chatGapMs < now) lastByChat.delete(chat);
  }

  return {
    perSecond: o.perSecond,
    acquire(priority, chatId) {
      if (stopped) return Promise.reject(new GateStopped());
      return new Promise<SendDone>((resolve, reject) => {
        waiters.push({ priority, seq: seq++, chatId, resolve, reject });
        pump();
      });
    },
    reply(chatId) {
      if (stopped) return Promise.reject(new GateStopped());
      const now = Date.now();
      if (now >= pausedUntil) return Promise.resolve(noteReply(chatId, now));
      return new Promise<SendDone>((resolve, reject) => {
        replies.push({ priority: 0, seq: seq++, chatId, resolve, reject });
        pump();
      });
    },
    pause(ms) {
      const now = Date.now();
      const until = now + ms;
      if (until <= pausedUntil) return;
      // One episode of 429s (all the sends in flight when the platform started refusing) widens it once.
      if (pausedUntil < now) widenMargin();
      pausedUntil = until;
      slots = [];
      o.logger.warn({ bot: o.bot, retryAfterMs: ms }, "the platform limits the whole bot; pausing all sends");
      pauseBudget(o.db, o.bot, ms).catch((err) => o.logger.warn({ err: safeError(err) }, "could not share a pause with other instances"));
      if (timer) clearTimeout(timer);
      timer = null;
      pump();
    },
    pausedForMs: () => Math.max(0, pausedUntil - Date.now()),
    waiting: () => waiters.length,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of [...replies.splice(0), ...waiters.splice(0)]) w.reject(new GateStopped());
    },
  };
}
