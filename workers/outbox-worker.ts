import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { claimDue, markDead, markDone, markRetry, type OutboxItem, type OutboxKind } from "../core/outbox.ts";

export type DeliveryResult = { ok: true } | { ok: false; error: string; retryInMs: number } | { ok: false; error: string; dead: true };

export interface OutboxWorker {
  /** Look for due items now instead of after the idle pause (called after enqueueing). */
  kick(): void;
  /** Stops claiming and waits for the deliveries in flight. */
  stop(): Promise<void>;
}

export interface DeliveryLoopOptions<C, R> {
  /** For log lines. */
  name: string;
  logger: Logger;
  /**
   * Claims up to `limit` due items (hidden from other workers while they are delivered). `busy`: a
   * delivery ended since the last claim, so more is likely due than an idle poll would find.
   */
  claim: (limit: number, busy: boolean) => Promise<C[]>;
  deliver: (claimed: C) => Promise<R>;
  /** The result of a delivery that threw. */
  failed: (err: unknown) => R;
  /**
   * Records the result. `again` asks for a claim at once (e.g. a destination came back); `next` is an
   * item already claimed in its place (the same order key's next one), delivered in the same slot.
   */
  settle: (claimed: C, result: R) => Promise<{ again?: boolean; next?: C | null } | void>;
  /** Items in flight at most. */
  batch?: number;
  /** Pause when nothing was due. */
  idleMs?: number;
  /** Claim again as soon as any delivery ends (its successor in order may now be due). */
  claimAfterEach?: boolean;
}

/**
 * Claims and delivers items with up to `batch` in flight, claiming again as slots free up rather than
 * after the slowest item of a round, so one slow receiver does not hold back the rest.
 */
export function startDeliveryLoop<C, R>(o: DeliveryLoopOptions<C, R>): OutboxWorker {
  const batch = o.batch ?? 20;
  let stopped = false;
  let woken = false;
  let busy = false;
  let wake: (() => void) | null = null;
  const inFlight = new Set<Promise<void>>();
  const wakeUp = () => {
    woken = true;
    wake?.();
  };

  async function run(first: C): Promise<void> {
    let c: C | null | undefined = first;
    let again = false;
    while (c) {
      let result: R;
      try {
        result = await o.deliver(c);
      } catch (err) {
        result = o.failed(err);
      }
      try {
        const settled = await o.settle(c, result);
        again ||= settled?.again ?? false;
        // Stopping: a handed-on item is left to its lease (or to this instance's next start).
        c = stopped ? null : settled?.next;
      } catch (err) {
        // The claim's lease runs out and the item is delivered again: at least once.
        o.logger.warn({ err, worker: o.name }, "could not record a delivery; it will be retried when its claim runs out");
        c = null;
      }
    }
    busy = true;
    const wasFull = inFlight.size >= batch;
    if (again || wasFull || o.claimAfterEach) wakeUp();
  }

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      const free = batch - inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const wasBusy = busy;
          busy = false;
          const items = await o.claim(free, wasBusy);
          claimed = items.length;
          for (const c of items) {
            const p: Promise<void> = run(c).finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
        } catch (err) {
          o.logger.warn({ err, worker: o.name }, "outbox claim failed; trying again shortly");
        }
      }
      // Woken during the claim (a delivery ended, a kick): look again before pausing.
      if (stopped || woken) continue;
      void claimed;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.idleMs ?? 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    await Promise.all([...inFlight]);
  })();

  return {
    kick: wakeUp,
    async stop() {
      stopped = true;
      wakeUp();
      await loop;
    },
  };
}

export interface OutboxWorkerOptions {
  db: Db;
  kind: OutboxKind;
  logger: Logger;
  deliver: (item: OutboxItem) => Promise<DeliveryResult>;
  /** Items claimed per round; they are delivered concurrently (never two of one order key). */
  batch?: number;
  /** How long a claimed item is hidden from other workers; longer than the slowest delivery. */
  leaseSeconds?: number;
  /** Pause when nothing was due. */
  idleMs?: number;
}

/**
 * Polls the outbox for one kind of item and delivers it. Any number of instances may run: claiming uses
 * FOR UPDATE SKIP LOCKED and a lease, so each item is worked on by one worker at a time.
 */
export function startOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  return startDeliveryLoop<OutboxItem, DeliveryResult>({
    name: o.kind,
    logger: o.logger,
    batch: o.batch,
    idleMs: o.idleMs,
    claim: (limit) => claimDue(o.db, o.kind, limit, o.leaseSeconds ?? 60),
    deliver: o.deliver,
    failed: (err) => ({ ok: false, error: err instanceof Error ? err.message : String(err), retryInMs: 5_000 }),
    async settle(item, result) {
      if (result.ok) await markDone(o.db, item.id);
      else if ("dead" in result) await markDead(o.db, item.id, result.error);
      else await markRetry(o.db, item.id, result.error, result.retryInMs);
    },
  });
}
