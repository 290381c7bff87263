import { createHmac, timingSafeEqual } from "node:crypto";

// Agency webhooks are signed like Stripe's and GitHub's: HMAC-SHA256 with the agency's secret over
// `${timestamp}.${rawBody}`. The timestamp is inside the signature so an old request cannot be replayed
// with a fresh timestamp; receivers reject timestamps outside a tolerance and de-duplicate by delivery id.

const PREFIX = "sha256=";

/** The X-Hamyar-Signature value for a body sent at `timestamp` (unix seconds): "sha256=<hex>". */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return PREFIX + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * True when `header` is the signature of `body` at `timestamp` and the timestamp is within
 * `toleranceSeconds` of now (either way). Compares in constant time. For receivers and tests.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  timestamp: number | string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header || timestamp === null || timestamp === undefined) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body), "utf8");
  const given = Buffer.from(header.trim(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
