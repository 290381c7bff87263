import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { walkTo } from "../support/filing.ts";
import {
  agencyEvent,
  caseRow,
  drain,
  eventsOf,
  fileInChat,
  pushed,
  setWebhook,
  surveyOf,
  webhooksOf,
  type CaseRow,
} from "../workers/citizen-messages-helpers.ts";

let database: Database;
let h: BotHarness;
const citizen = 32001;
const other = 32002;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  await setWebhook(database.db, "tamin", "https://tamin.example.ir/hamyar");
  h = new BotHarness(database.db);
});

/** Files a case in chat, has the agency answer it and delivers the answer and the survey question. */
async function answeredCase(userId = citizen): Promise<CaseRow> {
  const { c } = await fileInChat(h, database.db, userId);
  await agencyEvent(database.db, c, { type: "answer", text: "مستمری شما از این ماه به‌موقع واریز می‌شود." });
  await drain(database.db, h);
  expect(pushed(h, userId).at(-1)!.text).toContain("آیا مشکل شما حل شد؟");
  return c;
}

describe("the satisfaction survey", () => {
  it("stores solved, rating and comment, and queues survey.answered for the agency", async () => {
    const c = await answeredCase();
    await h.tap(citizen, "✅ بله");
    // The question keeps the answer in place of its buttons, which are not there to be tapped again.
    const question = h.calls.filter((c) => c.method === "editMessageText" && c.payload.chat_id === citizen && String(c.payload.text).includes("آیا مشکل شما حل شد؟")).at(-1);
    expect(question?.payload.text).toMatch(/آیا مشکل شما حل شد؟[\s\S]*\n\n✅ بله ✔$/);
    expect(question?.payload.reply_markup).toBeUndefined();
    expect(h.lastText(citizen)).toBe("⭐ به رسیدگی دستگاه از ۱ (خیلی بد) تا ۵ (عالی) چه امتیازی می‌دهید؟");
    expect(h.inlineLabels(citizen)).toEqual(["۱ ⭐", "۲ ⭐", "۳ ⭐", "۴ ⭐", "۵ ⭐"]);
    expect(await h.step(citizen)).toBe("survey/rating");

    await h.tap(citizen, "۴ ⭐");
    expect(h.lastText(citizen)).toContain("💬 اگر توضیحی دارید بنویسید");
    await h.text(citizen, "پاسخ دستگاه سریع و روشن بود.");
    expect(h.lastText(citizen)).toBe("🙏 سپاس! نظر شما ثبت شد و به بهبود کار دستگاه‌ها کمک می‌کند.");
    expect(await h.step(citizen)).toBeNull();

    const survey = await surveyOf(database.db, c.id);
    expect(survey).toMatchObject({ solved: "yes", rating: 4, comment: "پاسخ دستگاه سریع و روشن بود.", objected: false });
    expect(survey.answeredAt).not.toBeNull();
    const hook = (await webhooksOf(database.db, c.id)).find((w) => w.event === "survey.answered")!;
    expect(hook.key).toBe(`agency:${c.agencyId}:survey.answered:survey:${survey.id}`);
    expect((hook.payload as any).data.survey).toMatchObject({ solved: "yes", rating: 4, comment: "پاسخ دستگاه سریع و روشن بود.", objected: false });
    expect((hook.payload as any).data.case.code).toBe(c.trackingCode);
  });

  it("takes a survey without a comment", async () => {
    const c = await answeredCase();
    await h.tap(citizen, "🤷 نمی‌دانم");
    await h.tap(citizen, "۳ ⭐");
    await h.tap(citizen, "فعلاً نه");
    expect(await surveyOf(database.db, c.id)).toMatchObject({ solved: "unknown", rating: 3, comment: null });
  });

  it("keeps the step and explains when the rating is typed instead of pressed", async () => {
    await answeredCase();
    await h.tap(citizen, "✅ بله");
    await h.text(citizen, "۵");
    expect(h.lastText(citizen)).toBe("لطفاً امتیاز را با یکی از دکمه‌های ۱ تا ۵ انتخاب کنید.");
    expect(await h.step(citizen)).toBe("survey/rating");
  });

  it("refuses a second answer kindly", async () => {
    const c = await answeredCase();
    await h.tap(citizen, "✅ بله");
    await h.tap(citizen, "۵ ⭐");
    await h.tap(citizen, "فعلاً نه");
    const sent = h.sent(citizen).length;

    await h.tap(citizen, "❌ خیر"); // the survey question's button, pressed again
    expect(h.lastToast()).toBe("شما پیش‌تر در نظرسنجی این پرونده شرکت کرده‌اید؛ سپاس از همراهی شما.");
    expect(h.sent(citizen).length).toBe(sent);
    expect(await h.step(citizen)).toBeNull();
    expect(await surveyOf(database.db, c.id)).toMatchObject({ solved: "yes", rating: 5 });
    expect((await webhooksOf(database.db, c.id)).filter((w) => w.event === "survey.answered")).toHaveLength(1);
  });

  it("lets a citizen who was not helped object, which reopens the case and notifies the agency", async () => {
    const c = await answeredCase();
    await h.tap(citizen, "❌ خیر");
    await h.tap(citizen, "۱ ⭐");
    await h.tap(citizen, "فعلاً نه");
    expect(h.newTexts(citizen)).toContain("✅ نظر شما ثبت شد. متأسفیم که مشکل شما حل نشده است.");
    expect(h.lastText(citizen)).toContain("اعتراض خود را ثبت کنید");
    expect(await h.step(citizen)).toBe("survey/objection_offer");

    await h.tap(citizen, "📣 ثبت اعتراض");
    expect(h.lastText(citizen)).toContain("📣 دلیل اعتراض خود به پاسخ پرونده");
    await h.text(citizen, "مستمری هنوز واریز نشده و پاسخ دستگاه درست نیست.");
    expect(h.lastText(citizen)).toContain("✅ اعتراض شما ثبت شد.");
    expect(await h.step(citizen)).toBeNull();

    expect((await caseRow(database.db, c.id)).status).toBe("reopened");
    expect((await caseRow(database.db, c.id)).closedAt).toBeNull();
    const survey = await surveyOf(database.db, c.id);
    expect(survey).toMatchObject({ solved: "no", rating: 1, objected: true });
    const objection = (await eventsOf(database.db, c.id)).at(-1)!;
    expect(objection).toMatchObject({ type: "objection", status: "reopened", actor: "citizen", note: "مستمری هنوز واریز نشده و پاسخ دستگاه درست نیست." });
    const hooks = await webhooksOf(database.db, c.id);
    expect(hooks.map((w) => w.event)).toEqual(["case.created", "survey.answered", "case.objection"]);
    expect((hooks[2].payload as any).data.event.note).toBe("مستمری هنوز واریز نشده و پاسخ دستگاه درست نیست.");
    expect((hooks[2].payload as any).data.case.status).toBe("reopened");
  });

  it("can object later from the survey question after declining at first, but only once", async () => {
    const c = await answeredCase();
    await h.tap(citizen, "❌ خیر");
    await h.tap(citizen, "۲ ⭐");
    await h.tap(citizen, "فعلاً نه");
    await h.tap(citizen, "نه، سپاس");
    expect(await h.step(citizen)).toBeNull();

    await h.tap(citizen, "❌ خیر");
    expect(await h.step(citizen)).toBe("survey/objection_offer");
    await h.tap(citizen, "📣 ثبت اعتراض");
    await h.text(citizen, "پس از بررسی دوباره، پاسخ را نمی‌پذیرم.");
    expect((await caseRow(database.db, c.id)).status).toBe("reopened");

    await h.tap(citizen, "❌ خیر");
    expect(h.lastToast()).toBe("شما پیش‌تر در نظرسنجی این پرونده شرکت کرده‌اید؛ سپاس از همراهی شما.");
    expect((await eventsOf(database.db, c.id)).filter((e) => e.type === "objection")).toHaveLength(1);
  });

  it("does not queue survey.answered for an agency without a webhook", async () => {
    await setWebhook(database.db, "tamin", null);
    const c = await answeredCase();
    await h.tap(citizen, "✅ بله");
    await h.tap(citizen, "۵ ⭐");
    await h.tap(citizen, "فعلاً نه");
    expect((await surveyOf(database.db, c.id)).answeredAt).not.toBeNull();
    expect(await webhooksOf(database.db, c.id)).toEqual([]);
  });
});

