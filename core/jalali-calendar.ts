import * as jalaali from "jalaali-js";
import { localDigits, toAsciiDigits } from "./persian.ts";

// The Jalali calendar of reports: Tehran's days, months and quarters. Month lengths and leap years come
// from jalaali-js; the instant a Tehran day starts comes from Intl's Asia/Tehran offset (Iran kept summer
// time until 1401, so the offset of the day itself is used, never a fixed +03:30).

export interface JalaliDay {
  jy: number;
  jm: number;
  jd: number;
}

export interface JalaliMonth {
  jy: number;
  jm: number;
}

const TEHRAN = "Asia/Tehran";
const dayParts = new Intl.DateTimeFormat("en-CA", { timeZone: TEHRAN, year: "numeric", month: "2-digit", day: "2-digit" });
const offsetParts = new Intl.DateTimeFormat("en-US", { timeZone: TEHRAN, timeZoneName: "longOffset" });

/** The Jalali day it is in Tehran at `at`. */
export function tehranJalaliDay(at: Date): JalaliDay {
  const p = Object.fromEntries(dayParts.formatToParts(at).map((x) => [x.type, x.value]));
  const j = jalaali.toJalaali(Number(p.year), Number(p.month), Number(p.day));
  return { jy: j.jy, jm: j.jm, jd: j.jd };
}

/** Minutes Tehran is ahead of UTC at an instant (210, or 270 in a summer before 1401). */
function tehranOffsetMinutes(at: Date): number {
  const name = offsetParts.formatToParts(at).find((x) => x.type === "timeZoneName")?.value ?? "GMT+03:30";
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 210;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** The instant a Jalali day starts in Tehran (its midnight). */
export function startOfJalaliDay(d: JalaliDay): Date {
  const g = jalaali.toGregorian(d.jy, d.jm, d.jd);
  const utcMidnight = Date.UTC(g.gy, g.gm - 1, g.gd);
  // The offset at the guessed instant, then at the corrected one: right across a summer-time change.
  const first = utcMidnight - tehranOffsetMinutes(new Date(utcMidnight)) * 60_000;
  return new Date(utcMidnight - tehranOffsetMinutes(new Date(first)) * 60_000);
}

/** The day `delta` days after (or before) a Jalali day, across months and years. */
export function addDays(d: JalaliDay, delta: number): JalaliDay {
  const j = jalaali.d2j(jalaali.j2d(d.jy, d.jm, d.jd) + delta);
  return { jy: j.jy, jm: j.jm, jd: j.jd };
}

/** Days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: JalaliDay, b: JalaliDay) => jalaali.j2d(b.jy, b.jm, b.jd) - jalaali.j2d(a.jy, a.jm, a.jd);

/**
 * The instant of a Tehran wall-clock time on a Jalali day. Iran changed its clocks at midnight while it
 * kept summer time, so a day has one offset throughout and its midnight plus the hours is exact.
 */
export function tehranTime(d: JalaliDay, hour: number, minute = 0): Date {
  return new Date(startOfJalaliDay(d).getTime() + (hour * 60 + minute) * 60_000);
}

/** The Tehran wall-clock hour and minute of an instant. */
export function tehranClock(at: Date): { hour: number; minute: number } {
  const minutes = Math.floor((at.getTime() - startOfJalaliDay(tehranJalaliDay(at)).getTime()) / 60_000);
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

/** «1405-09-25»: a Jalali day as a sortable key (slot names, the CLI). */
export const dayLabel = (d: JalaliDay) => `${d.jy}-${String(d.jm).padStart(2, "0")}-${String(d.jd).padStart(2, "0")}`;

/** «1405-09-25 10:00»: an instant as Tehran's Jalali date and time, as the CLI prints and reads it. */
export function tehranLabel(at: Date): string {
  const c = tehranClock(at);
  return `${dayLabel(tehranJalaliDay(at))} ${String(c.hour).padStart(2, "0")}:${String(c.minute).padStart(2, "0")}`;
}

export type MomentParse = { ok: true; at: Date; dateOnly: boolean } | { ok: false; reason: string };

/**
 * A moment as an operator types it: a Jalali date (1405-09-25, 1405/09/25) with an optional Tehran time
 * (10:00, after a space or T), or an ISO 8601 Gregorian date or time (2026-12-16, 2026-12-16T06:30:00Z).
 * A time without an offset is Tehran's. The year tells the calendars apart (Jalali 1300–1500).
 */
export function parseMoment(input: string): MomentParse {
  const text = toAsciiDigits(input).trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return { ok: false, reason: `"${input}" is not a date: use a Jalali date like 1405-09-25 or 1405-09-25T10:00 (Tehran time), or an ISO time like 2026-12-16T06:30:00Z` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hasTime = m[4] !== undefined;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `"${input}" has no such time of day` };
  if (m[7] && !hasTime) return { ok: false, reason: `"${input}": an offset needs a time` };
  let day: JalaliDay;
  if (y >= 1300 && y <= 1500) {
    if (!jalaali.isValidJalaaliDate(y, mo, d)) return { ok: false, reason: `${y}-${mo}-${d} is not a day of the Jalali calendar` };
    day = { jy: y, jm: mo, jd: d };
  } else if (y >= 1900 && y <= 2200) {
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return { ok: false, reason: `${m[1]}-${m[2]}-${m[3]} is not a day of the Gregorian calendar` };
    if (m[7]) {
      const offset = m[7].toUpperCase() === "Z" ? 0 : (m[7][0] === "-" ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(-2)));
      return { ok: true, at: new Date(Date.UTC(y, mo - 1, d, hour, minute, second) - offset * 60_000), dateOnly: false };
    }
    day = jalaali.toJalaali(y, mo, d);
  } else return { ok: false, reason: `"${input}": the year is neither Jalali (1300–1500) nor Gregorian` };
  if (m[7]) return { ok: false, reason: `"${input}": a Jalali date is Tehran time; leave out the offset` };
  return { ok: true, at: new Date(tehranTime(day, hour, minute).getTime() + second * 1000), dateOnly: !hasTime };
}

/** The Gregorian date key (YYYY-MM-DD) of a Jalali day, as activities store it. */
export function gregorianKey(d: JalaliDay): string {
  const g = jalaali.toGregorian(d.jy, d.jm, d.jd);
  return `${g.gy}-${String(g.gm).padStart(2, "0")}-${String(g.gd).padStart(2, "0")}`;
}

/** The Jalali day of a Gregorian date key. */
export function fromGregorianKey(key: string): JalaliDay {
  const [gy, gm, gd] = key.split("-").map(Number);
  return jalaali.toJalaali(gy, gm, gd);
}

export const monthLength = (m: JalaliMonth) => jalaali.jalaaliMonthLength(m.jy, m.jm);
export const isLeapYear = (jy: number) => jalaali.isLeapJalaaliYear(jy);

/** The month after (delta 1) or before (delta -1) a month, across years. */
export function addMonths(m: JalaliMonth, delta: number): JalaliMonth {
  const index = m.jy * 12 + (m.jm - 1) + delta;
  return { jy: Math.floor(index / 12), jm: (index % 12) + 1 };
}

/** [start, end) of a Jalali month in Tehran, as instants. */
export function monthRange(m: JalaliMonth): { from: Date; to: Date } {
  const next = addMonths(m, 1);
  return { from: startOfJalaliDay({ ...m, jd: 1 }), to: startOfJalaliDay({ ...next, jd: 1 }) };
}

/** The quarter (1–4) a month belongs to: Farvardin–Khordad is 1, Dey–Esfand 4. */
export const quarterOf = (jm: number) => Math.ceil(jm / 3);

/** The three months of a quarter. */
export const quarterMonths = (jy: number, quarter: number): JalaliMonth[] => [1, 2, 3].map((i) => ({ jy, jm: (quarter - 1) * 3 + i }));

export type DateParse = { ok: true; day: JalaliDay } | { ok: false; reason: "format" | "no_such_day" };

/**
 * A Jalali date as people type it: 1405/09/12, ۱۴۰۵-۹-۱۲, 1405.09.12, or day first (12/9/1405), in any
 * digits. A day the calendar does not have (30 Esfand in a common year, 31 Mehr) is told apart from a typo.
 */
export function parseJalaliDate(input: string): DateParse {
  const text = toAsciiDigits(input).trim().replace(/\s+/g, "");
  const m = /^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$/.exec(text);
  if (!m) return { ok: false, reason: "format" };
  let [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[3].length === 4 && m[1].length <= 2) [a, c] = [c, a];
  else if (m[1].length !== 4) return { ok: false, reason: "format" };
  const [jy, jm, jd] = [a, b, c];
  if (jy < 1300 || jy > 1500) return { ok: false, reason: "format" };
  if (jm < 1 || jm > 12 || jd < 1 || !jalaali.isValidJalaaliDate(jy, jm, jd)) return { ok: false, reason: "no_such_day" };
  return { ok: true, day: { jy, jm, jd } };
}

/** Period labels of the API: "1405-09" for a month, "1405-Q3" for a quarter. */
export function parseMonthLabel(label: string): JalaliMonth | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(toAsciiDigits(label.trim()));
  if (!m) return null;
  const month = { jy: Number(m[1]), jm: Number(m[2]) };
  return month.jm >= 1 && month.jm <= 12 && month.jy >= 1300 && month.jy <= 1500 ? month : null;
}

