import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { caseVisibleTo } from "../../../core/case-events.ts";
import { caseDetailById, listCases, type CaseFilters } from "../../../core/case-queries.ts";
import { listProvinces } from "../../../core/catalog.ts";
import { parseTrackingCode } from "../../../core/tracking-code.ts";
import { agencies } from "../../../db/schema.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { decodePositionCursor, encodePositionCursor } from "./cursor.ts";
import { ApiError } from "./errors.ts";
import { caseCodeParams, caseDetail, caseListQuery, casePage, errors } from "./schemas.ts";

const security = [{ bearerAuth: [] }];

/** A case the key cannot see answers exactly like one that does not exist. */
export const caseNotFound = (code: string) => new ApiError(404, "case_not_found", `No case ${code} is visible to this API key.`);

/** The tracking code in a path, in any digit script; null when it cannot be one. */
export function trackingCodeParam(raw: string): string | null {
  const parsed = parseTrackingCode(raw);
  return parsed.ok ? parsed.code : null;
}

export async function caseRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/cases",
    {
      config: { scope: "cases:read" },
      schema: {
        tags: ["cases"],
        summary: "List cases",
        description:
          "Cases this key may see (its agency's and those it referred elsewhere; an admin key: all), ordered by (updated_at, id), oldest change first. " +
          "Follow next_cursor to the end; a case changed meanwhile moves to the end and is seen again. To sync, remember the newest updated_at you saw and pass it (minus a few seconds) as updated_since next time.",
        security,
        querystring: caseListQuery,
        response: { 200: casePage, ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const filters: CaseFilters = { status: q.status, kind: q.kind, countyId: q.county };
      if (q.agency !== undefined) {
        const [agency] = await deps.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, q.agency));
        if (!agency) throw new ApiError(400, "unknown_agency", `agency: no agency with code ${q.agency}.`);
        filters.agencyId = agency.id;
      }
      if (q.province !== undefined) {
        const code = q.province.toUpperCase();
        const province = (await listProvinces(deps)).find((p) => p.code === code);
        if (!province) throw new ApiError(400, "unknown_province", `province: no province with code ${q.province}.`);
        filters.provinceId = province.id;
      }
      if (q.created_since !== undefined) filters.createdSince = new Date(q.created_since);
      if (q.updated_since !== undefined) filters.updatedSince = new Date(q.updated_since);
      const page = await listCases(deps.db, actorOf(req), filters, { after: decodePositionCursor(q.cursor), limit: q.limit });
      return { data: page.items, next_cursor: encodePositionCursor(page.next) };
    },
  );

  r.get(
    "/cases/:code",
    {
      config: { scope: "cases:read" },
      schema: {
        tags: ["cases"],
        summary: "Get one case",
        description: "The case with its events (oldest first), attachments and survey. A case this key may not see answers 404 like an unknown code.",
        security,
        params: caseCodeParams,
        response: { 200: caseDetail, ...errors(400, 404) },
      },
    },
    async (req) => {
      const code = trackingCodeParam(req.params.code);
      if (!code) throw caseNotFound(req.params.code);
      const c = await caseVisibleTo(deps.db, code, actorOf(req));
      const view = c && (await caseDetailById(deps.db, c.id));
      if (!view) throw caseNotFound(code);
      return view;
    },
  );
}
