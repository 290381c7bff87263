import { asc } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { monthName, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { quarterName, reportableQuarters } from "../../core/quarterly-reports.ts";
import type { Database } from "../../db/client.ts";
import { quarterlyReports, quarterlyReportVersions } from "../../db/schema.ts";
import type { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinAs, logActivityInChat, staffChat, submitMonthlyInChat } from "../support/staff.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { monthlyReportWith } from "../support/reports.ts";
import { drain } from "../workers/citizen-messages-helpers.ts";

let database: Database;
let h: BotHarness;
const admin = 7100;
const assistant = 7101;
const provincial = 7102;
const otherAdmin = 7103; // in ADMIN_IDS, never wrote to the bot
const ministry = 7104;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  ({ h } = await staffChat(database.db, [admin, otherAdmin]));
});

describe("the province's quarterly report, end to end through the webhook", () => {
  it("drafts the quarter from an accepted monthly report, and the admin is told when the representative sends it", async () => {
    const thisMonth = monthName(tehranJalaliDay(new Date()), "fa");
    const thisQuarter = quarterName(reportableQuarters()[0], "fa");
    await joinAs(h, admin, assistant, "دستیار مردمی‌سازی", ["تهران", "تهران"]);
    await joinAs(h, admin, provincial, "نمایندهٔ مردمی‌سازی استانداری", ["تهران"]);
    expect(h.replyKeyboard(provincial).flat().map((b) => b.text)).toContain("📈 گزارش فصلی");

    await logActivityInChat(h, assistant, "نشست تخصصی با دستگاه‌ها", "۲۵", null, "نشست با ادارهٔ آب دربارهٔ قطعی‌های تابستان");
    await submitMonthlyInChat(h, assistant, thisMonth, "کمبود همکاری برخی دستگاه‌ها در پاسخ به نامه‌ها.");
    await drain(database.db, h);
    await h.tap(provincial, "دیدن گزارش");
    await h.tap(provincial, "پذیرش");

    await h.text(provincial, "📈 گزارش فصلی");
    await h.tap(provincial, thisQuarter);
    const draft = h.lastText(provincial);
    expect(draft).toContain(`📈 گزارش فصلی ${thisQuarter} استان تهران`);
    expect(draft).toMatch(/گزارش‌های ماهانهٔ رسیده: ۱ از [۰-۹]+/);
    expect(draft).toContain(`تهران: `);
    expect(draft).toContain(`${thisMonth.split(" ")[0]} ✅`);
    // The months are listed with «،», not «·» («مهر — · آبان —» read as "Aban 0").
    expect(draft).not.toContain("·");
    expect(draft).toContain("فعالیت‌ها: ۱ (شرکت‌کنندگان: ۲۵ نفر)");
    expect(draft).toContain("کمبود همکاری برخی دستگاه‌ها");
    await h.tap(provincial, "✏️ شرح");
    await h.text(provincial, "در این فصل یک شهرستان گزارش داد.");
    await h.tap(provincial, "ارسال برای مدیران سامانه");
    await h.tap(provincial, "بله، ارسال شود");
    expect(h.lastText(provincial)).toContain(`گزارش فصلی ${thisQuarter} (نسخهٔ ۱) برای مدیران سامانه فرستاده شد`);

    await drain(database.db, h);
    expect(h.lastText(admin)).toContain(`گزارش فصلی ${thisQuarter} استان تهران رسید (نسخهٔ ۱`);
    expect(h.sent(otherAdmin)).toEqual([]);
    const [report] = await database.db.select().from(quarterlyReports);
    expect(report).toMatchObject({ status: "submitted", version: 1, narrative: "در این فصل یک شهرستان گزارش داد." });
    const versions = await database.db.select().from(quarterlyReportVersions).orderBy(asc(quarterlyReportVersions.version));
    expect(versions).toHaveLength(1);
    expect((versions[0].figures as { totals: { activities: { total: number }; reports: number } }).totals).toMatchObject({ reports: 1, activities: { total: 1 } });

    // The admin opens it from the notice's button, and finds it again in the menu.
    await h.tap(admin, "📊 دیدن گزارش");
    const opened = h.lastText(admin);
    expect(opened).toContain(`📈 گزارش فصلی ${thisQuarter} استان تهران`);
    expect(opened).toContain("ارسال‌شده برای مدیران سامانه (نسخهٔ ۱)");
    expect(opened).toContain("در این فصل یک شهرستان گزارش داد.");
    expect(opened).toContain("فعالیت‌ها: ۱ (شرکت‌کنندگان: ۲۵ نفر)");
    expect(h.replyKeyboard(admin).flat().map((b) => b.text)).toContain("📈 گزارش‌های فصلی استان‌ها");
    await h.text(admin, "📈 گزارش‌های فصلی استان‌ها");
    expect(h.lastText(admin)).toContain("گزارش‌های فصلی رسیده از استان‌ها");
    await h.tap(admin, `تهران، ${thisQuarter}، نسخهٔ ۱`);
    expect(h.lastText(admin)).toContain("در این فصل یک شهرستان گزارش داد.");
    // The representative writes on after sending: the admins still read what was sent.
    await h.text(provincial, "📈 گزارش فصلی");
    await h.tap(provincial, thisQuarter);
    await h.tap(provincial, "✏️ شرح");
    await h.text(provincial, "متنی که هنوز فرستاده نشده است.");
    await h.text(admin, "/quarterlies");
    await h.tap(admin, `تهران، ${thisQuarter}، نسخهٔ ۱`);
    expect(h.lastText(admin)).toContain("در این فصل یک شهرستان گزارش داد.");
    expect(h.lastText(admin)).not.toContain("هنوز فرستاده نشده");
    // Nobody else has it: the representative's menu lacks it, and a forged button shows nothing.
    await h.text(provincial, "/cancel");
    expect(h.replyKeyboard(provincial).flat().map((b) => b.text)).not.toContain("📈 گزارش‌های فصلی استان‌ها");
    await h.text(provincial, "/quarterlies");
    expect(h.lastText(provincial)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
  });

  it("tells an admin when no province has sent one yet", async () => {
    await h.text(admin, "/start");
    await h.text(admin, "📈 گزارش‌های فصلی استان‌ها");
    expect(h.lastText(admin)).toContain("هنوز هیچ استانی گزارش فصلی نفرستاده است");
  });

  it("is not there for an assistant: /quarterly answers like an unknown command", async () => {
    await joinAs(h, admin, assistant, "دستیار مردمی‌سازی", ["تهران", "تهران"]);
    await h.text(assistant, "/quarterly");
    expect(h.lastText(assistant)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
  });

  it("shows a ministry representative its agency's share of the month's reports, and nothing of another agency", async () => {
    const today = tehranJalaliDay(new Date());
    const thr = await region(database.db, "THR");
    await monthlyReportWith(database.db, {
      countyId: thr.countyIds[0],
      provinceId: thr.provinceId,
      month: today,
      status: "accepted",
      obstacles: "کمبود بودجه",
      versions: [{ activities: 4, cases: { health: [3, 2, 1], education: [9, 9, 0] }, linked: { health: 2 } }],
    });
    await joinAs(h, admin, ministry, "نمایندهٔ وزیر / رئیس دستگاه", ["وزارت بهداشت، درمان و آموزش پزشکی"]);
    await h.text(ministry, "📊 سهم دستگاه از گزارش‌ها");
    await h.tap(ministry, monthName(today, "fa"));
    const shown = h.lastText(ministry);
    expect(shown).toContain("سهم وزارت بهداشت، درمان و آموزش پزشکی");
    expect(shown).toContain("۱ شهرستان — فعالیت‌های مرتبط: ۲ — پرونده‌ها: ۳ (پاسخ‌داده ۲، دیرکرد ۱)");
    expect(shown).not.toContain("آموزش و پرورش");
    expect(shown).not.toContain("کمبود بودجه");
    await h.text(assistant, "/agencyreports");
    expect(h.lastText(assistant)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
  });
});
