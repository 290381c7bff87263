import type { FastifyInstance } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "../../db/client.ts";
import { testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf } from "./api-v1-fixtures.ts";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});

const ROUTES = [
  ["get", "/v1/cases"],
  ["get", "/v1/cases/{code}"],
  ["post", "/v1/cases/{code}/events"],
  ["get", "/v1/attachments/{id}"],
  ["get", "/v1/surveys"],
  ["get", "/v1/webhook-deliveries"],
  ["post", "/v1/webhook-deliveries/{id}/retry"],
  ["get", "/v1/reports/monthly"],
  ["get", "/v1/reports/quarterly"],
  ["get", "/v1/reports/complaints"],
  ["get", "/v1/exports/cases"],
  ["get", "/v1/exports/surveys"],
  ["get", "/v1/exports/monthly-reports"],
  ["get", "/v1/exports/quarterly-reports"],
  ["post", "/v1/directives"],
  ["get", "/v1/directives/{id}"],
  ["post", "/v1/broadcasts"],
  ["get", "/v1/broadcasts/{id}"],
  ["post", "/v1/broadcasts/{id}/cancel"],
] as const;

describe("the OpenAPI document", () => {
  it("lists every API v1 route with its parameters, body, responses and bearer security", async () => {
    const res = await app.inject({ url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const v1 = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p.startsWith("/v1/"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => [m, p]));
    expect(v1.sort()).toEqual(ROUTES.map((r) => [...r]).sort());
    for (const [method, path] of ROUTES) {
      const op = doc.paths[path][method];
      expect(op.summary, path).toBeTruthy();
      expect(op.security, path).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(["401", "403"]));
      const ok = op.responses["200"] ?? op.responses["201"] ?? op.responses["202"];
      expect(ok.content, path).toBeTruthy();
      for (const code of Object.keys(op.responses).filter((c) => c.startsWith("4"))) {
        expect(op.responses[code].content["application/json"].schema, `${path} ${code}`).toEqual({ $ref: "#/components/schemas/ApiError" });
      }
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        expect(op.parameters.find((p: { in: string; name: string }) => p.in === "path" && `{${p.name}}` === name), `${path} ${name}`).toBeTruthy();
      }
    }
    const listParams = doc.paths["/v1/cases"].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(expect.arrayContaining(["status", "kind", "agency", "province", "county", "created_since", "updated_since", "limit", "cursor"]));
    expect(doc.paths["/v1/cases"].get.responses["200"].content["application/json"].schema.properties.data.items).toEqual({ $ref: "#/components/schemas/Case" });
    expect(doc.paths["/v1/cases/{code}/events"].post.requestBody.content["application/json"].schema).toMatchObject({ $ref: expect.stringContaining("NewCaseEvent") });
    const newEvent = Object.entries(doc.components.schemas).find(([name]) => name.startsWith("NewCaseEvent"))![1] as { oneOf: { properties: { type: { enum?: string[]; const?: string } } }[] };
    expect(newEvent.oneOf.map((o) => o.properties.type.enum?.[0] ?? o.properties.type.const).sort()).toEqual(["answer", "info_request", "referral", "status"]);
    for (const name of ["Case", "CaseDetail", "CaseEvent", "Attachment", "Survey", "SurveyResult", "WebhookDelivery", "ApiError"]) expect(doc.components.schemas[name], name).toBeTruthy();
    // Only the API is documented: not the platform webhooks, health checks or the docs themselves.
    expect(Object.keys(doc.paths).filter((p) => !/^\/(v1|open311)\//.test(p))).toEqual([]);
  });

  it("serves a browsable UI at /docs", async () => {
    const res = await app.inject({ url: "/docs" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("swagger");
    const init = await app.inject({ url: "/docs/static/swagger-initializer.js" });
    expect(init.statusCode).toBe(200);
  });
});

describe("API v1 errors", () => {
  it("answers an unknown route under /v1 with a JSON 404", async () => {
    const res = await app.inject({ url: "/v1/nothing-here", headers: await bearer(database.db, "tamin") });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe("not_found");
  });

  it("hides internals in a 500 and says 503 when the database is unreachable", async () => {
    const failing = (err: Error) =>
      new Proxy(database.db, {
        get(target, prop, receiver) {
          if (prop === "select" || prop === "execute") {
            return () => {
              throw err;
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }) as Db;
    const key = await bearer(database.db, "tamin");

    const bug = await apiApp(failing(new Error("relation \"cases\" has secret column xyz")));
    const res = await bug.inject({ url: "/v1/cases", headers: key });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "internal", message: "Internal error." } });
    await bug.close();

    const down = await apiApp(failing(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" })));
    const unavailable = await down.inject({ url: "/v1/cases", headers: key });
    expect(unavailable.statusCode).toBe(503);
    expect(errorOf(unavailable).code).toBe("temporarily_unavailable");
    expect(unavailable.body).not.toContain("10.0.0.5");
    expect(unavailable.headers["retry-after"]).toBeTruthy();
    await down.close();
  });
});
