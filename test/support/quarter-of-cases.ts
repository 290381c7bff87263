import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

// A period full of cases, made in SQL (a few thousand in a second): spread over the agencies, their topics
// and the counties, with answers, closings (some with a cause), referrals, surveys and objections, so the
// figures of the insight features have something real to count. Every choice derives from the row number,
// so a test can check a figure against a direct SQL count of the same rows.

export interface QuarterSeed {
  from: Date;
  to: Date;
  cases: number;
  /** Only these agencies' cases (codes); all agencies when absent. */
  agencies?: string[];
  /** Only these provinces (codes). */
  provinces?: string[];
  /** A prefix that keeps tracking codes and client keys unique across calls. */
  tag: string;
}

/** Seeds the cases and their events; answers how many it made. */
export async function seedQuarterOfCases(db: Db, s: QuarterSeed): Promise<number> {
  const span = (s.to.getTime() - s.from.getTime()) / 1000;
  const agencyCodes = s.agencies ? `{${s.agencies.join(",")}}` : null;
  const provinceCodes = s.provinces ? `{${s.provinces.join(",")}}` : null;
  await db.execute(sql`
    insert into users (platform, platform_user_id, first_name)
    select 'telegram', 9100000000 + g, 'seeded ' || g from generate_series(1, 50) g
    on conflict do nothing`);
  await db.execute(sql`
    with ag as (select array_agg(id order by id) a, count(*)::int n from agencies where ${agencyCodes}::text[] is null or code = any(${agencyCodes}::text[])),
         co as (select array_agg(c.id order by c.id) c, array_agg(c.province_id order by c.id) p, count(*)::int n
                from counties c join provinces p on p.id = c.province_id where ${provinceCodes}::text[] is null or p.code = any(${provinceCodes}::text[])),
         us as (select array_agg(id order by id) u from users where platform_user_id between 9100000001 and 9100000050),
         src as (select g, (hashint4(g) & 2147483647) as h1, (hashint4(g * 7 + 3) & 2147483647) as h2, (hashint4(g * 13 + 5) & 2147483647) as h3 from generate_series(1, ${s.cases}) g),
         pick as (select src.*, ag.a[1 + h1 % ag.n] as agency_id, 1 + (h2 / 7) % co.n as county_ix,
                         ${s.from.toISOString()}::timestamptz + make_interval(secs => (g - 0.5) * ${span} / ${s.cases}) as created_at
                  from src, ag, co)
    insert into cases (tracking_code, kind, status, user_id, agency_id, topic_id, province_id, county_id, subject, description, client_key, expected_at, closed_at, close_cause, created_at, updated_at)
    select ${s.tag} || '-' || p.g,
           (array['complaint','complaint','complaint','request','request','suggestion','report','appreciation'])[1 + p.h2 % 8],
           (array['received','in_progress','answered','resolved','resolved','unresolved','not_responsible','duplicate'])[1 + p.h3 % 8],
           us.u[1 + p.g % 50], p.agency_id,
           (select t.id from agency_topics t where t.agency_id = p.agency_id order by t.id offset (p.h2 / 11) % greatest(1, (select count(*) from agency_topics t2 where t2.agency_id = p.agency_id)) limit 1),
           co.p[p.county_ix], co.c[p.county_ix],
           (array['تأخیر در پرداخت مستمری', 'قطعی مکرر آب', 'برخورد نامناسب کارمند', 'چاله در خیابان اصلی', 'قطعی برق شبانه'])[1 + p.h2 % 5] || ' ' || p.g,
           'شرح پرونده ' || p.g, ${s.tag} || '-key-' || p.g,
           p.created_at + interval '10 days',
           case when (p.h3 % 8) >= 3 then p.created_at + make_interval(days => 1 + p.h2 % 14) end,
           case when (p.h3 % 8) >= 3 and p.h2 % 3 = 0 then (array['process_too_long','missing_information','staff_conduct','regulation','out_of_remit','resources','other'])[1 + p.h2 % 7] end,
           p.created_at, p.created_at
    from pick p, co, us`);
  const mine = sql`c.client_key like ${`${s.tag}-key-%`}`;
  // The agency's first response: every case past 'in_progress' was answered, 1 to 14 days after filing.
  await db.execute(sql`
    insert into case_events (case_id, type, actor, created_at)
    select c.id, 'answer', 'agency', c.created_at + make_interval(days => 1 + (hashint8(c.id) & 2147483647) % 14) from cases c
    where ${mine} and c.status not in ('received', 'in_progress')`);
  await db.execute(sql`
    insert into case_events (case_id, type, status, actor, created_at)
    select c.id, 'status', c.status, 'agency', c.closed_at from cases c where ${mine} and c.closed_at is not null`);
  await db.execute(sql`
    insert into case_events (case_id, type, actor, created_at)
    select c.id, 'referral', 'agency', c.created_at + interval '1 hour' from cases c where ${mine} and c.id % 9 = 0`);
  // A survey after each closing; every third answered "not solved" objects.
  await db.execute(sql`
    insert into surveys (case_id, solved, rating, answered_at, objected)
    select c.id, case when c.id % 4 = 0 then null else (array['yes','no','unknown'])[1 + c.id % 3] end,
           case when c.id % 4 = 0 then null else 1 + c.id % 5 end,
           case when c.id % 4 = 0 then null else c.closed_at + interval '1 day' end,
           c.id % 4 <> 0 and c.id % 3 = 1 and c.id % 2 = 0
    from cases c where ${mine} and c.closed_at is not null`);
  await db.execute(sql`
    insert into case_events (case_id, type, actor, created_at)
    select s.case_id, 'objection', 'citizen', s.answered_at + interval '1 hour' from surveys s join cases c on c.id = s.case_id where ${mine} and s.objected`);
  return s.cases;
}
