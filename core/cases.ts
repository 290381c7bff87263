import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { requireDurableCommit } from "../db/durability.ts";
import { agencies, attachments, caseEvents, cases } from "../db/schema.ts";
import type { CaseKind, CaseStatus } from "./case-kinds.ts";
import { notifyAgency } from "./agency-notify.ts";
import { caseViewQuery } from "./case-views.ts";
import { addWorkingDays } from "./deadlines.ts";
import { DomainError } from "./errors.ts";
import { newTrackingCode } from "./tracking-code.ts";

export interface AttachmentInput {
  kind: "photo" | "document" | "voice";
  fileId: string;
  fileUniqueId: string;
  mimeType?: string;
  fileName?: string;
  fileSize?: number;
  width?: number;
  height?: number;
  duration?: number;
}

export interface NewCase {
  platform: string;
  userId: number;
  kind: CaseKind;
  agencyId: number;
  topicId?: number | null;
  provinceId: number;
  countyId: number;
  subject: string;
  description: string;
  anonymous: boolean;
  contactPhone?: string | null;
  contactPhoneVerified: boolean;
  nationalId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  address?: string | null;
  attachments: AttachmentInput[];
  /** Identifies the confirmed draft; filing the same key again returns the first case. */
  clientKey: string;
  /** bot (default) or open311. */
  channel?: string;
}

/**
 * Files a citizen's case with its first status event and attachments, sets its response deadline and
 * queues the agency's case.created webhook; idempotent by clientKey.
 */
export async function fileCase(
  db: Db,
  input: NewCase,
  opts: { holidays?: ReadonlySet<string> } = {},
): Promise<{ trackingCode: string; caseId: number; created: boolean; expectedAt: Date | null }> {
  return db.transaction(async (tx) => {
    await requireDurableCommit(tx);
    const existing = await caseByClientKey(tx, input.clientKey);
    if (existing) return { ...existing, created: false };
    const [agency] = await tx.select({ slaDays: agencies.slaDays }).from(agencies).where(eq(agencies.id, input.agencyId));
    if (!agency) throw new DomainError("unknown_agency", `No agency ${input.agencyId}.`);
    const expectedAt = addWorkingDays(new Date(), agency.slaDays, opts.holidays);
    // ON CONFLICT DO NOTHING instead of catching 23505: a failed statement would abort the caller's transaction.
    for (let attempt = 0; attempt < 8; attempt++) {
      const [row] = await tx
        .insert(cases)
        .values({
          trackingCode: newTrackingCode(),
          kind: input.kind,
          status: "received",
          userId: input.userId,
          agencyId: input.agencyId,
          topicId: input.topicId ?? null,
          provinceId: input.provinceId,
          countyId: input.countyId,
          subject: input.subject,
          description: input.description,
          anonymous: input.anonymous,
          contactPhone: input.anonymous ? null : (input.contactPhone ?? null),
          contactPhoneVerified: input.anonymous ? false : input.contactPhoneVerified,
          nationalId: input.anonymous ? null : (input.nationalId ?? null),
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          address: input.address ?? null,
          clientKey: input.clientKey,
          channel: input.channel ?? "bot",
          expectedAt,
        })
        .onConflictDoNothing()
        .returning({ id: cases.id, trackingCode: cases.trackingCode, expectedAt: cases.expectedAt });
      if (!row) {
        const raced = await caseByClientKey(tx, input.clientKey);
        if (raced) return { ...raced, created: false };
        continue; // tracking code collision: draw another
      }
      await tx.insert(caseEvents).values({ caseId: row.id, type: "status", status: "received", actor: "citizen" });
      if (input.attachments.length > 0) {
        await tx.insert(attachments).values(input.attachments.map((a) => ({ ...a, caseId: row.id, platform: input.platform })));
      }
      await notifyAgency(tx, row.id, "case.created", `case:${row.id}`);
      return { trackingCode: row.trackingCode, caseId: row.id, created: true, expectedAt: row.expectedAt };
    }
    throw new Error("could not draw a free tracking code in 8 attempts");
  });
}

async function caseByClientKey(db: Db, clientKey: string) {
  const [row] = await db.select({ caseId: cases.id, trackingCode: cases.trackingCode, expectedAt: cases.expectedAt }).from(cases).where(eq(cases.clientKey, clientKey));
  return row ?? null;
}

export interface CaseSummary {
  trackingCode: string;
  kind: CaseKind;
  status: CaseStatus;
  subject: string;
  agencyFa: string;
  agencyEn: string;
  createdAt: Date;
}

/** One page of a citizen's own cases, newest first, and how many they have in all. */
export async function listOwnCases(db: Db, userId: number, page: { offset: number; limit: number }): Promise<{ items: CaseSummary[]; total: number }> {
  const items = await db
    .select({
      trackingCode: cases.trackingCode,
      kind: cases.kind,
      status: cases.status,
      subject: cases.subject,
      agencyFa: agencies.nameFa,
      agencyEn: agencies.nameEn,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.userId, userId))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .offset(page.offset)
    .limit(page.limit);
  const [{ total }] = await db.select({ total: count() }).from(cases).where(eq(cases.userId, userId));
  return { items: items as CaseSummary[], total };
}

export interface CaseDetail extends CaseSummary {
  description: string;
  topicFa: string | null;
  topicEn: string | null;
  provinceFa: string;
  provinceEn: string;
  countyFa: string;
  countyEn: string;
  anonymous: boolean;
  attachmentCount: number;
  /** The agency's response deadline (its SLA in working days from filing). */
  expectedAt: Date | null;
  events: { type: string; status: CaseStatus | null; note: string | null; actor: string; createdAt: Date }[];
}

/**
 * A case by tracking code, only for its owner. A code that exists but belongs to someone else
 * returns null exactly like an unknown one, so codes cannot be probed.
 */
export async function findOwnCase(db: Db, userId: number, trackingCode: string): Promise<CaseDetail | null> {
  // The same joins agencies see (core/case-views.ts), narrowed to the owner.
  const [row] = await caseViewQuery(db).where(and(eq(cases.trackingCode, trackingCode), eq(cases.userId, userId)));
  if (!row) return null;
  const events = await db
    .select({ type: caseEvents.type, status: caseEvents.status, note: caseEvents.note, actor: caseEvents.actor, createdAt: caseEvents.createdAt })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, row.id))
    .orderBy(asc(caseEvents.id));
  const [{ n }] = await db.select({ n: count() }).from(attachments).where(eq(attachments.caseId, row.id));
  const c = row.c;
  return {
    trackingCode: c.trackingCode,
    kind: c.kind as CaseDetail["kind"],
    status: c.status as CaseDetail["status"],
    subject: c.subject,
    description: c.description,
    anonymous: c.anonymous,
    createdAt: c.createdAt,
    agencyFa: row.agency.nameFa,
    agencyEn: row.agency.nameEn,
    topicFa: row.topic?.nameFa ?? null,
    topicEn: row.topic?.nameEn ?? null,
    provinceFa: row.province.nameFa,
    provinceEn: row.province.nameEn,
    countyFa: row.county.nameFa,
    countyEn: row.county.nameEn,
    attachmentCount: n,
    expectedAt: c.expectedAt,
    events: events as CaseDetail["events"],
  };
}
