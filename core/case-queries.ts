import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.ts";
import { CASE_AGENCY_COLUMNS, caseReach, scopeCondition, type Actor } from "./access.ts";
import { agencies, attachments, caseEvents, cases, outbox, surveys, webhookAttempts } from "../db/schema.ts";
import { caseViewOf, caseViewQuery, toEventView, toSurveyView, type CaseDetailView, type CaseView, type CaseViewColumns, type EventView, type SurveyView } from "./case-views.ts";

// Read side of API v1: paged lists of cases, surveys and webhook deliveries as one actor may see them.
// Visibility comes from core/access.ts (an agency key sees the cases it handles and those first filed
// with it; an admin key everything).

/**
 * A position in an ordering by (timestamp, id). The timestamp is Postgres's own text with microseconds:
 * a JavaScript Date keeps milliseconds only, and a rounded cursor would repeat or skip rows.
 */
export interface Position {
  at: string;
  id: number;
}

export interface CaseFilters {
  status?: string;
  kind?: string;
  /** Cases currently handled by this agency (narrows an agency key's own visibility further). */
  agencyId?: number;
  provinceId?: number;
  countyId?: number;
  createdSince?: Date;
  updatedSince?: Date;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; null on the last page. */
  next: Position | null;
}

// UTC text with microseconds; `::timestamptz` reads it back exactly.
const positionText = (column: SQL | typeof cases.updatedAt) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A prepared statement's rows as the driver returns them, without drizzle's mapping into the selected
 * shape (see CaseViewColumns). drizzle's shared PgPreparedQuery type lacks all(); the PGlite and
 * postgres.js sessions both implement it.
 */
function rawRows<T>(statement: { execute(values?: Record<string, unknown>): Promise<unknown> }, values: Record<string, unknown>): Promise<T[]> {
  return (statement as unknown as { all(values: Record<string, unknown>): Promise<T[]> }).all(values);
}

/**
 * One page of cases ordered by (updated_at, id), oldest change first, so a back-end that follows the
 * cursor also sees cases changed while it pages (they move to the end). Two queries: the page's ids
 * through the (agency_id, updated_at, id) or (updated_at, id) index, then the 50-odd views by id.
 * Both run as prepared statements: planning the seven-table view join costs more than running it.
 */
export async function listCases(db: Db, actor: Actor, f: CaseFilters, page: { after: Position | null; limit: number }): Promise<Page<CaseView>> {
  const values: Record<string, unknown> = {
    status: f.status,
    kind: f.kind,
    agencyFilter: f.agencyId,
    province: f.provinceId,
    county: f.countyId,
    createdSince: f.createdSince?.toISOString(),
    updatedSince: f.updatedSince?.toISOString(),
    afterAt: page.after?.at,
    afterId: page.after?.id,
    take: page.limit + 1,
  };
  const reach = caseReach(actor, "read");
  if ("agencyId" in reach) values.agency = reach.agencyId;
  const statement = "condition" in reach ? preparePageIds(db, usedFilters(values), reach.condition) : pageIdsStatement(db, values);
  const ids = (await rawRows<{ id: number | string; pos: string }>(statement, values)).map((r) => ({ id: Number(r.id), pos: r.pos }));
  const more = ids.length > page.limit;
  const pageIds = more ? ids.slice(0, page.limit) : ids;
  if (pageIds.length === 0) return { items: [], next: null };
  const rows = await rawRows<CaseViewColumns>(viewsById(db), { ids: pageIds.map((r) => r.id) });
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const now = new Date();
  const items = pageIds.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [caseViewOf(row, now)] : [];
  });
  const last = pageIds[pageIds.length - 1];
  return { items, next: more ? { at: last.pos, id: last.id } : null };
}

// The page's ids, as one prepared statement per combination of filters (at most a few hundred): building
// a drizzle query costs about as much as running it, so each shape is built once per database handle.
const p = (name: string) => sql.placeholder(name);
const FILTERS: [string, () => SQL][] = [
  ["status", () => sql`${cases.status} = ${p("status")}`],
  ["kind", () => sql`${cases.kind} = ${p("kind")}`],
  ["agencyFilter", () => sql`${cases.agencyId} = ${p("agencyFilter")}`],
  ["province", () => sql`${cases.provinceId} = ${p("province")}`],
  ["county", () => sql`${cases.countyId} = ${p("county")}`],
  ["createdSince", () => sql`${cases.createdAt} >= ${p("createdSince")}::timestamptz`],
  ["updatedSince", () => sql`${cases.updatedAt} >= ${p("updatedSince")}::timestamptz`],
  ["afterAt", () => sql`(${cases.updatedAt}, ${cases.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::bigint)`],
];

