import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import { migrateDatabase, openDatabase, type Database } from "../../db/client.ts";
import { redactUrl } from "../../logger.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { appWithWebhook, capturingLogger, WEBHOOK_SECRET } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp } from "./api-v1-fixtures.ts";

// The failure paths an operator's logs see most, at LOG_LEVEL=debug: no line may hold the bot token,
// the webhook secret or an API key, however the error or the request carried them.

const BOT_TOKEN = "123456:TEST-token"; // the harness's token (test/support/bot-harness.ts)
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
});
afterAll(async () => {
  await resetUserData(database);
});

describe("log lines on failure paths", () => {
  it("hold no bot token or webhook secret when the database is down during an update", async () => {
    const broken = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(broken);
    const h = new BotHarness(broken.db);
    const { logger, lines } = capturingLogger();
    const app = await appWithWebhook(broken.db, h, logger, { waitForReplies: false });
    await broken.close();
    const update = h.messageUpdate(6101, { text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    const res = await app.inject({ method: "POST", url: "/webhook/telegram", payload: update as object, headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } });
    expect(res.statusCode).toBe(503);
    const all = lines.join("\n");
    expect(all).toContain("update not handled now");
    expect(all).toContain(String(update.update_id));
    expect(all).not.toContain("TEST-token");
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(WEBHOOK_SECRET);
    await app.close();
  });

  it("hold no API key, whether refused in a header or passed in an Open311 URL", async () => {
    const { logger, lines } = capturingLogger();
    const app = await apiApp(database.db, { logger });
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "logs" });
    const wrong = `${key.slice(0, -4)}zzzz`;
    expect((await app.inject({ url: "/v1/cases", headers: { authorization: `Bearer ${wrong}` } })).statusCode).toBe(401);
    await app.inject({ url: `/open311/v2/requests.json?api_key=${encodeURIComponent(key)}&jurisdiction_id=x` });
    await app.inject({ url: `/open311/v2/requests.json?api_key=${encodeURIComponent(wrong)}` });
    const all = lines.join("\n");
    expect(all).toContain('"url":"/open311/v2/requests.json","query":["api_key","jurisdiction_id"]');
    expect(all).not.toContain(key);
    expect(all).not.toContain(wrong);
    await app.close();
  });

  it("hold no secret a client put in the wrong place: a key as ?k=, the dashboard's token after a slash, a webhook secret in the path", async () => {
    const { logger, lines } = capturingLogger();
    const h = new BotHarness(database.db);
    const app = await appWithWebhook(database.db, h, logger);
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "misplaced" });
    const dashboardToken = "dT0k3n-one-time-4b8e21c9a7f0";
    await app.inject({ url: `/v1/cases?k=${encodeURIComponent(key)}` });
    await app.inject({ url: `/v1/cases?${encodeURIComponent(key)}` }); // the key as a parameter's name
    await app.inject({ url: `/dashboard/open/?t=${dashboardToken}` });
    const update = h.messageUpdate(6102, { text: "/start" });
    const refused = await app.inject({ method: "POST", url: `/webhook/telegram/${WEBHOOK_SECRET}`, payload: update as object });
    expect(refused.statusCode).toBe(404);
    const all = lines.join("\n");
    // The route's pattern and the parameters' names are logged, never what they held.
    expect(all).toContain('"url":"/v1/cases","query":["k"]');
    expect(all).toContain('"url":"(no route)","query":["t"]');
    for (const secret of [key, key.slice(4, 24), dashboardToken, WEBHOOK_SECRET]) expect(all).not.toContain(secret);
    await app.close();
  });
});

describe("redactUrl", () => {
  it("hides keys, tokens, secrets and passwords in query strings, Bale's secret path and a token in a Bot API path", () => {
    expect(redactUrl("/open311/v2/requests.json?api_key=abc&jurisdiction_id=ir")).toBe("/open311/v2/requests.json?api_key=***&jurisdiction_id=ir");
    expect(redactUrl("/x?Token=1&access_token=2&client_secret=3&password=4&page=2")).toBe("/x?Token=***&access_token=***&client_secret=***&password=***&page=2");
    expect(redactUrl("/webhook/bale/s3cret-value")).toBe("/webhook/bale/***");
    expect(redactUrl("https://api.telegram.org/bot123:AbC_d-e/sendMessage")).toBe("https://api.telegram.org/bot***/sendMessage");
  });
});
