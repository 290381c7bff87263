import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// CPU time of a measured process, read from outside it (Linux /proc), so the measured code needs no hook.

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * User + system CPU time in ms used so far by the process (all its threads: the event loop, tsx's loader,
 * libuv's pool, PGlite's WASM) and by its children it waited for. Resolution is one clock tick (10 ms).
 */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces; fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the name: state is field 3, so utime, stime, cutime, cstime (fields 14–17) are at 11–14 here.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / ticksPerSecond;
}

/** The CPU time several processes used between two readings. */
export function cpuMeter(pids: number[]) {
  const start = pids.map(cpuMsOf);
  return { elapsedMs: () => pids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - start[i], 0) };
}
