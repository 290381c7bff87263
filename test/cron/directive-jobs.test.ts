import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { createBroadcast } from "../../core/broadcasts.ts";
import { issueDirective } from "../../core/directives.ts";
import { directiveReminders } from "../../cron/directive-reminders.ts";
import { scheduledAnnouncements } from "../../cron/scheduled-announcements.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { deliveringBot, deliveryEnded, seedRecipients, stopDeliveringBot } from "../support/deliveries.ts";
import { adminUser } from "../support/reports.ts";

// The jobs of the delivery engine: reminders of unacknowledged directives (24 h, 72 h, then the issuer is
// told) and scheduled announcements starting at their time.

let database: Database;
let db: Db;
let emu: Emulator;
let bot: BuiltBot | undefined;
let thr: { provinceId: number; countyIds: number[] };
const HOUR = 3_600_000;
const env = () => ({ db, adminPlatformIds: new Set<number>() });

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
});
afterEach(async () => {
  if (bot) await stopDeliveringBot(bot);
  bot = undefined;
  emu.close();
});

const FIRST = 720_000;

async function directiveToThreeAssistants(issuer: number) {
  const assistants = await seedRecipients(db, emu, FIRST, 3, { roles: ["assistant"], provinceId: thr.provinceId, countyId: thr.countyIds[0] });
  const d = await db.transaction((tx) =>
    issueDirective(tx, { kind: "admin", userId: issuer }, { title: "گزارش نشست", body: "نتیجهٔ نشست را بفرستید.", audience: { to: "staff", roles: ["assistant"], provinceIds: [thr.provinceId] }, key: "reminders" }),
  );
  // As if the delivery sender had sent it to all three at once.
  await db.execute(sql`update delivery_recipients set state = 'sent', sent_at = now() where delivery_id = ${d.deliveryId}`);
  return { assistants, d };
}

const reminders = async () =>
  rowsOf(await db.execute(sql`select d.id, d.message, array_agg(r.user_id order by r.user_id) as users from deliveries d join delivery_recipients r on r.delivery_id = d.id where d.kind = 'reminder' group by d.id order by d.id`));

describe("directive reminders", () => {
  it("remind after 24 h those who have not acknowledged, once, and after 72 h tell the issuer", async () => {
    const issuer = await adminUser(db);
    const { assistants, d } = await directiveToThreeAssistants(issuer);
    await db.execute(sql`update delivery_recipients set acknowledged_at = now() where delivery_id = ${d.deliveryId} and user_id = ${assistants[0]}`);
    const at = (hours: number) => ({ name: `+${hours}h`, dueAt: new Date(Date.now() + hours * HOUR) });

    expect(await directiveReminders.run(env(), at(23))).toMatch(/^reminded 0 recipients/);
    expect(await directiveReminders.run(env(), at(25))).toMatch(/^reminded 2 recipients of 1 directive/);
    const [first] = await reminders();
    expect((first.users as unknown[]).map(Number)).toEqual(assistants.slice(1));
    expect(first.message.button).toEqual({ kind: "acknowledge", deliveryId: d.deliveryId });
    // The next hour, nothing again.
    expect(await directiveReminders.run(env(), at(26))).toMatch(/^reminded 0 recipients/);
    // One more acknowledges; at 72 h the last one is reminded and the issuer told.
    await db.execute(sql`update delivery_recipients set acknowledged_at = now() where delivery_id = ${d.deliveryId} and user_id = ${assistants[1]}`);
    expect(await directiveReminders.run(env(), at(73))).toMatch(/^reminded 1 recipient of 1 directive; 1 issuer told/);
    const notices = rowsOf(await db.execute(sql`select payload from outbox where kind = 'citizen_message'`));
    expect(notices).toHaveLength(1);
    expect(notices[0].payload).toMatchObject({ type: "staff_notice", userId: issuer, key: "notice-directive-unacknowledged", params: { title: "گزارش نشست", waiting: { en: "1" }, total: { en: "3" } } });
    expect(await directiveReminders.run(env(), at(80))).toMatch(/^reminded 0 recipients/);
  });

  it("send a reminder whose button acknowledges the directive itself", async () => {
    const issuer = await adminUser(db);
    const { d } = await directiveToThreeAssistants(issuer);
    await directiveReminders.run(env(), { name: "+25h", dueAt: new Date(Date.now() + 25 * HOUR) });
    const [reminder] = await reminders();
    bot = deliveringBot(db, emu);
    emu.setDeliverer((u) => bot!.bot.handleUpdate(u));
    await deliveryEnded(db, Number(reminder.id));
    const shown = emu.messages(FIRST).filter((m) => m.from === "bot");
    expect(shown.at(-1)?.text).toContain("یادآوری ابلاغیه: گزارش نشست");
    const { callbackQueryId } = await emu.pressInlineButton(FIRST, shown.at(-1)!.message_id, { data: `dir:ack:${d.deliveryId}` });
    expect((await emu.waitForCallbackAnswer(callbackQueryId)).text).toBe("دریافت ابلاغیه تأیید شد. سپاس.");
    const [row] = rowsOf(await db.execute(sql`select acknowledged_at from delivery_recipients r join users u on u.id = r.user_id where r.delivery_id = ${d.deliveryId} and u.platform_user_id = ${FIRST}`));
    expect(row.acknowledged_at).not.toBeNull();
  });
});

describe("scheduled announcements", () => {
  it("start at their time, to the citizens who have opted in by then", async () => {
    await seedRecipients(db, emu, 730_000, 2);
    const created = await db.transaction((tx) =>
      createBroadcast(tx, { kind: "system" }, { text: "جشنوارهٔ شهید رجایی", audience: { to: "citizens" }, sendAt: new Date(Date.now() + 2 * HOUR), key: "later" }),
    );
    expect(created.counts).toMatchObject({ state: "scheduled", total: 0 });
    expect(await scheduledAnnouncements.run(env(), { name: "now", dueAt: new Date() })).toBe("started 0 scheduled announcements");
    await seedRecipients(db, emu, 730_010, 1); // opts in after it was scheduled
    await db.execute(sql`update deliveries set not_before = now() - interval '1 minute' where id = ${created.id}`);
    expect(await scheduledAnnouncements.run(env(), { name: "later", dueAt: new Date() })).toBe("started 1 scheduled announcement");
    const [d] = rowsOf(await db.execute(sql`select state, total from deliveries where id = ${created.id}`));
    expect(d).toMatchObject({ state: "running", total: 3 });
    expect(await scheduledAnnouncements.run(env(), { name: "again", dueAt: new Date() })).toBe("started 0 scheduled announcements");
  });
});
