// BENCH_SMOKE=1 runs a benchmark at its smoke size: a few citizens, rows or recipients, so that it ends in
// seconds and still prints the same lines (npm run bench:smoke runs them all that way). A size given
// explicitly in the environment (CITIZENS=…, CASES=…) still wins.

export const SMOKE = process.env.BENCH_SMOKE === "1";

/** The environment's `name` as a number if set, else the full or the smoke default. */
export function size(name: string, full: number, smoke: number): number {
  const given = process.env[name];
  if (given !== undefined && given !== "") {
    const n = Number(given);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number (got "${given}")`);
    return n;
  }
  return SMOKE ? smoke : full;
}
