import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, type EmuMessage } from "../../bot/emulator/emulator.ts";
import { periodName, recentPeriods } from "../../core/jalali-periods.ts";
import { migrateDatabase, openDatabase, type Database } from "../../db/client.ts";
import { seedReferenceData } from "../../db/seed.ts";
import { emulatedBot } from "../support/emulated-bot.ts";
import { EmulatorCitizen } from "../support/emulator-citizen.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";

// On the embedded default (one PGlite connection for everything), an admin's /stats and /export read a
// year of cases, draw a chart and build a spreadsheet. None of that announces anything, so it runs after the
// step's commit, in the chat sender (flows/later.ts), not inside the update's transaction: the citizens
// filling in their forms meanwhile keep getting each answer within a second.

const ADMIN = 993_000;
const CITIZENS = 20;
// A second on a machine to itself (the bar; it holds alone). CI runs the PGlite and PostgreSQL suites
// side by side on two cores, where this test's slowest answer has been 1.2 s (1202-1211 ms for the last five)
// while the other suite held a core: 1.5 s there. bench:ingest measures the pace itself.
const STEP_LIMIT_MS = process.env.CI ? 1500 : 1000;
let embedded: Database;

beforeAll(async () => {
  embedded = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(embedded);
  await seedReferenceData(embedded.db);
  const periods = recentPeriods(new Date());
  await seedQuarterOfCases(embedded.db, { from: periods.thisYear.from, to: new Date(), cases: 20_000, tag: "year" });
}, 120_000);
afterAll(async () => {
  await embedded?.close();
});

/** A citizen whose every step is timed from the update to the bot's answer. */
class TimedCitizen extends EmulatorCitizen {
  readonly waits: number[] = [];
  override async step(act: () => Promise<unknown>, expect: (m: EmuMessage) => boolean): Promise<EmuMessage> {
    const t0 = performance.now();
    const reply = await super.step(act, expect);
    this.waits.push(performance.now() - t0);
    return reply;
  }
}

const hasPhoto = (m: EmuMessage) => !!m.photo;
const hasDocument = (m: EmuMessage) => !!m.document;

describe("an admin's /stats and /export while 20 citizens file complaints, on PGlite", () => {
  it("leave every citizen's answer within a second, and still arrive", async () => {
    const emu = new Emulator();
    const { bot, sender } = emulatedBot(embedded.db, emu, { instanceId: "figures", adminIds: [ADMIN] });
    emu.setDeliverer((update) => bot.handleUpdate(update));
    try {
      const admin = new EmulatorCitizen(emu, ADMIN, 60_000);
      const thisMonth = periodName(recentPeriods(new Date()).thisYear, "fa");
      await admin.say("/start", "همیار");
      // Warm-up: the first figures, chart and spreadsheet of the process (JIT, fonts) are not the point here.
      await admin.step(() => emu.sendText(ADMIN, "/stats"), hasPhoto);
      let filing = true;
      let rounds = 0;
      const adminAtWork = (async () => {
        while (filing) {
          await admin.step(() => emu.sendText(ADMIN, "/stats"), hasPhoto);
          await admin.step(() => emu.sendText(ADMIN, "/export"), (m) => m.reply_markup?.inline_keyboard !== undefined);
          await admin.tap("پرونده‌ها", (m) => (m.text ?? "").includes("کدام دوره"));
          await admin.tap(thisMonth, hasDocument);
          rounds++;
        }
      })();
      const citizens = Array.from({ length: CITIZENS }, (_, i) => new TimedCitizen(emu, 994_000 + i, 10_000));
      try {
        await Promise.all(citizens.map((c) => c.fillComplaint()));
      } finally {
        filing = false;
        await adminAtWork;
      }
      const waits = citizens.flatMap((c) => c.waits).sort((a, b) => a - b);
      expect(rounds, "the admin's figures and spreadsheets kept coming").toBeGreaterThanOrEqual(1);
      expect(waits.length).toBe(CITIZENS * 14);
      expect(waits.at(-1)!, `slowest answers: ${waits.slice(-5).map(Math.round).join(", ")} ms`).toBeLessThan(STEP_LIMIT_MS);
    } finally {
      emu.setDeliverer(null);
      await sender.stop();
      await emu.close();
    }
  }, 180_000);
});
