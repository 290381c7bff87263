import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { InputFile } from "grammy";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { periodName, recentPeriods } from "../../core/jalali-periods.ts";
import type { InviteRegion } from "../../core/invites.ts";
import type { Database, Db } from "../../db/client.ts";
import { agencies, counties } from "../../db/schema.ts";
import { CHAT_EXPORT_MAX_ROWS } from "../../flows/staff/export.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";
import { monthlyReportWith } from "../support/reports.ts";
import { joinWithInvite } from "../support/staff.ts";
import { caseWithSurvey } from "../support/surveys.ts";

// /export in chat: staff choose a list and a recent period and get an XLSX document of what they may see,
// with a Persian caption. The file is checked as the chat sender uploads it after the commit.

let database: Database;
let db: Db;
let h: BotHarness;
const ADMIN = 7500;
const users = { citizen: 7501, assistant: 7502, provincial: 7503, ministry: 7504, admin: ADMIN };
const UNKNOWN = "این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.";
let karaj: { id: number; provinceId: number };
let codes: { karaj: string; elsewhere: string };

const now = new Date();
const periods = recentPeriods(now);
const today = tehranJalaliDay(now);

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(db, { adminIds: [ADMIN] });
  [karaj] = await db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  const [tamin] = await db.select().from(agencies).where(eq(agencies.code, "tamin"));
  const regions: [number, InviteRegion][] = [
    [users.assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId }],
    [users.provincial, { role: "provincial", provinceId: karaj.provinceId }],
    [users.ministry, { role: "ministry", agencyId: tamin.id }],
  ];
  for (const [user, region] of regions) await joinWithInvite(h, db, user, region);
  codes = {
    karaj: await caseWithSurvey(db, { agency: "tamin", province: "ALB", county: karaj.id, askedOn: today, answer: { solved: "no", rating: 2, comment: "پاسخی نگرفتم" } }),
    elsewhere: await caseWithSurvey(db, { agency: "water", askedOn: today, answer: { solved: "yes", rating: 5 } }),
  };
  await monthlyReportWith(db, { countyId: karaj.id, provinceId: karaj.provinceId, month: today, status: "submitted", obstacles: "کمبود اعتبار", versions: [{ activities: 4 }] });
});

/** The newest document sent to a chat, opened from the bytes the sender uploaded for it. */
async function lastDocument(chatId: number) {
  const call = h.calls.filter((c) => c.method === "sendDocument" && c.payload.chat_id === chatId).at(-1);
  expect(call, "a document").toBeDefined();
  const upload = call!.payload.document;
  expect(upload).toBeInstanceOf(InputFile);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from((await upload.toRaw()) as Uint8Array) as never);
  const rows = book.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  return { caption: call!.payload.caption as string, fileName: upload.filename as string, header: rows[0] as string[], rows: rows.slice(1) };
}

async function exportInChat(userId: number, what: string, period: string) {
  await h.text(userId, "/export");
  await h.tap(userId, what);
  await h.tap(userId, period);
}

describe("/export", () => {
  it("offers each role only the lists that can hold something for it", async () => {
    const offered = async (userId: number) => {
      await h.text(userId, "/export");
      return h.inlineLabels(userId);
    };
    expect(await offered(users.assistant)).toEqual(["نظرسنجی‌ها", "گزارش‌های ماهانه"]);
    expect(await offered(users.provincial)).toEqual(["نظرسنجی‌ها", "گزارش‌های ماهانه", "گزارش‌های فصلی"]);
    expect(await offered(users.ministry)).toEqual(["نظرسنجی‌ها", "گزارش‌های ماهانه", "گزارش‌های فصلی"]);
    expect(await offered(users.admin)).toEqual(["پرونده‌ها", "نظرسنجی‌ها", "گزارش‌های ماهانه", "گزارش‌های فصلی"]);
  });

  it("sends an assistant its county's surveys as XLSX, without tracking codes or comments, and says why", async () => {
    await exportInChat(users.assistant, "نظرسنجی‌ها", periodName(periods.thisMonth, "fa"));
    const doc = await lastDocument(users.assistant);
    expect(doc.fileName).toBe(`surveys-${periods.thisMonth.label}.xlsx`);
    expect(doc.caption).toContain(`📤 نظرسنجی‌ها — ${periodName(periods.thisMonth, "fa")}: ۱ ردیف`);
    expect(doc.caption).toContain("کد رهگیری و نظر شهروندان در این فایل نیست");
    expect(doc.header).not.toContain("کد رهگیری");
    expect(doc.header).toContain("پرسش (شمسی)");
    expect(doc.rows).toHaveLength(1);
    expect(doc.rows[0]).toContain("tamin");
    expect(JSON.stringify(doc.rows)).not.toContain(codes.karaj);
    expect(JSON.stringify(doc.rows)).not.toContain("پاسخی نگرفتم");
  });

  it("sends an admin the surveys with tracking codes, and the monthly reports whole", async () => {
    await exportInChat(users.admin, "نظرسنجی‌ها", periodName(periods.thisYear, "fa"));
    const surveys = await lastDocument(users.admin);
    expect(surveys.header[0]).toBe("کد رهگیری");
    expect(surveys.rows.map((r) => r[0]).sort()).toEqual([codes.karaj, codes.elsewhere].sort());
    expect(surveys.caption).not.toContain("کد رهگیری");

    await exportInChat(users.admin, "گزارش‌های ماهانه", periodName(periods.thisMonth, "fa"));
    const reports = await lastDocument(users.admin);
    expect(reports.header.slice(0, 2)).toEqual(["دوره", "ماه"]);
    expect(reports.rows).toHaveLength(1);
    expect(reports.rows[0]).toContain("کمبود اعتبار");
  });

  it("offers a quarterly export only quarters and the year, and sends the header alone when there is nothing", async () => {
    await h.text(users.provincial, "/export");
    await h.tap(users.provincial, "گزارش‌های فصلی");
    expect(h.inlineLabels(users.provincial)).toEqual([periods.thisQuarter, periods.lastQuarter, periods.thisYear].map((p) => periodName(p, "fa")));
    await h.tap(users.provincial, periodName(periods.lastQuarter, "fa"));
    const doc = await lastDocument(users.provincial);
    expect(doc.caption).toContain("فایل فقط سرستون‌ها را دارد");
    expect(doc.header[0]).toBe("دوره");
    expect(doc.rows).toEqual([]);
  });

  it("is an unknown command to a citizen", async () => {
    await h.text(users.citizen, "/export");
    expect(h.lastText(users.citizen)).toBe(UNKNOWN);
  });

  it(`stops a chat file at ${CHAT_EXPORT_MAX_ROWS} rows and points to the API for the rest`, async () => {
    await seedQuarterOfCases(db, { from: periods.thisYear.from, to: now, cases: CHAT_EXPORT_MAX_ROWS, tag: "cap" });
    await db.execute(sql`insert into surveys (case_id, asked_at) select id, created_at from cases on conflict (case_id) do nothing`);
    await exportInChat(users.admin, "نظرسنجی‌ها", periodName(periods.thisYear, "fa"));
    const doc = await lastDocument(users.admin);
    expect(doc.rows).toHaveLength(CHAT_EXPORT_MAX_ROWS);
    expect(doc.caption).toContain("این فایل فقط ۲۰۰۰۰ ردیف نخست را دارد");
    expect(doc.caption).toContain(`GET /v1/exports/surveys?period=${periods.thisYear.label}`);
  }, 120_000);
});
