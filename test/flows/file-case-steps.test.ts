import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agencies, agencyTopics, attachments, caseEvents, counties, provinces, users } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allCases, caseByCode, fileCaseAsCitizen, onlyCase, walkTo } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 6001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const confirm = () => h.tap(citizen, "تأیید و ثبت نهایی");
const draft = async () => (await h.state(citizen)).draft;

async function agencyId(code: string) {
  const [row] = await database.db.select().from(agencies).where(eq(agencies.code, code));
  return row.id;
}

describe("every kind of case can be filed", () => {
  const kinds = [
    ["شکایت", "complaint"],
    ["درخواست", "request"],
    ["پیشنهاد", "suggestion"],
    ["طرح / ایده", "idea"],
    ["گزارش (تخلف)", "report"],
    ["تقدیر و تشکر", "appreciation"],
  ] as const;

  it("names the office that will answer: Karaj's municipality, not «شهرداری»", async () => {
    await fileCaseAsCitizen(h, citizen, "شکایت", { agency: { search: "شهرداری", button: "شهرداری" }, province: "البرز", county: "کرج" });
    expect(h.lastText(citizen)).toContain("✅ شکایت شما برای «شهرداری کرج» ثبت شد.");
  });

  it.each(kinds)("files a «%s» and tells the citizen its tracking code", async (label, kind) => {
    const code = await fileCaseAsCitizen(h, citizen, label);
    expect(h.lastText(citizen)).toContain(`✅ ${label} شما برای «اداره کل تأمین اجتماعی استان تهران» ثبت شد.`);
    expect(h.lastText(citizen)).toContain("مهلت پاسخ: تا");
    const row = await caseByCode(database.db, code);
    expect(row.kind).toBe(kind);
    expect(row.status).toBe("received");
    expect(row.anonymous).toBe(false);
    expect(row.agencyId).toBe(await agencyId("tamin"));
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(events.map((e) => [e.type, e.status])).toEqual([["status", "received"]]);
    // The form is closed and the main menu is back.
    expect(await h.step(citizen)).toBeNull();
    expect(h.replyKeyboard(citizen)[0][0].text).toBe("📝 ثبت درخواست / شکایت");
  });

  it("offers anonymity only for reports", async () => {
    await walkTo(h, citizen, "summary", { kind: "شکایت" });
    expect(h.sent(citizen).some((c) => c.payload.text.includes("بدون نام"))).toBe(false);
    expect(h.inlineLabels(citizen)).not.toContain("✏️ با نام / بی‌نام");
  });

  it("files an anonymous report without asking for or storing phone and national ID", async () => {
    await walkTo(h, citizen, "anonymity", { kind: "گزارش (تخلف)" });
    expect(h.lastText(citizen)).toContain("گزارش تخلف را می‌توانید بدون نام ثبت کنید");
    h.newTexts(citizen);
    await h.tap(citizen, "🕶 ثبت بدون نام");
    expect(await h.step(citizen)).toBe("file_case/summary");
    const shown = h.newTexts(citizen);
    expect(shown).not.toContain("ارسال شمارهٔ من");
    expect(shown).not.toContain("کد ملی");
    expect(shown).toContain("هویت: بدون نام");
    await confirm();
    expect(h.lastText(citizen)).toContain("✅ گزارش (تخلف) شما برای «اداره کل تأمین اجتماعی استان تهران» ثبت شد.");
    const row = await onlyCase(database.db);
    expect(row).toMatchObject({ kind: "report", anonymous: true, contactPhone: null, contactPhoneVerified: false, nationalId: null });
  });

  it("keeps an anonymous report anonymous even when the citizen shared a phone before", async () => {
    await fileCaseAsCitizen(h, citizen, "شکایت");
    await walkTo(h, citizen, "anonymity", { kind: "گزارش (تخلف)" });
    await h.tap(citizen, "بدون نام");
    await confirm();
    const [complaint, report] = await allCases(database.db);
    expect(complaint.contactPhone).toBe("+989121234567");
    expect(report).toMatchObject({ kind: "report", anonymous: true, contactPhone: null, nationalId: null });
  });

  it("files a named report with the citizen's verified phone", async () => {
    await walkTo(h, citizen, "anonymity", { kind: "گزارش (تخلف)" });
    await h.tap(citizen, "👤 ثبت با نام و شماره");
    expect(await h.step(citizen)).toBe("file_case/contact");
    await h.contact(citizen, "+98 912 123 4567");
    await h.text(citizen, "۰۴۹۹۳۷۰۸۹۹");
    await confirm();
    const row = await onlyCase(database.db);
    expect(row).toMatchObject({ kind: "report", anonymous: false, contactPhone: "+989121234567", contactPhoneVerified: true, nationalId: "0499370899" });
  });
});

