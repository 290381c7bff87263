import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { audienceCondition, type Audience } from "./audiences.ts";
import { queueReplies, type QueuedCall } from "../messaging/reply-queue.ts";

// The delivery engine's records: a delivery (what, to whom, how far along) and its recipients (one row
// each, claimed by a sender for a lease, then settled). Everything that goes to many chats is one of these;
// messaging/delivery-sender.ts sends them at the bot's pace. A recipient is sent at least once: only the rows
// a crashed sender had claimed and not yet recorded can go out twice.

/** report: a report the product wrote (the quarterly complaint analysis), sent to the staff it is for. */
export type DeliveryKind = "directive" | "announcement" | "consultation" | "reminder" | "report";

/** Lower goes first; replies to a conversation are 0 and pushed notifications 1 (messaging/reply-queue.ts). */
export const DELIVERY_PRIORITY: Record<DeliveryKind, number> = { directive: 2, consultation: 2, reminder: 2, report: 2, announcement: 3 };

/** A file id or URL, or a file the product made (core/generated-files.ts), uploaded by the sender. */
const fileSchema = z.union([z.string().min(1).max(2048), z.strictObject({ generated_file: z.number().int().positive() })]);

export const deliveryMessageSchema = z.object({
  text: z.string().min(1).max(4096),
  /** A photo shown above the text, the text as its caption when it fits. */
  photo: fileSchema.optional(),
  /** Documents sent before the text. */
  documents: z.array(fileSchema).max(10).optional(),
  /** A directive's title and due date, shown above and below the text in each recipient's language. */
  title: z.string().max(200).optional(),
  dueAt: z.string().optional(),
  /** The button under the text: acknowledge a directive (of this delivery, or `deliveryId`'s: a reminder), stop announcements. */
  button: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("acknowledge"), deliveryId: z.number().int().optional() }),
      z.object({ kind: z.literal("unsubscribe") }),
      /** A consultation: one button per option, or (no options) one that opens a free-text answer. */
      z.object({ kind: z.literal("consult"), options: z.array(z.string().max(60)).max(6) }),
    ])
    .optional(),
});
export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;

export interface NewDelivery {
  kind: DeliveryKind;
  message: DeliveryMessage;
  audience: Audience;
  /** Idempotency: the same key creates one delivery. */
  key: string;
  createdBy?: number | null;
  createdByKey?: number | null;
  /** Not before this time (a scheduled announcement); now when absent. */
  notBefore?: Date;
}

export interface DeliveryCounts {
  id: number;
  kind: DeliveryKind;
  state: "scheduled" | "running" | "cancelled" | "done";
  total: number;
  sent: number;
  blocked: number;
  failed: number;
  /** Not yet sent: waiting, or with a sender now. */
  pending: number;
  cancelled: number;
  notBefore: Date;
  createdAt: Date;
  finishedAt: Date | null;
  /** Its title (a directive's) and text, for what the issuer's progress message calls it. */
  message: { title?: string; text?: string };
}

/** Creates a delivery (in the caller's transaction) and, unless it is for later, its recipients; the same key answers the first one. */
export async function createDelivery(tx: Db, d: NewDelivery): Promise<{ id: number; created: boolean }> {
  const later = d.notBefore !== undefined && d.notBefore.getTime() > Date.now();
  const [row] = rowsOf(
    await tx.execute(sql`
      insert into deliveries (kind, priority, state, message, audience, created_by, created_by_key, key, not_before)
      values (${d.kind}, ${DELIVERY_PRIORITY[d.kind]}, ${later ? "scheduled" : "running"}, ${JSON.stringify(d.message)}::jsonb, ${JSON.stringify(d.audience)}::jsonb,
              ${d.createdBy ?? null}, ${d.createdByKey ?? null}, ${d.key}, ${later ? d.notBefore!.toISOString() : sql`now()`})
      on conflict (key) do nothing returning id`),
  );
  if (!row) {
    const [existing] = rowsOf(await tx.execute(sql`select id from deliveries where key = ${d.key}`));
    return { id: Number(existing.id), created: false };
  }
  const id = Number(row.id);
  if (!later) await addRecipients(tx, id, d.audience);
  return { id, created: true };
}

/**
 * Resolves the audience into recipients (users who blocked the bot are recorded as blocked, not sent) and
 * starts the delivery. Idempotent: a user already a recipient is left alone.
 */
