import { sql } from "drizzle-orm";
import { caseFigures } from "../core/case-figures.ts";
import { quarterMonths, monthRange, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { quarterPeriod, trendBuckets } from "../core/jalali-periods.ts";
import { openDatabase } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { dropPostgresDatabase, perProcess } from "./lib/databases.ts";
import { millionCases } from "./lib/million-cases.ts";
import { SMOKE, size } from "./lib/smoke.ts";
import { percentile } from "./lib/stats.ts";

// npm run bench:stats  (needs DATABASE_URL; CASES=1000000, KEEP=1 reuses bench:api's database, ROUNDS=5;
// BENCH_SMOKE=1: 20,000 cases in a database of its own, dropped after, 2 rounds)
// The case figures (core/case-figures.ts) of the last full Jalali quarter of 1,000,000 cases filed over two
// years: for the whole system, one large agency and one province. The reference, measured in the same run,
// is one count(*) of the quarter's cases with the same date condition (the least any figure must read).
// Target: a quarter's figures within a second.

const DB_NAME = SMOKE ? perProcess("hamyar_bench_smoke_stats") : "hamyar_bench_api";
const CASES = size("CASES", 1_000_000, 20_000);
const ROUNDS = Math.max(1, size("ROUNDS", 5, 2));

if (!process.env.DATABASE_URL) {
  console.error("bench:stats needs DATABASE_URL (a PostgreSQL server where the role may CREATE DATABASE).");
  process.exit(2);
}

await millionCases({ baseUrl: process.env.DATABASE_URL, name: DB_NAME, cases: CASES, users: Math.max(1, Math.floor(CASES / 5)), keep: !SMOKE && process.env.KEEP === "1" });
const url = new URL(process.env.DATABASE_URL);
url.pathname = `/${DB_NAME}`;
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4 });
const db = database.db;

// Answers and surveys, as the figures read them: an agency answer at each closing, a survey for a third.
const [{ answers }] = rowsOf(await db.execute(sql`select exists (select 1 from case_events where type = 'answer') as answers`));
if (!answers) {
  const t0 = performance.now();
  await db.execute(sql`insert into case_events (case_id, type, actor, created_at) select id, 'answer', 'agency', closed_at from cases where closed_at is not null`);
  await db.execute(sql`
    insert into surveys (case_id, asked_at, solved, rating, answered_at)
    select id, closed_at, (array['yes','no','unknown'])[1 + id % 3], 1 + id % 5, closed_at + interval '1 day' from cases where closed_at is not null and id % 3 = 0`);
  // The answers set each case's first response (migration 0012's trigger): a new version of those rows.
  await db.execute(sql`vacuum (analyze) cases`);
  await db.execute(sql`analyze`);
  console.log(`  answers and surveys added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// The last quarter that has ended (cases were filed over the two years up to now).
const today = tehranJalaliDay(new Date());
let q = { jy: today.jy, quarter: Math.ceil(today.jm / 3) - 1 };
if (q.quarter === 0) q = { jy: today.jy - 1, quarter: 4 };
const months = quarterMonths(q.jy, q.quarter);
const period = { from: monthRange(months[0]).from, to: monthRange(months[2]).to };
// With the quarter's monthly trend, as /stats, the dashboard and the quarterly analysis ask for it.
const withTrend = { buckets: trendBuckets(quarterPeriod(q.jy, q.quarter)) };
const [tamin] = rowsOf(await db.execute(sql`select id from agencies where code = 'tamin'`));
const [thr] = rowsOf(await db.execute(sql`select id from provinces where code = 'THR'`));
const SYSTEM = { kind: "system" } as const;

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm the cache and the plans
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const reference = await timed(() => db.execute(sql`select count(*) from cases where created_at >= ${period.from.toISOString()}::timestamptz and created_at < ${period.to.toISOString()}::timestamptz`));
const whole = await caseFigures(db, SYSTEM, period, withTrend);
const runs = {
  system: await timed(() => caseFigures(db, SYSTEM, period, withTrend)),
  agency: await timed(() => caseFigures(db, { kind: "agency_key", keyId: 0, agencyId: Number(tamin.id) }, period, withTrend)),
  province: await timed(() => caseFigures(db, SYSTEM, { ...period, provinceId: Number(thr.id) }, withTrend)),
};
const median = (xs: number[]) => percentile(xs, 50);
console.log(`quarter ${q.jy}-Q${q.quarter}: ${whole.filed} of ${CASES} cases filed; answered ${whole.answered}, median response ${whole.responseDays.median} working days, p90 ${whole.responseDays.p90}`);
for (const [name, xs] of Object.entries(runs)) console.log(`figures (${name}): median ${median(xs).toFixed(0)} ms, worst ${xs[xs.length - 1].toFixed(0)} ms over ${ROUNDS} runs`);
console.log(`reference count(*) of the quarter: median ${median(reference).toFixed(0)} ms`);
console.log(`ratio figures (system) / reference: ${(median(runs.system) / median(reference)).toFixed(1)}`);
const worst = Math.max(...Object.values(runs).map((xs) => median(xs)));
console.log(`quarter figures of ${CASES} cases: ${worst.toFixed(0)} ms (target < 1000 ms): ${worst < 1000 ? "met" : "NOT met"}`);
await database.close();
if (SMOKE) await dropPostgresDatabase(process.env.DATABASE_URL, DB_NAME);
