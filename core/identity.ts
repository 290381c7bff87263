import { toAsciiDigits } from "./persian.ts";

/** Validates an Iranian national ID (کد ملی) with its check digit; returns the 10 ASCII digits or null. */
export function parseNationalId(input: string): string | null {
  const id = toAsciiDigits(input).replace(/[\s\p{Pd}\p{Cf}]/gu, "");
  if (!/^\d{10}$/.test(id) || /^(\d)\1{9}$/.test(id)) return null;
  const sum = id
    .slice(0, 9)
    .split("")
    .reduce((s, digit, i) => s + Number(digit) * (10 - i), 0);
  const r = sum % 11;
  const check = Number(id[9]);
  return (r < 2 ? check === r : check === 11 - r) ? id : null;
}

/** Normalises an Iranian mobile number (09…, +989…, 989…, 00989…, any digit script) to +989xxxxxxxxx, or null. */
export function parseIranianMobile(input: string): string | null {
  // Android copies a contact's number wrapped in invisible direction marks (U+202A … U+202C): \p{Cf} drops them.
  const raw = toAsciiDigits(input).replace(/[\s\p{Pd}\p{Cf}()]/gu, "");
  const m = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(raw);
  return m ? `+98${m[1]}` : null;
}

/** Normalises a phone number shared through the platform's contact button (may lack the +). */
export function normalizeSharedPhone(input: string): string {
  const digits = toAsciiDigits(input).replace(/[^\d]/g, "");
  return parseIranianMobile(digits) ?? `+${digits}`;
}

/** An Iranian mobile or landline number (021…, 0261…: area code and number, 11 digits with the 0), as +98…; null otherwise. */
export function parseIranianPhone(input: string): string | null {
  const mobile = parseIranianMobile(input);
  if (mobile) return mobile;
  const raw = toAsciiDigits(input).replace(/[\s\p{Pd}\p{Cf}()]/gu, "");
  const m = /^(?:\+98|0098|0)([1-8]\d{9})$/.exec(raw);
  return m ? `+98${m[1]}` : null;
}
