import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { createApiKey } from "../../core/api-keys.ts";
import { migrateDatabase } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { seedReferenceData } from "../../db/seed.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { childDatabase } from "../support/database.ts";
import { receivedCounts, seedRecipients } from "../support/deliveries.ts";
import { useEmulatorServer } from "../support/emulator-server.ts";

// An announcement sent by Hamyar in a process of its own, over the API, against the emulator's flood
// limits: a citizen chatting meanwhile is answered at once, and a kill -9 half way followed by a restart
// leaves nobody without it and nobody with it twice beyond the rows claimed and not recorded at the kill.

const SECRET = "broadcast-secret-0123456789abcdef";
const RECIPIENTS = 300;
let emulator: Emulator;
let apiRoot: string;
useEmulatorServer((s) => ({ emulator, apiRoot } = s), { recordCalls: false });

async function prepare(first: number) {
  const database = await childDatabase();
  const db = await database.open();
  try {
    await migrateDatabase(db, database.env.DATABASE_URL);
    await seedReferenceData(db.db);
    await seedRecipients(db.db, emulator, first, RECIPIENTS);
    const { key } = await createApiKey(db.db, { agencyCode: null, name: "test admin" });
    return { database, key };
  } finally {
    await db.close();
  }
}

async function announce(port: number, key: string, text: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/broadcasts`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ text, audience: { to: "citizens" }, request_id: text }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const received = (first: number, text: string) => receivedCounts(emulator, first, RECIPIENTS, text);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("an announcement to many citizens", () => {
  it("leaves nobody out and sends twice at most what was in flight, after a kill -9 half way", async () => {
    const first = 660_000;
    const { database, key } = await prepare(first);
    const port = await appPort();
    const env = { ...database.env, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET, INSTANCE_ID: `broadcast-${port}`, SEND_RATE_PER_SECOND: "100" };
    emulator.faults.globalPerSecond = 100;
    emulator.faults.perChatPerSecond = 1;
    let app: AppProcess | undefined;
    try {
      app = await startApp(env, port);
      const text = `اطلاعیهٔ آزمون خرابی ${port}`;
      const id = await announce(port, key, text);
      await until("half the recipients", () => sum(received(first, text)) >= RECIPIENTS / 2);
      app.child.kill("SIGKILL");
      expect(await app.exited).toBe("SIGKILL");
      app = undefined;
      const db = await database.open();
      const [{ n: inFlight }] = rowsOf(await db.db.execute(sql`select count(*)::int as n from delivery_recipients where delivery_id = ${id} and state = 'sending'`));
      await db.close();

      app = await startApp(env, port);
      await until("the announcement to finish", async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v1/broadcasts/${id}`, { headers: { authorization: `Bearer ${key}` } });
        return ((await res.json()) as { state: string }).state === "done";
      });
      const counts = received(first, text);
      expect(counts.filter((c) => c === 0)).toHaveLength(0);
      const twice = sum(counts.map((c) => c - 1));
      expect(twice).toBeLessThanOrEqual(Number(inFlight));
      const res = await fetch(`http://127.0.0.1:${port}/v1/broadcasts/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(await res.json()).toMatchObject({ state: "done", total: RECIPIENTS, delivered: RECIPIENTS, blocked: 0, failed: 0, pending: 0 });
    } finally {
      await stopApp(app);
      await database.drop();
    }
  }, 180_000);

  it("does not hold up the answer to a citizen who writes while it is being sent", async () => {
    const first = 670_000;
    const citizen = 679_999;
    const { database, key } = await prepare(first);
    const port = await appPort();
    emulator.faults.globalPerSecond = 60;
    emulator.faults.perChatPerSecond = 1;
    emulator.userFor(citizen);
    let app: AppProcess | undefined;
    try {
      app = await startApp({ ...database.env, BOT_TOKEN: emulator.token, BOT_API_ROOT: apiRoot, BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET, SEND_RATE_PER_SECOND: "60" }, port);
      emulator.webhook = { url: `http://127.0.0.1:${port}/webhook/telegram`, secret: SECRET };
      const text = `اطلاعیهٔ آزمون اولویت ${port}`;
      await announce(port, key, text);
      await until("the announcement to be under way", () => sum(received(first, text)) >= 30);
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        const seq = emulator.botSeq(citizen);
        const t0 = Date.now();
        await emulator.sendText(citizen, "/help");
        await emulator.waitForBot(citizen, seq, () => true, 10_000);
        delays.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 1100));
      }
      // Still sending: the answers did not wait for the announcement's 300 messages at 60 a second.
      expect(sum(received(first, text))).toBeLessThan(RECIPIENTS);
      expect(Math.max(...delays)).toBeLessThan(1000);
    } finally {
      emulator.webhook = null;
      await stopApp(app);
      await database.drop();
    }
  }, 180_000);
});
