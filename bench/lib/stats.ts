/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface RunFigures {
  name: string;
  /** The emulator's added delay per Bot API call in this run. */
  latencyMs: number;
  /** Updates whose reply arrived (the latency samples). */
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  casesFiled?: number;
  /** Citizens that gave up because a reply did not come in time. */
  citizensFailed?: number;
  /** CPU time of the measured process(es) over the measured run, per update sent. */
  cpuMsPerUpdate?: number;
  /** Share (0–1) of the replies that came after the webhook answered rather than before. */
  repliesAfterWebhook?: number;
  /** Over the citizens of the run: the longest time from a citizen's first update until the bot's first reply. */
  slowestFirstReplyMs?: number;
}

/** Collects what the citizens of one run measured: a latency per answered update, and what went wrong. */
export class LatencyRecorder {
  readonly samples: number[] = [];
  /** Updates sent to the bot, answered or not. */
  updatesSent = 0;
  readonly failures: string[] = [];
  /** Replies that arrived after the webhook had answered (the bot replies after its commit), not before. */
  repliesAfterWebhook = 0;
  /** Per citizen: ms from their first update until the bot's first reply in their chat. */
  readonly firstReplies: number[] = [];
  record(ms: number) {
    this.samples.push(ms);
  }
  recordFirstReply(ms: number) {
    this.firstReplies.push(ms);
  }
  /** Sends one update and records the time until `fn` resolves (for a target that sends no replies). */
  async measure<T>(fn: () => Promise<T>): Promise<T> {
    this.updatesSent++;
    const t0 = performance.now();
    const result = await fn();
    this.record(performance.now() - t0);
    return result;
  }
  figures(name: string, latencyMs: number, seconds: number): RunFigures {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      name,
      latencyMs,
      updates: sorted.length,
      seconds,
      updatesPerSecond: sorted.length / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      ...(this.firstReplies.length ? { slowestFirstReplyMs: Math.max(...this.firstReplies) } : {}),
    };
  }
}

export const runLabel = (f: RunFigures) => `${f.name}, ${f.latencyMs} ms`;

export function formatFigures(f: RunFigures): string {
  const cases = f.casesFiled === undefined ? "" : `, cases filed ${f.casesFiled}`;
  const failed = f.citizensFailed ? `, ${f.citizensFailed} citizens FAILED` : "";
  const late = f.repliesAfterWebhook === undefined ? "" : `, ${(f.repliesAfterWebhook * 100).toFixed(0)}% of replies after the webhook answered`;
  const cpu = f.cpuMsPerUpdate === undefined ? "" : `  CPU ${f.cpuMsPerUpdate.toFixed(2)} ms/update`;
  return `${runLabel(f).padEnd(42)} ${f.updatesPerSecond.toFixed(0).padStart(6)} updates/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms${cpu}  (${f.updates} updates in ${f.seconds.toFixed(2)} s${cases}${late}${failed})`;
}
