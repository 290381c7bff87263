import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDueDeliveries } from "../../core/deliveries.ts";
import type { Database } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { counties, users } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// Announcements in chat: citizens turn them on and off from the menu (the button shows the state), an admin
// announces to those who opted in — one who opted out gets nothing, one who blocked the bot is counted —
// and the progress message ends with the totals; a photo with its caption goes to staff by role and place;
// a scheduled one says when it will go and goes only then; bad input keeps the step.

let database: Database;
let h: BotHarness;
const ADMIN = 7500;
const c1 = 7501;
const c2 = 7502;
const c3 = 7503;
const karaj = 7504;
const fardis = 7505;
const ON = "🔔 اطلاع‌رسانی‌ها: روشن";
const OFF = "🔕 اطلاع‌رسانی‌ها: خاموش";

const menu = (chatId: number) => h.replyKeyboard(chatId).flat().map((b) => b.text);
const optedIn = async (chatId: number) => (await database.db.select().from(users).where(eq(users.platformUserId, chatId)))[0].announcementsOptIn;
const announcementsTo = (chatId: number, marker: string) => h.delivered(chatId).filter((c) => String(c.payload.text ?? c.payload.caption ?? "").includes(marker));
const lastProgress = (chatId: number) => h.sent(chatId).filter((c) => c.method === "editMessageText").at(-1)?.payload.text as string;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db, { adminIds: [ADMIN] });
  for (const c of [ADMIN, c1, c2, c3]) await h.text(c, "/start");
});

/** The admin walks an announcement to everyone who opted in up to its preview. */
async function toCitizensPreview(text: string) {
  await h.text(ADMIN, "📢 اطلاع‌رسانی همگانی");
  await h.tap(ADMIN, "شهروندانی که اطلاع‌رسانی را روشن کرده‌اند");
  await h.tap(ADMIN, "همهٔ کشور");
  await h.text(ADMIN, text);
}

describe("the citizen's announcements switch", () => {
  it("shows the state in the menu and turns it on and off; a double tap changes nothing twice", async () => {
    expect(menu(c1)).toContain(OFF);
    expect(await optedIn(c1)).toBe(false);
    await h.text(c1, OFF);
    expect(h.lastText(c1)).toContain("🔔 اطلاع‌رسانی‌ها روشن شد.");
    expect(menu(c1)).toContain(ON);
    expect(await optedIn(c1)).toBe(true);
    // The same (old) label once more: it is on already, and stays on.
    await h.text(c1, OFF);
    expect(await optedIn(c1)).toBe(true);
    await h.text(c1, ON);
    expect(h.lastText(c1)).toContain("🔕 اطلاع‌رسانی‌ها خاموش شد");
    expect(menu(c1)).toContain(OFF);
    expect(await optedIn(c1)).toBe(false);
  });

  it("is not in a staff member's menu", async () => {
    const k = (await database.db.select().from(counties).where(eq(counties.nameFa, "کرج")))[0];
    await joinWithInvite(h, database.db, karaj, { role: "assistant", countyId: k.id, provinceId: k.provinceId });
    await h.text(karaj, "/start");
    expect(menu(karaj)).not.toContain(OFF);
    expect(menu(karaj)).not.toContain(ON);
  });
});

