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
