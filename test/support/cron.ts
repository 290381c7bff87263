import pino from "pino";
import { dayLabel, parseMoment, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import type { Db } from "../../db/client.ts";
import { DAY_MS, type Job, type Slot } from "../../cron/job.ts";
import { createScheduler, type Scheduler } from "../../cron/scheduler.ts";

// Scheduled work in tests: moments written as Tehran's Jalali time, a scheduler on a clock the test moves,
// and a job that records each run.

/** "1405-09-25 10:00" (Tehran) as an instant. */
export function tehran(typed: string): Date {
  const r = parseMoment(typed);
  if (!r.ok) throw new Error(r.reason);
  return r.at;
}

/** A clock a test sets; the scheduler reads it on each look. */
export interface TestClock {
  now: Date;
}

/** A scheduler of `jobs` for instance `instanceId` on the test's clock (its ticks are never started). */
export function schedulerOn(db: Db, clock: TestClock, jobs: Job[], instanceId = "instance-a", o: { adminPlatformIds?: ReadonlySet<number> } = {}): Scheduler {
  return createScheduler({ db, jobs, instanceId, logger: pino({ level: "silent" }), now: () => clock.now, adminPlatformIds: o.adminPlatformIds });
}

export interface RecordingJob extends Job {
  /** The slots it ran, in order, one entry per run (a slot run twice appears twice). */
  ran: string[];
}

/**
 * A daily job at 10:00 Tehran that records its runs; `work` runs inside each (a delay, a failure, waiting
 * for the signal).
 */
export function recordingJob(name: string, catchUp: Job["catchUp"], o: { lookbackDays?: number; work?: (slot: Slot, signal?: AbortSignal) => Promise<void> } = {}): RecordingJob {
  const ran: string[] = [];
  return {
    name,
    scheduleInWords: "daily at 10:00 (test)",
    cron: "0 10 * * *",
    slotName: (dueAt) => dayLabel(tehranJalaliDay(dueAt)),
    catchUp,
    lookbackMs: (o.lookbackDays ?? 7) * DAY_MS,
    ran,
    async run(env, slot) {
      await o.work?.(slot, env.signal);
      ran.push(slot.name);
      return `ran ${slot.name}`;
    },
  };
}
