import { describe, expect, it } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { openDatabase } from "../../db/client.ts";
import { appPort, startApp, stopApp } from "../support/app-process.ts";
import { citizensThrough } from "../support/citizens-under-load.ts";
import { useEmulatorServer } from "../support/emulator-server.ts";
import { postgresBin, startPrivatePostgres } from "../support/private-postgres.ts";

// Hamyar's PostgreSQL server is restarted 20 times while citizens keep writing (as in a failover or an
// upgrade). The server is this test's own, so the rest of the suite keeps its connections. The process
// stays up, every update the platform was told was accepted is on record and every reply is sent.

const SECRET = "restarts-secret-0123456789abcdef";
let emulator: Emulator;
let apiRoot: string;
useEmulatorServer((s) => ({ emulator, apiRoot } = s), { recordCalls: false });

describe.skipIf(!process.env.DATABASE_URL || !postgresBin())("the PostgreSQL server restarted 20 times under load", () => {
  it("leaves the process up, every accepted update recorded and every reply sent", async () => {
    const pg = await startPrivatePostgres(await appPort());
    const port = await appPort();
    const app = await startApp({ DATABASE_URL: pg.url, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET }, port);
    emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
    const reader = await openDatabase({ databaseUrl: pg.url, dataDir: "", poolSize: 2 });
    try {
      await citizensThrough({
        emulator,
        app,
        reader,
        firstChat: 995_000,
        async trouble() {
          for (let restart = 0; restart < 20; restart++) {
            await new Promise((r) => setTimeout(r, 200));
            await pg.restart();
            expect(app.child.exitCode, `Hamyar exited after restart ${restart}: ${app.stderr().slice(0, 2000)}`).toBeNull();
          }
        },
      });
    } finally {
      emulator.webhook = null;
      await reader.close().catch(() => {});
      await stopApp(app);
      await pg.stop();
    }
  }, 240_000);
});
