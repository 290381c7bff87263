import { writeFileSync, mkdirSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Worker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import pino from "pino";
import { createApiKey } from "../core/api-keys.ts";
import { openDatabase } from "../db/client.ts";
import { buildApp } from "../handlers/http/app.ts";
import { captureStatements, ceilingPage, firstWords, isKeyLookup, startApiCeiling } from "./reference/api-ceiling.ts";
import { percentile } from "./lib/stats.ts";
import { millionCases } from "./lib/million-cases.ts";
import { dropPostgresDatabase, perProcess } from "./lib/databases.ts";
import { SMOKE, size } from "./lib/smoke.ts";
import { rowsOf } from "../db/rows.ts";

// npm run bench:api  (needs DATABASE_URL; CASES, CONNECTIONS, SECONDS, ROUNDS, BENCH_PROFILE=dir and
// KEEP=1 to reuse the data; BENCH_SMOKE=1: 20,000 cases in a database of its own, dropped after, 8
// connections, 1 s per scenario)
// API v1 under load with 1,000,000 cases in PostgreSQL: filtered pages of GET /v1/cases (following
// next_cursor too) and GET /v1/cases/{code}. The app runs in this process (buildApp + listen); the load
// comes from a worker thread with keep-alive connections, so client work does not steal the server's
// event loop. Target: p99 ≤ 20 ms for a page of 50.
// The page of 50 is also measured against its ceiling (bench/reference/api-ceiling.ts): the statements
// API v1 sends for it, captured here, through bare postgres.js behind a bare Fastify route in this same
// process, loaded by the same worker. The two alternate ROUNDS times (default 1), so a neighbour's load
// on a shared machine falls on both; the ratio is of requests per second over all rounds.

// A smoke run makes its own small database (and drops it), never touching the kept 1,000,000 cases.
const DB_NAME = SMOKE ? perProcess("hamyar_bench_smoke_api") : "hamyar_bench_api";
const CASES = size("CASES", 1_000_000, 20_000);
const USERS = Math.max(1, Math.floor(CASES / 5));
const CONNECTIONS = size("CONNECTIONS", 32, 8);
const SECONDS = size("SECONDS", 10, 1);
const ROUNDS = Math.max(1, size("ROUNDS", 1, 1));
const WARM_UP_MS = SMOKE ? 300 : 1500;
const POOL_SIZE = 20;
const TARGET_P99_MS = 20;
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;

if (!process.env.DATABASE_URL) {
  console.error("bench:api needs DATABASE_URL (a PostgreSQL server where the role may CREATE DATABASE).");
  process.exit(2);
}
const url = new URL(process.env.DATABASE_URL);
url.pathname = `/${DB_NAME}`;

// ---- data ----------------------------------------------------------------------------------------

const prepare = () => millionCases({ baseUrl: process.env.DATABASE_URL!, name: DB_NAME, cases: CASES, users: USERS, keep: !SMOKE && process.env.KEEP === "1" });

// ---- load ----------------------------------------------------------------------------------------

interface Plan {
  name: string;
  headers: Record<string, string>;
  /** Paths picked at random for each request. */
  paths: string[];
  /** Follow next_cursor up to this many pages from each start path, then start again. */
  follow?: number;
}

interface Result {
  latencies: Float64Array;
  errors: number;
  firstError: string | null;
  seconds: number;
  rows: number;
}

// The load generator, as plain JavaScript for a worker thread (its own event loop and core).
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, plan, connections, seconds, warmUpMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
function get(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: plan.headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    // A request that never ends (a database gone mid-run) must not hang the benchmark.
    req.setTimeout(15000, () => req.destroy(new Error("no answer within 15 s")));
    req.end();
  });
}
const latencies = [];
let errors = 0, firstError = null, rows = 0;
const pick = () => plan.paths[Math.floor(Math.random() * plan.paths.length)];
async function loop(until) {
  let path = pick(), depth = 0;
  while (performance.now() < until) {
    const t0 = performance.now();
    let res;
    try { res = await get(path); } catch (e) { errors++; firstError ??= String(e); continue; }
    latencies.push(performance.now() - t0);
    if (res.status !== 200) { errors++; firstError ??= res.status + " " + res.body.toString().slice(0, 300); path = pick(); continue; }
    if (plan.follow) {
      const body = JSON.parse(res.body);
      rows += body.data.length;
      depth++;
      if (body.next_cursor && depth < plan.follow) {
        const u = new URL(path, "http://x");
        u.searchParams.set("cursor", body.next_cursor);
        path = u.pathname + u.search;
      } else { path = pick(); depth = 0; }
    } else path = pick();
  }
}
(async () => {
  // Warm-up: JIT, connection pools, the database's cache.
  await Promise.all(Array.from({ length: connections }, () => loop(performance.now() + warmUpMs)));
  latencies.length = 0; errors = 0; firstError = null; rows = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, () => loop(t0 + seconds * 1000)));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  parentPort.postMessage({ latencies: Float64Array.from(latencies), errors, firstError, seconds: elapsed, rows });
})();
`;

function runLoad(port: number, plan: Plan): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { port, plan, connections: CONNECTIONS, seconds: SECONDS, warmUpMs: WARM_UP_MS } });
    worker.once("message", (m: Result) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

/** Requests that failed in any scenario (API or ceiling): the bench then exits 1. */
let failedRequests = 0;

function report(plan: Plan, r: Result): { name: string; p50: number; p99: number; rps: number; met: boolean } {
  failedRequests += r.errors;
  const sorted = Array.from(r.latencies).sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const rps = sorted.length / r.seconds;
  const met = p99 <= TARGET_P99_MS && r.errors === 0;
  const errors = r.errors ? `  ERRORS ${r.errors} (first: ${r.firstError})` : "";
  console.log(
    `${plan.name.padEnd(46)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${p50.toFixed(1).padStart(5)} ms  p99 ${p99.toFixed(1).padStart(5)} ms  ${met ? "p99 ≤ 20 ms: met" : "p99 ≤ 20 ms: MISSED"}${errors}`,
  );
  return { name: plan.name, p50, p99, rps, met };
}

// ---- the ceiling ---------------------------------------------------------------------------------

async function getJson(port: number, pathAndQuery: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`, { headers });
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

