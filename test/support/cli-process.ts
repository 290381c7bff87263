import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

// `npx hamyar …` as an operator runs it: the real entry point (cli/hamyar.mjs) in a process of its own,
// with only the environment given here (DATA_DIR or DATABASE_URL).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last line printed (where `apikey create` puts the key). */
  lastLine: string;
}

export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, "cli/hamyar.mjs"), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent", ...env }, timeout: 150_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : null) : 0;
        if (code === null) return reject(new Error(`hamyar ${args.join(" ")} did not finish: ${(err as Error).message}\n${stderr}`));
        resolve({ code, stdout, stderr, lastLine: stdout.trimEnd().split("\n").at(-1) ?? "" });
      },
    );
  });
}
