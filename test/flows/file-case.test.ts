import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { attachments, caseEvents, cases } from "../../db/schema.ts";
import { toAsciiDigits } from "../../core/persian.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { fileCaseAsCitizen } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 5001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

describe("filing a case", () => {
  it("files a complaint and shows a tracking code in Persian digits", async () => {
    const code = await fileCaseAsCitizen(h, citizen);
    expect(code).toMatch(/^[۰-۹]{9}$/);
    const [row] = await database.db.select().from(cases).where(eq(cases.trackingCode, toAsciiDigits(code)));
    expect(row.kind).toBe("complaint");
    expect(row.subject).toBe("تأخیر در پرداخت مستمری");
    expect(row.contactPhone).toBe("+989121234567");
    expect(row.contactPhoneVerified).toBe(true);
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(events.map((e) => e.status)).toEqual(["received"]);
  });
});
