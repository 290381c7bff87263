import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toAsciiDigits } from "../../core/persian.ts";
import { checkDigit } from "../../core/tracking-code.ts";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { codeInText, fileCaseAsCitizen } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 10001;
const other = 10002;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const NOT_FOUND = "پرونده‌ای با این کد رهگیری در میان پرونده‌های شما پیدا نشد.";
const TYPO = "این کد رهگیری درست نیست؛ احتمالاً یک رقم اشتباه تایپ شده یا جابه‌جا شده است. لطفاً دوباره بررسی کنید.";
const ASK = "🔎 کد رهگیری پرونده را بفرستید (با رقم فارسی یا انگلیسی، با فاصله یا بی‌فاصله):";
const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

/** A code with a valid check digit that no case has. */
function unknownCode(taken: string[]): string {
  for (let body = 12345678; ; body++) {
    const code = `${body}${checkDigit(String(body))}`;
    if (!taken.includes(code)) return code;
  }
}

/** The same code with one digit changed, which the check digit must catch. */
function withTypo(shown: string): string {
  const code = toAsciiDigits(shown);
  const i = 3;
  const changed = String((Number(code[i]) + 1) % 10);
  return code.slice(0, i) + changed + code.slice(i + 1);
}

async function track(userId: number, typed: string): Promise<string> {
  await h.text(userId, "🔎 پیگیری با کد رهگیری");
  expect(h.lastText(userId)).toBe(ASK);
  await h.text(userId, typed);
  return h.lastText(userId);
}

describe("tracking a case by code", () => {
  it.each([
    ["Persian digits", (c: string) => c],
    ["Latin digits", (c: string) => toAsciiDigits(c)],
    ["Arabic-Indic digits", (c: string) => toAsciiDigits(c).replace(/\d/g, (d) => ARABIC_DIGITS[Number(d)])],
    ["dashes and spaces", (c: string) => `${c.slice(0, 3)}-${c.slice(3, 6)} ${c.slice(6)}`],
  ])("finds the citizen's case typed in %s", async (_what, typed) => {
    const code = await fileCaseAsCitizen(h, citizen);
    const shown = await track(citizen, typed(code));
    expect(shown).toContain(`🔖 پرونده ${codeInText(code)}`);
    expect(shown).toContain("وضعیت: ثبت شد");
    expect(shown).toContain("🕘 سابقهٔ وضعیت:");
    expect(await h.step(citizen)).toBeNull();
  });

  it("tells a typo (one digit changed) apart from an unknown code and keeps asking", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    expect(await track(citizen, withTypo(code))).toBe(TYPO);
    expect(await h.step(citizen)).toBe("track_case/ask");
    await h.text(citizen, code);
    expect(h.lastText(citizen)).toContain(`🔖 پرونده ${codeInText(code)}`);
  });

  it("catches two neighbouring digits swapped", async () => {
    const code = toAsciiDigits(await fileCaseAsCitizen(h, citizen));
    const i = [...code].findIndex((d, k) => k > 0 && d !== code[k - 1]);
    const swapped = code.slice(0, i - 1) + code[i] + code[i - 1] + code.slice(i + 1);
    expect(await track(citizen, swapped)).toBe(TYPO);
  });

  it("says a code of the wrong length has the wrong format", async () => {
    expect(await track(citizen, "۱۲۳۴")).toBe("کد رهگیری ۹ رقم دارد. لطفاً آن را کامل و درست بفرستید.");
    await h.text(citizen, "کد من را پیدا کن");
    expect(h.lastText(citizen)).toBe("کد رهگیری ۹ رقم دارد. لطفاً آن را کامل و درست بفرستید.");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("کد رهگیری ۹ رقم دارد. لطفاً آن را کامل و درست بفرستید.");
    expect(await h.step(citizen)).toBe("track_case/ask");
  });

  it("answers another citizen's valid code exactly like an unknown code", async () => {
    const foreign = toAsciiDigits(await fileCaseAsCitizen(h, other));
    const mine = toAsciiDigits(await fileCaseAsCitizen(h, citizen));
    const foreignAnswer = await track(citizen, foreign);
    const unknownAnswer = await track(citizen, unknownCode([foreign, mine]));
    expect(foreignAnswer).toBe(NOT_FOUND);
    expect(unknownAnswer).toBe(foreignAnswer);
    expect(h.sent(citizen).some((c) => c.payload.text.includes("تأخیر در پرداخت") && c.payload.text.includes(foreign))).toBe(false);
  });

  it("tracks directly with /track <code>", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    await h.text(citizen, `/track ${toAsciiDigits(code)}`);
    expect(h.lastText(citizen)).toContain(`🔖 پرونده ${codeInText(code)}`);
    expect(await h.step(citizen)).toBeNull();
  });

  it("answers /track with someone else's code like an unknown one, then asks for a code", async () => {
    const foreign = toAsciiDigits(await fileCaseAsCitizen(h, other));
    h.newTexts(citizen);
    await h.text(citizen, `/track ${foreign}`);
    const viaForeign = h.newTexts(citizen);
    await h.text(citizen, `/track ${unknownCode([foreign])}`);
    const viaUnknown = h.newTexts(citizen);
    expect(viaForeign).toBe(`${NOT_FOUND}\n---\n${ASK}`);
    expect(viaUnknown).toBe(viaForeign);
    expect(await h.step(citizen)).toBe("track_case/ask");
  });

  it("answers /track with a typo with the typo message", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    await h.text(citizen, `/track ${withTypo(code)}`);
    expect(h.sent(citizen).at(-2)!.payload.text).toBe(TYPO);
    expect(h.lastText(citizen)).toBe(ASK);
  });

  it("opens tracking from a /start deep link", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    await h.text(citizen, `/start track_${toAsciiDigits(code)}`);
    expect(h.lastText(citizen)).toContain(`🔖 پرونده ${codeInText(code)}`);
  });
});
