import { reachOf } from "./access.ts";
import type { StaffActor } from "./dashboard-access.ts";
import type { FiguresScope } from "./case-figures.ts";
import { getAgency, getCounty, getProvince, listAgencies, listProvinces, type Agency, type CatalogSource, type County, type Province } from "./catalog.ts";
import { parsePeriod, quarterPeriod, recentPeriods, type Period } from "./jalali-periods.ts";
import { tehranJalaliDay } from "./jalali-calendar.ts";

// What the dashboard's filters may offer a staff member and what a query string may ask for. Where the
// actor's reach is fixed by the access model (an assistant's county, a provincial representative's province,
// a ministry representative's agency) the filter is fixed to it; asking for another is refused, not
// silently widened or emptied, so a hand-edited address says plainly that it is out of reach.

export interface DashboardQuery {
  period?: string;
  agency?: string;
  province?: string;
}

export interface DashboardChoices {
  periods: Period[];
  /** The agencies the actor may pick; one, and fixed, for a ministry's representative. */
  agencies: Agency[];
  agencyFixed: boolean;
  /** The provinces the actor may pick; one, and fixed, for an assistant or a provincial representative. */
  provinces: Province[];
  provinceFixed: boolean;
  /** An assistant's county, always applied. */
  county: County | null;
}

export interface DashboardFilters {
  period: Period;
  agency: Agency | null;
  province: Province | null;
  county: County | null;
}

export type ResolvedFilters =
  | { ok: true; filters: DashboardFilters; choices: DashboardChoices; scope: FiguresScope }
  | { ok: false; code: "bad_period" | "unknown_agency" | "unknown_province" | "outside_reach" };

/** The periods offered: this and last month, this and last quarter, this year, and this year's quarters so far. */
export function dashboardPeriods(now: Date): Period[] {
  const recent = recentPeriods(now);
  const { jy } = tehranJalaliDay(now);
  const all = [recent.thisMonth, recent.lastMonth, recent.thisQuarter, recent.lastQuarter, recent.thisYear, ...[1, 2, 3, 4].map((q) => quarterPeriod(jy, q)).filter((p) => p.from <= now)];
  return all.filter((p, i) => all.findIndex((o) => o.label === p.label) === i);
}

/** What the actor's filters offer, from the reach the access model gives it over case figures. */
export async function dashboardChoices(src: CatalogSource, actor: StaffActor, now: Date): Promise<DashboardChoices> {
  const reach = reachOf(actor, "case", "count");
  const own = <T>(x: T | null) => (x ? [x] : []);
  const agencyFixed = reach === "agency" && actor.kind === "ministry";
  const provinceFixed = (reach === "province" || reach === "county") && "provinceId" in actor;
  return {
    periods: dashboardPeriods(now),
    agencies: agencyFixed ? own(await getAgency(src, actor.agencyId)) : await listAgencies(src),
    agencyFixed,
    provinces: provinceFixed ? own(await getProvince(src, actor.provinceId)) : await listProvinces(src),
    provinceFixed,
    county: reach === "county" && actor.kind === "assistant" ? await getCounty(src, actor.provinceId, actor.countyId) : null,
  };
}

/**
 * Reads the query's period (default: this month), agency code and province code against the actor's choices.
 * A fixed filter is applied whether or not it was asked for; a different value is outside_reach.
 */
export async function resolveDashboardFilters(src: CatalogSource, actor: StaffActor, q: DashboardQuery, now = new Date()): Promise<ResolvedFilters> {
  const choices = await dashboardChoices(src, actor, now);
  const period = q.period ? parsePeriod(q.period) : recentPeriods(now).thisMonth;
  if (!period) return { ok: false, code: "bad_period" };
  const agency = await pick(choices.agencies, choices.agencyFixed, q.agency, (a) => a.code, () => listAgencies(src));
  if (agency === "unknown" || agency === "outside") return { ok: false, code: agency === "unknown" ? "unknown_agency" : "outside_reach" };
  const province = await pick(choices.provinces, choices.provinceFixed, q.province?.toUpperCase(), (p) => p.code, () => listProvinces(src));
  if (province === "unknown" || province === "outside") return { ok: false, code: province === "unknown" ? "unknown_province" : "outside_reach" };
  const filters: DashboardFilters = { period, agency, province, county: choices.county };
  const scope: FiguresScope = { from: period.from, to: period.to, agencyId: agency?.id, provinceId: province?.id, countyId: choices.county?.id };
  return { ok: true, filters, choices, scope };
}

async function pick<T>(offered: T[], fixed: boolean, code: string | undefined, codeOf: (x: T) => string, all: () => Promise<T[]>): Promise<T | null | "unknown" | "outside"> {
  if (fixed) {
    const only = offered[0] ?? null;
    if (code === undefined || code === "" || (only && codeOf(only) === code)) return only;
    return (await all()).some((x) => codeOf(x) === code) ? "outside" : "unknown";
  }
  if (code === undefined || code === "") return null;
  return offered.find((x) => codeOf(x) === code) ?? "unknown";
}
