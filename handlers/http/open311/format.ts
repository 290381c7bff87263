import type { FastifyReply } from "fastify";

// The two wire formats of GeoReport v2. One document model renders to both, the way the spec derives its
// JSON from the XML (the "Spark convention"): a list element becomes a JSON array of its items, and the
// root element disappears from the JSON.

export type Format = "json" | "xml";

export const CONTENT_TYPES: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

export type Scalar = string | number | boolean | null | undefined;
export type Value = Scalar | Value[] | { [key: string]: Value };

/** A document: the XML root element and the JSON value under it. */
export interface Doc {
  root: string;
  body: Value;
}

/** The element name of one item of each list: <services><service/>…</services>. */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  service_request_updates: "request_update",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  errors: "error",
};

/** The format a path asks for by its extension ("requests/123.xml"), or null for none or another. */
export function formatOfPath(path: string): Format | null {
  const m = /\.(json|xml)$/i.exec(path.split("?")[0]);
  return m ? (m[1].toLowerCase() as Format) : null;
}

/** Splits "health.hospital.json" into its name and format; null when the extension is not json or xml. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? { name: m[1], format: m[2].toLowerCase() as Format } : null;
}

// XML 1.0 allows tab, newline, carriage return and the characters from U+0020 on, minus surrogates and
// U+FFFE/U+FFFF. Anything else (e.g. a stray control character in a description) would make the whole
// document unreadable to a strict parser, so it is dropped. Lone surrogates are dropped for the same reason.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: Value, indent: string, out: string[]): void {
  // Element names come from this code, never from input; a bad one is a bug, not an escaping problem.
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) {
    out.push(`${indent}<${name}/>`);
  } else if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no item element name for list ${name}`);
    if (value.length === 0) {
      out.push(`${indent}<${name}/>`);
      return;
    }
    out.push(`${indent}<${name}>`);
    for (const v of value) element(item, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
  } else if (typeof value === "object") {
    out.push(`${indent}<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
  } else {
    out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** The XML text of a document, with the declaration the spec requires. */
export function toXml(doc: Doc): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(doc.root, doc.body, "", out);
  return `${out.join("\n")}\n`;
}

/** The JSON text of a document: its body (undefined fields become null, as in the spec's examples). */
export function toJson(doc: Doc): string {
  return JSON.stringify(doc.body, (_k, v: unknown) => (v === undefined ? null : v));
}

/** Sends a document in the requested format with the spec's Content-Type. */
export function sendDoc(reply: FastifyReply, format: Format, doc: Doc, status = 200): FastifyReply {
  return reply
    .code(status)
    .type(CONTENT_TYPES[format])
    .send(format === "xml" ? toXml(doc) : toJson(doc));
}
