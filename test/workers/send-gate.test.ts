import pino from "pino";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createSendGate, GateStopped, type SendDone, type SendGate } from "../../messaging/send-gate.ts";
import { resetUserData, testDatabase, testDatabaseUrl } from "../support/database.ts";
import { busiestSecond } from "../support/deliveries.ts";

// The send gate: slots from the bot's shared budget, given to the most urgent send first.

let database: Database;
const gates: SendGate[] = [];
const logger = pino({ level: "silent" });

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});
afterEach(() => {
  for (const g of gates.splice(0)) g.stop();
});

/** The platform answers at once: the send is noted, then its window starts closing. */
const answered = (note: () => unknown) => (done: SendDone) => {
  note();
  done();
};

function gate(perSecond: number, db = database.db, bot = "telegram") {
  const g = createSendGate({ db, bot, perSecond, logger });
  gates.push(g);
  return g;
}

describe("the send gate", () => {
  it("never lets more than the rate through in any second", async () => {
    const g = gate(20);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => g.acquire(3, 1000 + i).then(answered(() => times.push(Date.now())))));
    expect(busiestSecond(times)).toBeLessThanOrEqual(20);
    // 50 at 20 a second: the last one cannot be earlier than 1.5 s after the first could go.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1400);
  });

  it("gives the next slot to a pushed notification before a waiting announcement", async () => {
    const g = gate(10);
    const order: string[] = [];
    const bulk = Array.from({ length: 12 }, (_, i) => g.acquire(3, 2000 + i).then(answered(() => order.push(`announcement ${i}`))));
    await new Promise((r) => setTimeout(r, 150));
    const push = g.acquire(1, 3000).then(answered(() => order.push("push")));
    const directive = g.acquire(2, 3001).then(answered(() => order.push("directive")));
    await Promise.all([...bulk, push, directive]);
    const at = (name: string) => order.indexOf(name);
    // Behind at most the slots already handed out when they arrived (a fraction of a second's worth).
    expect(at("push")).toBeLessThan(5);
    expect(at("directive")).toBe(at("push") + 1);
  });

  it("keeps one chat to one message a second", async () => {
    const g = gate(100);
    const times: number[] = [];
    await Promise.all([0, 1, 2].map(() => g.acquire(3, 4000).then(answered(() => times.push(Date.now())))));
    times.sort((a, b) => a - b);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(990);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(990);
  });

  it("sends a reply at once even when this second's mass sends are used up, and takes no slot from them", async () => {
    const g = gate(10);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => g.acquire(3, 5000 + i).then(answered(() => times.push(Date.now())))));
    const before = Date.now();
    for (let i = 0; i < 20; i++) (await g.reply(5100 + i))();
    expect(Date.now() - before).toBeLessThan(50);
    // Twenty replies later the next announcement still waits only for its own second, not two more.
    const start = Date.now();
    await g.acquire(3, 5200).then(answered(() => times.push(Date.now())));
    expect(Date.now() - start).toBeLessThan(1300);
  });

  it("makes a mass send to a chat that just got a reply wait for that chat's second", async () => {
    const g = gate(100);
    (await g.reply(5300))();
    const repliedAt = Date.now();
    await g.acquire(3, 5300).then(answered(() => {}));
    expect(Date.now() - repliedAt).toBeGreaterThanOrEqual(990);
  });

  it("counts a send until a second after the platform answered it, so late answers slow it down instead of a 429", async () => {
    const g = gate(5);
    // The platform is slow: the first five answers come together, half a second after the last one left.
    const slow = await Promise.all(Array.from({ length: 5 }, (_, i) => g.acquire(3, 10_000 + i)));
    let answeredAt = 0;
    setTimeout(() => {
      answeredAt = Date.now();
      slow.forEach((done) => done());
    }, 500);
    const sixth = await g.acquire(3, 10_010);
    sixth();
    // The platform may have counted them as late as their answers: the sixth waits a second past those.
    expect(answeredAt).toBeGreaterThan(0);
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(990);
  });

  it("holds replies during a pause the platform asked for, then sends them before waiting mass sends", async () => {
    const g = gate(50);
    g.pause(600);
    const order: string[] = [];
    const start = Date.now();
    const bulk = g.acquire(3, 11_100).then(answered(() => order.push("announcement")));
    const reply = g.reply(11_200).then(answered(() => order.push("reply")));
    await Promise.all([bulk, reply]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(550);
    expect(order[0]).toBe("reply");
  });

  it("holds everything during a pause the platform asked for", async () => {
    const g = gate(50);
    g.pause(800);
    expect(g.pausedForMs()).toBeGreaterThan(700);
    const start = Date.now();
    await g.acquire(1, 7000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(750);
  });

  it("shares the pause and the budget with another instance of the same bot", async () => {
    const url = testDatabaseUrl();
    const other = url ? await import("../../db/client.ts").then((m) => m.openDatabase({ databaseUrl: url, dataDir: "" })) : database;
    try {
      const a = gate(20);
      const b = gate(20, other.db);
      const times: number[] = [];
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire(3, 8000 + i).then(answered(() => times.push(Date.now())))));
      // Two instances, one budget of 20 a second: 40 sends need about two seconds, not one.
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1500);
      a.pause(700);
      await new Promise((r) => setTimeout(r, 100));
      const start = Date.now();
      await b.acquire(1, 9000);
      expect(Date.now() - start).toBeGreaterThanOrEqual(450);
    } finally {
      if (other !== database) await other.close();
    }
  });

  it("answers waiting sends with GateStopped when it stops", async () => {
    const g = gate(1);
    await g.acquire(3, 1);
    const waiting = g.acquire(3, 2);
    g.stop();
    await expect(waiting).rejects.toBeInstanceOf(GateStopped);
  });
});
