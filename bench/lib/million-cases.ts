import { sql } from "drizzle-orm";
import postgres from "postgres";
import { checkDigit } from "../../core/tracking-code.ts";
import { migrateDatabase, openDatabase } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { seedReferenceData } from "../../db/seed.ts";

// The benchmarks' large database: a million cases in PostgreSQL, made in bulk in SQL (bench:api, bench:stats).


/**
 * Creates database `name` on the server of `baseUrl` with `cases` cases of `users` citizens, filed over two
 * years across every agency and county (a fifth with one large agency), or reuses it when `keep` is set.
 */
export async function millionCases(o: { baseUrl: string; name: string; cases: number; users: number; keep: boolean }): Promise<void> {
  const DB_NAME = o.name;
  const CASES = o.cases;
  const USERS = o.users;
  const url = new URL(o.baseUrl);
  url.pathname = `/${DB_NAME}`;
  const admin = postgres(o.baseUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
  if (exists && o.keep) {
    await admin.end();
    // Migrations written since it was built apply to it as they would to a production database.
    const kept = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 1 });
    await migrateDatabase(kept, url.toString());
    // A migration that rewrote rows (0012 filled in every case's facts) leaves them to autovacuum in production;
    // here the figures are measured at once, so the rows are made visible to index-only scans first.
    await kept.db.execute(sql`vacuum (analyze) cases`);
    await kept.close();
    console.log(`reusing ${DB_NAME} (KEEP=1)`);
    return;
  }
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();

  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4 });
  await migrateDatabase(database, url.toString());
  await seedReferenceData(database.db);
  const db = database.db;
  const t0 = performance.now();
  await db.execute(sql`set synchronous_commit = off`);
  await db.execute(sql`set maintenance_work_mem = '512MB'`);

  await db.execute(sql`
    insert into users (platform, platform_user_id, first_name, phone, phone_verified)
    select 'telegram', 7000000000 + g, 'شهروند ' || g, '98912' || lpad((g % 10000000)::text, 7, '0'), true
    from generate_series(1, ${USERS}) g`);

  // Secondary indexes are dropped for the load and built again afterwards (much faster than
  // maintaining them row by row); the unique constraints stay.
  const indexes = rowsOf(
    await db.execute(sql`
      select i.indexname, i.indexdef from pg_indexes i
      where i.tablename in ('cases', 'case_events') and i.schemaname = 'public'
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`),
  ) as { indexname: string; indexdef: string }[];
  for (const i of indexes) await db.execute(sql.raw(`drop index ${i.indexname}`));

  // Tracking codes carry a Verhoeff check digit that the API verifies, so they are made here in bulk
  // and inserted with unnest; every other column is derived in SQL from the row number.
  const chunk = 250_000;
  for (let start = 0; start < CASES; start += chunk) {
    const n = Math.min(chunk, CASES - start);
    const codes = Array.from({ length: n }, (_, i) => {
      const body = String(10_000_000 + ((start + i) * 7919) % 90_000_000);
      return body + checkDigit(body);
    });
    await db.execute(sql`
      with ag as (select array_agg(id order by id) a, count(*)::int n from agencies),
           co as (select array_agg(id order by id) c, array_agg(province_id order by id) p, count(*)::int n from counties),
           tamin as (select id from agencies where code = 'tamin'),
           us as (select min(id) lo from users),
           src as (
             select u.code, (u.ord + ${start})::bigint as g,
                    (hashint8((u.ord + ${start})::bigint)::bigint & 2147483647) as h1,
                    (hashint8((u.ord + ${start})::bigint * 7 + 3)::bigint & 2147483647) as h2,
                    (hashint8((u.ord + ${start})::bigint * 13 + 5)::bigint & 2147483647) as h3
             from unnest(${`{${codes.join(",")}}`}::text[]) with ordinality as u(code, ord)),
           pick as (
             select src.*,
                    -- a fifth of all cases go to one large agency (tamin), the rest spread evenly
                    case when h1 % 5 = 0 then (select id from tamin) else ag.a[1 + (h1 / 5) % ag.n] end as agency_id,
                    1 + (h2 / 7) % co.n as county_ix,
                    (array['received','in_review','referred','in_progress','answered','resolved','unresolved','not_responsible','duplicate','reopened'])[1 + h3 % 10] as status,
                    -- filed in order over two years, as a real table fills (a few hours of jitter)
                    now() - make_interval(secs => (730 * 86400 * (1 - g::double precision / ${CASES}) + h1 % 14400)) as created_at
             from src, ag, co)
      insert into cases (tracking_code, kind, status, user_id, agency_id, original_agency_id, province_id, county_id, subject, description,
                         anonymous, contact_phone, contact_phone_verified, client_key, channel, expected_at, closed_at, created_at, updated_at)
      select p.code,
             (array['complaint','request','suggestion','idea','report','appreciation'])[1 + p.h2 % 6],
             p.status,
             us.lo + p.g % ${USERS},
             p.agency_id,
             -- one case in twenty was referred: it is with its agency now and still visible to the first
             case when p.h3 % 20 = 7 then ag.a[1 + (p.h2 / 11) % ag.n] end,
             co.p[p.county_ix], co.c[p.county_ix],
             'موضوع شمارهٔ ' || p.g,
             'شرح پرونده برای آزمون بار: مستمری این ماه با تأخیر پرداخت شده و پاسخگویی هم نبوده است. ' || p.g,
             p.h2 % 50 = 0,
             case when p.h2 % 50 = 0 then null else '98912' || lpad((p.g % 10000000)::text, 7, '0') end,
             p.h2 % 50 <> 0,
             'bench-' || p.g,
             case when p.h1 % 10 = 0 then 'open311' else 'bot' end,
             p.created_at + interval '14 days',
             case when p.status in ('answered','resolved','unresolved','not_responsible','duplicate') then p.created_at + interval '5 days' end,
             p.created_at,
             least(now(), p.created_at + make_interval(secs => (p.h3 % (30 * 86400))::double precision))
      from pick p, ag, co, us`);
    process.stdout.write(`\r  cases: ${start + n}/${CASES}`);
  }
  process.stdout.write("\n");
  // A referral never points back at the same agency.
  await db.execute(sql`update cases set original_agency_id = null where original_agency_id = agency_id`);
  await db.execute(sql`
    insert into case_events (case_id, type, status, actor, created_at)
    select id, 'status', 'received', 'citizen', created_at from cases`);
  for (const i of indexes) await db.execute(sql.raw(i.indexdef));
  await db.execute(sql`vacuum analyze cases`);
  await db.execute(sql`vacuum analyze case_events`);
  await db.execute(sql`analyze`);
  const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int n from cases`));
  console.log(`  ${n} cases, ${USERS} users, ${n} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await database.close();
}

