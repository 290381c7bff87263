import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activities, activityAgencies, activityMembers, activityPhotos, monthlyReports, networkMembers } from "../db/schema.ts";
import { allows, scopeCondition, type Actor } from "./access.ts";
import { DomainError } from "./errors.ts";
import { comparePersian, toAsciiDigits } from "./persian.ts";
import { addMonths, gregorianKey, tehranJalaliDay, type JalaliDay, type JalaliMonth } from "./jalali-calendar.ts";

// The network's activity log (seed 004), filed by the county's assistant in a few taps. Proposals and
// processes identified carry a progress the assistant updates later, because the reports count what was
// realised and why the rest was not.

export const ACTIVITY_KINDS = [
  "topical_meeting",
  "joint_session",
  "officials_among_people",
  "peoples_proposal",
  "process_identified",
  "participatory_project",
  "religious_national_event",
  "other",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Kinds whose outcome is followed up: a people's proposal and an unnecessary or long process identified. */
export const TRACKED_KINDS: readonly ActivityKind[] = ["peoples_proposal", "process_identified"];
export const PROGRESS_STATES = ["reported", "in_progress", "done", "rejected"] as const;
export type Progress = (typeof PROGRESS_STATES)[number];

export const MAX_PARTICIPANTS = 1_000_000;

/** A participants count as typed (any digits), 1 to MAX_PARTICIPANTS; null otherwise. */
export function parseParticipants(typed: string): number | null {
  const text = toAsciiDigits(typed).trim();
  const n = Number(text);
  return /^\d{1,7}$/.test(text) && n >= 1 && n <= MAX_PARTICIPANTS ? n : null;
}
export const MAX_PHOTOS = 10;

export type Activity = typeof activities.$inferSelect;

export interface ActivityInput {
  kind: ActivityKind;
  day: JalaliDay;
  participants: number;
  memberIds: number[];
  agencyIds: number[];
  description: string;
  outcome: string | null;
  photos: { platform: string; fileId: string; fileUniqueId: string }[];
}

/** A day an activity may be dated: not in the future, and in this month or the one before. */
export function checkActivityDay(day: JalaliDay, now = new Date()): "ok" | "future" | "too_old" {
  const today = tehranJalaliDay(now);
  if (gregorianKey(day) > gregorianKey(today)) return "future";
  const previous = addMonths(today, -1);
  const monthIndex = (m: JalaliMonth) => m.jy * 12 + m.jm;
  return monthIndex(day) < monthIndex(previous) ? "too_old" : "ok";
}

/** Whether a month's activities may still change: its report is not submitted or accepted. Throws report_locked. */
async function requireOpenMonth(db: Db, countyId: number, m: JalaliMonth): Promise<void> {
  const [report] = await db
    .select({ status: monthlyReports.status })
    .from(monthlyReports)
    .where(and(eq(monthlyReports.countyId, countyId), eq(monthlyReports.jYear, m.jy), eq(monthlyReports.jMonth, m.jm)));
  if (report && (report.status === "submitted" || report.status === "accepted")) {
    throw new DomainError("report_locked", "That month's report is submitted; its activities can no longer change.");
  }
}

/** Logs an activity in the assistant's county; the same clientKey logs it once. Throws DomainError. */
export async function logActivity(db: Db, actor: Actor, input: ActivityInput, clientKey: string, now = new Date()): Promise<Activity> {
  if (actor.kind !== "assistant" || !allows(actor, "activity", "write", actor)) throw new DomainError("forbidden", "Only a county's assistant logs activities.");
  const dayCheck = checkActivityDay(input.day, now);
  if (dayCheck !== "ok") throw new DomainError(`day_${dayCheck}`, "The activity's day is outside the months that can be logged.");
  const [earlier] = await db.select().from(activities).where(eq(activities.clientKey, clientKey));
  if (earlier) return earlier;
  await requireOpenMonth(db, actor.countyId, input.day);
  // Members are linked only if the assistant may read them: a forged id of another county's member is dropped.
  const members = input.memberIds.length
    ? await db.select({ id: networkMembers.id }).from(networkMembers).where(and(inArray(networkMembers.id, input.memberIds), scopeCondition(actor, "member", "read")))
    : [];
  const [row] = await db
    .insert(activities)
    .values({
      countyId: actor.countyId,
      provinceId: actor.provinceId,
      userId: actor.userId,
      kind: input.kind,
      occurredOn: gregorianKey(input.day),
      jYear: input.day.jy,
      jMonth: input.day.jm,
      participants: input.participants,
      description: input.description,
      outcome: input.outcome,
      progress: TRACKED_KINDS.includes(input.kind) ? "reported" : null,
      clientKey,
    })
    .returning();
  if (members.length) await db.insert(activityMembers).values(members.map((m) => ({ activityId: row.id, memberId: m.id })));
  if (input.agencyIds.length) await db.insert(activityAgencies).values([...new Set(input.agencyIds)].map((agencyId) => ({ activityId: row.id, agencyId })));
  if (input.photos.length) await db.insert(activityPhotos).values(input.photos.slice(0, MAX_PHOTOS).map((p) => ({ activityId: row.id, ...p })));
  return row;
}

/** One activity the actor may read (or change, with "write"), not deleted; null otherwise. */
export async function findActivity(db: Db, actor: Actor, id: number, action: "read" | "write" = "read"): Promise<Activity | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db
    .select()
    .from(activities)
    .where(and(eq(activities.id, id), isNull(activities.deletedAt), scopeCondition(actor, "activity", action)));
  return row ?? null;
}

