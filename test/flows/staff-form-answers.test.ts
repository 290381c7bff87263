import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { counties } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// Staff forms show the choice made in place of the question, as the citizen's form does: scrolling back,
// the chat reads «نوع فعالیت را انتخاب کنید: — طرح مشارکتی ✔», the agencies ticked, «فعلاً نه ✔», and
// the province an invite was made for, without the buttons or the «type to search» hint.

let database: Database;
let h: BotHarness;
const ADMIN = 7601;
const assistant = 7602;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db, { adminIds: [ADMIN] });
  const [karaj] = await database.db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  await joinWithInvite(h, database.db, assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId });
});

/** Presses a button and answers how its message reads afterwards. */
async function press(userId: number, label: string | RegExp) {
  const { messageId } = h.findButton(userId, label);
  await h.tap(userId, label);
  return h.shownMessage(userId, messageId);
}

describe("a staff form, answered", () => {
  it("keeps each question with the choice made and no buttons", async () => {
    await h.text(assistant, "➕ ثبت فعالیت");
    expect(await press(assistant, "طرح مشارکتی")).toEqual({ text: "نوع فعالیت را انتخاب کنید:\n\nطرح مشارکتی ✔", buttons: [] });
    expect((await press(assistant, "امروز"))?.text).toMatch(/\n\nامروز ✔$/);
    await h.text(assistant, "12");
    await h.text(assistant, "آب");
    await h.tap(assistant, /آب منطقه‌ای|آبفا|آب و فاضلاب/);
    const agencies = await press(assistant, "تمام");
    expect(agencies?.buttons).toEqual([]);
    expect(agencies?.text).toMatch(/^کدام دستگاه‌ها در این فعالیت بودند؟ .+\n\n.*(آب منطقه‌ای|آبفا|آب و فاضلاب).* ✔$/s);
    expect(agencies?.text).not.toContain("بنویسید");
    await h.text(assistant, "پاکسازی بستر رودخانه با داوطلبان محله");
    expect((await press(assistant, "فعلاً نه"))?.text).toMatch(/\n\nفعلاً نه ✔$/);
  });

  it("shows the role and province an invite was made for", async () => {
    await h.text(ADMIN, "/start");
    await h.text(ADMIN, "/invite");
    expect(await press(ADMIN, "نمایندهٔ مردمی‌سازی استانداری")).toEqual({ text: "همکار تازه چه نقشی دارد؟\n\nنمایندهٔ مردمی‌سازی استانداری ✔", buttons: [] });
    expect(await press(ADMIN, /^البرز$/)).toEqual({ text: "استان را انتخاب کنید:\n\nالبرز ✔", buttons: [] });
    expect(h.lastText(ADMIN)).toContain("کد دعوت");
  });
});