describe("agency step", () => {
  it("finds an agency typed with Arabic ي and ك", async () => {
    await walkTo(h, citizen, "agency");
    await h.text(citizen, "جهاد كشاورزي");
    expect(h.lastText(citizen)).toContain("🔍 نتایج جستجو برای «جهاد کشاورزی»:");
    expect(h.inlineLabels(citizen)).toEqual(["وزارت جهاد کشاورزی", "📋 نمایش همه"]);
    await h.tap(citizen, "وزارت جهاد کشاورزی");
    expect(await h.step(citizen)).toBe("file_case/topic");
    expect(h.lastText(citizen)).toContain("موضوع پرونده در وزارت جهاد کشاورزی را انتخاب کنید:");
    expect((await draft()).agencyId).toBe(await agencyId("agriculture"));
  });

  it("finds an agency by a word typed without its half-space", async () => {
    await walkTo(h, citizen, "agency");
    await h.text(citizen, "صنایع دستی");
    expect(h.inlineLabels(citizen)[0]).toBe("وزارت میراث فرهنگی، گردشگری و صنایع‌دستی");
  });

  it("pages through the agencies with next and previous, editing the list in place", async () => {
    await walkTo(h, citizen, "agency");
    const pagerLabels = ["بعدی ◀️", "▶️ قبلی"];
    const agenciesShown = () => h.inlineLabels(citizen).filter((l) => !pagerLabels.includes(l));
    const first = agenciesShown();
    expect(first).toHaveLength(8);
    expect(h.inlineLabels(citizen)).toContain("بعدی ◀️");
    expect(h.inlineLabels(citizen)).not.toContain("▶️ قبلی");
    const { version } = await h.state(citizen);

    await h.tap(citizen, "بعدی ◀️");
    expect(h.calls.at(-1)!.method).toBe("editMessageText");
    const second = agenciesShown();
    expect(second.some((l) => first.includes(l))).toBe(false);
    expect(h.inlineLabels(citizen)).toEqual(expect.arrayContaining(pagerLabels));

    // On to the last page, and all the way back: every agency shown once.
    const seen = [...first, ...second];
    while (h.inlineLabels(citizen).includes("بعدی ◀️")) {
      await h.tap(citizen, "بعدی ◀️");
      seen.push(...agenciesShown());
    }
    expect(new Set(seen).size).toBe((await database.db.select().from(agencies)).length);
    while (h.inlineLabels(citizen).includes("▶️ قبلی")) await h.tap(citizen, "▶️ قبلی");
    expect(agenciesShown()).toEqual(first);
    expect(await h.state(citizen)).toMatchObject({ step: "agency", version });

    // An agency picked from a later page counts like any other.
    await h.tap(citizen, "بعدی ◀️");
    await h.tap(citizen, second[0]);
    const [picked] = await database.db.select().from(agencies).where(eq(agencies.nameFa, second[0]));
    expect((await draft()).agencyId).toBe(picked.id);
  });

  it("pages search results too, and «show all» brings the whole list back", async () => {
    await walkTo(h, citizen, "agency");
    const whole = h.inlineLabels(citizen);
    await h.text(citizen, "سازمان");
    const filtered = h.inlineLabels(citizen).filter((l) => !["بعدی ◀️", "📋 نمایش همه"].includes(l));
    expect(filtered).toHaveLength(8);
    expect(filtered.every((l) => l.includes("سازمان"))).toBe(true);
    expect(h.inlineLabels(citizen)).toContain("بعدی ◀️");
    await h.tap(citizen, "بعدی ◀️");
    expect(h.inlineLabels(citizen)).toContain("سازمان بیمه سلامت ایران");

    await h.tap(citizen, "📋 نمایش همه");
    expect(h.lastText(citizen)).toContain("🔍 برای جستجو، بخشی از نام را بنویسید.");
    expect(h.inlineLabels(citizen)).toEqual(whole);
    expect(h.inlineLabels(citizen)).not.toContain("📋 نمایش همه");
  });

  it("says when nothing matches and keeps the step", async () => {
    await walkTo(h, citizen, "agency");
    await h.text(citizen, "فضانوردی");
    expect(h.lastText(citizen)).toBe("موردی با «فضانوردی» پیدا نشد. لطفاً واژهٔ دیگری بنویسید یا از فهرست انتخاب کنید.");
    expect(await h.step(citizen)).toBe("file_case/agency");
    await h.text(citizen, "تامین اجتماعی");
    await h.tap(citizen, "سازمان تأمین اجتماعی");
    expect(await h.step(citizen)).toBe("file_case/topic");
  });

  it("refuses a one-letter search", async () => {
    await walkTo(h, citizen, "agency");
    await h.text(citizen, "و");
    expect(h.lastText(citizen)).toBe("لطفاً برای جستجو دست‌کم دو حرف بنویسید (بدون نشانه‌های ویژه).");
    expect(await h.step(citizen)).toBe("file_case/agency");
  });

  it("skips the topic step for an agency without topics", async () => {
    await walkTo(h, citizen, "agency");
    await h.text(citizen, "وزارت كشور");
    await h.tap(citizen, "وزارت کشور");
    expect(await h.step(citizen)).toBe("file_case/province");
    expect(h.lastText(citizen)).toContain("📍 استان محل موضوع را انتخاب کنید:");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("دستگاه: وزارت کشور\n");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ agencyId: await agencyId("interior"), topicId: null });
  });

  it("asks the topic of an agency that has topics and stores the one chosen", async () => {
    await walkTo(h, citizen, "topic");
    expect(h.inlineLabels(citizen)).toEqual([
      "مستمری و بازنشستگی",
      "سوابق بیمه‌ای",
      "درمان بیمه‌شدگان",
      "امور کارفرمایان و حق بیمه",
      "غرامت دستمزد و کمک‌هزینه‌ها",
      "موضوع دیگر / نمی‌دانم",
    ]);
    await h.tap(citizen, "سوابق بیمه‌ای");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("دستگاه: سازمان تأمین اجتماعی / سوابق بیمه‌ای");
    await confirm();
    const [topic] = await database.db.select().from(agencyTopics).where(eq(agencyTopics.nameFa, "سوابق بیمه‌ای"));
    expect((await onlyCase(database.db)).topicId).toBe(topic.id);
  });

  it("accepts «other topic / not sure»", async () => {
    await walkTo(h, citizen, "topic");
    await h.tap(citizen, "موضوع دیگر / نمی‌دانم");
    expect(await h.step(citizen)).toBe("file_case/province");
    await walkTo(h, citizen, "summary");
    await confirm();
    expect((await onlyCase(database.db)).topicId).toBeNull();
  });
});

