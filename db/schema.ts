import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
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
  /** Where the agency's back-end receives signed webhooks (http/https); null: no webhooks. */
  webhookUrl: text("webhook_url"),
  /** HMAC-SHA256 key for webhook signatures; kept to sign, never returned by the API or logged. */
  webhookSecret: text("webhook_secret"),
  createdAt: createdAt(),
  /** Other names people type for it («آبفا», «اداره برق»); searched like the names. */
  aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
});

/**
 * A unit of an agency in one province (optionally one county): its provincial office, or one
 * municipality of the municipalities. A case filed there goes to the most specific unit of its agency,
 * to the unit's webhook URL when it has one (else the agency's); a key limited to a unit sees that region only.
 */
export const agencyUnits = pgTable(
  "agency_units",
  {
    id: serial("id").primaryKey(),
    agencyId: integer("agency_id").notNull().references(() => agencies.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    /** null: the whole province. */
    countyId: integer("county_id").references(() => counties.id),
    nameFa: text("name_fa").notNull(),
    nameEn: text("name_en").notNull(),
    webhookUrl: text("webhook_url"),
    /** Signs the unit's webhooks when it has its own URL; never returned or logged. */
    webhookSecret: text("webhook_secret"),
    active: boolean("active").notNull().default(true),
    /** Inserted by the reference-data seed (test resets keep these and drop the rest). */
    seeded: boolean("seeded").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [unique("agency_units_place_uq").on(t.agencyId, t.provinceId, t.countyId).nullsNotDistinct()],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: serial("id").primaryKey(),
    /** The agency whose cases the key may see; null for an admin key that sees everything. */
    agencyId: integer("agency_id").references(() => agencies.id),
    /** Limits an agency's key to one of its units (that unit's region); null: the whole agency. */
    unitId: integer("unit_id").references(() => agencyUnits.id),
    name: text("name").notNull(),
    /** The first characters of the key, shown in listings so a key can be recognised without revealing it. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key; the key itself is printed once at creation and never stored. */
    hash: text("hash").notNull().unique(),
    scopes: text("scopes").array().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_agency_idx").on(t.agencyId)],
);

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
    /**
     * The staff role held through an invite (assistant, provincial, ministry or admin), at most one; empty for
     * a citizen. The region columns below bind it: county (assistant), province (provincial), agency (ministry).
     */
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
    /** The agency the case was first filed with; it keeps seeing a case it referred elsewhere. */
    originalAgencyId: integer("original_agency_id").references(() => agencies.id),
    /** Where the case came from: the chat bot, or an Open311 client. */
    channel: text("channel").notNull().default("bot"),
    /** The agency asked the citizen for more information and waits for the answer. */
    awaitingInfo: boolean("awaiting_info").notNull().default(false),
    /** The response deadline: filing time plus the agency's SLA in working days (Saturday–Wednesday). */
    expectedAt: timestamp("expected_at", { withTimezone: true }),
    /** When the case reached a final status (answered or closed); null while open. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /**
     * The moment as of which the missed deadline was escalated (case.overdue, cron/case-sla-escalation.ts). A deadline set
     * after it (a referral, a reopening) is a new one, escalated again when it passes.
     */
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /** Why the case arose, as the agency said when closing it (core/close-causes.ts); null when it gave none. */
    closeCause: text("close_cause"),
    // Facts of the case's events, kept by the database itself on every insert into case_events (the trigger
    // case_events_facts, migration 0012) so the figures of a period read the cases alone, not their events.
    /** The agency's first response: an answer or a closing status it posted. */
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    referralCount: integer("referral_count").notNull().default(0),
    objectionCount: integer("objection_count").notNull().default(0),
    /** The case was reopened (by a citizen's objection: an event with the status «reopened»). */
    reopened: boolean("reopened").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cases_user_created_idx").on(t.userId, t.createdAt),
    // The daily escalation looks for open cases past their deadline; closed ones (most) stay out of it.
    index("cases_open_deadline_idx").on(t.expectedAt).where(sql`${t.closedAt} is null`),
    index("cases_agency_status_updated_idx").on(t.agencyId, t.status, t.updatedAt, t.id),
    index("cases_agency_updated_idx").on(t.agencyId, t.updatedAt, t.id),
    index("cases_updated_idx").on(t.updatedAt, t.id),
    index("cases_original_agency_updated_idx").on(t.originalAgencyId, t.updatedAt, t.id),
    // The figures of a period (core/case-figures.ts) read the cases filed in it, for everyone or one agency.
    index("cases_created_idx").on(t.createdAt),
    index("cases_agency_created_idx").on(t.agencyId, t.createdAt),
  ],
);

