import * as jalaali from "jalaali-js";

// Response deadlines count working days in Tehran: Saturday to Wednesday. Thursday, Friday and the
// official holidays (HOLIDAYS, Jalali dates) do not count. The deadline is the end of the last working day.

const TEHRAN = "Asia/Tehran";
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TEHRAN, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" });

/** The Tehran calendar day of an instant: Gregorian y-m-d and weekday. */
function tehranDay(at: Date): { y: number; m: number; d: number; weekday: string } {
  const parts = Object.fromEntries(dayFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), weekday: parts.weekday };
}

/** Parses "1405/01/01" (any digit script already made ASCII) into a Gregorian "YYYY-MM-DD" key, or null. */
export function jalaliToGregorianKey(jalali: string): string | null {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(jalali.trim());
  if (!m) return null;
  const [jy, jm, jd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!jalaali.isValidJalaaliDate(jy, jm, jd)) return null;
  const g = jalaali.toGregorian(jy, jm, jd);
  return `${g.gy}-${String(g.gm).padStart(2, "0")}-${String(g.gd).padStart(2, "0")}`;
}

const key = (day: { y: number; m: number; d: number }) => `${day.y}-${String(day.m).padStart(2, "0")}-${String(day.d).padStart(2, "0")}`;

/** True when the Tehran day of `at` is a working day. */
export function isWorkingDay(at: Date, holidays: ReadonlySet<string>): boolean {
  const day = tehranDay(at);
  return day.weekday !== "Thu" && day.weekday !== "Fri" && !holidays.has(key(day));
}

/**
 * The deadline for an answer: `days` working days after `from` (the filing day itself does not count),
 * at 23:59:59 Tehran time of the last one.
 */
export function addWorkingDays(from: Date, days: number, holidays: ReadonlySet<string> = new Set()): Date {
  // Walk by calendar day at Tehran noon, which is never near a day boundary whatever the UTC offset.
  const start = tehranDay(from);
  let cursor = Date.UTC(start.y, start.m - 1, start.d, 8, 30); // 12:00 Tehran (UTC+3:30)
  let left = days;
  while (left > 0) {
    cursor += 24 * 3600_000;
    if (isWorkingDay(new Date(cursor), holidays)) left--;
  }
  const last = tehranDay(new Date(cursor));
  // 23:59:59 in Tehran is 20:29:59 UTC (Iran has kept +3:30 all year since 2022).
  return new Date(Date.UTC(last.y, last.m - 1, last.d, 20, 29, 59));
}

/** A case is overdue when its deadline has passed and it has not been answered or closed. */
export function isOverdue(c: { expectedAt: Date | null; closedAt: Date | null }, now = new Date()): boolean {
  return c.expectedAt !== null && c.closedAt === null && now.getTime() > c.expectedAt.getTime();
}
