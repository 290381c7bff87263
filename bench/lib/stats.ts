/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface RunFigures {
  name: string;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  casesFiled?: number;
}

/** Measures each call's latency in ms; `run` starts all citizens at once and returns the figures. */
export class LatencyRecorder {
  readonly samples: number[] = [];
  async measure<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const result = await fn();
    this.samples.push(performance.now() - t0);
    return result;
  }
  figures(name: string, seconds: number): RunFigures {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      name,
      updates: sorted.length,
      seconds,
      updatesPerSecond: sorted.length / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }
}

export function formatFigures(f: RunFigures): string {
  const cases = f.casesFiled === undefined ? "" : `, cases filed ${f.casesFiled}`;
  return `${f.name.padEnd(28)} ${f.updatesPerSecond.toFixed(0).padStart(6)} updates/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  (${f.updates} updates in ${f.seconds.toFixed(2)} s${cases})`;
}
