import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { migrateDatabase, openDatabase, type Database } from "../../db/client.ts";
import { seedReferenceData } from "../../db/seed.ts";
import { emulatedBot } from "../support/emulated-bot.ts";
import { withText } from "../support/emulator-citizen.ts";

// On the embedded default (one PGlite connection for everything) with a platform that takes 300 ms to
// answer each call: 20 citizens pressing /start at once are answered together, in about one round trip,
// not one after another (which would take 20 × 300 ms = 6 s). No update holds the connection while a
// platform call is in flight.

const ROUND_TRIP_MS = 300;
let embedded: Database;

beforeAll(async () => {
  embedded = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(embedded);
  await seedReferenceData(embedded.db);
}, 60_000);
afterAll(async () => {
  await embedded?.close();
});

describe("20 citizens pressing /start at once against a platform that answers in 300 ms", () => {
  it("are all answered within about one round trip, on one PGlite connection", async () => {
    const emu = new Emulator();
    const { bot, sender } = emulatedBot(embedded.db, emu, { instanceId: "slow-platform" });
    emu.setDeliverer((update) => bot.handleUpdate(update));
    try {
      await emu.sendText(990_999, "/start"); // warm-up: first queries, first JIT
      await sender.idle();
      emu.faults.latencyMs = ROUND_TRIP_MS;
      const citizens = Array.from({ length: 20 }, (_, i) => 992_000 + i);
      const t0 = performance.now();
      const answeredAt = await Promise.all(
        citizens.map(async (c) => {
          const seq = emu.botSeq(c);
          await emu.sendText(c, "/start");
          await emu.waitForBot(c, seq, withText("همیار"), 10_000);
          return performance.now() - t0;
        }),
      );
      const last = Math.max(...answeredAt);
      // One after another would be ≥ 6 s; together it is one round trip plus the database work.
      expect(last, `answered at ${answeredAt.map((t) => Math.round(t)).join(", ")} ms`).toBeLessThan(ROUND_TRIP_MS * 5);
    } finally {
      emu.setDeliverer(null);
      await sender.stop();
      await emu.close();
    }
  }, 60_000);
});
