import { asc, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, Db } from "../../db/client.ts";
import { counties, quarterlyReports } from "../../db/schema.ts";
import { monthlyReportEscalation } from "../../cron/monthly-report-escalation.ts";
import { monthlyReportReminders } from "../../cron/monthly-report-reminders.ts";
import { quarterlyReportReminders } from "../../cron/quarterly-report-reminders.ts";
import type { Job } from "../../cron/job.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { schedulerOn, tehran } from "../support/cron.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { monthlyReportWith, staffMember } from "../support/reports.ts";
import { drain } from "../workers/citizen-messages-helpers.ts";

// The report jobs as the staff see them: what arrives in whose chat, and that it arrives once.

let database: Database;
let db: Db;
let h: BotHarness;
let thr: { provinceId: number; countyIds: number[] };
let alb: { provinceId: number; countyIds: number[] };
const nameOf = new Map<number, { fa: string; en: string }>();

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
  alb = await region(db, "ALB");
  const rows = await db.select().from(counties).where(inArray(counties.provinceId, [thr.provinceId, alb.provinceId])).orderBy(asc(counties.id));
  for (const c of rows) nameOf.set(c.id, { fa: c.nameFa, en: c.nameEn });
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(db);
});

/** Runs the job's due slots at a Tehran moment, then delivers what it queued to the chats. */
async function runAt(job: Job, moment: string): Promise<void> {
  await schedulerOn(db, { now: tehran(moment) }, [job]).runDue();
  await drain(db, h);
}

const texts = (chatId: number) => h.sent(chatId).map((c) => c.payload.text as string);
const azar = { jy: 1405, jm: 9 };

describe("monthly report reminders", () => {
  it("from the 25th remind the assistants whose county has not sent the month's report, in their language; a submitted or accepted report gets none", async () => {
    const [sent, accepted, drafted, returned, missing] = thr.countyIds;
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: sent, provinceId: p, month: azar, status: "submitted" });
    await monthlyReportWith(db, { countyId: accepted, provinceId: p, month: azar, status: "accepted" });
    await monthlyReportWith(db, { countyId: drafted, provinceId: p, month: azar, status: "draft" });
    await monthlyReportWith(db, { countyId: returned, provinceId: p, month: azar, status: "returned" });
    // Last month's report does not count for this month.
    await monthlyReportWith(db, { countyId: missing, provinceId: p, month: { jy: 1405, jm: 8 }, status: "accepted" });
    const people = {
      sent: await staffMember(db, "assistant", { provinceId: p, countyId: sent }),
      accepted: await staffMember(db, "assistant", { provinceId: p, countyId: accepted }),
      drafted: await staffMember(db, "assistant", { provinceId: p, countyId: drafted }),
      returned: await staffMember(db, "assistant", { provinceId: p, countyId: returned }, "en"),
      missing: await staffMember(db, "assistant", { provinceId: p, countyId: missing }),
      provincial: await staffMember(db, "provincial", { provinceId: p }),
    };

    await runAt(monthlyReportReminders, "1405-09-24 10:30");
    expect(Object.values(people).flatMap((x) => texts(x.chatId))).toEqual([]);

    await runAt(monthlyReportReminders, "1405-09-25 10:30");
    expect(texts(people.sent.chatId)).toEqual([]);
    expect(texts(people.accepted.chatId)).toEqual([]);
    expect(texts(people.provincial.chatId)).toEqual([]);
    expect(texts(people.drafted.chatId)).toEqual([
      `⏰ یادآوری: گزارش ماهانهٔ آذر ۱۴۰۵ شهرستان ${nameOf.get(drafted)!.fa} هنوز ارسال نشده است. ۶ روز تا پایان ماه مانده است.\nاز «📊 گزارش ماهانه» آن را کامل و ارسال کنید.`,
    ]);
    expect(texts(people.missing.chatId)).toHaveLength(1);
    expect(texts(people.returned.chatId)).toEqual([
      `⏰ Reminder: the Azar 1405 monthly report of ${nameOf.get(returned)!.en} county was returned for changes and has not been submitted again. 6 days are left in the month.\nComplete and submit it from "📊 Monthly report".`,
    ]);

    // The same morning again (another instance, a restart): nothing more. The next morning: the next reminder.
    await runAt(monthlyReportReminders, "1405-09-25 11:45");
    expect(texts(people.drafted.chatId)).toHaveLength(1);
    await runAt(monthlyReportReminders, "1405-09-26 10:00");
    expect(texts(people.drafted.chatId).at(-1)).toContain("۵ روز تا پایان ماه");
    expect(texts(people.sent.chatId)).toEqual([]);
  });

  it("count the days left of Esfand in a leap year and say on its 30th that it is the last day", async () => {
    const county = thr.countyIds[0];
    const assistant = await staffMember(db, "assistant", { provinceId: thr.provinceId, countyId: county });
    await runAt(monthlyReportReminders, "1403-12-29 18:00");
    expect(texts(assistant.chatId)).toEqual([expect.stringContaining("گزارش ماهانهٔ اسفند ۱۴۰۳ شهرستان تهران هنوز ارسال نشده است. ۲ روز تا پایان ماه مانده است.")]);
    await runAt(monthlyReportReminders, "1403-12-30 10:00");
    expect(texts(assistant.chatId).at(-1)).toContain("امروز آخرین روز اسفند ۱۴۰۳ است و گزارش ماهانهٔ شهرستان تهران هنوز ارسال نشده است.");
    // 1 Farvardin 1404: Esfand's reminders are over (the escalation takes over).
    await runAt(monthlyReportReminders, "1404-01-01 12:00");
    expect(texts(assistant.chatId)).toHaveLength(2);
  });

  it("after two days of downtime send only the latest day's reminder, once", async () => {
    const assistant = await staffMember(db, "assistant", { provinceId: thr.provinceId, countyId: thr.countyIds[0] });
    await runAt(monthlyReportReminders, "1405-09-25 10:30");
    await runAt(monthlyReportReminders, "1405-09-28 10:30");
    expect(texts(assistant.chatId)).toHaveLength(2);
    expect(texts(assistant.chatId)[1]).toContain("۳ روز تا پایان ماه");
  });
});

