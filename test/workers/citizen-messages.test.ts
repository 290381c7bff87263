import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toPersianDigits } from "../../core/persian.ts";
import { trackingCodeInText } from "../../core/tracking-code.ts";
import { codeInText } from "../support/filing.ts";
import type { Database } from "../../db/client.ts";
import { chatReplies, outbox, surveys, users } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { agencyEvent, drain, fileInChat, JALALI_TIME, makeRemindersDue, pushed, surveyOf, userRow } from "./citizen-messages-helpers.ts";

let database: Database;
let h: BotHarness;
const citizen = 31001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const citizenItems = () => database.db.select().from(outbox).where(eq(outbox.kind, "citizen_message")).orderBy(outbox.id);

describe("agency events reach the citizen", () => {
  it("pushes a status change with the Persian label, the agency's note, Jalali time and the code in Persian digits", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    const before = pushed(h, citizen).length;
    await agencyEvent(database.db, c, { type: "status", status: "in_review", note: "کارشناس پرونده را بررسی می‌کند." });
    await drain(database.db, h);

    const fresh = pushed(h, citizen).slice(before);
    expect(fresh).toHaveLength(1);
    const { text, buttons } = fresh[0];
    expect(text).toContain(`🔔 وضعیت پرونده ${codeInText(shown)} تغییر کرد.`);
    expect(shown).toBe(toPersianDigits(c.trackingCode));
    expect(text).toContain("وضعیت: در حال بررسی");
    expect(text).toContain("دستگاه: سازمان تأمین اجتماعی");
    expect(text).toContain("📝 توضیح دستگاه: کارشناس پرونده را بررسی می‌کند.");
    expect(text).toMatch(new RegExp(`🕘 ${JALALI_TIME.source}`));
    expect(buttons).toEqual([{ text: "✉️ پیام پیگیری", data: `fu:${c.trackingCode}` }]);
    expect((await citizenItems()).map((i) => i.status)).toEqual(["done"]);
    expect(await surveyOf(database.db, c.id)).toBeUndefined();
  });

  it("pushes an answer and then asks the survey question, with one reminder a day later", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    const before = pushed(h, citizen).length;
    await agencyEvent(database.db, c, { type: "answer", text: "مستمری معوق شما در فهرست پرداخت این هفته قرار گرفت." });
    await drain(database.db, h);

    const fresh = pushed(h, citizen).slice(before);
    expect(fresh).toHaveLength(2);
    expect(fresh[0].text).toContain(`📨 پاسخ «سازمان تأمین اجتماعی» به پرونده ${codeInText(shown)}:`);
    expect(fresh[0].text).toContain("مستمری معوق شما در فهرست پرداخت این هفته قرار گرفت.");
    expect(fresh[0].text).toContain("وضعیت: پاسخ داده شد");
    expect(fresh[0].text).toMatch(JALALI_TIME);
    expect(fresh[1].text).toContain(`📋 نظرسنجی پرونده ${codeInText(shown)}`);
    expect(fresh[1].text).toContain("آیا مشکل شما حل شد؟");
    expect(fresh[1].buttons).toEqual([
      { text: "✅ بله", data: `sv:${c.trackingCode}:yes` },
      { text: "❌ خیر", data: `sv:${c.trackingCode}:no` },
      { text: "🤷 نمی‌دانم", data: `sv:${c.trackingCode}:unknown` },
    ]);

    const survey = await surveyOf(database.db, c.id);
    expect(survey.answeredAt).toBeNull();
    const [reminder] = await database.db
      .select({ status: outbox.status, hoursAhead: sql<number>`extract(epoch from ${outbox.nextAttemptAt} - now()) / 3600` })
      .from(outbox)
      .where(eq(outbox.key, `citizen:survey-reminder:${survey.id}`));
    expect(reminder.status).toBe("pending");
    expect(Number(reminder.hoursAhead)).toBeGreaterThan(23.9);
    expect(Number(reminder.hoursAhead)).toBeLessThan(24.1);
  });

  it("asks the survey once per case, even when the case is answered and then closed", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "answer", text: "پاسخ نخست دستگاه به این شکایت." });
    await agencyEvent(database.db, c, { type: "status", status: "resolved", note: "پرونده مختومه شد." });
    await drain(database.db, h);
    const texts = pushed(h, citizen).map((m) => m.text);
    expect(texts.filter((t) => t.includes("📋 نظرسنجی")).length).toBe(1);
    expect(texts.some((t) => t.includes("وضعیت: بسته شد؛ مشکل رفع شد"))).toBe(true);
    expect(await database.db.select().from(surveys)).toHaveLength(1);
  });

  it("keeps one citizen's messages in order", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    const before = pushed(h, citizen).length;
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    await agencyEvent(database.db, c, { type: "status", status: "in_progress" });
    await agencyEvent(database.db, c, { type: "answer", text: "پاسخ نهایی دستگاه به این پرونده." });
    await drain(database.db, h);
    const texts = pushed(h, citizen).slice(before).map((m) => m.text);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain("در حال بررسی");
    expect(texts[1]).toContain("در حال پیگیری");
    expect(texts[2]).toContain("پاسخ نهایی دستگاه");
    expect(texts[3]).toContain("📋 نظرسنجی");
  });

  it("asks the agency's question with a button that opens the answer form", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "info_request", question: "لطفاً شمارهٔ بیمهٔ خود را بفرستید." });
    await drain(database.db, h);
    const last = pushed(h, citizen).at(-1)!;
    expect(last.text).toContain(`❓ «سازمان تأمین اجتماعی» برای رسیدگی به پرونده ${codeInText(shown)} اطلاعات بیشتری خواسته است:`);
    expect(last.text).toContain("لطفاً شمارهٔ بیمهٔ خود را بفرستید.");
    expect(last.text).toContain("«✍️ پاسخ به پرسش دستگاه»");
    expect(last.buttons).toEqual([{ text: "✍️ پاسخ به پرسش دستگاه", data: `fu:${c.trackingCode}` }]);
  });

  it("names the agency a case was referred to", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "referral", toAgency: "tax", note: "موضوع در صلاحیت سازمان امور مالیاتی است." });
    await drain(database.db, h);
    const last = pushed(h, citizen).at(-1)!.text;
    expect(last).toContain(`↪️ پرونده ${codeInText(shown)} برای رسیدگی به «سازمان امور مالیاتی کشور» ارجاع شد.`);
    expect(last).toContain("موضوع در صلاحیت سازمان امور مالیاتی است.");
  });

  it("writes in English to a citizen who chose English, with Latin digits", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    await database.db.update(users).set({ language: "en" }).where(eq(users.platformUserId, citizen));
    await agencyEvent(database.db, c, { type: "status", status: "in_progress", note: "Inspection booked." });
    await drain(database.db, h);
    const last = pushed(h, citizen).at(-1)!;
    expect(last.text).toContain(`🔔 The status of case ${trackingCodeInText(c.trackingCode, "en")} has changed.`);
    expect(last.text).toContain("Status: Being worked on");
    expect(last.text).toContain("Inspection booked.");
    expect(last.buttons[0].text).toBe("✉️ Send a follow-up");
  });
});

