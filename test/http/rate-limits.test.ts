import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/client.ts";
import { appWithWebhook, WEBHOOK_SECRET } from "../support/app.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf } from "./api-v1-fixtures.ts";
import { BASE, expectErrors } from "./open311-helpers.ts";

// The request budgets of API v1 and Open311 (handlers/http/rate-limits.ts), each app with its own count.

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});
afterEach(() => {
  vi.useRealTimers();
});

const BAD_KEY = { authorization: "Bearer hmy_thisKeyWasNeverIssuedToAnyone0000" };

async function times(n: number, request: () => Promise<LightMyRequestResponse>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await request()).statusCode);
  return statuses;
}

/** Retry-After is whole seconds within the one-minute window. */
function expectRetryAfter(res: LightMyRequestResponse): void {
  const seconds = Number(res.headers["retry-after"]);
  expect(Number.isInteger(seconds), String(res.headers["retry-after"])).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

describe("an API key's budget on API v1", () => {
  it("answers 429 with Retry-After and the JSON error once the key has spent its requests of the minute", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 3, authFailuresPerMinute: 10 } });
    const key = await bearer(database.db, "tamin");
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ url: "/v1/cases", headers: key });
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-ratelimit-limit"]).toBe("3");
      remaining.push(res.headers["x-ratelimit-remaining"]);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await app.inject({ url: "/v1/cases", headers: key });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["content-type"]).toContain("application/json");
    expectRetryAfter(refused);
    const error = errorOf(refused);
    expect(error.code).toBe("rate_limited");
    expect(error.message).toContain("more than 3 requests in a minute");
    expect(error.message).toContain(`retry after ${refused.headers["retry-after"]} s`);
  });

  it("gives every key its own budget: one key's burst leaves another key of the same address alone", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 2, authFailuresPerMinute: 10 } });
    const busy = await bearer(database.db, "tamin");
    const quiet = await bearer(database.db, "tamin");
    expect(await times(3, () => app.inject({ url: "/v1/cases", headers: busy }))).toEqual([200, 200, 429]);
    expect(await times(2, () => app.inject({ url: "/v1/cases", headers: quiet }))).toEqual([200, 200]);
  });

  it("gives the budget back when the minute is over", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
    const app = await apiApp(database.db, { rateLimit: { perMinute: 1, authFailuresPerMinute: 10 } });
    const key = await bearer(database.db, "tamin");
    expect(await times(2, () => app.inject({ url: "/v1/cases", headers: key }))).toEqual([200, 429]);
    vi.setSystemTime(new Date("2026-12-01T10:01:01Z"));
    expect((await app.inject({ url: "/v1/cases", headers: key })).statusCode).toBe(200);
  });

  it("counts a request the key's scope refuses, which still had the key checked", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 2, authFailuresPerMinute: 10 } });
    const readOnly = await bearer(database.db, "tamin", ["cases:read"]);
    expect(await times(3, () => app.inject({ url: "/v1/surveys", headers: readOnly }))).toEqual([403, 403, 429]);
  });
});

