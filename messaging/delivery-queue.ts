import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import type { DeliveryKind, DeliveryMessage } from "../core/deliveries.ts";

// How a sender works through delivery recipients: claim a few (a lease, so a crashed sender's rows go to
// another), send, record the outcomes of many in one statement. A row is claimed only when it is about to
// be sent, so what a crash can send twice is the few rows claimed and not yet recorded.

/** A recipient claimed by a sender, with what to send them. */
export interface ClaimedRecipient {
  id: number;
  deliveryId: number;
  kind: DeliveryKind;
  userId: number;
  chatId: number;
  priority: number;
  attempts: number;
  language: string;
  /** Whether the recipient is staff (an announcement's stop button is only for citizens). */
  staff: boolean;
  message: DeliveryMessage;
}

export type RecipientOutcome =
  | { id: number; state: "sent"; messageId: number | null }
  | { id: number; state: "blocked" | "failed"; error: string }
  | { id: number; state: "retry"; error: string; delayMs: number };

/** A delivery a settle touched: its counters, and where its progress message is when it is due an edit. */
export interface TouchedDelivery {
  id: number;
  kind: DeliveryKind;
  state: string;
  total: number;
  sent: number;
  blocked: number;
  failed: number;
  /** What its message is called in the progress message: a directive's title, else its text (deliverySubject). */
  message: { title?: string; text?: string };
  /** `batch` queued the progress message; `messageId` is null while it has not been sent yet. */
  progress: { platform: string; chatId: number; messageId: number | null; batch: string; language: string } | null;
}

