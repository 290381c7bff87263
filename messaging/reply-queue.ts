import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";

// The per-chat reply queue (table chat_replies). A step's Bot API calls, and the messages pushed to a
// citizen, are rows written in the same transaction as the change they announce; the sender
// (messaging/chat-sender.ts) sends them only after the commit. One chat has at most one sender at a time
// across instances: a lease on its chat_states row (sender, sender_until). reply_seq is bumped on every
// enqueue, so a sender that finishes releases the chat only when nothing was queued since it looked.

/** One Bot API call as data: what the sender will call, with its parameters. */
export interface QueuedCall {
  method: string;
  payload: Record<string, unknown>;
}

/** A pending row as the sender works on it. */
export interface ReplyRow {
  id: number;
  batch: string;
  seq: number;
  method: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** 0 a reply to someone in a conversation (sent at once), 1 a push (waits for the bot's send budget). */
  priority: number;
}

/** What a sender now holds for a chat: the pending rows in order and the reply_seq it saw. */
export interface ChatClaim {
  seq: number;
  rows: ReplyRow[];
}

export type ReplyOutcome =
  | { id: number; state: "sent"; messageId?: number | null; error?: string }
  | { id: number; state: "failed"; error: string }
  | { id: number; state: "retry"; error: string; delayMs: number };

export const LEASE_SECONDS = 30;

const replyRows = (json: unknown): ReplyRow[] =>
  ((json as Record<string, any>[] | null) ?? []).map((r) => ({ id: Number(r.id), batch: r.batch, seq: r.seq, method: r.method, payload: r.payload, attempts: r.attempts, priority: Number(r.priority ?? 0) }));

// A chat's pending rows, read by a statement that has just taken the chat's lease. `for update` makes it read
// each row as it is now, not as the statement's snapshot saw it: the lease can be taken just after another
// instance's settle committed (the claim waited for that settle's lock on chat_states, or ran right after
// it), and the snapshot, taken when the statement began, would still show the rows that settle marked
// sent. Locking a row that changed since re-reads its latest version and drops it when it is no longer
// pending (read committed), so no message is sent twice across instances.
const pendingRowsOf = (platform: string, chatId: number) =>
  sql`(select coalesce(json_agg(p order by p.id), '[]'::json) from (select id, batch, seq, method, payload, attempts, priority from chat_replies
        where platform = ${platform} and chat_id = ${chatId} and state = 'pending' for update) p)`;

const claimable = (sender: string) => sql`(chat_states.sender is null or chat_states.sender = ${sender} or chat_states.sender_until < now())`;

export interface QueueReplies {
  platform: string;
  chatId: number;
  /** `u:<update_id>` for an update's replies, `o:<outbox id>` for a push. */
  batch: string;
  calls: QueuedCall[];
  priority?: number;
  /** The instance that will send now: it claims the chat when it is free. Absent: only queue (a push; kick the sender after the commit). */
  sender?: string;
  /** More assignments to the chat's state row in the same statement (the session a step leaves). */
  alsoSet?: SQL;
}

/**
 * Queues calls for a chat in one statement: inserts the rows, bumps reply_seq, applies `alsoSet`, and —
 * when `sender` is given and there is something to send — claims the chat for it. Answers the claim
 * (earlier pending rows first, then these) or null when another live sender holds the chat; that sender
 * will see the new reply_seq and send these too.
 */
export async function queueReplies(tx: Db, q: QueueReplies): Promise<ChatClaim | null> {
  const statement = queueRepliesStatement(q);
  return statement.read(await tx.execute(statement.query));
}

/** A statement and how to read its result: for a caller that sends it itself (transactionEndingWith in messaging/chat-state.ts). */
export interface Statement<R> {
  query: SQL;
  read(result: unknown): R;
}

/** queueReplies as a statement not yet sent. */
export function queueRepliesStatement(q: QueueReplies): Statement<ChatClaim | null> {
  const n = q.calls.length;
  const priority = q.priority ?? 0;
  // One jsonb parameter, not a VALUES row per call: the statement's text stays the same whatever the
  // number of calls, so postgres.js prepares it once per connection instead of describing it each time.
  const calls = JSON.stringify(q.calls.map((c, seq) => ({ seq, method: c.method, payload: c.payload })));
  const insert = sql`insert into chat_replies (platform, chat_id, batch, seq, method, payload, priority)
          select ${q.platform}, ${q.chatId}, ${q.batch}, c.seq, c.method, c.payload, ${priority}
          from jsonb_to_recordset(${calls}::jsonb) as c(seq int, method text, payload jsonb)
          order by c.seq
          on conflict (platform, chat_id, batch, seq) do nothing
          returning id, batch, seq, method, payload, attempts, priority`;
  const me = q.sender ?? null;
  // Claim only with something to send: these calls, or rows an earlier update left behind.
  const wants = me === null ? sql`false` : sql`(${n} > 0 or exists (select 1 from chat_replies where platform = ${q.platform} and chat_id = ${q.chatId} and state = 'pending'))`;
  const take = me === null ? sql`false` : sql`(${wants} and ${claimable(me)})`;
  const query = sql`
    with ins as (${insert}),
    chat as (
      insert into chat_states (platform, chat_id, reply_seq, sender, sender_until)
      values (${q.platform}, ${q.chatId}, ${n}, case when ${n} > 0 then ${me}::text end, case when ${n} > 0 and ${me}::text is not null then now() + make_interval(secs => ${LEASE_SECONDS}) end)
      on conflict (platform, chat_id) do update set
        ${q.alsoSet ? sql`${q.alsoSet}, ` : sql``}
        reply_seq = chat_states.reply_seq + ${n},
        sender = case when ${take} then ${me}::text else chat_states.sender end,
        sender_until = case when ${take} then now() + make_interval(secs => ${LEASE_SECONDS}) else chat_states.sender_until end
      returning sender is not distinct from ${me}::text and ${me}::text is not null as claimed, reply_seq
    )
    select (select claimed from chat) as claimed,
           (select reply_seq from chat) as seq,
           case when (select claimed from chat) then ${pendingRowsOf(q.platform, q.chatId)} else '[]'::json end as earlier,
           (select coalesce(json_agg(ins order by ins.id), '[]'::json) from ins) as queued`;
  return {
    query,
    read(result) {
      const [row] = rowsOf(result);
      if (!row?.claimed) return null;
      return { seq: Number(row.seq), rows: [...replyRows(row.earlier), ...replyRows(row.queued)] };
    },
  };
}

/**
 * Claims a chat for `sender` when it is free (or its lease ran out) and has pending rows; null otherwise.
 * A user marked blocked gets nothing: rows queued after the 403 was recorded (a push whose worker read the
 * user just before) are dropped here instead of being sent to be refused again.
 */
export async function claimChat(db: Db, platform: string, chatId: number, sender: string): Promise<ChatClaim | null> {
  const blocked = sql`exists (select 1 from users where platform = ${platform} and platform_user_id = ${chatId} and blocked)`;
  const result = await db.execute(sql`
    with dropped as (
      update chat_replies set state = 'dropped', last_error = '403: the user blocked the bot'
      where platform = ${platform} and chat_id = ${chatId} and state = 'pending' and ${blocked}
      returning id
    ), chat as (
      update chat_states set sender = ${sender}, sender_until = now() + make_interval(secs => ${LEASE_SECONDS})
      where platform = ${platform} and chat_id = ${chatId} and ${claimable(sender)} and not ${blocked}
        and exists (select 1 from chat_replies where platform = ${platform} and chat_id = ${chatId} and state = 'pending')
      returning reply_seq
    )
    select (select reply_seq from chat) as seq, case when exists (select 1 from chat) then ${pendingRowsOf(platform, chatId)} else '[]'::json end as rows`);
  const [row] = rowsOf(result);
  if (row?.seq == null) return null;
  const rows = replyRows(row.rows);
  if (rows.length === 0) {
    await releaseChat(db, platform, chatId, sender);
    return null;
  }
  return { seq: Number(row.seq), rows };
}

export interface Settle {
  chatId: number;
  outcomes: ReplyOutcome[];
  /** The reply_seq the sender last saw: the chat is released only if nothing was queued since. */
  seenSeq: number;
  /** Release even if more was queued (the sender stops: a retry must wait, the rest waits behind it). */
  releaseAnyway?: boolean;
  /** The user blocked the bot: drop everything still pending for the chat, with this reason. */
  dropPending?: string;
}

/**
 * Records what happened to the rows a sender worked on, for any number of chats, and releases those
 * chats — one statement, however many chats finished at once. Answers the chats released; a chat not
 * among them had more queued meanwhile (its sender claims it again). Releasing waits for an update still
 * holding a chat's row, so that update's reply_seq is seen.
 */
export async function settleChats(db: Db, platform: string, sender: string, settles: Settle[]): Promise<Set<number>> {
  // Each list travels as one jsonb parameter, so the statement's text never changes (see queueRepliesStatement).
  const outcomes = JSON.stringify(
    settles.flatMap((s) =>
      s.outcomes.map((o) => ({ id: o.id, state: o.state, message_id: o.state === "sent" ? (o.messageId ?? null) : null, error: o.error ?? null, delay_ms: o.state === "retry" ? o.delayMs : 0 })),
    ),
  );
  const drops = JSON.stringify(settles.filter((s) => s.dropPending).map((s) => ({ chat_id: s.chatId, reason: s.dropPending })));
  const releases = JSON.stringify(settles.map((s) => ({ chat_id: s.chatId, seq: s.seenSeq, anyway: !!(s.releaseAnyway || s.dropPending) })));
  const result = await db.execute(sql`
    with upd as (
      update chat_replies r set
        state = case when o.state = 'retry' then 'pending' else o.state end,
        attempts = r.attempts + 1,
        message_id = coalesce(o.message_id, r.message_id),
        last_error = o.error,
        sent_at = case when o.state = 'sent' then now() else r.sent_at end,
        next_attempt_at = case when o.state = 'retry' then now() + make_interval(secs => o.delay_ms / 1000.0) else r.next_attempt_at end
      from jsonb_to_recordset(${outcomes}::jsonb) as o(id bigint, state text, message_id bigint, error text, delay_ms int)
      where r.id = o.id returning 1
    ),
    dropped as (
      update chat_replies r set state = 'dropped', last_error = d.reason
      from jsonb_to_recordset(${drops}::jsonb) as d(chat_id bigint, reason text)
      where r.platform = ${platform} and r.chat_id = d.chat_id and r.state = 'pending' returning 1
    ),
    released as (
      update chat_states c set sender = null, sender_until = null
      from jsonb_to_recordset(${releases}::jsonb) as rel(chat_id bigint, seq bigint, anyway boolean)
      where c.platform = ${platform} and c.chat_id = rel.chat_id and c.sender = ${sender} and (rel.anyway or c.reply_seq = rel.seq)
      returning c.chat_id
    )
    select coalesce((select json_agg(chat_id) from released), '[]'::json) as released,
           (select count(*) from upd) as settled, (select count(*) from dropped) as dropped`);
  const [row] = rowsOf(result);
  return new Set(((row?.released as unknown[]) ?? []).map(Number));
}

/** Gives a chat's lease up without recording anything. */
export async function releaseChat(db: Db, platform: string, chatId: number, sender: string): Promise<void> {
  await db.execute(sql`update chat_states set sender = null, sender_until = null where platform = ${platform} and chat_id = ${chatId} and sender = ${sender}`);
}

/**
 * Chats of a platform whose oldest pending row is due and that no live sender holds (a crashed
 * instance's lease has run out), oldest first, replies (priority 0) before pushes.
 */
export async function dueChats(db: Db, platform: string, sender: string, limit: number): Promise<number[]> {
  const result = await db.execute(sql`
    select r.chat_id from chat_replies r
    join chat_states c on c.platform = r.platform and c.chat_id = r.chat_id
    where r.platform = ${platform} and r.state = 'pending' and r.next_attempt_at <= now()
      and not exists (select 1 from chat_replies o where o.platform = r.platform and o.chat_id = r.chat_id and o.state = 'pending' and o.id < r.id)
      and (c.sender is null or c.sender = ${sender} or c.sender_until < now())
    order by r.priority, r.id
    limit ${limit}`);
  return rowsOf(result).map((r) => Number(r.chat_id));
}

/** The platform's message id of call `seq` of a batch, once it was sent (for a later call that edits it). */
/**
 * Marks a queued call whose text is a secret (an invite code): it is never sent to the platform as a
 * parameter, and once sent its row keeps no copy (forgetSentSecret).
 */
export const SECRET_MARK = "$secret";

/**
 * Names the message a queued edit changes by the batch that sent it (its first call) instead of a message
 * id: resolved when the edit is sent. A delivery's progress edits use it, so an edit queued before the
 * progress message itself went out (the platform held it back, the delivery was quick) still finds it —
 * the chat's rows go in order, so by then it has been sent.
 */
export const EDITS_MARK = "$edits";

/**
 * Marks a queued message that is made only when it is sent (flows/later.ts): its value is the work (figures, a
 * chart, a spreadsheet) the chat sender hands to its `makeLater` just before sending, outside any transaction.
 */
export const LATER_MARK = "$later";

/** Drops the text of a sent call that carried a secret, so the reply queue does not keep it. */
export async function forgetSentSecret(db: Db, id: number): Promise<void> {
  await db.execute(sql`update chat_replies set payload = jsonb_build_object('chat_id', payload->'chat_id', 'text', '[secret removed after sending]') where id = ${id}`);
}

export async function sentMessageId(db: Db, platform: string, chatId: number, batch: string, seq: number): Promise<number | null> {
  const result = await db.execute(sql`
    select message_id from chat_replies where platform = ${platform} and chat_id = ${chatId} and batch = ${batch} and seq = ${seq} and state = 'sent'`);
  const [row] = rowsOf(result);
  return row?.message_id == null ? null : Number(row.message_id);
}

/** The seq of the call a placeholder message id refers to, or null for a real id. */
export function placeholderSeq(messageId: unknown): number | null {
  return typeof messageId === "number" && messageId < 0 ? -messageId - 1 : null;
}
