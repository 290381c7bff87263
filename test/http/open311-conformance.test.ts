import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { asXmlText, body, childrenNamed, childText, expectErrors, get, spark, testApp } from "./open311-helpers.ts";

// Conformance with GeoReport v2 (wiki.open311.org/GeoReport_v2) and its Service Discovery page for the
// read-only resources: discovery, the service list, service definitions, and the error format.

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
  app = await testApp(database.db);
});
afterAll(async () => {
  await app.close();
});

const FORMATS = ["json", "xml"] as const;

describe("discovery", () => {
  for (const format of FORMATS) {
    it(`serves discovery.${format} with every required field and a GeoReport v2 endpoint`, async () => {
      const res = await get(app, `discovery.${format}`);
      expect(res.statusCode).toBe(200);
      const doc = format === "json" ? body(res, "json") : spark(body(res, "xml"));
      for (const field of ["changeset", "contact", "key_service"]) expect(typeof doc[field], field).toBe("string");
      expect(doc.endpoints).toHaveLength(1);
      const [endpoint] = doc.endpoints;
      expect(endpoint.specification).toBe("http://wiki.open311.org/GeoReport_v2");
      expect(endpoint.url).toMatch(/^https?:\/\/[^/]+\/open311\/v2$/);
      expect(["production", "test"]).toContain(endpoint.type);
      expect(typeof endpoint.changeset).toBe("string");
      expect(endpoint.formats).toEqual(expect.arrayContaining(["text/xml", "application/json"]));
    });
  }

  it("has the root element <discovery> and the same content in both formats", async () => {
    const xml = body(await get(app, "discovery.xml"), "xml");
    expect(xml.name).toBe("discovery");
    expect(spark(xml)).toEqual(asXmlText(body(await get(app, "discovery.json"), "json")));
  });
});

