import { latestJobRun, type JobRun } from "../core/job-runs.ts";
import { parseMoment, startOfJalaliDay, addDays, tehranJalaliDay, tehranLabel } from "../core/jalali-calendar.ts";
import type { Job } from "../cron/job.ts";
import { JOBS, findJob } from "../cron/jobs.ts";
import { runSlot } from "../cron/run-slot.ts";
import { nextSlot, slotAt } from "../cron/slots.ts";
import { required, type CommandSpec } from "./command.ts";
import { line, UsageError } from "./output.ts";

// Scheduled jobs by hand: what each does and when it last ran; run one for the slot of a moment, through
// the same coordinator as the scheduler, so a slot run here is not run again by the app (and the reverse).
// Times are Tehran's, written as Jalali dates (1405-09-25 10:00) as the slots are named.

const when = (d: Date) => `${tehranLabel(d)} Tehran`;

/** How a run stands, in a line. */
function describeRun(r: JobRun, now: Date): string {
  const by = r.claimedBy ? ` by ${r.claimedBy}` : "";
  if (r.outcome === "done") return `${r.slot} done ${when(r.finishedAt!)}${by}: ${r.summary ?? ""}`;
  if (r.outcome === "skipped") return `${r.slot} skipped: ${r.summary ?? ""}`;
  if (r.outcome === "failed") return `${r.slot} FAILED after ${r.attempts} attempts (${r.error ?? "?"}); \`hamyar job run\` runs it again`;
  if (r.leaseUntil && r.leaseUntil > now) return r.error ? `${r.slot} failed (${r.error}); attempt ${r.attempts + 1} after ${when(r.leaseUntil)}` : `${r.slot} running${by} since ${when(r.startedAt!)}`;
  return `${r.slot} unfinished${by} (attempt ${r.attempts}${r.error ? `: ${r.error}` : ""}); the next look takes it again`;
}

const list: CommandSpec = {
  name: "job list",
  summary: "List the scheduled jobs: when each runs, its last run and its next slot",
  usage: "hamyar job list",
  options: {},
  async run(ctx) {
    const db = await ctx.db();
    const now = ctx.jobs.now?.() ?? new Date();
    for (const job of JOBS) {
      const last = await latestJobRun(db, job.name);
      const next = nextSlot(job, now);
      line(ctx.out, job.name);
      line(ctx.out, `  when: ${job.scheduleInWords}`);
      line(ctx.out, `  last: ${last ? describeRun(last, now) : "never ran"}`);
      line(ctx.out, `  next: ${next ? `${next.name} at ${when(next.dueAt)}` : "-"}`);
    }
  },
};

/**
 * The moment --at names: a date alone means the end of that Tehran day (so its slot, whatever hour it falls
 * due); a time in the future is refused, since a slot runs once it has fallen due.
 */
function momentOf(raw: string | undefined, now: Date): Date {
  if (raw === undefined) return now;
  const parsed = parseMoment(raw);
  if (!parsed.ok) throw new UsageError(`--at: ${parsed.reason}.`);
  if (parsed.at > now) throw new UsageError(`--at ${raw}${parsed.dateOnly ? "" : ` (${when(parsed.at)})`} is in the future: a slot runs once it is due.`);
  return parsed.dateOnly ? new Date(startOfJalaliDay(addDays(tehranJalaliDay(parsed.at), 1)).getTime() - 1) : parsed.at;
}

function jobNamed(name: string): Job {
  const job = findJob(name);
  if (!job) throw new UsageError(`No job "${name}". The jobs: ${JOBS.map((j) => j.name).join(", ")}.`);
  return job;
}

const run: CommandSpec = {
  name: "job run",
  summary: "Run a scheduled job now for the slot of a moment (default: the latest due), once",
  usage: "hamyar job run <name> [--at 1405-09-25|1405-09-25T10:00|2026-12-16T06:30:00Z] [--force]",
  details: [
    "<name>   a job `hamyar job list` shows",
    "--at     a Jalali date, with a Tehran time if you like, or an ISO time: runs the slot that was due last by then",
    "         (a date alone: that day's slot); default now",
    "--force  run a slot that already ran (what it queued then is not queued again), or one past making sense",
    "A slot that already ran is left alone, and one another instance is running is refused.",
  ],
  positionals: ["name"],
  options: { at: { type: "string" }, force: { type: "boolean" } },
  async run(ctx, v) {
    const job = jobNamed(required(v, "name", run));
    const now = ctx.jobs.now?.() ?? new Date();
    const at = momentOf(typeof v.at === "string" ? v.at : undefined, now);
    const slot = slotAt(job, at);
    if (!slot) throw new UsageError(`No slot of ${job.name} fell due in the 120 days up to ${when(at)} (it runs ${job.scheduleInWords}).`);
    // Today's date, before today's slot is due.
    if (slot.dueAt > now) throw new UsageError(`${job.name} ${slot.name} is due at ${when(slot.dueAt)}, not yet: a slot runs once it is due.`);
    // A reminder of a month that has ended would tell people something untrue ("3 days left").
    const expired = job.expiresAt?.(slot.dueAt);
    if (expired && expired <= now && v.force !== true) throw new UsageError(`${job.name} ${slot.name} no longer makes sense since ${when(expired)}, and the scheduler passed over it; --force runs it anyway.`);
    const db = await ctx.db();
    const env = { db, adminPlatformIds: ctx.jobs.adminPlatformIds, holidays: ctx.jobs.holidays, jobs: JOBS };
    const outcome = await runSlot(env, job, slot, { instanceId: ctx.jobs.instanceId, mode: "manual", force: v.force === true });
    const name = `${job.name} ${slot.name} (due ${when(slot.dueAt)})`;
    if (outcome.status === "done") {
      ctx.jobs.onRan?.();
      line(ctx.out, `Ran ${name}: ${outcome.summary}.`);
      if (outcome.run.attempts > 1) line(ctx.out, `That was attempt ${outcome.run.attempts} of this slot: what an earlier one queued was not queued twice.`);
      return;
    }
    if (outcome.status === "failed") throw new UsageError(`${name} failed: ${outcome.error}`);
    const r = outcome.run;
    if (r?.outcome === "done") {
      line(ctx.out, `${name} already ran: ${describeRun(r, now)}.`);
      line(ctx.out, "Nothing done; --force runs it again.");
      return;
    }
    throw new UsageError(`${name} is held by another run: ${r ? describeRun(r, now) : "?"}. Try again when it has finished.`);
  },
};

export const jobCommands = [list, run];