describe("delivery failures", () => {
  const pushRows = () =>
    database.db
      .select()
      .from(chatReplies)
      .where(and(eq(chatReplies.chatId, citizen), sql`${chatReplies.batch} like 'o:%'`))
      .orderBy(chatReplies.id);

  it("marks a citizen who blocked the bot and drops what was queued for them", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    h.fail = (call) => (call.method === "sendMessage" && call.payload.chat_id === citizen ? { error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined);
    const before = h.sent(citizen).length;
    await agencyEvent(database.db, c, { type: "answer", text: "پاسخ دستگاه که به شهروند نمی‌رسد." });
    await drain(database.db, h);

    expect((await userRow(database.db, citizen)).blocked).toBe(true);
    const rows = await pushRows();
    // The answer was tried once and dropped; the survey question behind it is dropped with it, or never
    // queued when the 403 came first.
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.state).toBe("dropped");
    expect(rows[0].lastError).toContain("blocked the bot");
    expect(h.sent(citizen).length - before).toBe(1);

    await drain(database.db, h);
    expect(h.sent(citizen).length - before).toBe(1);
    // Later pushes to someone who blocked the bot are not even queued.
    const queuedBefore = rows.length;
    await agencyEvent(database.db, c, { type: "status", status: "resolved" });
    await drain(database.db, h);
    expect((await pushRows()).length).toBe(queuedBefore);
  });

  it("waits out a 429 for retry_after and then delivers", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    let refused = 0;
    h.fail = (call) => {
      if (call.method !== "sendMessage" || refused > 0) return undefined;
      refused++;
      return { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } } as never;
    };
    const t0 = Date.now();
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    await drain(database.db, h);
    const [row] = await pushRows();
    expect(row.state).toBe("sent");
    expect(row.attempts).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(pushed(h, citizen).at(-1)!.text).toContain("در حال بررسی");
  });

  it("retries a platform failure (500) with backoff", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    let refused = 0;
    h.fail = (call) => (call.method === "sendMessage" && refused++ === 0 ? { error_code: 500, description: "Internal Server Error" } : undefined);
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    await drain(database.db, h);
    const [row] = await pushRows();
    expect(row.state).toBe("sent");
    expect(row.attempts).toBe(2);
    expect(row.messageId).toBeGreaterThan(0);
  });

  it("gives up on a message the platform refuses as bad (400), keeping the error", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    h.fail = (call) => (call.method === "sendMessage" ? { error_code: 400, description: "Bad Request: chat not found" } : undefined);
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    await drain(database.db, h);
    const [row] = await pushRows();
    expect(row.state).toBe("failed");
    expect(row.lastError).toBe("400: Bad Request: chat not found");
    expect((await userRow(database.db, citizen)).blocked).toBe(false);
  });

  it("leaves another platform's citizens to that platform's sender", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    const before = h.sent(citizen).length;
    const bale = new BotHarness(database.db, { platform: "bale" });
    await agencyEvent(database.db, c, { type: "status", status: "in_review" });
    // A Bale instance's worker queues the message for the Telegram chat, and its sender leaves it alone.
    await drain(database.db, bale, { chats: false });
    await bale.sender.sweep();
    await bale.settled();
    expect(bale.calls).toHaveLength(0);
    expect(h.sent(citizen).length).toBe(before);
    const [row] = await pushRows();
    expect([row.platform, row.state]).toEqual(["telegram", "pending"]);
    // The Telegram instance's sweep sends it.
    await drain(database.db, h);
    expect(pushed(h, citizen).at(-1)!.text).toContain("در حال بررسی");
  });
});

