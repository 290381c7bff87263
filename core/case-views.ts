import { alias } from "drizzle-orm/pg-core";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, agencyTopics, attachments, caseEvents, cases, counties, provinces, surveys, users } from "../db/schema.ts";
import { isOverdue } from "./deadlines.ts";

// How a case looks to an agency back-end: the JSON of API v1 and of webhook payloads (snake_case).
// An anonymous report never carries the citizen's identity.

export interface EventView {
  id: number;
  type: string;
  status: string | null;
  note: string | null;
  actor: string;
  agency: string | null;
  event_id: string | null;
  created_at: string;
}

export interface AttachmentView {
  id: number;
  kind: string;
  mime_type: string | null;
  file_name: string | null;
  file_size: number | null;
}

export interface SurveyView {
  asked_at: string;
  answered_at: string | null;
  solved: string | null;
  rating: number | null;
  comment: string | null;
  objected: boolean;
}

export interface CaseView {
  code: string;
  kind: string;
  status: string;
  channel: string;
  subject: string;
  description: string;
  agency: { code: string; name_fa: string; name_en: string };
  original_agency: string | null;
  topic: { code: string; name_fa: string; name_en: string } | null;
  province: { code: string; name_fa: string; name_en: string };
  county: { id: number; name_fa: string; name_en: string };
  location: { latitude: number | null; longitude: number | null; address: string | null };
  anonymous: boolean;
  citizen: { name: string | null; phone: string | null; phone_verified: boolean; national_id: string | null } | null;
  awaiting_info: boolean;
  expected_at: string | null;
  overdue: boolean;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseDetailView extends CaseView {
  events: EventView[];
  attachments: AttachmentView[];
  survey: SurveyView | null;
}

const originalAgency = alias(agencies, "original_agency");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The columns and joins of a case view; used for one case and for API pages alike. */
export function caseViewQuery(db: Db) {
  return db
    .select({
      id: cases.id,
      c: cases,
      agency: { code: agencies.code, nameFa: agencies.nameFa, nameEn: agencies.nameEn },
      originalAgencyCode: originalAgency.code,
      topic: { code: agencyTopics.code, nameFa: agencyTopics.nameFa, nameEn: agencyTopics.nameEn },
      province: { code: provinces.code, nameFa: provinces.nameFa, nameEn: provinces.nameEn },
      county: { id: counties.id, nameFa: counties.nameFa, nameEn: counties.nameEn },
      citizenName: users.firstName,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .leftJoin(originalAgency, eq(originalAgency.id, cases.originalAgencyId))
    .leftJoin(agencyTopics, eq(agencyTopics.id, cases.topicId))
    .innerJoin(provinces, eq(provinces.id, cases.provinceId))
    .innerJoin(counties, eq(counties.id, cases.countyId))
    .innerJoin(users, eq(users.id, cases.userId));
}

type CaseViewRow = Awaited<ReturnType<ReturnType<typeof caseViewQuery>["execute"]>>[number];

/** Turns a row of caseViewQuery into the JSON shape. */
export function toCaseView(r: CaseViewRow, now = new Date()): CaseView {
  const c = r.c;
  return {
    code: c.trackingCode,
    kind: c.kind,
    status: c.status,
    channel: c.channel,
    subject: c.subject,
    description: c.description,
    agency: { code: r.agency.code, name_fa: r.agency.nameFa, name_en: r.agency.nameEn },
    original_agency: r.originalAgencyCode && r.originalAgencyCode !== r.agency.code ? r.originalAgencyCode : null,
    topic: r.topic && r.topic.code ? { code: r.topic.code, name_fa: r.topic.nameFa, name_en: r.topic.nameEn } : null,
    province: { code: r.province.code, name_fa: r.province.nameFa, name_en: r.province.nameEn },
    county: { id: r.county.id, name_fa: r.county.nameFa, name_en: r.county.nameEn },
    location: { latitude: c.latitude, longitude: c.longitude, address: c.address },
    anonymous: c.anonymous,
    citizen: c.anonymous ? null : { name: r.citizenName, phone: c.contactPhone, phone_verified: c.contactPhoneVerified, national_id: c.nationalId },
    awaiting_info: c.awaitingInfo,
    expected_at: iso(c.expectedAt),
    overdue: isOverdue(c, now),
    closed_at: iso(c.closedAt),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** One case as an agency sees it, with its events, attachments and survey; null when it does not exist. */
export async function caseDetailView(db: Db, caseId: number): Promise<CaseDetailView | null> {
  const [row] = await caseViewQuery(db).where(eq(cases.id, caseId));
  if (!row) return null;
  const eventAgency = alias(agencies, "event_agency");
  const events = await db
    .select({ e: caseEvents, agencyCode: eventAgency.code })
    .from(caseEvents)
    .leftJoin(eventAgency, eq(eventAgency.id, caseEvents.agencyId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.id));
  const files = await db.select().from(attachments).where(eq(attachments.caseId, caseId)).orderBy(asc(attachments.id));
  const [survey] = await db.select().from(surveys).where(eq(surveys.caseId, caseId));
  return {
    ...toCaseView(row),
    events: events.map(({ e, agencyCode }) => toEventView(e, agencyCode)),
    attachments: files.map((f) => ({ id: f.id, kind: f.kind, mime_type: f.mimeType, file_name: f.fileName, file_size: f.fileSize })),
    survey: survey ? toSurveyView(survey) : null,
  };
}

export function toEventView(e: typeof caseEvents.$inferSelect, agencyCode: string | null): EventView {
  return { id: e.id, type: e.type, status: e.status, note: e.note, actor: e.actor, agency: agencyCode, event_id: e.externalId, created_at: e.createdAt.toISOString() };
}

export function toSurveyView(s: typeof surveys.$inferSelect): SurveyView {
  return { asked_at: s.askedAt.toISOString(), answered_at: iso(s.answeredAt), solved: s.solved, rating: s.rating, comment: s.comment, objected: s.objected };
}
