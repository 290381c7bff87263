import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { processedUpdates, type chatStates } from "../db/schema.ts";
import { queueRepliesStatement, type ChatClaim, type QueuedCall, type Statement } from "./reply-queue.ts";
import type { User } from "../core/users.ts";
import type { Session } from "../flows/engine.ts";
import { rowsOf } from "../db/rows.ts";

export type ChatStateRow = typeof chatStates.$inferSelect;

export interface UpdateStart {
  /** False when this update was handled before (a redelivery): it must then be ignored. */
  fresh: boolean;
  /** True when the id was recorded before for an update with other content: the platform's ids started again. */
  reusedId: boolean;
  chat: ChatStateRow | null;
  user: User | null;
}

export interface UpdateIdentity {
  platform: string;
  botId: number;
  updateId: number;
  /** updateFingerprint of the update: with the id, what tells a redelivery from a new update. */
  fingerprint: string;
  chatId?: number;
  from?: { id: number; firstName?: string; username?: string; languageCode?: string };
  floodWindowSeconds: number;
}

// The rows come back through row_to_json (snake_case, timestamps as strings); these turn them into the
// same shapes drizzle's typed selects return.
const toDate = (v: unknown) => (v == null ? null : new Date(v as string));
function chatFromJson(j: Record<string, any> | null): ChatStateRow | null {
  if (!j) return null;
  return {
    platform: j.platform,
    chatId: Number(j.chat_id),
    flow: j.flow,
    step: j.step,
    draft: j.draft ?? {},
    version: j.version,
    floodWindowStart: toDate(j.flood_window_start),
    floodCount: j.flood_count,
    floodWarned: j.flood_warned,
    groupNoticeSent: j.group_notice_sent,
    sender: j.sender,
    senderUntil: toDate(j.sender_until),
    replySeq: Number(j.reply_seq ?? 0),
    updatedAt: toDate(j.updated_at)!,
  };
}
function userFromJson(j: Record<string, any> | null): User | null {
  if (!j) return null;
  return {
    id: Number(j.id),
    platform: j.platform,
    platformUserId: Number(j.platform_user_id),
    firstName: j.first_name,
    username: j.username,
    language: j.language,
    phone: j.phone,
    phoneVerified: j.phone_verified,
    announcementsOptIn: j.announcements_opt_in,
    blocked: j.blocked,
    roles: j.roles ?? [],
    provinceId: j.province_id,
    countyId: j.county_id,
    agencyId: j.agency_id,
    createdAt: toDate(j.created_at)!,
    updatedAt: toDate(j.updated_at)!,
  };
}


/**
 * Starts an update's unit of work in one round trip (the database is the slow part of every update):
 * - records (bot_id, update_id) with the update's fingerprint; when that id is there with the same
 *   fingerprint the update is a redelivery, with another it is a new update reusing an old id;
 * - locks the chat's state row, creating it on first contact, and counts a fresh update against the flood
 *   window — a second instance handling the same chat waits here, so one chat's updates never interleave;
 * - creates or refreshes the user (a user who writes to us has unblocked the bot);
 * - makes this transaction's commit wait for the disk, whatever the server's default: its replies are sent
 *   right after the commit, and nothing may be said that a crash could take back (the person would see the
 *   next question while the step was gone, and their answer would land on the question before). Concurrent
 *   updates share their flushes (PostgreSQL's group commit): in bench:ingest this cost nothing measurable.
 */
export async function beginUpdate(tx: Db, u: UpdateIdentity): Promise<UpdateStart> {
  const windowOpen = sql`chat_states.flood_window_start > now() - make_interval(secs => ${u.floodWindowSeconds})`;
  // Only a fresh update counts: the platform redelivering one (while our database was down, say) is not
  // the person writing fast, and must not get their next real message refused.
  const counted = sql`(select count(*)::int from fresh)`;
  const chatCte = u.chatId === undefined
    ? sql`select null::int as none where false`
    : sql`insert into chat_states (platform, chat_id, flood_window_start, flood_count) values (${u.platform}, ${u.chatId}, now(), ${counted})
        on conflict (platform, chat_id) do update set
          flood_count = case when ${windowOpen} then chat_states.flood_count + ${counted} else ${counted} end,
          flood_warned = case when ${windowOpen} then chat_states.flood_warned else false end,
          flood_window_start = case when ${windowOpen} then chat_states.flood_window_start else now() end
        returning *`;
  const f = u.from;
  const userCte = !f
    ? sql`select null::int as none where false`
    : sql`insert into users (platform, platform_user_id, first_name, username, language)
        values (${u.platform}, ${f.id}, ${f.firstName ?? null}, ${f.username ?? null}, ${f.languageCode?.startsWith("en") ? "en" : "fa"})
        on conflict (platform, platform_user_id) do update set first_name = excluded.first_name, username = excluded.username, blocked = false, updated_at = now()
        returning *`;
  const result = await tx.execute(sql`
    with fresh as (${recordUpdate(u.botId, u.updateId, u.fingerprint, "done")}),
         chat as (${chatCte}),
         usr as (${userCte})
    select (select row_to_json(chat) from chat) as chat,
           (select row_to_json(usr) from usr) as usr,
           exists (select 1 from fresh) as fresh,
           coalesce((select reused from fresh), false) as reused,
           set_config('synchronous_commit', 'on', true) as sync`);
  const [row] = rowsOf(result);
  return { fresh: row.fresh === true, reusedId: row.reused === true, chat: chatFromJson(row.chat), user: userFromJson(row.usr) };
}

