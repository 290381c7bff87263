import { afterEach, describe, expect, it } from "vitest";
import { emulatorApp, sleep, type EmulatorApp } from "./emulator-harness.ts";

// Injected faults, set directly and through PUT /faults, as the bot sees them over HTTP.

let e: EmulatorApp;
afterEach(async () => {
  await e?.app.close();
});

const a = 5301;
const b = 5302;

/** Two users the bot may write to, who have not written lately: every send to them is bulk. */
async function withUsers(): Promise<EmulatorApp> {
  const app = await emulatorApp();
  app.emu.userFor(a);
  app.emu.userFor(b);
  return app;
}

const send = (chatId: number, text = "پیام") => e.api("sendMessage", { chat_id: chatId, text });

describe("latencyMs", () => {
  it("delays every answer by at least the latency", async () => {
    e = await withUsers();
    e.emu.faults.latencyMs = 150;
    for (const call of [() => e.api("getMe"), () => send(a), () => e.api("getMe", {}, "1:wrong")]) {
      const started = performance.now();
      await call();
      // Node timers are millisecond-granular and may fire a fraction of a millisecond early.
      expect(performance.now() - started).toBeGreaterThanOrEqual(149);
    }
  });
});

describe("globalPerSecond", () => {
  it("answers 429 with retry_after once the sends of the last second reach the limit", async () => {
    e = await withUsers();
    e.emu.faults.globalPerSecond = 3;
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(200);
    expect((await send(a)).status).toBe(200);
    const limited = await send(b);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    // Calls that send nothing are not counted.
    expect((await e.api("getMe")).status).toBe(200);
    // The bot must now wait out retry_after: lifting the limit does not lift the wait it earned.
    e.emu.faults.globalPerSecond = null;
    expect((await send(b)).status).toBe(429);
  });

  it("lets exactly the limit of many concurrent sends through", async () => {
    e = await withUsers();
    e.emu.faults.globalPerSecond = 3;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });

  it("lets sends through again after the window", async () => {
    e = await withUsers();
    e.emu.faults.globalPerSecond = 1;
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(429);
    await sleep(1020);
    expect((await send(b)).status).toBe(200);
  });

  it("does not count replies to someone who wrote within the last minute", async () => {
    e = await withUsers();
    e.emu.faults.globalPerSecond = 2;
    e.emu.faults.perChatPerSecond = 1;
    const talking = 5303;
    await e.emu.sendText(talking, "سلام");
    // Five replies in a row to the person who just wrote: none is bulk, none refused.
    for (let i = 0; i < 5; i++) expect((await send(talking, `پاسخ ${i}`)).status).toBe(200);
    // And they left the bulk budget whole for two announcements.
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(200);
    expect(e.emu.refused).toEqual({ global: 0, perChat: 0, flooded: 0 });
  });

  it("counts sends as bulk again once the person has been quiet for the conversation window", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 1;
    e.emu.faults.conversationMs = 100;
    await e.emu.sendText(a, "سلام");
    expect((await send(a)).status).toBe(200);
    expect((await send(a)).status).toBe(200);
    await sleep(120);
    expect((await send(a)).status).toBe(429);
  });

  it("holds every send of the bot, replies included, for the retry_after of a bulk 429", async () => {
    e = await withUsers();
    e.emu.faults.globalPerSecond = 1;
    const talking = 5303;
    await e.emu.sendText(talking, "سلام");
    expect((await send(a)).status).toBe(200);
    const limited = await send(b);
    expect(limited.status).toBe(429);
    expect(limited.body.parameters).toEqual({ retry_after: 1 });
    // The window of bulk sends has room again long before the wait is over, and a reply waits too.
    const reply = await send(talking, "پاسخ");
    expect(reply.status).toBe(429);
    expect(e.emu.refused.flooded).toBe(1);
    await sleep(1020);
    expect((await send(talking, "پاسخ")).status).toBe(200);
  });
});