export const caseEvents = pgTable(
  "case_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: bigint("case_id", { mode: "number" }).notNull().references(() => cases.id),
    /**
     * status: a status change; answer: the agency's answer to the citizen; referral: moved to another
     * agency; info_request: the agency asks the citizen; info_provided / followup / objection: the citizen.
     */
    type: text("type").notNull(),
    status: text("status"),
    note: text("note"),
    /** citizen, agency, admin or system. */
    actor: text("actor").notNull(),
    /** The agency that posted the event (agency actor), or the target agency of a referral. */
    agencyId: integer("agency_id").references(() => agencies.id),
    /** The agency back-end's own id for the event: posting it again has one effect. */
    externalId: text("external_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("case_events_case_idx").on(t.caseId, t.id),
    // Objections are few: the topics objected to most are found from them, not from every case's events.
    index("case_events_objections_idx").on(t.caseId).where(sql`${t.type} = 'objection'`),
    uniqueIndex("case_events_external_uq").on(t.agencyId, t.externalId),
  ],
);

/**
 * Work that leaves later: messages to citizens and webhooks to agencies. Claimed with
 * FOR UPDATE SKIP LOCKED, retried with backoff; `key` makes enqueueing idempotent and
 * `orderKey` keeps one case's items in order (an item waits while an older one with its key is pending).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** citizen_message or agency_webhook. */
    kind: text("kind").notNull(),
    key: text("key").notNull().unique(),
    orderKey: text("order_key").notNull(),
    caseId: bigint("case_id", { mode: "number" }).references(() => cases.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    /** The agency's unit the webhook goes to (its URL when it has one); null: the agency itself. */
    unitId: integer("unit_id").references(() => agencyUnits.id),
    /** For agency webhooks, the event name (case.created, …). */
    event: text("event"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending, done, or dead (gave up: e.g. the citizen blocked the bot). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /**
     * Agency webhooks: while set and in the future, a worker is delivering the item (a lease: a crashed
     * worker's item is due again when it runs out). Kept apart from next_attempt_at, the item's own
     * backoff, so the number in flight per destination can be counted.
     */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** The instance (INSTANCE_ID) holding the claim: restarted under the same name, it takes its claims back at once. */
    claimedBy: text("claimed_by"),
    createdAt: createdAt(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_due_idx").on(t.kind, t.status, t.nextAttemptAt),
    index("outbox_order_idx").on(t.orderKey, t.id),
    index("outbox_agency_idx").on(t.agencyId, t.id),
    // Few rows are in flight at a time; counting them per destination must not scan the backlog.
    index("outbox_claimed_idx").on(t.claimedUntil).where(sql`${t.claimedUntil} is not null`),
  ],
);

/** Every attempt to deliver an agency webhook: what the agency and admins see as the delivery log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    outboxId: bigint("outbox_id", { mode: "number" }).notNull().references(() => outbox.id),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_attempts_outbox_idx").on(t.outboxId, t.id)],
);

/**
 * Health of one webhook destination (an agency's URL; `agency:<id>` while it has none), shared by every
 * instance. Absent or `failures = 0`: healthy, its backlog is delivered with bounded concurrency. Failing:
 * one probe delivery at a time, not before `next_probe_at`; the probe's success makes it healthy again.
 */
export const webhookDestinations = pgTable("webhook_destinations", {
  destination: text("destination").primaryKey(),
  /** Failed attempts since the last success; the probe interval doubles with each, up to the cap. */
  failures: integer("failures").notNull().default(0),
  nextProbeAt: timestamp("next_probe_at", { withTimezone: true }),
  failingSince: timestamp("failing_since", { withTimezone: true }),
  lastError: text("last_error"),
  updatedAt: updatedAt(),
});

/** The satisfaction survey of a case (one per case): agency performance data. */
export const surveys = pgTable("surveys", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull().unique().references(() => cases.id),
  askedAt: timestamp("asked_at", { withTimezone: true }).notNull().defaultNow(),
  remindedAt: timestamp("reminded_at", { withTimezone: true }),
  /** yes, no or unknown. */
  solved: text("solved"),
  rating: integer("rating"),
  comment: text("comment"),
  answeredAt: timestamp("answered_at", { withTimezone: true }),
  objected: boolean("objected").notNull().default(false),
});

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

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  // postgres.js reads bytea as a Buffer, PGlite as a Uint8Array: one type for the callers.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The bytes of an attachment uploaded over HTTP (Open311 media), written in the filing's transaction.
 * Chat attachments have none: their bytes stay with the platform (attachments.file_id). A table of its
 * own so that listing a case's attachments never reads the files.
 */
