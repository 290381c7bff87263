// drizzle wraps driver errors in `.cause`; every Postgres error code is read through here.

/** The SQLSTATE code of a database error, looking through drizzle's wrapping, or undefined. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const transientNodeCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);

/**
 * True when the failure is the database being unreachable or busy, not a bug:
 * the update must then be redelivered rather than acknowledged.
 */
export function isTransientDbError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (transientNodeCodes.has(code)) return true;
      // 08: connection exception, 53: insufficient resources, 57P: operator intervention, 40001/40P01: retryable conflicts.
      if (/^(08|53|57P)/.test(code) || code === "40001" || code === "40P01") return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && /PGlite is closed|Connection terminated|connection.*closed/i.test(message)) return true;
  }
  return false;
}

export const UNIQUE_VIOLATION = "23505";
