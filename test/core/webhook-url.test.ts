import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { checkWebhookUrl, checkWebhookUrlWith, forbiddenAddressReason, guardedLookup, parseWebhookUrl } from "../../core/webhook-url.ts";

/** A resolver that answers every name with fixed addresses, like a DNS server under someone's control. */
const resolvesTo =
  (...addresses: string[]) =>
  (_host: string, _o: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
    cb(null, addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

const refused = async (url: string) => {
  const r = await checkWebhookUrl(url, false);
  return r.ok ? "" : r.reason;
};

describe("webhook URL check", () => {
  it.each([
    ["http://127.0.0.1/hook", "loopback"],
    ["http://127.8.9.10:8080/hook", "loopback"],
    ["http://10.1.2.3/hook", "private"],
    ["http://172.16.0.1/hook", "private"],
    ["http://172.31.255.254/hook", "private"],
    ["http://192.168.1.10/hook", "private"],
    ["http://100.64.0.1/hook", "carrier-grade NAT"],
    ["http://100.127.255.1/hook", "carrier-grade NAT"],
    ["http://169.254.10.20/hook", "link-local"],
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://0.0.0.0:3000/", "unspecified"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "reserved"],
  ])("refuses %s (%s)", async (url, why) => {
    expect(await refused(url)).toContain(why);
  });

  it.each([
    ["http://[::1]/hook", "loopback"],
    ["http://[::]/hook", "unspecified"],
    ["http://[fc00::1]/hook", "unique-local"],
    ["http://[fd12:3456:789a::1]/hook", "unique-local"],
    ["http://[fe80::1]/hook", "link-local"],
    ["http://[ff02::1]/hook", "multicast"],
  ])("refuses the IPv6 address in %s (%s)", async (url, why) => {
    expect(await refused(url)).toContain(why);
  });

  it.each([
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:7f00:1]/", "loopback"],
    ["http://[::ffff:10.0.0.1]/", "private"],
    ["http://[::ffff:169.254.169.254]/", "metadata"],
    ["http://[::ffff:192.168.0.1]/", "private"],
    ["http://[::127.0.0.1]/", "loopback"],
    ["http://[64:ff9b::10.0.0.1]/", "private"],
    ["http://[2002:c0a8:0101::1]/", "private"],
  ])("refuses a private IPv4 address hidden in IPv6: %s", async (url, why) => {
    expect(await refused(url)).toContain(why);
  });

  it.each([
    ["http://2130706433/", "loopback"],
    ["http://0x7f.1/", "loopback"],
    ["http://017700000001/", "loopback"],
    ["http://0/", "unspecified"],
  ])("refuses loopback written in an unusual notation: %s", async (url, why) => {
    expect(await refused(url)).toContain(why);
  });

  it("refuses credentials in the URL", async () => {
    expect(await refused("https://user:pass@93.184.216.34/hook")).toContain("user name or password");
    expect(await refused("https://token@93.184.216.34/hook")).toContain("user name or password");
    expect((await checkWebhookUrl("http://user:pw@127.0.0.1/", true)).ok).toBe(false);
  });

  it.each(["ftp://93.184.216.34/hook", "file:///etc/passwd", "javascript:alert(1)", "gopher://93.184.216.34/"])("refuses the non-http(s) URL %s", async (url) => {
    expect(await refused(url)).toContain("only http and https");
  });

  it("refuses something that is not a URL", async () => {
    expect(await refused("agency.gov.ir/hook")).toContain("not a valid URL");
    expect(await refused("")).toContain("not a valid URL");
  });

  it("allows a public literal address, IPv4 or IPv6, http or https", async () => {
    expect(await checkWebhookUrl("https://93.184.216.34/hamyar/webhook", false)).toEqual({ ok: true });
    expect(await checkWebhookUrl("http://8.8.8.8:8080/hook?agency=tax", false)).toEqual({ ok: true });
    expect(await checkWebhookUrl("https://[2606:4700:4700::1111]/hook", false)).toEqual({ ok: true });
    expect(await checkWebhookUrl("https://[::ffff:8.8.8.8]/hook", false)).toEqual({ ok: true });
    expect(await checkWebhookUrl("https://[64:ff9b::8.8.8.8]/hook", false)).toEqual({ ok: true });
  });

  it("lets 127.0.0.1 and other private addresses pass when private webhooks are allowed", async () => {
    expect(await checkWebhookUrl("http://127.0.0.1:4000/hook", true)).toEqual({ ok: true });
    expect(await checkWebhookUrl("http://[::1]:4000/hook", true)).toEqual({ ok: true });
    expect(await checkWebhookUrl("http://10.0.0.5/hook", true)).toEqual({ ok: true });
    expect(await checkWebhookUrl("http://localhost:4000/hook", true)).toEqual({ ok: true });
    expect((await checkWebhookUrl("ftp://127.0.0.1/", true)).ok).toBe(false);
  });

  it("refuses a host name that resolves to loopback", async () => {
    expect(await refused("http://localhost:8080/hook")).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  });

  it("refuses a host name when any of its addresses is private", async () => {
    const r = await checkWebhookUrlWith("https://hooks.agency.example/x", false, resolvesTo("93.184.216.34", "10.0.0.7"));
    expect(r).toEqual({ ok: false, reason: expect.stringContaining("hooks.agency.example resolves to 10.0.0.7, a private address") });
    expect(await checkWebhookUrlWith("https://hooks.agency.example/x", false, resolvesTo("93.184.216.34", "2606:4700::1"))).toEqual({ ok: true });
  });

  it("refuses a host name that cannot be resolved", async () => {
    const failing = (_h: string, _o: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
      cb(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }), []);
    expect(await checkWebhookUrlWith("https://nowhere.example/x", false, failing)).toEqual({ ok: false, reason: "cannot resolve nowhere.example (ENOTFOUND)" });
  });

  it("checks literal addresses without DNS when parsing for delivery", () => {
    expect(parseWebhookUrl("http://127.0.0.1/", false)).toMatchObject({ ok: false });
    const ok = parseWebhookUrl(" https://hooks.agency.example/x?y=1 ", false);
    expect(ok.ok && ok.url.href).toBe("https://hooks.agency.example/x?y=1");
  });

  it("names the reason for each forbidden address and null for a public one", () => {
    expect(forbiddenAddressReason("169.254.169.254")).toBe("the cloud metadata address");
    expect(forbiddenAddressReason("fe80::1%eth0")).toBe("a link-local address");
    expect(forbiddenAddressReason("172.32.0.1")).toBeNull();
    expect(forbiddenAddressReason("100.128.0.1")).toBeNull();
    expect(forbiddenAddressReason("not-an-ip")).toBe("not an IP address");
  });
});