export const attachmentContents = pgTable("attachment_contents", {
  attachmentId: bigint("attachment_id", { mode: "number" })
    .primaryKey()
    .references(() => attachments.id, { onDelete: "cascade" }),
  content: bytea("content").notNull(),
  sha256: text("sha256").notNull(),
});

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
    /**
     * The instance sending this chat's replies now, and until when its lease holds: one sender per chat
     * across instances, so one chat's replies leave in order (messaging/chat-sender.ts).
     */
    sender: text("sender"),
    senderUntil: timestamp("sender_until", { withTimezone: true }),
    /** Bumped whenever replies are queued; a sender releases the chat only if nothing was queued since it looked. */
    replySeq: bigint("reply_seq", { mode: "number" }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] })],
);

/**
 * The per-chat reply queue: every Bot API call a step (or a push) makes to a chat, written in the same
 * transaction as the change that caused it and sent only after the commit, in id order per chat.
 */
export const chatReplies = pgTable(
  "chat_replies",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    platform: text("platform").notNull(),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    /** The calls queued together (one update, one push): `u:<update_id>` or `o:<outbox id>`; refs resolve within it. */
    batch: text("batch").notNull(),
    seq: integer("seq").notNull(),
    /** Bot API method and its parameters; a negative message_id refers to the message sent by call -(id+1) of the batch. */
    method: text("method").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** 0 a reply to someone in a conversation, 1 a pushed notification (status, survey); lower goes first. */
    priority: integer("priority").notNull().default(0),
    /** pending, sent, failed (refused for good, e.g. 400) or dropped (the user blocked the bot). */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /** The platform's id of the message this call created or edited. */
    messageId: bigint("message_id", { mode: "number" }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("chat_replies_pending_idx").on(t.platform, t.chatId, t.id).where(sql`state = 'pending'`),
    index("chat_replies_due_idx").on(t.platform, t.nextAttemptAt).where(sql`state = 'pending'`),
    uniqueIndex("chat_replies_batch_uq").on(t.platform, t.chatId, t.batch, t.seq),
  ],
);

export const processedUpdates = pgTable(
  "processed_updates",
  {
    botId: bigint("bot_id", { mode: "number" }).notNull(),
    updateId: bigint("update_id", { mode: "number" }).notNull(),
    /**
     * A hash of the update without its id (messaging/update-fingerprint.ts). A redelivery has the same; an update
     * that reuses an id seen before (the platform's ids started again) has another, and is handled as new.
     * Null on rows recorded before it existed: such a row's id is taken for a redelivery, as it always was.
     */
    contentHash: text("content_hash"),
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

/** One-time invite codes that make a user staff with a role and a region; only the code's hash is kept. */
export const invites = pgTable(
  "invites",
  {
    id: serial("id").primaryKey(),
    /** SHA-256 of the normalised code; the code itself is shown once to whoever created the invite. */
    codeHash: text("code_hash").notNull().unique(),
    role: text("role").notNull(),
    provinceId: integer("province_id").references(() => provinces.id),
    countyId: integer("county_id").references(() => counties.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    /** The admin who created it in chat; null when created with the CLI. */
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: bigint("used_by", { mode: "number" }).references(() => users.id),
    /** role "member": the network member (registry row) whose chat this invite links, for consultations. */
    networkMemberId: integer("network_member_id"),
    createdAt: createdAt(),
  },
  (t) => [index("invites_expires_idx").on(t.expiresAt)],
);

/** Failed invite redemptions, counted per user to slow down guessing. */
export const inviteAttempts = pgTable(
  "invite_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" }).notNull().references(() => users.id),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invite_attempts_user_idx").on(t.userId, t.attemptedAt)],
);

/** Members of a county's popularization network: intermediate circles and people's helpers (seed 004). */
export const networkMembers = pgTable(
  "network_members",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id").notNull().references(() => counties.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    /** circle (حلقه میانی) or helper (همیار مردمی). */
    kind: text("kind").notNull(),
    /** person or group. */
    form: text("form").notNull(),
    name: text("name").notNull(),
    /** social, cultural, economic, religious, scientific, sports or other. */
    domain: text("domain").notNull(),
    phone: text("phone"),
    notes: text("notes"),
    active: boolean("active").notNull().default(true),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    /** The registering flow's instance id: a double tap on "save" registers one member. */
    clientKey: text("client_key").notNull().unique(),
    /** The member's chat user, once they joined with the invite the assistant gave them (consultations reach them). */
    userId: bigint("user_id", { mode: "number" }).references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("network_members_county_idx").on(t.countyId, t.active), uniqueIndex("network_members_user_uq").on(t.userId)],
);