describe("failed authentications on API v1", () => {
  it("are refused with 429 past a much smaller budget per address, while a valid key from that address keeps working", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 100, authFailuresPerMinute: 5 } });
    const good = await bearer(database.db, "tamin");
    expect(await times(5, () => app.inject({ url: "/v1/cases", headers: BAD_KEY }))).toEqual([401, 401, 401, 401, 401]);
    const refused = await app.inject({ url: "/v1/cases", headers: BAD_KEY });
    expect(refused.statusCode).toBe(429);
    expectRetryAfter(refused);
    expect(errorOf(refused).code).toBe("too_many_auth_failures");
    // No key at all is a failure too.
    expect((await app.inject({ url: "/v1/cases" })).statusCode).toBe(429);
    expect(await times(3, () => app.inject({ url: "/v1/cases", headers: good }))).toEqual([200, 200, 200]);
  });

  it("are counted per client address: X-Forwarded-For names it only with TRUST_PROXY", async () => {
    const from = (ip: string) => ({ ...BAD_KEY, "x-forwarded-for": ip });
    const behindProxy = await apiApp(database.db, { trustProxy: true, rateLimit: { perMinute: 100, authFailuresPerMinute: 2 } });
    expect(await times(3, () => behindProxy.inject({ url: "/v1/cases", headers: from("203.0.113.7") }))).toEqual([401, 401, 429]);
    expect((await behindProxy.inject({ url: "/v1/cases", headers: from("203.0.113.8") })).statusCode).toBe(401);

    // Without TRUST_PROXY the header is the client's own claim: changing it does not buy new attempts.
    const direct = await apiApp(database.db, { rateLimit: { perMinute: 100, authFailuresPerMinute: 2 } });
    const statuses = [];
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) statuses.push((await direct.inject({ url: "/v1/cases", headers: from(ip) })).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe("turning the limits off", () => {
  it("with 0 for a budget, that budget never refuses while the other still does", async () => {
    const key = await bearer(database.db, "tamin");
    const noFailureLimit = await apiApp(database.db, { rateLimit: { perMinute: 2, authFailuresPerMinute: 0 } });
    expect(new Set(await times(30, () => noFailureLimit.inject({ url: "/v1/cases", headers: BAD_KEY })))).toEqual(new Set([401]));
    expect(await times(3, () => noFailureLimit.inject({ url: "/v1/cases", headers: key }))).toEqual([200, 200, 429]);

    const noKeyLimit = await apiApp(database.db, { rateLimit: { perMinute: 0, authFailuresPerMinute: 2 } });
    const ok = await times(30, () => noKeyLimit.inject({ url: "/v1/cases", headers: key }));
    expect(new Set(ok)).toEqual(new Set([200]));
    expect((await noKeyLimit.inject({ url: "/v1/cases", headers: key })).headers["x-ratelimit-limit"]).toBeUndefined();
    expect(await times(3, () => noKeyLimit.inject({ url: "/v1/cases", headers: BAD_KEY }))).toEqual([401, 401, 429]);
  });
});

describe("the budgets on Open311", () => {
  it("answer 429 in the GeoReport v2 error format, JSON or XML by the URL, after a burst of bad api_keys", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 100, authFailuresPerMinute: 2 } });
    const url = (ext: string, locale = "fa") => `${BASE}/requests.${ext}?api_key=hmy_thisKeyWasNeverIssuedToAnyone0000&locale=${locale}`;
    expect(await times(2, () => app.inject({ url: url("json") }))).toEqual([403, 403]);
    const json = await app.inject({ url: url("json") });
    expectRetryAfter(json);
    const [fa] = expectErrors(json, 429, "json");
    expect(fa).toContain("api_key نامعتبر");
    expect(fa).toContain("۲"); // the limit, in Persian digits
    const [en] = expectErrors(await app.inject({ url: url("xml", "en") }), 429, "xml");
    expect(en).toContain("More than 2 requests with a missing or invalid api_key came from your address in a minute");
  });

  it("share each key's budget with API v1: a key has one budget, whichever API it calls", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 2, authFailuresPerMinute: 10 } });
    const key = await bearer(database.db, "tamin");
    expect(await times(2, () => app.inject({ url: "/v1/cases", headers: key }))).toEqual([200, 200]);
    const refused = await app.inject({ url: `${BASE}/requests.json?locale=en`, headers: key });
    expectRetryAfter(refused);
    expect(expectErrors(refused, 429, "json")[0]).toContain("This api_key made more than 2 requests in a minute");
  });

  it("count the resources that take no api_key per client address", async () => {
    const app = await apiApp(database.db, { rateLimit: { perMinute: 2, authFailuresPerMinute: 10 } });
    expect(await times(2, () => app.inject({ url: `${BASE}/services.json` }))).toEqual([200, 200]);
    const refused = await app.inject({ url: `${BASE}/discovery.xml?locale=en` });
    expectRetryAfter(refused);
    expect(expectErrors(refused, 429, "xml")[0]).toContain("More than 2 requests in a minute came from your address");
  });
});

describe("what the budgets leave alone", () => {
  it("never answers the platform's webhook, the health checks or the API document with 429", async () => {
    const h = new BotHarness(database.db);
    const app = await appWithWebhook(database.db, h, undefined, { rateLimit: { perMinute: 1, authFailuresPerMinute: 1 } });
    const updates = await times(5, () =>
      app.inject({ method: "POST", url: "/webhook/telegram", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET }, payload: h.messageUpdate(7001, { text: "سلام" }) }),
    );
    expect(updates).toEqual([200, 200, 200, 200, 200]);
    // A wrong secret is the webhook's own 401, however often.
    const wrong = await times(5, () => app.inject({ method: "POST", url: "/webhook/telegram", headers: { "x-telegram-bot-api-secret-token": "wrong-secret-but-long-enough" }, payload: {} }));
    expect(wrong).toEqual([401, 401, 401, 401, 401]);
    for (const url of ["/healthz", "/readyz", "/openapi.json"]) expect(await times(3, () => app.inject({ url })), url).toEqual([200, 200, 200]);
    // The same app does limit its API.
    expect(await times(2, () => app.inject({ url: "/v1/cases", headers: BAD_KEY }))).toEqual([401, 429]);
  });
});
