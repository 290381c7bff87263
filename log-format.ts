import type { DestinationStream } from "pino";

// Logs a person reads in a terminal: `12:04:31 INFO  database ready  database=PGlite in ./data`, errors
// with their stack below. pino still writes its JSON lines (after redaction and the serializers), and this
// stream turns each into one readable line, so what a terminal shows holds no more than the JSON would.
// Not a TTY (a service manager, a file, a pipe): JSON stays, for machines.

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
const COLORS: Record<number, string> = { 10: "90", 20: "36", 30: "32", 40: "33", 50: "31", 60: "35" };
const OMIT = new Set(["level", "time", "pid", "hostname", "msg", "v"]);

function value(v: unknown): string {
  if (typeof v === "string") return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One JSON log line as a line for people; a line that is not JSON passes through. */
export function prettyLine(json: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json);
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const level = Number(entry.level);
  const time = new Date(Number(entry.time ?? Date.now())).toTimeString().slice(0, 8);
  const name = LEVELS[level] ?? String(entry.level);
  const tag = color ? `\x1b[${COLORS[level] ?? "0"}m${name}\x1b[0m` : name;
  const fields: string[] = [];
  let stack = "";
  for (const [k, v] of Object.entries(entry)) {
    if (OMIT.has(k)) continue;
    const err = v as { stack?: unknown; type?: unknown; message?: unknown } | null;
    if ((k === "err" || k === "error") && err && typeof err === "object" && typeof err.stack === "string") {
      stack = `\n    ${err.stack.split("\n").join("\n    ")}`;
      fields.push(`${k}=${value(`${err.type ?? "Error"}: ${err.message ?? ""}`)}`);
    } else fields.push(`${k}=${value(v)}`);
  }
  return `${time} ${tag} ${String(entry.msg ?? "")}${fields.length ? `  ${fields.join(" ")}` : ""}${stack}\n`;
}

/** A pino destination that writes readable lines to `out` (standard output). */
export function prettyStream(out: NodeJS.WritableStream & { isTTY?: boolean }): DestinationStream {
  const color = !!out.isTTY && !process.env.NO_COLOR;
  return { write: (line: string) => void out.write(prettyLine(line, color)) };
}
