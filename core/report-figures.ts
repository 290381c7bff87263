import { and, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import { countyConsultations, type ConsultationSummary } from "./consultations.ts";
import type { Db } from "../db/client.ts";
import { activities, activityAgencies, activityMembers, agencies, agencyTopics, cases, networkMembers } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { ACTIVITY_KINDS, PROGRESS_STATES, TRACKED_KINDS } from "./activities.ts";
import { answeredSql, overdueSql } from "./case-measures.ts";
import { monthRange, type JalaliMonth } from "./jalali-calendar.ts";

// The figures a monthly report is drafted from (seed 004 §2): the county's activities of the month by
// kind, its proposals and processes with their progress, the network members who took part, and the
// citizens' cases filed in the county that month (by agency, answered, overdue, the most frequent topics).

export interface Named {
  fa: string;
  en: string;
}

export interface MonthlyFigures {
  activities: { total: number; participants: number; byKind: Record<string, number>; byAgency: { agencyId: number; n: number }[] };
  proposals: { total: number; byProgress: Record<string, number>; items: { id: number; kind: string; day: string; description: string; progress: string; note: string | null }[] };
  members: { active: number; tookPart: number };
  cases: {
    filed: number;
    answered: number;
    overdue: number;
    byAgency: { agencyId: number; name: Named; filed: number; answered: number; overdue: number }[];
    topTopics: { name: Named; agency: Named; n: number }[];
  };
  /** The month's consultations of the network (absent in reports frozen before there were any). */
  consultations?: { held: number; asked: number; answered: number; items: { question: string; asked: number; answered: number; top: string | null }[] };
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
const short = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Drafts a county's figures for a Jalali month as the actor may count them (core/access.ts "count": an
 * assistant its county, a provincial representative its province), as of `now` (overdue: past the deadline
 * and still open now).
 */
export async function monthlyFigures(db: Db, actor: Actor, countyId: number, month: JalaliMonth, now = new Date()): Promise<MonthlyFigures> {
  const inMonth = and(eq(activities.countyId, countyId), eq(activities.jYear, month.jy), eq(activities.jMonth, month.jm), isNull(activities.deletedAt), scopeCondition(actor, "activity", "count"));
  const rows = await db.select().from(activities).where(inMonth);
  const ids = rows.map((r) => r.id);
  const [links, agencyLinks, [members]] = await Promise.all([
    ids.length ? db.selectDistinct({ memberId: activityMembers.memberId }).from(activityMembers).where(inArray(activityMembers.activityId, ids)) : Promise.resolve([]),
    ids.length
      ? db.select({ agencyId: activityAgencies.agencyId, n: sql<number>`count(*)::int` }).from(activityAgencies).where(inArray(activityAgencies.activityId, ids)).groupBy(activityAgencies.agencyId)
      : Promise.resolve([]),
    db.select({ n: sql<number>`count(*)::int` }).from(networkMembers).where(and(eq(networkMembers.countyId, countyId), eq(networkMembers.active, true), scopeCondition(actor, "member", "count"))),
  ]);
  const consulted = await countyConsultations(db, actor, countyId, month, 50);
  const byKind = zeroes(ACTIVITY_KINDS);
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const tracked = rows.filter((r) => (TRACKED_KINDS as readonly string[]).includes(r.kind));
  const byProgress = zeroes(PROGRESS_STATES);
  for (const r of tracked) byProgress[r.progress ?? "reported"] += 1;

  const { from, to } = monthRange(month);
  const filedHere = and(eq(cases.countyId, countyId), gte(cases.createdAt, from), lt(cases.createdAt, to), scopeCondition(actor, "case", "count"));
  const answered = sql<number>`count(*) filter (where ${answeredSql(sql`cases`)})::int`;
  const overdue = sql<number>`count(*) filter (where ${overdueSql(sql`cases`, now)})::int`;
  const [byAgency, topics] = await Promise.all([
    db
      .select({ agencyId: cases.agencyId, fa: agencies.nameFa, en: agencies.nameEn, filed: sql<number>`count(*)::int`, answered, overdue })
      .from(cases)
      .innerJoin(agencies, eq(agencies.id, cases.agencyId))
      .where(filedHere)
      .groupBy(cases.agencyId, agencies.nameFa, agencies.nameEn)
      .orderBy(sql`count(*) desc`, cases.agencyId),
    db
      .select({ fa: agencyTopics.nameFa, en: agencyTopics.nameEn, agencyFa: agencies.nameFa, agencyEn: agencies.nameEn, n: sql<number>`count(*)::int` })
      .from(cases)
      .innerJoin(agencyTopics, eq(agencyTopics.id, cases.topicId))
      .innerJoin(agencies, eq(agencies.id, agencyTopics.agencyId))
      .where(filedHere)
      .groupBy(agencyTopics.id, agencyTopics.nameFa, agencyTopics.nameEn, agencies.nameFa, agencies.nameEn)
      .orderBy(sql`count(*) desc`, agencyTopics.id)
      .limit(5),
  ]);
  const sum = (k: "filed" | "answered" | "overdue") => byAgency.reduce((s, a) => s + Number(a[k]), 0);
  return {
    activities: { total: rows.length, participants: rows.reduce((s, r) => s + r.participants, 0), byKind, byAgency: agencyLinks.map((a) => ({ agencyId: a.agencyId, n: Number(a.n) })) },
    proposals: {
      total: tracked.length,
      byProgress,
      items: tracked.map((r) => ({ id: r.id, kind: r.kind, day: r.occurredOn, description: short(r.description), progress: r.progress ?? "reported", note: r.progressNote })),
    },
    members: { active: Number(members?.n ?? 0), tookPart: links.length },
    cases: {
      filed: sum("filed"),
      answered: sum("answered"),
      overdue: sum("overdue"),
      byAgency: byAgency.map((a) => ({ agencyId: a.agencyId, name: { fa: a.fa, en: a.en }, filed: Number(a.filed), answered: Number(a.answered), overdue: Number(a.overdue) })),
      topTopics: topics.map((t) => ({ name: { fa: t.fa, en: t.en }, agency: { fa: t.agencyFa, en: t.agencyEn }, n: Number(t.n) })),
    },
    consultations: {
      held: consulted.length,
      asked: consulted.reduce((s, c) => s + c.asked, 0),
      answered: consulted.reduce((s, c) => s + c.answered, 0),
      items: consulted.map((c) => ({ question: short(c.question), asked: c.asked, answered: c.answered, top: topOption(c) })),
    },
  };
}

/** The option most members chose (none for free-text consultations, or when nobody answered). */
function topOption(c: ConsultationSummary): string | null {
  const best = [...c.options].sort((a, b) => b.count - a.count)[0];
  return best && best.count > 0 ? best.label : null;
}

/** One agency's share of a county's figures: its cases and the activities linked to it; nothing else. */
export function agencyShare(f: MonthlyFigures, agencyId: number) {
  const cases = f.cases.byAgency.find((a) => a.agencyId === agencyId);
  return {
    activitiesLinked: f.activities.byAgency.find((a) => a.agencyId === agencyId)?.n ?? 0,
    cases: { filed: cases?.filed ?? 0, answered: cases?.answered ?? 0, overdue: cases?.overdue ?? 0 },
  };
}