/** Claims up to `limit` due recipients of a platform, most urgent delivery first, for `leaseSeconds`. */
export async function claimRecipients(db: Db, platform: string, sender: string, limit: number, leaseSeconds: number): Promise<ClaimedRecipient[]> {
  const rows = rowsOf(
    await db.execute(sql`
      with picked as (
        select r.id from delivery_recipients r
        where r.platform = ${platform} and r.state = 'pending' and r.next_attempt_at <= now()
        order by r.priority, r.delivery_id, r.id
        limit ${limit} for update skip locked
      ), claimed as (
        update delivery_recipients r set state = 'sending', claimed_by = ${sender}, claimed_until = now() + make_interval(secs => ${leaseSeconds})
        from picked where r.id = picked.id
        returning r.id, r.delivery_id, r.user_id, r.chat_id, r.priority, r.attempts
      )
      select c.*, d.kind, d.message, u.language, cardinality(u.roles) > 0 as staff
      from claimed c join deliveries d on d.id = c.delivery_id join users u on u.id = c.user_id
      order by c.priority, c.delivery_id, c.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    deliveryId: Number(r.delivery_id),
    kind: r.kind,
    userId: Number(r.user_id),
    chatId: Number(r.chat_id),
    priority: Number(r.priority),
    attempts: Number(r.attempts),
    language: r.language,
    staff: Boolean(r.staff),
    message: r.message as DeliveryMessage,
  }));
}

/** Extends the lease of rows this sender still holds (waiting out a long pause), so nobody else takes them. */
export async function renewClaims(db: Db, sender: string, ids: number[], leaseSeconds: number): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update delivery_recipients set claimed_until = now() + make_interval(secs => ${leaseSeconds})
    where id = any(${`{${ids.join(",")}}`}::bigint[]) and state = 'sending' and claimed_by = ${sender}`);
}

/** Hands claimed rows back unsent (a sender stopping): pending again, for anyone. */
export async function releaseRecipients(db: Db, sender: string, ids: number[]): Promise<void> {
  await db.execute(sql`
    update delivery_recipients set state = 'pending', claimed_by = null, claimed_until = null
    where id = any(${`{${ids.join(",")}}`}::bigint[]) and state = 'sending' and claimed_by = ${sender}`);
}

/**
 * Puts back rows whose sender is gone: those whose lease ran out, and — at start — this instance's own
 * (it crashed or was killed while holding them). Answers how many; these are the ones that may go twice.
 */
export async function reclaimRecipients(db: Db, platform: string, sender: string, own: boolean): Promise<number> {
  const [row] = rowsOf(
    await db.execute(sql`
      with back as (
        update delivery_recipients set state = 'pending', claimed_by = null, claimed_until = null
        where platform = ${platform} and state = 'sending' and (claimed_until < now() ${own ? sql`or claimed_by = ${sender}` : sql``})
        returning 1)
      select count(*) as n from back`),
  );
  return Number(row?.n ?? 0);
}

/**
 * Records outcomes (one statement for all), marks the users who blocked the bot, moves the deliveries'
 * counters, ends the deliveries with nothing left to send, and answers the deliveries touched — with their
 * progress message when it is due an edit (at most every `progressEveryMs`, and once at the end).
 */
export async function settleRecipients(db: Db, sender: string, outcomes: RecipientOutcome[], progressEveryMs = 3000): Promise<TouchedDelivery[]> {
  if (outcomes.length === 0) return [];
  const json = JSON.stringify(
    outcomes.map((o) => ({ id: o.id, state: o.state, message_id: o.state === "sent" ? o.messageId : null, error: "error" in o ? o.error : null, delay_ms: o.state === "retry" ? o.delayMs : 0 })),
  );
  const touched = rowsOf(
    await db.execute(sql`
      with o as (select * from jsonb_to_recordset(${json}::jsonb) as o(id bigint, state text, message_id bigint, error text, delay_ms int)),
      upd as (
        update delivery_recipients r set
          state = case when o.state = 'retry' then 'pending' else o.state end,
          attempts = r.attempts + 1,
          message_id = o.message_id,
          last_error = o.error,
          sent_at = case when o.state = 'sent' then now() else r.sent_at end,
          next_attempt_at = case when o.state = 'retry' then now() + make_interval(secs => o.delay_ms / 1000.0) else r.next_attempt_at end,
          claimed_by = null, claimed_until = null
        from o where r.id = o.id and r.state = 'sending' and r.claimed_by = ${sender}
        returning r.delivery_id, r.user_id, r.state),
      marked as (update users set blocked = true, updated_at = now() where id in (select user_id from upd where state = 'blocked') returning 1),
      sums as (
        select delivery_id, count(*) filter (where state = 'sent') as sent, count(*) filter (where state = 'blocked') as blocked, count(*) filter (where state = 'failed') as failed
        from upd group by delivery_id)
      update deliveries d set sent = d.sent + sums.sent, blocked = d.blocked + sums.blocked, failed = d.failed + sums.failed
      from sums where d.id = sums.delivery_id
      returning d.id`),
  ).map((r) => Number(r.id));
  if (touched.length === 0) return [];
  const ids = sql`any(${`{${touched.join(",")}}`}::bigint[])`;
  // A statement of its own: it must see the states the one above wrote.
  await db.execute(sql`
    update deliveries d set state = 'done', finished_at = now()
    where d.id = ${ids} and d.state = 'running'
      and not exists (select 1 from delivery_recipients r where r.delivery_id = d.id and r.state in ('pending', 'sending'))`);
  const rows = rowsOf(
    await db.execute(sql`
      with due as (
        update deliveries d set progress_at = now()
        where d.id = ${ids} and d.progress_reply_id is not null
          and (d.progress_at is null or d.progress_at < now() - make_interval(secs => ${progressEveryMs / 1000}) or d.state <> 'running')
        returning d.id)
      select d.id, d.kind, d.state, d.total, d.sent, d.blocked, d.failed, (due.id is not null) as due,
             d.message->>'title' as title, left(d.message->>'text', 200) as text,
             cr.platform, cr.chat_id, cr.message_id, cr.batch, u.language
      from deliveries d left join due on due.id = d.id
      left join chat_replies cr on cr.id = d.progress_reply_id
      left join users u on u.id = d.created_by
      where d.id = ${ids}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    state: r.state,
    total: Number(r.total),
    sent: Number(r.sent),
    blocked: Number(r.blocked),
    failed: Number(r.failed),
    message: { title: r.title ?? undefined, text: r.text ?? undefined },
    progress:
      r.due && r.chat_id != null
        ? { platform: r.platform, chatId: Number(r.chat_id), messageId: r.message_id == null ? null : Number(r.message_id), batch: r.batch, language: r.language ?? "fa" }
        : null,
  }));
}
