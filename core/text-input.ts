// Free text from chat is checked here before it reaches a case: length, meaning, and no hidden characters.

export type TextCheck = { ok: true; text: string } | { ok: false; error: "empty" | "too_short" | "too_long" | "no_words" | "hidden_chars" };

// Bidi embeddings/overrides can make a subject read differently to the agency than to the citizen; C0/C1
// controls break displays. Both are refused. Isolates (LRI/RLI/FSI/PDI) are what Android wraps around
// copied numbers and names: they are removed silently instead, since removing them cannot reorder text.
const HIDDEN = /[\u202A-\u202E\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const ISOLATES = /[\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Trims and validates free text against length limits; rejects text of only emoji or punctuation. */
export function checkText(input: string, limits: { min: number; max: number }): TextCheck {
  const text = input.replace(/\r\n?/g, "\n").replace(ISOLATES, "").trim();
  if (text.length === 0) return { ok: false, error: "empty" };
  // A lone UTF-16 surrogate (half an emoji, from a broken client) is no character at all, and no database
  // or platform takes it: refused like the other hidden marks, with the step's own message.
  if (HIDDEN.test(text) || LONE_SURROGATE.test(text)) return { ok: false, error: "hidden_chars" };
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false, error: "no_words" };
  const length = [...text].length;
  if (length < limits.min) return { ok: false, error: "too_short" };
  if (length > limits.max) return { ok: false, error: "too_long" };
  return { ok: true, text };
}

export const LIMITS = {
  subject: { min: 5, max: 120 },
  description: { min: 20, max: 3000 },
  address: { min: 5, max: 300 },
  followup: { min: 2, max: 3000 },
  search: { min: 2, max: 100 },
  memberName: { min: 2, max: 120 },
  notes: { min: 2, max: 1000 },
  activityDescription: { min: 10, max: 3000 },
  activityOutcome: { min: 2, max: 1000 },
  reportSection: { min: 5, max: 3000 },
  reviewNote: { min: 5, max: 1000 },
} as const;
