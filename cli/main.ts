import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config.ts";
import { migrateDatabase, openDatabase, type Database, type Db } from "../db/client.ts";
import { DataDirBusyError, describeHolder, tryLockDataDir, type DataDirLock } from "../db/data-dir-lock.ts";
import { seedReferenceData } from "../db/seed.ts";
import { inviteLink } from "../core/invites.ts";
import type { CliRunResult, PrintedChunk } from "../handlers/http/admin-protocol.ts";
import { agencyCommands } from "./agency.ts";
import { apiKeyCommands } from "./apikey.ts";
import { unitCommands } from "./unit.ts";
import { inviteCommands, staffCommands } from "./invite.ts";
import type { CliContext, CliJobs, CommandSpec } from "./command.ts";
import { jobCommands } from "./job.ts";
import { AppUnreachableError, runInApp } from "./in-app.ts";
import { line, UsageError, type Out } from "./output.ts";

// The admin CLI: `npx hamyar <group> <command> [options]`. It reads the same environment as the app
// (DATABASE_URL, or the embedded database under DATA_DIR) and works on the same database. On the embedded
// database it never opens a directory another process holds: while the app runs, the app runs the command.

const COMMANDS: CommandSpec[] = [...agencyCommands, ...unitCommands, ...apiKeyCommands, ...inviteCommands, ...staffCommands, ...jobCommands];

function overview(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: npx hamyar <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`npx hamyar <command> --help` shows a command's options. The CLI uses the app's configuration:",
    "DATABASE_URL (PostgreSQL), or the embedded database under DATA_DIR. The embedded database takes one",
    "process at a time: while the app runs, the CLI has the app carry out the command (no need to stop it).",
  ];
}

const commandHelp = (c: CommandSpec) => [`${c.summary}.`, "", `Usage: ${c.usage}`, ...(c.details?.length ? ["", ...c.details.map((d) => `  ${d}`)] : [])];

type Parsed = { kind: "help"; lines: string[] } | { kind: "run"; command: CommandSpec; values: Record<string, string | boolean | undefined> };

