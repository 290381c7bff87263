import type { JalaliDay } from "../core/jalali-calendar.ts";
import type { Db } from "../db/client.ts";

// What a scheduled job is. A job is a small function over core/ for one slot — a named period such as a
// Jalali day (1405-09-25) or month (1405-09) — that falls due at a Tehran time. The scheduler (scheduler.ts)
// and the CLI (`hamyar job run`) run it through the same coordinator (run-slot.ts), once per slot.

export interface JobEnv {
  db: Db;
  /** ADMIN_IDS as numbers: admins listed by platform id are told too (their users rows). */
  adminPlatformIds: ReadonlySet<number>;
  /** HOLIDAYS: official holidays (Gregorian keys) that do not count as working days in the figures. */
  holidays?: ReadonlySet<string>;
  /** Aborted when the process stops: a job that works in batches stops between two. */
  signal?: AbortSignal;
  /** The jobs scheduled alongside: the prune job keeps each one's runs as far back as it looks for missed slots. */
  jobs?: readonly Job[];
}

export interface Slot {
  /** The slot's name: unique per job, readable, e.g. 1405-09-25. */
  name: string;
  /** When it falls due. */
  dueAt: Date;
}

export interface Job {
  /** kebab-case, as `hamyar job run <name>` takes it. */
  name: string;
  /** For `hamyar job list`: when it runs, in words. */
  scheduleInWords: string;
  /**
   * When slots fall due: a node-cron expression (minute hour day-of-month month weekday, Gregorian fields)
   * read in Asia/Tehran time. The scheduler also ticks on it, so a slot runs at its time.
   */
  cron: string;
  /** Keeps only the Jalali days this accepts (the Gregorian cron cannot say "from the 25th of the Jalali month"). */
  onDays?: (day: JalaliDay) => boolean;
  /** The name of the slot due at `dueAt`. */
  slotName(dueAt: Date): string;
  /**
   * After downtime: `every` missed slot runs once, oldest first (each is a different fact, e.g. a month's
   * late counties); `latest` runs only the newest (a reminder or digest of how things stand now).
   */
  catchUp: "every" | "latest";
  /** How far back the scheduler looks for slots that have not run. */
  lookbackMs: number;
  /** When a slot that has not run stops making sense; the scheduler passes over it (the CLI may still run it). */
  expiresAt?(dueAt: Date): Date;
  /** Runs one slot; returns what it did in a line. Must be idempotent: a retried slot queues nothing twice. */
  run(env: JobEnv, slot: Slot): Promise<string>;
}

export const DAY_MS = 24 * 3_600_000;
