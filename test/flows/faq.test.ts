import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

let database: Database;
let h: BotHarness;
const citizen = 11001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const openFaq = () => h.text(citizen, "❓ راهنما و پرسش‌های متداول");
const SERVICE_DESK_QUESTIONS = ["محل استقرار میز خدمت", "اگر استقرار میز خدمت در طبقه همکف", "آیا همه دستگاه‌های اجرایی ملزم به استقرار میز خدمت"];

describe("FAQ", () => {
  it("opens with the common questions and a service-desk button", async () => {
    await openFaq();
    expect(h.lastText(citizen)).toBe("❓ پرسش خود را بنویسید تا پاسخ‌های مرتبط را نشان دهم، یا یکی از پرسش‌های پرتکرار را انتخاب کنید:");
    const labels = h.inlineLabels(citizen);
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.at(-1)).toBe("🧑‍💼 گفتگو با میز خدمت");
    expect(await h.step(citizen)).toBe("faq/search");
  });

  it("finds the seeded service-desk questions for «میز خدمت» and shows an answer", async () => {
    await openFaq();
    await h.text(citizen, "میز خدمت");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «میز خدمت»:");
    const labels = h.inlineLabels(citizen);
    for (const q of SERVICE_DESK_QUESTIONS) expect(labels.some((l) => l.startsWith(q))).toBe(true);

    await h.tap(citizen, "آیا همه دستگاه‌های اجرایی ملزم");
    const answer = h.lastText(citizen);
    expect(answer).toContain("❓ آیا همه دستگاه‌های اجرایی ملزم به استقرار میز خدمت هستند؟");
    expect(answer).toContain("ملزم به استقرار میز خدمت‌اند");
    expect(await h.step(citizen)).toBe("faq/answer");

    await h.tap(citizen, "↩️ بازگشت به پرسش‌ها");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «میز خدمت»:");
  });

  it("finds the same questions typed with Arabic ي and ك", async () => {
    await openFaq();
    await h.text(citizen, "ميز خدمت");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «میز خدمت»:");
    for (const q of SERVICE_DESK_QUESTIONS) expect(h.inlineLabels(citizen).some((l) => l.startsWith(q))).toBe(true);
  });

  it("shows the results of a new question typed while an answer is open", async () => {
    await openFaq();
    await h.text(citizen, "میز خدمت");
    await h.tap(citizen, "آیا همه دستگاه‌های اجرایی ملزم");
    await h.text(citizen, "کد رهگیری");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «کد رهگیری»:");
    expect(h.inlineLabels(citizen).some((l) => l.startsWith("کد رهگیری چیست"))).toBe(true);
    expect(await h.step(citizen)).toBe("faq/search");
  });

  it("says so when nothing matches and keeps the search open", async () => {
    await openFaq();
    await h.text(citizen, "زرافه بنفش پرنده");
    expect(h.lastText(citizen)).toBe("پاسخی برای این پرسش پیدا نشد. واژه‌های دیگری امتحان کنید یا با میز خدمت دستگاه گفتگو کنید.");
    expect(await h.step(citizen)).toBe("faq/search");
    await h.text(citizen, "بدون نام");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «بدون نام»:");
  });

  it("refuses emoji as a question", async () => {
    await openFaq();
    await h.text(citizen, "🤔🤔");
    expect(h.lastText(citizen)).toBe("لطفاً برای جستجو دست‌کم دو حرف بنویسید (بدون نشانه‌های ویژه).");
  });

  it("talks to the service desk: pick an agency, see its contact", async () => {
    await openFaq();
    await h.tap(citizen, "🧑‍💼 گفتگو با میز خدمت");
    expect(h.lastText(citizen)).toContain("🧑‍💼 میز خدمت کدام دستگاه را می‌خواهید؟");
    expect(await h.step(citizen)).toBe("faq/desk");
    await h.text(citizen, "بهداشت");
    await h.tap(citizen, "وزارت بهداشت، درمان و آموزش پزشکی");
    const contact = h.lastText(citizen);
    expect(contact).toContain("🧑‍💼 میز خدمت وزارت بهداشت، درمان و آموزش پزشکی");
    expect(contact).toContain("☎️ تلفن: \u2066190\u2069");
    expect(contact).toContain("🌐 وب‌گاه: \u2066https://behdasht.gov.ir\u2069");
    expect(contact).toContain("🕘 ساعت کار: شنبه تا چهارشنبه ۸ تا ۱۴");
    expect(await h.step(citizen)).toBe("faq/desk_contact");

    await h.tap(citizen, "🏛 دستگاه دیگر");
    expect(await h.step(citizen)).toBe("faq/desk");
    await h.tap(citizen, "وزارت آموزش و پرورش");
    expect(h.lastText(citizen)).toContain("🧑‍💼 میز خدمت وزارت آموزش و پرورش");
    expect(h.lastText(citizen)).toContain("🌐 وب‌گاه: \u2066https://medu.ir\u2069");
  });

  it("searches for a question typed under a service desk's contact", async () => {
    await openFaq();
    await h.tap(citizen, "🧑‍💼 گفتگو با میز خدمت");
    await h.tap(citizen, "وزارت آموزش و پرورش");
    await h.text(citizen, "اعتراض");
    expect(h.lastText(citizen)).toBe("پرسش‌های مرتبط با «اعتراض»:");
    expect(await h.step(citizen)).toBe("faq/search");
  });

  it("reaches the service desk from an answer too", async () => {
    await openFaq();
    await h.text(citizen, "میز خدمت");
    await h.tap(citizen, "محل استقرار میز خدمت");
    await h.tap(citizen, "🧑‍💼 گفتگو با میز خدمت");
    expect(await h.step(citizen)).toBe("faq/desk");
  });

  it("opens with citizens' questions, cut at a word with «…», and keeps the civil servants' ones under their own heading", async () => {
    await openFaq();
    const labels = h.inlineLabels(citizen);
    expect(labels[0]).toBe("چطور شکایت یا درخواستم را ثبت کنم؟");
    for (const q of SERVICE_DESK_QUESTIONS) expect(labels.some((l) => l.startsWith(q))).toBe(false);
    expect(labels.at(-2)).toBe("🏛 پرسش‌های کارکنان دستگاه‌ها");

    await h.tap(citizen, "🏛 پرسش‌های کارکنان دستگاه‌ها");
    expect(h.lastText(citizen)).toBe("🏛 پرسش‌های کارکنان دستگاه‌ها (میز خدمت، بازرسان ماده ۹۱، سامانهٔ تسما):");
    const staff = h.inlineLabels(citizen);
    for (const q of SERVICE_DESK_QUESTIONS) expect(staff.some((l) => l.startsWith(q))).toBe(true);
    for (const label of staff) expect([...label].length).toBeLessThanOrEqual(60);
    const cut = staff.filter((l) => l.endsWith("…"));
    expect(cut.length).toBeGreaterThan(0);
    // Cut between words: what stands before «…» is a whole word of the question.
    expect(cut.every((l) => /[^\s]…$/u.test(l))).toBe(true);
    expect(cut).toContain("تعداد بازرسان ماده ۹۱ قانون مدیریت خدمات کشوری در هر…");

    await h.tap(citizen, "محل استقرار میز خدمت");
    expect(await h.step(citizen)).toBe("faq/answer");
    await h.tap(citizen, "↩️ بازگشت به پرسش‌ها");
    expect(await h.step(citizen)).toBe("faq/civil_servants");
    await h.tap(citizen, "↩️ بازگشت به پرسش‌ها");
    expect(await h.step(citizen)).toBe("faq/search");
    expect(h.lastText(citizen)).toContain("❓ پرسش خود را بنویسید");
  });

  it("lists citizens' questions before the civil servants' ones in search results", async () => {
    await openFaq();
    await h.text(citizen, "دستگاه");
    const labels = h.inlineLabels(citizen).slice(0, -1);
    const STAFF_STARTS = ["محل استقرار میز خدمت", "اگر استقرار میز خدمت", "آیا همه دستگاه‌های اجرایی", "تعداد بازرسان", "وظیفه دفاتر حراست", "دستگاه اجرایی چگونه"];
    const forStaff = labels.map((l) => STAFF_STARTS.some((q) => l.startsWith(q)));
    expect(forStaff).toContain(false);
    expect(forStaff).toEqual([...forStaff].sort((x, y) => Number(x) - Number(y)));
  });

  it("refuses a forged question id", async () => {
    await openFaq();
    const { version } = await h.state(citizen);
    await h.press(citizen, `${version}:q:999999`);
    expect(h.lastToast()).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    expect(await h.step(citizen)).toBe("faq/search");
  });
});

