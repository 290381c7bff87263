import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, agencyTopics, agencyUnits, counties, provinces } from "../db/schema.ts";
import { matchesQuery, matchesSearchable, queryWords, searchable, searchKey, type SearchableText } from "./persian.ts";

// Reference data (agencies, topics, regions) that flows read on almost every step. It is read through a
// short-lived cache per process: admins' edits show within CACHE_TTL_MS on every instance, and a filing
// costs a dozen fewer database round trips. A miss loads through the caller's db (inside a transaction
// that is the transaction: PGlite has one connection, and the outer handle would wait for it forever).

export type Agency = typeof agencies.$inferSelect;
export type Topic = typeof agencyTopics.$inferSelect;
export type Province = typeof provinces.$inferSelect;
export type County = typeof counties.$inferSelect;
export type Unit = typeof agencyUnits.$inferSelect;

export const CACHE_TTL_MS = 15_000;

/** A process-wide cache of reference lists; pass one to every CatalogSource of a bot or server. */
export class CatalogCache {
  private entries = new Map<string, { expires: number; value: Promise<unknown> }>();
  constructor(private readonly ttlMs = CACHE_TTL_MS) {}

  /** The cached value of `key`, loaded again once `ttlMs` (the cache's own when absent) has passed. */
  get<T>(key: string, load: () => Promise<T>, ttlMs = this.ttlMs): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as Promise<T>;
    // Drizzle queries are lazy thenables that run again on every await: settle it once into a real promise.
    const value = (async () => await load())();
    this.entries.set(key, { expires: Date.now() + ttlMs, value });
    value.catch(() => this.entries.delete(key)); // a failed load (e.g. an aborted transaction) is not kept
    return value;
  }

  /** Forgets everything, e.g. after an admin changed an agency on this instance. */
  clear(): void {
    this.entries.clear();
  }
}

/** Where reference data is read from: a db (or transaction) and, optionally, the process's cache. */
export interface CatalogSource {
  db: Db;
  catalogCache?: CatalogCache;
}

const cached = <T>(src: CatalogSource, key: string, load: () => Promise<T>) => (src.catalogCache ? src.catalogCache.get(key, load) : load());

const allAgencies = (src: CatalogSource) =>
  cached(src, "agencies", () => src.db.select().from(agencies).where(eq(agencies.active, true)).orderBy(asc(agencies.id)));
const allTopics = (src: CatalogSource) =>
  cached(src, "topics", () => src.db.select().from(agencyTopics).where(eq(agencyTopics.active, true)).orderBy(asc(agencyTopics.id)));
const allUnits = (src: CatalogSource) =>
  cached(src, "units", () => src.db.select().from(agencyUnits).where(eq(agencyUnits.active, true)).orderBy(asc(agencyUnits.id)));
const allProvinces = (src: CatalogSource) => cached(src, "provinces", () => src.db.select().from(provinces).orderBy(asc(provinces.id)));
const allCounties = (src: CatalogSource) => cached(src, "counties", () => src.db.select().from(counties).orderBy(asc(counties.id)));

/**
 * Active agencies in display order, optionally narrowed by a Persian- or English-normalised query that
 * may name the agency, one of its aliases, or one of its units («شهرداری یاسوج», «آب و فاضلاب اصفهان»).
 * With a query, the agencies whose words are the query's words are shown (its name or alias first, then its
 * own words, then with a unit's); only when none is, those with words the query begins; only when none
 * is either, those holding it anywhere. «آب» is the water company, not every unit in «…آباد» or «انقلاب».
 */
export async function listAgencies(src: CatalogSource, query?: string): Promise<Agency[]> {
  const rows = await allAgencies(src);
  if (!query) return rows;
  const index = agencyIndex(rows, await allUnits(src));
  const words = withoutPluralSuffix(queryWords(query));
  if (words.length === 0) return rows;
  // «شهر داری» is «شهرداری» typed apart: the words run together are tried as one.
  const readings = words.length > 1 ? [words, [words.join("")]] : [words];
  const ranked = index
    .map((e) => ({ e, rank: Math.min(...readings.map((ws) => agencyRank(e, ws))) }))
    .filter((r) => r.rank < NO_MATCH);
  const band = BANDS.find((b) => ranked.some((r) => r.rank <= b)) ?? NO_MATCH;
  // A stable sort: the display order is kept within each rank.
  return ranked
    .filter((r) => r.rank <= band)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.e.agency);
}

// How an agency matches the query's words, best first; a band is the worst rank shown while it has any.
const NAME = 0;
const OWN_WORDS = 1;
const WITH_UNIT_WORDS = 2;
const OWN_STARTS = 3;
const WITH_UNIT_STARTS = 4;
const ANYWHERE = 5;
const NO_MATCH = 6;
const BANDS = [WITH_UNIT_WORDS, WITH_UNIT_STARTS, ANYWHERE];

/** «شهرداری‌ها» is searched as «شهرداری»: the plural written apart is not a word of any name. */
const withoutPluralSuffix = (words: string[]) => (words.length > 1 ? words.filter((w) => w !== "ها" && w !== "های") : words);

