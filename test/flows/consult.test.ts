import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerMember } from "../../core/network.ts";
import type { Database } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { counties, users } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// A consultation in chat, as the assistant and a member live it: the assistant invites a member of the
// registry from the member's card, the member joins, the assistant asks a question with options, the member
// answers with one tap, and the assistant reads the summary.

let database: Database;
let h: BotHarness;
const ADMIN = 7500;
const assistant = 7501;
const member = 7502;
const other = 7503; // another county's assistant

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db, { adminIds: [ADMIN] });
  const [karaj] = await database.db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  const [fardis] = await database.db.select().from(counties).where(eq(counties.nameFa, "فردیس"));
  await joinWithInvite(h, database.db, assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId });
  await joinWithInvite(h, database.db, other, { role: "assistant", countyId: fardis.id, provinceId: fardis.provinceId });
  const [me] = await database.db.select().from(users).where(eq(users.platformUserId, assistant));
  await registerMember(database.db, { kind: "assistant", userId: me.id, countyId: karaj.id, provinceId: karaj.provinceId }, { kind: "circle", form: "group", name: "حلقهٔ بانوان کرج", domain: "social", phone: null, notes: null }, "consult-member");
});

describe("consulting the network in chat", () => {
  it("invites a member from the registry, asks a question, takes the member's tap and sums it up", async () => {
    await h.text(assistant, "🤝 شبکهٔ مردمی");
    await h.tap(assistant, "حلقهٔ بانوان کرج");
    await h.tap(assistant, "دعوت به ربات");
    const invite = h.lastText(assistant);
    expect(invite).toContain("«حلقهٔ بانوان کرج»");
    const code = /: \u2066([A-Z2-9]{12})\u2069$/m.exec(invite)![1];
    await h.text(member, `/join ${code}`);
    expect(h.lastText(member)).toContain("به «حلقهٔ بانوان کرج» در شبکهٔ مردمی شهرستان پیوند خورد");

    await h.text(assistant, "🗳 نظرخواهی از شبکه");
    expect(h.lastText(assistant)).toContain("۱ عضو شبکه به ربات پیوسته‌اند");
    await h.tap(assistant, "نظرخواهی تازه");
    await h.text(assistant, "طرح ساماندهی بازار هفتگی شهرداری را چگونه می‌بینید؟");
    await h.text(assistant, "ساماندهی"); // not a button: the step stays
    expect(await h.step(assistant)).toBe("consult/shape");
    await h.tap(assistant, "گزینه‌ای");
    await h.text(assistant, "تنها یک گزینه");
    expect(h.lastText(assistant)).toContain("۲ تا ۶ گزینه");
    // The error says what was wrong, not the prompt again.
    expect(h.lastText(assistant)).toContain("۱ گزینه رسید");
    await h.text(assistant, "موافقم\nمخالفم\nنیاز به بازنگری دارد");
    expect(h.lastText(assistant)).toContain("به ۱ عضو پیوسته فرستاده می‌شود");
    // A double tap: both presses carry the «send» button's data (the second left before the preview changed).
    const send = h.findButton(assistant, "ارسال");
    await h.send(h.callbackUpdate(assistant, send.data, send.messageId, send.text));
    await h.send(h.callbackUpdate(assistant, send.data, send.messageId, send.text));
    // The preview is now the progress, with a cancel button, and ends with the totals.
    expect(h.shownMessage(assistant, send.messageId)).toEqual({ text: expect.stringContaining("📤 ارسال نظرخواهی «طرح ساماندهی بازار هفتگی شهرداری را…»: ۰ از ۱"), buttons: ["⛔️ لغو ارسال"] });
    await h.deliver();
    const [{ n }] = rowsOf(await database.db.execute(sql`select count(*)::int as n from consultations`));
    expect(n).toBe(1);

    const question = h.delivered(member).filter((c) => String(c.payload.text ?? "").includes("بازار هفتگی"));
    expect(question).toHaveLength(1);
    expect(h.shownMessage(assistant, send.messageId)).toEqual({ text: expect.stringContaining("✅ ارسال نظرخواهی «طرح ساماندهی بازار هفتگی شهرداری را…» تمام شد."), buttons: [] });
    await h.tap(member, "نیاز به بازنگری دارد");
    await h.text(assistant, "🗳 نظرخواهی از شبکه");
    await h.tap(assistant, "طرح ساماندهی بازار");
    const summary = h.lastText(assistant);
    expect(summary).toContain("پاسخ داده‌اند: ۱ از ۱");
    expect(summary).toContain("• نیاز به بازنگری دارد: ۱ (۱۰۰٪)");
    expect(summary).toContain("• موافقم: ۰ (۰٪)");

    // Another county's assistant neither sees it nor reaches Karaj's members.
    await h.text(other, "🗳 نظرخواهی از شبکه");
    expect(h.lastText(other)).toContain("۰ عضو شبکه به ربات پیوسته‌اند");
    expect(h.lastText(other)).not.toContain("بازار هفتگی");
  });

  it("takes options separated by «،» or commas on one line, as the chat page and phones type them", async () => {
    await h.text(assistant, "🗳 نظرخواهی از شبکه");
    await h.tap(assistant, "نظرخواهی تازه");
    await h.text(assistant, "ساعت کار کتابخانهٔ عمومی تا ۲۰ تمدید شود؟");
    await h.tap(assistant, "گزینه‌ای");
    expect(h.lastText(assistant)).toContain("جدا با ویرگول یا هر کدام در یک سطر");
    await h.text(assistant, "موافقم، مخالفم, فقط در تابستان");
    const preview = h.lastText(assistant);
    expect(preview).toContain("• موافقم\n• مخالفم\n• فقط در تابستان");
  });

  it("is not offered to citizens or admins", async () => {
    await h.text(member, "/consult");
    expect(h.lastText(member)).not.toContain("نظرخواهی از شبکهٔ مردمی");
    await h.text(ADMIN, "/consult");
    expect(h.lastText(ADMIN)).not.toContain("نظرخواهی از شبکهٔ مردمی");
  });
});
