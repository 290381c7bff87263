import { stackedChartsPng } from "../../charts/chart-png.ts";
import { figureCharts, isGrouping, type Grouping } from "../../charts/figure-charts.ts";
import type { Actor } from "../../core/access.ts";
import { caseFigures } from "../../core/case-figures.ts";
import { getAgency, getCounty, getProvince } from "../../core/catalog.ts";
import { PNG, storeGeneratedFile } from "../../core/generated-files.ts";
import { parsePeriod, periodName, recentPeriods, trendBuckets } from "../../core/jalali-periods.ts";
import { laterMessage, type LaterEnv } from "../later.ts";
import type { Flow, InlineButton, Message, Step } from "../types.ts";
import { figuresSummary } from "./figures-text.ts";

// /stats: the case figures of the staff member's own reach (core/access.ts: an assistant's county, a
// provincial representative's province, a ministry's agency, an admin's country) as one message: an image
// of the charts with the summary as its caption, and buttons that change the period and the grouping.
// The figures are read again at every press; the buttons name the period, so an old message still works.

interface StatsDraft {
  [key: string]: unknown;
  period?: string;
  grouping?: Grouping;
}

const PERIODS = ["thisMonth", "lastMonth", "thisQuarter", "lastQuarter", "thisYear"] as const;

/** The groupings that mean something within the actor's reach (an assistant's cases are all one county's). */
export function groupingsFor(actor: Actor): Grouping[] {
  if (actor.kind === "assistant") return ["agency", "topic", "kind"];
  if (actor.kind === "provincial") return ["agency", "county", "topic", "kind"];
  if (actor.kind === "ministry") return ["topic", "province", "kind"];
  return ["agency", "province", "topic", "kind"];
}

async function scopeName(env: LaterEnv): Promise<string> {
  const a = env.actor;
  const pick = (x: { nameFa: string; nameEn: string } | null) => (x ? (env.locale === "fa" ? x.nameFa : x.nameEn) : "");
  if (a.kind === "assistant") return pick(await getCounty(env, a.provinceId, a.countyId));
  if (a.kind === "provincial") return env.t("stats-scope-province", { province: pick(await getProvince(env, a.provinceId)) });
  if (a.kind === "ministry") return pick(await getAgency(env, a.agencyId));
  return env.t("stats-scope-all");
}

function buttons(env: LaterEnv, chosen: { period: string; grouping: Grouping }): InlineButton[][] {
  const recent = recentPeriods(new Date());
  const mark = (on: boolean, text: string) => (on ? `✓ ${text}` : text);
  const periods = PERIODS.map((k) => ({ text: mark(recent[k].label === chosen.period, periodName(recent[k], env.locale)), data: `p:${recent[k].label}` }));
  const groupings = groupingsFor(env.actor).map((g) => ({ text: mark(g === chosen.grouping, env.t(`stats-grouping-${g}`)), data: `g:${g}` }));
  return [periods.slice(0, 2), periods.slice(2), groupings];
}

/**
 * The figures of the period within the actor's reach, as a chart with the summary for caption and the buttons.
 * Made after the step's commit (flows/later.ts): the figures and the PNG take hundreds of ms on a big database.
 */
export async function statsMessage(env: LaterEnv, params: Record<string, string>): Promise<Message> {
  const period = parsePeriod(params.period ?? "") ?? recentPeriods(new Date()).thisMonth;
  const grouping = isGrouping(params.grouping) && groupingsFor(env.actor).includes(params.grouping) ? params.grouping : groupingsFor(env.actor)[0];
  const buckets = trendBuckets(period, new Date());
  const figures = await caseFigures(env.db, env.actor, period, { holidays: env.holidays, buckets });
  const name = periodName(period, env.locale);
  const title = env.t("stats-title", { period: name, scope: await scopeName(env) });
  const text = [title, "", ...figuresSummary({ t: env.t, locale: env.locale }, figures)].join("\n");
  const inline = buttons(env, { period: period.label, grouping });
  const charts = figureCharts(figures, grouping, { t: env.t, locale: env.locale, periodName: name, buckets });
  if (!charts.length) return { text, inline };
  const photo = await storeGeneratedFile(env.db, { fileName: `stats-${period.label}-${grouping}.png`, mimeType: PNG, content: stackedChartsPng(charts) });
  return { text, inline, photo };
}

const viewStep: Step<StatsDraft> = {
  prompt: (env, draft) => laterMessage(env, "stats", { period: draft.period ?? "", grouping: draft.grouping ?? "" }),
  handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    const [kind, value] = [input.data.slice(0, 2), input.data.slice(2)];
    if (kind === "p:" && parsePeriod(value)) return { kind: "update", draft: { ...draft, period: value } };
    if (kind === "g:" && isGrouping(value) && groupingsFor(env.actor).includes(value)) return { kind: "update", draft: { ...draft, grouping: value } };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

export const statsFlow: Flow<StatsDraft> = {
  name: "stats",
  interruptible: true,
  roles: ["assistant", "provincial", "ministry", "admin"],
  start: () => ({ kind: "goto", step: "view", draft: {} }),
  steps: { view: viewStep },
};