describe("survey buttons that must not work", () => {
  it("reveals nothing for a forged button on someone else's case", async () => {
    const foreign = await answeredCase(other);
    await h.text(citizen, "/start");
    const sent = h.sent(citizen).length;
    for (const answer of ["yes", "no", "unknown"]) {
      await h.press(citizen, `sv:${foreign.trackingCode}:${answer}`);
      expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    }
    await h.press(citizen, "sv:123456789:yes");
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(h.sent(citizen).length).toBe(sent);
    expect(await h.step(citizen)).toBeNull();
    expect((await surveyOf(database.db, foreign.id)).answeredAt).toBeNull();
  });

  it("asks to finish the open form first, and leaves the form where it was", async () => {
    await answeredCase();
    await walkTo(h, citizen, "subject");
    const sent = h.sent(citizen).length;
    await h.tap(citizen, "✅ بله");
    expect(h.lastToast()).toBe("ابتدا کار نیمه‌تمام فعلی را به پایان برسانید یا با «انصراف» (/cancel) از آن خارج شوید، سپس دوباره این دکمه را بزنید.");
    expect(h.sent(citizen).length).toBe(sent);
    expect(await h.step(citizen)).toBe("file_case/subject");
  });

  it("replaces a browsing flow such as my cases", async () => {
    await answeredCase();
    await h.text(citizen, "📂 پرونده‌های من");
    expect(await h.step(citizen)).toBe("my_cases/list");
    await h.tap(citizen, "✅ بله");
    expect(await h.step(citizen)).toBe("survey/rating");
  });

  it("goes on to the objection offer when the citizen steps back after saving", async () => {
    await answeredCase();
    await h.tap(citizen, "❌ خیر");
    await h.tap(citizen, "۲ ⭐");
    await h.tap(citizen, "فعلاً نه");
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    expect(await h.step(citizen)).toBe("survey/comment");
    await h.text(citizen, "توضیح تازه پس از ثبت نظر.");
    expect(h.newTexts(citizen)).toContain("نظر شما پیش‌تر ثبت شده است.");
    expect(await h.step(citizen)).toBe("survey/objection_offer");
  });
});
