import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { createBroadcast } from "../../core/broadcasts.ts";
import type { Database } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { deliveringBot, deliveryEnded, receivedCounts, seedRecipients, stopDeliveringBot } from "../support/deliveries.ts";
import { withText } from "../support/emulator-citizen.ts";

// Answers to people who just wrote are not bulk (Telegram's ~30 messages a second is its limit for bulk
// notifications): they never wait behind an announcement, and the announcement keeps its pace while they
// go. A bot-wide 429 still holds everything, replies included, for its retry_after.

let database: Database;
let emu: Emulator;
let bot: BuiltBot | undefined;
const FIRST_RECIPIENT = 830_000;
const FIRST_WRITER = 840_000;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
});
afterEach(async () => {
  emu.setDeliverer(null);
  if (bot) await stopDeliveringBot(bot);
  bot = undefined;
  emu.close();
});

function startBot(perSecond: number): BuiltBot {
  bot = deliveringBot(database.db, emu, "replies", perSecond);
  const b = bot;
  emu.setDeliverer((update) => b.bot.handleUpdate(update));
  return b;
}

const announce = (text: string) => database.db.transaction(async (tx) => (await createBroadcast(tx, { kind: "system" }, { text, audience: { to: "citizens" }, key: text })).id);

/** Bot messages in the emulator containing `marker`, with the time each arrived. */
function arrivals(marker: string): number[] {
  const times: number[] = [];
  emu.on("update", (u: { type: string; message?: { from: string; text?: string } }) => {
    if (u.type === "message" && u.message?.from === "bot" && (u.message.text ?? "").includes(marker)) times.push(Date.now());
  });
  return times;
}

/** `n` people write /start at once; answers how long each waited for the bot's greeting. */
async function writeStart(first: number, n: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const chat = first + i;
      const seq = emu.botSeq(chat);
      await emu.sendText(chat, "/start");
      await emu.waitForBot(chat, seq, withText("همیار"), 20_000);
      return performance.now() - t0;
    }),
  );
}

describe("replies while an announcement goes out at the platform's bulk limit", () => {
  it("answers 150 people writing at once within 2 s, and the announcement still keeps 30 a second with no 429", async () => {
    await seedRecipients(database.db, emu, FIRST_RECIPIENT, 300);
    emu.faults.globalPerSecond = 30;
    emu.faults.perChatPerSecond = 1;
    startBot(30);
    await writeStart(FIRST_WRITER - 10, 5); // warm-up: first queries, first JIT
    const marker = "اطلاعیهٔ همزمان با گفتگو";
    const sent = arrivals(marker);
    const id = await announce(marker);
    // A third of the way through the announcement, 150 people write.
    while (sent.length < 100) await new Promise((r) => setTimeout(r, 20));
    const waited = await writeStart(FIRST_WRITER, 150);
    await deliveryEnded(database.db, id, 60_000);

    const slowest = Math.max(...waited);
    expect(slowest, `slowest answer ${Math.round(slowest)} ms`).toBeLessThan(2000);
    expect(receivedCounts(emu, FIRST_RECIPIENT, 300, marker)).toEqual(Array(300).fill(1));
    const seconds = (sent[sent.length - 1] - sent[0]) / 1000;
    // 300 messages at 30 a second take 10 s; within 5% on a machine to itself (10.06-10.07 s measured). CI runs
    // both suites side by side on two cores, and there the burst of 150 updates has stalled the announcement
    // by a scheduling gap of up to half a second on PostgreSQL (10.63 s, its longest gap 466 ms), and 0.6-1.2 s
    // on PGlite, whose one connection the burst shares with the announcement's claims and reservations. The
    // pace itself is measured by bench:broadcast; here the announcement must stay within 10% (PostgreSQL) or
    // 15% (PGlite) under CI, 5% otherwise.
    const within = database.kind === "pglite" ? 1.15 : process.env.CI ? 1.1 : 1.05;
    const gaps = sent.slice(1).map((t, i) => [t - sent[i], i]).sort((a, b) => b[0] - a[0]).slice(0, 8);
    expect(seconds, `the announcement took ${seconds.toFixed(2)} s; longest gaps ${JSON.stringify(gaps)}`).toBeLessThan((300 / 30) * within);
    expect(emu.refused).toEqual({ global: 0, perChat: 0, flooded: 0 });
  }, 120_000);

  it("holds replies and mass sends alike for a bot-wide 429's retry_after, and loses nothing", async () => {
    await seedRecipients(database.db, emu, FIRST_RECIPIENT, 40);
    // The platform allows 10 a second; the bot is set to 40: the first 429 comes within the first second.
    emu.faults.globalPerSecond = 10;
    startBot(40);
    const marker = "اطلاعیهٔ پرشتاب";
    const sent = arrivals(marker);
    const id = await announce(marker);
    while (emu.refused.global === 0) await new Promise((r) => setTimeout(r, 2));
    // Someone writes just as the platform asked the bot to wait a second.
    const [answeredAfter] = await writeStart(FIRST_WRITER, 1);
    await deliveryEnded(database.db, id, 60_000);

    // The reply waited out the pause (retry_after is a whole second) instead of hammering the platform.
    expect(answeredAfter).toBeGreaterThanOrEqual(900);
    expect(emu.refused.flooded, "sends refused during the pause: only those already on their way").toBeLessThan(10);
    expect(emu.messages(FIRST_WRITER).filter((m) => m.from === "bot" && (m.text ?? "").includes("همیار"))).toHaveLength(1);
    expect(receivedCounts(emu, FIRST_RECIPIENT, 40, marker)).toEqual(Array(40).fill(1));
    expect(sent).toHaveLength(40);
  }, 120_000);
});