describe("province and county steps", () => {
  it("finds a province and a county typed with Arabic letters and without the half-space", async () => {
    await walkTo(h, citizen, "province");
    await h.text(citizen, "كرمان");
    expect(h.inlineLabels(citizen)).toEqual(["کرمان", "کرمانشاه", "📋 نمایش همه"]);
    await h.tap(citizen, /^کرمانشاه$/);
    expect(await h.step(citizen)).toBe("file_case/county");
    expect(h.lastText(citizen)).toContain("شهرستان را انتخاب کنید:");
    await h.text(citizen, "اسلام اباد");
    expect(h.inlineLabels(citizen)).toContain("اسلام‌آباد غرب");
    await h.tap(citizen, "اسلام‌آباد غرب");
    expect(await h.step(citizen)).toBe("file_case/subject");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("محل: کرمانشاه، اسلام‌آباد غرب");
    await confirm();
    const row = await onlyCase(database.db);
    const [province] = await database.db.select().from(provinces).where(eq(provinces.id, row.provinceId));
    const [county] = await database.db.select().from(counties).where(eq(counties.id, row.countyId));
    expect([province.nameFa, county.nameFa]).toEqual(["کرمانشاه", "اسلام‌آباد غرب"]);
  });

  it("lists only the counties of the chosen province", async () => {
    await walkTo(h, citizen, "county", { province: "اصفهان" });
    const labels = h.inlineLabels(citizen);
    expect(labels).toContain("کاشان");
    expect(labels).not.toContain("شمیرانات");
    await h.text(citizen, "شمیرانات");
    expect(h.lastText(citizen)).toBe("موردی با «شمیرانات» پیدا نشد. لطفاً واژهٔ دیگری بنویسید یا از فهرست انتخاب کنید.");
    expect(await h.step(citizen)).toBe("file_case/county");
  });
});