// ---- profiles ----------------------------------------------------------------------------------------

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Runs `fn` under the V8 CPU profiler of this thread (the server's; the load's worker is not in it). */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    session.disconnect();
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = path.join(PROFILE_DIR, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    printProfile(file, profile);
  }
}

/** Where the server's time went, by package (node_modules) or project file, in share of all samples. */
function printProfile(file: string, profile: CpuProfile): void {
  const root = path.resolve(import.meta.dirname, "..");
  const moduleOf = (u: string, fn: string) => {
    if (!u) return fn || "(anonymous)";
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    if (pkg) return pkg[1];
    if (u.startsWith("node:")) return u.split("/").slice(0, 2).join("/");
    return u.replace(/^file:\/\//, "").replace(`${root}/`, "");
  };
  const selfSamples = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const m = moduleOf(n.callFrame.url, n.callFrame.functionName);
    selfSamples.set(m, (selfSamples.get(m) ?? 0) + hits);
  }
  const idle = selfSamples.get("(idle)") ?? 0;
  const top = [...selfSamples].filter(([m]) => m !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 14);
  console.log(`  profile ${file}: main thread busy ${(100 * (1 - idle / total)).toFixed(0)}% of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s; self time by module:`);
  for (const [m, hits] of top) console.log(`    ${((100 * hits) / total).toFixed(1).padStart(5)}%  ${m}`);
}

// ---- main ----------------------------------------------------------------------------------------

console.log(`== data: ${CASES.toLocaleString("en")} cases in ${DB_NAME}`);
await prepare();

const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: POOL_SIZE });
const db = database.db;

// Indexes API v1 needs that db/schema.ts does not have yet: created here (and reported) until a
// migration adds them, so the figures show the intended design.
const REQUESTED_INDEXES = [
  { name: "cases_original_agency_updated_idx", columns: "original_agency_id, updated_at, id", why: "an agency's referred-away cases in (updated_at, id) order" },
  { name: "cases_agency_status_updated_idx", columns: "agency_id, status, updated_at, id", why: "an agency's cases of one status in (updated_at, id) order" },
];
const indexDefs = rowsOf(await db.execute(sql`select indexdef from pg_indexes where tablename = 'cases'`)).map((r) => String(r.indexdef));
for (const i of REQUESTED_INDEXES) {
  if (indexDefs.some((d) => d.endsWith(`(${i.columns})`))) continue;
  console.log(`  creating ${i.name} (${i.columns}) for ${i.why}: not in db/schema.ts yet`);
  await db.execute(sql.raw(`create index if not exists ${i.name} on cases (${i.columns})`));
}
await db.execute(sql`analyze cases`);
const agency = await createApiKey(db, { agencyCode: "tamin", name: "bench" });
const admin = await createApiKey(db, { agencyCode: null, name: "bench admin" });
const agencyHeaders = { authorization: `Bearer ${agency.key}` };
const adminHeaders = { authorization: `Bearer ${admin.key}` };
const [{ visible }] = rowsOf(
  await db.execute(sql`select count(*)::int visible from cases where agency_id = (select id from agencies where code = 'tamin') or original_agency_id = (select id from agencies where code = 'tamin')`),
);
const codes = rowsOf(
  await db.execute(sql`select tracking_code from cases where agency_id = (select id from agencies where code = 'tamin') order by random() limit 2000`),
).map((r) => String(r.tracking_code));
const since = (days: number) => new Date(Date.now() - days * 86400_000).toISOString();
const sinceDays = [1, 2, 3, 5, 7];

// The request budgets run as in production (so their cost is in the figures), with a key budget no run reaches.
const app = await buildApp({ db, logger: pino({ level: "silent" }), rateLimit: { perMinute: 1_000_000_000, authFailuresPerMinute: 20 } });
await app.listen({ host: "127.0.0.1", port: 0 });
const port = (app.server.address() as { port: number }).port;

