import { asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { toAsciiDigits } from "../../core/persian.ts";
import { trackingCodeInText } from "../../core/tracking-code.ts";
import type { Db } from "../../db/client.ts";
import { cases } from "../../db/schema.ts";
import type { BotHarness } from "./bot-harness.ts";

/** Walks a citizen through filing a case of `kind` with typical answers; returns the tracking code shown. */
export async function fileCaseAsCitizen(
  h: BotHarness,
  userId: number,
  kindLabel = "شکایت",
  opts: { anonymous?: boolean; agency?: { search: string; button: string }; province?: string; county?: string } = {},
): Promise<string> {
  await h.text(userId, "📝 ثبت درخواست / شکایت");
  await h.tap(userId, kindLabel);
  await h.text(userId, opts.agency?.search ?? "تامین اجتماعی");
  await h.tap(userId, opts.agency?.button ?? "تأمین اجتماعی");
  const afterAgency = h.lastText(userId);
  if (afterAgency.includes("موضوع")) await h.tap(userId, /.+/);
  await h.tap(userId, opts.province ?? "تهران");
  await h.tap(userId, opts.county ?? "تهران");
  await h.text(userId, "تأخیر در پرداخت مستمری");
  await h.text(userId, "مستمری این ماه من با ده روز تأخیر پرداخت شده و پاسخگویی هم نبوده است.");
  await h.text(userId, NOT_NOW);
  await h.text(userId, NOT_NOW);
  if (kindLabel.startsWith("گزارش")) await h.tap(userId, opts.anonymous ? "بدون نام" : "با نام");
  if (!opts.anonymous) {
    await h.contact(userId, "989121234567");
    await h.text(userId, NOT_NOW);
  }
  await h.tap(userId, "تأیید و ثبت نهایی");
  return trackingCodeIn(h.lastText(userId));
}

/** The label that passes every optional step of the form (files, place, national ID). */
export const NOT_NOW = "فعلاً نه";

export const SUBJECT = "تأخیر در پرداخت مستمری";
export const DESCRIPTION = "مستمری این ماه من با ده روز تأخیر پرداخت شده و پاسخگویی هم نبوده است.";

export type FilingStep =
  | "kind"
  | "agency"
  | "topic"
  | "province"
  | "county"
  | "subject"
  | "description"
  | "attachments"
  | "location"
  | "anonymity"
  | "contact"
  | "national_id"
  | "summary";

export interface WalkOptions {
  kind?: string;
  agencyQuery?: string;
  agencyLabel?: string;
  topicLabel?: string | RegExp;
  province?: string;
  county?: string;
  subject?: string;
  description?: string;
  anonymous?: boolean;
  phone?: string;
}

/**
 * Opens "file a case" (unless a filing is already open) and answers each step with typical answers
 * until the chat is at `target`. Lets a test start at any step of the form.
 */
export async function walkTo(h: BotHarness, userId: number, target: FilingStep, o: WalkOptions = {}): Promise<void> {
  if ((await h.state(userId)).flow !== "file_case") await h.text(userId, "📝 ثبت درخواست / شکایت");
  for (let guard = 0; guard < 20; guard++) {
    const { flow, step } = await h.state(userId);
    expect(flow, `filing closed before reaching ${target}; last text: ${h.lastText(userId)}`).toBe("file_case");
    if (step === target) return;
    switch (step) {
      case "kind":
        await h.tap(userId, o.kind ?? "شکایت");
        break;
      case "agency":
        await h.text(userId, o.agencyQuery ?? "تامین اجتماعی");
        await h.tap(userId, o.agencyLabel ?? "تأمین اجتماعی");
        break;
      case "topic":
        await h.tap(userId, o.topicLabel ?? /.+/);
        break;
      case "province":
        await h.tap(userId, o.province ?? "تهران");
        break;
      case "county":
        await h.tap(userId, o.county ?? "تهران");
        break;
      case "subject":
        await h.text(userId, o.subject ?? SUBJECT);
        break;
      case "description":
        await h.text(userId, o.description ?? DESCRIPTION);
        break;
      case "attachments":
        await h.text(userId, NOT_NOW);
        break;
      case "location":
        await h.text(userId, NOT_NOW);
        break;
      case "anonymity":
        await h.tap(userId, o.anonymous ? "بدون نام" : "با نام");
        break;
      case "contact":
        await h.contact(userId, o.phone ?? "989121234567");
        break;
      case "national_id":
        await h.text(userId, NOT_NOW);
        break;
      default:
        throw new Error(`cannot walk from step ${step} to ${target}`);
    }
  }
  throw new Error(`did not reach ${target}`);
}

/**
 * Reads the tracking code (nine Persian digits, without the group separators) from the "filed" message,
 * where it stands grouped in left-to-right isolates: «کد رهگیری: \u2066۱۲۳ ۴۵۶ ۷۸۹\u2069».
 */
export function trackingCodeIn(text: string): string {
  const match = /کد رهگیری: \u2066([۰-۹]{3}\u00A0[۰-۹]{3}\u00A0[۰-۹]{3})\u2069/.exec(text);
  expect(match, `no tracking code in: ${text}`).not.toBeNull();
  return match![1].replace(/\u00A0/g, "");
}

/** A code (any digit script) as messages show it in a Persian line: grouped in threes, isolated left to right. */
export function codeInText(code: string): string {
  return trackingCodeInText(toAsciiDigits(code), "fa");
}

/** Every case in the database, oldest first. */
export async function allCases(db: Db) {
  return db.select().from(cases).orderBy(asc(cases.id));
}

/** The one case in the database (fails when there is not exactly one). */
export async function onlyCase(db: Db) {
  const rows = await allCases(db);
  expect(rows, "expected exactly one filed case").toHaveLength(1);
  return rows[0];
}

/** A case by the tracking code shown to the citizen (any digit script). */
export async function caseByCode(db: Db, code: string) {
  const [row] = await db.select().from(cases).where(eq(cases.trackingCode, toAsciiDigits(code)));
  return row;
}
