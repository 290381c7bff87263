import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listProvinces } from "../../../core/catalog.ts";
import { parseMonthLabel, parseQuarterLabel, quarterMonths } from "../../../core/jalali-calendar.ts";
import { agencyCodes, listSubmittedMonthlyReports, listSubmittedQuarterlyReports, provinceOfCounty, shareAgencyOf } from "../../../core/report-listings.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { ApiError } from "./errors.ts";
import { monthlyReportsCsv, monthlyReportJson, quarterlyReportJson, quarterlyReportsCsv } from "./report-views.ts";
import { monthlyReportList, quarterlyReportList, reportListQuery } from "./report-schemas.ts";
import { errors } from "./schemas.ts";

// The popularization network's reports over API v1: the counties' monthly reports and the provinces'
// quarterly reports, as last submitted. An admin key reads them whole; an agency key reads every report
// as its agency's share (core/report-listings.ts decides which), never the texts or other agencies' figures.

const security = [{ bearerAuth: [] }];
const csvContent = { "text/csv": { schema: z.string().meta({ description: "One row per report, UTF-8 with a byte-order mark." }) } };

function wantsCsv(req: FastifyRequest, format: "json" | "csv" | undefined): boolean {
  if (format) return format === "csv";
  return /\btext\/csv\b/i.test(req.headers.accept ?? "");
}

const sendCsv = (reply: FastifyReply, body: Buffer, name: string) =>
  reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`).send(body as never);

async function provinceIdOf(deps: ApiDeps, code: string | undefined): Promise<number | undefined> {
  if (code === undefined) return undefined;
  const province = (await listProvinces(deps)).find((p) => p.code === code.toUpperCase());
  if (!province) throw new ApiError(400, "unknown_province", `province: no province with code ${code}.`);
  return province.id;
}

export async function reportRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/reports/monthly",
    {
      config: { scope: "reports:read" },
      schema: {
        tags: ["reports"],
        summary: "List the counties' monthly reports",
        description:
          "Monthly reports submitted at least once, each as last submitted (its latest version's figures and texts), newest month first. " +
          "An admin key reads them whole; an agency key reads its agency's share only (figures and texts are null). JSON, or CSV with `?format=csv` or `Accept: text/csv`.",
        security,
        querystring: reportListQuery,
        response: { 200: { description: "The reports", content: { "application/json": { schema: monthlyReportList }, ...csvContent } }, ...errors(400) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const quarter = q.period ? parseQuarterLabel(q.period) : null;
      const month = q.period && !quarter ? parseMonthLabel(q.period) : null;
      const months = quarter ? quarterMonths(quarter.jy, quarter.quarter) : month ? [month] : undefined;
      const actor = actorOf(req);
      const rows = await listSubmittedMonthlyReports(deps.db, actor, { months, provinceId: await provinceIdOf(deps, q.province), countyId: q.county });
      if (wantsCsv(req, q.format)) return sendCsv(reply, monthlyReportsCsv(rows, shareAgencyOf(actor) !== null), `monthly-reports${q.period ? `-${q.period}` : ""}`);
      const codes = await agencyCodes(deps.db);
      return { data: rows.map((row) => monthlyReportJson(row, codes)) };
    },
  );

  r.get(
    "/reports/quarterly",
    {
      config: { scope: "reports:read" },
      schema: {
        tags: ["reports"],
        summary: "List the provinces' quarterly reports",
        description:
          "Quarterly reports submitted at least once, each as last submitted, newest quarter first. `period` is a quarter (1405-Q3); `county` selects its province's report. " +
          "An admin key reads them whole; an agency key reads its agency's share only. JSON, or CSV with `?format=csv` or `Accept: text/csv`.",
        security,
        querystring: reportListQuery,
        response: { 200: { description: "The reports", content: { "application/json": { schema: quarterlyReportList }, ...csvContent } }, ...errors(400) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const quarter = q.period ? parseQuarterLabel(q.period) : null;
      if (q.period && !quarter) throw new ApiError(400, "invalid_period", `period: a quarterly report's period is a quarter such as 1405-Q3, not ${q.period}.`);
      let provinceId = await provinceIdOf(deps, q.province);
      if (q.county !== undefined) {
        const ofCounty = await provinceOfCounty(deps.db, q.county);
        if (ofCounty === null) throw new ApiError(400, "unknown_county", `county: no county with id ${q.county}.`);
        if (provinceId !== undefined && provinceId !== ofCounty) throw new ApiError(400, "county_not_in_province", `county: county ${q.county} is not in province ${q.province}.`);
        provinceId = ofCounty;
      }
      const actor = actorOf(req);
      const rows = await listSubmittedQuarterlyReports(deps.db, actor, { jy: quarter?.jy, quarter: quarter?.quarter, provinceId });
      if (wantsCsv(req, q.format)) return sendCsv(reply, quarterlyReportsCsv(rows, shareAgencyOf(actor) !== null), `quarterly-reports${q.period ? `-${q.period}` : ""}`);
      const codes = await agencyCodes(deps.db);
      return { data: rows.map((row) => quarterlyReportJson(row, codes)) };
    },
  );
}
