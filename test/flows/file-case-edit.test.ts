import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agencies, agencyTopics, counties, provinces } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { DESCRIPTION, onlyCase, SUBJECT, walkTo } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 8001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const confirm = () => h.tap(citizen, "تأیید و ثبت نهایی");
const step = () => h.step(citizen);

async function idOf(table: typeof agencies | typeof agencyTopics | typeof provinces | typeof counties, nameFa: string) {
  const [row] = await database.db.select({ id: table.id }).from(table).where(eq(table.nameFa, nameFa));
  return row.id;
}

describe("editing from the summary", () => {
  it("offers the confirm button first, then an edit button for every part of the case", async () => {
    await walkTo(h, citizen, "summary");
    expect(h.inlineLabels(citizen)).toEqual([
      "✅ تأیید و ثبت نهایی",
      "✏️ نوع",
      "✏️ دستگاه",
      "✏️ استان و شهرستان",
      "✏️ عنوان",
      "✏️ شرح",
      "✏️ پیوست‌ها",
      "✏️ نشانی",
      "✏️ شمارهٔ تماس",
      "✏️ کد ملی",
    ]);
  });

  it("edits the subject and returns to the summary", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ عنوان");
    expect(await step()).toBe("file_case/subject");
    expect(h.lastText(citizen)).toBe("مرحلهٔ ۶ از ۱۲\n✏️ عنوان کوتاهی برای شکایت خود بنویسید (بین ۵ تا ۱۲۰ حرف):");
    await h.text(citizen, "قطع مستمری بدون اطلاع");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("عنوان: \u2068قطع مستمری بدون اطلاع\u2069");
    await confirm();
    const row = await onlyCase(database.db);
    expect(row.subject).toBe("قطع مستمری بدون اطلاع");
    expect(row.description).toBe(DESCRIPTION);
  });

  it("keeps the step when the edited subject is bad, then takes a good one", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ عنوان");
    await h.text(citizen, "😡");
    expect(h.lastText(citizen)).toContain("فقط شکلک یا نشانه");
    expect(await step()).toBe("file_case/subject");
    await h.text(citizen, "عنوان تازه و درست");
    expect(await step()).toBe("file_case/summary");
  });

  it("edits the agency: asks agency and then its topic again, then returns to the summary", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ دستگاه");
    expect(await step()).toBe("file_case/agency");
    expect(h.lastText(citizen)).toContain("🏛 پرونده مربوط به کدام دستگاه است؟");
    await h.text(citizen, "بهداشت");
    await h.tap(citizen, "وزارت بهداشت، درمان و آموزش پزشکی");
    expect(await step()).toBe("file_case/topic");
    expect(h.lastText(citizen)).toContain("موضوع پرونده در وزارت بهداشت، درمان و آموزش پزشکی را انتخاب کنید:");
    await h.tap(citizen, "دارو و داروخانه");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("دستگاه: وزارت بهداشت، درمان و آموزش پزشکی / دارو و داروخانه");
    // Nothing else was asked again.
    expect(h.lastText(citizen)).toContain(`عنوان: \u2068${SUBJECT}\u2069`);
    await confirm();
    expect(h.lastText(citizen)).toContain("برای «وزارت بهداشت، درمان و آموزش پزشکی» ثبت شد.");
    const row = await onlyCase(database.db);
    expect(row.agencyId).toBe(await idOf(agencies, "وزارت بهداشت، درمان و آموزش پزشکی"));
    expect(row.topicId).toBe(await idOf(agencyTopics, "دارو و داروخانه"));
  });

  it("drops the old topic when the agency is changed to one without topics", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ دستگاه");
    await h.text(citizen, "وزارت کشور");
    await h.tap(citizen, "وزارت کشور");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("دستگاه: وزارت کشور\n");
    await confirm();
    const row = await onlyCase(database.db);
    expect(row).toMatchObject({ agencyId: await idOf(agencies, "وزارت کشور"), topicId: null });
  });

  it("edits the region: asks province and county again, then returns to the summary", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ استان و شهرستان");
    expect(await step()).toBe("file_case/province");
    await h.tap(citizen, "اصفهان");
    expect(await step()).toBe("file_case/county");
    await h.tap(citizen, "کاشان");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("محل: اصفهان، کاشان");
    await confirm();
    const row = await onlyCase(database.db);
    expect(row.provinceId).toBe(await idOf(provinces, "اصفهان"));
    expect(row.countyId).toBe(await idOf(counties, "کاشان"));
  });

  it("edits the description, the location and the national ID", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ شرح");
    await h.text(citizen, "شرح تازه: مستمری دو ماه است که واریز نشده و کسی پاسخ نمی‌دهد.");
    await h.tap(citizen, "✏️ نشانی");
    expect(await step()).toBe("file_case/location");
    await h.location(citizen, 32.65, 51.67);
    expect(await step()).toBe("file_case/summary");
    await h.tap(citizen, "✏️ کد ملی");
    await h.text(citizen, "0499370899");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("کد ملی: \u2066۰۴۹۹۳۷۰۸۹۹\u2069");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({
      description: "شرح تازه: مستمری دو ماه است که واریز نشده و کسی پاسخ نمی‌دهد.",
      latitude: 32.65,
      longitude: 51.67,
      nationalId: "0499370899",
    });
  });

  it("edits the attachments: the files are sent again", async () => {
    await walkTo(h, citizen, "attachments");
    await h.photo(citizen, "ph-old");
    await h.tap(citizen, "پایان ارسال پیوست‌ها");
    await walkTo(h, citizen, "summary");
    expect(h.lastText(citizen)).toContain("پیوست‌ها: ۱");
    await h.tap(citizen, "✏️ پیوست‌ها");
    expect(await step()).toBe("file_case/attachments");
    await h.photo(citizen, "ph-new-1");
    await h.photo(citizen, "ph-new-2");
    await h.tap(citizen, "پایان ارسال پیوست‌ها");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("پیوست‌ها: ۲");
  });

  it("edits the kind from a complaint into a report and then asks whether to file anonymously", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ نوع");
    expect(await step()).toBe("file_case/kind");
    await h.tap(citizen, "گزارش (تخلف)");
    expect(await step()).toBe("file_case/anonymity");
    await h.tap(citizen, "بدون نام");
    expect(await step()).toBe("file_case/summary");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ kind: "report", anonymous: true, contactPhone: null, nationalId: null });
  });

  it("edits the kind from an anonymous report into a complaint and then asks for contact and national ID", async () => {
    await walkTo(h, citizen, "summary", { kind: "گزارش (تخلف)", anonymous: true });
    await h.tap(citizen, "✏️ نوع");
    await h.tap(citizen, "درخواست");
    expect(await step()).toBe("file_case/contact");
    await h.contact(citizen, "989121234567");
    expect(await step()).toBe("file_case/national_id");
    await h.text(citizen, "فعلاً نه");
    expect(await step()).toBe("file_case/summary");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ kind: "request", anonymous: false, contactPhone: "+989121234567" });
  });

  it("switches a named report to anonymous and back, asking contact and national ID again", async () => {
    await walkTo(h, citizen, "national_id", { kind: "گزارش (تخلف)", anonymous: false });
    await h.text(citizen, "0499370899");
    expect(await step()).toBe("file_case/summary");
    await h.tap(citizen, "✏️ با نام / بی‌نام");
    await h.tap(citizen, "بدون نام");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("هویت: بدون نام");
    expect(h.lastText(citizen)).not.toContain("۰۴۹۹۳۷۰۸۹۹");

    await h.tap(citizen, "✏️ با نام / بی‌نام");
    await h.tap(citizen, "با نام");
    expect(await step()).toBe("file_case/contact");
    await h.contact(citizen, "989121234567");
    expect(await step()).toBe("file_case/national_id");
    await h.text(citizen, "0067749828");
    await confirm();
    expect(await onlyCase(database.db)).toMatchObject({ anonymous: false, contactPhone: "+989121234567", nationalId: "0067749828" });
  });

  it("edits the contact by sharing it again", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ شمارهٔ تماس");
    expect(await step()).toBe("file_case/contact");
    await h.contact(citizen, "989351112233");
    expect(await step()).toBe("file_case/summary");
    expect(h.lastText(citizen)).toContain("شمارهٔ تماس: \u2066+۹۸۹۳۵۱۱۱۲۲۳۳\u2069");
    await confirm();
    expect((await onlyCase(database.db)).contactPhone).toBe("+989351112233");
  });

  it("an edit button of an old summary is stale once a newer summary is shown", async () => {
    await walkTo(h, citizen, "summary");
    const oldEdit = h.findButton(citizen, "✏️ شرح");
    await h.tap(citizen, "✏️ عنوان");
    await h.text(citizen, "عنوان دیگری برای پرونده");
    expect(await step()).toBe("file_case/summary");
    await h.send(h.callbackUpdate(citizen, oldEdit.data, oldEdit.messageId));
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(await step()).toBe("file_case/summary");
  });

  it("«↩️ مرحلهٔ قبل» during an edit goes back to the summary, and confirming there asks for what is missing", async () => {
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "✏️ عنوان");
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    expect(await step()).toBe("file_case/summary");
    await confirm();
    expect(await step()).toBe("file_case/subject");
    await h.text(citizen, SUBJECT);
    await confirm();
    expect((await onlyCase(database.db)).subject).toBe(SUBJECT);
  });
});