describe("attachments step", () => {
  it("stores a photo, a document and a voice message with the case", async () => {
    await walkTo(h, citizen, "attachments");
    expect(h.lastText(citizen)).toContain("حداکثر ۵ فایل؛ تاکنون: ۰");
    await h.photo(citizen, "ph-1");
    expect(h.lastText(citizen)).toContain("✅ پیوست ۱ از ۵ دریافت شد.");
    await h.document(citizen, { uniqueId: "doc-1", fileName: "ghabz.pdf" });
    await h.voice(citizen, "vo-1");
    expect(h.lastText(citizen)).toContain("✅ پیوست ۳ از ۵ دریافت شد.");
    expect(await h.step(citizen)).toBe("file_case/attachments");
    // The latest message offers to finish, so the citizen need not scroll up to the prompt.
    expect(h.inlineLabels(citizen)).toContain("✅ پایان ارسال پیوست‌ها");
    await h.tap(citizen, "✅ پایان ارسال پیوست‌ها");
    expect(await h.step(citizen)).toBe("file_case/location");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("پیوست‌ها: ۳");
    await confirm();
    const row = await onlyCase(database.db);
    const files = await database.db.select().from(attachments).where(eq(attachments.caseId, row.id)).orderBy(attachments.id);
    expect(files.map((f) => [f.kind, f.fileId, f.fileUniqueId, f.platform])).toEqual([
      ["photo", "file-ph-1", "ph-1", "telegram"],
      ["document", "file-doc-1", "doc-1", "telegram"],
      ["voice", "file-vo-1", "vo-1", "telegram"],
    ]);
    expect(files[1]).toMatchObject({ fileName: "ghabz.pdf", mimeType: "application/pdf" });
    expect(files[2]).toMatchObject({ duration: 7, mimeType: "audio/ogg" });
  });

  it("accepts at most five files", async () => {
    await walkTo(h, citizen, "attachments");
    for (let i = 1; i <= 5; i++) await h.photo(citizen, `ph-${i}`);
    expect(h.lastText(citizen)).toContain("تاکنون: ۵");
    await h.photo(citizen, "ph-6");
    expect(h.lastText(citizen)).toBe("حداکثر ۵ پیوست مجاز است. دکمهٔ «پایان ارسال پیوست‌ها» را بزنید.");
    expect(await h.step(citizen)).toBe("file_case/attachments");
    expect(((await draft()).attachments as unknown[]).length).toBe(5);
    await h.tap(citizen, "پایان ارسال پیوست‌ها");
    await walkTo(h, citizen, "summary");
    await confirm();
    const files = await database.db.select().from(attachments);
    expect(files.map((f) => f.fileUniqueId)).toEqual(["ph-1", "ph-2", "ph-3", "ph-4", "ph-5"]);
  });

  it("refuses the same file twice", async () => {
    await walkTo(h, citizen, "attachments");
    await h.photo(citizen, "ph-1");
    await h.photo(citizen, "ph-1");
    expect(h.lastText(citizen)).toBe("این فایل را قبلاً فرستاده‌اید.");
    expect(((await draft()).attachments as unknown[]).length).toBe(1);
  });

  it("refuses a file over 20 MB and accepts one of exactly 20 MB", async () => {
    await walkTo(h, citizen, "attachments");
    await h.document(citizen, { uniqueId: "big", size: 20 * 1024 * 1024 + 1 });
    expect(h.lastText(citizen)).toBe("حجم این فایل بیش از ۲۰ مگابایت است. لطفاً فایل کوچک‌تری بفرستید.");
    expect((await draft()).attachments).toBeUndefined();
    await h.document(citizen, { uniqueId: "ok", size: 20 * 1024 * 1024 });
    expect(h.lastText(citizen)).toContain("✅ پیوست ۱ از ۵ دریافت شد.");
  });

  it("refuses text at the attachments step", async () => {
    await walkTo(h, citizen, "attachments");
    await h.text(citizen, "عکس را بعداً می‌فرستم");
    expect(h.lastText(citizen)).toBe("در این مرحله عکس، سند یا پیام صوتی بفرستید؛ اگر پیوستی ندارید «فعلاً نه» را بزنید.");
    expect(await h.step(citizen)).toBe("file_case/attachments");
  });

  it("removes the files sent so far with the remove button", async () => {
    await walkTo(h, citizen, "attachments");
    await h.photo(citizen, "ph-1");
    await h.photo(citizen, "ph-2");
    await h.tap(citizen, "🗑 حذف پیوست‌ها");
    expect(h.lastText(citizen)).toContain("تاکنون: ۰");
    expect((await draft()).attachments).toEqual([]);
    await h.text(citizen, "فعلاً نه");
    expect(await h.step(citizen)).toBe("file_case/location");
  });
});