/** What the network did: one row per logged activity, filed by the county's assistant. */
export const activities = pgTable(
  "activities",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    countyId: integer("county_id").notNull().references(() => counties.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    userId: bigint("user_id", { mode: "number" }).notNull().references(() => users.id),
    kind: text("kind").notNull(),
    /** The Tehran calendar day it happened, as a Gregorian date; jYear/jMonth are its Jalali month. */
    occurredOn: text("occurred_on").notNull(),
    jYear: integer("j_year").notNull(),
    jMonth: integer("j_month").notNull(),
    participants: integer("participants").notNull(),
    description: text("description").notNull(),
    outcome: text("outcome"),
    /** Proposals and processes identified: reported, in_progress, done or rejected; null for other kinds. */
    progress: text("progress"),
    /** Why a proposal or process was rejected (seed 004 asks for the reasons). */
    progressNote: text("progress_note"),
    clientKey: text("client_key").notNull().unique(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("activities_county_month_idx").on(t.countyId, t.jYear, t.jMonth), index("activities_province_month_idx").on(t.provinceId, t.jYear, t.jMonth)],
);

export const activityMembers = pgTable(
  "activity_members",
  {
    activityId: bigint("activity_id", { mode: "number" }).notNull().references(() => activities.id),
    memberId: integer("member_id").notNull().references(() => networkMembers.id),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.memberId] })],
);

export const activityAgencies = pgTable(
  "activity_agencies",
  {
    activityId: bigint("activity_id", { mode: "number" }).notNull().references(() => activities.id),
    agencyId: integer("agency_id").notNull().references(() => agencies.id),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.agencyId] }), index("activity_agencies_agency_idx").on(t.agencyId)],
);

export const activityPhotos = pgTable(
  "activity_photos",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    activityId: bigint("activity_id", { mode: "number" }).notNull().references(() => activities.id),
    platform: text("platform").notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id").notNull(),
  },
  (t) => [index("activity_photos_activity_idx").on(t.activityId)],
);

/**
 * A county's report for one Jalali month. The row is the working copy (draft, submitted, returned or
 * accepted); every submission is frozen as a version with the figures it was drafted from.
 */
export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id").notNull().references(() => counties.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    jYear: integer("j_year").notNull(),
    jMonth: integer("j_month").notNull(),
    status: text("status").notNull().default("draft"),
    /** The number of the latest submitted version; 0 before the first submission. */
    version: integer("version").notNull().default(0),
    narrative: text("narrative"),
    obstacles: text("obstacles"),
    proposals: text("proposals"),
    assistantId: bigint("assistant_id", { mode: "number" }).references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewerId: bigint("reviewer_id", { mode: "number" }).references(() => users.id),
    reviewNote: text("review_note"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("monthly_reports_county_month_uq").on(t.countyId, t.jYear, t.jMonth), index("monthly_reports_province_idx").on(t.provinceId, t.jYear, t.jMonth)],
);

export const monthlyReportVersions = pgTable(
  "monthly_report_versions",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id").notNull().references(() => monthlyReports.id),
    version: integer("version").notNull(),
    figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
    narrative: text("narrative"),
    obstacles: text("obstacles"),
    proposals: text("proposals"),
    submittedBy: bigint("submitted_by", { mode: "number" }).references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    /** accepted or returned, once the provincial representative decided; the note says why it was returned. */
    decision: text("decision"),
    decisionNote: text("decision_note"),
    decidedBy: bigint("decided_by", { mode: "number" }).references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("monthly_report_versions_uq").on(t.reportId, t.version)],
);

