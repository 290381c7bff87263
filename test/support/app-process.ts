import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
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

// Below Linux's ephemeral range (32768–60999), so an outgoing connection of this or another test cannot
// be holding the port; each worker has a slice of its own, and the port is checked free before use.
const SLICE = 400;
let nextPort = 20_000 + Number(process.env.VITEST_POOL_ID ?? 0) * SLICE + Math.floor(Math.random() * (SLICE / 2));

/** A free port for a child app or a private PostgreSQL (spread by test worker so parallel files do not collide). */
export async function appPort(): Promise<number> {
  for (;;) {
    const port = nextPort++;
    if (await isFree(port)) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
