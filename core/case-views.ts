import { alias } from "drizzle-orm/pg-core";
import { asc, eq, sql, type SQLWrapper } from "drizzle-orm";
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

// Columns of the joined tables carry their own names (agency_code, county_id …): in a raw row (see
// CaseViewColumns) the code and name_fa of four tables, and two ids, would collide.
const named = <T>(c: SQLWrapper, name: keyof CaseViewColumns) => sql<T>`${c}`.as(name);

/** The columns and joins of a case view; used for one case and for API pages alike. */
export function caseViewQuery(db: Db) {
  return db
    .select({
      id: cases.id,
      c: cases,
      agency: { code: named<string>(agencies.code, "agency_code"), nameFa: named<string>(agencies.nameFa, "agency_name_fa"), nameEn: named<string>(agencies.nameEn, "agency_name_en") },
      originalAgencyCode: named<string | null>(originalAgency.code, "original_agency_code"),
      topic: {
        code: named<string | null>(agencyTopics.code, "topic_code"),
        nameFa: named<string | null>(agencyTopics.nameFa, "topic_name_fa"),
        nameEn: named<string | null>(agencyTopics.nameEn, "topic_name_en"),
      },
      province: { code: named<string>(provinces.code, "province_code"), nameFa: named<string>(provinces.nameFa, "province_name_fa"), nameEn: named<string>(provinces.nameEn, "province_name_en") },
      county: { id: named<number>(counties.id, "county_id"), nameFa: named<string>(counties.nameFa, "county_name_fa"), nameEn: named<string>(counties.nameEn, "county_name_en") },
      citizenName: named<string | null>(users.firstName, "citizen_name"),
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .leftJoin(originalAgency, eq(originalAgency.id, cases.originalAgencyId))
    .leftJoin(agencyTopics, eq(agencyTopics.id, cases.topicId))
    .innerJoin(provinces, eq(provinces.id, cases.provinceId))
    .innerJoin(counties, eq(counties.id, cases.countyId))
    .innerJoin(users, eq(users.id, cases.userId));
}

/**
 * A raw row of caseViewQuery, as a prepared statement's all() returns it: one column per name, values
 * as the driver gives them (int8 is a string on postgres.js and a number on PGlite; timestamps are text).
 * The API's pages read these: drizzle's generic per-cell mapping into the nested shape was a quarter of
 * the CPU time of a page of 50 (bench:api profile).
 */
export interface CaseViewColumns {
  id: number | string;
  tracking_code: string;
  kind: string;
  status: string;
  channel: string;
  subject: string;
  description: string;
  agency_code: string;
  agency_name_fa: string;
  agency_name_en: string;
  original_agency_code: string | null;
  topic_code: string | null;
  topic_name_fa: string | null;
  topic_name_en: string | null;
  province_code: string;
  province_name_fa: string;
  province_name_en: string;
  county_id: number;
  county_name_fa: string;
  county_name_en: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  anonymous: boolean;
  citizen_name: string | null;
  contact_phone: string | null;
  contact_phone_verified: boolean;
  national_id: string | null;
  awaiting_info: boolean;
  expected_at: string | Date | null;
  closed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

type CaseViewRow = Awaited<ReturnType<ReturnType<typeof caseViewQuery>["execute"]>>[number];

/** Turns a row of caseViewQuery into the JSON shape. */
export function toCaseView(r: CaseViewRow, now = new Date()): CaseView {
  const c = r.c;
  return caseViewOf(
    {
      id: c.id, tracking_code: c.trackingCode, kind: c.kind, status: c.status, channel: c.channel, subject: c.subject, description: c.description,
      agency_code: r.agency.code, agency_name_fa: r.agency.nameFa, agency_name_en: r.agency.nameEn, original_agency_code: r.originalAgencyCode,
      topic_code: r.topic?.code ?? null, topic_name_fa: r.topic?.nameFa ?? null, topic_name_en: r.topic?.nameEn ?? null,
      province_code: r.province.code, province_name_fa: r.province.nameFa, province_name_en: r.province.nameEn,
      county_id: r.county.id, county_name_fa: r.county.nameFa, county_name_en: r.county.nameEn,
      latitude: c.latitude, longitude: c.longitude, address: c.address, anonymous: c.anonymous, citizen_name: r.citizenName,
      contact_phone: c.contactPhone, contact_phone_verified: c.contactPhoneVerified, national_id: c.nationalId, awaiting_info: c.awaitingInfo,
      expected_at: c.expectedAt, closed_at: c.closedAt, created_at: c.createdAt, updated_at: c.updatedAt,
    },
    now,
  );
}

// PostgreSQL's text of a UTC timestamptz, "2025-05-01 08:30:00.123456+00", rewritten as toISOString would
// write it (milliseconds, truncated like Date's parser): parsing it into a Date and back was a tenth of a
// page's CPU time. Any other shape (a session in another time zone) goes through Date.
const PG_UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;
function isoText(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  const m = PG_UTC_TIMESTAMP.exec(v);
  return m ? `${m[1]}T${m[2]}.${((m[3] ?? "") + "000").slice(0, 3)}Z` : new Date(v).toISOString();
}
const isoTextOrNull = (v: string | Date | null) => (v === null ? null : isoText(v));

/** The JSON of a case from its view's columns: the one place that decides what an agency sees of it. */
export function caseViewOf(r: CaseViewColumns, now = new Date()): CaseView {
  const expectedAt = isoTextOrNull(r.expected_at);
  const closedAt = isoTextOrNull(r.closed_at);
  return {
    code: r.tracking_code,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    subject: r.subject,
    description: r.description,
    agency: { code: r.agency_code, name_fa: r.agency_name_fa, name_en: r.agency_name_en },
    original_agency: r.original_agency_code && r.original_agency_code !== r.agency_code ? r.original_agency_code : null,
    topic: r.topic_code ? { code: r.topic_code, name_fa: r.topic_name_fa!, name_en: r.topic_name_en! } : null,
    province: { code: r.province_code, name_fa: r.province_name_fa, name_en: r.province_name_en },
    county: { id: r.county_id, name_fa: r.county_name_fa, name_en: r.county_name_en },
    location: { latitude: r.latitude, longitude: r.longitude, address: r.address },
    anonymous: r.anonymous,
    // An anonymous report never carries who filed it.
    citizen: r.anonymous ? null : { name: r.citizen_name, phone: r.contact_phone, phone_verified: r.contact_phone_verified, national_id: r.national_id },
    awaiting_info: r.awaiting_info,
    expected_at: expectedAt,
    overdue: expectedAt !== null && isOverdue({ expectedAt: new Date(expectedAt), closedAt: closedAt === null ? null : new Date(closedAt) }, now),
    closed_at: closedAt,
    created_at: isoText(r.created_at),
    updated_at: isoText(r.updated_at),
  };
}

/** One case as an agency sees it, with its events, attachments and survey; null when it does not exist. */
export async function caseDetailView(db: Db, caseId: number, now = new Date()): Promise<CaseDetailView | null> {
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
    ...toCaseView(row, now),
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
