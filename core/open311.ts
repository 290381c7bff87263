import { createHash } from "node:crypto";
import { FINAL_STATUSES } from "./case-events.ts";
import type { CaseKind, CaseStatus } from "./case-kinds.ts";

// Pure rules of the Open311 GeoReport v2 facade: what a service code is, how Hamyar's statuses read as
// open/closed, how a reporter becomes a stable user, how dates and free text are read. No I/O here.

/** The one jurisdiction this endpoint serves (the spec suggests the jurisdiction's web domain). */
export const JURISDICTION_ID = "hamyar.ir";
/** The specification token of GeoReport v2, as service discovery names it. */
export const GEOREPORT_V2_SPEC = "http://wiki.open311.org/GeoReport_v2";
/** The platform of users who reach Hamyar through an Open311 client (they have no chat). */
export const OPEN311_PLATFORM = "open311";
/** The spec's limit on a request's description. */
export const DESCRIPTION_MAX = 4000;
/** Longest subject derived from a description's first line. */
export const DERIVED_SUBJECT_MAX = 100;
/** The spec's default and maximum volume of GET requests. */
export const MAX_RESULTS = 1000;
export const DEFAULT_RANGE_DAYS = 90;
/**
 * Files a POST requests may carry (multipart/form-data): as many as the bot takes, each up to the 10 MB
 * Telegram allows for a photo. Fields are bounded too, since the whole form is held in memory.
 */
export const MEDIA_LIMITS = { files: 5, fileBytes: 10 * 1024 * 1024, fields: 100, fieldBytes: 64 * 1024 } as const;
/** The image types accepted as media, by the signature of their bytes (what the client declares is not trusted). */
export const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export type Locale = "fa" | "en";

/** `locale=en` (or en-US, …) selects English names and messages; anything else is Persian. */
export function pickLocale(value: string | undefined): Locale {
  return value && /^en\b/i.test(value.trim()) ? "en" : "fa";
}

/** True for an absent or empty jurisdiction_id (optional: one jurisdiction) and for ours, in any case. */
export function isOurJurisdiction(value: string | undefined): boolean {
  return value === undefined || value.trim() === "" || value.trim().toLowerCase() === JURISDICTION_ID;
}

/** "<agency>.<topic>" for a topic, "<agency>" for an agency's general service. */
export function serviceCode(agencyCode: string, topicCode: string | null): string {
  return topicCode ? `${agencyCode}.${topicCode}` : agencyCode;
}

/** Splits a service code at its first dot; null when it cannot be one (agency and topic codes are slugs). */
export function parseServiceCode(code: string): { agency: string; topic: string | null } | null {
  const m = /^([a-z0-9_-]{1,64})(?:\.([a-z0-9_-]{1,64}))?$/.exec(code.trim().toLowerCase());
  return m ? { agency: m[1], topic: m[2] ?? null } : null;
}

/**
 * Open311 knows two statuses. A case is closed once the agency has finished with it: answered, resolved,
 * unresolved, not responsible or a duplicate (the statuses that stop the deadline clock); everything else,
 * including a case reopened by the citizen's objection, is open.
 */
export function open311Status(status: string): "open" | "closed" {
  return (FINAL_STATUSES as readonly string[]).includes(status) ? "closed" : "open";
}

/** Who reported: the first of these the client sent identifies the person within one API key. */
export interface ReporterClues {
  accountId?: string;
  phone?: string | null;
  email?: string;
  deviceId?: string;
}

/**
 * A stable platform_user_id for a reporter of one API key: the same account, phone, email or device
 * (in that order of preference) always maps to the same Hamyar user; one key's reporters never mix with
 * another key's. Without any clue the key's reports share one "unidentified reporter" user.
 * 48 bits of SHA-256 make a collision between reporters negligible. They are placed at 2^52 and above,
 * where no Telegram user id lies (those have at most 52 significant bits) and Bale's do not reach, so that
 * even code that forgot to check the platform could never message a real chat with an Open311 reporter's case.
 */
export function reporterUserId(keyId: number, clues: ReporterClues): number {
  const basis = clues.accountId
    ? `account:${clues.accountId.trim()}`
    : clues.phone
      ? `phone:${clues.phone}`
      : clues.email
        ? `email:${clues.email.trim().toLowerCase()}`
        : clues.deviceId
          ? `device:${clues.deviceId.trim()}`
          : "unidentified";
  const digest = createHash("sha256").update(`open311:${keyId}:${basis}`).digest();
  return 2 ** 52 + digest.readUIntBE(0, 6);
}

