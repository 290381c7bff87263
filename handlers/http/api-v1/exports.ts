import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CASE_EXPORT_COLUMNS, caseExportRows } from "../../../core/case-exports.ts";
import { monthRange, parseMonthLabel, parseQuarterLabel, parseTehranTime, quarterMonths } from "../../../core/jalali-calendar.ts";
import type { ApiDeps } from "../deps.ts";
import { csvStream, xlsxStream, XLSX } from "../spreadsheets.ts";
import { actorOf } from "./auth.ts";
import { ApiError } from "./errors.ts";
import { errors } from "./schemas.ts";

// Exports over API v1: the cases a key may read, filed in a period, as CSV or XLSX, streamed.

const query = z.object({
  period: z.string().max(16).optional().meta({ description: "A Jalali month (1405-09) or quarter (1405-Q3)." }),
  from: z.string().max(40).optional().meta({ description: "Instead of period: from (ISO 8601, or a Jalali date)…" }),
  to: z.string().max(40).optional().meta({ description: "…to (exclusive)." }),
  format: z.enum(["csv", "xlsx"]).optional().meta({ description: "csv (default; UTF-8 with a byte-order mark) or xlsx." }),
});


function periodOf(q: z.infer<typeof query>): { from: Date; to: Date; label: string } {
  if (q.period) {
    const quarter = parseQuarterLabel(q.period);
    if (quarter) {
      const months = quarterMonths(quarter.jy, quarter.quarter);
      return { from: monthRange(months[0]).from, to: monthRange(months[2]).to, label: `${quarter.jy}-Q${quarter.quarter}` };
    }
    const month = parseMonthLabel(q.period);
    if (month) return { ...monthRange(month), label: `${month.jy}-${String(month.jm).padStart(2, "0")}` };
    throw new ApiError(400, "invalid_period", `period: "${q.period}" is neither a Jalali month (1405-09) nor a quarter (1405-Q3).`);
  }
  const from = q.from ? parseTehranTime(q.from) : null;
  const to = q.to ? parseTehranTime(q.to) : null;
  if (!from || !to) throw new ApiError(400, "invalid_period", "Give period (1405-09, 1405-Q3), or both from and to (ISO 8601 or Jalali dates).");
  if (to <= from) throw new ApiError(400, "invalid_period", "to must come after from.");
  return { from, to, label: `${from.toISOString().slice(0, 10)}_${to.toISOString().slice(0, 10)}` };
}

export async function exportRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/exports/cases",
    {
      config: { scope: "cases:read" },
      schema: {
        tags: ["exports"],
        summary: "Export cases as CSV or XLSX",
        description:
          "The cases this key may read, filed in a period, one row each: tracking code, kind, status, agency, topic, province, county, subject, channel, " +
          "filing time, deadline and closing time in Jalali and ISO, close cause. Persian headers; streamed, whatever its size. No description or contact details.",
        security: [{ bearerAuth: [] }],
        querystring: query,
        response: {
          200: { description: "The spreadsheet", content: { "text/csv": { schema: z.string() }, [XLSX]: { schema: z.string().meta({ format: "binary" }) } } },
          ...errors(400),
        },
      },
    },
    async (req, reply) => {
      const period = periodOf(req.query);
      const header = CASE_EXPORT_COLUMNS.map((c) => c.fa);
      const rows = caseExportRows(deps.db, actorOf(req), period);
      if (req.query.format === "xlsx") {
        return reply.header("content-type", XLSX).header("content-disposition", `attachment; filename="cases-${period.label}.xlsx"`).send(xlsxStream("cases", header, rows) as never);
      }
      return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", `attachment; filename="cases-${period.label}.csv"`).send(csvStream(header, rows) as never);
    },
  );
}
