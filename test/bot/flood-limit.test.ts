import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// The per-chat flood limit counts what the person sends, not what the platform sends again: 25
// redeliveries of one update (retries while our database was down) leave the next real message answered.

let database: Database;
let h: BotHarness;
const citizen = 7801;
const FLOOD = "پیام‌های شما خیلی سریع می‌رسند";

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db, { flood: { limit: 5, windowSeconds: 60 } });
});

describe("the flood limit", () => {
  it("does not count redeliveries of one update", async () => {
    const update = h.messageUpdate(citizen, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    for (let i = 0; i < 25; i++) await h.send(update);
    expect(h.sent(citizen).filter((c) => String(c.payload.text).includes("همیار"))).toHaveLength(1);
    await h.text(citizen, "/help");
    expect(h.lastText(citizen)).not.toContain(FLOOD);
    expect(h.lastText(citizen)).toContain("راهنمای همیار");
  });

  it("still holds back a person who writes fast", async () => {
    for (let i = 0; i < 7; i++) await h.text(citizen, "/help");
    expect(h.lastText(citizen)).toContain(FLOOD);
  });
});
