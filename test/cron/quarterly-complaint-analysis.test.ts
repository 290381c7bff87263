import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import type { CaseFigures } from "../../core/case-figures.ts";
import { tehranTime } from "../../core/jalali-calendar.ts";
import { quarterPeriod } from "../../core/jalali-periods.ts";
import { quarterlyComplaintAnalysis } from "../../cron/quarterly-complaint-analysis.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { deliveringBot, deliveryEnded, seedRecipients, stopDeliveringBot } from "../support/deliveries.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";

// The quarterly complaint analysis (seed 001 §3-1.4): at the start of Mehr 1405 the job writes the analysis
// of summer 1405 for the system, each agency and each province, keeps it, and sends it in chat with its
// charts and spreadsheet. Its figures are checked against direct SQL over the seeded cases.

let database: Database;
let db: Db;
let emu: Emulator;
let bot: BuiltBot | undefined;
let thr: { provinceId: number; countyIds: number[] };

const SUMMER = quarterPeriod(1405, 2);
const SPRING = quarterPeriod(1405, 1);
const slot = { name: "1405-Q2", dueAt: tehranTime({ jy: 1405, jm: 7, jd: 1 }, 7) };
const env = () => ({ db, adminPlatformIds: new Set<number>() });
const FIRST = 730_000;

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

const one = async (q: ReturnType<typeof sql>) => Number(rowsOf(await db.execute(q))[0].n);
const inSummer = sql`c.created_at >= ${SUMMER.from.toISOString()}::timestamptz and c.created_at < ${SUMMER.to.toISOString()}::timestamptz`;

async function readers() {
  const [tamin] = rowsOf(await db.execute(sql`select id from agencies where code = 'tamin'`));
  const [ministry] = await seedRecipients(db, emu, FIRST, 1, { roles: ["ministry"] });
  await db.execute(sql`update users set agency_id = ${tamin.id} where id = ${ministry}`);
  const [provincial] = await seedRecipients(db, emu, FIRST + 1, 1, { roles: ["provincial"], provinceId: thr.provinceId });
  const [admin] = await seedRecipients(db, emu, FIRST + 2, 1, { roles: ["admin"] });
  return { taminId: Number(tamin.id), ministry, provincial, admin };
}

async function kept(scopeKey: string) {
  const [row] = rowsOf(await db.execute(sql`select * from complaint_analyses where period = '1405-Q2' and scope_key = ${scopeKey}`));
  return row as { figures: CaseFigures; narrative: string; chart_file_ids: number[]; spreadsheet_file_id: number } | undefined;
}

