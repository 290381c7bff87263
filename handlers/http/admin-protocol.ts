// What the CLI and the app's admin endpoint (admin-endpoint.ts) agree on, apart from the endpoint itself: the
// CLI reads this from a command that must start in well under a second, so nothing here imports Fastify.

/** The random token the app writes at every start (0600), which the CLI sends as its bearer. */
export const ADMIN_TOKEN_FILE = "admin-token";

/** One piece of what the command printed, in order. */
export interface PrintedChunk {
  stream: "stdout" | "stderr";
  text: string;
}

/** What POST /cli answers with 200. */
export interface CliRunResult {
  exitCode: number;
  output: PrintedChunk[];
}