describe("announcing", () => {
  it("reaches the citizens who opted in, counts one who blocked the bot, and ends the progress message with the totals", async () => {
    await h.text(c1, OFF);
    await h.text(c2, OFF);
    await h.text(c2, ON); // c2 turned it back off
    await h.text(c3, OFF);
    await toCitizensPreview("ساعت کار میز خدمت استانداری از شنبه ۸ تا ۱۴ است.");
    const preview = h.lastText(ADMIN);
    expect(preview).toContain("ساعت کار میز خدمت استانداری از شنبه ۸ تا ۱۴ است.");
    expect(preview).toContain("👥 گیرندگان: شهروندانی که اطلاع‌رسانی را روشن کرده‌اند — همهٔ کشور");
    expect(preview).toContain("🔢 تعداد (اکنون): ۲ نفر");
    expect(preview).toContain("🕒 زمان ارسال: همین حالا");

    h.fail = (call) => (call.payload.chat_id === c3 ? { error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined);
    const previewId = h.findButton(ADMIN, "📤 ارسال همین حالا").messageId;
    h.newTexts(ADMIN);
    await h.tap(ADMIN, "📤 ارسال همین حالا");
    // The preview itself becomes the progress, with its cancel button: no second progress message, and
    // nothing below it saying "being sent… cancel" once it has finished.
    expect(h.shownMessage(ADMIN, previewId)).toEqual({ text: expect.stringContaining("📤 ارسال اطلاع‌رسانی «ساعت کار میز خدمت استانداری از شنبه ۸…»: ۰ از ۲"), buttons: ["⛔️ لغو ارسال"] });
    const afterSend = h.newTexts(ADMIN);
    expect(afterSend).toContain("✅ اطلاعیه ثبت شد؛ پیشرفت و نتیجهٔ ارسال آن به ۲ نفر در همان پیام بالا نوشته می‌شود.");
    expect(afterSend).not.toContain("را بزنید");
    expect(afterSend).not.toContain("فرستاده می‌شود");
    await h.deliver();
    expect(h.shownMessage(ADMIN, previewId)).toEqual({ text: "✅ ارسال اطلاع‌رسانی «ساعت کار میز خدمت استانداری از شنبه ۸…» تمام شد.\nرسیده: ۱ از ۲، ربات را مسدود کرده‌اند: ۱، ناموفق: ۰", buttons: [] });
    expect(h.sent(ADMIN).filter((c) => c.method === "sendMessage" && String(c.payload.text).includes("ارسال اطلاع‌رسانی"))).toEqual([]);

    const got = announcementsTo(c1, "ساعت کار میز خدمت");
    expect(got).toHaveLength(1);
    expect(got[0].payload.reply_markup.inline_keyboard[0][0]).toEqual({ text: "🔕 دیگر اطلاع‌رسانی نفرست", callback_data: "ann:off" });
    expect(announcementsTo(c2, "ساعت کار میز خدمت")).toEqual([]);

    // «🔕» under the announcement turns them off, and the menu's switch follows.
    h.fail = undefined;
    await h.tap(c1, "🔕 دیگر اطلاع‌رسانی نفرست");
    expect(h.lastToast()).toContain("دیگر اطلاع‌رسانی برایتان فرستاده نمی‌شود");
    expect(await optedIn(c1)).toBe(false);
    expect(menu(c1)).toContain(OFF);
  });

  it("sends a photo with its caption to staff by role and county, without the citizens' button", async () => {
    const [k, f] = [(await database.db.select().from(counties).where(eq(counties.nameFa, "کرج")))[0], (await database.db.select().from(counties).where(eq(counties.nameFa, "فردیس")))[0]];
    await joinWithInvite(h, database.db, karaj, { role: "assistant", countyId: k.id, provinceId: k.provinceId });
    await joinWithInvite(h, database.db, fardis, { role: "assistant", countyId: f.id, provinceId: f.provinceId });
    await h.text(ADMIN, "📢 اطلاع‌رسانی همگانی");
    await h.tap(ADMIN, "همکاران");
    await h.tap(ADMIN, "دستیاران مردمی‌سازی شهرستان‌ها");
    await h.tap(ADMIN, "ادامه");
    await h.tap(ADMIN, /^البرز$/);
    await h.tap(ADMIN, /^کرج$/);
    await h.photo(ADMIN, "poster");
    expect(h.lastText(ADMIN)).toContain("متن زیر عکس را بنویسید");
    expect(await h.step(ADMIN)).toBe("announce/message");
    await h.text(ADMIN, "پوستر همایش همیاران مردمی استان");
    const preview = h.lastText(ADMIN);
    expect(preview).toContain("🖼 همراه با عکس");
    expect(preview).toContain("دستیاران مردمی‌سازی شهرستان‌ها — شهرستان کرج (استان البرز)");
    expect(preview).toContain("🔢 تعداد (اکنون): ۱ نفر");
    await h.tap(ADMIN, "📤 ارسال همین حالا");
    await h.deliver();
    const got = h.delivered(karaj).filter((c) => c.method === "sendPhoto");
    expect(got).toHaveLength(1);
    expect(got[0].payload).toMatchObject({ photo: "file-poster", caption: "پوستر همایش همیاران مردمی استان" });
    expect(got[0].payload.reply_markup).toBeUndefined();
    expect(h.delivered(fardis).filter((c) => c.method === "sendPhoto")).toEqual([]);
  });

  it("schedules at a Jalali date and time, refuses a time past, and sends nothing before the time", async () => {
    await h.text(c1, OFF);
    await toCitizensPreview("یادآوری: جشنوارهٔ شهید رجایی فردا آغاز می‌شود.");
    await h.tap(ADMIN, "ارسال در زمانی دیگر");
    await h.text(ADMIN, "1400/01/01 10:00");
    expect(h.lastText(ADMIN)).toContain("این زمان گذشته است");
    await h.text(ADMIN, "۱۴۰۵/۰۹/۲۰");
    expect(h.lastText(ADMIN)).toContain("ساعت ارسال را هم بنویسید");
    await h.text(ADMIN, "فردا");
    expect(h.lastText(ADMIN)).toContain("ساعت ارسال را هم بنویسید");
    await h.text(ADMIN, "1405/13/01 10:00");
    expect(h.lastText(ADMIN)).toContain("این زمان را نشناختم");
    expect(await h.step(ADMIN)).toBe("announce/when");
    await h.tap(ADMIN, "فردا ساعت ۹ صبح");
    expect(h.lastText(ADMIN)).toMatch(/🕒 زمان ارسال: .+ساعت ۰۹:۰۰ \(به وقت تهران\)/);
    h.newTexts(ADMIN);
    await h.tap(ADMIN, "زمان‌بندی برای");
    const afterSend = h.newTexts(ADMIN);
    expect(afterSend).toContain("🕒 اطلاع‌رسانی «یادآوری: جشنوارهٔ شهید رجایی فردا آغاز…» برای");
    expect(afterSend).toMatch(/🕒 اطلاعیه زمان‌بندی شد و .+ساعت ۰۹:۰۰ \(به وقت تهران\) فرستاده می‌شود/);

    await h.deliver();
    expect(announcementsTo(c1, "جشنوارهٔ شهید رجایی")).toEqual([]);
    expect(await startDueDeliveries(database.db)).toEqual([]);
    const [d] = rowsOf(await database.db.execute(sql`select id, state from deliveries`));
    expect(d.state).toBe("scheduled");

    // Its time comes (the scheduled-announcements job starts it): now it goes, and the progress message ends with the totals.
    await database.db.execute(sql`update deliveries set not_before = now() - interval '1 second'`);
    expect(await startDueDeliveries(database.db)).toEqual([Number(d.id)]);
    await h.deliver();
    expect(announcementsTo(c1, "جشنوارهٔ شهید رجایی")).toHaveLength(1);
    expect(lastProgress(ADMIN)).toContain("رسیده: ۱ از ۱");
  });

  it("cancels a scheduled announcement from its progress message", async () => {
    await h.text(c1, OFF);
    await toCitizensPreview("اطلاعیه‌ای که لغو می‌شود.");
    await h.tap(ADMIN, "ارسال در زمانی دیگر");
    await h.tap(ADMIN, "فردا ساعت ۹ صبح");
    await h.tap(ADMIN, "زمان‌بندی برای");
    await h.tap(ADMIN, "⛔️ لغو ارسال");
    expect(h.lastToast()).toBe("ارسال لغو شد.");
    await database.db.execute(sql`update deliveries set not_before = now() - interval '1 second'`);
    expect(await startDueDeliveries(database.db)).toEqual([]);
    await h.deliver();
    expect(announcementsTo(c1, "اطلاعیه‌ای که لغو می‌شود")).toEqual([]);
  });

  it("keeps the step on bad input and offers no «send now» when nobody would get it", async () => {
    await h.text(ADMIN, "📢 اطلاع‌رسانی همگانی");
    await h.text(ADMIN, "شهروندان");
    expect(h.lastText(ADMIN)).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    await h.tap(ADMIN, "شهروندانی که اطلاع‌رسانی را روشن کرده‌اند");
    await h.tap(ADMIN, "همهٔ کشور");
    await h.text(ADMIN, "   ");
    expect(h.lastText(ADMIN)).toBe("متن خالی است. لطفاً چیزی بنویسید.");
    await h.document(ADMIN);
    expect(h.lastText(ADMIN)).toContain("سند و پیام صوتی پذیرفته نمی‌شود");
    expect(await h.step(ADMIN)).toBe("announce/message");
    await h.text(ADMIN, "اطلاعیه‌ای برای هیچ‌کس");
    expect(h.lastText(ADMIN)).toContain("اکنون کسی در این گروه نیست.");
    expect(h.inlineLabels(ADMIN)).not.toContain("📤 ارسال همین حالا");
    expect(h.inlineLabels(ADMIN)).toContain("🕒 ارسال در زمانی دیگر");
    await h.text(ADMIN, "/announce");
    expect(h.lastText(ADMIN)).toContain("انصراف");
    await h.tap(ADMIN, "انصراف از ارسال");
    expect(h.lastText(ADMIN)).toBe("اطلاعیه فرستاده نشد.");
    expect(rowsOf(await database.db.execute(sql`select id from deliveries`))).toEqual([]);
  });
});
