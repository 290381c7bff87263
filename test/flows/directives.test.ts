import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { agencies, counties } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// Directives in chat, as the staff live them: an admin issues one to a province's assistants, exactly those
// get it, one acknowledges with the button under it, and the admin's follow view shows «۱ از ۲» and who has
// not; a double tap on «ارسال» issues one; a provincial representative forwards one to chosen counties.

let database: Database;
let h: BotHarness;
const ADMIN = 7400;
const karaj = 7401; // assistant, Karaj (Alborz)
const fardis = 7402; // assistant, Fardis (Alborz)
const tehran = 7403; // assistant, Tehran (Tehran)
const alborzRep = 7404; // provincial representative, Alborz
const ministry = 7405; // ministry representative (Tamin)
const citizen = 7406;

const county = async (name: string) => (await database.db.select().from(counties).where(eq(counties.nameFa, name)))[0];
const directiveCount = async () => Number(rowsOf(await database.db.execute(sql`select count(*) as n from directives`))[0].n);
/** The directives (by their heading line) a chat was sent. */
const directivesShown = (chatId: number) => h.delivered(chatId).map((c) => (c.payload.text ?? c.payload.caption ?? "") as string).filter((t) => t.startsWith("📣 ابلاغیه:"));

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  // Short retries: one test holds the progress message back with a platform error.
  h = new BotHarness(database.db, { adminIds: [ADMIN], maxSendBackoffMs: 50 });
  const [k, f, t] = [await county("کرج"), await county("فردیس"), await county("تهران")];
  const [tamin] = await database.db.select().from(agencies).where(eq(agencies.code, "tamin"));
  await joinWithInvite(h, database.db, karaj, { role: "assistant", countyId: k.id, provinceId: k.provinceId });
  await joinWithInvite(h, database.db, fardis, { role: "assistant", countyId: f.id, provinceId: f.provinceId });
  await joinWithInvite(h, database.db, tehran, { role: "assistant", countyId: t.id, provinceId: t.provinceId });
  await joinWithInvite(h, database.db, alborzRep, { role: "provincial", provinceId: k.provinceId });
  await joinWithInvite(h, database.db, ministry, { role: "ministry", agencyId: tamin.id });
  await h.text(citizen, "/start");
  await h.text(ADMIN, "/start");
});

/** The admin walks a directive up to its preview: no files, the given roles, Alborz (all counties, when asked), due in 7 days. */
async function directiveToPreview(userId: number, title: string, roles: string[]) {
  await h.text(userId, "📣 صدور ابلاغیه");
  await h.text(userId, title);
  await h.text(userId, "لطفاً تا پایان هفته نشست هم‌اندیشی با شبکهٔ مردمی شهرستان را برگزار کنید و گزارش آن را بفرستید.");
  await h.tap(userId, "بدون پیوست");
  for (const role of roles) await h.tap(userId, role);
  await h.tap(userId, "ادامه");
  await h.tap(userId, /^البرز$/);
  if (roles.includes("دستیاران مردمی‌سازی شهرستان‌ها")) await h.tap(userId, "همهٔ شهرستان‌های استان");
  await h.tap(userId, "۷ روز دیگر");
}

