import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { DEFAULT_WEBHOOK_CONNECTIONS, Emulator } from "../bot/emulator/emulator.ts";
import { emulatorApiRoutes } from "../bot/emulator/api-routes.ts";
import { fileComplaint, sendPlainUpdates } from "./lib/citizen-script.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { countPgliteCases, countPostgresCases, dropPostgresDatabase, freshPostgresDatabase, perProcess } from "./lib/databases.ts";
import { freePort, startProcess, stopProcess, waitForHttp, whenExited } from "./lib/processes.ts";
import { SMOKE, size } from "./lib/smoke.ts";
import { formatFigures, LatencyRecorder, runLabel, type RunFigures } from "./lib/stats.ts";

// npm run bench:ingest [-- <citizens>]   (BENCH_SMOKE=1: 8 citizens, 2 warming up, 50 ms only)
// N simulated citizens file a complaint at once through the real POST /webhook/telegram of a Hamyar
// process; the bot's calls go over HTTP to the Bot-API emulator in this process, which adds
// BENCH_LATENCY_MS to each (a platform is not on localhost). A citizen acts when the reply to their last
// action has arrived, and an update's latency lasts until then. Compared with a telegraf bot with an
// in-memory session (the peer), a grammY bot with its session in PostgreSQL (the durable peer) under the
// same delays, a bare Fastify route (the HTTP ceiling, 0 ms only), and two Hamyar instances on one
// PostgreSQL database behind a round-robin "load balancer". Exits 1 when a citizen gave up in any run.

const citizens = process.argv[2] !== undefined ? Number(process.argv[2]) : size("CITIZENS", 200, 8);
// BENCH_TARGETS=pglite,postgres,ceiling,telegraf,grammy-pg,two (default: all) runs only some of them.
const ALL_TARGETS = ["pglite", "postgres", "ceiling", "telegraf", "grammy-pg", "two"];
const targets = new Set((process.env.BENCH_TARGETS ?? ALL_TARGETS.join(",")).split(","));
const unknownTargets = [...targets].filter((t) => !ALL_TARGETS.includes(t));
if (unknownTargets.length) throw new Error(`BENCH_TARGETS: unknown ${unknownTargets.join(", ")} (known: ${ALL_TARGETS.join(", ")})`);
// The smoke size runs at 50 ms only (the ratio CI checks): the 0 ms runs are the same code with no delay, and
// each run starts its processes afresh, which is most of the smoke's time.
const latencies = parseLatencies(process.env.BENCH_LATENCY_MS ?? (SMOKE ? "50" : "0,50"));
const TWO_INSTANCES_LATENCY_MS = 50;
const SECRET = "bench-secret-0123456789";
const UPDATES_PER_CITIZEN = 14;
// As many as the platform's webhook connections (Telegram's default max_connections, 40), so the warm-up
// opens them all, as a platform does once and keeps: Node accepts one new connection per turn of a busy
// event loop, so connections opened under load would hold the updates sent on them back by seconds.
const WARM_UP_CITIZENS = SMOKE ? 2 : DEFAULT_WEBHOOK_CONNECTIONS;
const BENCH_DATABASE = perProcess("hamyar_bench");
const GRAMMY_DATABASE = perProcess("hamyar_bench_grammy");

function parseLatencies(value: string): number[] {
  const list = value.split(",").map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`BENCH_LATENCY_MS must be milliseconds or a comma list of them (got "${value}")`);
  return [...new Set(list)];
}

const emulator = new Emulator();
emulator.recordCalls = false;
const emuApp = Fastify({ logger: false });
await emuApp.register(emulatorApiRoutes, { emulator });
await emuApp.listen({ host: "127.0.0.1", port: 0 });
const apiRoot = `http://127.0.0.1:${(emuApp.server.address() as { port: number }).port}`;

let userBase = 10_000_000;

interface RunSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
  script: "file" | "plain";
  /** Processes started with the same env; the emulator's webhook rotates over them. */
  instances?: number;
}

