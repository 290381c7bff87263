import { spawn } from "node:child_process";
import { ROOT } from "./lib/processes.ts";

// npm run bench:smoke  (needs DATABASE_URL: a PostgreSQL server where the role may CREATE DATABASE)
// Every benchmark at its smoke size (BENCH_SMOKE=1: a few citizens, rows or recipients, same lines printed),
// one after another, each as `npm run bench:<name>`, its output passed through. A benchmark fails when it
// exits non-zero (its own error, or a citizen of its who gave up), prints «citizens FAILED», or runs past its
// time; bench:ingest also fails when `ratio Hamyar (PostgreSQL) / telegraf at 50 ms` is missing or below
// RATIO_FLOOR. Ends with one line per benchmark and «smoke: N passed, N failed» (CI counts that line); exits
// 1 when any failed.

const RATIO_FLOOR = 0.25;
const RATIO_LINE = /^ratio Hamyar \(PostgreSQL\) \/ telegraf at 50 ms: ([\d.]+)$/m;
/** A benchmark still running after this is stopped and counted failed (smoke sizes take seconds to a minute or two). */
const TIMEOUT_MS = 6 * 60_000;
const BENCHES = ["ingest", "broadcast", "api", "stats", "export", "cli"];

if (!process.env.DATABASE_URL) {
  console.error("bench:smoke needs DATABASE_URL (a PostgreSQL server where the role may CREATE DATABASE).");
  process.exit(2);
}

interface Outcome {
  name: string;
  seconds: number;
  problems: string[];
}

function runBench(name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // Its own process group, so a timeout stops the benchmark and the processes it measures.
    const child = spawn("npm", ["run", "-s", `bench:${name}`], { cwd: ROOT, env: { ...process.env, BENCH_SMOKE: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    runningGroup = child.pid ?? null;
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
      process.stderr.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      runningGroup = null;
      const problems: string[] = [];
      if (timedOut) problems.push(`still running after ${TIMEOUT_MS / 60_000} min`);
      else if (code !== 0) problems.push(`exited with ${code ?? signal}`);
      const gaveUp = output.match(/^citizens FAILED.*$/m);
      if (gaveUp) problems.push(gaveUp[0]);
      if (name === "ingest") {
        const ratio = output.match(RATIO_LINE);
        if (!ratio) problems.push("no «ratio Hamyar (PostgreSQL) / telegraf at 50 ms» line");
        else if (Number(ratio[1]) < RATIO_FLOOR) problems.push(`ratio Hamyar (PostgreSQL) / telegraf at 50 ms ${ratio[1]} < ${RATIO_FLOOR}`);
      }
      resolve({ name, seconds: (performance.now() - t0) / 1000, problems });
    });
  });
}

// Stopped (Ctrl-C, CI's timeout): the benchmark running stops too, with the processes it measures.
let runningGroup: number | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (runningGroup !== null) {
      try {
        process.kill(-runningGroup, "SIGKILL");
      } catch {}
    }
    process.exit(130);
  });
}

const outcomes: Outcome[] = [];
const t0 = performance.now();
for (const name of BENCHES) {
  console.log(`\n== bench:${name} (smoke size)`);
  outcomes.push(await runBench(name));
}
console.log(`\n== smoke benchmarks (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
for (const o of outcomes) console.log(`smoke: bench:${o.name} ${o.problems.length ? `FAILED: ${o.problems.join("; ")}` : "passed"} (${o.seconds.toFixed(0)} s)`);
const failed = outcomes.filter((o) => o.problems.length).length;
console.log(`smoke: ${outcomes.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
