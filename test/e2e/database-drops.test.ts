import postgres from "postgres";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { useEmulatorServer } from "../support/emulator-server.ts";
import { appPort, startApp, stopApp } from "../support/app-process.ts";
import { citizensThrough } from "../support/citizens-under-load.ts";
import { childDatabase } from "../support/database.ts";

// PostgreSQL drops every connection of Hamyar's database 20 times while citizens keep writing (as in a
// failover or a restart). postgres.js could throw from a timer when a connection closed under a pending
// write and kill the process (patched: patches/postgres+3.4.9.patch). The process stays up, every update
// the platform was told was accepted is on record, and every reply is sent. Only this test's database is
// touched, so the rest of the suite runs on meanwhile.

const SECRET = "drops-secret-0123456789abcdef";
let emulator: Emulator;
let apiRoot: string;
useEmulatorServer((s) => ({ emulator, apiRoot } = s), { recordCalls: false });

describe.skipIf(!process.env.DATABASE_URL)("every connection dropped 20 times under load", () => {
  it("leaves the process up, every accepted update recorded and every reply sent", async () => {
    const database = await childDatabase();
    const port = await appPort();
    const app = await startApp({ ...database.env, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET }, port);
    emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
    const dbName = new URL(database.env.DATABASE_URL).pathname.slice(1);
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const reader = await database.open();
    try {
      await citizensThrough({
        emulator,
        app,
        reader,
        firstChat: 994_000,
        async trouble() {
          for (let drop = 0; drop < 20; drop++) {
            await new Promise((r) => setTimeout(r, 250));
            await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
            expect(app.child.exitCode, `Hamyar exited after drop ${drop}: ${app.stderr().slice(0, 2000)}`).toBeNull();
          }
        },
      });
    } finally {
      emulator.webhook = null;
      await reader.close().catch(() => {});
      await admin.end();
      await stopApp(app);
      await database.drop();
    }
  }, 180_000);
});
