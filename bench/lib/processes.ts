import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Every measured process still running: a bench that exits (on an error too) leaves none of them behind. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts a TypeScript entry point in its own Node process (like production: its own core and event loop). */
export function startProcess(entry: string, env: Record<string, string>): ChildProcess {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each measured process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.stderr!.on("data", (d) => process.stderr.write(`[${path.basename(entry)}] ${d}`));
  child.stdout!.on("data", () => {});
  return child;
}

/** Waits until something answers HTTP on the port (any status), or fails after `ms`. */
export async function waitForHttp(port: number, child: ChildProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before listening`);
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`nothing listened on ${port} within ${ms} ms`);
}

/** Rejects when the process ends (its code or signal named), e.g. when it crashed or was killed mid-run. */
export function whenExited(child: ChildProcess, name: string): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(`${name} (pid ${child.pid}) exited during the run: ${child.signalCode ?? `code ${child.exitCode}`}`));
    if (hasExited(child)) fail();
    else child.once("exit", fail);
  });
}

/** A child killed by a signal has a null exitCode but a signalCode. */
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

let nextPort = 41_000 + Math.floor(Math.random() * 2000);
export const freePort = () => nextPort++;
