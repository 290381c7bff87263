import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

// API v1's HTTP contract beyond each route's own logic: the methods a path serves, the body types a
// route reads, and the statuses /openapi.json declares for each route.

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});

/** [a path of each API v1 route, the methods it serves, a method it does not]. */
const PATHS = [
  ["/v1/cases", "GET, HEAD", "DELETE"],
  ["/v1/cases/123456782", "GET, HEAD", "PUT"],
  ["/v1/cases/123456782/events", "POST", "GET"],
  ["/v1/attachments/1", "GET, HEAD", "POST"],
  ["/v1/surveys", "GET, HEAD", "PATCH"],
  ["/v1/webhook-deliveries", "GET, HEAD", "POST"],
  ["/v1/webhook-deliveries/1/retry", "POST", "DELETE"],
] as const;

describe("a method a path does not serve", () => {
  it.each(PATHS)("%s answers %s in Allow and 405 to %s", async (url, allow, method) => {
    const res = await app.inject({ method, url, headers: await bearer(database.db, "tamin") });
    expect(res.statusCode, res.body).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(errorOf(res)).toEqual({ code: "method_not_allowed", message: `${method} is not served on this path; it serves ${allow}.` });
  });

  it("answers 405 without a key and before reading the body, and 404 still for a path API v1 does not have", async () => {
    const res = await app.inject({ method: "PUT", url: "/v1/cases/123456782/events", headers: { "content-type": "text/plain" }, payload: "not json" });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("POST");
    expect(errorOf(res).code).toBe("method_not_allowed");
    const unknown = await app.inject({ method: "DELETE", url: "/v1/nothing-here", headers: await bearer(database.db, "tamin") });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe("not_found");
  });
});

describe("a body that is not JSON", () => {
  it.each(["text/plain", "text/plain; charset=utf-8", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "of type %s answers 415 with the JSON error saying to send application/json",
    async (type) => {
      const key = await bearer(database.db, "tamin");
      const { code } = await makeCase(database.db, { agency: "tamin" });
      const res = await app.inject({
        method: "POST",
        url: `/v1/cases/${code}/events`,
        headers: { ...key, "content-type": type },
        payload: JSON.stringify({ event_id: "crm-415", type: "status", status: "in_progress" }),
      });
      expect(res.statusCode, res.body).toBe(415);
      expect(res.headers["content-type"]).toContain("application/json");
      expect(errorOf(res)).toEqual({ code: "unsupported_media_type", message: `Content-Type ${type.split(";")[0]} is not accepted; send the body as JSON with Content-Type: application/json.` });
    },
  );

  it("is refused on the retry route too, which takes no body", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/webhook-deliveries/1/retry", headers: { ...(await bearer(database.db, "tamin")), "content-type": "text/plain" }, payload: "now" });
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).code).toBe("unsupported_media_type");
  });

  it("is refused without a Content-Type, while the same body as application/json is taken", async () => {
    const key = await bearer(database.db, "tamin");
    const { code } = await makeCase(database.db, { agency: "tamin" });
    const payload = JSON.stringify({ event_id: "crm-json", type: "status", status: "in_progress" });
    const untyped = await app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers: key, payload: Buffer.from(payload) });
    expect(untyped.statusCode, untyped.body).toBe(415);
    expect(errorOf(untyped).message).toBe("A body without Content-Type is not accepted; send the body as JSON with Content-Type: application/json.");
    const json = await app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers: { ...key, "content-type": "application/json; charset=utf-8" }, payload });
    expect(json.statusCode, json.body).toBe(201);
  });
});

// Every route can answer 401/403 (its key), 429 (a budget), 500 and 503 (the database); the rest are its own.
const ALWAYS = ["401", "403", "429", "500", "503"];
const DECLARED = [
  ["get", "/v1/cases", ["200", "400"]],
  ["get", "/v1/cases/{code}", ["200", "400", "404"]],
  ["post", "/v1/cases/{code}/events", ["200", "201", "400", "404", "409", "413", "415", "422"]],
  ["get", "/v1/attachments/{id}", ["200", "400", "404"]],
  ["get", "/v1/surveys", ["200", "400"]],
  ["get", "/v1/webhook-deliveries", ["200", "400"]],
  ["post", "/v1/webhook-deliveries/{id}/retry", ["202", "400", "404", "413", "415"]],
] as const;

describe("the statuses /openapi.json declares", () => {
  it.each(DECLARED)("%s %s lists every status it can answer, each error with the ApiError body", async (method, path, own) => {
    const doc = (await app.inject({ url: "/openapi.json" })).json();
    const responses = doc.paths[path][method].responses as Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
    expect(Object.keys(responses).sort()).toEqual([...own, ...ALWAYS].sort());
    for (const [status, r] of Object.entries(responses).filter(([s]) => Number(s) >= 400)) {
      expect(r.content?.["application/json"]?.schema, `${path} ${status}`).toEqual({ $ref: "#/components/schemas/ApiError" });
    }
    // The 405 answers belong to no route: the document lists only the methods a path serves.
    const methods = Object.keys(doc.paths[path]);
    expect(methods).toEqual([method]);
  });
});