/**
 * Records an update as handled, answering a row (reused: whether the id was there with other content) when
 * it is new; none for a redelivery. A row recorded before fingerprints existed (null) counts as the same.
 */
function recordUpdate(botId: number, updateId: number, fingerprint: string, outcome: "done" | "failed"): SQL {
  return sql`insert into processed_updates (bot_id, update_id, content_hash, outcome) values (${botId}, ${updateId}, ${fingerprint}, ${outcome})
    on conflict (bot_id, update_id) do update set content_hash = excluded.content_hash, outcome = excluded.outcome, processed_at = now()
      where processed_updates.content_hash <> excluded.content_hash
    returning xmax::text <> '0' as reused`;
}

export interface UpdateFinish {
  platform: string;
  chatId: number;
  updateId: number;
  fingerprint: string;
  /** The session and flags the step leaves; absent when the chat's state must stay as it was (a failed update). */
  state?: { session: Session; floodWarned: boolean; groupNoticeSent: boolean };
  /** The Bot API calls the handlers made (ReplyCapture in messaging/unit-of-work.ts). */
  calls: QueuedCall[];
  /** The instance that sends the replies after the commit. */
  sender: string;
}

/**
 * The statement that ends an update's unit of work: saves the chat's session and flags, queues the
 * replies, and claims the chat for this instance's sender when it is free. It reads as what to send
 * after the commit, or null when there is nothing or another instance is sending the chat (it sends
 * these too). The unit of work sends it together with the COMMIT.
 */
export function finishUpdate(f: UpdateFinish): Statement<ChatClaim | null> {
  const s = f.state;
  const alsoSet = s
    ? sql`flow = ${s.session.flow}, step = ${s.session.step}, draft = ${JSON.stringify(s.session.draft)}::jsonb, version = ${s.session.version},
          flood_warned = ${s.floodWarned}, group_notice_sent = ${s.groupNoticeSent}, updated_at = now()`
    : undefined;
  return queueRepliesStatement({ platform: f.platform, chatId: f.chatId, batch: updateBatch(f.updateId, f.fingerprint), calls: f.calls, sender: f.sender, alsoSet });
}

/**
 * The reply batch of one handled update: its id and fingerprint, so an update that reuses an old id gets
 * a batch of its own (under the id alone its replies were taken for the old update's and dropped).
 */
export const updateBatch = (updateId: number, fingerprint: string) => `u:${updateId}:${fingerprint}`;

/** Records an update as handled; false when it was handled before. */
export async function markUpdateProcessed(tx: Db, botId: number, updateId: number, fingerprint: string, outcome: "done" | "failed" = "done"): Promise<boolean> {
  // recordUpdate's statement, through the query builder.
  const rows = await tx
    .insert(processedUpdates)
    .values({ botId, updateId, contentHash: fingerprint, outcome })
    .onConflictDoUpdate({
      target: [processedUpdates.botId, processedUpdates.updateId],
      set: { contentHash: fingerprint, outcome, processedAt: sql`now()` },
      setWhere: sql`${processedUpdates.contentHash} <> excluded.content_hash`,
    })
    .returning({ updateId: processedUpdates.updateId });
  return rows.length > 0;
}

// The update path's transaction: `work` runs in a transaction and answers the statement it ends with
// (the unit of work's finishUpdate: save the session, queue the replies), which the runner sends last.
//
// Sending BEGIN with the first statement and COMMIT with the last on a reserved postgres.js connection was
// tried here and withdrawn: when PostgreSQL dropped connections under load (test/e2e/database-drops.test.ts)
// a reserved connection came back to the pool dead and updates waited on it for good. drizzle's own
// transaction recovers; the two round trips it costs are worth that.

/** The statement a transaction ends with, and how to read its result. */
export interface LastStatement<R> {
  query: SQL;
  read(result: unknown): R;
}

/** Runs `work` in a transaction; the statement it answers (or none) runs last, and what it reads as is the result. */
export function transactionEndingWith<R>(db: Db, work: (tx: Db) => Promise<LastStatement<R> | null>): Promise<R | null> {
  return db.transaction(async (tx) => {
    const last = await work(tx);
    return last ? last.read(await tx.execute(last.query)) : null;
  });
}