/** The case subject when the client sent none: the description's first line, cut at a word near 100 characters. */
export function subjectFromDescription(description: string): string {
  const firstLine = description.split("\n").find((line) => line.trim() !== "")?.trim() ?? description.trim();
  const chars = [...firstLine];
  if (chars.length <= DERIVED_SUBJECT_MAX) return firstLine;
  const cut = chars.slice(0, DERIVED_SUBJECT_MAX - 1).join("");
  const atSpace = cut.lastIndexOf(" ");
  return `${(atSpace >= DERIVED_SUBJECT_MAX / 2 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}

/**
 * Reads a w3c datetime (ISO 8601 subset) as the spec requires: a full date-time with Z or an ±HH:MM
 * offset, or a bare date (midnight UTC). A date-time without a zone is ambiguous and refused (null).
 */
export function parseW3cDateTime(value: string): Date | null {
  const v = value.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const full = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(v);
  if (!dateOnly && !full) return null;
  const m = (dateOnly ?? full)!;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  if (full && (Number(full[4]) > 23 || Number(full[5]) > 59 || Number(full[6] ?? 0) > 59)) return null;
  const at = new Date(dateOnly ? `${v}T00:00:00Z` : v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(at.getTime())) return null;
  // Date rolls 2024-02-31 over into March; the calendar day must survive the round trip.
  if (dateOnly && (at.getUTCFullYear() !== y || at.getUTCMonth() + 1 !== mo || at.getUTCDate() !== d)) return null;
  return at;
}

const DAY_MS = 24 * 3600_000;
const SECOND_MS = 1000;

/**
 * The bounds to compare stored instants with, so that start_date/end_date agree with the whole seconds
 * the dates are shown in: a request filed at 20:15:03.4 reads 20:15:03Z, so end_date=…20:15:03Z must
 * include it and start_date=…20:15:03.5Z must not. `since` is inclusive, `before` exclusive; null leaves that end open.
 */
export function wholeSecondBounds(from: Date | null, to: Date | null): { since: Date | null; before: Date | null } {
  return {
    since: from ? new Date(Math.ceil(from.getTime() / SECOND_MS) * SECOND_MS) : null,
    before: to ? new Date(Math.floor(to.getTime() / SECOND_MS) * SECOND_MS + SECOND_MS) : null,
  };
}

/**
 * The requested_datetime window of GET requests: both ends given, one end and 90 days from it, or the
 * most recent 90 days. An end that is not in the past is left open (null): the database's clock, which
 * stamps cases, may run ahead of this one, and a request filed a moment ago must still be listed.
 * Errors: end before start, or a span over the spec's 90 days.
 */
export function requestWindow(start: Date | null, end: Date | null, now = new Date()): { from: Date; to: Date | null } | { error: "reversed" | "too_wide" } {
  const span = DEFAULT_RANGE_DAYS * DAY_MS;
  const from = start ?? (end ? new Date(end.getTime() - span) : new Date(now.getTime() - span));
  const to = end ?? (start ? new Date(start.getTime() + span) : now);
  if (to.getTime() < from.getTime()) return { error: "reversed" };
  if (to.getTime() - from.getTime() > span) return { error: "too_wide" };
  return { from, to: end || to.getTime() < now.getTime() ? to : null };
}

/** Persian and English names of the case kinds, as the bot shows them. */
export const KIND_NAMES: Record<CaseKind, { fa: string; en: string }> = {
  complaint: { fa: "شکایت", en: "Complaint" },
  request: { fa: "درخواست", en: "Request" },
  suggestion: { fa: "پیشنهاد", en: "Suggestion" },
  idea: { fa: "طرح / ایده", en: "Idea" },
  report: { fa: "گزارش (تخلف)", en: "Report (of misconduct)" },
  appreciation: { fa: "تقدیر و تشکر", en: "Appreciation" },
};

/** Persian and English names of the case statuses, as the bot shows them (bot/locales status-*). */
export const STATUS_NAMES: Record<CaseStatus, { fa: string; en: string }> = {
  received: { fa: "ثبت شد", en: "Received" },
  in_review: { fa: "در حال بررسی", en: "In review" },
  referred: { fa: "ارجاع شد", en: "Referred" },
  in_progress: { fa: "در دست اقدام", en: "In progress" },
  answered: { fa: "پاسخ داده شد", en: "Answered" },
  resolved: { fa: "مختومه - رفع شد", en: "Closed - resolved" },
  unresolved: { fa: "مختومه - رفع نشد", en: "Closed - unresolved" },
  not_responsible: { fa: "خارج از صلاحیت", en: "Not responsible" },
  duplicate: { fa: "تکراری", en: "Duplicate" },
  reopened: { fa: "بازگشایی شد", en: "Reopened" },
};

/** What the reporter sent that has no column of its own; kept on the case as one note event. */
export interface IntakeDetails {
  addressId?: string;
  mediaUrl?: string;
  email?: string;
  /** A phone number that is not an Iranian mobile (a mobile becomes the case's contact phone). */
  otherPhone?: string;
  /** Files that were not kept: only in notes of cases filed before uploads were stored (read, never written now). */
  unkeptFiles?: string;
}

const INTAKE_HEADER = "اطلاعات تکمیلی از کانال Open311:";
const INTAKE_LINES: { key: keyof IntakeDetails; label: string }[] = [
  { key: "mediaUrl", label: "رسانه (media_url)" },
  { key: "addressId", label: "شناسه نشانی (address_id)" },
  { key: "email", label: "ایمیل (email)" },
  { key: "otherPhone", label: "تلفن (phone)" },
  { key: "unkeptFiles", label: "فایل‌های فرستاده‌شده که نگه داشته نشد (media)" },
];

/** The note text for the details, or null when there is nothing to keep. One line per field, values last. */
export function intakeNote(d: IntakeDetails): string | null {
  const lines = INTAKE_LINES.filter((l) => d[l.key]).map((l) => `${l.label}: ${d[l.key]}`);
  return lines.length > 0 ? [INTAKE_HEADER, ...lines].join("\n") : null;
}

/** Reads back the details of an intake note (for media_url and address_id in GET requests); {} for any other note. */
export function readIntakeNote(note: string | null): IntakeDetails {
  if (!note?.startsWith(INTAKE_HEADER)) return {};
  const out: IntakeDetails = {};
  for (const line of note.split("\n").slice(1)) {
    const spec = INTAKE_LINES.find((l) => line.startsWith(`${l.label}: `));
    if (spec) out[spec.key] = line.slice(spec.label.length + 2);
  }
  return out;
}

/**
 * The external id of a comment an Open311 client posted (its own update_id): the same client posting the
 * same update_id again finds the first one. Scoped by API key, since two clients' ids may coincide.
 */
export function clientUpdateKey(keyId: number, updateId: string): string {
  return `open311:${keyId}:${updateId}`;
}

// FixMyStreet sends the request's status after its user's comment: OPEN or CLOSED, or with "extended
// statuses" one of these. Hamyar's agency alone changes a case's status; the client's view is only told
// to the agency, when it differs from the case's.
const CLOSED_BY_CLIENT = new Set(["closed", "fixed", "duplicate", "not_councils_responsibility", "no_further_action"]);
const OPEN_BY_CLIENT = new Set(["open", "reopen", "in_progress", "action_scheduled", "investigating", "internal_referral"]);

/** A client's status word as open/closed; null for a word Hamyar does not know. */
export function readClientStatus(value: string): "open" | "closed" | null {
  const word = value.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return CLOSED_BY_CLIENT.has(word) ? "closed" : OPEN_BY_CLIENT.has(word) ? "open" : null;
}

/** The follow-up text of a client's comment: the comment, then what has no column of its own, one line each. */
export function clientCommentText(c: { description: string; mediaUrl?: string; reportedStatus?: "open" | "closed" }): string {
  const lines: string[] = [];
  if (c.reportedStatus) lines.push(`وضعیت از دید گزارش‌دهنده (status): ${c.reportedStatus === "closed" ? "بسته (closed)" : "باز (open)"}`);
  if (c.mediaUrl) lines.push(`رسانه (media_url): ${c.mediaUrl}`);
  return lines.length > 0 ? `${c.description}\n\n${lines.join("\n")}` : c.description;
}
