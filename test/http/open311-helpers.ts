import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pino from "pino";
import { expect } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import type { Db } from "../../db/client.ts";
import { buildApp } from "../../handlers/http/app.ts";

// Support for the Open311 conformance suite. XML is read by a small strict parser written here, separate
// from the facade's serializer, so the suite checks the documents rather than trusting the code that wrote them.

export const BASE = "/open311/v2";

export interface XmlNode {
  name: string;
  children: XmlNode[];
  /** Text of a leaf element; null for a self-closed (<x/>) element. */
  text: string | null;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[e];
  });
}

/** Parses an XML document without attributes, comments or mixed content (what GeoReport v2 uses); throws when malformed. */
export function parseXml(xml: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(xml);
  if (!decl) throw new Error("missing XML declaration with encoding utf-8");
  let pos = decl[0].length;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>/y;

  function node(): XmlNode {
    tag.lastIndex = pos;
    const open = tag.exec(xml);
    if (!open || open[1]) throw new Error(`expected an opening tag at ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos = tag.lastIndex;
    const name = open[2];
    if (open[3]) return { name, children: [], text: null };
    const children: XmlNode[] = [];
    let text = "";
    for (;;) {
      const lt = xml.indexOf("<", pos);
      if (lt < 0) throw new Error(`unclosed <${name}>`);
      text += xml.slice(pos, lt);
      pos = lt;
      if (xml.startsWith("</", pos)) {
        tag.lastIndex = pos;
        const close = tag.exec(xml);
        if (!close || close[2] !== name) throw new Error(`mismatched closing tag for <${name}> at ${pos}`);
        pos = tag.lastIndex;
        if (children.length > 0 && text.trim() !== "") throw new Error(`mixed content in <${name}>`);
        return { name, children, text: children.length > 0 ? null : decode(text) };
      }
      children.push(node());
    }
  }

  const root = node();
  if (xml.slice(pos).trim() !== "") throw new Error("content after the root element");
  return root;
}

/** The child elements of a node with a name. */
export const childrenNamed = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

/** The text of a node's only child of a name (null when self-closed). */
export function childText(n: XmlNode, name: string): string | null {
  const found = childrenNamed(n, name);
  expect(found, `<${n.name}> has one <${name}>`).toHaveLength(1);
  return found[0].text;
}

const LISTS = new Set(["services", "service_requests", "service_request_updates", "attributes", "values", "endpoints", "formats", "errors"]);

/**
 * The JSON the spec's Spark convention derives from an XML element: list containers become arrays, other
 * elements objects, leaves strings (null when self-closed).
 */
export function spark(n: XmlNode): unknown {
  if (LISTS.has(n.name)) return n.children.map(spark);
  if (n.children.length > 0) return Object.fromEntries(n.children.map((c) => [c.name, spark(c)]));
  return n.text;
}

/** JSON with every scalar as the string XML would carry (null stays null), to compare with spark(). */
export function asXmlText(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(asXmlText);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, asXmlText(x)]));
  return String(v);
}

export async function testApp(db: Db): Promise<FastifyInstance> {
  return buildApp({ db, logger: pino({ level: "silent" }) });
}

export const form = (fields: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();

export async function get(app: FastifyInstance, path: string, query: Record<string, string | number | undefined> = {}): Promise<LightMyRequestResponse> {
  const qs = form(query);
  return app.inject({ method: "GET", url: `${BASE}/${path}${qs ? `?${qs}` : ""}` });
}

export async function post(app: FastifyInstance, path: string, fields: Record<string, string | number | undefined>): Promise<LightMyRequestResponse> {
  return app.inject({ method: "POST", url: `${BASE}/${path}`, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, payload: form(fields) });
}

/** Checks the spec's Content-Type for a format and returns the parsed body (JSON value or XML root). */
export function body(res: LightMyRequestResponse, format: "json" | "xml"): any {
  if (format === "json") {
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    return res.json();
  }
  expect(res.headers["content-type"]).toBe("text/xml; charset=utf-8");
  return parseXml(res.body);
}

/** Checks an error response in either format: status, the spec's shape, and each code equal to the status. */
export function expectErrors(res: LightMyRequestResponse, status: number, format: "json" | "xml" = "json"): string[] {
  expect(res.statusCode, res.body).toBe(status);
  if (format === "json") {
    const errors = body(res, "json");
    expect(Array.isArray(errors)).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(Object.keys(e).sort()).toEqual(["code", "description"]);
      expect(e.code).toBe(status);
      expect(typeof e.description).toBe("string");
      expect(e.description.length).toBeGreaterThan(0);
    }
    return errors.map((e: { description: string }) => e.description);
  }
  const root = body(res, "xml");
  expect(root.name).toBe("errors");
  expect(root.children.length).toBeGreaterThan(0);
  return root.children.map((e: XmlNode) => {
    expect(e.name).toBe("error");
    expect(childText(e, "code")).toBe(String(status));
    const description = childText(e, "description");
    expect(description).toBeTruthy();
    return description!;
  });
}

/** Creates API keys: one per agency code given, and an admin key. */
export async function keys(db: Db, ...agencyCodes: string[]): Promise<{ admin: string } & Record<string, string>> {
  const out: Record<string, string> = { admin: (await createApiKey(db, { agencyCode: null, name: "admin" })).key };
  for (const code of agencyCodes) out[code] = (await createApiKey(db, { agencyCode: code, name: `${code} back-end` })).key;
  return out as { admin: string } & Record<string, string>;
}

/** The fields of a valid POST requests for a service (override or drop any with `extra`). */
export function validRequest(apiKey: string, serviceCode: string, extra: Record<string, string | number | undefined> = {}) {
  return {
    api_key: apiKey,
    service_code: serviceCode,
    lat: 35.6892,
    long: 51.389,
    description: "چاله‌ای بزرگ در خیابان آزادی\nکنار ایستگاه اتوبوس، خطرناک برای موتورسوارها.",
    "attribute[kind]": "complaint",
    "attribute[province_code]": "THR",
    "attribute[county]": "تهران",
    ...extra,
  };
}

export interface FilePart {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as LWP (FixMyStreet's HTTP client) writes one: fields first, then files, names in raw UTF-8. */
export function multipartBody(fields: Record<string, string | number | undefined>, files: FilePart[] = []): { payload: Buffer; headers: Record<string, string> } {
  const boundary = "xYzZY-hamyar-test";
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export async function postMultipart(app: FastifyInstance, path: string, fields: Record<string, string | number | undefined>, files: FilePart[] = []): Promise<LightMyRequestResponse> {
  return app.inject({ method: "POST", url: `${BASE}/${path}`, ...multipartBody(fields, files) });
}

/** A 1×1 PNG, and the first bytes of a JPEG: enough for a type judged by the file's signature. */
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0", "latin1"), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);
