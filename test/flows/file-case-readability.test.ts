import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agencies } from "../../db/schema.ts";
import { postAgencyEvent } from "../../core/case-events.ts";
import { formatJalaliDate } from "../../core/jalali.ts";
import { toPersianDigits } from "../../core/persian.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { CatalogCache } from "../../core/catalog.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { fileCaseAsCitizen, NOT_NOW, onlyCase, walkTo } from "../support/filing.ts";

// Issue 12, the conversation: where am I, what did I choose, numbers that read right in Persian, a tracking
// code that copies with a tap, plain words, lists in a sensible order.

let database: Database;
let h: BotHarness;
const citizen = 12001;
const LRI = "\u2066";
const PDI = "\u2069";
const NBSP = "\u00A0";

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const firstLine = () => h.lastText(citizen).split("\n")[0];

/** The newest edit of a message the bot made (the question a tap answered). */
const lastEdit = () => [...h.calls].reverse().find((c) => c.method === "editMessageText" && c.payload.chat_id === citizen)!;

describe("where am I: «مرحلهٔ n از m» on every prompt of the form", () => {
  it("counts the twelve steps of a complaint to an agency with topics", async () => {
    await h.text(citizen, "📝 ثبت درخواست / شکایت");
    expect(firstLine()).toBe("مرحلهٔ ۱ از ۱۲");
    await walkTo(h, citizen, "subject");
    expect(h.lastText(citizen)).toBe("مرحلهٔ ۶ از ۱۲\n✏️ عنوان کوتاهی برای شکایت خود بنویسید (بین ۵ تا ۱۲۰ حرف):");
    await walkTo(h, citizen, "national_id");
    expect(firstLine()).toBe("مرحلهٔ ۱۱ از ۱۲");
    await walkTo(h, citizen, "summary");
    expect(firstLine()).toBe("مرحلهٔ ۱۲ از ۱۲");
  });

  it("drops the topic step for an agency without topics", async () => {
    await walkTo(h, citizen, "province", { agencyQuery: "وزارت کشور", agencyLabel: "وزارت کشور" });
    expect(firstLine()).toBe("مرحلهٔ ۳ از ۱۱");
  });

  it("adds the anonymity question for a report, and drops phone and national ID once it is anonymous", async () => {
    await walkTo(h, citizen, "anonymity", { kind: "گزارش" });
    expect(firstLine()).toBe("مرحلهٔ ۱۰ از ۱۳");
    await h.tap(citizen, "بدون نام");
    expect(await h.step(citizen)).toBe("file_case/summary");
    expect(firstLine()).toBe("مرحلهٔ ۱۱ از ۱۱");
  });
});

describe("what did I choose: a tapped question shows its answer", () => {
  it("turns the kind, agency, topic, province and county questions into the choices made", async () => {
    await h.text(citizen, "📝 ثبت درخواست / شکایت");
    await h.tap(citizen, "شکایت");
    expect(lastEdit().payload.text).toBe("نوع پرونده: شکایت ✔");
    expect(lastEdit().payload.reply_markup).toBeUndefined();
    await h.text(citizen, "تامین اجتماعی");
    await h.tap(citizen, "تأمین اجتماعی");
    expect(lastEdit().payload.text).toBe("دستگاه: سازمان تأمین اجتماعی ✔");
    await h.tap(citizen, "موضوع دیگر / نمی‌دانم");
    expect(lastEdit().payload.text).toBe("موضوع: موضوع دیگر / نمی‌دانم ✔");
    await h.tap(citizen, "تهران");
    expect(lastEdit().payload.text).toBe("استان: تهران ✔");
    await h.tap(citizen, "تهران");
    expect(lastEdit().payload.text).toBe("شهرستان: تهران ✔");
  });

  it("keeps the list question while paging, and shows the files sent once they are done", async () => {
    await walkTo(h, citizen, "agency");
    await h.tap(citizen, "بعدی");
    expect(lastEdit().payload.text).toContain("🏛 پرونده مربوط به کدام دستگاه است؟");
    await walkTo(h, citizen, "attachments");
    await h.photo(citizen, "ph-1");
    await h.tap(citizen, "پایان ارسال پیوست‌ها");
    expect(lastEdit().payload.text).toBe("پیوست‌ها: ۱ فایل ✔");
  });
});

describe("numbers and Latin text in Persian lines", () => {
  it("isolates the phone and the national ID on the summary, so the «+» stays at the left", async () => {
    await walkTo(h, citizen, "national_id");
    await h.text(citizen, "0499370899");
    const summary = h.lastText(citizen);
    expect(summary).toContain(`شمارهٔ تماس: ${LRI}+۹۸۹۱۲۱۲۳۴۵۶۷${PDI}\n`);
    expect(summary).toContain(`کد ملی: ${LRI}۰۴۹۹۳۷۰۸۹۹${PDI}\n`);
  });

  it("isolates a subject typed in Latin letters", async () => {
    await walkTo(h, citizen, "summary", { subject: "Samane SAMAD down" });
    expect(h.lastText(citizen)).toContain(`عنوان: \u2068Samane SAMAD down${PDI}\n`);
  });

  it("offers the saved phone isolated and takes it back with or without the isolates", async () => {
    await fileCaseAsCitizen(h, citizen);
    await walkTo(h, citizen, "contact");
    const label = `📱 همان شمارهٔ ${LRI}+۹۸۹۱۲۱۲۳۴۵۶۷${PDI}`;
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).toContain(label);
    await h.text(citizen, "📱 همان شمارهٔ +۹۸۹۱۲۱۲۳۴۵۶۷");
    expect(await h.step(citizen)).toBe("file_case/national_id");
  });
});

