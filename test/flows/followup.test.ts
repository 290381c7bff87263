import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { codeInText } from "../support/filing.ts";
import { agencyEvent, caseRow, drain, eventsOf, fileInChat, setWebhook, webhooksOf } from "../workers/citizen-messages-helpers.ts";

let database: Database;
let h: BotHarness;
const citizen = 33001;
const other = 33002;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  await setWebhook(database.db, "tamin", "https://tamin.example.ir/hamyar");
  h = new BotHarness(database.db);
});

const FOLLOWUP = "سلام؛ یک هفته گذشته و هنوز خبری از پرونده نیست. لطفاً پیگیری کنید.";

describe("a follow-up message on a case", () => {
  it("is sent from the case's detail in my cases and becomes an event with a webhook", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await h.text(citizen, "📂 پرونده‌های من");
    await h.tap(citizen, shown);
    expect(h.inlineLabels(citizen)).toEqual(["✉️ پیام پیگیری", "↩️ بازگشت به فهرست"]);

    await h.tap(citizen, "✉️ پیام پیگیری");
    expect(await h.step(citizen)).toBe("followup/text");
    expect(h.lastText(citizen)).toBe(`✉️ پیام پیگیری خود دربارهٔ پرونده ${codeInText(shown)} را بنویسید (تا ۳٬۰۰۰ حرف). پیام شما به «سازمان تأمین اجتماعی» می‌رسد.`);
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).toEqual(["↩️ مرحلهٔ قبل", "❌ انصراف"]);

    await h.text(citizen, FOLLOWUP);
    expect(h.lastText(citizen)).toBe(`✅ پیام پیگیری شما برای پرونده ${codeInText(shown)} ثبت شد و به دستگاه رسیدگی‌کننده می‌رسد.`);
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).toContain("📂 پرونده‌های من");
    expect(await h.step(citizen)).toBeNull();

    expect((await eventsOf(database.db, c.id)).at(-1)).toMatchObject({ type: "followup", actor: "citizen", note: FOLLOWUP, status: null });
    const hook = (await webhooksOf(database.db, c.id)).at(-1)!;
    expect(hook.event).toBe("case.followup");
    expect((hook.payload as any).data.event.note).toBe(FOLLOWUP);

    // The case's history shows it.
    await h.text(citizen, "📂 پرونده‌های من");
    await h.tap(citizen, shown);
    expect(h.lastText(citizen)).toContain(`پیام پیگیری شما\n   ${FOLLOWUP}`);
  });

  it("is offered under a case found by its tracking code", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await h.text(citizen, `/track ${shown}`);
    expect(h.lastText(citizen)).toContain(`🔖 پرونده ${codeInText(shown)}`);
    await h.tap(citizen, "✉️ پیام پیگیری");
    await h.text(citizen, FOLLOWUP);
    expect((await eventsOf(database.db, c.id)).at(-1)!.type).toBe("followup");
  });

  it("is opened by the button under a pushed status change", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    await drain(database.db, h);
    await h.tap(citizen, "✉️ پیام پیگیری");
    expect(await h.step(citizen)).toBe("followup/text");
  });

  it("keeps the step when the text is too short or not text", async () => {
    const { shown } = await fileInChat(h, database.db, citizen);
    await h.text(citizen, `/track ${shown}`);
    await h.tap(citizen, "✉️ پیام پیگیری");
    await h.text(citizen, "!");
    expect(h.lastText(citizen)).toBe("لطفاً با کلمات بنویسید؛ متنی که فقط شکلک یا نشانه دارد پذیرفته نمی‌شود.");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً پیام خود را به صورت متن بنویسید.");
    expect(await h.step(citizen)).toBe("followup/text");
  });

  it("can be cancelled without sending anything", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await h.text(citizen, `/track ${shown}`);
    await h.tap(citizen, "✉️ پیام پیگیری");
    await h.text(citizen, "❌ انصراف");
    expect(await h.step(citizen)).toBeNull();
    expect((await eventsOf(database.db, c.id)).map((e) => e.type)).toEqual(["status"]);
  });
});

describe("answering the agency's request for more information", () => {
  it("records info_provided, ends the wait and queues case.info_provided", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "info_request", question: "لطفاً شمارهٔ بیمهٔ خود را بفرستید." });
    expect((await caseRow(database.db, c.id)).awaitingInfo).toBe(true);
    await drain(database.db, h);

    await h.tap(citizen, "✍️ پاسخ به پرسش دستگاه");
    const prompt = h.lastText(citizen);
    expect(prompt).toContain(`❓ پرسش «سازمان تأمین اجتماعی» دربارهٔ پرونده ${codeInText(shown)}:`);
    expect(prompt).toContain("لطفاً شمارهٔ بیمهٔ خود را بفرستید.");
    await h.text(citizen, "شمارهٔ بیمهٔ من ۱۲۳۴۵۶۷۸ است.");
    expect(h.lastText(citizen)).toBe(`✅ پاسخ شما برای پرونده ${codeInText(shown)} ثبت شد و به دستگاه رسیدگی‌کننده می‌رسد.`);

    expect((await caseRow(database.db, c.id)).awaitingInfo).toBe(false);
    expect((await eventsOf(database.db, c.id)).at(-1)).toMatchObject({ type: "info_provided", note: "شمارهٔ بیمهٔ من ۱۲۳۴۵۶۷۸ است." });
    expect((await webhooksOf(database.db, c.id)).at(-1)!.event).toBe("case.info_provided");
  });

  it("shows the answer button on the case's detail while the agency waits, and a follow-up after", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "info_request", question: "تاریخ آخرین واریزی را بنویسید." });
    await h.text(citizen, `/track ${shown}`);
    expect(h.inlineLabels(citizen)).toEqual(["✍️ پاسخ به پرسش دستگاه"]);
    expect(h.lastText(citizen)).toContain("درخواست اطلاعات بیشتر از سوی دستگاه\n   تاریخ آخرین واریزی را بنویسید.");
    await h.tap(citizen, "✍️ پاسخ به پرسش دستگاه");
    await h.text(citizen, "آخرین واریزی در اول مهر بود.");
    await h.text(citizen, `/track ${shown}`);
    expect(h.inlineLabels(citizen)).toEqual(["✉️ پیام پیگیری"]);
  });
});

describe("follow-up buttons that must not work", () => {
  it("reveals nothing for a forged button on someone else's case", async () => {
    const { c: foreign } = await fileInChat(h, database.db, other);
    await h.text(citizen, "/start");
    const sent = h.sent(citizen).length;
    await h.press(citizen, `fu:${foreign.trackingCode}`);
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    const { version } = await h.state(citizen);
    await h.press(citizen, `${version}:fu:${foreign.trackingCode}`);
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(h.sent(citizen).length).toBe(sent);
    expect(await h.step(citizen)).toBeNull();
    expect((await eventsOf(database.db, foreign.id)).map((e) => e.type)).toEqual(["status"]);
  });

  it("treats the button of an old case detail as stale", async () => {
    const { shown } = await fileInChat(h, database.db, citizen);
    await h.text(citizen, "📂 پرونده‌های من");
    await h.tap(citizen, shown);
    const old = h.findButton(citizen, "✉️ پیام پیگیری");
    await h.tap(citizen, "↩️ بازگشت به فهرست");
    await h.press(citizen, old.data, old.messageId);
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(await h.step(citizen)).toBe("my_cases/list");
  });
});
