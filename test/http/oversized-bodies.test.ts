import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { appWithWebhook, WEBHOOK_SECRET } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// Bodies far over the limit, sent over a real connection as a client sends them (the whole body written at
// once): each is answered 413 with a JSON body that says so, not a reset connection.

let database: Database;
let app: Awaited<ReturnType<typeof appWithWebhook>>;
let port: number;

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
  app = await appWithWebhook(database.db, new BotHarness(database.db), pino({ level: "silent" }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
});

function post(path: string, bytes: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", "content-length": String(bytes), ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(Buffer.alloc(bytes, 0x20));
  });
}

describe("a body over the limit", () => {
  it("gets 413 with a JSON body at the webhook (5 MB) and at API v1 (2 MB)", async () => {
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "big" });
    const webhook = await post("/webhook/telegram", 5_000_000, { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET });
    const api = await post("/v1/cases/123456789/events", 2_000_000, { authorization: `Bearer ${key}` });
    for (const res of [webhook, api]) {
      expect(res.status, res.body).toBe(413);
      expect(JSON.parse(res.body)).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
    }
  });
});
