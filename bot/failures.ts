import { BotError, GrammyError, HttpError } from "grammy";
import { isTransientDbError } from "../db/errors.ts";

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
