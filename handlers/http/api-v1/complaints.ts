import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { caseFigures, type CaseFigures } from "../../../core/case-figures.ts";
import { analysisScopeKey, keptAnalysis } from "../../../core/complaint-analyses.ts";
import { listAgencies, listProvinces } from "../../../core/catalog.ts";
import { monthRange, parseQuarterLabel, quarterMonths } from "../../../core/jalali-calendar.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { ANALYSIS_HEADER, analysisRows } from "../../../core/complaint-analysis-sheet.ts";
import { csvStream, onePage, xlsxStream, XLSX } from "../../../core/spreadsheets.ts";
import { translator } from "../../../bot/translator.ts";
import { ApiError } from "./errors.ts";
import { errors } from "./schemas.ts";

// The complaint analysis of a Jalali quarter (seed 001 §3-1.4) over API v1, computed on demand from the
// cases the key may count: an agency key its own agency's, an admin key any agency or province. A quarter
// without cases answers its empty figures.

const query = z.object({
  period: z.string().max(16).meta({ description: "A Jalali quarter, 1405-Q3 (Persian digits accepted)." }),
  agency: z.string().max(64).optional().meta({ description: "Agency code (an agency key: its own only)." }),
  province: z.string().max(16).optional().meta({ description: "Province code, e.g. THR." }),
  format: z.enum(["json", "csv", "xlsx"]).optional().meta({ description: "csv (UTF-8 with a byte-order mark; also chosen by `Accept: text/csv`) or xlsx." }),
});

const named = z.object({ id: z.number(), name_fa: z.string(), name_en: z.string(), n: z.number() });
const analysis = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    agency: z.string().nullable(),
    province: z.string().nullable(),
    filed: z.number(),
    by_kind: z.record(z.string(), z.number()),
    by_agency: z.array(named),
    by_topic: z.array(named),
    by_province: z.array(named),
    by_county: z.array(named),
    answered: z.number(),
    resolved: z.number(),
    unresolved: z.number(),
    not_responsible: z.number(),
    duplicate: z.number(),
    answered_in_time_share: z.number().nullable(),
    response_working_days: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
    overdue_now: z.number(),
    referrals: z.number(),
    surveys: z.object({ asked: z.number(), answered: z.number(), response_rate: z.number().nullable(), solved_share: z.number().nullable(), mean_rating: z.number().nullable() }),
    objections: z.number(),
    reopened: z.number(),
    causes: z.object({ by_cause: z.record(z.string(), z.number()), uncaused: z.number(), frequent_terms: z.array(z.object({ term: z.string(), n: z.number() })) }),
    growing_topics: z.array(z.object({ id: z.number(), name_fa: z.string(), name_en: z.string(), now: z.number(), before: z.number() })),
    kept_at: z.string().nullable().meta({ description: "When the quarterly job made and sent this analysis; null when computed now (the job has not run for it, or no job covers this combination)." }),
  })
  .meta({ id: "ComplaintAnalysis" });

const namedJson = (x: { id: number; fa: string; en: string; n: number }) => ({ id: x.id, name_fa: x.fa, name_en: x.en, n: x.n });

function analysisJson(f: CaseFigures, head: { period: string; from: Date; to: Date; agency: string | null; province: string | null }): Omit<z.input<typeof analysis>, "kept_at"> {
  return {
    period: head.period,
    from: head.from.toISOString(),
    to: head.to.toISOString(),
    agency: head.agency,
    province: head.province,
    filed: f.filed,
    by_kind: f.byKind,
    by_agency: f.byAgency.map(namedJson),
    by_topic: f.byTopic.map(namedJson),
    by_province: f.byProvince.map(namedJson),
    by_county: f.byCounty.map(namedJson),
    answered: f.answered,
    resolved: f.resolved,
    unresolved: f.unresolved,
    not_responsible: f.notResponsible,
    duplicate: f.duplicate,
    answered_in_time_share: f.answeredInTimeShare,
    response_working_days: f.responseDays,
    overdue_now: f.overdueNow,
    referrals: f.referrals,
    surveys: { asked: f.surveys.asked, answered: f.surveys.answered, response_rate: f.surveys.responseRate, solved_share: f.surveys.solvedShare, mean_rating: f.surveys.meanRating },
    objections: f.objections,
    reopened: f.reopened,
    causes: { by_cause: f.causes.byCause, uncaused: f.causes.uncaused, frequent_terms: f.causes.frequentTerms },
    growing_topics: f.growingTopics.map((t) => ({ id: t.id, name_fa: t.fa, name_en: t.en, now: t.now, before: t.before })),
  };
}