async function run(spec: RunSpec, latencyMs: number): Promise<RunFigures> {
  const ports = Array.from({ length: spec.instances ?? 1 }, freePort);
  const children = ports.map((port) => startProcess(spec.entry, { PORT: String(port), BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, ...spec.env }));
  // A measured process that dies mid-run (crash, OOM, someone's kill) ends the bench with its name, rather
  // than every citizen timing out against a dead port.
  const anyExited = Promise.race(children.map((child) => whenExited(child, spec.name)));
  anyExited.catch(() => {});
  const unlessExited = <T>(work: Promise<T>) => Promise.race([work, anyExited]);
  try {
    await Promise.all(children.map((child, i) => waitForHttp(ports[i], child)));
    const urls = ports.map((port) => `http://127.0.0.1:${port}/webhook/telegram`);
    emulator.webhook = { url: urls[0], secret: SECRET, ...(urls.length > 1 ? { urls } : {}) };
    emulator.faults.latencyMs = latencyMs;
    const one = (rec: LatencyRecorder, id: number) => (spec.script === "file" ? fileComplaint(emulator, id, rec) : sendPlainUpdates(emulator, id, rec, UPDATES_PER_CITIZEN).then(() => true));
    // Warm-up (JIT, connection pools), not measured: neither its latencies nor its CPU time.
    const warm = new LatencyRecorder();
    await unlessExited(Promise.all(Array.from({ length: WARM_UP_CITIZENS }, () => one(warm, userBase++))));
    if (warm.failures.length) console.log(`  ${spec.name}: ${warm.failures.length} warm-up citizens failed, e.g. ${warm.failures[0]}`);
    const rec = new LatencyRecorder();
    const cpu = cpuMeter(children.map((c) => c.pid!));
    const t0 = performance.now();
    const results = await unlessExited(Promise.all(Array.from({ length: citizens }, () => one(rec, userBase++))));
    const seconds = (performance.now() - t0) / 1000;
    const cpuMs = cpu.elapsedMs();
    const figures = rec.figures(spec.name, latencyMs, seconds);
    figures.cpuMsPerUpdate = cpuMs / rec.updatesSent;
    if (spec.script === "file") {
      figures.casesFiled = results.filter(Boolean).length;
      figures.citizensFailed = rec.failures.length;
      figures.repliesAfterWebhook = rec.repliesAfterWebhook / Math.max(1, rec.samples.length);
      for (const failure of rec.failures.slice(0, 3)) console.log(`  ${runLabel(figures)}: ${failure}`);
    }
    console.log(formatFigures(figures));
    return figures;
  } finally {
    emulator.webhook = null;
    emulator.faults.latencyMs = 0;
    await Promise.all(children.map(stopProcess));
  }
}

// Settings of the measured Hamyar taken from the bench's own environment (e.g. WEBHOOK_REPLIES=false to compare).
function passThrough(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
}
// CRON=false: on a fresh database the scheduler's catch-up makes last quarter's complaint analysis for the
// system, every agency and every province (59 charts and spreadsheets, several seconds of CPU) right at start,
// overlapping the warm-up and the measured run: one-off work, and the ratio swung 0.61-0.93 with it. A deployment
// of several instances runs the scheduler on one of them (CRON=false on the others); this measures the update path.
const hamyarEnv = { BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET, LOG_LEVEL: "warn", FLOOD_LIMIT: "100000", CRON: "false", ...passThrough("DATABASE_POOL_SIZE", "WEBHOOK_REPLIES") };

