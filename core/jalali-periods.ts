import { addDays, addMonths, dayLabel, dayName, monthLabel, monthName, monthRange, quarterMonths, quarterOf, startOfJalaliDay, tehranJalaliDay, type JalaliDay, type JalaliMonth } from "./jalali-calendar.ts";
import { localDigits, toAsciiDigits } from "./persian.ts";

// The periods figures are asked for: a Jalali month (1405-09), quarter (1405-Q3) or year (1405), as
// [from, to) instants in Tehran. One parser and one set of names for the API, /stats, the dashboard and
// the quarterly analysis, so "this quarter" means the same everywhere.

export type PeriodKind = "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** 1405-09, 1405-Q3 or 1405. */
  label: string;
  from: Date;
  to: Date;
}

export function monthPeriod(m: JalaliMonth): Period {
  return { kind: "month", label: monthLabel(m), ...monthRange(m) };
}

export function quarterPeriod(jy: number, quarter: number): Period {
  const months = quarterMonths(jy, quarter);
  return { kind: "quarter", label: `${jy}-Q${quarter}`, from: monthRange(months[0]).from, to: monthRange(months[2]).to };
}

export function yearPeriod(jy: number): Period {
  return { kind: "year", label: String(jy), from: monthRange({ jy, jm: 1 }).from, to: monthRange({ jy, jm: 12 }).to };
}

/** A period label in any digits; null when it is none of 1405-09, 1405-Q3, 1405. */
export function parsePeriod(input: string): Period | null {
  const text = toAsciiDigits(input.trim());
  let m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) return inRange(Number(m[1])) ? quarterPeriod(Number(m[1]), Number(m[2])) : null;
  m = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (m) return inRange(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? monthPeriod({ jy: Number(m[1]), jm: Number(m[2]) }) : null;
  m = /^(\d{4})$/.exec(text);
  return m && inRange(Number(m[1])) ? yearPeriod(Number(m[1])) : null;
}

const inRange = (jy: number) => jy >= 1300 && jy <= 1500;

/** The periods offered as buttons, relative to now: this and last month, this and last quarter, this year. */
export function recentPeriods(now: Date): Record<"thisMonth" | "lastMonth" | "thisQuarter" | "lastQuarter" | "thisYear", Period> {
  const today = tehranJalaliDay(now);
  const q = quarterOf(today.jm);
  const lastQ = q === 1 ? { jy: today.jy - 1, q: 4 } : { jy: today.jy, q: q - 1 };
  return {
    thisMonth: monthPeriod(today),
    lastMonth: monthPeriod(addMonths(today, -1)),
    thisQuarter: quarterPeriod(today.jy, q),
    lastQuarter: quarterPeriod(lastQ.jy, lastQ.q),
    thisYear: yearPeriod(today.jy),
  };
}

/** The quarter just before the one `now` falls in (what the quarterly analysis at a quarter's end covers). */
export const previousQuarter = (now: Date) => recentPeriods(now).lastQuarter;

/** The period of the same kind just before. */
export function periodBefore(p: Period): Period {
  return parsePeriod(labelBefore(p))!;
}

function labelBefore(p: Period): string {
  const start = tehranJalaliDay(p.from);
  if (p.kind === "month") return monthLabel(addMonths(start, -1));
  if (p.kind === "year") return String(start.jy - 1);
  const q = quarterOf(start.jm);
  return q === 1 ? `${start.jy - 1}-Q4` : `${start.jy}-Q${q - 1}`;
}

const SEASONS_FA = ["بهار", "تابستان", "پاییز", "زمستان"];
const SEASONS_EN = ["spring", "summer", "autumn", "winter"];

/** «آذر ۱۴۰۵», «پاییز ۱۴۰۵», «سال ۱۴۰۵» (quarters are the seasons: Q1 is spring). */
export function periodName(p: Period, locale: string): string {
  const start = tehranJalaliDay(p.from);
  if (p.kind === "month") return monthName(start, locale);
  if (p.kind === "year") return locale === "fa" ? `سال ${localDigits(start.jy, locale)}` : `year ${start.jy}`;
  const q = quarterOf(start.jm);
  return locale === "fa" ? `${SEASONS_FA[q - 1]} ${localDigits(start.jy, locale)}` : `Q${q} ${start.jy} (${SEASONS_EN[q - 1]})`;
}

export interface TrendBucket {
  /** 1405-09-03 for a day, 1405-09 for a month. */
  label: string;
  /** «۳ آذر» or «آذر ۱۴۰۵». */
  name: (locale: string) => string;
  from: Date;
  to: Date;
}

/**
 * The points of a trend across a period: its days for a month, its months for a quarter or a year; none
 * that starts after `until` (the rest of a current period has no cases yet, and a flat tail would mislead).
 */
export function trendBuckets(p: Period, until?: Date): TrendBucket[] {
  const all = allBuckets(p);
  return until ? all.filter((b, i) => i === 0 || b.from < until) : all;
}

function allBuckets(p: Period): TrendBucket[] {
  const first = tehranJalaliDay(p.from);
  const buckets: TrendBucket[] = [];
  if (p.kind === "month") {
    for (let d: JalaliDay = { ...first }; startOfJalaliDay(d) < p.to; d = addDays(d, 1)) {
      const day = d;
      buckets.push({ label: dayLabel(day), name: (locale) => dayName(day, locale).replace(/ \S+$/, ""), from: startOfJalaliDay(day), to: startOfJalaliDay(addDays(day, 1)) });
    }
    return buckets;
  }
  for (let m: JalaliMonth = { jy: first.jy, jm: first.jm }; monthRange(m).from < p.to; m = addMonths(m, 1)) {
    const month = m;
    // Within a year the axis needs no year on each month.
    buckets.push({ label: monthLabel(month), name: (locale) => (p.kind === "year" ? monthName(month, locale).replace(/ \S+$/, "") : monthName(month, locale)), ...monthRange(month) });
  }
  return buckets;
}
