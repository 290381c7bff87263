import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropPostgresDatabase, freshPostgresDatabase, perProcess } from "./lib/databases.ts";
import { freePort, ROOT, startProcess, stopProcess, waitForHttp } from "./lib/processes.ts";
import { SMOKE, size } from "./lib/smoke.ts";

// npm run bench:cli  (BENCH_SMOKE=1: each command once; RUNS=5 by default)
// How long `npx hamyar <command>` takes, as an operator runs it (node cli/hamyar.mjs, a process of its own):
// beside a running app on the embedded database (the app carries the command out), and with DATABASE_URL on
// PostgreSQL (the CLI opens the database itself). The reference is the smallest TypeScript program started
// the same way (node --import tsx), measured in the same run. Target: every command ≤ 2 s.

const RUNS = size("RUNS", 5, 1);
const TARGET_MS = 2000;

const COMMANDS: string[][] = [
  ["--help"],
  ["agency", "list"],
  ["unit", "list", "--agency", "tamin"],
  ["apikey", "create", "--agency", "tamin", "--name", "bench"],
  ["apikey", "list"],
  ["invite", "create", "--role", "provincial", "--province", "البرز"],
  ["staff", "list"],
  ["job", "list"],
];

function timed(args: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent", ...env }, timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err) return reject(new Error(`${args.slice(1).join(" ")} failed: ${stderr.trim().split("\n").at(-1)}`));
      resolve(performance.now() - t0);
    });
  });
}

interface Figure {
  label: string;
  medianMs: number;
  worstMs: number;
}

async function measure(label: string, args: string[], env: Record<string, string>): Promise<Figure> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(args, env));
  times.sort((a, b) => a - b);
  const figure = { label, medianMs: times[Math.floor(times.length / 2)], worstMs: times.at(-1)! };
  console.log(`${label.padEnd(58)} median ${figure.medianMs.toFixed(0).padStart(5)} ms  worst ${figure.worstMs.toFixed(0).padStart(5)} ms`);
  return figure;
}

const cli = (command: string[]) => [path.join(ROOT, "cli/hamyar.mjs"), ...command];
const reference = await measure("reference: node --import tsx (an empty program)", ["--import", "tsx", path.join(ROOT, "bench/reference/empty.ts")], {});

const figures: Figure[] = [];
// Beside the app on the embedded database: the app carries each command out.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "hamyar-bench-cli-"));
const port = freePort();
const app = startProcess("main.ts", { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" });
try {
  await waitForHttp(port, app);
  for (const c of COMMANDS) figures.push(await measure(`hamyar ${c.join(" ")} (app running, PGlite)`, cli(c), { DATA_DIR: dataDir }));
} finally {
  await stopProcess(app);
  rmSync(dataDir, { recursive: true, force: true });
}

// On PostgreSQL the CLI opens the database itself.
if (process.env.DATABASE_URL) {
  const name = perProcess("hamyar_bench_cli");
  const url = await freshPostgresDatabase(process.env.DATABASE_URL, name);
  try {
    for (const c of COMMANDS) figures.push(await measure(`hamyar ${c.join(" ")} (PostgreSQL)`, cli(c), { DATABASE_URL: url }));
  } finally {
    await dropPostgresDatabase(process.env.DATABASE_URL, name);
  }
} else console.log("DATABASE_URL not set: skipping the CLI on PostgreSQL");

const slowest = figures.reduce((a, b) => (b.worstMs > a.worstMs ? b : a));
console.log(`\n${RUNS} run(s) of each${SMOKE ? " (smoke size)" : ""}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`ratio slowest command / reference: ${(slowest.medianMs / reference.medianMs).toFixed(2)} (${slowest.label})`);
const missed = figures.filter((f) => f.worstMs > TARGET_MS);
console.log(`target every command ≤ ${TARGET_MS / 1000} s: ${missed.length ? `MISSED in ${missed.map((f) => `${f.label} ${f.worstMs.toFixed(0)} ms`).join("; ")}` : "met"}`);