describe("GET services", () => {
  it("lists every agency topic as <agency>.<topic>, grouped by its agency, with the spec's fields and types", async () => {
    const services = body(await get(app, "services.json"), "json");
    expect(Array.isArray(services)).toBe(true);
    const hospital = services.find((s: { service_code: string }) => s.service_code === "health.hospital");
    expect(hospital).toMatchObject({ service_name: "بیمارستان‌ها و مراکز درمانی", group: "وزارت بهداشت، درمان و آموزش پزشکی", metadata: true, type: "realtime" });
    for (const s of services) {
      expect(Object.keys(s)).toEqual(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]);
      for (const f of ["service_code", "service_name", "description", "keywords", "group"]) expect(typeof s[f], `${s.service_code}.${f}`).toBe("string");
      expect(typeof s.metadata).toBe("boolean");
      expect(["realtime", "batch", "blackbox"]).toContain(s.type);
    }
    const codes = services.map((s: { service_code: string }) => s.service_code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("lists an agency without topics as one service named after the agency", async () => {
    const services = body(await get(app, "services.json"), "json");
    const interior = services.filter((s: { service_code: string }) => s.service_code.split(".")[0] === "interior");
    expect(interior).toHaveLength(1);
    expect(interior[0]).toMatchObject({ service_code: "interior", service_name: "وزارت کشور", group: "وزارت کشور" });
  });

  it("offers an agency with topics an 'other topics' service under its own code", async () => {
    const services = body(await get(app, "services.json"), "json");
    const health = services.find((s: { service_code: string }) => s.service_code === "health");
    expect(health.service_name).toContain("سایر موضوعات");
    expect(health.group).toBe("وزارت بهداشت، درمان و آموزش پزشکی");
  });

  it("serves XML with <services><service> and the same content as the JSON", async () => {
    const xml = body(await get(app, "services.xml"), "xml");
    expect(xml.name).toBe("services");
    expect(xml.children.every((c: { name: string }) => c.name === "service")).toBe(true);
    expect(childText(xml.children[0], "metadata")).toBe("true");
    expect(spark(xml)).toEqual(asXmlText(body(await get(app, "services.json"), "json")));
  });

  it("gives English names with locale=en", async () => {
    const services = body(await get(app, "services.json", { locale: "en" }), "json");
    expect(services.find((s: { service_code: string }) => s.service_code === "health.hospital")).toMatchObject({
      service_name: "Hospitals and clinics",
      group: "Ministry of Health and Medical Education",
    });
  });

  it("accepts jurisdiction_id hamyar.ir or an empty one, and answers 404 for any other, in both formats", async () => {
    expect((await get(app, "services.json", { jurisdiction_id: "hamyar.ir" })).statusCode).toBe(200);
    expect((await get(app, "services.json", { jurisdiction_id: "" })).statusCode).toBe(200);
    const [json] = expectErrors(await get(app, "services.json", { jurisdiction_id: "sfgov.org" }), 404, "json");
    expect(json).toContain("jurisdiction_id");
    expectErrors(await get(app, "services.xml", { jurisdiction_id: "sfgov.org" }), 404, "xml");
  });
});

describe("GET service definition", () => {
  for (const format of FORMATS) {
    it(`defines the kind, province and county attributes of a service (${format})`, async () => {
      const res = await get(app, `services/health.hospital.${format}`);
      expect(res.statusCode).toBe(200);
      const def = format === "json" ? body(res, "json") : spark(body(res, "xml"));
      expect(def.service_code).toBe("health.hospital");
      const byCode = Object.fromEntries(def.attributes.map((a: { code: string }) => [a.code, a]));
      const bool = (v: unknown) => (format === "json" ? v : v === "true");
      expect(bool(byCode.kind.required)).toBe(true);
      expect(byCode.kind.datatype).toBe("singlevaluelist");
      expect(byCode.kind.values.map((v: { key: string }) => v.key)).toEqual(["complaint", "request", "suggestion", "idea", "report", "appreciation"]);
      expect(bool(byCode.province_code.required)).toBe(true);
      expect(byCode.province_code.datatype).toBe("singlevaluelist");
      expect(byCode.province_code.values).toHaveLength(31);
      expect(byCode.province_code.values).toContainEqual({ key: "THR", name: "تهران" });
      expect(bool(byCode.county.required)).toBe(true);
      expect(byCode.county.datatype).toBe("string");
    });
  }

  it("gives every attribute the spec's fields, a valid datatype and a unique positive order", async () => {
    const def = body(await get(app, "services/interior.json"), "json");
    const orders = def.attributes.map((a: { order: number }) => a.order);
    expect(new Set(orders).size).toBe(orders.length);
    for (const a of def.attributes) {
      for (const f of ["variable", "code", "datatype", "required", "datatype_description", "order", "description"]) expect(a, `${a.code}.${f}`).toHaveProperty(f);
      expect(typeof a.variable).toBe("boolean");
      expect(typeof a.required).toBe("boolean");
      expect(Number.isInteger(a.order) && a.order > 0).toBe(true);
      expect(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]).toContain(a.datatype);
      if (a.datatype.endsWith("valuelist")) {
        expect(a.values.length).toBeGreaterThan(0);
        for (const v of a.values) expect(Object.keys(v).sort()).toEqual(["key", "name"]);
      }
    }
  });

  it("has the root <service_definition> with <attributes><attribute><values><value>, like the JSON", async () => {
    const xml = body(await get(app, "services/health.hospital.xml"), "xml");
    expect(xml.name).toBe("service_definition");
    const [attributes] = childrenNamed(xml, "attributes");
    expect(attributes.children.every((c: { name: string }) => c.name === "attribute")).toBe(true);
    const kind = attributes.children.find((a: any) => childText(a, "code") === "kind")!;
    expect(childrenNamed(childrenNamed(kind, "values")[0], "value")).toHaveLength(6);
    expect(spark(xml)).toEqual(asXmlText(body(await get(app, "services/health.hospital.json"), "json")));
  });

  it("answers 404 for an unknown service code, an unknown topic and a foreign jurisdiction", async () => {
    expectErrors(await get(app, "services/nosuch.json"), 404, "json");
    expectErrors(await get(app, "services/health.nosuch.xml"), 404, "xml");
    expectErrors(await get(app, "services/health.hospital.json", { jurisdiction_id: "city.gov" }), 404, "json");
  });
});

describe("errors", () => {
  it("answers an unknown resource with 404 in the spec's error format, as XML for a .xml path", async () => {
    expectErrors(await get(app, "nothing.json"), 404, "json");
    expectErrors(await get(app, "nothing.xml"), 404, "xml");
  });

  it("answers an unsupported format extension with 404 (JSON errors), for every resource", async () => {
    for (const path of ["services.html", "discovery.csv", "services/health.hospital.yaml", "services/health.hospital", "requests/123456789.txt", "tokens/abc"]) {
      const [description] = expectErrors(await get(app, path), 404, "json");
      expect(description, path).toMatch(/json|xml/);
    }
  });

  it("writes error descriptions in English with locale=en", async () => {
    const [description] = expectErrors(await get(app, "services/nosuch.json", { locale: "en" }), 404, "json");
    expect(description).toBe('service_code "nosuch" was not found; see services.json for the list.');
  });
});
