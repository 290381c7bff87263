import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { FINAL_STATUSES } from "../../../core/case-events.ts";
import type { CaseKind } from "../../../core/case-kinds.ts";
import { fileCase } from "../../../core/cases.ts";
import { OPEN311_PLATFORM, intakeNote, readIntakeNote, reporterUserId, wholeSecondBounds, type IntakeDetails, type ReporterClues } from "../../../core/open311.ts";
import type { Db } from "../../../db/client.ts";
import { scopeCondition, type Actor } from "../../../core/access.ts";
import { agencies, agencyTopics, caseEvents, cases, users } from "../../../db/schema.ts";
import type { UploadedMedia } from "./media.ts";
import type { UploadStore } from "./uploads.ts";

// The database side of the facade: filing an Open311 request as a case, and reading cases back as
// service requests within what an API key may see.

/** The cases a key reads, as a condition on `cases` (core/access.ts); every Open311 read of cases goes through it. */
export const visibleIn = (actor: Actor): SQL | undefined => scopeCondition(actor, "case", "read");

export interface Filing {
  keyId: number;
  agencyId: number;
  topicId: number | null;
  kind: CaseKind;
  provinceId: number;
  countyId: number;
  subject: string;
  description: string;
  anonymous: boolean;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  /** An Iranian mobile from the phone field, normalised; unverified (nobody proved it is the reporter's). */
  contactPhone: string | null;
  reporterName: string | null;
  clues: ReporterClues;
  details: IntakeDetails;
}

const clientKeyOf = (token: string) => `open311:${token}`;

/**
 * Files the request as a case of the reporter's user (platform open311), with the details that have no
 * column kept as a note event, all in one transaction. Every POST is a new case: the spec has no
 * idempotency key, so the client key is a fresh token, which is also what GET tokens/{token} looks up.
 */
export async function fileRequest(
  db: Db,
  f: Filing,
  o: { holidays: ReadonlySet<string>; media?: UploadedMedia[]; uploads: UploadStore },
): Promise<{ trackingCode: string; token: string; expectedAt: Date | null }> {
  const token = randomUUID();
  const media = o.media ?? [];
  const details = f.details;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ platform: OPEN311_PLATFORM, platformUserId: reporterUserId(f.keyId, f.clues), firstName: f.reporterName, language: "fa" })
      .onConflictDoUpdate({
        target: [users.platform, users.platformUserId],
        // A request without a name keeps the name an earlier one gave.
        set: { firstName: sql`coalesce(excluded.first_name, ${users.firstName})`, updatedAt: sql`now()` },
      })
      .returning({ id: users.id });
    const filed = await fileCase(
      tx,
      {
        platform: OPEN311_PLATFORM,
        channel: OPEN311_PLATFORM,
        userId: user.id,
        kind: f.kind,
        agencyId: f.agencyId,
        topicId: f.topicId,
        provinceId: f.provinceId,
        countyId: f.countyId,
        subject: f.subject,
        description: f.description,
        anonymous: f.anonymous,
        contactPhone: f.contactPhone,
        contactPhoneVerified: false,
        latitude: f.latitude,
        longitude: f.longitude,
        address: f.address,
        attachments: [],
        clientKey: clientKeyOf(token),
      },
      { holidays: o.holidays },
    );
    const note = intakeNote(details);
    if (note) await tx.insert(caseEvents).values({ caseId: filed.caseId, type: "note", note, actor: "citizen" });
    if (media.length > 0) await o.uploads.save(tx, filed.caseId, media);
    const [row] = await tx.select({ expectedAt: cases.expectedAt }).from(cases).where(eq(cases.id, filed.caseId));
    return { trackingCode: filed.trackingCode, token, expectedAt: row?.expectedAt ?? null };
  });
}

/** The tracking code filed under a token, or null. */
export async function trackingCodeByToken(db: Db, token: string): Promise<string | null> {
  const [row] = await db.select({ code: cases.trackingCode }).from(cases).where(eq(cases.clientKey, clientKeyOf(token)));
  return row?.code ?? null;
}

