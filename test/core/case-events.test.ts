import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileCase } from "../../core/cases.ts";
import { postAgencyEvent } from "../../core/case-events.ts";
import type { Database } from "../../db/client.ts";
import { agencies, counties, outbox, users } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

async function fileOne(channel: "bot" | "open311") {
  const [user] = await database.db.insert(users).values({ platform: channel === "bot" ? "telegram" : "open311", platformUserId: 4242 }).returning();
  const [agency] = await database.db.select().from(agencies).where(eq(agencies.code, "tamin"));
  const [county] = await database.db.select().from(counties).limit(1);
  const filed = await fileCase(database.db, {
    platform: user.platform,
    userId: user.id,
    kind: "complaint",
    agencyId: agency.id,
    provinceId: county.provinceId,
    countyId: county.id,
    subject: "تأخیر در پرداخت",
    description: "مستمری این ماه با تأخیر زیاد پرداخت شده است.",
    anonymous: false,
    contactPhoneVerified: false,
    attachments: [],
    clientKey: `test:${channel}`,
    channel,
  });
  return { filed, agency };
}

describe("agency events reach the citizen", () => {
  it("queues a chat message for a case filed in chat", async () => {
    const { filed, agency } = await fileOne("bot");
    await postAgencyEvent(database.db, { code: filed.trackingCode, actor: { kind: "agency_key", keyId: 0, agencyId: (agency.id)! }, eventId: "e1", input: { type: "status", status: "in_review" } });
    const items = await database.db.select().from(outbox).where(eq(outbox.kind, "citizen_message"));
    expect(items).toHaveLength(1);
  });

  it("queues no chat message for an Open311 report, whose reporter has no chat", async () => {
    const { filed, agency } = await fileOne("open311");
    await postAgencyEvent(database.db, { code: filed.trackingCode, actor: { kind: "agency_key", keyId: 0, agencyId: (agency.id)! }, eventId: "e1", input: { type: "answer", text: "پرداخت انجام شد." } });
    const items = await database.db.select().from(outbox).where(eq(outbox.kind, "citizen_message"));
    expect(items).toHaveLength(0);
  });
});
