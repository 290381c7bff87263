import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API_KEY_CACHE_MS, createApiKey, revokeApiKey } from "../../core/api-keys.ts";
import type { Database } from "../../db/client.ts";
import { apiKeys } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { agencyId, apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

// API v1 remembers a valid key's lookup for API_KEY_CACHE_MS per process (core/api-keys.ts). Keys are
// revoked by the CLI in another process, so this one learns of a revocation only when it looks the key
// up again: these tests move the clock (Date only; timers and I/O stay real) across that window.

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
});
afterEach(() => {
  vi.useRealTimers();
});

const listCases = (authorization: string) => app.inject({ url: "/v1/cases", headers: { authorization } });
const codesOf = (res: { json(): { data: { code: string }[] } }) => res.json().data.map((c) => c.code);

describe("API v1 key cache", () => {
  it("keeps serving a revoked key only until API_KEY_CACHE_MS after its lookup, then answers 401", async () => {
    const { id, key } = await createApiKey(database.db, { agencyCode: "tamin", name: "crm" });
    vi.useFakeTimers({ toFake: ["Date"] });
    const lookedUpAt = Date.now();
    expect((await listCases(`Bearer ${key}`)).statusCode).toBe(200);

    await revokeApiKey(database.db, id);
    vi.setSystemTime(lookedUpAt + API_KEY_CACHE_MS - 1);
    expect((await listCases(`Bearer ${key}`)).statusCode, "inside the documented window").toBe(200);

    vi.setSystemTime(lookedUpAt + API_KEY_CACHE_MS);
    const refused = await listCases(`Bearer ${key}`);
    expect(refused.statusCode).toBe(401);
    expect(errorOf(refused).code).toBe("invalid_api_key");
    vi.setSystemTime(lookedUpAt + API_KEY_CACHE_MS + 60_000);
    expect((await listCases(`Bearer ${key}`)).statusCode, "a refusal is final").toBe(401);
  });

  it("looks an unknown key up on every request instead of remembering anything about it", async () => {
    const key = `hmy_${randomBytes(24).toString("base64url")}`;
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let i = 0; i < 2; i++) {
      const res = await listCases(`Bearer ${key}`);
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).code).toBe("invalid_api_key");
    }
    // The same key stored afterwards (as createApiKey stores one: its SHA-256) works at once, with the
    // clock standing still: the refusals above left no entry behind, valid or not.
    const hash = createHash("sha256").update(key).digest("hex");
    await database.db.insert(apiKeys).values({ agencyId: await agencyId(database.db, "tamin"), name: "late", prefix: key.slice(0, 12), hash, scopes: ["cases:read"] });
    expect((await listCases(`Bearer ${key}`)).statusCode).toBe(200);
  });

  it("keeps a cached key to its own scopes", async () => {
    const readOnly = await bearer(database.db, "tamin", ["cases:read"]);
    const { code } = await makeCase(database.db, { agency: "tamin" });
    expect((await listCases(readOnly.authorization)).statusCode).toBe(200);

    const post = await app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers: readOnly, payload: { event_id: "e1", type: "status", status: "in_review" } });
    expect(post.statusCode).toBe(403);
    expect(errorOf(post).code).toBe("insufficient_scope");
  });

  it("keeps agencies apart while both keys are cached", async () => {
    const tamin = await bearer(database.db, "tamin");
    const health = await bearer(database.db, "health");
    const ours = await makeCase(database.db, { agency: "tamin" });
    const theirs = await makeCase(database.db, { agency: "health" });

    for (let round = 0; round < 2; round++) {
      expect(codesOf(await listCases(tamin.authorization)), `round ${round}`).toEqual([ours.code]);
      expect(codesOf(await listCases(health.authorization)), `round ${round}`).toEqual([theirs.code]);
    }
  });
});
