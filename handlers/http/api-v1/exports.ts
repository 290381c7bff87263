import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiScope } from "../../../core/api-keys.ts";
import { EXPORT_SLUGS, exportOf, type ExportKind } from "../../../core/exports.ts";
import { parseTehranTime } from "../../../core/jalali-calendar.ts";
import { parsePeriod, type PeriodKind } from "../../../core/jalali-periods.ts";
import { csvStream, xlsxStream, XLSX } from "../../../core/spreadsheets.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { ApiError } from "./errors.ts";
import { errors } from "./schemas.ts";

// Exports over API v1: cases, surveys, monthly and quarterly reports of a period as CSV or XLSX, streamed.
// Each export scopes itself for the key (core/exports.ts); a route only reads the period and the format.

const query = z.object({
  period: z.string().max(16).optional().meta({ description: "A Jalali month (1405-09), quarter (1405-Q3) or year (1405); Persian digits are accepted." }),
  from: z.string().max(40).optional().meta({ description: "Instead of period: from (ISO 8601, or a Jalali date)…" }),
  to: z.string().max(40).optional().meta({ description: "…to (exclusive)." }),
  format: z.enum(["csv", "xlsx"]).optional().meta({ description: "csv (UTF-8 with a byte-order mark) or xlsx; without it, `Accept` chooses, and CSV is the default." }),
});
type Query = z.infer<typeof query>;

const PERIOD_NAMES: Record<PeriodKind, string> = { month: "a Jalali month (1405-09)", quarter: "a quarter (1405-Q3)", year: "a year (1405)" };
const ALL_PERIODS: PeriodKind[] = ["month", "quarter", "year"];

function rangeOf(q: Query, periods: PeriodKind[]): { from: Date; to: Date; label: string } {
  const accepted = periods.map((k) => PERIOD_NAMES[k]).join(", ");
  if (q.period) {
    const period = parsePeriod(q.period);
    if (!period) throw new ApiError(400, "invalid_period", `period: "${q.period}" is not ${accepted}.`);
    if (!periods.includes(period.kind)) throw new ApiError(400, "invalid_period", `period: this export takes ${accepted}, not ${PERIOD_NAMES[period.kind]}.`);
    return period;
  }
  const from = q.from ? parseTehranTime(q.from) : null;
  const to = q.to ? parseTehranTime(q.to) : null;
  if (!from || !to) throw new ApiError(400, "invalid_period", `Give period (${accepted}), or both from and to (ISO 8601 or Jalali dates).`);
  if (to <= from) throw new ApiError(400, "invalid_period", "to must come after from.");
  return { from, to, label: `${from.toISOString().slice(0, 10)}_${to.toISOString().slice(0, 10)}` };
}

function wantsXlsx(q: Query, req: FastifyRequest): boolean {
  if (q.format) return q.format === "xlsx";
  return (req.headers.accept ?? "").includes(XLSX);
}

interface ExportRoute {
  kind: ExportKind;
  scope: ApiScope;
  summary: string;
  description: string;
  periods?: PeriodKind[];
}

const ROUTES: ExportRoute[] = [
  {
    kind: "cases",
    scope: "cases:read",
    summary: "Export cases as CSV or XLSX",
    description:
      "The cases this key may read, filed in a period, one row each: tracking code, kind, status, agency, topic, province, county, subject, channel, " +
      "filing time, deadline and closing time in Jalali and ISO, close cause. No description or contact details.",
  },
  {
    kind: "surveys",
    scope: "surveys:read",
    summary: "Export satisfaction surveys as CSV or XLSX",
    description:
      "The surveys of the cases this key may read, asked in a period, answered or not, one row each: tracking code, kind, agency, topic, province, county, " +
      "asked and answered times in Jalali and ISO, solved (yes, no, unknown), rating (1-5), objected, and the citizen's comment.",
  },
  {
    kind: "monthly_reports",
    scope: "reports:read",
    summary: "Export the counties' monthly reports as CSV or XLSX",
    description:
      "Monthly reports submitted at least once, of the months that start in the period, one row each as last submitted: period, province, county, status, version, " +
      "submitted and reviewed times in Jalali and ISO, and the figures and texts. An agency key gets its agency's share of the figures only, and no texts.",
  },
  {
    kind: "quarterly_reports",
    scope: "reports:read",
    periods: ["quarter", "year"],
    summary: "Export the provinces' quarterly reports as CSV or XLSX",
    description:
      "Quarterly reports submitted at least once, of the quarters that start in the period, one row each as last submitted: period, province, status, version, " +
      "submitted time in Jalali and ISO, and the figures and texts. An agency key gets its agency's share of the figures only, and no texts.",
  },
];

export async function exportRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  for (const route of ROUTES) {
    app.withTypeProvider<ZodTypeProvider>().get(
      `/exports/${EXPORT_SLUGS[route.kind]}`,
      {
        config: { scope: route.scope },
        schema: {
          tags: ["exports"],
          summary: route.summary,
          description: `${route.description} Persian headers; streamed, whatever its size.`,
          security: [{ bearerAuth: [] }],
          querystring: query,
          response: {
            200: { description: "The spreadsheet", content: { "text/csv": { schema: z.string() }, [XLSX]: { schema: z.string().meta({ format: "binary" }) } } },
            ...errors(400),
          },
        },
      },
      async (req, reply) => {
        const range = rangeOf(req.query, route.periods ?? ALL_PERIODS);
        const sheet = exportOf(deps.db, actorOf(req), route.kind, range);
        const header = sheet.columns.map((c) => c.fa);
        const name = `${EXPORT_SLUGS[route.kind]}-${range.label}`;
        if (wantsXlsx(req.query, req)) {
          return reply.header("content-type", XLSX).header("content-disposition", `attachment; filename="${name}.xlsx"`).send(xlsxStream(sheet.sheet, header, sheet.pages) as never);
        }
        return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`).send(csvStream(header, sheet.pages) as never);
      },
    );
  }
}
