import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "../../core/webhook-signing.ts";

const secret = "whsec_0123456789abcdef";
const body = JSON.stringify({ id: "case.created:case:1", event: "case.created", data: { case: { code: "1403000001", subject: "تأخیر در پرداخت" } } });
const now = 1_750_000_000;

describe("webhook signatures", () => {
  it("is sha256= and the hex HMAC-SHA256 of `timestamp.body` with the secret", () => {
    const expected = createHmac("sha256", secret).update(`${now}.${body}`).digest("hex");
    expect(signWebhook(secret, now, body)).toBe(`sha256=${expected}`);
    expect(signWebhook(secret, String(now), body)).toBe(`sha256=${expected}`);
  });

  it("verifies its own signature within the tolerance", () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, sig, now, body, 300, now)).toBe(true);
    expect(verifyWebhookSignature(secret, sig, String(now), body, 300, now + 299)).toBe(true);
  });

  it("rejects a timestamp older (or further ahead) than the tolerance", () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, sig, now, body, 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, sig, now, body, 300, now - 301)).toBe(false);
  });

  it("uses five minutes and the clock by default", () => {
    const fresh = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(secret, signWebhook(secret, fresh, body), fresh, body)).toBe(true);
    expect(verifyWebhookSignature(secret, signWebhook(secret, fresh - 600, body), fresh - 600, body)).toBe(false);
  });

  it("rejects another secret, a changed body, or a replayed signature with a new timestamp", () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature("another-secret", sig, now, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig, now, body.replace("1403000001", "1403000002"), 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig, now + 10, body, 300, now + 10)).toBe(false);
  });

  it("rejects missing, malformed or truncated headers without throwing", () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, undefined, now, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, "", now, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig.slice(0, -2), now, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig.replace("sha256=", "sha1="), now, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig, undefined, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, sig, "17500x0000", body, 300, now)).toBe(false);
  });

  it("signs the exact bytes: Persian text and escapes count as sent", () => {
    const a = JSON.stringify({ t: "ی" });
    const b = JSON.stringify({ t: "\u06cc" });
    const c = '{"t":"\\u06cc"}';
    expect(a).toBe(b);
    expect(signWebhook(secret, now, a)).not.toBe(signWebhook(secret, now, c));
  });
});
