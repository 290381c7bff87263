import { drizzle } from "drizzle-orm/postgres-js";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import postgres from "postgres";
import { isOverdue } from "../../core/deadlines.ts";
import type { Db } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";

// The ceiling of API v1's page of 50: a bare Fastify route that sends the statements API v1 sends for
// that page (captured from API v1 itself by captureStatements, text and parameters) through postgres.js,
// and answers the same JSON with Fastify's default JSON.stringify. No key check, no validation, no ORM,
// no response schema: what is left is the database work and HTTP, the least the page can cost in this
// process layout. bench/api.ts checks that both answer the same body before it measures either.

export interface CapturedPage {
  /** The statement that picks the page's ids and positions, with the parameters API v1 bound. */
  pageIds: { sql: string; params: unknown[] };
  /** The case views by id; its one parameter is the array of ids. */
  viewsById: string;
  /** Rows asked for by pageIds: the page size plus one (to know whether there is a next page). */
  take: number;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statements API v1 sends for each of `times` identical GETs, seen through postgres.js's debug hook
 * on a pool of its own (a second app on it, driven with inject), so the ceiling runs exactly that SQL.
 */
export async function captureStatements(databaseUrl: string, pathAndQuery: string, headers: Record<string, string>, times: number): Promise<Statement[][]> {
  let current: Statement[] = [];
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {}, debug: (_connection, query, params) => void current.push({ sql: query, params }) });
  const captureApp = await buildApp({ db: drizzle({ client, schema }) as unknown as Db, logger: pino({ level: "silent" }) });
  const perRequest: Statement[][] = [];
  try {
    // The connection's own first statements (postgres.js reads the server's array types) are not API v1's.
    await client`select 1`;
    for (let i = 0; i < times; i++) {
      current = [];
      const res = await captureApp.inject({ url: pathAndQuery, headers });
      if (res.statusCode !== 200) throw new Error(`capturing ${pathAndQuery}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      perRequest.push(current);
    }
  } finally {
    await captureApp.close();
    await client.end({ timeout: 5 });
  }
  return perRequest;
}

export const isKeyLookup = (s: Statement) => /"api_keys"/.test(s.sql);
export const firstWords = (s: Statement) => s.sql.replace(/\s+/g, " ").replace(/^\(/, "").slice(0, 60) + "…";

/** The page's two data statements (ids, then views by id) out of what API v1 sent. */
export function ceilingPage(statements: Statement[], limit: number): CapturedPage {
  const data = statements.filter((s) => !isKeyLookup(s));
  const [pageIds, views] = data;
  if (data.length !== 2 || !/= any\(\$1::bigint\[\]\)/.test(views.sql)) {
    throw new Error(`API v1 now sends ${data.length} data statements for a page (${data.map(firstWords).join(" | ")}); update bench/reference/api-ceiling.ts to match`);
  }
  return { pageIds: { sql: pageIds.sql, params: pageIds.params }, viewsById: views.sql, take: limit + 1 };
}

type Row = readonly unknown[];

/** Column positions in the views statement, read from its select list ("table"."column"). */
function columnPositions(viewsSql: string): (qualified: string) => number {
  const selectList = viewsSql.slice(0, viewsSql.indexOf(" from "));
  const names = [...selectList.matchAll(/"(\w+)"\."(\w+)"/g)].map((m) => `${m[1]}.${m[2]}`);
  return (qualified) => {
    const i = names.indexOf(qualified);
    if (i < 0) throw new Error(`the captured views statement has no column ${qualified}; update bench/reference/api-ceiling.ts`);
    return i;
  };
}

/** Maps a positional row of the views statement to the JSON of a case, as core/case-views.ts does. */
function caseMapper(viewsSql: string) {
  const at = columnPositions(viewsSql);
  const c = (name: string) => at(`cases.${name}`);
  const i = {
    id: c("id"), code: c("tracking_code"), kind: c("kind"), status: c("status"), channel: c("channel"), subject: c("subject"), description: c("description"),
    agencyCode: at("agencies.code"), agencyFa: at("agencies.name_fa"), agencyEn: at("agencies.name_en"), originalCode: at("original_agency.code"),
    topicCode: at("agency_topics.code"), topicFa: at("agency_topics.name_fa"), topicEn: at("agency_topics.name_en"),
    provinceCode: at("provinces.code"), provinceFa: at("provinces.name_fa"), provinceEn: at("provinces.name_en"),
    countyId: at("counties.id"), countyFa: at("counties.name_fa"), countyEn: at("counties.name_en"),
    latitude: c("latitude"), longitude: c("longitude"), address: c("address"), anonymous: c("anonymous"), citizenName: at("users.first_name"),
    phone: c("contact_phone"), phoneVerified: c("contact_phone_verified"), nationalId: c("national_id"), awaitingInfo: c("awaiting_info"),
    expectedAt: c("expected_at"), closedAt: c("closed_at"), createdAt: c("created_at"), updatedAt: c("updated_at"),
  };
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    idOf: (r: Row) => String(r[i.id]),
    toJson(r: Row, now: Date) {
      const agencyCode = r[i.agencyCode] as string;
      const expectedAt = (r[i.expectedAt] as Date | null) ?? null;
      const closedAt = (r[i.closedAt] as Date | null) ?? null;
      return {
        code: r[i.code], kind: r[i.kind], status: r[i.status], channel: r[i.channel], subject: r[i.subject], description: r[i.description],
        agency: { code: agencyCode, name_fa: r[i.agencyFa], name_en: r[i.agencyEn] },
        original_agency: r[i.originalCode] && r[i.originalCode] !== agencyCode ? r[i.originalCode] : null,
        topic: r[i.topicCode] ? { code: r[i.topicCode], name_fa: r[i.topicFa], name_en: r[i.topicEn] } : null,
        province: { code: r[i.provinceCode], name_fa: r[i.provinceFa], name_en: r[i.provinceEn] },
        county: { id: r[i.countyId], name_fa: r[i.countyFa], name_en: r[i.countyEn] },
        location: { latitude: r[i.latitude], longitude: r[i.longitude], address: r[i.address] },
        anonymous: r[i.anonymous],
        citizen: r[i.anonymous] ? null : { name: r[i.citizenName], phone: r[i.phone], phone_verified: r[i.phoneVerified], national_id: r[i.nationalId] },
        awaiting_info: r[i.awaitingInfo],
        expected_at: iso(expectedAt),
        overdue: isOverdue({ expectedAt, closedAt }, now),
        closed_at: iso(closedAt),
        created_at: iso(r[i.createdAt]),
        updated_at: iso(r[i.updatedAt]),
      };
    },
  };
}

/** Starts the ceiling on a free port: GET /page answers the captured page of API v1. */
export async function startApiCeiling(o: { databaseUrl: string; poolSize: number; page: CapturedPage }): Promise<{ app: FastifyInstance; port: number; close(): Promise<void> }> {
  const sql = postgres(o.databaseUrl, { max: o.poolSize, onnotice: () => {} });
  const mapper = caseMapper(o.page.viewsById);
  const limit = o.page.take - 1;
  const app = Fastify({ logger: false });
  app.get("/page", async () => {
    // prepare: true, as API v1's prepared statements: parsed and planned once per connection. The
    // page's rows are (id, updated_at, pos), pos being the cursor's text of updated_at.
    const ids = (await sql.unsafe(o.page.pageIds.sql, o.page.pageIds.params as never[], { prepare: true }).values()) as Row[];
    const shown = ids.length > limit ? ids.slice(0, limit) : ids;
    if (shown.length === 0) return { data: [], next_cursor: null };
    const rows = (await sql.unsafe(o.page.viewsById, [shown.map((r) => String(r[0]))] as never[], { prepare: true }).values()) as Row[];
    const byId = new Map(rows.map((r) => [mapper.idOf(r), r]));
    const now = new Date();
    const data = shown.flatMap((r) => {
      const row = byId.get(String(r[0]));
      return row ? [mapper.toJson(row, now)] : [];
    });
    const last = shown[shown.length - 1];
    const next_cursor = ids.length > limit ? Buffer.from(JSON.stringify([last[2], Number(last[0])])).toString("base64url") : null;
    return { data, next_cursor };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    port,
    async close() {
      await app.close();
      await sql.end({ timeout: 5 });
    },
  };
}
