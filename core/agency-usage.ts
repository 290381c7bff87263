import { count, gte } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { CatalogSource } from "./catalog.ts";
import { cases } from "../db/schema.ts";

// The agency list of the filing form starts with the agencies people file with most (over the past year,
// so the order follows what citizens need now), then the rest in alphabetical order.

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/**
 * A year's counts move slowly, and counting a year of cases on every first page of the form would cost each
 * citizen a scan of the cases table (hundreds of ms with a million cases, inside their update's transaction).
 */
const USAGE_TTL_MS = 10 * 60 * 1000;

/** recentCasesPerAgency through the process's catalogue cache: counted at most once per ten minutes. */
export function agencyUsage(src: CatalogSource): Promise<Map<number, number>> {
  return src.catalogCache ? src.catalogCache.get("agency-usage", () => recentCasesPerAgency(src.db), USAGE_TTL_MS) : recentCasesPerAgency(src.db);
}

/** How many cases each agency received over the past year; agencies with none are absent. */
export async function recentCasesPerAgency(db: Db, now = new Date()): Promise<Map<number, number>> {
  const rows = await db
    .select({ agencyId: cases.agencyId, n: count() })
    .from(cases)
    .where(gte(cases.createdAt, new Date(now.getTime() - YEAR_MS)))
    .groupBy(cases.agencyId);
  return new Map(rows.map((r) => [r.agencyId, Number(r.n)]));
}

const collators = new Map<string, Intl.Collator>();
const collator = (locale: string) => collators.get(locale) ?? collators.set(locale, new Intl.Collator(locale)).get(locale)!;

/** Most used first, then by name in the locale's alphabetical order (Persian: آ ا ب پ …). */
export function byUsageThenName<T extends { id: number; label: string }>(items: T[], usage: ReadonlyMap<number, number>, locale: string): T[] {
  const c = collator(locale);
  return [...items].sort((a, b) => (usage.get(b.id) ?? 0) - (usage.get(a.id) ?? 0) || c.compare(a.label, b.label));
}