const PAGE_OF_50 = "/v1/cases?limit=50";
const [firstRequest, repeatRequest] = await captureStatements(url.toString(), PAGE_OF_50, agencyHeaders, 2);
console.log(`== statements API v1 sends for GET ${PAGE_OF_50}: a key's first request ${firstRequest.length}, a repeat ${repeatRequest.length}`);
for (const s of repeatRequest) console.log(`  ${isKeyLookup(s) ? "key " : "data"}  ${firstWords(s)}`);
const ceiling = await startApiCeiling({ databaseUrl: url.toString(), poolSize: POOL_SIZE, page: ceilingPage(repeatRequest, 50) });
// The ceiling is only a ceiling if it answers what API v1 answers.
const [apiBody, ceilingBody] = [await getJson(port, PAGE_OF_50, agencyHeaders), await getJson(ceiling.port, "/page", {})];
if (!isDeepStrictEqual(apiBody, ceilingBody)) throw new Error("the ceiling's page differs from API v1's; fix bench/reference/api-ceiling.ts");

console.log(`== load: ${CONNECTIONS} keep-alive connections × ${SECONDS} s per scenario; agency key of tamin sees ${visible.toLocaleString("en")} cases`);

const pageOf50: Plan = { name: "cases?limit=50 (agency)", headers: agencyHeaders, paths: [PAGE_OF_50] };
const ceilingPlan: Plan = { name: "ceiling: same SQL, postgres.js, bare Fastify", headers: {}, paths: ["/page"] };
const plans: Plan[] = [
  {
    name: "cases?status=…&limit=50 (agency)",
    headers: agencyHeaders,
    paths: ["in_review", "in_progress", "answered", "resolved", "received"].map((s) => `/v1/cases?status=${s}&limit=50`),
  },
  { name: "cases?province=…&limit=50 (agency)", headers: agencyHeaders, paths: ["THR", "ESF", "KHR", "FAR", "KHZ", "YAZ"].map((p) => `/v1/cases?province=${p}&limit=50`) },
  { name: "cases?updated_since=…&limit=50 (agency)", headers: agencyHeaders, paths: sinceDays.map((d) => `/v1/cases?updated_since=${encodeURIComponent(since(d))}&limit=50`) },
  {
    name: "cases?status&province&updated_since (agency)",
    headers: agencyHeaders,
    paths: ["THR", "ESF"].flatMap((p) => ["in_progress", "answered"].map((s) => `/v1/cases?status=${s}&province=${p}&updated_since=${encodeURIComponent(since(60))}&limit=50`)),
  },
  {
    name: "cases, following next_cursor 20 pages (agency)",
    headers: agencyHeaders,
    follow: 20,
    paths: [30, 90, 180, 365, 700].map((d) => `/v1/cases?updated_since=${encodeURIComponent(since(d))}&limit=50`),
  },
  { name: "cases?status=…&limit=50 (admin, all agencies)", headers: adminHeaders, paths: ["in_progress", "answered"].map((s) => `/v1/cases?status=${s}&limit=50`) },
  { name: "cases/{code} (agency)", headers: agencyHeaders, paths: codes.map((c) => `/v1/cases/${c}`) },
];

const results = [];
const served = { api: { requests: 0, seconds: 0 }, ceiling: { requests: 0, seconds: 0 } };
const roundName = (plan: Plan, k: number) => (ROUNDS > 1 ? { ...plan, name: `${plan.name} #${k + 1}` } : plan);
for (let k = 0; k < ROUNDS; k++) {
  const api = await profiled("api-v1-page-of-50", () => runLoad(port, pageOf50));
  results.push({ ...report(roundName(pageOf50, k), api), name: pageOf50.name });
  const bare = await profiled("ceiling-page-of-50", () => runLoad(ceiling.port, ceilingPlan));
  report(roundName(ceilingPlan, k), bare);
  served.api.requests += api.latencies.length;
  served.api.seconds += api.seconds;
  served.ceiling.requests += bare.latencies.length;
  served.ceiling.seconds += bare.seconds;
}
await ceiling.close();
for (const plan of plans) results.push(report(plan, await runLoad(port, plan)));

console.log(`\n${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, PostgreSQL at ${url.host}`);
const ratio = served.api.requests / served.api.seconds / (served.ceiling.requests / served.ceiling.seconds);
console.log(`ratio API v1 / ceiling (page of 50, ${CONNECTIONS} connections): ${ratio.toFixed(3)}`);
const missed = [...new Set(results.filter((r) => !r.met).map((m) => m.name))];
console.log(missed.length === 0 ? "target p99 ≤ 20 ms: met in every scenario" : `target p99 ≤ 20 ms: MISSED in ${missed.join("; ")}`);
await app.close();
await database.close();
if (SMOKE) await dropPostgresDatabase(process.env.DATABASE_URL!, DB_NAME);
if (failedRequests > 0) {
  console.log(`requests FAILED: ${failedRequests} (see ERRORS above)`);
  process.exitCode = 1;
}
