import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { pauseBudget, reserveSlots } from "../core/send-budget.ts";
import { safeError } from "../logger.ts";

// The pace of one bot's sends in this instance. Slots come from the bot's budget in the database
// (core/send-budget.ts), shared with every other instance, a fraction of a second ahead at a time; each slot
// goes, at its time, to the most urgent send waiting for one: a pushed notification before a directive,
// a directive before an announcement. Replies to someone in a conversation never wait: they are charged to
// the budget instead, so the mass sends behind them slow down. A chat gets at most `perChatPerSecond`.

export interface SendGateOptions {
  db: Db;
  /** Names the budget: one per bot (its platform). */
  bot: string;
  perSecond: number;
  perChatPerSecond?: number;
  /** How far ahead slots are reserved: the longest a more urgent send can find them all taken. */
  horizonMs?: number;
  /**
   * Besides the shared slots, no more than `perSecond` sends leave this instance in any second plus this
   * margin: a busy event loop releases late slots together, and the platform counts over a sliding window.
   */
  marginMs?: number;
  logger: Logger;
}

export interface SendGate {
  /** Waits for a send slot; lower priority first. Rejects with GateStopped when the gate stops. */
  acquire(priority: number, chatId: number): Promise<void>;
  /** A send that went out without waiting (a reply): counted against the budget. */
  charge(chatId: number): void;
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
  resolve: () => void;
  reject: (err: Error) => void;
}

export function createSendGate(o: SendGateOptions): SendGate {
  const intervalMs = 1000 / o.perSecond;
  const chatGapMs = 1000 / (o.perChatPerSecond ?? 1);
  const horizonMs = o.horizonMs ?? 200;
  // The margin widens after each bot-wide 429 (our sends reached the platform closer together than we sent
  // them: a busy machine) and narrows again while none comes, so a noisy neighbour costs a little pace
  // instead of a pause of the whole bot every few seconds.
  const baseMarginMs = o.marginMs ?? 25;
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
  /** When this instance's last `windowCap` sends left, oldest first (replies included). */
  const recent: number[] = [];
  const perReservation = Math.max(1, Math.ceil((o.perSecond * horizonMs) / 1000));
  let slots: number[] = [];
  const waiters: Waiter[] = [];
  const lastByChat = new Map<number, number>();
  let charges: number[] = [];
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
    // A slot a whole window old is not worth keeping: using it would only make a burst.
    while (slots.length > 0 && slots[0] < now - windowMs) slots.shift();
    while (slots.length > 0 && slots[0] <= now && waiters.length > 0 && !windowFull(now)) {
      const at = best(now);
      if (at < 0) break; // everyone waiting is held by their chat's own limit
      slots.shift();
      const [w] = waiters.splice(at, 1);
      lastByChat.set(w.chatId, now);
      noteSend(now);
      w.resolve();
    }
    forgetQuietChats(now);
    reserveIfShort(now);
    schedule(now);
  }

  function windowFull(now: number) {
    windowMs = 1000 + currentMargin();
    return recent.length >= windowCap && now - recent[recent.length - windowCap] < windowMs;
  }

  function noteSend(now: number) {
    recent.push(now);
    if (recent.length > windowCap) recent.splice(0, recent.length - windowCap);
  }

  function schedule(now: number) {
    if (timer || waiters.length === 0 || slots.length === 0) return; // no slots: a reservation is on its way
    // A slot is ready but this second's sends are used up, or every waiter's chat had a message just now:
    // look again when the first of them frees.
    const at =
      slots[0] > now ? slots[0] : windowFull(now) ? recent[recent.length - windowCap] + windowMs : Math.min(...waiters.map((w) => chatFreeAt(w.chatId)));
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, Math.max(0, at - now));
  }

  function reserveIfShort(now: number) {
    if (reserving || stopped) return;
    const lastSlot = slots.length > 0 ? slots[slots.length - 1] : now;
    if (waiters.length <= slots.length || lastSlot > now + horizonMs) return;
    const n = Math.min(waiters.length - slots.length, perReservation);
    const recent = charges.filter((t) => t > now - 1000).length;
    charges = [];
    reserving = true;
    reserveSlots(o.db, o.bot, o.perSecond, n, Math.min(recent, o.perSecond))
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
      return new Promise<void>((resolve, reject) => {
        waiters.push({ priority, seq: seq++, chatId, resolve, reject });
        pump();
      });
    },
    charge(chatId) {
      const now = Date.now();
      charges.push(now);
      lastByChat.set(chatId, now);
      noteSend(now);
      if (charges.length > 2 * o.perSecond) charges = charges.filter((t) => t > now - 1000);
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
      for (const w of waiters.splice(0)) w.reject(new GateStopped());
    },
  };
}