describe("language", () => {
  const ENGLISH_MENU = [
    [{ text: "📝 File a request / complaint" }],
    [{ text: "📂 My cases" }, { text: "🔎 Track with tracking code" }],
    [{ text: "❓ Help and FAQ" }, { text: "🌐 زبان / Language" }],
    [{ text: "🔕 Announcements: off" }],
  ];

  it("switches to English with /lang and back to Persian with the menu button", async () => {
    await h.text(citizen, "/lang");
    expect(h.lastText(citizen)).toBe("زبان را انتخاب کنید / Choose your language:");
    await h.tap(citizen, "English");
    expect(h.lastText(citizen)).toBe("Hamyar now speaks English.");
    expect(h.replyKeyboard(citizen)).toEqual(ENGLISH_MENU);

    await h.text(citizen, "📂 My cases");
    expect(h.lastText(citizen)).not.toMatch(/[\u0600-\u06FF]/);

    await h.text(citizen, "🌐 زبان / Language");
    await h.tap(citizen, "فارسی");
    expect(h.lastText(citizen)).toBe("زبان همیار فارسی شد.");
    expect(h.replyKeyboard(citizen)[0][0].text).toBe("📝 ثبت درخواست / شکایت");
  });

  it("files a case in English", async () => {
    await h.text(citizen, "/lang");
    await h.tap(citizen, "English");
    await h.text(citizen, "📝 File a request / complaint");
    await h.tap(citizen, "Complaint");
    await h.text(citizen, "social security");
    await h.tap(citizen, "Social Security");
    await h.tap(citizen, "Pensions");
    await h.tap(citizen, /^Tehran$/);
    await h.tap(citizen, /^Tehran$/);
    await h.text(citizen, "Late pension payment");
    await h.text(citizen, "My pension for this month was paid ten days late.");
    await h.text(citizen, "Not now");
    await h.text(citizen, "Not now");
    await h.contact(citizen, "989121234567");
    await h.text(citizen, "Not now");
    expect(h.lastText(citizen)).toContain("Late pension payment");
    await h.tap(citizen, "Confirm and submit");
    expect(h.lastText(citizen)).toMatch(/Tracking code: \u2066\d{3}\u00A0\d{3}\u00A0\d{3}\u2069/);
    expect(h.replyKeyboard(citizen)).toEqual(ENGLISH_MENU);
  });
});