describe("guarded lookup (the check at connect time)", () => {
  const lookupWith = (allowPrivate: boolean, resolver: ReturnType<typeof resolvesTo>, all = false) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(allowPrivate, resolver)("hooks.agency.example", { all }, (err, address, family) => resolve({ err, address, family })),
    );

  it("refuses a name that now resolves to a private address (DNS rebinding)", async () => {
    const { err } = await lookupWith(false, resolvesTo("192.168.1.1"));
    expect(err?.message).toContain("hooks.agency.example resolves to 192.168.1.1, a private address");
  });

  it("refuses a name with the metadata address among its answers", async () => {
    const { err } = await lookupWith(false, resolvesTo("93.184.216.34", "169.254.169.254"), true);
    expect(err?.message).toContain("the cloud metadata address");
  });

  it("passes a public address on, in the form the caller asked for", async () => {
    expect(await lookupWith(false, resolvesTo("93.184.216.34"))).toEqual({ err: null, address: "93.184.216.34", family: 4 });
    const all = await lookupWith(false, resolvesTo("93.184.216.34", "2606:4700::1"), true);
    expect(all.err).toBeNull();
    expect(all.address).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2606:4700::1", family: 6 },
    ]);
  });

  it("lets private addresses through when they are allowed", async () => {
    expect(await lookupWith(true, resolvesTo("127.0.0.1"))).toEqual({ err: null, address: "127.0.0.1", family: 4 });
  });
});
