import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postAgencyEvent } from "../../core/case-events.ts";
import { open311Status, parseServiceCode, parseW3cDateTime, reporterUserId, requestWindow, subjectFromDescription } from "../../core/open311.ts";
import type { Database } from "../../db/client.ts";
import { agencyIdByCode } from "../../db/seed.ts";
import { escapeXml, toXml } from "../../handlers/http/open311/format.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { body, childText, get, keys, parseXml, post, testApp, validRequest } from "./open311-helpers.ts";

// The facade's rules on their own (dates, windows, subjects, reporter ids, statuses) and the safety of
// its XML: whatever text a case carries, the document stays well-formed and says exactly that text.

describe("w3c datetimes", () => {
  it("reads Z, ±HH:MM and bare dates, and refuses a datetime without a zone or an impossible day", () => {
    expect(parseW3cDateTime("2010-05-24T00:00:00Z")?.toISOString()).toBe("2010-05-24T00:00:00.000Z");
    expect(parseW3cDateTime("1994-11-05T08:15:30-05:00")?.toISOString()).toBe("1994-11-05T13:15:30.000Z");
    expect(parseW3cDateTime("2026-01-01T03:30+03:30")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(parseW3cDateTime("2026-01-01")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    for (const bad of ["2026-01-01T00:00:00", "2026-02-31", "2026-13-01T00:00:00Z", "yesterday", "2026-01-01T25:00:00Z"]) expect(parseW3cDateTime(bad), bad).toBeNull();
  });

  it("defaults the window to the last 90 days and extends one given end by 90 days, leaving a future end open", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const d = (s: string) => new Date(s);
    expect(requestWindow(null, null, now)).toEqual({ from: d("2026-03-03T00:00:00Z"), to: null });
    expect(requestWindow(d("2026-05-01T00:00:00Z"), null, now)).toEqual({ from: d("2026-05-01T00:00:00Z"), to: null });
    expect(requestWindow(d("2026-01-01T00:00:00Z"), null, now)).toEqual({ from: d("2026-01-01T00:00:00Z"), to: d("2026-04-01T00:00:00Z") });
    expect(requestWindow(null, d("2026-04-01T00:00:00Z"), now)).toEqual({ from: d("2026-01-01T00:00:00Z"), to: d("2026-04-01T00:00:00Z") });
    expect(requestWindow(d("2026-01-01T00:00:00Z"), d("2026-04-02T00:00:00Z"), now)).toEqual({ error: "too_wide" });
    expect(requestWindow(d("2026-02-01T00:00:00Z"), d("2026-01-01T00:00:00Z"), now)).toEqual({ error: "reversed" });
  });
});

describe("rules", () => {
  it("maps final statuses to closed and every other status to open", () => {
    expect(["answered", "resolved", "unresolved", "not_responsible", "duplicate"].map(open311Status)).toEqual(Array(5).fill("closed"));
    expect(["received", "in_review", "referred", "in_progress", "reopened"].map(open311Status)).toEqual(Array(5).fill("open"));
  });

  it("reads service codes as agency and optional topic", () => {
    expect(parseServiceCode("health.hospital")).toEqual({ agency: "health", topic: "hospital" });
    expect(parseServiceCode("interior")).toEqual({ agency: "interior", topic: null });
    expect(parseServiceCode("a.b.c")).toBeNull();
    expect(parseServiceCode("<x>")).toBeNull();
  });

  it("derives the subject from the first non-empty line, cut at a word with an ellipsis", () => {
    expect(subjectFromDescription("\n  خرابی پل عابر  \nتوضیح بیشتر")).toBe("خرابی پل عابر");
    const long = subjectFromDescription("واژه ".repeat(50));
    expect([...long].length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/واژه…$/);
  });

  it("gives each reporter of a key a stable user id beyond any Telegram user id, different per key", () => {
    const a = reporterUserId(1, { phone: "+989121234567" });
    expect(reporterUserId(1, { phone: "+989121234567", email: "x@y.ir" })).toBe(a);
    expect(reporterUserId(2, { phone: "+989121234567" })).not.toBe(a);
    expect(reporterUserId(1, { accountId: "7", phone: "+989121234567" })).not.toBe(a);
    for (const id of [a, reporterUserId(1, {}), reporterUserId(9, { deviceId: "d" })]) {
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(2 ** 52);
    }
  });
});

describe("XML safety", () => {
  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`<a href="x">&'\u0001\uFFFF`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    const doc = toXml({ root: "errors", body: [{ code: 400, description: "</description><x>\u0000\ud800" }] });
    const root = parseXml(doc);
    expect(childText(root.children[0], "description")).toBe("</description><x>");
  });

  describe("through the API", () => {
    let database: Database;
    let app: FastifyInstance;
    beforeAll(async () => {
      database = await testDatabase();
      await resetUserData(database);
      app = await testApp(database.db);
    });
    afterAll(async () => {
      await resetUserData(database);
      await app.close();
    });

    it("keeps a request with markup in its text and a control character in the agency's note well-formed", async () => {
      const k = await keys(database.db);
      const description = `شیر آب <b>شکسته</b> & "نشت" دارد ]]> <!-- -->`;
      const code = (await post(app, "requests.json", validRequest(k.admin, "interior", { description }))).json()[0].service_request_id;
      await postAgencyEvent(database.db, { code, actor: { kind: "agency_key", keyId: 0, agencyId: (await agencyIdByCode(database.db, "interior"))! }, eventId: "x", input: { type: "status", status: "in_progress", note: "در دست\u0001 اقدام <i>" } });
      const request = body(await get(app, `requests/${code}.xml`, { api_key: k.admin }), "xml").children[0];
      expect(childText(request, "description")).toBe(description);
      expect(childText(request, "status_notes")).toBe("در دست اقدام <i>");
    });
  });
});
