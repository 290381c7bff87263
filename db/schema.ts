import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const provinces = pgTable("provinces", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  nameFa: text("name_fa").notNull(),
  nameEn: text("name_en").notNull(),
});

export const counties = pgTable(
  "counties",
  {
    id: serial("id").primaryKey(),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    nameFa: text("name_fa").notNull(),
    nameEn: text("name_en").notNull(),
  },
  (t) => [uniqueIndex("counties_province_name_uq").on(t.provinceId, t.nameFa)],
);

export interface ServiceDesk {
  phone?: string;
  website?: string;
  hours?: string;
}

export const agencies = pgTable("agencies", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  nameFa: text("name_fa").notNull(),
  nameEn: text("name_en").notNull(),
  /** Response deadline (SLA) in working days. */
  slaDays: integer("sla_days").notNull().default(10),
  serviceDesk: jsonb("service_desk").$type<ServiceDesk>().notNull().default({}),
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
});

export const agencyTopics = pgTable(
  "agency_topics",
  {
    id: serial("id").primaryKey(),
    agencyId: integer("agency_id").notNull().references(() => agencies.id),
    code: text("code").notNull(),
    nameFa: text("name_fa").notNull(),
    nameEn: text("name_en").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [uniqueIndex("agency_topics_agency_code_uq").on(t.agencyId, t.code)],
);

export const users = pgTable(
  "users",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    platform: text("platform").notNull(),
    platformUserId: bigint("platform_user_id", { mode: "number" }).notNull(),
    firstName: text("first_name"),
    username: text("username"),
    language: text("language").notNull().default("fa"),
    phone: text("phone"),
    phoneVerified: boolean("phone_verified").notNull().default(false),
    announcementsOptIn: boolean("announcements_opt_in").notNull().default(false),
    /** Set when the platform answers 403 "bot was blocked by the user"; cleared on the next update from them. */
    blocked: boolean("blocked").notNull().default(false),
    /** Staff roles (assistant, provincial_rep, ministry_rep, admin); filled by later features. */
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    provinceId: integer("province_id").references(() => provinces.id),
    countyId: integer("county_id").references(() => counties.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_platform_user_uq").on(t.platform, t.platformUserId)],
);

export const cases = pgTable(
  "cases",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    trackingCode: text("tracking_code").notNull().unique(),
    kind: text("kind").notNull(),
    status: text("status").notNull().default("received"),
    userId: bigint("user_id", { mode: "number" }).notNull().references(() => users.id),
    agencyId: integer("agency_id").notNull().references(() => agencies.id),
    topicId: integer("topic_id").references(() => agencyTopics.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    countyId: integer("county_id").notNull().references(() => counties.id),
    subject: text("subject").notNull(),
    description: text("description").notNull(),
    /** Reports of misconduct may be anonymous: the agency then never sees who filed them. */
    anonymous: boolean("anonymous").notNull().default(false),
    contactPhone: text("contact_phone"),
    contactPhoneVerified: boolean("contact_phone_verified").notNull().default(false),
    nationalId: text("national_id"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    address: text("address"),
    /** One filing per confirmed draft: a double tap or a redelivered update finds this key taken. */
    clientKey: text("client_key").notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cases_user_created_idx").on(t.userId, t.createdAt),
    index("cases_agency_status_idx").on(t.agencyId, t.status),
  ],
);

export const caseEvents = pgTable(
  "case_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: bigint("case_id", { mode: "number" }).notNull().references(() => cases.id),
    /** status: a status change; followup: a citizen's message; note: an internal remark. */
    type: text("type").notNull(),
    status: text("status"),
    note: text("note"),
    actor: text("actor").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.id)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: bigint("case_id", { mode: "number" }).notNull().references(() => cases.id),
    kind: text("kind").notNull(),
    platform: text("platform").notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id").notNull(),
    mimeType: text("mime_type"),
    fileName: text("file_name"),
    fileSize: integer("file_size"),
    width: integer("width"),
    height: integer("height"),
    duration: integer("duration"),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_case_idx").on(t.caseId)],
);

export const chatStates = pgTable(
  "chat_states",
  {
    platform: text("platform").notNull(),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    flow: text("flow"),
    step: text("step"),
    draft: jsonb("draft").$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped on every step change; inline buttons carry it so a stale button is recognised. */
    version: integer("version").notNull().default(0),
    floodWindowStart: timestamp("flood_window_start", { withTimezone: true }),
    floodCount: integer("flood_count").notNull().default(0),
    floodWarned: boolean("flood_warned").notNull().default(false),
    groupNoticeSent: boolean("group_notice_sent").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);

export const processedUpdates = pgTable(
  "processed_updates",
  {
    botId: bigint("bot_id", { mode: "number" }).notNull(),
    updateId: bigint("update_id", { mode: "number" }).notNull(),
    /** done, or failed when a deterministic bug was logged and the update acknowledged anyway. */
    outcome: text("outcome").notNull().default("done"),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.botId, t.updateId] }), index("processed_updates_at_idx").on(t.processedAt)],
);

export const faqs = pgTable("faqs", {
  id: serial("id").primaryKey(),
  key: text("key").notNull().unique(),
  questionFa: text("question_fa").notNull(),
  answerFa: text("answer_fa").notNull(),
  questionEn: text("question_en").notNull(),
  answerEn: text("answer_en").notNull(),
  active: boolean("active").notNull().default(true),
  sortOrder: integer("sort_order").notNull().default(0),
});
