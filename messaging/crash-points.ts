import type { QueuedCall } from "./reply-queue.ts";

// Named points where the crash-recovery tests (test/e2e/crash-recovery.test.ts) kill the process with
// SIGKILL, as a power cut or the OOM killer would: HAMYAR_CRASH_AT=<point>, and HAMYAR_CRASH_IF=<regex>
// to crash only in a step whose messages match (e.g. the one that shows a tracking code). Read once;
// unset in normal operation, where a crash point costs one comparison.
const armed = process.env.HAMYAR_CRASH_AT;
const onlyIf = process.env.HAMYAR_CRASH_IF ? new RegExp(process.env.HAMYAR_CRASH_IF) : null;

export type CrashPoint = "before-commit" | "after-commit" | "during-send";

/** Kills the process here when the tests armed this point (and the calls match). */
export function crashPoint(point: CrashPoint, calls: readonly QueuedCall[]): void {
  if (armed !== point) return;
  if (onlyIf && !calls.some((c) => typeof c.payload.text === "string" && onlyIf.test(c.payload.text))) return;
  process.kill(process.pid, "SIGKILL");
}
