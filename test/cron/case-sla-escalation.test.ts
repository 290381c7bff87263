import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertUser } from "../../core/users.ts";
import type { Database, Db } from "../../db/client.ts";
import { agencies, cases, outbox } from "../../db/schema.ts";
import { caseSlaEscalation } from "../../cron/case-sla-escalation.ts";
import { makeCase } from "../http/api-v1-fixtures.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { schedulerOn, tehran } from "../support/cron.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { staffMember } from "../support/reports.ts";
import { drain, setWebhook } from "../workers/citizen-messages-helpers.ts";

// Cases past their response deadline: the agency's back-end hears case.overdue once per missed deadline,
// and the admins get a morning digest in chat.

let database: Database;
let db: Db;
let h: BotHarness;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(async () => {
  await resetUserData(database);
  await setWebhook(db, "tamin", "https://tamin.example.ir/hooks");
  await setWebhook(db, "water", null);
  h = new BotHarness(db);
});
afterAll(() => setWebhook(db, "tamin", null));

const ADMIN_PLATFORM_ID = 4242;

async function runAt(moment: string): Promise<void> {
  await schedulerOn(db, { now: tehran(moment) }, [caseSlaEscalation], "a", { adminPlatformIds: new Set([ADMIN_PLATFORM_ID]) }).runDue();
  await drain(db, h);
}

/** A case of an agency with its deadline at the end of a Jalali day (as addWorkingDays sets it), open or closed. */
async function caseDue(agency: string, lastDay: string, o: { closed?: boolean } = {}) {
  const c = await makeCase(db, { agency });
  await db.update(cases).set({ expectedAt: tehran(`${lastDay} 23:59:59`), closedAt: o.closed ? tehran(lastDay) : null, status: o.closed ? "answered" : "in_progress" }).where(eq(cases.id, c.id));
  return c;
}

const overdueWebhooks = () => db.select().from(outbox).where(and(eq(outbox.kind, "agency_webhook"), eq(outbox.event, "case.overdue"))).orderBy(outbox.id);
const texts = (chatId: number) => h.sent(chatId).map((c) => c.payload.text as string);
const agencyName = async (code: string) => (await db.select().from(agencies).where(eq(agencies.code, code)))[0].nameFa;

describe("case SLA escalation", () => {
  it("sends case.overdue once for each open case whose deadline has passed, and none for a case answered or still in time", async () => {
    const late = await caseDue("tamin", "1405-09-27");
    const lateWater = await caseDue("water", "1405-09-26"); // its agency has no webhook URL
    const tonight = await caseDue("tamin", "1405-09-28");
    await caseDue("tamin", "1405-09-20", { closed: true });

    await runAt("1405-09-28 08:30");
    const sent = await overdueWebhooks();
    expect(sent).toHaveLength(1);
    const body = sent[0].payload as { id: string; event: string; data: { case: { code: string; overdue: boolean; expected_at: string } } };
    expect(body).toMatchObject({ event: "case.overdue", data: { case: { code: late.code, overdue: true, expected_at: "2026-12-18T20:29:59.000Z" } } });
    expect(body.id).toBe(`case.overdue:case:${late.id}:2026-12-18T20:29:59.000Z`);
    expect(sent[0].orderKey).toBe(`case:${late.id}:agency:${sent[0].agencyId}`); // in order with the case's other events

    // The next mornings: the same cases are still overdue, but already escalated.
    await runAt("1405-09-29 08:30");
    await runAt("1405-09-30 08:30");
    // The one due on 28 Azar is overdue from the 29th.
    expect((await overdueWebhooks()).map((w) => w.caseId)).toEqual([late.id, tonight.id]);
    const [marked] = await db.select({ escalatedAt: cases.escalatedAt }).from(cases).where(eq(cases.id, lateWater.id));
    expect(marked.escalatedAt).not.toBeNull(); // escalated too, with nobody to send it to
  });

  it("escalates a case again when a new deadline (a referral, a reopening) passes", async () => {
    const c = await caseDue("tamin", "1405-09-27");
    await runAt("1405-09-28 08:30");
    await db.update(cases).set({ expectedAt: tehran("1405-10-04 23:59:59") }).where(eq(cases.id, c.id));
    await runAt("1405-10-03 08:30");
    expect(await overdueWebhooks()).toHaveLength(1);
    await runAt("1405-10-05 08:30");
    expect((await overdueWebhooks()).map((w) => (w.payload as { id: string }).id)).toEqual([
      `case.overdue:case:${c.id}:2026-12-18T20:29:59.000Z`,
      `case.overdue:case:${c.id}:2026-12-25T20:29:59.000Z`,
    ]);
  });

  it("tells the admins each morning how many open cases are past their deadline, by agency, once a day", async () => {
    const byRole = await staffMember(db, "admin");
    await upsertUser(db, { platform: "telegram", platformUserId: ADMIN_PLATFORM_ID, firstName: "مدیر" }); // in ADMIN_IDS
    const provincial = await staffMember(db, "provincial", { provinceId: 1 });
    await caseDue("tamin", "1405-09-27");
    await caseDue("tamin", "1405-09-20");
    await caseDue("water", "1405-09-25");

    await runAt("1405-09-28 08:30");
    const [tamin, water] = [await agencyName("tamin"), await agencyName("water")];
    const digest = `⏱ پرونده‌های باز گذشته از مهلت پاسخ: ۳ پرونده (۱ پرونده در شبانه‌روز گذشته از مهلت گذشت).\n• ${tamin}: ۲\n• ${water}: ۱`;
    expect(texts(byRole.chatId)).toEqual([digest]);
    expect(texts(ADMIN_PLATFORM_ID)).toEqual([digest]);
    expect(texts(provincial.chatId)).toEqual([]);

    await runAt("1405-09-28 12:00");
    expect(texts(byRole.chatId)).toHaveLength(1);
    await runAt("1405-09-29 08:30");
    expect(texts(byRole.chatId)).toHaveLength(2);
  });

  it("sends no digest on a morning when no open case is past its deadline", async () => {
    const admin = await staffMember(db, "admin");
    await caseDue("tamin", "1405-10-10");
    await runAt("1405-09-28 08:30");
    expect(texts(admin.chatId)).toEqual([]);
  });
});
