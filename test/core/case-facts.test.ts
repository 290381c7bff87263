import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FINAL_STATUSES, postAgencyEvent, postCitizenEvent } from "../../core/case-events.ts";
import type { Database, Db } from "../../db/client.ts";
import { agencies, cases } from "../../db/schema.ts";
import { makeCase } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// The facts of a case's events that the figures read from the case itself (migration 0012's trigger):
// kept on every insert into case_events, through the API's paths and through plain SQL alike.

let database: Database;
let db: Db;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(async () => {
  await resetUserData(database);
});

async function facts(id: number) {
  const [c] = await db.select({ respondedAt: cases.respondedAt, referrals: cases.referralCount, objections: cases.objectionCount, reopened: cases.reopened }).from(cases).where(eq(cases.id, id));
  return c;
}

async function agencyActor(code: string) {
  const [a] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return { kind: "agency_key", keyId: 0, agencyId: a.id } as const;
}

describe("a case's event facts", () => {
  it("start empty, and follow the agency's answers and referrals and the citizen's objection, which reopens it", async () => {
    const c = await makeCase(db, { agency: "tamin" });
    expect(await facts(c.id)).toEqual({ respondedAt: null, referrals: 0, objections: 0, reopened: false });

    const tamin = await agencyActor("tamin");
    await postAgencyEvent(db, { code: c.code, actor: tamin, eventId: "e1", input: { type: "info_request", question: "شمارهٔ بیمه؟" } });
    expect((await facts(c.id)).respondedAt).toBeNull(); // a question is not a response

    await postAgencyEvent(db, { code: c.code, actor: tamin, eventId: "e2", input: { type: "referral", toAgency: "water" } });
    const water = await agencyActor("water");
    await postAgencyEvent(db, { code: c.code, actor: water, eventId: "e3", input: { type: "answer", text: "پیگیری شد.", status: "resolved" } });
    const answered = await facts(c.id);
    expect(answered).toMatchObject({ referrals: 1, objections: 0, reopened: false });
    expect(answered.respondedAt).toBeInstanceOf(Date);

    const [{ userId }] = await db.select({ userId: cases.userId }).from(cases).where(eq(cases.id, c.id));
    await postCitizenEvent(db, { caseId: c.id, userId, type: "followup", text: "ممنون." });
    expect((await facts(c.id)).reopened).toBe(false);
    await postCitizenEvent(db, { caseId: c.id, userId, type: "objection", text: "مشکل هنوز هست." });
    await postAgencyEvent(db, { code: c.code, actor: water, eventId: "e5", input: { type: "answer", text: "دوباره بررسی شد.", status: "resolved" } });
    // The first response stays the first; the counts add up.
    expect(await facts(c.id)).toEqual({ respondedAt: answered.respondedAt, referrals: 1, objections: 1, reopened: true });
  });

  it("are kept for events inserted by plain SQL too, and an earlier response found later moves the first back", async () => {
    const c = await makeCase(db, { agency: "tamin" });
    await db.execute(sql`insert into case_events (case_id, type, status, actor, created_at) values (${c.id}, 'status', 'resolved', 'agency', '2026-10-05T08:00:00Z')`);
    await db.execute(sql`insert into case_events (case_id, type, status, actor, created_at) values (${c.id}, 'answer', null, 'agency', '2026-10-01T08:00:00Z')`);
    // An admin's closing is not the agency's response; a citizen's follow-up changes nothing.
    await db.execute(sql`insert into case_events (case_id, type, status, actor, created_at) values (${c.id}, 'status', 'resolved', 'admin', '2026-09-01T08:00:00Z')`);
    await db.execute(sql`insert into case_events (case_id, type, actor) values (${c.id}, 'followup', 'citizen')`);
    expect(await facts(c.id)).toEqual({ respondedAt: new Date("2026-10-01T08:00:00Z"), referrals: 0, objections: 0, reopened: false });
  });

  it("count every closing status the product knows as the agency's response (the trigger names them in SQL)", async () => {
    for (const status of FINAL_STATUSES) {
      const c = await makeCase(db, { agency: "tamin" });
      await db.execute(sql`insert into case_events (case_id, type, status, actor) values (${c.id}, 'status', ${status}, 'agency')`);
      expect({ status, responded: (await facts(c.id)).respondedAt !== null }).toEqual({ status, responded: true });
    }
  });
});