/** A province's report for one Jalali quarter (1–4), drafted from its counties' monthly reports; sent to admins. */
export const quarterlyReports = pgTable(
  "quarterly_reports",
  {
    id: serial("id").primaryKey(),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    jYear: integer("j_year").notNull(),
    quarter: integer("quarter").notNull(),
    status: text("status").notNull().default("draft"),
    version: integer("version").notNull().default(0),
    narrative: text("narrative"),
    obstacles: text("obstacles"),
    proposals: text("proposals"),
    representativeId: bigint("representative_id", { mode: "number" }).references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("quarterly_reports_province_quarter_uq").on(t.provinceId, t.jYear, t.quarter)],
);

export const quarterlyReportVersions = pgTable(
  "quarterly_report_versions",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id").notNull().references(() => quarterlyReports.id),
    version: integer("version").notNull(),
    figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
    narrative: text("narrative"),
    obstacles: text("obstacles"),
    proposals: text("proposals"),
    submittedBy: bigint("submitted_by", { mode: "number" }).references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quarterly_report_versions_uq").on(t.reportId, t.version)],
);

/**
 * Anything sent to many chats: a directive, an announcement, a consultation's question, a reminder. Its
 * recipients are rows of delivery_recipients, sent by each bot's delivery sender at the bot's shared pace.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** directive, announcement, consultation or reminder. */
    kind: text("kind").notNull(),
    /** Lower goes first: 2 directives, consultations and reminders; 3 announcements (replies are 0, pushes 1). */
    priority: integer("priority").notNull(),
    /** scheduled (waits for not_before), running, cancelled or done. */
    state: text("state").notNull().default("running"),
    /** What each recipient gets (core/deliveries.ts DeliveryMessage). */
    message: jsonb("message").$type<Record<string, unknown>>().notNull(),
    /** Who it is for, as chosen (core/audiences.ts Audience): resolved into recipients when it starts. */
    audience: jsonb("audience").$type<Record<string, unknown>>().notNull(),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    /** The API key that created it, when it came over the API. */
    createdByKey: integer("created_by_key").references(() => apiKeys.id),
    /** Idempotency: the same key creates one delivery (a double tap on "send", an API retry). */
    key: text("key").notNull().unique(),
    notBefore: timestamp("not_before", { withTimezone: true }).notNull().defaultNow(),
    /** The issuer's chat message that shows progress: the chat_replies row that sent it. */
    progressReplyId: bigint("progress_reply_id", { mode: "number" }),
    progressAt: timestamp("progress_at", { withTimezone: true }),
    total: integer("total").notNull().default(0),
    sent: integer("sent").notNull().default(0),
    blocked: integer("blocked").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [index("deliveries_state_idx").on(t.state, t.notBefore)],
);

/** One recipient of a delivery: claimed by a sender (a lease), then sent, blocked, failed or cancelled. */
export const deliveryRecipients = pgTable(
  "delivery_recipients",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: bigint("delivery_id", { mode: "number" }).notNull().references(() => deliveries.id),
    userId: bigint("user_id", { mode: "number" }).notNull().references(() => users.id),
    platform: text("platform").notNull(),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    /** The delivery's priority, copied so the claim reads one index in order. */
    priority: integer("priority").notNull(),
    /** pending, sending (claimed), sent, blocked (403), failed (refused for good) or cancelled. */
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    messageId: bigint("message_id", { mode: "number" }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    /** Directives: when the recipient pressed "acknowledge receipt". */
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    /** Directives: reminders sent to this recipient so far (after 24 h, after 72 h; cron/directive-reminders.ts). */
    reminders: integer("reminders").notNull().default(0),
  },
  (t) => [
    uniqueIndex("delivery_recipients_uq").on(t.deliveryId, t.userId),
    index("delivery_recipients_due_idx").on(t.platform, t.priority, t.deliveryId, t.id).where(sql`state = 'pending'`),
    index("delivery_recipients_claimed_idx").on(t.platform, t.claimedUntil).where(sql`state = 'sending'`),
    index("delivery_recipients_user_idx").on(t.userId),
  ],
);

/**
 * Directives (ابلاغیه): a title, a due date and who issued it, over the delivery that carries it to its
 * audience; a forwarded directive points to the one it forwards.
 */
