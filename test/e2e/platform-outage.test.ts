import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import type { Database } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allSent, emulatedBot, expectDeliveredInOrder } from "../support/emulated-bot.ts";

// The platform answers 500 to every call for 30 seconds. Updates keep being handled and acknowledged —
// nothing on the update path waits for the platform — and once it is back every reply arrives, in
// order, once.

const OUTAGE_MS = 30_000;
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
});
afterAll(async () => {
  await resetUserData(database);
});

describe("a platform that answers 500 for 30 seconds", () => {
  it("gets every update acknowledged, and afterwards every reply in order, once", async () => {
    const emu = new Emulator();
    const { bot, sender } = emulatedBot(database.db, emu, { instanceId: "outage", maxSendBackoffMs: 2000 });
    let refused = 0;
    emu.setDeliverer(async (update) => {
      await bot.handleUpdate(update);
    });
    emu.on("delivery_failed", () => refused++);
    sender.startSweeping();
    try {
      emu.faults.failRate = 1;
      const chats = Array.from({ length: 10 }, (_, i) => 991_000 + i);
      const t0 = Date.now();
      await Promise.all(chats.flatMap((c) => ["/start", "/help", "سلام", "/mycases", "/help"].map((text) => emu.sendText(c, text))));
      // Every update was taken at the first attempt, while the platform refused everything.
      expect(refused).toBe(0);
      expect(Date.now() - t0).toBeLessThan(OUTAGE_MS);
      expect(chats.every((c) => emu.messages(c).every((m) => m.from === "user"))).toBe(true);
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - t0))));
      emu.faults.failRate = 0;
      await allSent(database.db, "telegram", 30_000);
      await sender.idle();
      for (const c of chats) await expectDeliveredInOrder(database.db, emu, "telegram", c);
    } finally {
      emu.setDeliverer(null);
      await sender.stop();
      await emu.close();
    }
  }, 120_000);
});
