import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { useEmulatorServer } from "../support/emulator-server.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { childDatabase } from "../support/database.ts";

// SIGTERM ends Hamyar within 10 seconds in every mode, even with a browser holding the chat page's live
// stream open or a platform holding a long poll; a second signal ends it at once.

let emulator: Emulator;
let apiRoot: string;
useEmulatorServer((s) => ({ emulator, apiRoot } = s));

async function timeToExit(app: AppProcess, signals: NodeJS.Signals[]): Promise<{ ms: number; how: string }> {
  const t0 = Date.now();
  for (const s of signals) app.child.kill(s);
  const how = await app.exited;
  return { ms: Date.now() - t0, how };
}

describe("stopping Hamyar", () => {
  it("ends local mode within 10 s while the chat page's live stream is open", async () => {
    const database = await childDatabase();
    const port = await appPort();
    const app = await startApp({ ...database.env }, port);
    const abort = new AbortController();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/chat/api/chats/1001/events`, { signal: abort.signal });
      expect(res.status).toBe(200);
      const { ms, how } = await timeToExit(app, ["SIGTERM"]);
      expect(how).toBe("0");
      expect(ms).toBeLessThan(10_000);
    } finally {
      abort.abort();
      await stopApp(app);
      await database.drop();
    }
  }, 90_000);

  // An operator's `npm start` in a terminal or a process manager: whichever process gets the signal (npm, or
  // npm killed outright), node stops too and gives the port and the data folder back.
  for (const how of ["SIGTERM", "SIGKILL"] as const) {
    it(`ends \`npm start\` within 10 s when npm gets ${how}`, async () => {
      const database = await childDatabase();
      const port = await appPort();
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
      const npm = spawn("npm", ["start"], { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: String(port), LOG_LEVEL: "warn", ...database.env }, stdio: "ignore" });
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      let node = 0;
      try {
        const deadline = Date.now() + 60_000;
        while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
          if (Date.now() > deadline) throw new Error("npm start did not answer /readyz within 60 s");
          await new Promise((r) => setTimeout(r, 200));
        }
        node = Number(execFileSync("pgrep", ["-P", String(npm.pid)], { encoding: "utf8" }).trim().split("\n")[0]);
        expect(node).toBeGreaterThan(0);
        const t0 = Date.now();
        npm.kill(how);
        while (alive(node) && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 100));
        expect(alive(node), "node still runs after npm was stopped").toBe(false);
        expect(Date.now() - t0).toBeLessThan(10_000);
        expect(await fetch(`http://127.0.0.1:${port}/readyz`).then(() => "answered", () => "closed")).toBe("closed");
      } finally {
        if (node && alive(node)) process.kill(node, "SIGKILL");
        if (npm.exitCode === null) npm.kill("SIGKILL");
        await database.drop();
      }
    }, 90_000);
  }

  it("ends polling within 10 s while the platform holds getUpdates, and at once on a second signal", async () => {
    const database = await childDatabase();
    const port = await appPort();
    const env = { ...database.env, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "polling" };
    let app = await startApp(env, port);
    try {
      // Let it start its first long poll.
      await new Promise((r) => setTimeout(r, 1500));
      const once = await timeToExit(app, ["SIGTERM"]);
      expect(once.ms).toBeLessThan(10_000);
      app = await startApp(env, port);
      await new Promise((r) => setTimeout(r, 1500));
      const twice = await timeToExit(app, ["SIGTERM", "SIGTERM"]);
      expect(twice.ms).toBeLessThan(3_000);
    } finally {
      await stopApp(app);
      await database.drop();
    }
  }, 120_000);
});