describe("perChatPerSecond", () => {
  it("answers 429 for a second message to the same chat within the window, but not for another chat", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 1;
    expect((await send(a)).status).toBe(200);
    const limited = await send(a);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    expect((await send(b)).status).toBe(200);
    expect((await e.api("sendLocation", { chat_id: a, latitude: 1, longitude: 1 })).status).toBe(429);
    expect(e.emu.messages(a).filter((m) => m.from === "bot")).toHaveLength(1);
  });

  it("lets exactly one of many concurrent sends to a chat through", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 1;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send(a, `پیام ${i}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 429, 429, 429, 429, 429]);
  });

  it("does not count a send that was refused with 400", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 1;
    expect((await send(a, "")).status).toBe(400);
    expect((await send(a)).status).toBe(200);
  });

  it("lets the chat through after the window", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 4;
    expect((await send(a)).status).toBe(200);
    expect((await send(a)).status).toBe(429);
    await sleep(260);
    expect((await send(a)).status).toBe(200);
  });

  it("asks to wait the rest of a window longer than a second", async () => {
    e = await withUsers();
    e.emu.faults.perChatPerSecond = 0.25;
    await send(a);
    const limited = await send(a);
    expect(limited.body.parameters).toEqual({ retry_after: 4 });
    expect(limited.body.description).toBe("Too Many Requests: retry after 4");
  });
});

describe("blockedChats", () => {
  it("answers 403 'bot was blocked by the user' for sends and chat actions to a blocked chat only", async () => {
    e = await withUsers();
    e.emu.faults.blockedChats.add(a);
    for (const res of [await send(a), await e.api("sendLocation", { chat_id: a, latitude: 1, longitude: 1 }), await e.api("sendChatAction", { chat_id: a, action: "typing" })]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    }
    expect((await send(b)).status).toBe(200);
    e.emu.faults.blockedChats.delete(a);
    expect((await send(a)).status).toBe(200);
  });
});

describe("failNext and failRate", () => {
  it("answers the next N calls with 500 and then succeeds", async () => {
    e = await withUsers();
    e.emu.faults.failNext = 2;
    for (let i = 0; i < 2; i++) {
      const res = await send(a);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
    }
    expect((await send(a)).status).toBe(200);
    expect(e.emu.faults.failNext).toBe(0);
    expect(e.emu.messages(a).filter((m) => m.from === "bot")).toHaveLength(1);
  });

  it("answers every call with 500 at failRate 1 and none at 0", async () => {
    e = await withUsers();
    e.emu.faults.failRate = 1;
    for (const res of [await send(a), await e.api("getMe"), await e.api("getUpdates")]) expect(res.body).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
    e.emu.faults.failRate = 0;
    expect((await send(a)).status).toBe(200);
  });
});

describe("PUT /faults", () => {
  it("sets the given faults, leaves the others, and answers them all", async () => {
    e = await withUsers();
    const res = await e.side("PUT", "/faults", { perChatPerSecond: 1, blockedChats: [b], failNext: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ faults: { latencyMs: 0, globalPerSecond: null, perChatPerSecond: 1, conversationMs: 60_000, blockedChats: [b], failNext: 1, failRate: 0 } });
    expect((await send(a)).status).toBe(500);
    expect((await send(a)).status).toBe(200);
    expect((await send(a)).status).toBe(429);
    expect((await send(b)).status).toBe(403);

    const partial = await e.side("PUT", "/faults", { latencyMs: 5 });
    expect(partial.body.faults).toMatchObject({ latencyMs: 5, perChatPerSecond: 1, blockedChats: [b] });
    const cleared = await e.side("PUT", "/faults", { perChatPerSecond: null, blockedChats: [], latencyMs: 0 });
    expect(cleared.body.faults).toMatchObject({ perChatPerSecond: null, blockedChats: [], latencyMs: 0 });
    expect((await send(b)).status).toBe(200);
  });

  it("refuses a bad body with 400 and changes nothing", async () => {
    e = await withUsers();
    for (const body of [{ latencyMs: -1 }, { latencyMs: 1.5 }, { globalPerSecond: 0 }, { perChatPerSecond: -2 }, { conversationMs: -1 }, { blockedChats: ["a"] }, { failNext: -1 }, { failRate: 2 }, { failRate: "half" }, [1, 2]]) {
      const res = await e.side("PUT", "/faults", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    }
    expect((await e.app.inject({ method: "PUT", url: "/side/faults" })).statusCode).toBe(400);
    expect(e.emu.faults).toEqual({ latencyMs: 0, globalPerSecond: null, perChatPerSecond: null, conversationMs: 60_000, blockedChats: new Set(), failNext: 0, failRate: 0 });
  });
});
