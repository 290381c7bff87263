import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caseFigures, workingDaysBetween } from "../../core/case-figures.ts";
import { isWorkingDay } from "../../core/deadlines.ts";
import { monthRange, startOfJalaliDay } from "../../core/jalali-calendar.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { makeCase, region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// The case figures of a period, checked against cases built by hand: what each number counts, the
// working days of the response time, and who may count what.

let database: Database;
let db: Db;
let thr: { provinceId: number; countyIds: number[] };
let esf: { provinceId: number; countyIds: number[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
  esf = await region(db, "ESF");
});
beforeEach(async () => {
  await resetUserData(database);
});

const at = (jy: number, jm: number, jd: number, hour = 10) => new Date(startOfJalaliDay({ jy, jm, jd }).getTime() + hour * 3_600_000);
const SYSTEM = { kind: "system" } as const;

async function caseAt(spec: Parameters<typeof makeCase>[1], filed: Date, o: { status?: string; expectedAt?: Date; topic?: boolean } = {}) {
  const c = await makeCase(db, spec);
  const [topic] = o.topic ? rowsOf(await db.execute(sql`select t.id from agency_topics t join cases c on c.agency_id = t.agency_id where c.id = ${c.id} order by t.id limit 1`)) : [];
  await db.execute(sql`update cases set created_at = ${filed.toISOString()}, expected_at = ${(o.expectedAt ?? new Date(filed.getTime() + 7 * 86_400_000)).toISOString()},
    status = ${o.status ?? "received"}, topic_id = ${topic?.id ?? null} where id = ${c.id}`);
  return c.id;
}

const event = (caseId: number, type: string, when: Date, o: { status?: string; actor?: string } = {}) =>
  db.execute(sql`insert into case_events (case_id, type, status, actor, created_at) values (${caseId}, ${type}, ${o.status ?? null}, ${o.actor ?? "agency"}, ${when.toISOString()})`);

describe("working days between two Tehran dates", () => {
  it("counts Saturday to Wednesday after the first day up to the second, less the holidays, like the deadlines do", async () => {
    const holidays = ["2026-11-22", "2026-12-25"]; // a Sunday and a Friday
    const start = Date.UTC(2026, 9, 1);
    for (let i = 0; i < 60; i++) {
      const d1 = new Date(start + ((i * 7919) % 90) * 86_400_000);
      const d2 = new Date(d1.getTime() + ((i * 31) % 40) * 86_400_000);
      const key = (d: Date) => d.toISOString().slice(0, 10);
      let expected = 0;
      for (let t = d1.getTime() + 86_400_000; t <= d2.getTime(); t += 86_400_000) if (isWorkingDay(new Date(t + 8.5 * 3_600_000), new Set(holidays))) expected++;
      const [row] = rowsOf(await db.execute(sql`select ${workingDaysBetween(sql`${key(d1)}::date`, sql`${key(d2)}::date`, holidays)} as n`));
      expect(Number(row.n), `${key(d1)} → ${key(d2)}`).toBe(expected);
    }
  });
});

