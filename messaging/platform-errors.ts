import { BotError, GrammyError, HttpError } from "grammy";
import { isTransientDbError } from "../db/errors.ts";

// What a failed Bot API call means: the one place that reads grammY's error classes, for the chat sender,
// the delivery sender and the unit of work alike.

export type PlatformFailure =
  /** 403: the user blocked the bot (or deleted their account). */
  | { kind: "blocked"; error: string }
  /** 429: too many requests; wait this long. */
  | { kind: "flood"; error: string; retryAfterMs: number }
  /** A 400-class refusal that will not change by trying again. */
  | { kind: "refused"; error: string; code: number }
  /**
   * 5xx, a network failure, a timeout, or 401/404 (our token or API root is wrong): try again later.
   * `unexpected`: not an answer of the platform nor a network failure (a bug may be behind it; worth a log line).
   */
  | { kind: "transient"; error: string; unexpected?: true };

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
  return { kind: "transient", error: err instanceof Error ? err.message : String(err), unexpected: true };
}

/**
 * True when an update failed for a reason that will pass (database or platform unreachable, platform
 * overloaded) and should be tried again; false for a bug or a refused request, which would fail again.
 */
export function isTransientFailure(err: unknown): boolean {
  if (err instanceof BotError) return isTransientFailure(err.error); // how bot.handleUpdate wraps middleware errors
  if (isTransientDbError(err)) return true;
  if (err instanceof HttpError) return true; // network failure talking to the Bot API
  if (err instanceof GrammyError) return err.error_code === 429 || err.error_code >= 500;
  return false;
}
