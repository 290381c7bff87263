import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { CASE_KINDS } from "./case-kinds.ts";
import { answeredSql, overdueSql, resolvedSql } from "./case-measures.ts";
import { CLOSE_CAUSES } from "./close-causes.ts";
import { frequentTerms } from "./recurring-phrases.ts";

/** How many subjects of the cases closed without a cause are read for their frequent words. */
export const SUBJECT_SAMPLE = 5000;

// The figures of citizens' cases for any scope and period (seed 001 §3-1.4, seed 002): what was filed, by
// kind, agency, topic and region; what was answered and how fast, in working days; what is late; referrals;
// the surveys; objections and reopened cases; the topics that grew against the period before. Computed in
// SQL over the cases the actor may count (core/access.ts), so an assistant's figures are its county's.

export interface FiguresScope {
  /** The period: cases filed from `from` (inclusive) to `to` (exclusive). */
  from: Date;
  to: Date;
  agencyId?: number;
  provinceId?: number;
  countyId?: number;
}

export interface Named {
  id: number;
  fa: string;
  en: string;
  n: number;
}

export interface CaseFigures {
  filed: number;
  byKind: Record<string, number>;
  byAgency: Named[];
  byTopic: (Named & { agencyFa: string; agencyEn: string })[];
  byProvince: Named[];
  byCounty: Named[];
  /** Cases of the period the agency responded to (answered or closed), and how. */
  answered: number;
  resolved: number;
  unresolved: number;
  notResponsible: number;
  duplicate: number;
  /** Of the answered, the share answered by their deadline (null when none was answered). */
  answeredInTimeShare: number | null;
  /** Working days (Saturday–Wednesday, not holidays) from filing to the first response. */
  responseDays: { median: number | null; p90: number | null };
  /** Filed in the period, still open, past the deadline now. */
  overdueNow: number;
  referrals: number;
  surveys: { asked: number; answered: number; responseRate: number | null; solvedShare: number | null; meanRating: number | null };
  objections: number;
  reopened: number;
  /**
   * Why the closed cases arose, as their agencies said (core/close-causes.ts), and for those closed without a
   * cause the words and phrases their subjects use most (a sample of the latest SUBJECT_SAMPLE).
   */
  causes: { byCause: Record<string, number>; uncaused: number; frequentTerms: { term: string; n: number }[] };
  /** The topics with the largest rise against the period of the same length just before. */
  growingTopics: { id: number; fa: string; en: string; now: number; before: number }[];
  /** Cases filed in the period of the same length just before (the growth the analysis speaks of). */
  filedBefore: number;
  /** The topics whose answers drew the most objections. */
  objectionTopics: { id: number; fa: string; en: string; n: number }[];
  /** Cases filed in each of the buckets asked for (o.buckets: consecutive spans of the period), in order. */
  trend: number[];
}

// Working days in (d1, d2] for Tehran dates, without a series per case: whole weeks count 5, and the
// remainder is looked up by the weekday the span starts on (dow 0 = Sunday) and its length.
const WORKING_DOW = new Set([6, 0, 1, 2, 3]);
const REMAINDER = Array.from({ length: 7 }, (_, start) => Array.from({ length: 7 }, (_, len) => Array.from({ length: len }, (_, k) => (WORKING_DOW.has((start + k) % 7) ? 1 : 0) as number).reduce((a, b) => a + b, 0))).flat();

export function workingDaysBetween(d1: SQL, d2: SQL, holidays: string[]): SQL {
  const table = sql.raw(`array[${REMAINDER.join(",")}]`);
  const span = sql`(${d2} - ${d1})`;
  // Only holidays that fall on a working weekday take a day away.
  const workingHolidays = holidays.filter((h) => WORKING_DOW.has(new Date(`${h}T12:00:00Z`).getUTCDay()));
  const off = workingHolidays.length ? sql`(select count(*) from unnest(${`{${workingHolidays.join(",")}}`}::date[]) h where h > ${d1} and h <= ${d2})` : sql`0`;
  return sql`greatest(0, (${span} / 7) * 5 + (${table})[extract(dow from ${d1} + 1)::int * 7 + (${span} % 7) + 1] - ${off})`;
}

const tehranDate = (column: SQL) => sql`(${column} at time zone 'Asia/Tehran')::date`;
const share = (part: unknown, whole: unknown) => (Number(whole) > 0 ? Number(part) / Number(whole) : null);

