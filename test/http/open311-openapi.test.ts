import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { testDatabase } from "../support/database.ts";
import { testApp } from "./open311-helpers.ts";

// The Open311 routes in /openapi.json: each with its parameters, its body, its answer in the format(s)
// it serves and the spec's error list for each error status — not a stub with a summary only.

let database: Database;
let app: FastifyInstance;
let paths: Record<string, Record<string, Operation>>;

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string; description?: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: unknown }> }>;
}

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database.db);
  const doc = (await app.inject({ url: "/openapi.json" })).json();
  paths = doc.paths;
});
afterAll(async () => {
  await app.close();
});

const P = "/open311/v2";
const query = (op: Operation) => (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
const ERRORS_REF = { $ref: "#/components/schemas/Open311Errors" };

/** [method, path, the formats it answers in, the error statuses it documents]: 429 on every route (a request budget). */
const ROUTES: [string, string, string[], string[]][] = [
  ["get", `${P}/discovery.json`, ["application/json"], ["429"]],
  ["get", `${P}/discovery.xml`, ["text/xml"], ["429"]],
  ["get", `${P}/services.json`, ["application/json"], ["404", "429", "500", "503"]],
  ["get", `${P}/services.xml`, ["text/xml"], ["404", "429", "500", "503"]],
  ["get", `${P}/services/{file}`, ["application/json", "text/xml"], ["404", "429", "500", "503"]],
  ["post", `${P}/requests.json`, ["application/json"], ["400", "403", "404", "429", "500", "503"]],
  ["post", `${P}/requests.xml`, ["text/xml"], ["400", "403", "404", "429", "500", "503"]],
  ["get", `${P}/requests.json`, ["application/json"], ["400", "403", "404", "429", "500", "503"]],
  ["get", `${P}/requests.xml`, ["text/xml"], ["400", "403", "404", "429", "500", "503"]],
  ["get", `${P}/requests/{file}`, ["application/json", "text/xml"], ["403", "404", "429", "500", "503"]],
  ["get", `${P}/tokens/{file}`, ["application/json", "text/xml"], ["404", "429", "500", "503"]],
  ["get", `${P}/servicerequestupdates.json`, ["application/json"], ["400", "403", "404", "429", "500", "503"]],
  ["get", `${P}/servicerequestupdates.xml`, ["text/xml"], ["400", "403", "404", "429", "500", "503"]],
  ["post", `${P}/servicerequestupdates.json`, ["application/json"], ["400", "403", "404", "429", "500", "503"]],
  ["post", `${P}/servicerequestupdates.xml`, ["text/xml"], ["400", "403", "404", "429", "500", "503"]],
];

describe("the Open311 routes in /openapi.json", () => {
  it("lists every Open311 route, servicerequestupdates included, and nothing else under /open311", () => {
    const listed = Object.entries(paths)
      .filter(([p]) => p.startsWith(P))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(listed.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
  });

  it("documents each answer in the formats the route serves, and each error status with the spec's error list", () => {
    for (const [method, path, formats, errors] of ROUTES) {
      const op = paths[path][method];
      expect(op.summary, path).toBeTruthy();
      expect(Object.keys(op.responses["200"].content ?? {}).sort(), `${method} ${path} 200`).toEqual([...formats].sort());
      expect(Object.keys(op.responses).filter((c) => c !== "200").sort(), `${method} ${path}`).toEqual(errors);
      for (const code of errors) {
        const answer = op.responses[code];
        expect(answer.description, `${path} ${code}`).toBeTruthy();
        if (formats.includes("application/json")) expect(answer.content!["application/json"].schema, `${path} ${code}`).toEqual(ERRORS_REF);
        if (formats.includes("text/xml")) expect(JSON.stringify(answer.content!["text/xml"].schema), `${path} ${code}`).toContain("<errors><error>");
      }
    }
  });

  it("describes the query parameters of each GET, with the path's {file} parameter", () => {
    expect(query(paths[`${P}/requests.json`].get)).toEqual(["api_key", "service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id", "locale"]);
    expect(query(paths[`${P}/servicerequestupdates.xml`].get)).toEqual(["api_key", "start_date", "end_date", "jurisdiction_id", "locale"]);
    expect(query(paths[`${P}/services.json`].get)).toEqual(["jurisdiction_id", "locale"]);
    for (const path of [`${P}/services/{file}`, `${P}/requests/{file}`, `${P}/tokens/{file}`]) {
      expect(paths[path].get.parameters!.find((p) => p.in === "path" && p.name === "file"), path).toBeTruthy();
    }
    for (const op of [paths[`${P}/requests.json`].get, paths[`${P}/servicerequestupdates.json`].get]) {
      expect(op.parameters!.find((p) => p.name === "start_date")!.description).toContain("whole seconds");
    }
  });

  it("describes the bodies of the POSTs: form, multipart with media files, or JSON; required fields marked", () => {
    const filing = paths[`${P}/requests.json`].post.requestBody!.content;
    expect(Object.keys(filing).sort()).toEqual(["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    const fields = filing["multipart/form-data"].schema;
    expect(Object.keys(fields.properties!)).toEqual(expect.arrayContaining(["api_key", "service_code", "lat", "long", "description", "attribute[kind]", "attribute[province_code]", "attribute[county]", "media_url", "media"]));
    expect(fields.required).toEqual(expect.arrayContaining(["service_code", "description", "attribute[kind]"]));
    expect(fields.properties!.media).toMatchObject({ type: "array", items: { format: "binary" } });
    const comment = paths[`${P}/servicerequestupdates.xml`].post.requestBody!.content["application/x-www-form-urlencoded"].schema;
    expect(Object.keys(comment.properties!)).toEqual(expect.arrayContaining(["api_key", "service_request_id", "description", "update_id", "status", "updated_datetime", "media_url"]));
    expect(comment.required).toEqual(["service_request_id", "description"]);
  });
});
