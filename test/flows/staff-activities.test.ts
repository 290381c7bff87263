import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { monthName, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import type { Database } from "../../db/client.ts";
import { activities, counties } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite, logActivityInChat, submitMonthlyInChat } from "../support/staff.ts";

// The assistant's logged activities: progress of a proposal, corrections while the month is open, none
// once its report is submitted, deletion with a confirm.

let database: Database;
let h: BotHarness;
const assistant = 7201;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
  const [karaj] = await database.db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  await joinWithInvite(h, database.db, assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId });
});

const only = async () => (await database.db.select().from(activities))[0];

describe("logged activities", () => {
  it("rejects a proposal only with a reason, and keeps the reason", async () => {
    await logActivityInChat(h, assistant, "پیشنهاد مردمی", "8", null, "پیشنهاد ساخت پارک محله در زمین بایر");
    await h.text(assistant, "🗂 فعالیت‌های ثبت‌شده");
    await h.tap(assistant, "پیشنهاد مردمی");
    await h.tap(assistant, "رد شد");
    await h.text(assistant, "زمین متعلق به بخش خصوصی است.");
    expect(await only()).toMatchObject({ progress: "rejected", progressNote: "زمین متعلق به بخش خصوصی است." });
    expect(h.lastText(assistant)).toContain("رد شد — زمین متعلق به بخش خصوصی است.");
  });

  it("corrects the participants while the month is open, and refuses once the month's report is submitted", async () => {
    await logActivityInChat(h, assistant, "طرح مشارکتی", "8", null, "پاکسازی بستر رودخانه با داوطلبان محله");
    await h.text(assistant, "🗂 فعالیت‌های ثبت‌شده");
    await h.tap(assistant, "طرح مشارکتی");
    await h.tap(assistant, "تعداد شرکت‌کنندگان");
    await h.text(assistant, "abc");
    expect(h.lastText(assistant)).toContain("به صورت یک عدد");
    await h.text(assistant, "۱۲");
    expect((await only()).participants).toBe(12);

    await submitMonthlyInChat(h, assistant, monthName(tehranJalaliDay(new Date()), "fa"), "نبود بودجهٔ کافی برای طرح‌ها.");
    await h.text(assistant, "🗂 فعالیت‌های ثبت‌شده");
    await h.tap(assistant, "طرح مشارکتی");
    await h.tap(assistant, "حذف");
    await h.tap(assistant, "بله، حذف شود");
    expect(h.newTexts(assistant)).toContain("گزارش ماهانهٔ آن ماه ارسال شده است");
    expect((await only()).deletedAt).toBeNull();
  });

  it("deletes an activity after the confirm while the month is open", async () => {
    await logActivityInChat(h, assistant, "سایر", "2", null, "دیدار با معتمدان محله دربارهٔ امنیت شبانه");
    await h.text(assistant, "🗂 فعالیت‌های ثبت‌شده");
    await h.tap(assistant, "سایر");
    await h.tap(assistant, "حذف");
    await h.tap(assistant, "بله، حذف شود");
    expect((await only()).deletedAt).not.toBeNull();
    expect(h.lastText(assistant)).not.toContain("سایر");
  });
});