/** Reads the command line without touching the database; throws UsageError. */
export function parseCommandLine(argv: string[]): Parsed {
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const words = argv.filter((a) => !a.startsWith("-")).slice(0, 2);
  if (argv.length === 0 || argv[0] === "help" || (wantsHelp && argv[0].startsWith("-"))) return { kind: "help", lines: overview() };
  const group = COMMANDS.filter((c) => c.name.split(" ")[0] === argv[0]);
  if (group.length === 0) throw new UsageError(`Unknown command "${argv[0]}".`, overview().join("\n"));
  const command = group.find((c) => c.name === `${argv[0]} ${argv[1]}`);
  if (!command) {
    const lines = [`Commands of ${argv[0]}:`, ...group.map((c) => `  ${c.name}  ${c.summary}`)];
    if (wantsHelp && words.length === 1) return { kind: "help", lines };
    throw new UsageError(argv[1] && !argv[1].startsWith("-") ? `Unknown command "${argv[0]} ${argv[1]}".` : `"${argv[0]}" needs a command.`, lines.join("\n"));
  }
  if (wantsHelp) return { kind: "help", lines: commandHelp(command) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(2), options: command.options, strict: true, allowPositionals: !!command.positionals?.length });
  } catch (err) {
    // node's messages name the option ("Unknown option '--nme'", "Option '--code <value>' argument missing").
    throw new UsageError((err as Error).message.split("\n")[0], `Usage: ${command.usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const names = command.positionals ?? [];
  if (parsed.positionals.length < names.length) throw new UsageError(`"${command.name}" needs the ${names[parsed.positionals.length]}.`, `Usage: ${command.usage}`);
  if (parsed.positionals.length > names.length) throw new UsageError(`Unexpected argument "${parsed.positionals[names.length]}".`, `Usage: ${command.usage}`);
  names.forEach((name, i) => (values[name] = parsed.positionals[i]));
  return { kind: "run", command, values };
}

export interface CliIo {
  /** The database, or a function that opens it on first use. */
  db: Db | (() => Promise<Db>);
  stdout: Out;
  /** Defaults to stdout. */
  stderr?: Out;
  /** ALLOW_PRIVATE_WEBHOOKS: accept loopback and private webhook URLs. */
  allowPrivateWebhooks?: boolean;
  botLink?: CliContext["botLink"];
  /** For `hamyar job run`: ADMIN_IDS, the name of the CLI's claims, a hook after a run. */
  jobs?: Partial<CliJobs>;
}

/** Runs one CLI command; returns the exit code (0 done, 1 bad input or refused). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const err = io.stderr ?? io.stdout;
  let opened: Promise<Db> | undefined;
  const ctx: CliContext = {
    db: () => (opened ??= typeof io.db === "function" ? io.db() : Promise.resolve(io.db)),
    out: io.stdout,
    err,
    allowPrivateWebhooks: io.allowPrivateWebhooks ?? false,
    botLink: io.botLink,
    jobs: { adminPlatformIds: io.jobs?.adminPlatformIds ?? new Set(), holidays: io.jobs?.holidays, instanceId: io.jobs?.instanceId ?? `cli:${hostname()}:${process.pid}`, onRan: io.jobs?.onRan, now: io.jobs?.now },
  };
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      for (const l of parsed.lines) line(io.stdout, l);
      return 0;
    }
    await parsed.command.run(ctx, parsed.values);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      line(err, `Error: ${e.message}`);
      if (e.usage) line(err, e.usage);
      return 1;
    }
    throw e;
  }
}

/** runCli with its output collected in order, for the app's admin endpoint; an unexpected error is exit code 1. */
export async function runCliCollected(argv: string[], io: Omit<CliIo, "stdout" | "stderr">): Promise<CliRunResult> {
  const output: PrintedChunk[] = [];
  const to = (stream: PrintedChunk["stream"]): Out => ({ write: (text: string) => output.push({ stream, text: String(text) }) });
  try {
    return { exitCode: await runCli(argv, { ...io, stdout: to("stdout"), stderr: to("stderr") }), output };
  } catch (e) {
    line(to("stderr"), `hamyar: ${(e as Error).message}`);
    return { exitCode: 1, output };
  }
}

/** How long the CLI waits for another CLI command (or an app still starting) to release DATA_DIR. */
const BUSY_WAIT_MS = 60_000;
/** How long a running app's admin endpoint may refuse connections (starting or stopping) before the CLI gives up. */
const REFUSED_WAIT_MS = 3_000;

/**
 * On the embedded database: the lock on DATA_DIR, taken for this process, or the exit code of the command
 * run by the app that holds it. Throws DataDirBusyError or AppUnreachableError rather than opening a
 * directory another live process holds.
 */
async function lockOrRunInApp(dataDir: string, argv: string[]): Promise<{ lock: DataDirLock } | { exitCode: number }> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  let refusedSince: number | undefined;
  let toldWaiting = false;
  for (;;) {
    const got = tryLockDataDir(dataDir, "cli");
    if ("lock" in got) return got;
    const holder = got.holder;
    if (holder.role === "app" && holder.admin) {
      try {
        return { exitCode: await runInApp({ ...holder, admin: holder.admin }, dataDir, argv, { stdout: process.stdout, stderr: process.stderr }) };
      } catch (err) {
        if (!(err instanceof AppUnreachableError) || !err.retryable) throw err;
        refusedSince ??= Date.now();
        if (Date.now() - refusedSince >= REFUSED_WAIT_MS) throw err;
      }
    } else {
      if (Date.now() >= deadline) throw new DataDirBusyError(dataDir, holder);
      if (!toldWaiting) process.stderr.write(`Waiting for ${describeHolder(holder)} to release ${dataDir}…\n`);
      toldWaiting = true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True when argv is a command that would open the database (not help, not a usage error). */
function opensDatabase(argv: string[]): boolean {
  try {
    return parseCommandLine(argv).kind === "run";
  } catch {
    return false;
  }
}

/** The process entry (cli/hamyar.mjs): configuration from the environment, database opened on demand. */
export async function main(argv: string[]): Promise<number> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let database: Database | undefined;
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl && config.dataDir !== "memory://" && opensDatabase(argv)) {
    try {
      const reached = await lockOrRunInApp(config.dataDir, argv);
      if ("exitCode" in reached) return reached.exitCode;
      lock = reached.lock;
    } catch (e) {
      process.stderr.write(`hamyar: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const open = async () => {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, lock });
    await migrateDatabase(database, config.databaseUrl);
    await seedReferenceData(database.db);
    return database.db;
  };
  try {
    return await runCli(argv, {
      db: open,
      stdout: process.stdout,
      stderr: process.stderr,
      allowPrivateWebhooks: config.allowPrivateWebhooks,
      botLink: botLinkFor(config),
      jobs: { adminPlatformIds: new Set(config.adminIds.map(Number)), holidays: config.holidays, instanceId: `${config.instanceId}/cli:${process.pid}` },
    });
  } catch (e) {
    process.stderr.write(`hamyar: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await database?.close();
    lock?.release(); // when the command never opened the database
  }
}

/**
 * With BOT_TOKEN set, the invite link names the bot: its username comes from getMe (3 s at most; no link
 * when the platform does not answer). The token goes in the request path only, never in output.
 */
function botLinkFor(config: ReturnType<typeof parseConfig>): CliContext["botLink"] {
  const bot = config.bot;
  if (!bot.enabled) return undefined;
  return async (code) => {
    try {
      const res = await fetch(`${bot.apiRoot}/bot${bot.token}/getMe`, { signal: AbortSignal.timeout(3000) });
      const body = (await res.json()) as { ok?: boolean; result?: { username?: string } };
      return body.ok && body.result?.username ? inviteLink(bot.platform, body.result.username, code) : null;
    } catch {
      return null;
    }
  };
}
