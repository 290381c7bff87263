import { translator } from "../../../bot/translator.ts";
import { chartSvg } from "../../../charts/chart-svg.ts";
import { figureCharts, isGrouping, type Grouping } from "../../../charts/figure-charts.ts";
import { caseFigures, type CaseFigures } from "../../../core/case-figures.ts";
import { CASE_KINDS } from "../../../core/case-kinds.ts";
import type { CatalogSource } from "../../../core/catalog.ts";
import type { DashboardUser } from "../../../core/dashboard-access.ts";
import { resolveDashboardFilters, type DashboardFilters, type DashboardQuery } from "../../../core/dashboard-filters.ts";
import { periodName, trendBuckets } from "../../../core/jalali-periods.ts";
import { listSeparator, localDigits } from "../../../core/persian.ts";
import { figuresSummary } from "../../../flows/staff/figures-text.ts";
import { groupingsFor } from "../../../flows/staff/stats.ts";
import type { Translate } from "../../../flows/types.ts";
import { dashboardPage, type Option } from "./page.ts";
import { inlineSvg } from "./svg.ts";

// One request of the dashboard: the query read against the actor's reach, the figures of that scope
// (core/case-figures.ts, scoped by the access model), and the same summary and charts /stats shows.

export type DashboardView = { ok: true; html: string } | { ok: false; status: 400 | 403 };

// Each chart is drawn twice, for a phone and for a desk, and the stylesheet shows one: an SVG scaled down
// to a phone from a desk's width would shrink its labels to an unreadable size. A pie keeps its legend beside
// it, which needs more room than a phone has: it is drawn a little wider and shown a little smaller.
const CHART_WIDTHS = { narrow: 360, narrowPie: 480, wide: 640 } as const;

const num = (n: number, locale: "fa" | "en") => localDigits(n.toLocaleString("en-US"), locale).replace(/,/g, locale === "fa" ? "٬" : ",");
const pct = (share: number, locale: "fa" | "en") => `${localDigits(Math.round(share * 100), locale)}${locale === "fa" ? "٪" : "%"}`;
const nameOf = (x: { nameFa: string; nameEn: string } | { fa: string; en: string }, locale: "fa" | "en") =>
  "nameFa" in x ? (locale === "fa" ? x.nameFa : x.nameEn) : locale === "fa" ? x.fa : x.en;

function scopeName(t: Translate, locale: "fa" | "en", f: DashboardFilters): string {
  const parts = [f.agency && nameOf(f.agency, locale), f.county ? nameOf(f.county, locale) : f.province && t("stats-scope-province", { province: nameOf(f.province, locale) })].filter(Boolean);
  return parts.length ? parts.join(listSeparator(locale)) : t("stats-scope-all");
}

function tableRows(f: CaseFigures, grouping: Grouping, t: Translate, locale: "fa" | "en") {
  const row = (name: string, n: number) => ({ name, n: num(n, locale), share: f.filed ? pct(n / f.filed, locale) : "—" });
  if (grouping === "kind") return CASE_KINDS.filter((k) => f.byKind[k] > 0).map((k) => row(t(`kind-${k}`), f.byKind[k]));
  if (grouping === "topic") return f.byTopic.map((x) => row(`${nameOf(x, locale)} (${locale === "fa" ? x.agencyFa : x.agencyEn})`, x.n));
  return { agency: f.byAgency, province: f.byProvince, county: f.byCounty }[grouping].map((x) => row(nameOf(x, locale), x.n));
}

const until = (at: Date, locale: "fa" | "en") =>
  new Intl.DateTimeFormat(locale === "fa" ? "fa-IR-u-ca-persian" : "en-GB-u-ca-persian", { timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit", day: "numeric", month: "long" }).format(at);

/** The dashboard page of one request, or the status that refuses it (400 unknown filter, 403 outside the actor's reach). */
export async function dashboardView(
  src: CatalogSource & { holidays: ReadonlySet<string> },
  user: DashboardUser & { expiresAt: Date },
  q: DashboardQuery & { grouping?: string },
  now = new Date(),
): Promise<DashboardView> {
  const resolved = await resolveDashboardFilters(src, user.actor, q, now);
  if (!resolved.ok) return { ok: false, status: resolved.code === "outside_reach" ? 403 : 400 };
  const groupings = groupingsFor(user.actor);
  if (q.grouping && !(isGrouping(q.grouping) && groupings.includes(q.grouping))) return { ok: false, status: 400 };
  const grouping = (q.grouping as Grouping | undefined) ?? groupings[0];
  const { filters, choices, scope } = resolved;
  const { locale } = user;
  const t = translator(locale);

  const buckets = trendBuckets(filters.period, now);
  const figures = await caseFigures(src.db, user.actor, scope, { holidays: src.holidays, buckets, now });
  const period = periodName(filters.period, locale);
  const charts = figureCharts(figures, grouping, { t, locale, periodName: period, buckets }).map((spec) => ({
    narrow: inlineSvg(chartSvg({ ...spec, width: spec.kind === "pie" ? CHART_WIDTHS.narrowPie : CHART_WIDTHS.narrow }), spec.title),
    wide: inlineSvg(chartSvg({ ...spec, width: CHART_WIDTHS.wide }), spec.title),
  }));

  const option = (value: string, label: string, selected: boolean): Option => ({ value, label, selected });
  const periods = choices.periods.some((p) => p.label === filters.period.label) ? choices.periods : [...choices.periods, filters.period];
  const html = dashboardPage({
    t,
    locale,
    heading: t("dashboard-heading", { period, scope: scopeName(t, locale, filters) }),
    signedIn: t("dashboard-signed-in", { name: user.name ?? "", until: until(user.expiresAt, locale) }),
    form: {
      periods: periods.map((p) => option(p.label, periodName(p, locale), p.label === filters.period.label)),
      agencies: [...(choices.agencyFixed ? [] : [option("", t("dashboard-all-agencies"), !filters.agency)]), ...choices.agencies.map((a) => option(a.code, nameOf(a, locale), a.id === filters.agency?.id))],
      agencyFixed: choices.agencyFixed,
      provinces: [...(choices.provinceFixed ? [] : [option("", t("dashboard-all-provinces"), !filters.province)]), ...choices.provinces.map((p) => option(p.code, nameOf(p, locale), p.id === filters.province?.id))],
      provinceFixed: choices.provinceFixed,
      groupings: groupings.map((g) => option(g, t(`stats-grouping-${g}`), g === grouping)),
    },
    summary: figuresSummary({ t, locale }, figures),
    charts,
    table: { caption: t("dashboard-table", { grouping: t(`stats-grouping-${grouping}`) }), rows: tableRows(figures, grouping, t, locale) },
  });
  return { ok: true, html };
}
