import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { createBroadcast } from "../../core/broadcasts.ts";
import { claimRecipients } from "../../messaging/delivery-queue.ts";
import type { Database } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { busiestSecond, deliveringBot, deliveryEnded, receivedCounts, seedRecipients, stopDeliveringBot } from "../support/deliveries.ts";

// The delivery sender against the emulator: every recipient once, at the bot's pace, through 429s, 403s,
// platform errors, a cancel, a sender that died holding claims, and two instances on one database.

let database: Database;
let emu: Emulator;
let bots: BuiltBot[] = [];
const ADMIN = { kind: "system" } as const;
const FIRST = 810_000;
const sendTimes: number[] = [];

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
  sendTimes.length = 0;
  emu.on("update", (u: { type: string; message?: { from: string } }) => {
    if (u.type === "message" && u.message?.from === "bot") sendTimes.push(Date.now());
  });
});
afterEach(async () => {
  for (const b of bots) await stopDeliveringBot(b);
  bots = [];
  emu.close();
});

function startBot(instanceId: string, perSecond: number, db = database.db): BuiltBot {
  const b = deliveringBot(db, emu, instanceId, perSecond);
  bots.push(b);
  return b;
}

async function announce(text: string, key = text): Promise<number> {
  return database.db.transaction(async (tx) => (await createBroadcast(tx, ADMIN, { text, audience: { to: "citizens" }, key })).id);
}

const recipientStates = async (id: number) =>
  Object.fromEntries(rowsOf(await database.db.execute(sql`select state, count(*) as n from delivery_recipients where delivery_id = ${id} group by state`)).map((r) => [r.state, Number(r.n)]));

