import type { ParseArgsConfig } from "node:util";
import type { Db } from "../db/client.ts";
import { UsageError, type Out } from "./output.ts";

export interface CliContext {
  /** Opens the database on first use, so --help and usage errors never touch it. */
  db(): Promise<Db>;
  out: Out;
  err: Out;
  allowPrivateWebhooks: boolean;
  /** The link that opens the bot with an invite code, when the bot's username can be known; null otherwise. */
  botLink?: (code: string) => Promise<string | null>;
  /** What scheduled jobs run with (`hamyar job run`). */
  jobs: CliJobs;
}

export interface CliJobs {
  /** ADMIN_IDS as numbers. */
  adminPlatformIds: ReadonlySet<number>;
  /** HOLIDAYS, for the working days in figures. */
  holidays?: ReadonlySet<string>;
  /** Names the CLI's claims of job slots; never the app's INSTANCE_ID, whose unfinished claims the app takes back at start. */
  instanceId: string;
  /** Called after a job ran (inside the app: its outbox workers look for what the job queued at once). */
  onRan?: () => void;
  /** The clock (tests). */
  now?: () => Date;
}

export type Values = Record<string, string | boolean | undefined>;

export interface CommandSpec {
  /** "agency add" */
  name: string;
  summary: string;
  usage: string;
  /** More lines for `--help`. */
  details?: string[];
  options: NonNullable<ParseArgsConfig["options"]>;
  /**
   * Names of the arguments the command takes by position, all required (`job run <name>`); they reach
   * run() in the values under these names. A command without them refuses any argument that is not an option.
   */
  positionals?: string[];
  run(ctx: CliContext, values: Values): Promise<void>;
}

/** A required string option, trimmed; a usage error naming it when absent or empty. */
export function required(v: Values, name: string, spec: CommandSpec): string {
  const value = typeof v[name] === "string" ? (v[name] as string).trim() : "";
  if (!value) throw new UsageError(`--${name} is required.`, spec.usage);
  return value;
}

/** A whole number option within bounds. */
export function wholeNumber(raw: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, not ${n}.`);
  return n;
}

export const AGENCY_CODE = /^[a-z][a-z0-9_-]{1,31}$/;

export function agencyCode(v: Values, spec: CommandSpec, name = "code"): string {
  const code = required(v, name, spec);
  if (!AGENCY_CODE.test(code)) throw new UsageError(`--${name} "${code}" is not an agency code: use 2-32 lowercase letters, digits, _ or -, starting with a letter (e.g. tamin).`);
  return code;
}
