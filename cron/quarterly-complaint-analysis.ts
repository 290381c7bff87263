import { translator } from "../bot/translator.ts";
import { figureCharts, type Grouping } from "../charts/figure-charts.ts";
import { caseFigures } from "../core/case-figures.ts";
import { ANALYSIS_HEADER, analysisRows } from "../core/complaint-analysis-sheet.ts";
import { analysisReaders, analysisScopes, keepAnalysis, keptAnalysis, type AnalysisScope } from "../core/complaint-analyses.ts";
import { createDelivery } from "../core/deliveries.ts";
import { PNG, storeGeneratedFile, type GeneratedFileRef } from "../core/generated-files.ts";
import { periodBefore, periodName, previousQuarter, trendBuckets, type Period } from "../core/jalali-periods.ts";
import { adminUsers } from "../core/staff-notices.ts";
import { complaintNarrative } from "../flows/staff/figures-text.ts";
import { DAY_MS, type Job, type JobEnv } from "./job.ts";
import { counted, SYSTEM } from "./notice-params.ts";

// At the start of each Jalali quarter, the analysis of the quarter that ended (seed 001 §3-1.4: the
// performance-management office sums up complaints every three months and says why they arise), for the
// whole system, every agency and every province: a Persian narrative from the figures, one image of its
// charts, and a spreadsheet of every figure. Each is kept (core/complaint-analyses.ts) and sent in chat to
// its readers. Analysis, files and delivery are written in one transaction per scope, and a scope already
// kept is passed over, so a retried or resumed run sends nothing twice.

const NAME = "quarterly-complaint-analysis";
const fa = translator("fa");
const en = translator("en");

export const quarterlyComplaintAnalysis: Job = {
  name: NAME,
  scheduleInWords: "on the 1st of Farvardin, Tir, Mehr and Dey at 07:00, about the quarter that ended; after downtime every missed quarter",
  cron: "0 7 * * *",
  onDays: (d) => d.jd === 1 && d.jm % 3 === 1,
  slotName: (dueAt) => previousQuarter(dueAt).label,
  catchUp: "every",
  lookbackMs: 120 * DAY_MS,
  async run(env, slot) {
    const period = previousQuarter(slot.dueAt);
    let made = 0;
    let sentTo = 0;
    for (const scope of await analysisScopes(env.db)) {
      // Each scope is committed on its own: stopping here loses nothing, the retry goes on with the next.
      if (env.signal?.aborted) throw new Error(`stopped after ${counted(made, "analysis", "analyses")}`);
      const r = await analyse(env, period, scope);
      if (r) {
        made++;
        sentTo += r.readers;
      }
    }
    return `${period.label}: made ${counted(made, "analysis", "analyses")}, sent to ${counted(sentTo, "reader")}`;
  },
};

/** Makes, keeps and sends one scope's analysis; null when it was kept already. */
async function analyse(env: JobEnv, period: Period, scope: AnalysisScope): Promise<{ readers: number } | null> {
  if (await keptAnalysis(env.db, period.label, scope.key)) return null;
  // ECharts with resvg and ExcelJS take a second to load: a run loads them, not every `hamyar` command.
  const [{ stackedChartsPng }, { onePage, xlsxBuffer, XLSX }] = await Promise.all([import("../charts/chart-png.ts"), import("../core/spreadsheets.ts")]);
  const buckets = trendBuckets(period);
  const figures = await caseFigures(env.db, SYSTEM, { ...period, agencyId: scope.agencyId, provinceId: scope.provinceId }, { holidays: env.holidays, buckets });
  const names = { periodName: periodName(period, "fa"), previousName: periodName(periodBefore(period), "fa"), scopeName: scope.name.fa };
  const narrative = complaintNarrative({ t: fa, locale: "fa" }, figures, names);
  // An agency reads its topics; the system and a province read the agencies.
  const grouping: Grouping = scope.agencyId !== undefined ? "topic" : "agency";
  const charts = figureCharts(figures, grouping, { t: fa, locale: "fa", periodName: names.periodName, buckets });
  const image = charts.length ? stackedChartsPng(charts) : null;
  const sheet = await xlsxBuffer("complaints", ANALYSIS_HEADER, onePage(analysisRows(figures, fa, en)));
  const stem = `complaints-${period.label}-${scope.key.replace(":", "-")}`;
  // The admins read the system's analysis and every agency's with cases; a province's goes to its representatives.
  const admins = scope.provinceId === undefined && (scope.agencyId === undefined || figures.filed > 0) ? await adminUsers(env.db, env.adminPlatformIds) : [];
  const readers = [...new Set([...(await analysisReaders(env.db, scope)), ...admins])];

  return env.db.transaction(async (tx) => {
    const photo = image ? await storeGeneratedFile(tx, { fileName: `${stem}.png`, mimeType: PNG, content: image }) : null;
    const spreadsheet = await storeGeneratedFile(tx, { fileName: `${stem}.xlsx`, mimeType: XLSX, content: sheet });
    const id = await keepAnalysis(tx, { period: period.label, scope, figures, narrative, chartFileIds: photo ? [photo.generated_file] : [], spreadsheetFileId: spreadsheet.generated_file });
    if (id === null) return null;
    if (readers.length) {
      await createDelivery(tx, {
        kind: "report",
        key: `complaint-analysis:${period.label}:${scope.key}`,
        audience: { to: "users", userIds: readers },
        message: { text: analysisText(narrative, names), ...(photo ? { photo } : {}), documents: [spreadsheet] satisfies GeneratedFileRef[] },
      });
    }
    return { readers: readers.length };
  });
}

function analysisText(narrative: string, names: { periodName: string; scopeName: string }): string {
  const text = `${fa("analysis-title", { period: names.periodName, scope: names.scopeName })}\n\n${narrative}`;
  return text.length <= 4096 ? text : `${text.slice(0, 4095)}…`;
}
