import { randomInt } from "node:crypto";
import { ltr } from "./bidi.ts";
import { toAsciiDigits, toPersianDigits } from "./persian.ts";

// Verhoeff check digit: unlike Luhn it catches every single-digit typo and every swap of two neighbours.
const d = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const p = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const inv = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function verhoeffChecksum(digits: string): number {
  let c = 0;
  const reversed = digits.split("").reverse();
  for (let i = 0; i < reversed.length; i++) c = d[c][p[i % 8][Number(reversed[i])]];
  return c;
}

/** The Verhoeff check digit to append to a string of digits. */
export function checkDigit(digits: string): string {
  return String(inv[verhoeffChecksum(digits + "0")]);
}

export const TRACKING_CODE_LENGTH = 9;

/** A new tracking code: 8 random digits (no leading zero, so it never loses a digit) and a check digit. */
export function newTrackingCode(): string {
  const body = String(randomInt(10_000_000, 100_000_000));
  return body + checkDigit(body);
}

export type ParsedTrackingCode = { ok: true; code: string } | { ok: false; reason: "format" | "check_digit" };

/** Reads a code typed in any digit script, with spaces or dashes; tells a typo (bad check digit) from a wrong format. */
export function parseTrackingCode(input: string): ParsedTrackingCode {
  // \p{Cf}: a code copied out of Persian text often carries invisible direction marks (LRM/RLM, isolates);
  // \p{Pd}: phone keyboards turn "-" into en/em dashes.
  const code = toAsciiDigits(input).replace(/[\s\p{Pd}\p{Cf}_.]/gu, "");
  if (!/^\d+$/.test(code) || code.length !== TRACKING_CODE_LENGTH) return { ok: false, reason: "format" };
  return verhoeffChecksum(code) === 0 ? { ok: true, code } : { ok: false, reason: "check_digit" };
}

/** The code as shown to people: Persian digits for fa. */
export function displayTrackingCode(code: string, locale: string): string {
  return locale === "fa" ? toPersianDigits(code) : code;
}

// A no-break space between the groups: the code never wraps across two lines, and \s takes it back in.
const GROUP_SEPARATOR = "\u00A0";

/** The code in groups of three («۱۲۳ ۴۵۶ ۷۸۹»), easier to read aloud and to copy by eye; parseTrackingCode takes it back. */
export function groupedTrackingCode(code: string, locale: string): string {
  return displayTrackingCode(code, locale).replace(/(.{3})(?=.)/gu, `$1${GROUP_SEPARATOR}`);
}

/**
 * The code as it stands in a Persian sentence: grouped and left-to-right isolated, since the bidi
 * algorithm would otherwise show the groups of an RTL line in reverse order.
 */
export function trackingCodeInText(code: string, locale: string): string {
  return ltr(groupedTrackingCode(code, locale));
}
