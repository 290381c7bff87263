import type { CaseFigures } from "../core/case-figures.ts";
import { CASE_KINDS } from "../core/case-kinds.ts";
import { CLOSE_CAUSES } from "../core/close-causes.ts";
import type { TrendBucket } from "../core/jalali-periods.ts";
import type { Translate } from "../flows/types.ts";
import type { ChartSpec } from "./chart-svg.ts";

// The charts of a scope's case figures, the same for /stats in chat (as PNG), the dashboard (inline SVG)
// and the quarterly analysis: the chosen grouping, how the cases ended, and the trend across the period.

export const GROUPINGS = ["agency", "topic", "province", "county", "kind"] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const isGrouping = (v: unknown): v is Grouping => typeof v === "string" && (GROUPINGS as readonly string[]).includes(v);

/** Bars a grouping chart shows at most; the rest are summed into «سایر». */
const TOP = 10;

export interface ChartContext {
  t: Translate;
  locale: "fa" | "en";
  /** «پاییز ۱۴۰۵», in the charts' titles. */
  periodName: string;
  /** The points of the trend chart (trendBuckets), matching figures.trend. */
  buckets: TrendBucket[];
}

/** The breakdown of the period's cases by one grouping. */
export function groupingChart(f: CaseFigures, grouping: Grouping, c: ChartContext): ChartSpec {
  const title = c.t("stats-chart-by", { grouping: c.t(`stats-grouping-${grouping}`), period: c.periodName });
  if (grouping === "kind") {
    const kinds = CASE_KINDS.filter((k) => f.byKind[k] > 0);
    return { kind: "pie", title, categories: kinds.map((k) => c.t(`kind-${k}`)), series: [{ name: c.t("stats-series-filed"), values: kinds.map((k) => f.byKind[k]) }] };
  }
  const rows = { agency: f.byAgency, topic: f.byTopic, province: f.byProvince, county: f.byCounty }[grouping];
  const name = (r: { fa: string; en: string }) => (c.locale === "fa" ? r.fa : r.en);
  const shown = rows.slice(0, TOP);
  const rest = rows.slice(TOP).reduce((s, r) => s + r.n, 0);
  const categories = [...shown.map(name), ...(rest ? [c.t("stats-others")] : [])];
  const values = [...shown.map((r) => r.n), ...(rest ? [rest] : [])];
  return { kind: "bar", horizontal: true, title, categories, series: [{ name: c.t("stats-series-filed"), values }] };
}

/** How the period's cases stand: closed resolved, unresolved, out of remit, duplicate, answered, still waiting. */
export function outcomeChart(f: CaseFigures, c: ChartContext): ChartSpec {
  const closed = f.resolved + f.unresolved + f.notResponsible + f.duplicate;
  const parts: [string, number][] = [
    [c.t("status-resolved"), f.resolved],
    [c.t("status-unresolved"), f.unresolved],
    [c.t("status-not_responsible"), f.notResponsible],
    [c.t("status-duplicate"), f.duplicate],
    [c.t("stats-outcome-answered-open"), Math.max(0, f.answered - closed)],
    [c.t("stats-outcome-waiting"), Math.max(0, f.filed - Math.max(f.answered, closed))],
  ];
  const kept = parts.filter(([, n]) => n > 0);
  return { kind: "pie", title: c.t("stats-chart-outcome", { period: c.periodName }), categories: kept.map(([l]) => l), series: [{ name: c.t("stats-series-filed"), values: kept.map(([, n]) => n) }] };
}

/** Cases filed day by day (a month) or month by month (a quarter or a year). */
export function trendChart(f: CaseFigures, c: ChartContext): ChartSpec {
  return { kind: "line", title: c.t("stats-chart-trend", { period: c.periodName }), categories: c.buckets.map((b) => b.name(c.locale)), series: [{ name: c.t("stats-series-filed"), values: f.trend }] };
}

/** The causes agencies gave when closing (only when any was given). */
export function causesChart(f: CaseFigures, c: ChartContext): ChartSpec | null {
  const given = CLOSE_CAUSES.filter((k) => f.causes.byCause[k] > 0);
  if (!given.length) return null;
  return { kind: "bar", horizontal: true, title: c.t("stats-chart-causes", { period: c.periodName }), categories: given.map((k) => c.t(`cause-${k}`)), series: [{ name: c.t("stats-series-closed"), values: given.map((k) => f.causes.byCause[k]) }] };
}

/** The charts of a scope and grouping, in the order they are shown. An empty period has none. */
export function figureCharts(f: CaseFigures, grouping: Grouping, c: ChartContext): ChartSpec[] {
  if (f.filed === 0) return [];
  return [groupingChart(f, grouping, c), outcomeChart(f, c), trendChart(f, c), causesChart(f, c)].filter((x): x is ChartSpec => x !== null);
}