export const directives = pgTable(
  "directives",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: bigint("delivery_id", { mode: "number" }).notNull().unique().references(() => deliveries.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** The issuer's role and region when issued (admin, ministry, provincial), for scoping reads. */
    issuerRole: text("issuer_role").notNull(),
    issuerProvinceId: integer("issuer_province_id").references(() => provinces.id),
    issuerAgencyId: integer("issuer_agency_id").references(() => agencies.id),
    parentId: bigint("parent_id", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [index("directives_parent_idx").on(t.parentId)],
);

/**
 * One bot's send budget, shared by every instance: the time of its next free send slot (a generic cell
 * rate algorithm). An instance reserves a few slots at a time by moving next_at forward.
 */
export const sendBudgets = pgTable("send_budgets", {
  bot: text("bot").primaryKey(),
  nextAt: timestamp("next_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
});

/**
 * Consultations (نظرخواهی, seed 004): a county's assistant asks the network members who use the bot a
 * question, with options or for free text; the question travels as a delivery, answers come back here.
 */
export const consultations = pgTable(
  "consultations",
  {
    id: serial("id").primaryKey(),
    deliveryId: bigint("delivery_id", { mode: "number" }).notNull().unique().references(() => deliveries.id),
    countyId: integer("county_id").notNull().references(() => counties.id),
    provinceId: integer("province_id").notNull().references(() => provinces.id),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    question: text("question").notNull(),
    /** The options to choose from; empty: answered in free text. */
    options: jsonb("options").$type<string[]>().notNull(),
    jYear: integer("j_year").notNull(),
    jMonth: integer("j_month").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("consultations_county_idx").on(t.countyId, t.jYear, t.jMonth)],
);

/** One member's answer to a consultation: the first one counts. */
export const consultationAnswers = pgTable(
  "consultation_answers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    consultationId: integer("consultation_id").notNull().references(() => consultations.id),
    userId: bigint("user_id", { mode: "number" }).notNull().references(() => users.id),
    optionIndex: integer("option_index"),
    text: text("text"),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("consultation_answers_uq").on(t.consultationId, t.userId)],
);

/**
 * One run of a scheduled job for one slot (a day, a month: cron/). The primary key makes a slot run once
 * across instances: whoever inserts the row runs it. `lease_until` bounds a claim: a run whose instance
 * died is taken over when it passes; a failed run waits there for its retry.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    /** The slot's name, e.g. 1405-09-25 for a day or 1405-09 for a month. */
    slot: text("slot").notNull(),
    /** When the slot fell due. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** The instance (INSTANCE_ID) that runs or ran it. */
    claimedBy: text("claimed_by"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** done, failed (gave up after the last attempt) or skipped (superseded by a later slot); null while running or waiting to retry. */
    outcome: text("outcome"),
    /** What the run did, in a line (or why it was skipped). */
    summary: text("summary"),
    /** The last attempt's error. */
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] }), index("job_runs_job_due_idx").on(t.job, t.dueAt)],
);

/**
 * Files the product makes itself (chart images, spreadsheets) to send in chat. A reply or a delivery names
 * one as `{ generated_file: id }`; the sender uploads its bytes the first time and reuses the platform's
 * file id after that (platform_file_ids: platform → file_id), so a report sent to many is uploaded once.
 */
export const generatedFiles = pgTable(
  "generated_files",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    content: bytea("content").notNull(),
    platformFileIds: jsonb("platform_file_ids").$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("generated_files_created_idx").on(t.createdAt)],
);

/**
 * The quarterly complaint analysis (seed 001 §3-1.4) as the scheduled job made it, kept: one per Jalali
 * quarter and scope (scope_key: "system", "agency:<id>" or "province:<id>"), with the figures it was
 * written from, its narrative and the files sent with it.
 */
export const complaintAnalyses = pgTable(
  "complaint_analyses",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The quarter, e.g. 1405-Q3. */
    period: text("period").notNull(),
    scopeKey: text("scope_key").notNull(),
    agencyId: bigint("agency_id", { mode: "number" }).references(() => agencies.id),
    provinceId: bigint("province_id", { mode: "number" }).references(() => provinces.id),
    figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
    narrative: text("narrative").notNull(),
    chartFileIds: jsonb("chart_file_ids").$type<number[]>().notNull().default([]),
    spreadsheetFileId: bigint("spreadsheet_file_id", { mode: "number" }).references(() => generatedFiles.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("complaint_analyses_period_scope_idx").on(t.period, t.scopeKey)],
);

/**
 * The dashboard's way in: a one-time link the bot sends (kind link, 10 minutes) becomes a session cookie
 * (kind session, a working day). Only the SHA-256 of each token is kept.
 */
export const dashboardTokens = pgTable(
  "dashboard_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    kind: text("kind").notNull(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("dashboard_tokens_expires_idx").on(t.expiresAt)],
);
