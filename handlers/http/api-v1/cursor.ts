import type { Position } from "../../../core/case-queries.ts";
import { ApiError } from "./errors.ts";

// Cursors are opaque to clients: base64url of the last row's position. They are not signed; a forged
// one only moves the start of a page the key may read anyway.

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const invalid = () => new ApiError(400, "invalid_cursor", "cursor is not a next_cursor this API returned; start again without a cursor.");

function decodeJson(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
}

const validId = (id: unknown): id is number => typeof id === "number" && Number.isSafeInteger(id) && id > 0;

/** The cursor after a (timestamp, id) position. */
export const encodePositionCursor = (p: Position | null): string | null => (p ? Buffer.from(JSON.stringify([p.at, p.id])).toString("base64url") : null);

export function decodePositionCursor(cursor: string | undefined): Position | null {
  if (cursor === undefined || cursor === "") return null;
  const value = decodeJson(cursor);
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || !AT.test(value[0]) || !validId(value[1])) throw invalid();
  return { at: value[0], id: value[1] };
}

/** The cursor of a newest-first list by id: the last id shown. */
export const encodeIdCursor = (id: number | null): string | null => (id === null ? null : Buffer.from(JSON.stringify({ before: id })).toString("base64url"));

export function decodeIdCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === "") return null;
  const value = decodeJson(cursor) as { before?: unknown } | null;
  if (!value || typeof value !== "object" || !validId(value.before)) throw invalid();
  return value.before;
}