describe("monthly report escalation", () => {
  it("tells the province's representatives on the 1st which of its counties with an assistant did not send the month that ended", async () => {
    const [done, late1, late2, noAssistant] = thr.countyIds;
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: done, provinceId: p, month: azar, status: "accepted" });
    await monthlyReportWith(db, { countyId: late2, provinceId: p, month: azar, status: "returned" });
    for (const c of [done, late1, late2]) await staffMember(db, "assistant", { provinceId: p, countyId: c });
    const reps = [await staffMember(db, "provincial", { provinceId: p }), await staffMember(db, "provincial", { provinceId: p }, "en")];
    // Alborz: every county with an assistant sent its report; its representative hears nothing.
    await monthlyReportWith(db, { countyId: alb.countyIds[0], provinceId: alb.provinceId, month: azar, status: "submitted" });
    await staffMember(db, "assistant", { provinceId: alb.provinceId, countyId: alb.countyIds[0] });
    const albRep = await staffMember(db, "provincial", { provinceId: alb.provinceId });

    // On the last evening of Azar only Aban (which nobody sent) has ended.
    await runAt(monthlyReportEscalation, "1405-09-30 23:00");
    expect(texts(reps[0].chatId)).toEqual([expect.stringContaining("⚠️ ماه آبان ۱۴۰۵ تمام شد و گزارش ماهانهٔ ۳ شهرستان از ۳ شهرستان")]);
    await runAt(monthlyReportEscalation, "1405-10-01 09:30");
    const fa = texts(reps[0].chatId)[1];
    expect(fa.split("\n")[0]).toBe("⚠️ ماه آذر ۱۴۰۵ تمام شد و گزارش ماهانهٔ ۲ شهرستان از ۳ شهرستان دارای دستیار در استان تهران نرسیده است:");
    // The late counties, on a line of their own; not the one that sent it, nor the one without an assistant.
    expect(fa.split("\n")[1].split("، ").sort()).toEqual([late1, late2].map((c) => nameOf.get(c)!.fa).sort());
    expect(fa).not.toContain(nameOf.get(noAssistant)!.fa);
    const en = texts(reps[1].chatId)[1];
    expect(en).toContain("Azar 1405 has ended without the monthly report of 2 of the 3 counties with an assistant in Tehran province:");
    expect(en.split("\n")[1].split(", ").sort()).toEqual([late1, late2].map((c) => nameOf.get(c)!.en).sort());
    expect(texts(albRep.chatId).filter((t) => t.includes("Azar") || t.includes("آذر"))).toEqual([]);

    await runAt(monthlyReportEscalation, "1405-10-01 15:00");
    expect(texts(reps[0].chatId)).toHaveLength(2);
  });

  it("after downtime across two month ends escalates each missed month once, oldest first", async () => {
    const p = thr.provinceId;
    await staffMember(db, "assistant", { provinceId: p, countyId: thr.countyIds[0] });
    const rep = await staffMember(db, "provincial", { provinceId: p });
    await runAt(monthlyReportEscalation, "1405-11-02 08:00");
    expect(texts(rep.chatId).map((t) => t.split(" تمام شد")[0])).toEqual(["⚠️ ماه آذر ۱۴۰۵", "⚠️ ماه دی ۱۴۰۵"]);
    await runAt(monthlyReportEscalation, "1405-11-02 12:00");
    expect(texts(rep.chatId)).toHaveLength(2);
  });
});

