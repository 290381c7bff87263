import dns from "node:dns";
import net, { BlockList, type LookupFunction } from "node:net";

// Agency webhook URLs are typed in by people, so they are an SSRF door: a URL that points at the
// database, the cloud metadata service or the admin panel on the private network would let whoever
// registers it make Hamyar POST there. Only public http(s) addresses are accepted unless
// ALLOW_PRIVATE_WEBHOOKS is set (tests, closed networks). A hostname is checked again at every delivery,
// inside the connection's own DNS lookup, so a name that later resolves to a private address (DNS
// rebinding) is refused at the moment it would be connected to.

export type WebhookUrlCheck = { ok: true } | { ok: false; reason: string };

interface Range {
  address: string;
  prefix: number;
}

const V4_RANGES: { reason: string; ranges: Range[] }[] = [
  { reason: "the cloud metadata address", ranges: [{ address: "169.254.169.254", prefix: 32 }] },
  { reason: "an unspecified address", ranges: [{ address: "0.0.0.0", prefix: 8 }] },
  { reason: "a loopback address", ranges: [{ address: "127.0.0.0", prefix: 8 }] },
  {
    reason: "a private address",
    ranges: [
      { address: "10.0.0.0", prefix: 8 },
      { address: "172.16.0.0", prefix: 12 },
      { address: "192.168.0.0", prefix: 16 },
    ],
  },
  { reason: "a carrier-grade NAT address", ranges: [{ address: "100.64.0.0", prefix: 10 }] },
  { reason: "a link-local address", ranges: [{ address: "169.254.0.0", prefix: 16 }] },
  { reason: "a multicast address", ranges: [{ address: "224.0.0.0", prefix: 4 }] },
  {
    reason: "a reserved address",
    ranges: [
      { address: "192.0.0.0", prefix: 24 },
      { address: "192.0.2.0", prefix: 24 },
      { address: "198.18.0.0", prefix: 15 },
      { address: "198.51.100.0", prefix: 24 },
      { address: "203.0.113.0", prefix: 24 },
      { address: "240.0.0.0", prefix: 4 },
    ],
  },
];

const V6_RANGES: { reason: string; ranges: Range[] }[] = [
  { reason: "an unspecified address", ranges: [{ address: "::", prefix: 128 }] },
  { reason: "a loopback address", ranges: [{ address: "::1", prefix: 128 }] },
  { reason: "a unique-local (private) address", ranges: [{ address: "fc00::", prefix: 7 }] },
  { reason: "a link-local address", ranges: [{ address: "fe80::", prefix: 10 }, { address: "fec0::", prefix: 10 }] },
  { reason: "a multicast address", ranges: [{ address: "ff00::", prefix: 8 }] },
  {
    reason: "a reserved address",
    ranges: [
      { address: "64:ff9b:1::", prefix: 48 },
      { address: "100::", prefix: 64 },
      { address: "2001::", prefix: 32 },
      { address: "2001:db8::", prefix: 32 },
    ],
  },
];

// IPv6 forms that carry an IPv4 address inside: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
// (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). Each forbidden IPv4 range is
// forbidden inside them too; a public IPv4 address inside them stays allowed (DNS64 networks need it).
const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
const EMBEDDINGS: { at: (o: number[]) => string; bits: number }[] = [
  { at: (o) => `::ffff:${hex(o[0], o[1])}:${hex(o[2], o[3])}`, bits: 96 },
  { at: (o) => `::${hex(o[0], o[1])}:${hex(o[2], o[3])}`, bits: 96 },
  { at: (o) => `64:ff9b::${hex(o[0], o[1])}:${hex(o[2], o[3])}`, bits: 96 },
  { at: (o) => `2002:${hex(o[0], o[1])}:${hex(o[2], o[3])}::`, bits: 16 },
];

const RULES: { reason: string; list: BlockList }[] = [];
for (const { reason, ranges } of V6_RANGES) {
  const list = new BlockList();
  for (const r of ranges) list.addSubnet(r.address, r.prefix, "ipv6");
  RULES.push({ reason, list });
}
for (const { reason, ranges } of V4_RANGES) {
  const list = new BlockList();
  for (const r of ranges) {
    list.addSubnet(r.address, r.prefix, "ipv4");
    const octets = r.address.split(".").map(Number);
    for (const e of EMBEDDINGS) list.addSubnet(e.at(octets), e.bits + r.prefix, "ipv6");
  }
  RULES.push({ reason, list });
}