const sheetRows = (f: CaseFigures) => analysisRows(f, translator("fa"), translator("en"));

export async function complaintRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/reports/complaints",
    {
      config: { scope: "reports:read" },
      schema: {
        tags: ["reports"],
        summary: "The quarterly complaint analysis",
        description:
          "Figures of the cases filed in a Jalali quarter (seed 001 §3-1.4): by kind, agency, topic and region; answered, within the deadline, response time in working days; " +
          "overdue now; referrals; surveys; objections and reopened cases; the causes agencies gave when closing and the frequent words of the rest; the topics that grew. " +
          "An agency key reads its own agency's; an admin key any, narrowed by `agency` and `province`. JSON, CSV (`?format=csv` or `Accept: text/csv`) or XLSX (`?format=xlsx`).",
        security: [{ bearerAuth: [] }],
        querystring: query,
        response: { 200: { description: "The analysis", content: { "application/json": { schema: analysis }, "text/csv": { schema: z.string() }, [XLSX]: { schema: z.string().meta({ format: "binary" }) } } }, ...errors(400) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const quarter = parseQuarterLabel(q.period);
      if (!quarter) throw new ApiError(400, "invalid_period", `period: "${q.period}" is not a Jalali quarter such as 1405-Q3.`);
      const actor = actorOf(req);
      const agency = q.agency === undefined ? undefined : (await listAgencies(deps)).find((a) => a.code === q.agency);
      if (q.agency !== undefined && !agency) throw new ApiError(400, "unknown_agency", `agency: no agency with code ${q.agency}.`);
      if (agency && actor.kind === "agency_key" && agency.id !== actor.agencyId) throw new ApiError(400, "foreign_agency", "agency: an agency key reads its own agency's analysis only.");
      const province = q.province === undefined ? undefined : (await listProvinces(deps)).find((p) => p.code === q.province!.toUpperCase());
      if (q.province !== undefined && !province) throw new ApiError(400, "unknown_province", `province: no province with code ${q.province}.`);
      const months = quarterMonths(quarter.jy, quarter.quarter);
      const period = { from: monthRange(months[0]).from, to: monthRange(months[2]).to };
      const label = `${quarter.jy}-Q${quarter.quarter}`;
      // The analysis the quarterly job kept, when this is one of its scopes: the figures it was sent with.
      const agencyId = agency?.id ?? (actor.kind === "agency_key" ? actor.agencyId : undefined);
      // A key limited to a unit counts its unit's region only: the agency-wide kept analysis is not its to read.
      const limited = actor.kind === "agency_key" && actor.unit !== undefined;
      const scopeKey = limited || (agencyId !== undefined && province) ? null : analysisScopeKey({ agencyId, provinceId: province?.id });
      const kept = scopeKey ? await keptAnalysis(deps.db, label, scopeKey) : null;
      const figures = kept?.figures ?? (await caseFigures(deps.db, actor, { ...period, agencyId: agency?.id, provinceId: province?.id }, { holidays: deps.holidays }));
      const body = { ...analysisJson(figures, { period: label, ...period, agency: agency?.code ?? null, province: province?.code ?? null }), kept_at: kept?.createdAt.toISOString() ?? null };
      const name = `complaints-${body.period}`;
      if (q.format === "xlsx") return reply.header("content-type", XLSX).header("content-disposition", `attachment; filename="${name}.xlsx"`).send(xlsxStream("complaints", ANALYSIS_HEADER, onePage(sheetRows(figures))) as never);
      const csv = q.format ? q.format === "csv" : /\btext\/csv\b/i.test(req.headers.accept ?? "");
      if (csv) return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`).send(csvStream(ANALYSIS_HEADER, onePage(sheetRows(figures))) as never);
      return body;
    },
  );
}