export function parseQuarterLabel(label: string): { jy: number; quarter: number } | null {
  const m = /^(\d{4})-Q([1-4])$/i.exec(toAsciiDigits(label.trim()));
  return m && Number(m[1]) >= 1300 && Number(m[1]) <= 1500 ? { jy: Number(m[1]), quarter: Number(m[2]) } : null;
}

export const monthLabel = (m: JalaliMonth) => `${m.jy}-${String(m.jm).padStart(2, "0")}`;
export const quarterLabel = (jy: number, quarter: number) => `${jy}-Q${quarter}`;

const MONTHS_FA = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
const MONTHS_EN = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"];

/** «آذر ۱۴۰۵» / "Azar 1405". */
export function monthName(m: JalaliMonth, locale: string): string {
  return `${(locale === "fa" ? MONTHS_FA : MONTHS_EN)[m.jm - 1]} ${localDigits(m.jy, locale)}`;
}

/** «۱۲ آذر ۱۴۰۵» / "12 Azar 1405". */
export function dayName(d: JalaliDay, locale: string): string {
  return `${localDigits(d.jd, locale)} ${monthName(d, locale)}`;
}

/**
 * A time as an issuer gives it (parseMoment: a Jalali or ISO date with an optional Tehran time). A date alone
 * means `dateAlone`: the start of that Tehran day (send at) or its end (due by). Null when it is neither.
 */
export function parseTehranTime(input: string, dateAlone: "start" | "end" = "start"): Date | null {
  const parsed = parseMoment(input);
  if (!parsed.ok) return null;
  if (!parsed.dateOnly || dateAlone === "start") return parsed.at;
  return startOfJalaliDay(tehranJalaliDay(new Date(parsed.at.getTime() + 36 * 3_600_000)));
}