describe("location step", () => {
  it("offers to share a location, skip, go back or cancel", async () => {
    await walkTo(h, citizen, "location");
    expect(h.lastText(citizen)).toContain("📍 محل موضوع را مشخص کنید");
    expect(h.replyKeyboard(citizen)).toEqual([
      [{ text: "📍 ارسال موقعیت مکانی", request_location: true }],
      [{ text: "فعلاً نه" }],
      [{ text: "↩️ مرحلهٔ قبل" }, { text: "❌ انصراف" }],
    ]);
  });

  it("stores a shared location as latitude and longitude", async () => {
    await walkTo(h, citizen, "location");
    await h.location(citizen, 35.6892, 51.389);
    expect(await h.step(citizen)).toBe("file_case/contact");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("نشانی / موقعیت: موقعیت روی نقشه");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ latitude: 35.6892, longitude: 51.389, address: null });
  });

  it("stores a typed address", async () => {
    await walkTo(h, citizen, "location");
    await h.text(citizen, "تهران، خیابان انقلاب، کوچه ۱۲");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("نشانی / موقعیت: \u2068تهران، خیابان انقلاب، کوچه ۱۲\u2069");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ latitude: null, longitude: null, address: "تهران، خیابان انقلاب، کوچه ۱۲" });
  });

  it("can be skipped", async () => {
    await walkTo(h, citizen, "location");
    await h.text(citizen, "فعلاً نه");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("نشانی / موقعیت: ندارد");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ latitude: null, longitude: null, address: null });
  });

  it("does not take the location button's label as an address (sent by clients that cannot share locations)", async () => {
    await walkTo(h, citizen, "location");
    await h.text(citizen, "📍 ارسال موقعیت مکانی");
    expect(h.lastText(citizen)).toBe("لطفاً موقعیت مکانی بفرستید، نشانی را بنویسید یا «فعلاً نه» را بزنید.");
    expect(await h.step(citizen)).toBe("file_case/location");
    expect((await draft()).address).toBeUndefined();
  });

  it("refuses an address that is too short", async () => {
    await walkTo(h, citizen, "location");
    await h.text(citizen, "قم");
    expect(h.lastText(citizen)).toBe("متن خیلی کوتاه است؛ دست‌کم ۵ حرف بنویسید.");
    expect(await h.step(citizen)).toBe("file_case/location");
  });

  it("refuses a sticker and an impossible location", async () => {
    await walkTo(h, citizen, "location");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً موقعیت مکانی بفرستید، نشانی را بنویسید یا «فعلاً نه» را بزنید.");
    await h.location(citizen, 95, 10);
    expect(h.lastText(citizen)).toBe("این موقعیت مکانی معتبر نیست.");
    expect(await h.step(citizen)).toBe("file_case/location");
  });
});

