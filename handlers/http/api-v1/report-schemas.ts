import { z } from "zod";
import { COUNTY_MONTH_STATUSES } from "../../../core/quarterly-figures.ts";
import { parseMonthLabel, parseQuarterLabel } from "../../../core/jalali-calendar.ts";

// The zod schemas of GET /v1/reports/monthly and /v1/reports/quarterly: the query (a Jalali period, a
// province, a county, the format) and the reports, whole (admin keys) or as an agency's share.

const timestamp = z.string().meta({ format: "date-time", example: "2026-12-01T08:30:00.000Z" });
const int = z.number().int();
const counts = z.record(z.string(), int);
const placeNames = { name_fa: z.string(), name_en: z.string() };
const province = z.object({ code: z.string(), ...placeNames });
const county = z.object({ id: int, ...placeNames });
const caseCounts = { filed: int, answered: int, overdue: int };

const isPeriod = (v: string) => parseMonthLabel(v) !== null || parseQuarterLabel(v) !== null;
export const reportListQuery = z.object({
  period: z
    .string()
    .max(16)
    .refine(isPeriod, "must be a Jalali month (1405-09) or quarter (1405-Q3)")
    .optional()
    .meta({ description: "A Jalali month, 1405-09, or quarter, 1405-Q3 (for monthly reports: its three months). Persian digits are accepted." }),
  province: z.string().max(16).optional().meta({ description: "Province code, e.g. THR." }),
  county: z.coerce.number().int().positive().optional().meta({ description: "County id (a quarterly report is its province's)." }),
  format: z.enum(["json", "csv"]).optional().meta({ description: "csv: UTF-8 with a byte-order mark (Excel shows Persian); also chosen by `Accept: text/csv`." }),
});

export const agencyShareView = z
  .object({ agency: z.string().meta({ description: "The key's agency code." }), activities_linked: int, cases: z.object(caseCounts) })
  .meta({ id: "ReportAgencyShare", description: "What concerns the key's agency: its cases and the activities linked to it." });

export const monthlyFiguresView = z
  .object({
    activities: z.object({ total: int, participants: int, by_kind: counts, by_agency: z.array(z.object({ agency: z.string(), n: int })) }),
    proposals: z.object({
      total: int,
      by_progress: counts,
      items: z.array(z.object({ kind: z.string(), day: z.string().meta({ description: "Gregorian date, YYYY-MM-DD." }), description: z.string(), progress: z.string(), note: z.string().nullable() })),
    }),
    members: z.object({ active: int, took_part: int }),
    cases: z.object({
      ...caseCounts,
      by_agency: z.array(z.object({ agency: z.string(), ...placeNames, ...caseCounts })),
      top_topics: z.array(z.object({ ...placeNames, agency_fa: z.string(), agency_en: z.string(), n: int })),
    }),
  })
  .meta({ id: "MonthlyReportFigures" });

const texts = {
  narrative: z.string().nullable().meta({ description: "null for an agency key." }),
  obstacles: z.string().nullable().meta({ description: "null for an agency key." }),
  proposals: z.string().nullable().meta({ description: "null for an agency key." }),
};

export const monthlyReportView = z
  .object({
    id: int,
    period: z.string().meta({ example: "1405-09" }),
    status: z.string().meta({ enum: ["submitted", "returned", "accepted"] }),
    version: int.meta({ description: "The latest submitted version, whose figures and texts these are." }),
    submitted_at: timestamp,
    reviewed_at: timestamp.nullable(),
    province,
    county,
    figures: monthlyFiguresView.nullable().meta({ description: "The whole figures (admin keys); null for an agency key." }),
    ...texts,
    agency_share: agencyShareView.nullable().meta({ description: "An agency key's share; null for an admin key." }),
  })
  .meta({ id: "MonthlyReport" });

const phrase = z.object({ phrase: z.string(), county_ids: z.array(int) });
const countyText = z.object({ county_id: int, period: z.string(), text: z.string() });

export const quarterlyFiguresView = z
  .object({
    months: z.array(z.string()),
    counties: z.array(z.object({ ...county.shape, months: z.array(z.object({ period: z.string(), status: z.string().meta({ enum: [...COUNTY_MONTH_STATUSES] }), version: int, late: z.boolean() })) })),
    late: z.array(z.object({ county_id: int, periods: z.array(z.string()) })),
    totals: z.object({
      reports: int.meta({ description: "County-months whose latest submitted version is summed." }),
      activities: z.object({ total: int, participants: int, by_kind: counts, by_agency: z.array(z.object({ agency: z.string(), n: int })) }),
      proposals: z.object({ total: int, by_progress: counts }),
      cases: z.object({ ...caseCounts, by_agency: z.array(z.object({ agency: z.string(), ...placeNames, ...caseCounts })) }),
    }),
    obstacles: z.array(countyText),
    proposals: z.array(countyText),
    recurring: z.object({ obstacles: z.array(phrase), proposals: z.array(phrase) }).meta({ description: "Words and phrases in the texts of at least two counties." }),
  })
  .meta({ id: "QuarterlyReportFigures" });

export const quarterlyReportView = z
  .object({
    id: int,
    period: z.string().meta({ example: "1405-Q3" }),
    status: z.string().meta({ description: "submitted, or draft while the representative amends it (the figures are the last submitted version's)." }),
    version: int,
    submitted_at: timestamp,
    province,
    figures: quarterlyFiguresView.nullable().meta({ description: "The whole figures (admin keys); null for an agency key." }),
    ...texts,
    agency_share: agencyShareView.nullable().meta({ description: "An agency key's share; null for an admin key." }),
  })
  .meta({ id: "QuarterlyReport" });

export const monthlyReportList = z.object({ data: z.array(monthlyReportView) });
export const quarterlyReportList = z.object({ data: z.array(quarterlyReportView) });
