import { liveHolder } from "../db/data-dir-lock.ts";
import { AppUnreachableError, runInApp } from "./in-app.ts";

// The CLI's first step, kept light: while the app runs on the embedded database, the command (help and
// mistakes included) is the app's to carry out, and asking it takes a file read and one local request.
// Loading the commands, the database driver and the configuration's schema took seconds on this machine,
// so that happens only when the CLI does the work itself (cli/main.ts): on PostgreSQL, or with no app
// running. Any doubt (no app, an app starting or stopping) goes the long way, which waits and retries.

export async function run(argv: string[]): Promise<number> {
  const env = (name: string) => process.env[name]?.trim() || undefined;
  const dataDir = env("DATA_DIR") ?? "./data";
  if (!env("DATABASE_URL") && dataDir !== "memory://") {
    const holder = liveHolder(dataDir);
    if (holder?.role === "app" && holder.admin) {
      try {
        return await runInApp({ ...holder, admin: holder.admin }, dataDir, argv, { stdout: process.stdout, stderr: process.stderr });
      } catch (err) {
        if (!(err instanceof AppUnreachableError) || !err.retryable) {
          process.stderr.write(`hamyar: ${(err as Error).message}\n`);
          return 1;
        }
      }
    }
  }
  const { main } = await import("./main.ts");
  return main(argv);
}