describe("contact step", () => {
  it("asks for the number with the platform's share-contact button", async () => {
    await walkTo(h, citizen, "contact");
    expect(h.lastText(citizen)).toContain("دکمهٔ «ارسال شمارهٔ من» را بزنید");
    expect(h.replyKeyboard(citizen)[0]).toEqual([{ text: "📱 ارسال شمارهٔ من", request_contact: true }]);
  });

  it("refuses a contact that is not the sender's own and keeps the step", async () => {
    await walkTo(h, citizen, "contact");
    await h.contact(citizen, "989351112233", 424242);
    expect(h.lastText(citizen)).toBe("این شمارهٔ خود شما نیست. لطفاً فقط با دکمهٔ «ارسال شمارهٔ من» شمارهٔ خودتان را بفرستید.");
    expect(await h.step(citizen)).toBe("file_case/contact");
    // A contact card forwarded from the address book carries no user id at all.
    await h.send(h.messageUpdate(citizen, { contact: { phone_number: "989351112233", first_name: "دوست" } }));
    expect(h.lastText(citizen)).toBe("این شمارهٔ خود شما نیست. لطفاً فقط با دکمهٔ «ارسال شمارهٔ من» شمارهٔ خودتان را بفرستید.");
    expect(await h.step(citizen)).toBe("file_case/contact");
    expect((await draft()).phone).toBeUndefined();
  });

  it("asks to use the button when a valid number is typed, in any digit script", async () => {
    await walkTo(h, citizen, "contact");
    for (const typed of ["09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567"]) {
      await h.text(citizen, typed);
      expect(h.lastText(citizen)).toBe("برای اطمینان از اینکه شماره متعلق به شماست، لطفاً به جای تایپ، دکمهٔ «ارسال شمارهٔ من» را بزنید.");
    }
    expect(await h.step(citizen)).toBe("file_case/contact");
  });

  it("says a typed number with a bad format is invalid", async () => {
    await walkTo(h, citizen, "contact");
    await h.text(citizen, "۱۲۳۴۵");
    expect(h.lastText(citizen)).toBe("این شمارهٔ همراه معتبر نیست (نمونهٔ درست: ۰۹۱۲۳۴۵۶۷۸۹). لطفاً از دکمهٔ «ارسال شمارهٔ من» استفاده کنید.");
    expect(await h.step(citizen)).toBe("file_case/contact");
  });

  it("accepts the sender's own contact and stores it verified", async () => {
    await walkTo(h, citizen, "contact");
    await h.contact(citizen, "989121234567");
    expect(h.newTexts(citizen)).toContain("✅ شمارهٔ شما دریافت شد.");
    expect(await h.step(citizen)).toBe("file_case/national_id");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("شمارهٔ تماس: \u2066+۹۸۹۱۲۱۲۳۴۵۶۷\u2069");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ contactPhone: "+989121234567", contactPhoneVerified: true });
    const [user] = await database.db.select().from(users).where(eq(users.platformUserId, citizen));
    expect(user).toMatchObject({ phone: "+989121234567", phoneVerified: true });
  });

  it("offers the verified number again on the next filing", async () => {
    await fileCaseAsCitizen(h, citizen);
    await walkTo(h, citizen, "contact");
    const saved = "📱 همان شمارهٔ \u2066+۹۸۹۱۲۱۲۳۴۵۶۷\u2069";
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).toContain(saved);
    await h.text(citizen, saved);
    expect(await h.step(citizen)).toBe("file_case/national_id");
    expect(await draft()).toMatchObject({ phone: "+989121234567", phoneVerified: true });
  });
});

