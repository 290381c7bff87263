import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { jobRunsSince, skipSupersededRuns, type JobRun } from "../core/job-runs.ts";
import { safeError } from "../logger.ts";
import type { Db } from "../db/client.ts";
import type { Job, JobEnv, Slot } from "./job.ts";
import { runSlot, type SlotOutcome } from "./run-slot.ts";
import { slotsBetween } from "./slots.ts";

// The scheduler: node-cron ticks in Tehran time, each job on its own expression, and on every tick (and at
// start, and every ten minutes) it works out which of the job's slots are due and have not run, and runs
// each through the coordinator. So a slot runs on time, once across instances, and after downtime the
// missed ones run as the job's catch-up policy says. The sweep every ten minutes retries failed runs and
// takes over the runs of an instance that died, once their lease has lapsed.

const TEHRAN = "Asia/Tehran";
const SWEEP = "*/10 * * * *";

export interface SchedulerOptions {
  db: Db;
  jobs: Job[];
  /** INSTANCE_ID: names this instance's claims. */
  instanceId: string;
  logger: Logger;
  adminPlatformIds?: ReadonlySet<number>;
  holidays?: ReadonlySet<string>;
  /** Called after a run that did something (the outbox workers look for what it queued at once). */
  onRan?: () => void;
  /** The clock; tests move it. */
  now?: () => Date;
  leaseMs?: number;
}

export interface RunReport {
  job: string;
  slot: string;
  outcome: SlotOutcome["status"];
  summary?: string;
  error?: string;
}

export interface Scheduler {
  /** Starts the ticks and, without waiting for it, the catch-up of what came due while this instance was down. */
  start(): void;
  /** Runs the due slots of the jobs (all by default) now, as a tick does; `startup` also takes back this instance's own unfinished runs. */
  runDue(o?: { jobs?: Job[]; startup?: boolean }): Promise<RunReport[]>;
  /** Stops ticking, asks running jobs to stop between batches, and waits for them. */
  stop(): Promise<void>;
}

/**
 * Which of a job's slots to run now, given its recorded runs in the lookback window: for `every`, each due
 * slot that has not finished, oldest first; for `latest`, the newest due slot if it has not finished, and
 * the unfinished older ones are superseded by it. Expired slots are passed over. Rows held by another
 * instance are left in: the claim finds them taken.
 */
export function planDue(job: Job, now: Date, runs: JobRun[]): { run: Slot[]; supersedeBefore?: Date } {
  const slots = slotsBetween(job, new Date(now.getTime() - job.lookbackMs), now);
  const byName = new Map(runs.map((r) => [r.slot, r]));
  const unfinished = (s: Slot) => !byName.get(s.name)?.finishedAt;
  const live = (s: Slot) => !job.expiresAt || job.expiresAt(s.dueAt).getTime() > now.getTime();
  if (job.catchUp === "every") return { run: slots.filter((s) => live(s) && unfinished(s)) };
  const newest = slots.at(-1);
  if (!newest) return { run: [] };
  return { run: live(newest) && unfinished(newest) ? [newest] : [], supersedeBefore: newest.dueAt };
}

export function createScheduler(o: SchedulerOptions): Scheduler {
  const clock = o.now ?? (() => new Date());
  const stopping = new AbortController();
  const env: JobEnv = { db: o.db, adminPlatformIds: o.adminPlatformIds ?? new Set(), holidays: o.holidays, signal: stopping.signal, jobs: o.jobs };
  const running = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = [];
  const log = o.logger.child({ component: "cron" });

  async function runJob(job: Job, startup: boolean): Promise<RunReport[]> {
    // One run of a job at a time in this process: a tick arriving while it runs leaves it to the sweep.
    if (running.has(job.name) || stopping.signal.aborted) return [];
    running.add(job.name);
    const reports: RunReport[] = [];
    try {
      const now = clock();
      const runs = await jobRunsSince(o.db, job.name, new Date(now.getTime() - job.lookbackMs));
      const plan = planDue(job, now, runs);
      if (plan.supersedeBefore) {
        const skipped = await skipSupersededRuns(o.db, job.name, plan.supersedeBefore, "superseded by a later slot");
        if (skipped) log.info({ job: job.name, skipped }, "unfinished runs superseded by a later slot");
      }
      for (const slot of plan.run) {
        if (stopping.signal.aborted) break;
        const outcome = await runSlot(env, job, slot, { instanceId: o.instanceId, mode: startup ? "startup" : "scheduled", leaseMs: o.leaseMs });
        reports.push(report(job, slot, outcome));
        if (outcome.status === "done") {
          log.info({ job: job.name, slot: slot.name, summary: outcome.summary }, "scheduled job ran");
          o.onRan?.();
        } else if (outcome.status === "failed") {
          log[outcome.retries ? "warn" : "error"]({ job: job.name, slot: slot.name, error: outcome.error }, outcome.retries ? "scheduled job failed; it will be retried" : "scheduled job failed too often; given up (`hamyar job run` runs it again)");
        }
      }
    } catch (err) {
      // The database was unreachable, say: the next tick or the sweep looks again.
      log.warn({ err: safeError(err), job: job.name }, "could not run a scheduled job's due slots");
    } finally {
      running.delete(job.name);
    }
    return reports;
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  const runDue: Scheduler["runDue"] = (opts = {}) =>
    track(
      (async () => {
        const reports: RunReport[] = [];
        // One job after another: the embedded database has one connection, and none of them is urgent.
        for (const job of opts.jobs ?? o.jobs) reports.push(...(await runJob(job, opts.startup ?? false)));
        return reports;
      })(),
    );

  const cronLogger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error) => log.error({ err: safeError(m) }, "node-cron"),
    debug: (m: string | Error) => log.debug(String(m)),
  };

  return {
    start() {
      for (const job of o.jobs) tasks.push(cron.schedule(job.cron, () => void runDue({ jobs: [job] }), { timezone: TEHRAN, name: `job:${job.name}`, logger: cronLogger }));
      tasks.push(cron.schedule(SWEEP, () => void runDue(), { timezone: TEHRAN, name: "job:sweep", logger: cronLogger }));
      void runDue({ startup: true });
    },
    runDue,
    async stop() {
      stopping.abort();
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

function report(job: Job, slot: Slot, outcome: SlotOutcome): RunReport {
  const base = { job: job.name, slot: slot.name, outcome: outcome.status };
  if (outcome.status === "done") return { ...base, summary: outcome.summary };
  if (outcome.status === "failed") return { ...base, error: outcome.error };
  return base;
}
