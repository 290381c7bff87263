import { sql } from "drizzle-orm";
import pino from "pino";
import { createApiKey } from "../core/api-keys.ts";
import { caseExportRows } from "../core/case-exports.ts";
import { openDatabase } from "../db/client.ts";
import { buildApp } from "../handlers/http/app.ts";
import { dropPostgresDatabase, perProcess } from "./lib/databases.ts";
import { millionCases } from "./lib/million-cases.ts";
import { SMOKE, size } from "./lib/smoke.ts";

// npm run bench:export  (needs DATABASE_URL; CASES=100000, KEEP=1 reuses the data; BENCH_SMOKE=1: 2,000
// cases in a database of its own, dropped after)
// GET /v1/exports/cases of every case (an admin key) as CSV and as XLSX, through the real HTTP app in this
// process, downloaded by fetch: time, size and the process's peak memory above what it held before. The
// reference is the same rows read page by page (core/case-exports.ts) and dropped: what reading alone costs.
// Then GET /v1/exports/surveys of one survey per case, the same way.
// Target: streaming, so the peak does not grow with the export (a few tens of MB for 100,000 rows).

const CASES = size("CASES", 100_000, 2_000);
const DB_NAME = SMOKE ? perProcess("hamyar_bench_smoke_export") : "hamyar_bench_export";
if (!process.env.DATABASE_URL) {
  console.error("bench:export needs DATABASE_URL (a PostgreSQL server where the role may CREATE DATABASE).");
  process.exit(2);
}
await millionCases({ baseUrl: process.env.DATABASE_URL, name: DB_NAME, cases: CASES, users: Math.max(1, Math.floor(CASES / 5)), keep: !SMOKE && process.env.KEEP === "1" });
const url = new URL(process.env.DATABASE_URL);
url.pathname = `/${DB_NAME}`;
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4 });
const key = (await createApiKey(database.db, { agencyCode: null, name: "bench export" })).key;
const app = await buildApp({ db: database.db, logger: pino({ level: "silent" }) });
await app.listen({ host: "127.0.0.1", port: 0 });
const port = (app.server.address() as { port: number }).port;
const [{ lo, hi }] = (await database.db.execute(sql`select min(created_at) as lo, max(created_at) as hi from cases`)) as unknown as { lo: string; hi: string }[];
const from = new Date(lo).toISOString();
const to = new Date(new Date(hi).getTime() + 1000).toISOString();

async function measured(name: string, run: () => Promise<number>) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const bytes = await run();
  clearInterval(sampler);
  const mb = (n: number) => (n / 1_048_576).toFixed(1);
  console.log(`${name}: ${mb(bytes)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak memory +${mb(peak - base)} MB`);
  return peak - base;
}

async function download(format: string, what = "cases", range = { from, to }): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/exports/${what}?from=${range.from}&to=${range.to}&format=${format}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

const reference = await measured(`reading ${CASES} rows page by page (reference)`, async () => {
  let n = 0;
  for await (const rows of caseExportRows(database.db, { kind: "system" }, { from: new Date(from), to: new Date(to) })) n += rows.length;
  if (n !== CASES) throw new Error(`read ${n} rows, expected ${CASES}`);
  return 0;
});
const csv = await measured(`CSV export of ${CASES} cases`, () => download("csv"));
const xlsx = await measured(`XLSX export of ${CASES} cases`, () => download("xlsx"));
console.log(`peak memory over reading alone: CSV ${((csv - reference) / 1_048_576).toFixed(1)} MB, XLSX ${((xlsx - reference) / 1_048_576).toFixed(1)} MB`);

// One survey per case, asked three days after filing; four in five answered, one in seven with a comment.
await database.db.execute(sql`
  insert into surveys (case_id, asked_at, answered_at, solved, rating, comment)
  select id, created_at + interval '3 days',
         case when id % 5 = 0 then null else created_at + interval '4 days' end,
         case when id % 5 = 0 then null when id % 3 = 0 then 'no' else 'yes' end,
         case when id % 5 = 0 then null else 1 + id % 5 end,
         case when id % 7 = 0 then 'پاسخ به موقع و روشن بود' end
  from cases on conflict (case_id) do nothing`);
const surveyRange = { from: new Date(new Date(from).getTime() + 3 * 86_400_000).toISOString(), to: new Date(new Date(to).getTime() + 3 * 86_400_000).toISOString() };
await measured(`CSV export of ${CASES} surveys`, () => download("csv", "surveys", surveyRange));
await measured(`XLSX export of ${CASES} surveys`, () => download("xlsx", "surveys", surveyRange));
await app.close();
await database.close();
if (SMOKE) await dropPostgresDatabase(process.env.DATABASE_URL, DB_NAME);
