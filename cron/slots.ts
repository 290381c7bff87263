import cron from "node-cron";
import { addDays, daysBetween, gregorianKey, startOfJalaliDay, tehranJalaliDay, type JalaliDay } from "../core/jalali-calendar.ts";
import type { Job, Slot } from "./job.ts";

// Which slots of a job fall due between two instants: its cron expression read on Tehran's days (node-cron
// parses it, so the expression means here what it means to the ticks), kept to the Jalali days the job wants.

interface Fields {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
}

const parsed = new Map<string, Fields>();

function fieldsOf(expression: string): Fields {
  let f = parsed.get(expression);
  if (f) return f;
  const p = cron.parse(expression);
  // Seconds would make slots finer than the minute the ticks are counted in; "L" and "#" have no Jalali meaning.
  if (p.second.length !== 1 || p.second[0] !== 0) throw new Error(`cron "${expression}": a job's schedule has no seconds field`);
  const numbers = (xs: (number | string)[]) => {
    if (xs.some((x) => typeof x !== "number")) throw new Error(`cron "${expression}": only numeric days are supported`);
    return new Set(xs as number[]);
  };
  f = { minutes: p.minute, hours: p.hour, daysOfMonth: numbers(p.dayOfMonth), months: new Set(p.month), weekdays: numbers(p.dayOfWeek) };
  parsed.set(expression, f);
  return f;
}

/** Whether a Tehran day matches the expression's day-of-month, month and weekday (Gregorian, as cron counts them). */
function matchesDay(f: Fields, day: JalaliDay): boolean {
  const [gy, gm, gd] = gregorianKey(day).split("-").map(Number);
  const weekday = new Date(Date.UTC(gy, gm - 1, gd)).getUTCDay();
  return f.months.has(gm) && f.daysOfMonth.has(gd) && f.weekdays.has(weekday);
}

/** The instants in (from, to] at which the job's slots fall due, oldest first. */
export function dueTimes(job: Pick<Job, "cron" | "onDays">, from: Date, to: Date): Date[] {
  const f = fieldsOf(job.cron);
  const out: Date[] = [];
  const first = tehranJalaliDay(from);
  const days = daysBetween(first, tehranJalaliDay(to));
  for (let i = 0; i <= days; i++) {
    const day = addDays(first, i);
    if (!matchesDay(f, day) || (job.onDays && !job.onDays(day))) continue;
    const midnight = startOfJalaliDay(day).getTime();
    for (const h of f.hours) {
      for (const m of f.minutes) {
        const t = midnight + (h * 60 + m) * 60_000;
        if (t > from.getTime() && t <= to.getTime()) out.push(new Date(t));
      }
    }
  }
  return out;
}

/** The job's slots falling due in (from, to], oldest first. */
export function slotsBetween(job: Pick<Job, "cron" | "onDays" | "slotName">, from: Date, to: Date): Slot[] {
  return dueTimes(job, from, to).map((dueAt) => ({ name: job.slotName(dueAt), dueAt }));
}

/** How far back `slotAt` looks: longer than the widest gap between two slots of any job (a quarter). */
const SEARCH_MS = 120 * 24 * 3_600_000;

/** The slot a moment belongs to: the latest one due at or before it (what the scheduler had last run then), or null. */
export function slotAt(job: Pick<Job, "cron" | "onDays" | "slotName">, at: Date): Slot | null {
  const dueAt = dueTimes(job, new Date(at.getTime() - SEARCH_MS), at).at(-1);
  return dueAt ? { name: job.slotName(dueAt), dueAt } : null;
}

/** The job's next slot after a moment, or null within the search window. */
export function nextSlot(job: Pick<Job, "cron" | "onDays" | "slotName">, after: Date): Slot | null {
  const dueAt = dueTimes(job, after, new Date(after.getTime() + SEARCH_MS))[0];
  return dueAt ? { name: job.slotName(dueAt), dueAt } : null;
}