/** The figures of the cases the actor may count, filed in the scope's period and place. */
export async function caseFigures(db: Db, actor: Actor, scope: FiguresScope, o: { holidays?: ReadonlySet<string>; now?: Date; topics?: number; buckets?: { from: Date; to: Date }[] } = {}): Promise<CaseFigures> {
  const now = (o.now ?? new Date()).toISOString();
  const place = sql.join(
    [
      scopeCondition(actor, "case", "count") ?? sql`true`,
      scope.agencyId === undefined ? sql`true` : sql`cases.agency_id = ${scope.agencyId}`,
      scope.provinceId === undefined ? sql`true` : sql`cases.province_id = ${scope.provinceId}`,
      scope.countyId === undefined ? sql`true` : sql`cases.county_id = ${scope.countyId}`,
    ],
    sql` and `,
  );
  // The table keeps its own name (no alias): scopeCondition's columns name it.
  const inPeriod = (from: Date, to: Date) => sql`cases.created_at >= ${from.toISOString()}::timestamptz and cases.created_at < ${to.toISOString()}::timestamptz and ${place}`;
  const days = workingDaysBetween(tehranDate(sql`r.created_at`), tehranDate(sql`r.responded_at`), [...(o.holidays ?? [])].sort());

  const buckets = o.buckets ?? [];
  // Each case goes to its trend bucket by width_bucket over the buckets' start instants (as epochs).
  const starts = `{${(buckets.length ? buckets : [{ from: scope.from }]).map((b) => b.from.getTime() / 1000).join(",")}}`;
  const trendEnd = (buckets.at(-1)?.to ?? scope.from).toISOString();
  const mainQuery = db.execute(sql`
      with r as (
        -- The facts of each case's events are kept on the case (migration 0012's trigger): one read of the period.
        select cases.id, cases.status, cases.created_at, cases.expected_at, cases.closed_at, cases.responded_at,
               cases.referral_count as referrals, cases.objection_count as objections, cases.reopened
        from cases
        where ${inPeriod(scope.from, scope.to)})
      select
        count(*) as filed,
        count(*) filter (where ${answeredSql(sql`r`)}) as answered,
        count(*) filter (where ${resolvedSql(sql`r`)}) as resolved,
        count(*) filter (where r.status = 'unresolved') as unresolved,
        count(*) filter (where r.status = 'not_responsible') as not_responsible,
        count(*) filter (where r.status = 'duplicate') as duplicate,
        count(*) filter (where r.responded_at is not null and r.expected_at is not null and r.responded_at <= r.expected_at) as in_time,
        count(*) filter (where r.responded_at is not null and r.expected_at is not null) as with_deadline,
        percentile_disc(0.5) within group (order by ${days}) filter (where r.responded_at is not null) as median_days,
        percentile_disc(0.9) within group (order by ${days}) filter (where r.responded_at is not null) as p90_days,
        count(*) filter (where ${overdueSql(sql`r`, now)}) as overdue_now,
        coalesce(sum(r.referrals), 0) as referrals, coalesce(sum(r.objections), 0) as objections, count(*) filter (where r.reopened) as reopened
      from r`);
  // The other figures are independent reads of the same period: sent together, the pool runs them side by
  // side (on the embedded database they simply queue).
  const rows = (query: SQL) => db.execute(query).then(rowsOf);
  // The breakdowns by kind, agency, province and county in one read of the period (grouping sets), named after.
  const breakdowns = rows(sql`
    with g as (
      select cases.kind, cases.agency_id, cases.province_id, cases.county_id, count(*) as n,
             grouping(cases.kind) as gk, grouping(cases.agency_id) as ga, grouping(cases.province_id) as gp
      from cases where ${inPeriod(scope.from, scope.to)}
      group by grouping sets ((cases.kind), (cases.agency_id), (cases.province_id), (cases.county_id)))
    select case when g.gk = 0 then 'kind' when g.ga = 0 then 'agency' when g.gp = 0 then 'province' else 'county' end as dim,
           g.kind, coalesce(g.agency_id, g.province_id, g.county_id) as id, g.n,
           coalesce(a.name_fa, p.name_fa, c.name_fa) as name_fa, coalesce(a.name_en, p.name_en, c.name_en) as name_en
    from g left join agencies a on g.ga = 0 and a.id = g.agency_id
           left join provinces p on g.gp = 0 and p.id = g.province_id
           left join counties c on g.gk = 1 and g.ga = 1 and g.gp = 1 and c.id = g.county_id`);
  const grouped = (dim: string, limit: number) =>
    breakdowns.then((rs) =>
      rs
        .filter((r) => r.dim === dim)
        .map((r) => ({ id: Number(r.id), fa: r.name_fa as string, en: r.name_en as string, n: Number(r.n) }))
        .sort((a, b) => b.n - a.n || a.id - b.id)
        .slice(0, limit),
    );
  const length = scope.to.getTime() - scope.from.getTime();
  const before = new Date(scope.from.getTime() - length);
  const [[main], [kinds], byAgency, byProvince, byCounty, topicRows, [survey], growingRows, causeRows, subjectRows, [previous], objectionRows, trendRows] = await Promise.all([
    mainQuery.then(rowsOf),
    breakdowns.then((rs) => [{ by_kind: Object.fromEntries(rs.filter((r) => r.dim === "kind").map((r) => [r.kind, r.n])) }]),
    grouped("agency", 100),
    grouped("province", 100),
    grouped("county", 50),
    rows(sql`
      select t.id, t.name_fa, t.name_en, a.name_fa as agency_fa, a.name_en as agency_en, count(*) as n
      from cases join agency_topics t on t.id = cases.topic_id join agencies a on a.id = t.agency_id
      where ${inPeriod(scope.from, scope.to)} group by t.id, t.name_fa, t.name_en, a.name_fa, a.name_en order by count(*) desc, t.id limit ${o.topics ?? 20}`),
    rows(sql`
      select count(*) as asked, count(s.answered_at) as answered, count(*) filter (where s.solved = 'yes') as solved,
             count(*) filter (where s.solved is not null) as with_solved, avg(s.rating) as mean_rating
      from surveys s join cases on cases.id = s.case_id where ${inPeriod(scope.from, scope.to)}`),
    rows(sql`
      with now_t as (select cases.topic_id, count(*) as n from cases where ${inPeriod(scope.from, scope.to)} and cases.topic_id is not null group by cases.topic_id),
      before_t as (select cases.topic_id, count(*) as n from cases where ${inPeriod(before, scope.from)} and cases.topic_id is not null group by cases.topic_id)
      select t.id, t.name_fa, t.name_en, now_t.n as now_n, coalesce(before_t.n, 0) as before_n
      from now_t join agency_topics t on t.id = now_t.topic_id left join before_t on before_t.topic_id = now_t.topic_id
      where now_t.n > coalesce(before_t.n, 0)
      order by now_t.n - coalesce(before_t.n, 0) desc, t.id limit 5`),
    rows(sql`select cases.close_cause as cause, count(*) as n from cases where ${inPeriod(scope.from, scope.to)} and cases.closed_at is not null group by cases.close_cause`),
    rows(sql`select cases.subject from cases where ${inPeriod(scope.from, scope.to)} and cases.closed_at is not null and cases.close_cause is null order by cases.created_at desc limit ${SUBJECT_SAMPLE}`),
    rows(sql`select count(*) as n from cases where ${inPeriod(before, scope.from)}`),
    // From the objections (case_events_objections_idx) to their cases, not from every case to its events.
    rows(sql`
      select t.id, t.name_fa, t.name_en, count(*) as n
      from case_events e join cases on cases.id = e.case_id join agency_topics t on t.id = cases.topic_id
      where e.type = 'objection' and ${inPeriod(scope.from, scope.to)} group by t.id, t.name_fa, t.name_en order by count(*) desc, t.id limit 5`),
    buckets.length
      ? rows(sql`select width_bucket(extract(epoch from cases.created_at)::float8, ${starts}::float8[]) as b, count(*) as n from cases where ${inPeriod(scope.from, scope.to)} and cases.created_at < ${trendEnd}::timestamptz group by 1`)
      : Promise.resolve([]),
  ]);
  const trend = buckets.map(() => 0);
  for (const r of trendRows) if (Number(r.b) >= 1 && Number(r.b) <= trend.length) trend[Number(r.b) - 1] = Number(r.n);
  const byTopic = topicRows.map((r) => ({ id: Number(r.id), fa: r.name_fa as string, en: r.name_en as string, agencyFa: r.agency_fa as string, agencyEn: r.agency_en as string, n: Number(r.n) }));
  const growing = growingRows.map((r) => ({ id: Number(r.id), fa: r.name_fa as string, en: r.name_en as string, now: Number(r.now_n), before: Number(r.before_n) }));
  const byCause = Object.fromEntries(CLOSE_CAUSES.map((c) => [c, 0]));
  let uncaused = 0;
  for (const r of causeRows) {
    if (r.cause === null) uncaused = Number(r.n);
    else byCause[r.cause] = Number(r.n);
  }
  const subjects = subjectRows.map((r) => r.subject as string);

  const byKind = Object.fromEntries(CASE_KINDS.map((k) => [k, 0]));
  for (const [k, n] of Object.entries((kinds?.by_kind ?? {}) as Record<string, unknown>)) byKind[k] = Number(n);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    filed: Number(main.filed),
    byKind,
    byAgency,
    byTopic,
    byProvince,
    byCounty,
    answered: Number(main.answered),
    resolved: Number(main.resolved),
    unresolved: Number(main.unresolved),
    notResponsible: Number(main.not_responsible),
    duplicate: Number(main.duplicate),
    answeredInTimeShare: share(main.in_time, main.with_deadline),
    responseDays: { median: num(main.median_days), p90: num(main.p90_days) },
    overdueNow: Number(main.overdue_now),
    referrals: Number(main.referrals),
    surveys: {
      asked: Number(survey.asked),
      answered: Number(survey.answered),
      responseRate: share(survey.answered, survey.asked),
      solvedShare: share(survey.solved, survey.with_solved),
      meanRating: survey.mean_rating == null ? null : Math.round(Number(survey.mean_rating) * 100) / 100,
    },
    objections: Number(main.objections),
    reopened: Number(main.reopened),
    causes: { byCause, uncaused, frequentTerms: frequentTerms(subjects, 15) },
    growingTopics: growing,
    filedBefore: Number(previous.n),
    objectionTopics: objectionRows.map((r) => ({ id: Number(r.id), fa: r.name_fa as string, en: r.name_en as string, n: Number(r.n) })),
    trend,
  };
}
