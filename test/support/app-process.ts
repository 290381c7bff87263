import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Hamyar as operators run it: `node --import tsx main.ts` in a process of its own, for the tests that
// kill it (SIGKILL) or run two of it. Its stderr is kept for the failure message.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** What the process wrote to stderr (its warnings and errors). */
  stderr: () => string;
  /** Resolves with the signal or exit code once the process has ended. */
  exited: Promise<string>;
}

export async function startApp(env: Record<string, string>, port: number): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "main.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Hamyar exited before listening: ${err}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Hamyar did not listen on ${port} within 60 s: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, stderr: () => err, exited };
}

/** Stops the process with SIGTERM (SIGKILL after 10 s) and waits for it. */
export async function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill("SIGTERM");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 10_000);
  await app.exited;
  clearTimeout(timer);
}

let nextPort = 45_000 + Math.floor(Math.random() * 3000) + Number(process.env.VITEST_POOL_ID ?? 0) * 100;
/** A port for a child app (spread by test worker so parallel files do not collide). */
export const appPort = () => nextPort++;
