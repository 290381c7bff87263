import { asc, eq } from "drizzle-orm";
import { postCitizenEvent } from "../../core/case-events.ts";
import { fileCase } from "../../core/cases.ts";
import type { Db } from "../../db/client.ts";
import { agencies, counties, outbox, provinces, users } from "../../db/schema.ts";

// Agency webhooks waiting in the outbox: cases filed and followed up through core, which queues a
// case.created and a case.followup each, exactly as the bot does.

let citizenSeq = 70_000;

/** Points an agency's webhooks at `url`; returns the agency's id. */
export async function registerAgencyWebhook(db: Db, agencyCode: string, url: string, secret: string): Promise<number> {
  const [a] = await db.update(agencies).set({ webhookUrl: url, webhookSecret: secret }).where(eq(agencies.code, agencyCode)).returning({ id: agencies.id });
  return a.id;
}

export interface QueuedCase {
  caseId: number;
  userId: number;
  code: string;
}

/** Files one case with the agency (queues case.created). */
export async function fileWebhookCase(db: Db, agencyId: number, subject = "تأخیر در پرداخت مستمری"): Promise<QueuedCase> {
  const [province] = await db.select().from(provinces).where(eq(provinces.code, "THR"));
  const [county] = await db.select().from(counties).where(eq(counties.provinceId, province.id)).limit(1);
  const [u] = await db.insert(users).values({ platform: "telegram", platformUserId: citizenSeq++, firstName: "شهروند" }).returning();
  const filed = await fileCase(db, {
    platform: "telegram",
    userId: u.id,
    kind: "complaint",
    agencyId,
    provinceId: province.id,
    countyId: county.id,
    subject,
    description: "مستمری این ماه با ده روز تأخیر پرداخت شد و کسی پاسخگو نبود.",
    anonymous: false,
    contactPhone: "989121234567",
    contactPhoneVerified: true,
    attachments: [],
    clientKey: `webhook-backlog:${u.id}`,
  });
  return { caseId: filed.caseId, userId: u.id, code: filed.trackingCode };
}

/** Queues a case.followup on the case. */
export const followUp = (db: Db, c: QueuedCase, text: string) => postCitizenEvent(db, { caseId: c.caseId, userId: c.userId, type: "followup", text });

/** Files `cases` cases with `followups` follow-ups each, interleaved across cases like real traffic. */
export async function queueBacklog(db: Db, agencyId: number, o: { cases: number; followups: number }): Promise<QueuedCase[]> {
  const filed: QueuedCase[] = [];
  for (let i = 0; i < o.cases; i++) filed.push(await fileWebhookCase(db, agencyId, `پرونده ${i + 1}`));
  for (let j = 1; j <= o.followups; j++) for (const c of filed) await followUp(db, c, `پیگیری ${j}`);
  return filed;
}

/** The delivery ids queued for each case code, in the order they must arrive. */
export async function expectedOrder(db: Db, queued: QueuedCase[]): Promise<Map<string, string[]>> {
  const rows = await db.select().from(outbox).where(eq(outbox.kind, "agency_webhook")).orderBy(asc(outbox.id));
  return new Map(queued.map((c) => [c.code, rows.filter((r) => r.caseId === c.caseId).map((r) => (r.payload as { id: string }).id)]));
}
