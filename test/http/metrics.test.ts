import pino from "pino";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import { apiApp } from "./api-v1-fixtures.ts";
import { appWithWebhook, WEBHOOK_SECRET } from "../support/app.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// GET /metrics as Prometheus scrapes it: off unless asked for, behind a token when the host is reachable,
// and its figures move when the bot handles updates.

let database: Database;
const TOKEN = "metrics-token-0123456789abcdef";

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

/** One sample's value from the text format, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("GET /metrics", () => {
  it("counts the updates handled and the replies queued, and shows what waits in the queues", async () => {
    const h = new BotHarness(database.db);
    const app = await appWithWebhook(database.db, h, pino({ level: "silent" }), { metrics: { token: TOKEN, embedded: true, poolSize: 1 } });
    const scrape = async () => {
      const res = await app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      return res.payload;
    };
    const before = await scrape();
    const done = sample(before, "hamyar_updates_total", 'outcome="done"');
    const queued = sample(before, "hamyar_replies_queued_total", 'platform="telegram"');
    const update = h.messageUpdate(61_001, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    const res = await app.inject({ method: "POST", url: "/webhook/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET }, payload: update });
    expect(res.statusCode).toBe(200);
    // The same update again: a redelivery, counted apart.
    await app.inject({ method: "POST", url: "/webhook/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET }, payload: update });
    const after = await scrape();
    expect(sample(after, "hamyar_updates_total", 'outcome="done"')).toBe(done + 1);
    expect(sample(after, "hamyar_updates_total", 'outcome="duplicate"')).toBeGreaterThanOrEqual(1);
    expect(sample(after, "hamyar_replies_queued_total", 'platform="telegram"')).toBeGreaterThan(queued);
    expect(sample(after, "hamyar_messages_sent_total", 'sender="chat"')).toBeGreaterThan(0);
    expect(after).toContain("hamyar_update_seconds_bucket");
    expect(after).toMatch(/hamyar_database_pool\{state="size"\} 1/);
    await app.close();
  });

  it("refuses a scrape without the token, with a JSON body", async () => {
    const h = new BotHarness(database.db);
    const app = await appWithWebhook(database.db, h, pino({ level: "silent" }), { metrics: { token: TOKEN, embedded: true, poolSize: 1 } });
    for (const authorization of [undefined, "Bearer wrong-token-0123456789abcd", TOKEN]) {
      const res = await app.inject({ url: "/metrics", headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthorized");
    }
    await app.close();
  });

  it("does not exist unless METRICS is on", async () => {
    const app = await apiApp(database.db);
    expect((await app.inject({ url: "/metrics" })).statusCode).toBe(404);
  });
});

describe("METRICS in the configuration", () => {
  it("is off by default, on loopback without a token, and needs METRICS_TOKEN on a reachable host", () => {
    expect(parseConfig({}).metrics).toBeNull();
    expect(parseConfig({ METRICS: "true" }).metrics).toEqual({ token: undefined });
    expect(() => parseConfig({ METRICS: "true", HOST: "0.0.0.0" })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS: "true", HOST: "0.0.0.0" })).toThrow(/METRICS_TOKEN/);
    expect(parseConfig({ METRICS: "true", HOST: "0.0.0.0", METRICS_TOKEN: TOKEN }).metrics).toEqual({ token: TOKEN });
    expect(() => parseConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});