function agencyRank(e: AgencySearchEntry, words: readonly string[]): number {
  const key = words.join(" ");
  if (e.names.includes(key)) return NAME;
  if (words.every((w) => e.ownWords.has(w))) return OWN_WORDS;
  const unitRest = (test: (unit: string[], w: string) => boolean, own: (w: string) => boolean) => {
    const rest = words.filter((w) => !own(w));
    return rest.length === 0 || e.unitWords.some((u) => rest.every((w) => test(u, w)));
  };
  if (unitRest((u, w) => u.includes(w), (w) => e.ownWords.has(w))) return WITH_UNIT_WORDS;
  const ownStarts = (w: string) => e.ownWordList.some((x) => x.startsWith(w));
  if (words.every(ownStarts)) return OWN_STARTS;
  if (unitRest((u, w) => u.some((x) => x.startsWith(w)), ownStarts)) return WITH_UNIT_STARTS;
  return matchesAgency(e, words) ? ANYWHERE : NO_MATCH;
}

/**
 * Every word of the query is in the agency's own names, or in them together with one of its units' names
 * («شهرداری یاسوج»). The words its own names hold need not be looked for in its units, and a word none of its
 * units holds rules them all out at once: most agencies are settled without looking at a single unit.
 */
function matchesAgency(e: AgencySearchEntry, words: readonly string[]): boolean {
  const rest = words.filter((w) => !matchesSearchable(e.own, [w]));
  if (rest.length === 0) return true;
  if (!matchesSearchable(e.allUnits, rest)) return false;
  return e.units.some((u) => matchesSearchable(u, rest));
}

interface AgencySearchEntry {
  agency: Agency;
  /** Its names, code and aliases. */
  own: SearchableText;
  /** Each of its units' names. */
  units: SearchableText[];
  /** All its units' names in one text: a word missing here is in none of them. */
  allUnits: SearchableText;
  /** The search keys of its names and aliases, for "is the query". */
  names: string[];
  /** The words of its names, code and aliases. */
  ownWords: Set<string>;
  ownWordList: string[];
  /** The words of each of its units' names. */
  unitWords: string[][];
}

// Search keys are built once per loaded list, not per query: searchKey is a dozen regular-expression passes,
// and typing one word used to run it on every agency paired with every unit (~14 ms of CPU per search).
const agencyIndexes = new WeakMap<Agency[], { units: Unit[]; entries: AgencySearchEntry[] }>();

function agencyIndex(rows: Agency[], units: Unit[]): AgencySearchEntry[] {
  const hit = agencyIndexes.get(rows);
  if (hit && hit.units === units) return hit.entries;
  const unitNames = new Map<number, string[]>();
  for (const u of units) unitNames.set(u.agencyId, [...(unitNames.get(u.agencyId) ?? []), `${u.nameFa} ${u.nameEn}`]);
  const entries = rows.map((a) => {
    const names = unitNames.get(a.id) ?? [];
    const own = searchable(`${a.nameFa} ${a.nameEn} ${a.code} ${a.aliases.join(" ")}`);
    const units = names.map(searchable);
    const ownWordList = own.key.split(" ");
    return {
      agency: a,
      own,
      units,
      allUnits: searchable(names.join(" ")),
      names: [a.nameFa, a.nameEn, ...a.aliases].map(searchKey),
      ownWords: new Set(ownWordList),
      ownWordList,
      unitWords: units.map((u) => u.key.split(" ")),
    };
  });
  agencyIndexes.set(rows, { units, entries });
  return entries;
}

/** The unit a case of the agency filed in the county answers through (its county's, else its province's), or null. */
export async function findUnit(src: CatalogSource, agencyId: number, provinceId: number, countyId: number): Promise<Unit | null> {
  const units = (await allUnits(src)).filter((u) => u.agencyId === agencyId && u.provinceId === provinceId);
  return units.find((u) => u.countyId === countyId) ?? units.find((u) => u.countyId === null) ?? null;
}

export async function getAgency(src: CatalogSource, id: number): Promise<Agency | null> {
  return (await allAgencies(src)).find((a) => a.id === id) ?? null;
}

export async function listTopics(src: CatalogSource, agencyId: number): Promise<Topic[]> {
  return (await allTopics(src)).filter((t) => t.agencyId === agencyId);
}

export async function getTopic(src: CatalogSource, agencyId: number, topicId: number): Promise<Topic | null> {
  return (await listTopics(src, agencyId)).find((t) => t.id === topicId) ?? null;
}

export async function listProvinces(src: CatalogSource, query?: string): Promise<Province[]> {
  const rows = await allProvinces(src);
  return query ? rows.filter((p) => matchesQuery(`${p.nameFa} ${p.nameEn}`, query)) : rows;
}

export async function getProvince(src: CatalogSource, id: number): Promise<Province | null> {
  return (await allProvinces(src)).find((p) => p.id === id) ?? null;
}

export async function listCounties(src: CatalogSource, provinceId: number, query?: string): Promise<County[]> {
  const rows = (await allCounties(src)).filter((c) => c.provinceId === provinceId);
  return query ? rows.filter((c) => matchesQuery(`${c.nameFa} ${c.nameEn}`, query)) : rows;
}

/** A county by its id alone (an audience names counties without their province). */
export async function findCounty(src: CatalogSource, countyId: number): Promise<County | null> {
  return (await allCounties(src)).find((c) => c.id === countyId) ?? null;
}

export async function getCounty(src: CatalogSource, provinceId: number, countyId: number): Promise<County | null> {
  return (await listCounties(src, provinceId)).find((c) => c.id === countyId) ?? null;
}
