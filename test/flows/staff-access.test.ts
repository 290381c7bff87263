import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { counties, monthlyReports, networkMembers } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// Across regions in chat: an assistant never sees or changes another county's member, even by a forged
// button, and a provincial representative never opens another province's report.

let database: Database;
let h: BotHarness;
const tehranAssistant = 7101;
const karajAssistant = 7102;
const alborzRep = 7103;

async function countyByName(name: string) {
  const [c] = await database.db.select().from(counties).where(eq(counties.nameFa, name));
  return c;
}

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
  const tehran = await countyByName("تهران");
  const karaj = await countyByName("کرج");
  await joinWithInvite(h, database.db, tehranAssistant, { role: "assistant", countyId: tehran.id, provinceId: tehran.provinceId });
  await joinWithInvite(h, database.db, karajAssistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId });
  await joinWithInvite(h, database.db, alborzRep, { role: "provincial", provinceId: karaj.provinceId });
});

async function addMember(userId: number, name: string) {
  await h.text(userId, "🤝 شبکهٔ مردمی");
  await h.tap(userId, "عضو تازه");
  await h.tap(userId, "همیار مردمی");
  await h.tap(userId, "فرد");
  await h.text(userId, name);
  await h.tap(userId, "اجتماعی");
  await h.tap(userId, "فعلاً نه");
  await h.tap(userId, "فعلاً نه");
}

describe("staff across regions", () => {
  it("lists only the county's own members and refuses a forged button of another county's member", async () => {
    await addMember(karajAssistant, "عضو کرج");
    await addMember(tehranAssistant, "عضو تهران");
    const [karajMember] = await database.db.select().from(networkMembers).where(eq(networkMembers.name, "عضو کرج"));
    await h.text(tehranAssistant, "🤝 شبکهٔ مردمی");
    const list = h.lastText(tehranAssistant);
    expect(list).not.toContain("عضو کرج");
    const own = h.findButton(tehranAssistant, "عضو تهران");
    const forged = own.data.replace(/m:\d+$/, `m:${karajMember.id}`);
    await h.send(h.callbackUpdate(tehranAssistant, forged, own.messageId));
    expect(h.toasts().at(-1)).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    expect(h.lastText(tehranAssistant)).not.toContain("عضو کرج");
  });

  it("does not open another province's report from a forged notice button", async () => {
    const tehran = await countyByName("تهران");
    const [report] = await database.db
      .insert(monthlyReports)
      .values({ countyId: tehran.id, provinceId: tehran.provinceId, jYear: 1405, jMonth: 9, status: "submitted", version: 1, narrative: "متن محرمانهٔ تهران" })
      .returning();
    await h.send(h.callbackUpdate(alborzRep, `mr:${report.id}`));
    expect(h.lastText(alborzRep)).not.toContain("متن محرمانهٔ تهران");
    expect(h.lastText(alborzRep)).toContain("گزارش‌های ماهانهٔ شهرستان‌های استان");
    const [after] = await database.db.select().from(monthlyReports).where(and(eq(monthlyReports.id, report.id)));
    expect(after.status).toBe("submitted");
  });

  it("opens a form from the menu with a line saying where back and cancel are, not a «✔️ دریافت شد» for the press", async () => {
    h.newTexts(karajAssistant);
    await h.text(karajAssistant, "➕ ثبت فعالیت");
    const shown = h.newTexts(karajAssistant);
    expect(shown).not.toContain("دریافت شد");
    expect(shown).toContain("⬇️ «مرحلهٔ قبل» و «انصراف» پایین صفحه‌اند.");
    expect(h.replyKeyboard(karajAssistant).flat().map((b) => b.text)).toEqual(["↩️ مرحلهٔ قبل", "❌ انصراف"]);
    await h.text(karajAssistant, "❌ انصراف");
  });

  it("ends a staff flow when the role is taken back while it is open", async () => {
    await h.text(karajAssistant, "➕ ثبت فعالیت");
    await database.db.execute(`update users set roles = '{}', county_id = null, province_id = null where platform_user_id = ${karajAssistant}`);
    await h.tap(karajAssistant, "نشست تخصصی با دستگاه‌ها");
    expect(h.lastText(karajAssistant)).toContain("لغو شد");
    expect(h.replyKeyboard(karajAssistant).flat().map((b) => b.text)).not.toContain("➕ ثبت فعالیت");
  });
});
