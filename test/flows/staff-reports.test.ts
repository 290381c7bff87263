import { asc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { monthName, quarterOf, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { quarterName } from "../../core/quarterly-reports.ts";
import type { Database } from "../../db/client.ts";
import { activities, monthlyReports, monthlyReportVersions, networkMembers, users } from "../../db/schema.ts";
import type { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { fileCaseAsCitizen } from "../support/filing.ts";
import { inviteCodeIn, inviteInChat, joinAs, logActivityInChat, staffChat } from "../support/staff.ts";
import { drain } from "../workers/citizen-messages-helpers.ts";

let database: Database;
let h: BotHarness;
let app: FastifyInstance;
const admin = 7000;
const assistant = 7001;
const provincial = 7002;
const citizen = 7003;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  ({ h, app } = await staffChat(database.db, [admin]));
});

async function registerMember(userId: number, kind: string, form: string, name: string, domain: string, phone: string | null) {
  await h.text(userId, "🤝 شبکهٔ مردمی");
  await h.tap(userId, "عضو تازه");
  await h.tap(userId, kind);
  await h.tap(userId, form);
  await h.text(userId, name);
  await h.tap(userId, domain);
  if (phone) await h.text(userId, phone);
  else await h.tap(userId, "فعلاً نه");
  await h.tap(userId, "فعلاً نه");
  expect(h.lastText(userId)).toContain(name);
}

describe("the popularization network, end to end through the webhook", () => {
  it("invites an assistant, who registers members, logs activities and reports; the province returns, then accepts it", async () => {
    const thisMonth = monthName(tehranJalaliDay(new Date()), "fa");
    await fileCaseAsCitizen(h, citizen); // Tehran county, this month

    await joinAs(h, admin, assistant, "دستیار مردمی‌سازی", ["تهران", "تهران"]);
    expect(h.lastText(assistant)).toContain("دستیار مردمی‌سازی شهرستان تهران (استان تهران)");
    expect(h.replyKeyboard(assistant).flat().map((b) => b.text)).toEqual(expect.arrayContaining(["🤝 شبکهٔ مردمی", "➕ ثبت فعالیت", "📊 گزارش ماهانه", "📝 ثبت درخواست / شکایت"]));
    const commands = h.calls.filter((c) => c.method === "setMyCommands" && c.payload.scope?.chat_id === assistant).at(-1);
    expect(commands?.payload.commands.map((c: { command: string }) => c.command)).toEqual(expect.arrayContaining(["network", "activity", "report", "new"]));
    await joinAs(h, admin, provincial, "نمایندهٔ مردمی‌سازی استانداری", ["تهران"]);

    await registerMember(assistant, "همیار مردمی", "فرد", "علی رضایی", "اجتماعی", "۰۹۱۲۱۱۱۲۲۲۳");
    await registerMember(assistant, "حلقهٔ میانی", "گروه", "حلقهٔ مسجد جامع", "مذهبی", null);
    const members = await database.db.select().from(networkMembers).orderBy(asc(networkMembers.id));
    expect(members.map((m) => [m.name, m.kind, m.form, m.phone])).toEqual([
      ["علی رضایی", "helper", "person", "+989121112223"],
      ["حلقهٔ مسجد جامع", "circle", "group", null],
    ]);

    await logActivityInChat(h, assistant, "نشست تخصصی با دستگاه‌ها", "۲۵", "علی رضایی", "نشست با ادارهٔ آب دربارهٔ قطعی‌های تابستان");
    await logActivityInChat(h, assistant, "پیشنهاد مردمی", "12", "حلقهٔ مسجد جامع", "پیشنهاد ایستگاه اتوبوس در خیابان اصلی محله");
    await logActivityInChat(h, assistant, "شناسایی فرایند زائد یا طولانی", "3", null, "استعلام تکراری مدارک در پروندهٔ بازنشستگی");
    expect(await database.db.select().from(activities)).toHaveLength(3);

    await h.text(assistant, "📊 گزارش ماهانه");
    await h.tap(assistant, thisMonth);
    const draft = h.lastText(assistant);
    expect(draft).toContain("فعالیت‌ها: ۳ (شرکت‌کنندگان: ۴۰ نفر)");
    expect(draft).toContain("پیشنهادها و فرایندهای شناسایی‌شده: ۲");
    expect(draft).toContain("در فعالیت‌های این ماه: ۲");
    expect(draft).toContain("پرونده‌های مردمی شهرستان در این ماه: ۱");
    await h.tap(assistant, "✏️ شرح");
    await h.text(assistant, "این ماه سه فعالیت با حضور شبکه برگزار شد.");
    await h.tap(assistant, "✏️ موانع");
    await h.text(assistant, "کمبود همکاری برخی دستگاه‌ها در پاسخ به نامه‌ها.");
    await h.tap(assistant, "ارسال برای نماینده استان");
    expect(h.lastText(assistant)).not.toContain("خالی است");
    await h.tap(assistant, "بله، ارسال شود");
    expect(h.lastText(assistant)).toContain("نسخهٔ ۱");

    await drain(database.db, h);
    expect(h.lastText(provincial)).toContain("گزارش ماهانهٔ " + thisMonth + " شهرستان تهران رسید");
    await h.tap(provincial, "دیدن گزارش");
    expect(h.lastText(provincial)).toContain("کمبود همکاری برخی دستگاه‌ها");
    await h.tap(provincial, "برگشت برای اصلاح");
    await h.text(provincial, "لطفاً پیشنهادهای شبکه را هم بنویسید.");
    await drain(database.db, h);
    expect(h.lastText(assistant)).toContain("لطفاً پیشنهادهای شبکه را هم بنویسید.");

    await h.text(assistant, "📊 گزارش ماهانه");
    await h.tap(assistant, thisMonth);
    expect(h.lastText(assistant)).toContain("برگشت‌خورده برای اصلاح");
    await h.tap(assistant, "✏️ پیشنهادها");
    await h.text(assistant, "ایجاد میز خدمت سیار در روستاها.");
    await h.tap(assistant, "ارسال برای نماینده استان");
    await h.tap(assistant, "بله، ارسال شود");
    expect(h.lastText(assistant)).toContain("نسخهٔ ۲");
    await drain(database.db, h);
    await h.tap(provincial, "دیدن گزارش");
    expect(h.lastText(provincial)).toContain("ایجاد میز خدمت سیار");
    const shownReport = h.findButton(provincial, "پذیرش").messageId;
    expect(h.shownMessage(provincial, shownReport)?.text).toContain("در انتظار بررسی");
    await h.tap(provincial, "پذیرش");
    // The report's own message now says it was accepted, without the buttons to decide again.
    expect(h.shownMessage(provincial, shownReport)).toEqual({ text: expect.stringContaining("پذیرفته‌شده"), buttons: [] });
    expect(h.shownMessage(provincial, shownReport)?.text).not.toContain("در انتظار بررسی");
    await drain(database.db, h);
    expect(h.lastText(assistant)).toContain("پذیرفته شد");

    const [report] = await database.db.select().from(monthlyReports);
    expect(report.status).toBe("accepted");
    const versions = await database.db.select().from(monthlyReportVersions).orderBy(asc(monthlyReportVersions.version));
    expect(versions.map((v) => [v.version, v.decision, v.proposals])).toEqual([
      [1, "returned", null],
      [2, "accepted", "ایجاد میز خدمت سیار در روستاها."],
    ]);
    expect((versions[1].figures as { activities: { total: number } }).activities.total).toBe(3);

    // The province's quarterly draft counts the accepted report.
    const today = tehranJalaliDay(new Date());
    await h.text(provincial, "📈 گزارش فصلی");
    await h.tap(provincial, quarterName({ jy: today.jy, quarter: quarterOf(today.jm) }, "fa"));
    const quarter = h.lastText(provincial);
    expect(quarter).toContain("فعالیت‌ها: ۳ (شرکت‌کنندگان: ۴۰ نفر)");
    expect(quarter).toMatch(/• تهران: .*✅/);
  });
});

describe("invites", () => {
  it("answers a wrong, a used and an expired code alike, and holds off a guesser after five tries", async () => {
    const code = await inviteInChat(h, admin, "مدیر سامانه", []);
    await h.text(assistant, `/join ${code.toLowerCase()}`);
    expect(h.lastText(assistant)).toContain("خوش آمدید");
    await h.text(provincial, `/join ${code}`);
    const used = h.lastText(provincial);
    await h.text(provincial, "/join ABCDEFGHJKMN");
    expect(h.lastText(provincial)).toBe(used);
    for (let i = 0; i < 3; i++) await h.text(provincial, "/join ZZZZZZZZZZZZ");
    const fresh = await inviteInChat(h, admin, "مدیر سامانه", []);
    await h.text(provincial, `/start ${fresh}`);
    expect(h.lastText(provincial)).toContain("یک ساعت دیگر");
    const [row] = await database.db.select().from(users).where(eq(users.platformUserId, provincial));
    expect(row.roles).toEqual([]);
  });

  it("warns before an empty monthly report goes: no activity logged and no word written", async () => {
    const thisMonth = monthName(tehranJalaliDay(new Date()), "fa");
    await joinAs(h, admin, assistant, "دستیار مردمی‌سازی", ["تهران", "تهران"]);
    await h.text(assistant, "📊 گزارش ماهانه");
    await h.tap(assistant, thisMonth);
    await h.tap(assistant, "ارسال برای نماینده استان");
    expect(h.lastText(assistant)).toContain("⚠️ این گزارش خالی است");
    await h.tap(assistant, "هنوز نه");
    expect(await h.step(assistant)).toBe("monthly_report/report");
  });

  it("treats a staff command from a citizen like an unknown command, and shows no staff menu", async () => {
    await h.text(citizen, "/start");
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).not.toContain("🤝 شبکهٔ مردمی");
    for (const command of ["/network", "/activity", "/report", "/reviews", "/invite", "/staff"]) {
      await h.text(citizen, command);
      expect(h.lastText(citizen)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
    }
    await h.text(citizen, "🎟 دعوت همکار");
    expect(h.lastText(citizen)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
  });

  it("shows the code only once and keeps only its hash: the reply queue forgets the sent message's text", async () => {
    const code = await inviteInChat(h, admin, "دستیار مردمی‌سازی", ["تهران", "تهران"]);
    expect(JSON.stringify(await database.db.execute(`select * from invites`))).not.toContain(code);
    expect(JSON.stringify(await database.db.execute(`select * from chat_replies`))).not.toContain(code);
    expect(inviteCodeIn(h.lastText(admin))).toBe(code);
    const sent = h.calls.find((c) => c.method === "sendMessage" && String(c.payload.text).includes(code))!;
    expect(Object.keys(sent.payload).filter((k) => k.startsWith("$"))).toEqual([]);
  });
});