describe("quarterly report reminders", () => {
  it("remind on the 25th of the quarter's last month and after it ends the representatives whose province has sent no version", async () => {
    const owing = await staffMember(db, "provincial", { provinceId: thr.provinceId });
    const sent = await staffMember(db, "provincial", { provinceId: alb.provinceId });
    // Alborz sent version 1 and is amending it (a draft again): the admins have it, no reminder.
    await db.insert(quarterlyReports).values({ provinceId: alb.provinceId, jYear: 1405, quarter: 3, status: "draft", version: 1 });

    await runAt(quarterlyReportReminders, "1405-09-24 12:00");
    expect(texts(owing.chatId)).toEqual([]);
    await runAt(quarterlyReportReminders, "1405-09-25 10:30");
    expect(texts(owing.chatId)).toEqual(["📈 یادآوری: فصل پاییز ۱۴۰۵ ۶ روز دیگر تمام می‌شود و گزارش فصلی استان تهران هنوز ارسال نشده است.\nاز «📈 گزارش فصلی» آن را بنویسید و ارسال کنید."]);
    await runAt(quarterlyReportReminders, "1405-10-01 10:30");
    expect(texts(owing.chatId).at(-1)).toBe("📈 فصل پاییز ۱۴۰۵ تمام شده و گزارش فصلی استان تهران هنوز برای مدیران سامانه ارسال نشده است.\nاز «📈 گزارش فصلی» آن را بنویسید و ارسال کنید.");
    expect(texts(sent.chatId)).toEqual([]);

    // Once Tehran has sent it, the later reminders of the quarter stay silent.
    await db.insert(quarterlyReports).values({ provinceId: thr.provinceId, jYear: 1405, quarter: 3, status: "submitted", version: 1 });
    await runAt(quarterlyReportReminders, "1405-10-05 10:30");
    expect(texts(owing.chatId)).toHaveLength(2);
  });

  it("after Esfand's end in a leap year is about the fourth quarter of the year before", async () => {
    const rep = await staffMember(db, "provincial", { provinceId: thr.provinceId }, "en");
    await db.insert(quarterlyReports).values({ provinceId: thr.provinceId, jYear: 1404, quarter: 1, status: "submitted", version: 1 });
    await runAt(quarterlyReportReminders, "1403-12-25 10:00");
    expect(texts(rep.chatId)).toEqual([expect.stringContaining("Q4 1403 (winter) ends in 6 days")]);
    await runAt(quarterlyReportReminders, "1404-01-01 10:00");
    expect(texts(rep.chatId).at(-1)).toContain("Q4 1403 (winter) has ended");
  });
});