describe("the tracking code", () => {
  it("is shown grouped in isolates, copied by a tap (a code entity on Telegram), with the deadline as a Jalali date", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    const row = await onlyCase(database.db);
    const grouped = `${code.slice(0, 3)}${NBSP}${code.slice(3, 6)}${NBSP}${code.slice(6)}`;
    const filed = h.sent(citizen).at(-1)!.payload;
    expect(filed.text).toContain(`🔖 کد رهگیری: ${LRI}${grouped}${PDI}\n`);
    expect(filed.entities).toEqual([{ type: "code", offset: filed.text.indexOf(grouped), length: grouped.length }]);
    expect(filed.text).toContain(`⏳ مهلت پاسخ: تا ${formatJalaliDate(row.expectedAt!, "fa")} (${toPersianDigits(String((await database.db.select().from(agencies)).find((a) => a.id === row.agencyId)!.slaDays))} روز کاری)`);
  });

  it("is sent as plain text on Bale, whose sendMessage documents no entities", async () => {
    h = new BotHarness(database.db, { platform: "bale" });
    await fileCaseAsCitizen(h, citizen);
    expect(h.sent(citizen).at(-1)!.payload.entities).toBeUndefined();
  });

  it("is accepted back grouped, with dashes or bare, and the case view shows it grouped with the deadline", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    const row = await onlyCase(database.db);
    for (const typed of [`${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`, `${row.trackingCode.slice(0, 3)}-${row.trackingCode.slice(3, 6)}-${row.trackingCode.slice(6)}`, code]) {
      await h.text(citizen, "🔎 پیگیری با کد رهگیری");
      await h.text(citizen, typed);
      const view = h.sent(citizen).at(-1)!.payload;
      expect(view.text).toContain(`🔖 پرونده ${LRI}${code.slice(0, 3)}${NBSP}${code.slice(3, 6)}${NBSP}${code.slice(6)}${PDI}`);
      expect(view.text).toContain(`مهلت پاسخ: ${formatJalaliDate(row.expectedAt!, "fa")}`);
      expect(view.entities?.[0]?.type).toBe("code");
    }
  });
});

describe("words", () => {
  it("passes every optional step with the same «فعلاً نه» reply button", async () => {
    await walkTo(h, citizen, "attachments");
    expect(h.replyKeyboard(citizen)).toEqual([[{ text: NOT_NOW }], [{ text: "↩️ مرحلهٔ قبل" }, { text: "❌ انصراف" }]]);
    expect(h.inlineLabels(citizen).join()).not.toContain("پیوستی ندارم");
    await h.text(citizen, NOT_NOW);
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).toContain(NOT_NOW);
    await h.text(citizen, NOT_NOW);
    await h.contact(citizen, "989121234567");
    expect(h.replyKeyboard(citizen)).toEqual([[{ text: NOT_NOW }], [{ text: "↩️ مرحلهٔ قبل" }, { text: "❌ انصراف" }]]);
    expect(h.calls.some((c) => JSON.stringify(c.payload).includes("رد شدن"))).toBe(false);
  });

  it("counts text limits in «حرف», not «نویسه»", async () => {
    await walkTo(h, citizen, "description");
    expect(h.lastText(citizen)).toContain("(بین ۲۰ تا ۳٬۰۰۰ حرف)");
    expect(h.calls.some((c) => JSON.stringify(c.payload).includes("نویسه"))).toBe(false);
  });

  it("shows citizens a plain status, «بسته شد؛ مشکل رفع شد», where agencies read «مختومه - رفع شد»", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    const row = await onlyCase(database.db);
    await postAgencyEvent(database.db, { code: row.trackingCode, actor: { kind: "agency_key", keyId: 0, agencyId: row.agencyId! }, eventId: "ev-plain-1", input: { type: "status", status: "resolved" } });
    await h.text(citizen, "🔎 پیگیری با کد رهگیری");
    await h.text(citizen, code);
    const view = h.lastText(citizen);
    expect(view).toContain("وضعیت: بسته شد؛ مشکل رفع شد");
    expect(view).not.toContain("مختومه");
  });
});

describe("lists", () => {
  it("puts the agencies used most first, then the rest in Persian alphabetical order, with a page counter", async () => {
    const catalogCache = new CatalogCache();
    h = new BotHarness(database.db, { catalogCache });
    await fileCaseAsCitizen(h, citizen);
    // A process counts the agencies' use at most every ten minutes (core/agency-usage.ts): the order shows the
    // filing once the count is read again (here at once; in a running app within ten minutes).
    catalogCache.clear();
    await walkTo(h, citizen, "agency");
    const names = (await database.db.select().from(agencies)).map((a) => a.nameFa).filter((n) => n !== "سازمان تأمین اجتماعی");
    const expected = ["سازمان تأمین اجتماعی", ...names.sort(new Intl.Collator("fa").compare)].slice(0, 8);
    const pages = Math.ceil((names.length + 1) / 8);
    expect(h.inlineLabels(citizen).slice(0, 8)).toEqual(expected);
    expect(h.lastText(citizen)).toContain(`صفحهٔ ۱ از ${toPersianDigits(pages)}`);
  });

  it("puts «next» on the left of a right-to-left row, its arrow pointing left, and counts the pages", async () => {
    await walkTo(h, citizen, "agency");
    await h.tap(citizen, "بعدی");
    const rows = h.sent(citizen).at(-1)!.payload.reply_markup.inline_keyboard as { text: string }[][];
    expect(rows.find((r) => r.some((b) => b.text.includes("قبلی")))!.map((b) => b.text)).toEqual(["بعدی ◀️", "▶️ قبلی"]);
    expect(h.lastText(citizen)).toContain("صفحهٔ ۲ از");
  });
});
