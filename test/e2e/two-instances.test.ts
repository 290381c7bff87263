import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { openDatabase, type Database } from "../../db/client.ts";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { resetUserData, testDatabase, testDatabaseUrl } from "../support/database.ts";
import { allSent, emulatedBot, expectDeliveredInOrder } from "../support/emulated-bot.ts";

// Two instances behind one load balancer, on one database (each with its own connection pool on
// PostgreSQL): a chat's consecutive updates land on different instances, and its replies still arrive
// in update order, each once.

let database: Database;
let second: Database | undefined;

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
  const url = testDatabaseUrl();
  if (url) second = await openDatabase({ databaseUrl: url, dataDir: "" });
});
afterAll(async () => {
  await second?.close();
});

const script = ["/start", "/help", "سلام", "/faq", "/cancel", "/help", "/start", "/mycases", "/lang", "/help"];

describe("two instances on one database", () => {
  it("deliver 50 quick chats' replies in update order, none twice, none missing", async () => {
    const emu = new Emulator();
    const a = emulatedBot(database.db, emu, { instanceId: "instance-a" });
    const b = emulatedBot(second?.db ?? database.db, emu, { instanceId: "instance-b" });
    const instances: BuiltBot[] = [a, b];
    const turn = new Map<number, number>();
    emu.setDeliverer(async (update) => {
      const chat = update.message?.chat.id ?? update.callback_query?.from.id ?? 0;
      const n = turn.get(chat) ?? 0;
      turn.set(chat, n + 1);
      await instances[n % 2].bot.handleUpdate(update);
    });
    for (const i of instances) i.sender.startSweeping();
    try {
      const chats = Array.from({ length: 50 }, (_, i) => 990_000 + i);
      // Everyone types without waiting for the bot.
      await Promise.all(chats.flatMap((c) => script.map((text) => emu.sendText(c, text))));
      await allSent(database.db, "telegram");
      await Promise.all(instances.map((i) => i.sender.idle()));
      for (const c of chats) await expectDeliveredInOrder(database.db, emu, "telegram", c);
      expect(emu.messages(chats[0]).filter((m) => m.from === "bot").length).toBeGreaterThanOrEqual(script.length);
    } finally {
      emu.setDeliverer(null);
      await Promise.all(instances.map((i) => i.sender.stop()));
      await emu.close();
    }
  }, 120_000);
});
