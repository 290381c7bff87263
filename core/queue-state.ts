import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";

// How much is waiting to leave, for the operators' metrics: the outbox by kind (and how old its oldest item
// is), the chat reply queue and the delivery recipients by platform, and the database's busy connections.

export interface QueueState {
  outbox: { kind: string; pending: number; oldestSeconds: number }[];
  replies: { platform: string; pending: number }[];
  recipients: { platform: string; pending: number }[];
  /** Queries running now on this database (PostgreSQL's pg_stat_activity; the embedded database has one connection). */
  busyConnections: number | null;
}

export async function queueState(db: Db, embedded: boolean): Promise<QueueState> {
  const outbox = rowsOf(
    await db.execute(sql`select kind, count(*) as n, coalesce(extract(epoch from now() - min(created_at)), 0) as age from outbox where status = 'pending' group by kind`),
  ).map((r) => ({ kind: r.kind as string, pending: Number(r.n), oldestSeconds: Number(r.age) }));
  const replies = rowsOf(await db.execute(sql`select platform, count(*) as n from chat_replies where state = 'pending' group by platform`)).map((r) => ({ platform: r.platform as string, pending: Number(r.n) }));
  const recipients = rowsOf(await db.execute(sql`select platform, count(*) as n from delivery_recipients where state in ('pending', 'sending') group by platform`)).map((r) => ({
    platform: r.platform as string,
    pending: Number(r.n),
  }));
  const busy = embedded
    ? null
    : Number(rowsOf(await db.execute(sql`select count(*) as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`))[0]?.n ?? 0);
  return { outbox, replies, recipients, busyConnections: busy };
}
