import { readFileSync } from "node:fs";
import path from "node:path";
import type { LockHolder } from "../db/data-dir-lock.ts";
import { ADMIN_TOKEN_FILE, type CliRunResult } from "../handlers/http/admin-protocol.ts";
import type { Out } from "./output.ts";

// The CLI's side of the app's admin endpoint (handlers/http/admin-endpoint.ts): the argv goes to the
// running app, which runs the same command on the database it holds; what it printed comes back.

/**
 * The app could not be asked. `retryable` when the command surely did not reach it and the app may just be
 * starting or stopping (connection refused, no token yet); never when it may have run.
 */
export class AppUnreachableError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "AppUnreachableError";
  }
}

/** How long one command may run inside the app before the CLI gives up waiting for its answer. */
const COMMAND_TIMEOUT_MS = 120_000;

/** Runs argv inside the app that holds dataDir; prints its output; returns its exit code. */
export async function runInApp(holder: LockHolder & { admin: { host: string; port: number } }, dataDir: string, argv: string[], out: { stdout: Out; stderr: Out }): Promise<number> {
  const tokenFile = path.resolve(dataDir, ADMIN_TOKEN_FILE);
  let token: string;
  try {
    token = readFileSync(tokenFile, "utf8").trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") {
      throw new AppUnreachableError(`The app (pid ${holder.pid}) holds the database, but ${tokenFile} is not readable by this user: run the CLI as the user that runs the app.`, false);
    }
    throw new AppUnreachableError(`The app (pid ${holder.pid}) holds the database, but ${tokenFile} is missing (${code}).`, code === "ENOENT");
  }
  let res: Response;
  try {
    res = await fetch(`http://${holder.admin.host}:${holder.admin.port}/cli`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ argv }),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    });
  } catch (err) {
    // Only a refused connection proves the command never reached the app.
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    const refused = cause === "ECONNREFUSED";
    throw new AppUnreachableError(
      refused
        ? `The app (pid ${holder.pid}) holds the database, but its admin endpoint at ${holder.admin.host}:${holder.admin.port} refuses connections. ` +
          "The CLI never opens a database another process holds: see what that process is doing (restart the app if it hangs) and try again."
        : `The app (pid ${holder.pid}) stopped answering (${cause}); the command may or may not have run: check with a list command before trying again.`,
      refused,
    );
  }
  const body = (await res.json().catch(() => null)) as (CliRunResult & { error?: { message: string } }) | null;
  if (res.status !== 200 || !body || !Array.isArray(body.output)) {
    throw new AppUnreachableError(`The app (pid ${holder.pid}) refused the command: ${res.status} ${body?.error?.message ?? ""}`.trim(), false);
  }
  for (const chunk of body.output) (chunk.stream === "stderr" ? out.stderr : out.stdout).write(chunk.text);
  return body.exitCode;
}