describe("the quarterly complaint analysis", () => {
  it("is made for the system, every agency and every province, with figures that match the cases", { timeout: 180_000 }, async () => {
    await seedQuarterOfCases(db, { ...SUMMER, cases: 3000, tag: "summer" });
    await seedQuarterOfCases(db, { ...SPRING, cases: 800, tag: "spring" });
    await readers();
    const summary = await quarterlyComplaintAnalysis.run(env(), slot);

    const scopes = await one(sql`select (select count(*) from agencies) + (select count(*) from provinces) + 1 as n`);
    expect(await one(sql`select count(*) as n from complaint_analyses where period = '1405-Q2'`)).toBe(scopes);
    expect(summary).toContain(`made ${scopes} analyses`);

    const f = (await kept("system"))!.figures;
    expect(f.filed).toBe(3000);
    expect(f.filedBefore).toBe(800);
    expect(f.answered).toBe(await one(sql`select count(*) as n from cases c where ${inSummer} and exists (select 1 from case_events e where e.case_id = c.id and e.actor = 'agency' and e.type in ('answer', 'status'))`));
    expect(f.resolved).toBe(await one(sql`select count(*) as n from cases c where ${inSummer} and c.status = 'resolved'`));
    expect(f.objections).toBe(await one(sql`select count(*) as n from case_events e join cases c on c.id = e.case_id where ${inSummer} and e.type = 'objection'`));
    expect(f.referrals).toBe(await one(sql`select count(*) as n from case_events e join cases c on c.id = e.case_id where ${inSummer} and e.type = 'referral'`));
    expect(f.surveys.answered).toBe(await one(sql`select count(*) as n from surveys s join cases c on c.id = s.case_id where ${inSummer} and s.answered_at is not null`));
    expect(f.causes.byCause.staff_conduct).toBe(await one(sql`select count(*) as n from cases c where ${inSummer} and c.close_cause = 'staff_conduct'`));
    const byAgency = rowsOf(await db.execute(sql`select c.agency_id as id, count(*) as n from cases c where ${inSummer} group by 1 order by 2 desc, 1`));
    expect(f.byAgency.map((a) => [a.id, a.n])).toEqual(byAgency.map((r) => [Number(r.id), Number(r.n)]));
    expect(f.trend).toHaveLength(3);
    expect(f.trend.reduce((a, b) => a + b, 0)).toBe(3000);
    const objected = rowsOf(await db.execute(sql`select c.topic_id as id, count(*) as n from case_events e join cases c on c.id = e.case_id where ${inSummer} and e.type = 'objection' and c.topic_id is not null group by 1 order by 2 desc, 1 limit 5`));
    expect(f.objectionTopics.map((t) => [t.id, t.n])).toEqual(objected.map((r) => [Number(r.id), Number(r.n)]));

    const tamin = (await kept(`agency:${(rowsOf(await db.execute(sql`select id from agencies where code = 'tamin'`))[0].id)}`))!;
    expect(tamin.figures.filed).toBe(await one(sql`select count(*) as n from cases c join agencies a on a.id = c.agency_id where ${inSummer} and a.code = 'tamin'`));
    expect(tamin.narrative).toContain("تابستان ۱۴۰۵");
    expect(tamin.narrative).toContain("بهار ۱۴۰۵");
    const province = (await kept(`province:${thr.provinceId}`))!;
    expect(province.figures.filed).toBe(await one(sql`select count(*) as n from cases c where ${inSummer} and c.province_id = ${thr.provinceId}`));
  });

  it("reaches the agency's ministry representative, the province's representative and the admins in chat, once", { timeout: 120_000 }, async () => {
    // Two agencies in two provinces: every other scope's analysis is empty, which keeps the test quick.
    await seedQuarterOfCases(db, { ...SUMMER, cases: 2000, agencies: ["tamin", "water"], provinces: ["THR", "ESF"], tag: "summer" });
    const r = await readers();
    await quarterlyComplaintAnalysis.run(env(), slot);
    const again = await quarterlyComplaintAnalysis.run(env(), slot);
    expect(again).toContain("made 0 analyses");
    const deliveries = rowsOf(await db.execute(sql`select id, key from deliveries where kind = 'report' order by id`));
    expect(new Set(deliveries.map((d) => d.key)).size).toBe(deliveries.length);

    bot = deliveringBot(db, emu);
    for (const d of deliveries) await deliveryEnded(db, Number(d.id));
    const received = (chat: number) => emu.messages(chat).filter((m) => m.from === "bot");

    const ministry = received(FIRST);
    const titles = ministry.map((m) => m.text ?? m.caption ?? "").filter((t) => t.includes("تحلیل فصلی"));
    expect(titles).toHaveLength(1);
    expect(titles[0]).toContain("سازمان تأمین اجتماعی");
    expect(ministry.some((m) => m.photo)).toBe(true);
    const doc = ministry.find((m) => m.document);
    expect(doc?.document?.file_name).toMatch(/^complaints-1405-Q2-agency-\d+\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(emu.fileBytes(doc!.document!.file_id)! as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, "شاخص", "indicator", "مقدار"]);
    expect(sheet.getRow(2).values).toEqual([undefined, "پرونده‌های ثبت‌شده", "filed", (await kept(`agency:${r.taminId}`))!.figures.filed]);

    const png = emu.fileBytes(ministry.find((m) => m.photo)!.photo!.file_id)!;
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    mkdirSync("test-artifacts", { recursive: true });
    writeFileSync("test-artifacts/quarterly-analysis-charts.png", png);

    expect(received(FIRST + 1).filter((m) => (m.text ?? m.caption ?? "").includes("استان تهران"))).toHaveLength(1);
    // The admin reads the system's analysis and each agency's that had cases, nothing twice.
    const adminTitles = received(FIRST + 2).map((m) => m.text ?? m.caption ?? "").filter((t) => t.includes("تحلیل فصلی"));
    const agenciesWithCases = await one(sql`select count(distinct c.agency_id) as n from cases c where ${inSummer}`);
    expect(adminTitles).toHaveLength(1 + agenciesWithCases);
    expect(adminTitles.filter((t) => t.includes("کل کشور"))).toHaveLength(1);
  });

  it("writes a quarter without cases as empty figures, told to its readers but not to the admins", async () => {
    const r = await readers();
    await quarterlyComplaintAnalysis.run(env(), slot);
    const system = (await kept("system"))!;
    expect(system.figures.filed).toBe(0);
    expect(system.narrative).toContain("پرونده‌ای ثبت نشده است");
    expect(system.chart_file_ids).toEqual([]);
    const toAdmin = rowsOf(await db.execute(sql`select count(*) as n from delivery_recipients where user_id = ${r.admin}`));
    // The system's analysis still reaches the admins: it says the quarter was empty.
    expect(Number(toAdmin[0].n)).toBe(1);
    const toMinistry = rowsOf(await db.execute(sql`select count(*) as n from delivery_recipients where user_id = ${r.ministry}`));
    expect(Number(toMinistry[0].n)).toBe(1);
  });
});
