import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { outbox } from "../db/schema.ts";

// The outbox: everything that leaves later (chat messages to citizens, webhooks to agencies) is a row
// written in the same transaction as the change that caused it, then delivered by a worker.
// Delivery is at least once; receivers de-duplicate by the item's key.

export type OutboxKind = "citizen_message" | "agency_webhook";
export type OutboxItem = typeof outbox.$inferSelect;

export interface NewOutboxItem {
  kind: OutboxKind;
  /** Idempotency: enqueueing the same key twice keeps the first. */
  key: string;
  /** Items with the same order key are delivered one at a time, oldest first (e.g. one case's webhooks). */
  orderKey: string;
  caseId?: number | null;
  agencyId?: number | null;
  /** The agency's unit an agency webhook goes to; null: the agency. */
  unitId?: number | null;
  event?: string | null;
  payload: Record<string, unknown>;
}

/** Adds an item to the outbox (in the caller's transaction); a key already there is left alone. */
export async function enqueue(db: Db, item: NewOutboxItem): Promise<void> {
  await db.insert(outbox).values(item).onConflictDoNothing({ target: outbox.key });
}

/**
 * Claims up to `limit` due items of a kind for `leaseSeconds`: they stay pending but are not due again
 * until the lease ends, so a crashed worker's items are picked up later by another. An item waits while
 * an older pending item with the same order key exists — one case's deliveries stay in order.
 */
export async function claimDue(db: Db, kind: OutboxKind, limit: number, leaseSeconds: number): Promise<OutboxItem[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.kind, kind),
          eq(outbox.status, "pending"),
          sql`${outbox.nextAttemptAt} <= now()`,
          sql`not exists (select 1 from outbox older where older.order_key = ${outbox.orderKey} and older.status = 'pending' and older.id < ${outbox.id})`,
        ),
      )
      .orderBy(outbox.id)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
      .where(sql`${outbox.id} in (${sql.join(due.map((d) => sql`${d.id}`), sql`, `)})`)
      .returning();
  });
}

export async function markDone(db: Db, id: number): Promise<void> {
  await db.update(outbox).set({ status: "done", doneAt: sql`now()`, lastError: null }).where(eq(outbox.id, id));
}

/** Schedules another attempt after `delayMs`. */
export async function markRetry(db: Db, id: number, error: string, delayMs: number): Promise<void> {
  await db
    .update(outbox)
    .set({ lastError: error.slice(0, 1000), nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .where(eq(outbox.id, id));
}

/** Gives up on an item that can never be delivered (e.g. the citizen blocked the bot). */
export async function markDead(db: Db, id: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: "dead", lastError: error.slice(0, 1000) }).where(eq(outbox.id, id));
}

/** Makes an item due now (a manual retry), whatever its state. */
export async function retryNow(db: Db, id: number): Promise<OutboxItem | null> {
  const [row] = await db.update(outbox).set({ status: "pending", nextAttemptAt: sql`now()` }).where(eq(outbox.id, id)).returning();
  return row ?? null;
}

/** Exponential backoff: base, 2×base, 4×base … capped, with ±10% jitter so retries of many items spread out. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 3_600_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.9 + Math.random() * 0.2));
}
