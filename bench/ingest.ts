import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { count } from "drizzle-orm";
import postgres from "postgres";
import { Emulator } from "../bot/emulator/emulator.ts";
import { emulatorApiRoutes } from "../bot/emulator/api-routes.ts";
import { openDatabase } from "../db/client.ts";
import { cases } from "../db/schema.ts";
import { fileComplaint, sendPlainUpdates } from "./lib/citizen-script.ts";
import { freePort, startProcess, stopProcess, waitForHttp } from "./lib/processes.ts";
import { formatFigures, LatencyRecorder, type RunFigures } from "./lib/stats.ts";

// npm run bench:ingest [-- <citizens>]
// N simulated citizens file a complaint at once through the real POST /webhook/telegram of a Hamyar
// process; the bot's calls go over HTTP to the Bot-API emulator in this process. Compared with a bare
// Fastify route (the HTTP ceiling) and a telegraf bot with an in-memory session (the peer).

const citizens = Number(process.argv[2] ?? process.env.CITIZENS ?? 200);
// BENCH_TARGETS=pglite,postgres,ceiling,telegraf (default: all) runs only some of the four.
const targets = new Set((process.env.BENCH_TARGETS ?? "pglite,postgres,ceiling,telegraf").split(","));
const SECRET = "bench-secret-0123456789";
const UPDATES_PER_CITIZEN = 14;

const emulator = new Emulator();
emulator.recordCalls = false;
const emuApp = Fastify({ logger: false });
await emuApp.register(emulatorApiRoutes, { emulator });
await emuApp.listen({ host: "127.0.0.1", port: 0 });
const emuPort = (emuApp.server.address() as { port: number }).port;
const apiRoot = `http://127.0.0.1:${emuPort}`;

let userBase = 10_000_000;

async function run(name: string, entry: string, env: Record<string, string>, script: "file" | "plain"): Promise<RunFigures> {
  const port = freePort();
  const child = startProcess(entry, { PORT: String(port), BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, ...env });
  try {
    await waitForHttp(port, child);
    emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
    const one = (rec: LatencyRecorder, id: number) => (script === "file" ? fileComplaint(emulator, id, rec) : sendPlainUpdates(emulator, id, rec, UPDATES_PER_CITIZEN).then(() => true));
    // Warm-up (JIT, connection pools), not measured.
    const warm = new LatencyRecorder();
    await Promise.all(Array.from({ length: 10 }, () => one(warm, userBase++)));
    const rec = new LatencyRecorder();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: citizens }, () => one(rec, userBase++)));
    const seconds = (performance.now() - t0) / 1000;
    const figures = rec.figures(name, seconds);
    if (script === "file") figures.casesFiled = results.filter(Boolean).length;
    return figures;
  } finally {
    emulator.webhook = null;
    await stopProcess(child);
  }
}

const hamyarEnv = { BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET, LOG_LEVEL: "warn", FLOOD_LIMIT: "100000", ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}) };
const results: RunFigures[] = [];

let pglite: RunFigures | undefined;
if (targets.has("pglite")) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hamyar-bench-"));
  pglite = await run("Hamyar (PGlite)", "main.ts", { ...hamyarEnv, DATA_DIR: dataDir }, "file");
  const db = await openDatabase({ dataDir });
  const [{ n }] = await db.db.select({ n: count() }).from(cases);
  await db.close();
  console.log(`PGlite: ${n} cases in the database (warm-up included)`);
  rmSync(dataDir, { recursive: true, force: true });
  results.push(pglite);
  console.log(formatFigures(pglite));
}

let hamyarPg: RunFigures | undefined;
if (process.env.DATABASE_URL && targets.has("postgres")) {
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists hamyar_bench with (force)");
  await admin.unsafe("create database hamyar_bench");
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = "/hamyar_bench";
  hamyarPg = await run("Hamyar (PostgreSQL)", "main.ts", { ...hamyarEnv, DATABASE_URL: url.toString() }, "file");
  const db = postgres(url.toString(), { max: 1 });
  const [{ n }] = await db`select count(*)::int as n from cases`;
  await db.end();
  console.log(`PostgreSQL: ${n} cases in the database (warm-up included)`);
  results.push(hamyarPg);
  console.log(formatFigures(hamyarPg));
} else if (targets.has("postgres")) {
  console.log("DATABASE_URL not set: skipping the PostgreSQL run");
}

const ceiling = targets.has("ceiling") ? await run("bare Fastify (ceiling)", "bench/reference/bare-fastify.ts", {}, "plain") : undefined;
if (ceiling) console.log(formatFigures(ceiling));
const telegraf = targets.has("telegraf") ? await run("telegraf, in-memory (peer)", "bench/reference/telegraf-bot.ts", {}, "file") : undefined;
if (telegraf) console.log(formatFigures(telegraf));

console.log(`\n${citizens} citizens, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}`);
for (const r of [...results, ceiling, telegraf]) if (r) console.log(formatFigures(r));
const main = hamyarPg ?? pglite;
if (main && ceiling) console.log(`\nratio ${main.name} / ceiling:  ${(main.updatesPerSecond / ceiling.updatesPerSecond).toFixed(3)}`);
if (main && telegraf) console.log(`ratio ${main.name} / telegraf: ${(main.updatesPerSecond / telegraf.updatesPerSecond).toFixed(3)}`);
if (main) {
  const peer = telegraf ? `; ≥ telegraf ${main.updatesPerSecond >= telegraf.updatesPerSecond ? "met" : "MISSED"}` : "";
  console.log(`targets (${main.name}): ≥1500 updates/s ${main.updatesPerSecond >= 1500 ? "met" : "MISSED"}; p99 ≤ 100 ms ${main.p99 <= 100 ? "met" : "MISSED"}${peer}`);
}
await emuApp.close();