/** Why an IP address may not receive webhooks (loopback, private, link-local, …), or null for a public address. */
export function forbiddenAddressReason(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = net.isIP(bare);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const rule of RULES) if (rule.list.check(bare, type)) return rule.reason;
  return null;
}

const PRIVATE_HINT = "webhooks must go to a public address (ALLOW_PRIVATE_WEBHOOKS=true allows private ones, for tests and closed networks only)";

/**
 * Checks a webhook URL without DNS: http(s) only, no credentials, and a literal IP must be public unless
 * allowPrivate. Returns the parsed URL; a hostname still has to pass {@link guardedLookup} or
 * {@link checkWebhookUrl}.
 */
export function parseWebhookUrl(url: string, allowPrivate: boolean): { ok: true; url: URL } | { ok: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: "not a valid URL (expected e.g. https://example.gov.ir/hamyar/webhook)" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { ok: false, reason: `only http and https URLs are allowed, not ${parsed.protocol.replace(/:$/, "")}` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: "the URL must not contain a user name or password; webhooks are authenticated by their signature" };
  }
  // WHATWG URL parsing already turns 2130706433, 0x7f.1 and ::ffff:127.0.0.1 into canonical addresses.
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!host) return { ok: false, reason: "the URL has no host" };
  if (!allowPrivate && net.isIP(host)) {
    const why = forbiddenAddressReason(host);
    if (why) return { ok: false, reason: `${host} is ${why}; ${PRIVATE_HINT}` };
  }
  return { ok: true, url: parsed };
}

type Resolver = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

async function resolveAll(host: string, resolve: Resolver): Promise<dns.LookupAddress[]> {
  return new Promise((ok, fail) => resolve(host, { all: true, verbatim: true }, (err, addresses) => (err ? fail(err) : ok(addresses))));
}

/** The first forbidden address among a host's addresses, as a refusal reason; null when all are public. */
function refusalFor(host: string, addresses: dns.LookupAddress[]): string | null {
  for (const a of addresses) {
    const why = forbiddenAddressReason(a.address);
    if (why) return `${host} resolves to ${a.address}, ${why}; ${PRIVATE_HINT}`;
  }
  return null;
}

/**
 * Checks an agency's webhook URL before it is registered: http(s) only, no credentials in it, and unless
 * allowPrivate neither a literal private/loopback/link-local address nor a hostname any of whose
 * addresses is one.
 */
export async function checkWebhookUrl(url: string, allowPrivate: boolean): Promise<WebhookUrlCheck> {
  return checkWebhookUrlWith(url, allowPrivate, systemResolver);
}

/** checkWebhookUrl with a chosen resolver (tests). */
export async function checkWebhookUrlWith(url: string, allowPrivate: boolean, resolve: Resolver): Promise<WebhookUrlCheck> {
  const parsed = parseWebhookUrl(url, allowPrivate);
  if (!parsed.ok) return parsed;
  const host = parsed.url.hostname.replace(/^\[|\]$/g, "");
  if (allowPrivate || net.isIP(host)) return { ok: true };
  let addresses: dns.LookupAddress[];
  try {
    addresses = await resolveAll(host, resolve);
  } catch (err) {
    return { ok: false, reason: `cannot resolve ${host} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} has no addresses` };
  const refusal = refusalFor(host, addresses);
  return refusal ? { ok: false, reason: refusal } : { ok: true };
}

/** The error a refused connection fails with; its message is what the delivery log shows. */
export class ForbiddenWebhookAddressError extends Error {
  readonly code = "EHAMYAR_FORBIDDEN_ADDRESS";
}

/**
 * A `lookup` for http(s).request that refuses to connect when any address of the host is forbidden.
 * The check runs inside the connection's own DNS lookup, so the address checked is the address
 * connected to: a name re-pointed at a private address after registration (DNS rebinding) is refused.
 * With allowPrivate it is the plain system lookup.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      if (!addresses?.length) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), "", 0);
      if (!allowPrivate) {
        const refusal = refusalFor(hostname, addresses);
        if (refusal) return callback(new ForbiddenWebhookAddressError(refusal), "", 0);
      }
      if (options.all) return callback(null, addresses);
      const first = options.family === 4 || options.family === 6 ? (addresses.find((a) => a.family === options.family) ?? addresses[0]) : addresses[0];
      callback(null, first.address, first.family);
    });
  };
}
