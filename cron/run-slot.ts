import { claimJobRun, failJobRun, finishJobRun, renewJobRun, type ClaimRequest, type JobRun } from "../core/job-runs.ts";
import type { Job, JobEnv, Slot } from "./job.ts";

// Runs one slot of a job through the coordinator (core/job-runs.ts): claim, run, record. The scheduler
// and `hamyar job run` both come here, so a slot run by hand is a slot the scheduler will not run again.

/** A claim lasts this long without renewal; a running job renews it every third of it. */
export const LEASE_MS = 10 * 60_000;
/** Attempts before a failing slot is given up (finished as failed; `hamyar job run` can still run it). */
export const MAX_ATTEMPTS = 5;

/** Waits before the next attempt of a failed slot: 1, 2, 4, 8 minutes. */
const retryDelayMs = (attempt: number) => 60_000 * 2 ** Math.max(0, attempt - 1);

export type SlotOutcome =
  | { status: "done"; summary: string; run: JobRun }
  | { status: "failed"; error: string; run: JobRun; retries: boolean }
  /** Someone holds it (running), or it ran (or was skipped or given up) and the mode does not take it again. */
  | { status: "taken"; run: JobRun | null };

export interface RunSlotOptions {
  instanceId: string;
  mode: ClaimRequest["mode"];
  force?: boolean;
  leaseMs?: number;
}

/** Claims the slot and, when it got it, runs the job and records the outcome. Never throws for the job's own failure. */
export async function runSlot(env: JobEnv, job: Job, slot: Slot, o: RunSlotOptions): Promise<SlotOutcome> {
  const leaseMs = o.leaseMs ?? LEASE_MS;
  const key = { job: job.name, slot: slot.name };
  const claim = await claimJobRun(env.db, { ...key, dueAt: slot.dueAt, instanceId: o.instanceId, leaseMs, mode: o.mode, force: o.force });
  if (!claim.claimed) return { status: "taken", run: claim.run };
  // A run longer than its lease keeps it; were the renewal to fail for long, another instance would run
  // the slot again, which the job's outbox keys make harmless.
  const renew = setInterval(() => void renewJobRun(env.db, key, o.instanceId, leaseMs).catch(() => {}), leaseMs / 3);
  renew.unref();
  try {
    const summary = await job.run(env, slot);
    await finishJobRun(env.db, key, o.instanceId, summary);
    return { status: "done", summary, run: claim.run };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const attempts = claim.run.attempts;
    // Stopped mid-way (the process is shutting down): free again at once, and never given up for it.
    const stopped = env.signal?.aborted ?? false;
    const giveUp = !stopped && attempts >= MAX_ATTEMPTS;
    await failJobRun(env.db, key, o.instanceId, error, { retryInMs: stopped ? 0 : retryDelayMs(attempts), giveUp }).catch(() => {});
    return { status: "failed", error, run: claim.run, retries: !giveUp };
  } finally {
    clearInterval(renew);
  }
}