describe("national ID step", () => {
  it("refuses a national ID with a bad check digit", async () => {
    await walkTo(h, citizen, "national_id");
    await h.text(citizen, "0499370898");
    expect(h.lastText(citizen)).toBe("کد ملی نامعتبر است. کد ملی ۱۰ رقم دارد و رقم آخر آن رقم کنترل است؛ لطفاً آن را دوباره بررسی کنید.");
    expect(await h.step(citizen)).toBe("file_case/national_id");
  });

  it("refuses a national ID of the wrong length or of one repeated digit", async () => {
    await walkTo(h, citizen, "national_id");
    for (const typed of ["12345", "1111111111"]) {
      await h.text(citizen, typed);
      expect(h.lastText(citizen)).toContain("کد ملی نامعتبر است.");
    }
    expect(await h.step(citizen)).toBe("file_case/national_id");
  });

  it("accepts a national ID typed in Persian digits and stores it in ASCII", async () => {
    await walkTo(h, citizen, "national_id");
    await h.text(citizen, "۰۴۹۹۳۷۰۸۹۹");
    expect(await h.step(citizen)).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("کد ملی: \u2066۰۴۹۹۳۷۰۸۹۹\u2069");
    await confirm();
    expect((await onlyCase(database.db)).nationalId).toBe("0499370899");
  });

  it("accepts a national ID typed in Arabic-Indic digits", async () => {
    await walkTo(h, citizen, "national_id");
    await h.text(citizen, "٠٤٩٩٣٧٠٨٩٩");
    expect(await draft()).toMatchObject({ nationalId: "0499370899" });
  });

  it("can be skipped", async () => {
    await walkTo(h, citizen, "national_id");
    await h.text(citizen, "فعلاً نه");
    expect(h.lastText(citizen)).toContain("کد ملی: ندارد");
    await confirm();
    expect((await onlyCase(database.db)).nationalId).toBeNull();
  });

  it("refuses a sticker", async () => {
    await walkTo(h, citizen, "national_id");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً کد ملی را به صورت عدد بنویسید یا «فعلاً نه» را بزنید.");
    expect(await h.step(citizen)).toBe("file_case/national_id");
  });
});

describe("summary", () => {
  it("lists every answer and does not say the case is filed before it is confirmed", async () => {
    await walkTo(h, citizen, "national_id");
    h.newTexts(citizen);
    await h.text(citizen, "فعلاً نه");
    const shown = h.newTexts(citizen);
    // «ثبت شد» is what the citizen reads once the case is filed (and the first status); nothing is filed yet.
    expect(shown).not.toContain("ثبت شد");
    expect(shown).toContain("📋 خلاصهٔ پرونده — لطفاً بررسی کنید:");
    for (const line of ["نوع: شکایت", "دستگاه: سازمان تأمین اجتماعی / مستمری و بازنشستگی", "محل: تهران، تهران", "عنوان: \u2068تأخیر در پرداخت مستمری\u2069", "پیوست‌ها: ۰"]) {
      expect(shown).toContain(line);
    }
    expect(await h.step(citizen)).toBe("file_case/summary");
    expect(await allCases(database.db)).toHaveLength(0);
  });
});