describe("the case figures of a period", () => {
  it("count what was filed, answered, late, referred, surveyed and objected to, within the period and the actor's reach", async () => {
    // Azar 1405 (month 9); the period before is Aban.
    const a = await caseAt({ agency: "tamin", kind: "complaint" }, at(1405, 9, 1), { status: "resolved", topic: true });
    await event(a, "answer", at(1405, 9, 4)); // Sun 1 Azar → Wed 4 Azar: Mon, Tue, Wed, 3 working days
    await event(a, "status", at(1405, 9, 4), { status: "resolved" });
    await event(a, "referral", at(1405, 9, 2));
    // A citizen's objection reopens the case (as core/case-events.ts writes it); twice is one reopened case.
    await event(a, "objection", at(1405, 9, 6), { status: "reopened", actor: "citizen" });
    await event(a, "objection", at(1405, 9, 7), { status: "reopened", actor: "citizen" });
    await db.execute(sql`insert into surveys (case_id, solved, rating, answered_at) values (${a}, 'yes', 4, now())`);
    const b = await caseAt({ agency: "tamin", kind: "request" }, at(1405, 9, 3), { expectedAt: at(1405, 9, 10), topic: true });
    await db.execute(sql`insert into surveys (case_id) values (${b})`);
    const late = await caseAt({ agency: "water", kind: "complaint", province: "ESF", county: esf.countyIds[0] }, at(1405, 9, 5), { status: "answered", expectedAt: at(1405, 9, 6) });
    await event(late, "answer", at(1405, 9, 12)); // after its deadline: Thu 5 → Thu 12 Azar, Sat to Wed, 5 working days
    await caseAt({ agency: "tamin", kind: "complaint" }, at(1405, 8, 20), { topic: true }); // Aban: the period before
    await caseAt({ agency: "tamin", kind: "complaint" }, at(1405, 10, 1)); // Dey: after

    const f = await caseFigures(db, SYSTEM, monthRange({ jy: 1405, jm: 9 }), { now: at(1405, 9, 20) });
    expect(f.filed).toBe(3);
    expect(f.byKind).toMatchObject({ complaint: 2, request: 1, suggestion: 0 });
    expect(f.byAgency.map((x) => [x.n])).toEqual([[2], [1]]);
    expect(f.byProvince.map((x) => [x.id, x.n])).toEqual([[thr.provinceId, 2], [esf.provinceId, 1]]);
    expect(f).toMatchObject({ answered: 2, resolved: 1, answeredInTimeShare: 0.5, overdueNow: 1, referrals: 1, objections: 2, reopened: 1 });
    expect(f.responseDays).toEqual({ median: 3, p90: 5 });
    expect(f.surveys).toEqual({ asked: 2, answered: 1, responseRate: 0.5, solvedShare: 1, meanRating: 4 });
    // Tamin's topic: 2 this month against 1 in Aban.
    expect(f.growingTopics).toHaveLength(1);
    expect(f.growingTopics[0]).toMatchObject({ now: 2, before: 1 });

    // An Isfahan county's assistant counts its own county only; an agency's key its agency only.
    const assistant = { kind: "assistant", userId: 1, countyId: esf.countyIds[0], provinceId: esf.provinceId } as const;
    const mine = await caseFigures(db, assistant, monthRange({ jy: 1405, jm: 9 }), { now: at(1405, 9, 20) });
    expect(mine).toMatchObject({ filed: 1, answered: 1, overdueNow: 0, referrals: 0 });
    const [tamin] = rowsOf(await db.execute(sql`select id from agencies where code = 'tamin'`));
    const key = await caseFigures(db, { kind: "agency_key", keyId: 1, agencyId: Number(tamin.id) }, monthRange({ jy: 1405, jm: 9 }), { now: at(1405, 9, 20) });
    expect(key.filed).toBe(2);
    // Narrowed by place within the actor's reach.
    expect((await caseFigures(db, SYSTEM, { ...monthRange({ jy: 1405, jm: 9 }), provinceId: esf.provinceId })).filed).toBe(1);
  });

  it("count the causes agencies gave when closing, and what citizens wrote where they gave none", async () => {
    const closed = async (subject: string, cause: string | null) => {
      const id = await caseAt({ agency: "tamin", subject }, at(1405, 9, 2), { status: "resolved" });
      await db.execute(sql`update cases set closed_at = ${at(1405, 9, 9).toISOString()}, close_cause = ${cause} where id = ${id}`);
    };
    await closed("تاخیر در پرداخت مستمری بازنشستگی", "process_too_long");
    await closed("تأخیر پرداخت مستمری", "process_too_long");
    await closed("رفتار نامناسب کارمند باجه", "staff_conduct");
    await closed("تأخیر در پرداخت مستمری خرداد", null);
    await closed("تاخير در پرداخت مستمری تیر", null); // Arabic ye: the same words
    await closed("نبود پارکینگ برای مراجعان", null);
    await caseAt({ agency: "tamin", subject: "تأخیر در پرداخت مستمری مرداد" }, at(1405, 9, 3)); // still open: not counted
    const f = await caseFigures(db, SYSTEM, monthRange({ jy: 1405, jm: 9 }));
    expect(f.causes.byCause).toMatchObject({ process_too_long: 2, staff_conduct: 1, regulation: 0 });
    expect(f.causes.uncaused).toBe(3);
    expect(f.causes.frequentTerms[0]).toEqual({ term: "پرداخت مستمری", n: 2 });
    expect(f.causes.frequentTerms.map((t) => t.term)).not.toContain("پارکینگ");
  });

  it("answers zeros and nulls, not an error, for a period without cases", async () => {
    const f = await caseFigures(db, SYSTEM, monthRange({ jy: 1404, jm: 1 }));
    expect(f).toMatchObject({ filed: 0, answered: 0, answeredInTimeShare: null, responseDays: { median: null, p90: null }, surveys: { asked: 0, responseRate: null, meanRating: null }, growingTopics: [] });
  });
});