const usedFilters = (values: Record<string, unknown>) => FILTERS.map(([name]) => name).filter((name) => values[name] !== undefined);

/** visibility: "agency" (the actor's agency as the `agency` placeholder), "all", or a condition of its own. */
function preparePageIds(db: Db, used: string[], visibility: "agency" | "all" | SQL) {
  const conds = FILTERS.filter(([name]) => used.includes(name)).map(([, make]) => make());
  const walk = (visibility: SQL | undefined) =>
    db
      .select({ id: cases.id, updatedAt: cases.updatedAt, pos: positionText(cases.updatedAt).as("pos") })
      .from(cases)
      .where(and(visibility, ...conds))
      .orderBy(asc(cases.updatedAt), asc(cases.id))
      .limit(p("take"));
  if (visibility !== "agency") return walk(visibility === "all" ? undefined : visibility).prepare("api_case_page_ids");
  // An OR of the two agency columns cannot walk one index in order; a UNION ALL of two ordered, limited
  // walks can (the second is disjoint from the first: referred cases no longer with the agency).
  const [handling, firstFiled] = CASE_AGENCY_COLUMNS;
  return walk(sql`${handling} = ${p("agency")}`)
    .unionAll(walk(sql`${firstFiled} = ${p("agency")} and ${handling} <> ${p("agency")}`))
    .orderBy(asc(cases.updatedAt), asc(cases.id))
    .limit(p("take"))
    .prepare("api_case_page_ids");
}

const pageIdStatements = new WeakMap<Db, Map<string, ReturnType<typeof preparePageIds>>>();
function pageIdsStatement(db: Db, values: Record<string, unknown>) {
  const used = usedFilters(values);
  const agencyScoped = values.agency !== undefined;
  const key = `${agencyScoped ? "agency" : "all"}:${used.join(",")}`;
  let byShape = pageIdStatements.get(db);
  if (!byShape) pageIdStatements.set(db, (byShape = new Map()));
  let statement = byShape.get(key);
  if (!statement) byShape.set(key, (statement = preparePageIds(db, used, agencyScoped ? "agency" : "all")));
  return statement;
}

function prepareViewsById(db: Db) {
  return caseViewQuery(db).where(sql`${cases.id} = any(${sql.placeholder("ids")}::bigint[])`).prepare("api_case_views_by_id");
}
const viewStatements = new WeakMap<Db, ReturnType<typeof prepareViewsById>>();
/** The view query for a list of ids, prepared once per database handle. */
function viewsById(db: Db) {
  let statement = viewStatements.get(db);
  if (!statement) viewStatements.set(db, (statement = prepareViewsById(db)));
  return statement;
}

/**
 * One case as caseDetailView (core/case-views.ts) shows it, through prepared statements: the API's
 * hot path for GET /v1/cases/{code}. Prepared statements belong to the root connection pool, so code
 * inside a transaction (webhook payloads in notifyAgency) must keep using caseDetailView — on PGlite a
 * prepared query from inside a transaction would wait for its own connection forever.
 */
export async function caseDetailById(db: Db, caseId: number): Promise<CaseDetailView | null> {
  const [row] = await rawRows<CaseViewColumns>(viewsById(db), { ids: [caseId] });
  if (!row) return null;
  const eventAgency = alias(agencies, "event_agency");
  const [events, files, [survey]] = await Promise.all([
    db
      .select({ e: caseEvents, agencyCode: eventAgency.code })
      .from(caseEvents)
      .leftJoin(eventAgency, eq(eventAgency.id, caseEvents.agencyId))
      .where(eq(caseEvents.caseId, caseId))
      .orderBy(asc(caseEvents.id))
      .prepare("api_case_events")
      .execute(),
    db.select().from(attachments).where(eq(attachments.caseId, caseId)).orderBy(asc(attachments.id)).prepare("api_case_attachments").execute(),
    db.select().from(surveys).where(eq(surveys.caseId, caseId)).prepare("api_case_survey").execute(),
  ]);
  return {
    ...caseViewOf(row),
    events: events.map(({ e, agencyCode }) => toEventView(e, agencyCode)),
    attachments: files.map((f) => ({ id: f.id, kind: f.kind, mime_type: f.mimeType, file_name: f.fileName, file_size: f.fileSize })),
    survey: survey ? toSurveyView(survey) : null,
  };
}

/** An attachment with its case's platform, if the actor may read its case; null otherwise. */
export async function attachmentVisibleTo(db: Db, id: number, actor: Actor) {
  const [row] = await db
    .select({ a: attachments })
    .from(attachments)
    .innerJoin(cases, eq(cases.id, attachments.caseId))
    .where(and(eq(attachments.id, id), scopeCondition(actor, "case", "read")));
  return row?.a ?? null;
}

