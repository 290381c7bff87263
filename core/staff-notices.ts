import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { users } from "../db/schema.ts";
import { enqueue } from "./outbox.ts";

// Messages to staff about each other's work (a report submitted, returned, accepted). They leave through
// the outbox like citizens' notifications: written in the transaction that caused them, rendered in the
// recipient's language by workers/citizen-messages.ts, sent by the recipient's chat sender.

/** A message parameter: the same text for everyone, or one per language (a county's name). */
export type NoticeParam = string | number | { fa: string; en: string };

export interface StaffNoticePayload {
  type: "staff_notice";
  userId: number;
  /** A locale key of the message, e.g. "notice-report-submitted". */
  key: string;
  params: Record<string, NoticeParam>;
  /** An optional button under it: its label key and callback data. */
  button?: { key: string; data: string };
}

/** Queues one notice per user (in the caller's transaction); `key` makes each user's notice once. */
export async function noticeStaff(db: Db, userIds: number[], notice: Omit<StaffNoticePayload, "type" | "userId">, key: string): Promise<void> {
  for (const userId of new Set(userIds)) {
    await enqueue(db, { kind: "citizen_message", key: `notice:${key}:${userId}`, orderKey: `user:${userId}`, payload: { type: "staff_notice", userId, ...notice } });
  }
}

/** The users holding a role in a province (provincial representatives), or every admin by role. */
export async function usersWithRole(db: Db, role: string, provinceId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`${users.roles}[1] = ${role}`, provinceId === undefined ? undefined : eq(users.provinceId, provinceId)));
  return rows.map((r) => r.id);
}

/**
 * The admins to tell: users with the admin role, and the users rows of ADMIN_IDS (those are platform ids,
 * and one who never wrote to the bot has no chat to be told in).
 */
export async function adminUsers(db: Db, adminPlatformIds: ReadonlySet<number> = new Set()): Promise<number[]> {
  const byRole = await usersWithRole(db, "admin");
  const listed = adminPlatformIds.size ? await db.select({ id: users.id }).from(users).where(inArray(users.platformUserId, [...adminPlatformIds])) : [];
  return [...new Set([...byRole, ...listed.map((u) => u.id)])];
}