describe("the survey reminder", () => {
  it("is sent once when the survey is still unanswered", async () => {
    const { c, shown } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "answer", text: "پاسخ دستگاه به شکایت شما." });
    await drain(database.db, h);
    const before = pushed(h, citizen).length;

    await makeRemindersDue(database.db);
    await drain(database.db, h);
    const fresh = pushed(h, citizen).slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].text).toContain(`⏰ یادآوری: هنوز در نظرسنجی پرونده ${codeInText(shown)}`);
    expect(fresh[0].buttons.map((b) => b.data)).toEqual(["yes", "no", "unknown"].map((a) => `sv:${c.trackingCode}:${a}`));
    expect((await surveyOf(database.db, c.id)).remindedAt).not.toBeNull();

    await makeRemindersDue(database.db);
    await drain(database.db, h);
    expect(pushed(h, citizen).length - before).toBe(1);
  });

  it("is not sent when the survey was answered", async () => {
    const { c } = await fileInChat(h, database.db, citizen);
    await agencyEvent(database.db, c, { type: "answer", text: "پاسخ دستگاه به شکایت شما." });
    await drain(database.db, h);
    await h.tap(citizen, "✅ بله");
    await h.tap(citizen, "۵ ⭐");
    await h.tap(citizen, "فعلاً نه");
    expect((await surveyOf(database.db, c.id)).answeredAt).not.toBeNull();
    const before = pushed(h, citizen).length;

    await makeRemindersDue(database.db);
    await drain(database.db, h);
    expect(pushed(h, citizen).length).toBe(before);
    const [reminder] = await database.db.select().from(outbox).where(and(eq(outbox.kind, "citizen_message"), sql`${outbox.key} like 'citizen:survey-reminder:%'`));
    expect(reminder.status).toBe("done");
    expect((await surveyOf(database.db, c.id)).remindedAt).toBeNull();
  });
});
