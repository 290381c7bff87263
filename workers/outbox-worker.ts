import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { claimDue, markDead, markDone, markRetry, type OutboxItem, type OutboxKind } from "../core/outbox.ts";

export type DeliveryResult = { ok: true } | { ok: false; error: string; retryInMs: number } | { ok: false; error: string; dead: true };

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

export interface OutboxWorker {
  /** Look for due items now instead of after the idle pause (called after enqueueing). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Polls the outbox for one kind of item and delivers it. Any number of instances may run: claiming uses
 * FOR UPDATE SKIP LOCKED and a lease, so each item is worked on by one worker at a time.
 */
export function startOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  let stopped = false;
  let wake: (() => void) | null = null;
  const batch = o.batch ?? 20;

  async function round(): Promise<number> {
    const items = await claimDue(o.db, o.kind, batch, o.leaseSeconds ?? 60);
    await Promise.all(
      items.map(async (item) => {
        let result: DeliveryResult;
        try {
          result = await o.deliver(item);
        } catch (err) {
          result = { ok: false, error: err instanceof Error ? err.message : String(err), retryInMs: 5_000 };
        }
        if (result.ok) await markDone(o.db, item.id);
        else if ("dead" in result) await markDead(o.db, item.id, result.error);
        else await markRetry(o.db, item.id, result.error, result.retryInMs);
      }),
    );
    return items.length;
  }

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await round();
      } catch (err) {
        o.logger.warn({ err, kind: o.kind }, "outbox round failed; trying again shortly");
      }
      if (claimed < batch && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, o.idleMs ?? 500);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();

  return {
    kick: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
