import { sql } from "drizzle-orm";
import type { BuiltBot } from "../../bot/create-bot.ts";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import type { Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { emulatedBot } from "./emulated-bot.ts";

// Recipients and deliveries for the delivery engine's tests: users in the database and in the emulator,
// and what each chat received.

/** Creates `n` users from chat `first` on (in the emulator too), opted in to announcements unless told otherwise. */
export async function seedRecipients(db: Db, emu: Emulator, first: number, n: number, o: { optIn?: boolean; roles?: string[]; provinceId?: number; countyId?: number } = {}): Promise<number[]> {
  for (let i = 0; i < n; i++) emu.userFor(first + i);
  const roles = `{${(o.roles ?? []).join(",")}}`;
  const rows = rowsOf(
    await db.execute(sql`
      insert into users (platform, platform_user_id, first_name, announcements_opt_in, roles, province_id, county_id)
      select 'telegram', ${first}::bigint + g, 'user ' || g, ${o.optIn ?? true}, ${roles}::text[], ${o.provinceId ?? null}::int, ${o.countyId ?? null}::int
      from generate_series(0, ${n - 1}::int) g returning id`),
  );
  return rows.map((r) => Number(r.id));
}

/** How many bot messages containing `marker` each chat of [first, first + n) shows. */
export function receivedCounts(emu: Emulator, first: number, n: number, marker: string): number[] {
  return Array.from({ length: n }, (_, i) => emu.messages(first + i).filter((m) => m.from === "bot" && (m.text ?? m.caption ?? "").includes(marker)).length);
}

/** Waits until the delivery has ended (done or cancelled) and nothing of it is with a sender. */
export async function deliveryEnded(db: Db, id: number, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [row] = rowsOf(
      await db.execute(sql`select d.state, (select count(*) from delivery_recipients r where r.delivery_id = d.id and r.state in ('pending', 'sending')) as open from deliveries d where d.id = ${id}`),
    );
    if (row && row.state !== "running" && row.state !== "scheduled" && Number(row.open) === 0) return;
    if (Date.now() > deadline) throw new Error(`delivery ${id} still ${row?.state} with ${row?.open} recipients open`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The most sends the emulator saw in any one-second window, from the bot's message times. */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j] - sorted[i] >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** A real bot on the emulator with its chat sender sweeping and its delivery sender running, at `perSecond`. */
export function deliveringBot(db: Db, emu: Emulator, instanceId = "a", perSecond = 100): BuiltBot {
  const b = emulatedBot(db, emu, { instanceId, sending: { perSecond, perChatPerSecond: 1, paidBroadcast: false } });
  b.sender.startSweeping();
  b.deliveries.start();
  return b;
}

/** Stops what deliveringBot started: the delivery sender, then the chat sender, then their gate. */
export async function stopDeliveringBot(b: BuiltBot): Promise<void> {
  await b.deliveries.stop();
  await b.sender.stop();
  b.gate.stop();
}