describe("issuing and following a directive in chat", () => {
  it("reaches exactly the province's assistants; one acknowledges; the issuer sees «۱ از ۲» and who has not", async () => {
    await directiveToPreview(ADMIN, "نشست هم‌اندیشی آذر", ["دستیاران مردمی‌سازی شهرستان‌ها"]);
    const preview = h.lastText(ADMIN);
    expect(preview).toContain("📣 ابلاغیه: نشست هم‌اندیشی آذر");
    expect(preview).toContain("مهلت: تا پایان روز");
    expect(preview).toContain("دستیاران مردمی‌سازی شهرستان‌ها — استان البرز");
    expect(preview).toContain("🔢 تعداد: ۲ نفر");
    expect(await h.step(ADMIN)).toBe("issue_directive/preview");

    const previewId = h.findButton(ADMIN, "📤 ارسال ابلاغیه").messageId;
    h.newTexts(ADMIN);
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    const afterSend = h.newTexts(ADMIN);
    expect(h.shownMessage(ADMIN, previewId)?.text).toContain("📤 ارسال ابلاغیه «نشست هم‌اندیشی آذر»: ۰ از ۲");
    expect(afterSend).toContain("✅ ابلاغیهٔ «نشست هم‌اندیشی آذر» صادر شد؛ پیشرفت و نتیجهٔ ارسال آن به ۲ نفر در همان پیام بالا نوشته می‌شود.");
    expect(await h.step(ADMIN)).toBeNull();

    await h.deliver();
    expect(directivesShown(karaj)).toHaveLength(1);
    expect(directivesShown(fardis)).toHaveLength(1);
    expect(directivesShown(karaj)[0]).toContain("لطفاً تا پایان هفته نشست هم‌اندیشی");
    for (const other of [tehran, alborzRep, ministry, citizen, ADMIN]) expect(directivesShown(other), `chat ${other}`).toEqual([]);
    // The preview, edited in place, ends with the totals.
    expect(h.shownMessage(ADMIN, previewId)).toEqual({ text: expect.stringContaining("✅ ارسال ابلاغیه «نشست هم‌اندیشی آذر» تمام شد."), buttons: [] });
    expect(h.shownMessage(ADMIN, previewId)?.text).toContain("رسیده: ۲ از ۲");

    await h.tap(karaj, "✅ تأیید دریافت");
    expect(h.lastToast()).toBe("دریافت ابلاغیه تأیید شد. سپاس.");

    await h.text(ADMIN, "📋 پیگیری ابلاغیه‌ها");
    await h.tap(ADMIN, "نشست هم‌اندیشی آذر — ۱ از ۲ تأیید کرده‌اند");
    const card = h.lastText(ADMIN);
    expect(card).toContain("✅ ۱ از ۲ تأیید کرده‌اند");
    expect(card).toContain("هنوز تأیید نکرده‌اند (۱ نفر):");
    expect(card).toContain(`Citizen${fardis} — دستیار مردمی‌سازی شهرستان فردیس (استان البرز)`);
    expect(card).not.toContain(`Citizen${karaj}`);
  });

  it("issues one directive when «ارسال» is tapped twice; the preview says who blocked the bot", async () => {
    await database.db.execute(sql`update users set blocked = true where platform_user_id = ${fardis}`);
    await directiveToPreview(ADMIN, "ابلاغیهٔ دوبار زده", ["دستیاران مردمی‌سازی شهرستان‌ها"]);
    expect(h.lastText(ADMIN)).toContain("🔢 تعداد: ۲ نفر؛ ۱ نفر از آنان ربات را مسدود کرده‌اند و پیام فقط به ۱ نفر می‌رسد.");
    const send = h.findButton(ADMIN, "📤 ارسال ابلاغیه");
    await h.press(ADMIN, send.data, send.messageId);
    await h.press(ADMIN, send.data, send.messageId);
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(await directiveCount()).toBe(1);
    await h.deliver();
    expect(directivesShown(karaj)).toHaveLength(1);
    expect(directivesShown(fardis)).toEqual([]);
    expect(h.sent(ADMIN).filter((c) => c.method === "editMessageText").at(-1)!.payload.text).toContain("رسیده: ۱ از ۲، ربات را مسدود کرده‌اند: ۱");
  });

  it("pages the list of those who have not acknowledged", async () => {
    const k = await county("کرج");
    await database.db.execute(sql`
      insert into users (platform, platform_user_id, first_name, roles, province_id, county_id)
      select 'telegram', 7600 + g, 'دستیار ' || g, '{assistant}', ${k.provinceId}::int, ${k.id}::int from generate_series(1, 18) g`);
    await directiveToPreview(ADMIN, "ابلاغیهٔ پرگیرنده", ["دستیاران مردمی‌سازی شهرستان‌ها"]);
    expect(h.lastText(ADMIN)).toContain("🔢 تعداد: ۲۰ نفر");
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await h.text(ADMIN, "📋 پیگیری ابلاغیه‌ها");
    await h.tap(ADMIN, "ابلاغیهٔ پرگیرنده");
    const first = h.lastText(ADMIN);
    expect(first).toContain("هنوز تأیید نکرده‌اند (۲۰ نفر): — صفحهٔ ۱ از ۲");
    expect(first).toContain("۱۵. ");
    expect(first).not.toContain("۱۶. ");
    expect(first).toContain("⏳ هنوز به او نرسیده");
    await h.tap(ADMIN, "بعدی");
    const second = h.lastText(ADMIN);
    expect(second).toContain("صفحهٔ ۲ از ۲");
    expect(second).toContain("۲۰. ");
    expect(second).not.toContain("۱۵. ");
    expect(h.inlineLabels(ADMIN)).toContain("▶️ قبلی");
  });

  it("lets a ministry's representative address assistants and representatives, not other ministries", async () => {
    await h.text(ministry, "📣 صدور ابلاغیه");
    await h.text(ministry, "درخواست آمار خدمات");
    await h.text(ministry, "لطفاً آمار خدمات ارائه‌شده در شهرستان را تا پایان ماه گزارش کنید.");
    await h.tap(ministry, "بدون پیوست");
    expect(h.inlineLabels(ministry)).toEqual(["◻️ دستیاران مردمی‌سازی شهرستان‌ها", "◻️ نمایندگان مردمی‌سازی استانداری‌ها", "ادامه ⬅️"]);
    await h.tap(ministry, "ادامه");
    expect(h.lastToast()).toBe("دست‌کم یک گروه را انتخاب کنید.");
    await h.tap(ministry, "نمایندگان مردمی‌سازی استانداری‌ها");
    await h.tap(ministry, "ادامه");
    await h.tap(ministry, "همهٔ کشور");
    await h.tap(ministry, "بدون مهلت");
    expect(h.lastText(ministry)).toContain("نمایندگان مردمی‌سازی استانداری‌ها — همهٔ کشور");
    expect(h.lastText(ministry)).toContain("🔢 تعداد: ۱ نفر");
    await h.tap(ministry, "📤 ارسال ابلاغیه");
    await h.deliver();
    expect(directivesShown(alborzRep)).toHaveLength(1);
    expect(directivesShown(karaj)).toEqual([]);
    await h.text(ministry, "📋 پیگیری ابلاغیه‌ها");
    expect(h.inlineLabels(ministry)).toContain("درخواست آمار خدمات — ۰ از ۱ تأیید کرده‌اند");
  });

  it("keeps the step with a Persian message on bad input: an empty title, a sticker, a date past or unreadable", async () => {
    await h.text(ADMIN, "📣 صدور ابلاغیه");
    await h.text(ADMIN, "   ");
    expect(h.lastText(ADMIN)).toBe("متن خالی است. لطفاً چیزی بنویسید.");
    await h.sticker(ADMIN);
    expect(h.lastText(ADMIN)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    expect(await h.step(ADMIN)).toBe("issue_directive/title");
    await h.text(ADMIN, "عنوان درست");
    await h.text(ADMIN, "کوتاه");
    expect(h.lastText(ADMIN)).toContain("متن خیلی کوتاه است");
    expect(await h.step(ADMIN)).toBe("issue_directive/body");
    await h.text(ADMIN, "متن کامل ابلاغیه برای آزمودن ورودی نادرست.");
    await h.voice(ADMIN);
    expect(h.lastText(ADMIN)).toBe("در این مرحله عکس یا فایل سند بفرستید، یا دکمهٔ زیر پیام را بزنید.");
    await h.photo(ADMIN, "p1");
    await h.photo(ADMIN, "p2");
    expect(h.lastText(ADMIN)).toContain("هر ابلاغیه یک عکس می‌تواند داشته باشد");
    await h.document(ADMIN, { uniqueId: "d1", fileName: "bakhshname.pdf" });
    expect(h.lastText(ADMIN)).toContain("پیوست ۲ رسید");
    await h.tap(ADMIN, "پایان ارسال پیوست‌ها");
    await h.tap(ADMIN, "دستیاران مردمی‌سازی شهرستان‌ها");
    await h.tap(ADMIN, "ادامه");
    await h.tap(ADMIN, "همهٔ کشور");
    await h.text(ADMIN, "۱۴۰۰/۰۱/۰۱");
    expect(h.lastText(ADMIN)).toContain("این تاریخ گذشته است");
    await h.text(ADMIN, "فردا عصر");
    expect(h.lastText(ADMIN)).toContain("این تاریخ را نشناختم");
    expect(await h.step(ADMIN)).toBe("issue_directive/due");
    await h.text(ADMIN, "1499/12/20 14:00");
    expect(h.lastText(ADMIN)).toContain("بیش از یک سال");
    await h.tap(ADMIN, "۳ روز دیگر");
    const preview = h.lastText(ADMIN);
    expect(preview).toContain("📎 پیوست‌ها: ۱ عکس و ۱ سند (\u2066bakhshname.pdf\u2069)"); // a Latin file name isolated in Persian
    expect(preview).toContain("دستیاران مردمی‌سازی شهرستان‌ها — همهٔ کشور");
    expect(preview).toContain("🔢 تعداد: ۳ نفر");
    // Editing the title comes back to the preview with everything else kept.
    await h.tap(ADMIN, "✏️ عنوان");
    await h.text(ADMIN, "عنوان اصلاح‌شده");
    expect(await h.step(ADMIN)).toBe("issue_directive/preview");
    expect(h.lastText(ADMIN)).toContain("📣 ابلاغیه: عنوان اصلاح‌شده");
    expect(h.lastText(ADMIN)).toContain("۱ عکس و ۱ سند");
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await h.deliver();
    // The photo carries the directive as its caption, after the document.
    const got = h.delivered(tehran).filter((c) => c.method !== "sendMessage" || String(c.payload.text).includes("ابلاغیه"));
    expect(got.map((c) => c.method)).toEqual(["sendDocument", "sendPhoto"]);
    expect(got[1].payload.caption).toContain("📣 ابلاغیه: عنوان اصلاح‌شده");
  });
});

describe("received directives", () => {
  it("lets a provincial representative forward one to chosen counties' assistants, with progress", async () => {
    await directiveToPreview(ADMIN, "بازدید از میز خدمت", ["نمایندگان مردمی‌سازی استانداری‌ها"]);
    expect(h.lastText(ADMIN)).toContain("نمایندگان مردمی‌سازی استانداری‌ها — استان البرز");
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await h.deliver();
    expect(directivesShown(alborzRep)).toHaveLength(1);

    await h.text(alborzRep, "📥 ابلاغیه‌های رسیده");
    expect(h.lastText(alborzRep)).toContain("تأییدنشده: ۱");
    await h.tap(alborzRep, "⏳ بازدید از میز خدمت");
    expect(h.lastText(alborzRep)).toContain("⏳ هنوز دریافت را تأیید نکرده‌اید.");
    await h.tap(alborzRep, "ارسال برای دستیاران استان");
    await h.tap(alborzRep, "انتخاب شهرستان‌ها");
    await h.tap(alborzRep, "تمام");
    expect(h.lastToast()).toBe("دست‌کم یک شهرستان را انتخاب کنید.");
    await h.tap(alborzRep, /^فردیس$/);
    await h.tap(alborzRep, "تمام");
    const preview = h.lastText(alborzRep);
    expect(preview).toContain("↪️ ارسال ابلاغیهٔ «بازدید از میز خدمت»");
    expect(preview).toContain("دستیاران مردمی‌سازی شهرستان‌ها — شهرستان فردیس (استان البرز)");
    expect(preview).toContain("🔢 تعداد: ۱ نفر");
    const previewId = h.findButton(alborzRep, "📤 ارسال").messageId;
    h.newTexts(alborzRep);
    await h.tap(alborzRep, "📤 ارسال");
    const afterSend = h.newTexts(alborzRep);
    expect(h.shownMessage(alborzRep, previewId)).toEqual({ text: expect.stringContaining("📤 ارسال ابلاغیه «بازدید از میز خدمت»: ۰ از ۱"), buttons: ["⛔️ لغو ارسال"] });
    expect(afterSend).toContain("پیشرفت و نتیجهٔ ارسال آن به ۱ دستیار در همان پیام بالا نوشته می‌شود");

    await h.deliver();
    expect(directivesShown(fardis)).toEqual([expect.stringContaining("بازدید از میز خدمت")]);
    expect(directivesShown(karaj)).toEqual([]);
    expect(directivesShown(tehran)).toEqual([]);
    expect(h.sent(alborzRep).filter((c) => c.method === "editMessageText").at(-1)!.payload.text).toContain("رسیده: ۱ از ۱");

    // Forwarding acknowledged the representative's own receipt; the forward is theirs to follow.
    await h.text(ADMIN, "📋 پیگیری ابلاغیه‌ها");
    expect(h.inlineLabels(ADMIN)).toEqual(expect.arrayContaining(["↪️ بازدید از میز خدمت — ۰ از ۱ تأیید کرده‌اند", "✅ بازدید از میز خدمت — ۱ از ۱ تأیید کرده‌اند"]));
    await h.text(alborzRep, "📋 پیگیری ابلاغیه‌ها");
    expect(h.inlineLabels(alborzRep)[0]).toBe("↪️ بازدید از میز خدمت — ۰ از ۱ تأیید کرده‌اند");
    await h.tap(alborzRep, "بازدید از میز خدمت — ۰ از ۱ تأیید کرده‌اند");
    expect(h.lastText(alborzRep)).toContain("دستیار مردمی‌سازی شهرستان فردیس (استان البرز)");

    // The assistant acknowledges from their own list.
    await h.text(fardis, "📥 ابلاغیه‌های رسیده");
    await h.tap(fardis, "⏳ بازدید از میز خدمت");
    await h.tap(fardis, "✅ تأیید دریافت");
    expect(h.lastToast()).toBe("دریافت ابلاغیه تأیید شد. سپاس.");
    expect(h.lastText(fardis)).toContain("✅ دریافت را تأیید کرده‌اید.");
    expect(h.inlineLabels(fardis)).not.toContain("✅ تأیید دریافت");
  });

  it("tells staff with nothing received so, and refuses a forged button for a directive sent to someone else", async () => {
    await h.text(karaj, "📥 ابلاغیه‌های رسیده");
    expect(h.lastText(karaj)).toBe("هنوز ابلاغیه‌ای به شما نرسیده است. ابلاغیه‌های تازه همین‌جا در گفتگو می‌رسند.");
    await directiveToPreview(ADMIN, "فقط برای نماینده", ["نمایندگان مردمی‌سازی استانداری‌ها"]);
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await directiveToPreview(ADMIN, "برای دستیاران", ["دستیاران مردمی‌سازی شهرستان‌ها"]);
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await h.deliver();
    const [other] = rowsOf(await database.db.execute(sql`select id from directives where title = 'فقط برای نماینده'`));
    await h.text(karaj, "📥 ابلاغیه‌های رسیده");
    const own = h.findButton(karaj, "برای دستیاران");
    await h.send(h.callbackUpdate(karaj, own.data.replace(/r:\d+$/, `r:${other.id}`), own.messageId));
    expect(h.lastToast()).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    expect(h.lastText(karaj)).not.toContain("فقط برای نماینده");
    // The acknowledge button of someone else's directive answers that it is not theirs.
    const [otherDelivery] = rowsOf(await database.db.execute(sql`select delivery_id from directives where id = ${other.id}`));
    await h.press(karaj, `dir:ack:${otherDelivery.delivery_id}`);
    expect(h.lastToast()).toBe("این ابلاغیه برای شما نیست.");
  });
});

describe("the issuer's progress message", () => {
  it("ends with the totals even when the delivery finished before the progress message could be sent", async () => {
    await directiveToPreview(ADMIN, "پیشرفت دیرهنگام", ["دستیاران مردمی‌سازی شهرستان‌ها"]);
    // The platform refuses the progress message for now (5xx): it waits for a retry while the directive goes out.
    h.fail = (call) => (call.payload.chat_id === ADMIN && String(call.payload.text).startsWith("📤") ? { error_code: 502, description: "Bad Gateway" } : undefined);
    const previewId = h.findButton(ADMIN, "📤 ارسال ابلاغیه").messageId;
    await h.tap(ADMIN, "📤 ارسال ابلاغیه");
    await h.deliver();
    expect(directivesShown(karaj)).toHaveLength(1);
    h.fail = undefined;
    await new Promise((r) => setTimeout(r, 100));
    await h.sender.sweep();
    await h.settled();
    const shown = h.sent(ADMIN).filter((c) => String(c.payload.text).includes("ارسال ابلاغیه"));
    expect(shown.at(-1)!.payload.text).toContain("✅ ارسال ابلاغیه «پیشرفت دیرهنگام» تمام شد.");
    expect(shown.at(-1)!.payload.text).toContain("رسیده: ۲ از ۲");
    // The edits changed the preview itself, not a new message.
    expect(shown.every((c) => c.method === "editMessageText" && c.payload.message_id === previewId)).toBe(true);
  });
});
