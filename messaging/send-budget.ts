import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";

// One bot's send budget, shared by every instance on the database: a generic cell rate algorithm over one
// row. next_at is the time of the bot's next free send slot; reserving n slots moves it n intervals forward,
// so however many instances reserve, the slots they get never come closer together than the interval. An
// idle budget starts from now (no saved-up burst): the platform's limit is over any window, not on average.

/** Slots reserved: the first one's time and the interval, in the database's clock, and that clock now. */
export interface Reservation {
  firstAtMs: number;
  intervalMs: number;
  dbNowMs: number;
}

/** Reserves `n` mass-send slots of `bot` at `perSecond` (replies take none: they are not bulk). */
export async function reserveSlots(db: Db, bot: string, perSecond: number, n: number): Promise<Reservation> {
  const intervalMs = 1000 / perSecond;
  const total = n;
  const result = await db.execute(sql`
    insert into send_budgets as b (bot, next_at) values (${bot}, clock_timestamp() + make_interval(secs => ${(total * intervalMs) / 1000}))
    on conflict (bot) do update set next_at = greatest(b.next_at, clock_timestamp()) + make_interval(secs => ${(total * intervalMs) / 1000})
    returning extract(epoch from next_at) * 1000 as next_ms, extract(epoch from clock_timestamp()) * 1000 as now_ms`);
  const [row] = rowsOf(result);
  const nextMs = Number(row.next_ms);
  return { firstAtMs: nextMs - n * intervalMs, intervalMs, dbNowMs: Number(row.now_ms) };
}

/** Holds every instance's sends of `bot` for `ms` (the platform answered 429 with retry_after). */
export async function pauseBudget(db: Db, bot: string, ms: number): Promise<void> {
  await db.execute(sql`
    insert into send_budgets as b (bot, next_at) values (${bot}, clock_timestamp() + make_interval(secs => ${ms / 1000}))
    on conflict (bot) do update set next_at = greatest(b.next_at, clock_timestamp() + make_interval(secs => ${ms / 1000}))`);
}
