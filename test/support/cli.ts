import { runCli, type CliIo } from "../../cli/main.ts";
import type { Db } from "../../db/client.ts";

/** Runs the CLI like `npx hamyar …` would, on the test's database, collecting what it prints. */
export async function cli(db: Db, args: string, o: Partial<Pick<CliIo, "allowPrivateWebhooks" | "botLink" | "jobs">> = {}) {
  let out = "";
  let err = "";
  const argv = args.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ""));
  const code = await runCli(argv, { db, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, ...o });
  return { code, out, err, lastLine: out.trimEnd().split("\n").at(-1) ?? "" };
}