async function hamyarOnPglite(latencyMs: number): Promise<RunFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hamyar-bench-"));
  try {
    const figures = await run({ name: "Hamyar (PGlite)", entry: "main.ts", env: { ...hamyarEnv, DATA_DIR: dataDir }, script: "file" }, latencyMs);
    console.log(`  PGlite: ${await countPgliteCases(dataDir)} cases in the database (warm-up included)`);
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One or more Hamyar processes on one fresh PostgreSQL database, created once; each migrates at start under an advisory lock. */
async function hamyarOnPostgres(latencyMs: number, instances = 1): Promise<RunFigures> {
  const url = await freshPostgresDatabase(process.env.DATABASE_URL!, BENCH_DATABASE);
  const name = instances === 1 ? "Hamyar (PostgreSQL)" : `Hamyar ×${instances} (PostgreSQL)`;
  try {
    const figures = await run({ name, entry: "main.ts", env: { ...hamyarEnv, DATABASE_URL: url }, script: "file", instances }, latencyMs);
    console.log(`  PostgreSQL: ${await countPostgresCases(url)} cases in the database (warm-up included)`);
    return figures;
  } finally {
    await dropPostgresDatabase(process.env.DATABASE_URL!, BENCH_DATABASE);
  }
}

const telegrafPeer = (latencyMs: number) => run({ name: "telegraf, in-memory (peer)", entry: "bench/reference/telegraf-bot.ts", env: {}, script: "file" }, latencyMs);
/** The grammY bot with its session in PostgreSQL, on a fresh database of its own for each run. */
const grammyPeer = async (latencyMs: number) => {
  const url = await freshPostgresDatabase(process.env.DATABASE_URL!, GRAMMY_DATABASE);
  try {
    return await run({ name: "grammY, PostgreSQL session (peer)", entry: "bench/reference/grammy-pg-session-bot.ts", env: { DATABASE_URL: url }, script: "file" }, latencyMs);
  } finally {
    await dropPostgresDatabase(process.env.DATABASE_URL!, GRAMMY_DATABASE);
  }
};
const bareFastify = () => run({ name: "bare Fastify (ceiling)", entry: "bench/reference/bare-fastify.ts", env: {}, script: "plain" }, 0);

const hasPostgres = Boolean(process.env.DATABASE_URL);
if (!hasPostgres && (targets.has("postgres") || targets.has("two") || targets.has("grammy-pg"))) console.log("DATABASE_URL not set: skipping the PostgreSQL runs (Hamyar and the grammY peer)");

// Runs keyed by kind and latency: byLatency.get(50)?.postgres.
type Kind = "pglite" | "postgres" | "telegraf" | "grammy";
const byLatency = new Map<number, Partial<Record<Kind, RunFigures>>>();
const all: RunFigures[] = [];
const keep = (latencyMs: number, kind: Kind, f: RunFigures) => {
  byLatency.set(latencyMs, { ...byLatency.get(latencyMs), [kind]: f });
  all.push(f);
};

for (const latencyMs of latencies) {
  if (targets.has("telegraf")) keep(latencyMs, "telegraf", await telegrafPeer(latencyMs));
  if (hasPostgres && targets.has("grammy-pg")) keep(latencyMs, "grammy", await grammyPeer(latencyMs));
  if (targets.has("pglite")) keep(latencyMs, "pglite", await hamyarOnPglite(latencyMs));
  if (hasPostgres && targets.has("postgres")) keep(latencyMs, "postgres", await hamyarOnPostgres(latencyMs));
}
const ceiling = targets.has("ceiling") ? await bareFastify() : undefined;
if (ceiling) all.push(ceiling);

let two: { one: RunFigures; two: RunFigures } | undefined;
if (hasPostgres && targets.has("two")) {
  // The one-instance figure is the PostgreSQL run at that latency when there was one, else run now.
  if (!byLatency.get(TWO_INSTANCES_LATENCY_MS)?.postgres) keep(TWO_INSTANCES_LATENCY_MS, "postgres", await hamyarOnPostgres(TWO_INSTANCES_LATENCY_MS));
  two = { one: byLatency.get(TWO_INSTANCES_LATENCY_MS)!.postgres!, two: await hamyarOnPostgres(TWO_INSTANCES_LATENCY_MS, 2) };
  all.push(two.two);
}

console.log(`\n${citizens} citizens${SMOKE ? " (smoke size)" : ""}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}`);
for (const f of all) console.log(formatFigures(f));
console.log("");
// Issue 20: nothing is said before it is on disk. Every Hamyar figure here is with durable replies.
console.log("replies: Hamyar sends each reply after its update's commit reached the disk (synchronous_commit on, flushes shared between concurrent updates)");

const ratio = (a: RunFigures | undefined, b: RunFigures | undefined) => (a && b ? a.updatesPerSecond / b.updatesPerSecond : undefined);
const descending = [...latencies].sort((a, b) => b - a);
for (const kind of ["postgres", "pglite"] as const) {
  for (const latencyMs of descending) {
    const runs = byLatency.get(latencyMs);
    const r = ratio(runs?.[kind], runs?.telegraf);
    if (r !== undefined) console.log(`ratio ${runs![kind]!.name} / telegraf at ${latencyMs} ms: ${r.toFixed(3)}`);
  }
}
for (const latencyMs of descending) {
  const runs = byLatency.get(latencyMs);
  const r = ratio(runs?.postgres, runs?.grammy);
  if (r !== undefined) console.log(`ratio ${runs!.postgres!.name} / grammY with a PostgreSQL session at ${latencyMs} ms: ${r.toFixed(3)}`);
}
const mainAtZero = byLatency.get(0)?.postgres ?? byLatency.get(0)?.pglite;
const toCeiling = ratio(mainAtZero, ceiling);
if (toCeiling !== undefined) console.log(`ratio ${mainAtZero!.name} / ceiling at 0 ms: ${toCeiling.toFixed(3)}`);
if (two) console.log(`ratio two Hamyar instances / one (PostgreSQL, ${TWO_INSTANCES_LATENCY_MS} ms): ${ratio(two.two, two.one)!.toFixed(3)}`);
// The CPU figure is the PostgreSQL run's at 0 ms: with no added delay the CPU is what limits the throughput.
const cpuRun = byLatency.get(0)?.postgres;
if (cpuRun) console.log(`Hamyar CPU per update: ${cpuRun.cpuMsPerUpdate!.toFixed(2)} ms`);
const pglite50 = byLatency.get(50)?.pglite;
// The longest any citizen of the run waited for a first sign of life from the bot (their first update to its first reply).
if (pglite50?.slowestFirstReplyMs !== undefined) console.log(`PGlite, ${citizens} citizens at 50 ms: slowest first reply ${pglite50.slowestFirstReplyMs.toFixed(0)} ms`);

// A run in which a citizen gave up meets no target: its figures leave out the updates that went unanswered.
const verdict = (f: RunFigures | undefined, ok: (f: RunFigures) => boolean) => (!f ? "not run" : !f.citizensFailed && ok(f) ? "met" : "MISSED");
const atLeast = (share: number, f: RunFigures, peer: RunFigures | undefined) => peer !== undefined && !peer.citizensFailed && f.updatesPerSecond >= share * peer.updatesPerSecond;
const pg50 = byLatency.get(50)?.postgres;
const pg0 = byLatency.get(0)?.postgres;
const telegraf50 = byLatency.get(50)?.telegraf;
const grammy50 = byLatency.get(50)?.grammy;
console.log(
  [
    `targets: PostgreSQL at 50 ms ≥ 0.5× telegraf ${verdict(pg50 && telegraf50 ? pg50 : undefined, (f) => atLeast(0.5, f, telegraf50))}`,
    `with p99 ≤ 1 s ${verdict(pg50, (f) => f.p99 <= 1000)}`,
    `≥ 1.0× the grammY + PostgreSQL-session peer ${verdict(pg50 && grammy50 ? pg50 : undefined, (f) => atLeast(1.0, f, grammy50))}`,
    `PGlite at 50 ms ≥ 0.3× telegraf ${verdict(pglite50 && telegraf50 ? pglite50 : undefined, (f) => atLeast(0.3, f, telegraf50))}`,
    `with slowest first reply ≤ 3 s ${verdict(pglite50, (f) => f.slowestFirstReplyMs! <= 3000)}`,
    `≤ 2.5 ms CPU per update ${verdict(pg0, (f) => f.cpuMsPerUpdate! <= 2.5)}`,
  ].join("; "),
);
const failed = all.filter((f) => f.citizensFailed);
if (failed.length) console.log(`citizens FAILED (no reply within 10 s): ${failed.map((f) => `${runLabel(f)}: ${f.citizensFailed}`).join("; ")}`);
await emuApp.close();
// A citizen who gave up means the figures leave updates out: the run is not a measurement, and says so.
if (failed.length) process.exitCode = 1;