describe("the delivery sender", () => {
  it("sends an announcement to every citizen who opted in, once, never faster than the bot's pace", async () => {
    await seedRecipients(database.db, emu, FIRST, 60);
    await seedRecipients(database.db, emu, FIRST + 100, 5, { optIn: false });
    emu.faults.globalPerSecond = 30;
    emu.faults.perChatPerSecond = 1;
    const started = Date.now();
    startBot("a", 30);
    const id = await announce("اطلاعیهٔ آزمایشی یک");
    await deliveryEnded(database.db, id);
    expect(receivedCounts(emu, FIRST, 60, "اطلاعیهٔ آزمایشی یک")).toEqual(Array(60).fill(1));
    expect(receivedCounts(emu, FIRST + 100, 5, "اطلاعیهٔ آزمایشی یک")).toEqual(Array(5).fill(0));
    expect(emu.refused).toEqual({ global: 0, perChat: 0, flooded: 0 });
    expect(busiestSecond(sendTimes)).toBeLessThanOrEqual(30);
    // 60 messages at 30 a second cannot take less than the second 30 of them wait for.
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(await recipientStates(id)).toEqual({ sent: 60 });
  });

  it("marks a citizen who blocked the bot, counts them, and skips them next time", async () => {
    await seedRecipients(database.db, emu, FIRST, 10);
    emu.faults.blockedChats.add(FIRST + 3);
    startBot("a", 100);
    const first = await announce("اطلاعیهٔ اول");
    await deliveryEnded(database.db, first);
    expect(await recipientStates(first)).toEqual({ sent: 9, blocked: 1 });
    const [u] = rowsOf(await database.db.execute(sql`select blocked from users where platform_user_id = ${FIRST + 3}`));
    expect(u.blocked).toBe(true);
    const callsBefore = emu.refused.global;
    const second = await announce("اطلاعیهٔ دوم");
    await deliveryEnded(database.db, second);
    expect(await recipientStates(second)).toEqual({ sent: 9, blocked: 1 });
    const [d] = rowsOf(await database.db.execute(sql`select total, sent, blocked, failed from deliveries where id = ${second}`));
    expect(d).toMatchObject({ total: 10, sent: 9, blocked: 1, failed: 0 });
    expect(emu.refused.global).toBe(callsBefore);
  });

  it("obeys 429: pauses the whole bot for retry_after and still reaches everyone once", async () => {
    await seedRecipients(database.db, emu, FIRST, 40);
    // The platform allows 10 a second; the bot is set to 40: it must learn from the 429s, not hammer.
    emu.faults.globalPerSecond = 10;
    startBot("a", 40);
    const id = await announce("اطلاعیهٔ پرشتاب");
    await deliveryEnded(database.db, id);
    expect(receivedCounts(emu, FIRST, 40, "اطلاعیهٔ پرشتاب")).toEqual(Array(40).fill(1));
    // Each 429 pauses everything for a second: a handful, not one per message.
    expect(emu.refused.global).toBeGreaterThan(0);
    expect(emu.refused.global).toBeLessThan(40);
  }, 60_000);

  it("retries what the platform failed to take (5xx) until it goes, once", async () => {
    await seedRecipients(database.db, emu, FIRST, 20);
    emu.faults.failNext = 8;
    startBot("a", 100);
    const id = await announce("اطلاعیه با خطای سرور");
    await deliveryEnded(database.db, id, 90_000);
    expect(receivedCounts(emu, FIRST, 20, "اطلاعیه با خطای سرور")).toEqual(Array(20).fill(1));
    expect(await recipientStates(id)).toEqual({ sent: 20 });
  }, 120_000);

  it("stops at a cancel: nobody not yet sent gets it", async () => {
    await seedRecipients(database.db, emu, FIRST, 100);
    startBot("a", 20);
    const id = await announce("اطلاعیهٔ لغوشدنی");
    while (receivedCounts(emu, FIRST, 100, "اطلاعیهٔ لغوشدنی").reduce((a, b) => a + b, 0) < 10) await new Promise((r) => setTimeout(r, 20));
    await database.db.transaction((tx) => import("../../core/deliveries.ts").then((m) => m.cancelDelivery(tx, id)));
    const atCancel = receivedCounts(emu, FIRST, 100, "اطلاعیهٔ لغوشدنی").reduce((a, b) => a + b, 0);
    await deliveryEnded(database.db, id);
    await new Promise((r) => setTimeout(r, 500));
    const total = receivedCounts(emu, FIRST, 100, "اطلاعیهٔ لغوشدنی").reduce((a, b) => a + b, 0);
    // What was claimed at the cancel (a second at 20 a second) may still go; nothing after it.
    expect(total - atCancel).toBeLessThanOrEqual(20);
    const states = await recipientStates(id);
    expect(states.sent).toBe(total);
    expect(states.cancelled).toBe(100 - total);
  });

  it("sends again, once, what a sender that died had claimed and not recorded", async () => {
    await seedRecipients(database.db, emu, FIRST, 30);
    const id = await announce("اطلاعیهٔ پس از خرابی");
    // An instance claimed ten and died before sending or recording them.
    const held = await claimRecipients(database.db, "telegram", "a", 10, 60);
    expect(held).toHaveLength(10);
    startBot("a", 100); // restarted under the same name: takes its claims back at once
    await deliveryEnded(database.db, id);
    expect(receivedCounts(emu, FIRST, 30, "اطلاعیهٔ پس از خرابی")).toEqual(Array(30).fill(1));
  });

  it("takes over another instance's claims when their lease runs out", async () => {
    await seedRecipients(database.db, emu, FIRST, 12);
    const id = await announce("اطلاعیهٔ اجارهٔ تمام‌شده");
    await claimRecipients(database.db, "telegram", "gone", 5, 1);
    startBot("b", 100);
    await deliveryEnded(database.db, id, 20_000);
    expect(receivedCounts(emu, FIRST, 12, "اطلاعیهٔ اجارهٔ تمام‌شده")).toEqual(Array(12).fill(1));
  });

  it("shares one delivery between two instances on one database: every recipient once", async () => {
    await seedRecipients(database.db, emu, FIRST, 200);
    const second = await import("../support/database.ts").then((m) => m.testDatabaseUrl());
    const other = second ? await import("../../db/client.ts").then((m) => m.openDatabase({ databaseUrl: second, dataDir: "" })) : database;
    try {
      emu.faults.globalPerSecond = 200;
      startBot("a", 200);
      startBot("b", 200, other.db);
      const id = await announce("اطلاعیهٔ دو نمونه");
      await deliveryEnded(database.db, id);
      expect(receivedCounts(emu, FIRST, 200, "اطلاعیهٔ دو نمونه")).toEqual(Array(200).fill(1));
      // One budget for the bot, whichever instance sends.
      expect(emu.refused.global).toBe(0);
      expect(busiestSecond(sendTimes)).toBeLessThanOrEqual(200);
    } finally {
      for (const b of bots.splice(0)) await stopDeliveringBot(b);
      if (other !== database) await other.close();
    }
  });
});

describe("stopping the delivery sender", () => {
  it("hands back, unsent, what it holds while the platform has paused the bot, and stops within seconds", async () => {
    await seedRecipients(database.db, emu, FIRST, 30);
    const b = startBot("a", 10);
    const id = await announce("اطلاعیهٔ پیش از توقف");
    while (receivedCounts(emu, FIRST, 30, "اطلاعیهٔ پیش از توقف").reduce((x, y) => x + y, 0) < 3) await new Promise((r) => setTimeout(r, 20));
    b.gate.pause(30_000); // as after a 429 with retry_after 30
    const started = Date.now();
    await b.deliveries.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    const sent = receivedCounts(emu, FIRST, 30, "اطلاعیهٔ پیش از توقف").reduce((x, y) => x + y, 0);
    const states = await recipientStates(id);
    expect(states.sending ?? 0).toBe(0);
    expect(states.sent).toBe(sent);
    expect(states.pending).toBe(30 - sent);
  });
});