export interface RequestFilters {
  /** Tracking codes; when given, every other filter is ignored (the spec: "this overrides all other arguments"). */
  codes?: string[];
  services?: { agency: string; topic: string | null }[];
  /** requested_datetime bounds, both inclusive at the whole seconds it is shown in (wholeSecondBounds). */
  from?: Date;
  /** Absent or null: no upper bound. */
  to?: Date | null;
  status?: "open" | "closed";
}

export interface RequestRow {
  trackingCode: string;
  status: string;
  description: string;
  agencyId: number;
  agency: { code: string; nameFa: string; nameEn: string; slaDays: number };
  /** The case's topic while it belongs to the handling agency; a case referred elsewhere has none there. */
  topic: { code: string; nameFa: string; nameEn: string } | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  expectedAt: Date | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The agency's latest note (status change, answer, referral, question). */
  statusNotes: string | null;
  details: IntakeDetails;
}

const finalStatuses = [...FINAL_STATUSES] as string[];

/** Cases the actor reads that match the filters, newest first, at most `limit`. */
export async function findRequests(db: Db, actor: Actor, filters: RequestFilters, limit: number): Promise<RequestRow[]> {
  const where: (SQL | undefined)[] = [visibleIn(actor)];
  if (filters.codes) {
    where.push(inArray(cases.trackingCode, filters.codes.length > 0 ? filters.codes : [""]));
  } else {
    const { since, before } = wholeSecondBounds(filters.from ?? null, filters.to ?? null);
    if (since) where.push(gte(cases.createdAt, since));
    if (before) where.push(lt(cases.createdAt, before));
    if (filters.status === "open") where.push(notInArray(cases.status, finalStatuses));
    if (filters.status === "closed") where.push(inArray(cases.status, finalStatuses));
    if (filters.services) {
      where.push(
        or(
          ...filters.services.map((s) =>
            s.topic === null
              ? and(eq(agencies.code, s.agency), or(isNull(cases.topicId), ne(agencyTopics.agencyId, cases.agencyId)))
              : and(eq(agencies.code, s.agency), eq(agencyTopics.code, s.topic), eq(agencyTopics.agencyId, cases.agencyId)),
          ),
          sql`false`,
        ),
      );
    }
  }
  const rows = await db
    .select({
      id: cases.id,
      c: cases,
      agency: { code: agencies.code, nameFa: agencies.nameFa, nameEn: agencies.nameEn, slaDays: agencies.slaDays },
      topic: { code: agencyTopics.code, nameFa: agencyTopics.nameFa, nameEn: agencyTopics.nameEn, agencyId: agencyTopics.agencyId },
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .leftJoin(agencyTopics, eq(agencyTopics.id, cases.topicId))
    .where(and(...where))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
  if (rows.length === 0) return [];

  const notes = await db
    .select({ caseId: caseEvents.caseId, type: caseEvents.type, actor: caseEvents.actor, note: caseEvents.note })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, rows.map((r) => r.id)), isNotNull(caseEvents.note), or(inArray(caseEvents.actor, ["agency", "admin"]), eq(caseEvents.type, "note"))))
    .orderBy(asc(caseEvents.id));
  const statusNotes = new Map<number, string>();
  const details = new Map<number, IntakeDetails>();
  for (const n of notes) {
    if (n.actor === "agency" || n.actor === "admin") statusNotes.set(n.caseId, n.note!);
    else if (n.type === "note" && n.actor === "citizen" && !details.has(n.caseId)) details.set(n.caseId, readIntakeNote(n.note));
  }

  return rows.map(({ id, c, agency, topic }) => ({
    trackingCode: c.trackingCode,
    status: c.status,
    description: c.description,
    agencyId: c.agencyId,
    agency,
    topic: topic && topic.code !== null && topic.agencyId === c.agencyId ? { code: topic.code, nameFa: topic.nameFa, nameEn: topic.nameEn } : null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    expectedAt: c.expectedAt,
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    statusNotes: statusNotes.get(id) ?? null,
    details: details.get(id) ?? {},
  }));
}
