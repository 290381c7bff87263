/** Where the CLI writes: process.stdout/stderr, or a collector in tests. */
export interface Out {
  write(text: string): unknown;
}

export const line = (out: Out, text = "") => out.write(`${text}\n`);

/** Rows as aligned columns (display width counts each character once, which suits Persian and ASCII alike). */
export function table(out: Out, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd();
  line(out, fmt(header));
  line(out, fmt(widths.map((w) => "-".repeat(w))));
  for (const r of rows) line(out, fmt(r));
}

/** A mistake in the command line or its values: printed with a hint, exit code 1. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