/** An event as the API shows it, with the code of the agency that posted it. */
export async function eventViewById(db: Db, id: number): Promise<EventView | null> {
  const [row] = await db
    .select({ e: caseEvents, code: agencies.code })
    .from(caseEvents)
    .leftJoin(agencies, eq(agencies.id, caseEvents.agencyId))
    .where(eq(caseEvents.id, id));
  return row ? toEventView(row.e, row.code) : null;
}

export interface SurveyResultView extends SurveyView {
  case_code: string;
  agency: string;
}

/** Answered surveys of visible cases, by (answered_at, id), oldest first. */
export async function listSurveys(db: Db, actor: Actor, f: { answeredSince?: Date }, page: { after: Position | null; limit: number }): Promise<Page<SurveyResultView>> {
  const rows = await db
    .select({ s: surveys, code: cases.trackingCode, agency: agencies.code, pos: sql<string>`${positionText(sql`${surveys.answeredAt}`)}` })
    .from(surveys)
    .innerJoin(cases, eq(cases.id, surveys.caseId))
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(
      and(
        isNotNull(surveys.answeredAt),
        scopeCondition(actor, "case", "read"),
        f.answeredSince ? sql`${surveys.answeredAt} >= ${f.answeredSince.toISOString()}::timestamptz` : undefined,
        page.after ? sql`(${surveys.answeredAt}, ${surveys.id}) > (${page.after.at}::timestamptz, ${page.after.id}::bigint)` : undefined,
      ),
    )
    .orderBy(asc(surveys.answeredAt), asc(surveys.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown[shown.length - 1];
  return {
    items: shown.map((r) => ({ case_code: r.code, agency: r.agency, ...toSurveyView(r.s) })),
    next: more && last ? { at: last.pos, id: last.s.id } : null,
  };
}

export interface DeliveryAttemptView {
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export interface DeliveryView {
  id: number;
  /** The id the receiver sees in the body (de-duplicate by it). */
  delivery_id: string | null;
  event: string | null;
  agency: string | null;
  case_code: string | null;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
  attempts: DeliveryAttemptView[];
}

const deliveryScope = (actor: Actor) => and(eq(outbox.kind, "agency_webhook"), scopeCondition(actor, "delivery", "read"));

/** Webhook deliveries the actor may read (an agency key its own, admins all), newest first, with every attempt. */
export async function listDeliveries(db: Db, actor: Actor, f: { status?: string; event?: string }, page: { beforeId: number | null; limit: number }): Promise<{ items: DeliveryView[]; nextBeforeId: number | null }> {
  const rows = await deliveryRows(
    db,
    and(
      deliveryScope(actor),
      f.status ? eq(outbox.status, f.status) : undefined,
      f.event ? eq(outbox.event, f.event) : undefined,
      page.beforeId !== null ? lt(outbox.id, page.beforeId) : undefined,
    ),
    page.limit + 1,
  );
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  return { items, nextBeforeId: more ? items[items.length - 1].id : null };
}

/** One delivery if the actor may read it. */
export async function deliveryVisibleTo(db: Db, id: number, actor: Actor): Promise<DeliveryView | null> {
  const [row] = await deliveryRows(db, and(deliveryScope(actor), eq(outbox.id, id)), 1);
  return row ?? null;
}

async function deliveryRows(db: Db, where: SQL | undefined, limit: number): Promise<DeliveryView[]> {
  const rows = await db
    .select({ o: outbox, agency: agencies.code, code: cases.trackingCode })
    .from(outbox)
    .leftJoin(agencies, eq(agencies.id, outbox.agencyId))
    .leftJoin(cases, eq(cases.id, outbox.caseId))
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.outboxId, rows.map((r) => r.o.id)))
    .orderBy(asc(webhookAttempts.outboxId), asc(webhookAttempts.id));
  const byItem = new Map<number, DeliveryAttemptView[]>();
  for (const a of attempts) {
    const list = byItem.get(a.outboxId) ?? [];
    list.push({ attempt: a.attempt, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs, created_at: a.createdAt.toISOString() });
    byItem.set(a.outboxId, list);
  }
  return rows.map(({ o, agency, code }) => ({
    id: o.id,
    delivery_id: typeof o.payload.id === "string" ? o.payload.id : null,
    event: o.event,
    agency,
    case_code: code,
    status: o.status,
    attempt_count: o.attempts,
    next_attempt_at: o.status === "pending" ? o.nextAttemptAt.toISOString() : null,
    last_error: o.lastError,
    created_at: o.createdAt.toISOString(),
    done_at: o.doneAt ? o.doneAt.toISOString() : null,
    attempts: byItem.get(o.id) ?? [],
  }));
}
