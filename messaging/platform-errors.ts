import { GrammyError, HttpError } from "grammy";

// What a failed Bot API call means for whoever sends: the same reading for replies and for mass sends.

export type PlatformFailure =
  /** 403: the user blocked the bot (or deleted their account). */
  | { kind: "blocked"; error: string }
  /** 429: too many requests; wait this long. */
  | { kind: "flood"; error: string; retryAfterMs: number }
  /** A 400-class refusal that will not change by trying again. */
  | { kind: "refused"; error: string; code: number }
  /** 5xx, a network failure, a timeout, or 401/404 (our token or API root is wrong): try again later. */
  | { kind: "transient"; error: string };

export function platformFailure(err: unknown): PlatformFailure {
  if (err instanceof GrammyError) {
    const error = `${err.error_code}: ${err.description}`;
    if (err.error_code === 403) return { kind: "blocked", error };
    if (err.error_code === 429) {
      const after = typeof err.parameters.retry_after === "number" ? err.parameters.retry_after * 1000 : 1000;
      return { kind: "flood", error, retryAfterMs: after };
    }
    if (err.error_code >= 400 && err.error_code < 500 && err.error_code !== 401 && err.error_code !== 404) return { kind: "refused", error, code: err.error_code };
    return { kind: "transient", error };
  }
  if (err instanceof HttpError) return { kind: "transient", error: `network: ${err.message}` };
  return { kind: "transient", error: err instanceof Error ? err.message : String(err) };
}