/** The actor's activities of a month (newest day first), or of every month when none is given. */
export async function listActivities(db: Db, actor: Actor, month?: JalaliMonth): Promise<Activity[]> {
  return db
    .select()
    .from(activities)
    .where(
      and(
        isNull(activities.deletedAt),
        scopeCondition(actor, "activity", "read"),
        month ? and(eq(activities.jYear, month.jy), eq(activities.jMonth, month.jm)) : undefined,
      ),
    )
    .orderBy(desc(activities.occurredOn), desc(activities.id))
    .limit(200);
}

/** The names of the members and agencies linked to an activity. */
export async function activityLinks(db: Db, activityId: number): Promise<{ members: string[]; agencyIds: number[]; photos: number }> {
  const [members, agencies, photos] = await Promise.all([
    db.select({ name: networkMembers.name }).from(activityMembers).innerJoin(networkMembers, eq(networkMembers.id, activityMembers.memberId)).where(eq(activityMembers.activityId, activityId)).then((rows) => rows.sort((a, b) => comparePersian(a.name, b.name))),
    db.select({ id: activityAgencies.agencyId }).from(activityAgencies).where(eq(activityAgencies.activityId, activityId)),
    db.select({ n: sql<number>`count(*)::int` }).from(activityPhotos).where(eq(activityPhotos.activityId, activityId)),
  ]);
  return { members: members.map((m) => m.name), agencyIds: agencies.map((a) => a.id), photos: photos[0]?.n ?? 0 };
}

/** Sets a proposal's or process's progress (any time: realising a proposal takes months). */
export async function setProgress(db: Db, actor: Actor, id: number, progress: Progress, note: string | null): Promise<Activity | null> {
  const activity = await findActivity(db, actor, id, "write");
  if (!activity || !TRACKED_KINDS.includes(activity.kind as ActivityKind)) return null;
  if (progress === "rejected" && !note) throw new DomainError("reason_required", "A rejected proposal needs the reason.");
  const [row] = await db
    .update(activities)
    .set({ progress, progressNote: progress === "rejected" ? note : null, updatedAt: new Date() })
    .where(eq(activities.id, id))
    .returning();
  return row;
}

/** Changes what was written about an activity while its month is open. Throws report_locked. */
export async function editActivity(db: Db, actor: Actor, id: number, changes: { description?: string; outcome?: string | null; participants?: number }): Promise<Activity | null> {
  const activity = await findActivity(db, actor, id, "write");
  if (!activity) return null;
  await requireOpenMonth(db, activity.countyId, { jy: activity.jYear, jm: activity.jMonth });
  const [row] = await db.update(activities).set({ ...changes, updatedAt: new Date() }).where(eq(activities.id, id)).returning();
  return row;
}

/** Deletes an activity (kept, marked deleted) while its month is open. Throws report_locked. */
export async function deleteActivity(db: Db, actor: Actor, id: number): Promise<boolean> {
  const activity = await findActivity(db, actor, id, "write");
  if (!activity) return false;
  await requireOpenMonth(db, activity.countyId, { jy: activity.jYear, jm: activity.jMonth });
  await db.update(activities).set({ deletedAt: new Date() }).where(eq(activities.id, id));
  return true;
}