async function addRecipients(tx: Db, deliveryId: number, audience: Audience, onlyUserId?: number): Promise<number> {
  const [row] = rowsOf(
    await tx.execute(sql`
      with ins as (
        insert into delivery_recipients (delivery_id, user_id, platform, chat_id, priority, state, last_error)
        select ${deliveryId}, u.id, u.platform, u.platform_user_id, d.priority,
               case when u.blocked then 'blocked' else 'pending' end, case when u.blocked then 'the user had blocked the bot' end
        from users u, deliveries d
        where d.id = ${deliveryId} and ${audienceCondition(audience)} ${onlyUserId === undefined ? sql`` : sql`and u.id = ${onlyUserId}`}
        order by u.id
        on conflict (delivery_id, user_id) do nothing
        returning state
      ), counts as (select count(*) as n, count(*) filter (where state = 'blocked') as blocked, count(*) filter (where state = 'pending') as pending from ins)
      update deliveries d set total = d.total + counts.n, blocked = d.blocked + counts.blocked,
        state = case when d.state = 'cancelled' then d.state when counts.pending > 0 or exists (select 1 from delivery_recipients r where r.delivery_id = d.id and r.state in ('pending', 'sending')) then 'running' else 'done' end,
        started_at = coalesce(d.started_at, now()),
        finished_at = case when counts.pending > 0 then null else coalesce(d.finished_at, now()) end
      from counts where d.id = ${deliveryId}
      returning counts.n`),
  );
  return Number(row?.n ?? 0);
}

/** Starts the scheduled deliveries whose time has come (the scheduled-announcements job); answers their ids. */
export async function startDueDeliveries(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    const due = rowsOf(await tx.execute(sql`select id, audience from deliveries where state = 'scheduled' and not_before <= now() order by not_before for update skip locked limit 50`));
    for (const d of due) {
      await tx.execute(sql`update deliveries set state = 'running' where id = ${d.id}`);
      await addRecipients(tx, Number(d.id), d.audience as Audience);
    }
    return due.map((d) => Number(d.id));
  });
}

/**
 * Adds one user to those of the given deliveries whose audience they now belong to (a staff member who
 * joined after a directive was issued). Answers the deliveries they were added to.
 */
export async function addLateRecipient(tx: Db, deliveryIds: number[], userId: number): Promise<number[]> {
  if (deliveryIds.length === 0) return [];
  const open = rowsOf(await tx.execute(sql`
    select id, audience from deliveries where id = any(${`{${deliveryIds.join(",")}}`}::bigint[]) and state in ('running', 'done')
      and not exists (select 1 from delivery_recipients r where r.delivery_id = deliveries.id and r.user_id = ${userId})`));
  const added: number[] = [];
  for (const d of open) if ((await addRecipients(tx, Number(d.id), d.audience as Audience, userId)) > 0) added.push(Number(d.id));
  return added;
}

/** Stops a delivery: nobody not yet sent gets it (those with a sender this moment may still). Answers false when it had already ended. */
export async function cancelDelivery(tx: Db, id: number): Promise<boolean> {
  const [row] = rowsOf(await tx.execute(sql`
    update deliveries set state = 'cancelled', cancelled_at = now(), finished_at = coalesce(finished_at, now())
    where id = ${id} and state in ('scheduled', 'running') returning id`));
  if (!row) return false;
  await tx.execute(sql`update delivery_recipients set state = 'cancelled' where delivery_id = ${id} and state = 'pending'`);
  return true;
}

/** A delivery's figures, counted from its recipients. */
export async function deliveryCounts(db: Db, id: number): Promise<DeliveryCounts | null> {
  const [row] = rowsOf(await db.execute(sql`
    select d.id, d.kind, d.state, d.not_before, d.created_at, d.finished_at,
      d.message->>'title' as title, left(d.message->>'text', 200) as text,
      count(r.id) as total,
      count(r.id) filter (where r.state = 'sent') as sent, count(r.id) filter (where r.state = 'blocked') as blocked,
      count(r.id) filter (where r.state = 'failed') as failed, count(r.id) filter (where r.state in ('pending', 'sending')) as pending,
      count(r.id) filter (where r.state = 'cancelled') as cancelled
    from deliveries d left join delivery_recipients r on r.delivery_id = d.id
    where d.id = ${id} group by d.id`));
  if (!row) return null;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    id: Number(row.id),
    kind: row.kind,
    state: row.state,
    total: n("total"),
    sent: n("sent"),
    blocked: n("blocked"),
    failed: n("failed"),
    pending: n("pending"),
    cancelled: n("cancelled"),
    notBefore: new Date(row.not_before),
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    message: { title: row.title ?? undefined, text: row.text ?? undefined },
  };
}

/**
 * Where the issuer watches a delivery: their chat, and the first text of the message that will be edited
 * (or a function of the delivery's id, for a message whose cancel button names it).
 */
export interface ProgressMessage {
  platform: string;
  chatId: number;
  call: QueuedCall | ((deliveryId: number) => QueuedCall);
}

/**
 * Queues the issuer's progress message (in the caller's transaction, so it goes out after the commit like
 * any reply) and points the delivery at it; the delivery sender edits it as recipients are recorded.
 */
export async function attachProgressMessage(tx: Db, id: number, p: ProgressMessage): Promise<void> {
  const batch = `d:${id}:progress`;
  await queueReplies(tx, { platform: p.platform, chatId: p.chatId, batch, calls: [typeof p.call === "function" ? p.call(id) : p.call] });
  await tx.execute(sql`
    update deliveries set progress_reply_id = (select id from chat_replies where platform = ${p.platform} and chat_id = ${p.chatId} and batch = ${batch} and seq = 0)
    where id = ${id}`);
}
