import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileCase } from "../../core/cases.ts";
import { toPersianDigits } from "../../core/persian.ts";
import type { Database } from "../../db/client.ts";
import { agencies, counties, provinces, users } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { codeInText, fileCaseAsCitizen } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 9001;
const other = 9002;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const openMyCases = () => h.text(citizen, "📂 پرونده‌های من");

/** Files `n` cases for a citizen straight through core (numbered subjects, oldest first); returns their codes. */
async function fileCasesFor(platformUserId: number, n: number, subject = (i: number) => `پرونده آزمایشی شماره ${i}`): Promise<string[]> {
  await h.text(platformUserId, "/start");
  const db = database.db;
  const [user] = await db.select().from(users).where(and(eq(users.platform, "telegram"), eq(users.platformUserId, platformUserId)));
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, "tax"));
  const [province] = await db.select().from(provinces).where(eq(provinces.code, "THR"));
  const [county] = await db.select().from(counties).where(eq(counties.provinceId, province.id)).limit(1);
  const codes: string[] = [];
  for (let i = 1; i <= n; i++) {
    const filed = await fileCase(db, {
      platform: "telegram",
      userId: user.id,
      kind: "request",
      agencyId: agency.id,
      provinceId: province.id,
      countyId: county.id,
      subject: subject(i),
      description: "شرح آزمایشی پرونده برای فهرست پرونده‌های من.",
      anonymous: false,
      contactPhoneVerified: false,
      attachments: [],
      clientKey: `test:${platformUserId}:${i}`,
    });
    codes.push(filed.trackingCode);
  }
  return codes;
}

describe("my cases", () => {
  it("says so when the citizen has no cases yet", async () => {
    await openMyCases();
    expect(h.lastText(citizen)).toBe("هنوز پرونده‌ای ثبت نکرده‌اید. برای شروع «ثبت درخواست / شکایت» را بزنید.");
    expect(await h.step(citizen)).toBeNull();
  });

  it("works with the /mycases command too", async () => {
    await fileCaseAsCitizen(h, citizen);
    await h.text(citizen, "/mycases");
    expect(h.lastText(citizen)).toContain("📂 پرونده‌های شما (۱ پرونده) — صفحهٔ ۱ از ۱");
  });

  it("lists seven cases newest first, five to a page, with next and previous", async () => {
    const codes = await fileCasesFor(citizen, 7);
    await openMyCases();
    const page1 = h.lastText(citizen);
    expect(page1).toContain("📂 پرونده‌های شما (۷ پرونده) — صفحهٔ ۱ از ۲");
    const order = [7, 6, 5, 4, 3].map((i) => page1.indexOf(`پرونده آزمایشی شماره ${i}`));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page1).not.toContain("شماره 2");
    expect(page1).toContain(`۱. 🔖 ${codeInText(codes[6])} — درخواست: \u2068پرونده آزمایشی شماره 7\u2069`);
    expect(page1).toContain("وضعیت: ثبت شد");
    expect(h.inlineLabels(citizen)).toContain("بعدی ◀️");
    expect(h.inlineLabels(citizen)).not.toContain("▶️ قبلی");

    await h.tap(citizen, "بعدی ◀️");
    const page2 = h.lastText(citizen);
    expect(page2).toContain("📂 پرونده‌های شما (۷ پرونده) — صفحهٔ ۲ از ۲");
    expect(page2).toContain(`۶. 🔖 ${codeInText(codes[1])}`);
    expect(page2).toContain(`۷. 🔖 ${codeInText(codes[0])}`);
    expect(page2).not.toContain("شماره 3");
    expect(h.inlineLabels(citizen)).toContain("▶️ قبلی");
    expect(h.inlineLabels(citizen)).not.toContain("بعدی ◀️");

    await h.tap(citizen, "▶️ قبلی");
    expect(h.lastText(citizen)).toContain("صفحهٔ ۱ از ۲");
  });

  it("lists only the citizen's own cases", async () => {
    await fileCasesFor(other, 2, (i) => `پرونده شهروند دیگر ${i}`);
    await fileCasesFor(citizen, 1);
    await openMyCases();
    expect(h.lastText(citizen)).toContain("(۱ پرونده)");
    expect(h.lastText(citizen)).not.toContain("شهروند دیگر");
  });

  it("opens a case with its status history, and goes back to the list", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    await openMyCases();
    await h.tap(citizen, code);
    const detail = h.lastText(citizen);
    expect(detail).toContain(`🔖 پرونده ${codeInText(code)}`);
    expect(detail).toContain("نوع: شکایت");
    expect(detail).toContain("وضعیت: ثبت شد");
    expect(detail).toContain("دستگاه: سازمان تأمین اجتماعی / مستمری و بازنشستگی");
    expect(detail).toContain("محل: تهران، تهران");
    expect(detail).toContain("عنوان: \u2068تأخیر در پرداخت مستمری\u2069");
    expect(detail).toContain("🕘 سابقهٔ وضعیت:");
    // One event: a Jalali date and Tehran time in Persian digits, then the status label.
    expect(detail).toMatch(/• [۰-۹]{1,2} \S+ [۰-۹]{4}\D{1,8}[۰-۹]{2}:[۰-۹]{2} — ثبت شد/);
    expect(await h.step(citizen)).toBe("my_cases/detail");

    await h.tap(citizen, "↩️ بازگشت به فهرست");
    expect(h.lastText(citizen)).toContain("📂 پرونده‌های شما (۱ پرونده)");
    expect(await h.step(citizen)).toBe("my_cases/list");
  });

  it("refuses a forged button that opens another citizen's case", async () => {
    const [foreign] = await fileCasesFor(other, 1);
    await fileCasesFor(citizen, 1);
    await openMyCases();
    const { version } = await h.state(citizen);
    await h.press(citizen, `${version}:v:${foreign}`);
    expect(h.lastToast()).toBe("پرونده‌ای با این کد رهگیری در میان پرونده‌های شما پیدا نشد.");
    expect(h.lastText(citizen)).not.toContain("شهروند دیگر");
    expect(await h.step(citizen)).toBe("my_cases/list");
  });

  it("gives way to a menu button while the list is open", async () => {
    await fileCasesFor(citizen, 1);
    await openMyCases();
    await h.text(citizen, "🔎 پیگیری با کد رهگیری");
    expect(h.lastText(citizen)).toBe("🔎 کد رهگیری پرونده را بفرستید (با رقم فارسی یا انگلیسی، با فاصله یا بی‌فاصله):");
    expect(await h.step(citizen)).toBe("track_case/ask");
  });
});

describe("my cases with unusual data", () => {
  it("cuts a long subject in the button without splitting an emoji", async () => {
    // An emoji is two UTF-16 units: cutting the second emoji at 30 units would leave half of it, which
    // the Bot API refuses as invalid UTF-8 (the whole list would then fail to show).
    await fileCasesFor(citizen, 1, () => `😡${"ب".repeat(27)}😡 و ادامهٔ عنوان`);
    await openMyCases();
    const label = h.inlineLabels(citizen)[0];
    expect(label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(label).toContain(`😡${"ب".repeat(27)}😡…`);
  });

  it("shows the last page for a forged page number beyond the end", async () => {
    await fileCasesFor(citizen, 7);
    await openMyCases();
    const { version } = await h.state(citizen);
    await h.press(citizen, `${version}:pg:99`);
    expect(h.lastText(citizen)).toContain("صفحهٔ ۲ از ۲");
    expect(h.lastText(citizen)).toContain("پرونده آزمایشی شماره 1");
  });
});
