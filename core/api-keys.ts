import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, agencyUnits, apiKeys } from "../db/schema.ts";
import type { UnitRegion } from "./access.ts";
import { DomainError } from "./errors.ts";

// API keys of agency back-ends. The key is shown once when created; only its SHA-256 is stored, so a
// leaked database does not leak working keys. A key belongs to one agency (or to no agency: an admin key).

export const API_SCOPES = ["cases:read", "cases:write", "surveys:read", "webhooks:read", "webhooks:write", "reports:read", "directives:write", "broadcasts:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/** An agency key may do everything but announcements, which are the admins' (core/access.ts). */
export const DEFAULT_AGENCY_SCOPES: ApiScope[] = API_SCOPES.filter((s) => s !== "broadcasts:write");
/** The scopes a key gets when none are named: an agency's, or every scope for an admin key. */
export const defaultScopes = (agencyCode: string | null): ApiScope[] => (agencyCode === null ? [...API_SCOPES] : DEFAULT_AGENCY_SCOPES);

export interface ApiPrincipal {
  keyId: number;
  /** null for an admin key, which sees every agency's cases. */
  agencyId: number | null;
  agencyCode: string | null;
  /** Set for a key limited to one unit of its agency: it reaches that unit's region only. */
  unit: UnitRegion | null;
  scopes: string[];
}

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Creates a key for an agency (by code), optionally limited to one of its units (by id), or, with
 * agencyCode null, an admin key. Returns the key itself once.
 */
export async function createApiKey(db: Db, o: { agencyCode: string | null; name: string; scopes?: string[]; unitId?: number }): Promise<{ id: number; key: string; prefix: string }> {
  const scopes = o.scopes ?? defaultScopes(o.agencyCode);
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new DomainError("unknown_scope", `Unknown scope(s): ${unknown.join(", ")}. Known: ${API_SCOPES.join(", ")}.`);
  let agencyId: number | null = null;
  if (o.agencyCode !== null) {
    const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, o.agencyCode));
    if (!agency) throw new DomainError("unknown_agency", `No agency with code ${o.agencyCode}.`);
    agencyId = agency.id;
  }
  if (o.unitId !== undefined) {
    const [unit] = await db.select({ agencyId: agencyUnits.agencyId }).from(agencyUnits).where(eq(agencyUnits.id, o.unitId));
    if (!unit || agencyId === null || unit.agencyId !== agencyId) throw new DomainError("unknown_unit", `Agency ${o.agencyCode ?? "(admin)"} has no unit ${o.unitId}.`);
  }
  const key = `hmy_${randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  const [row] = await db.insert(apiKeys).values({ agencyId, unitId: o.unitId ?? null, name: o.name, prefix, hash: hashKey(key), scopes }).returning({ id: apiKeys.id });
  return { id: row.id, key, prefix };
}

const KEY_FORMAT = /^hmy_[A-Za-z0-9_-]{20,64}$/;

/** The principal behind a presented key, or null for an unknown or revoked key. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiPrincipal | null> {
  if (!KEY_FORMAT.test(key)) return null;
  return principalByHash(db, hashKey(key));
}

async function principalByHash(db: Db, hash: string): Promise<ApiPrincipal | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      agencyId: apiKeys.agencyId,
      agencyCode: agencies.code,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      unitId: agencyUnits.id,
      unitProvinceId: agencyUnits.provinceId,
      unitCountyId: agencyUnits.countyId,
      unitActive: agencyUnits.active,
    })
    .from(apiKeys)
    .leftJoin(agencies, eq(agencies.id, apiKeys.agencyId))
    .leftJoin(agencyUnits, eq(agencyUnits.id, apiKeys.unitId))
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // A unit's key must never widen to its whole agency: a closed unit's key stops working.
  if (row.unitId !== null && row.unitActive !== true) return null;
  // Recording every use would be a write per request; once a minute says enough about activity.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  const unit = row.unitId === null || row.unitProvinceId === null ? null : { unitId: row.unitId, provinceId: row.unitProvinceId, countyId: row.unitCountyId };
  return { keyId: row.id, agencyId: row.agencyId, agencyCode: row.agencyCode, unit, scopes: row.scopes };
}

/** How long a process trusts a key's lookup: a key revoked meanwhile keeps working at most this long. */
export const API_KEY_CACHE_MS = 5_000;

/**
 * verifyApiKey with a short per-process memory of valid keys (by SHA-256, never the key itself): a busy
 * back-end's requests then cost no key lookup, which was one of three statements of an API page. Only
 * a key found valid is kept, for API_KEY_CACHE_MS from the lookup's start, so a revocation (by the CLI, in
 * another process) takes effect within that window; an unknown or revoked key is looked up every time.
 */
export class ApiKeyCache {
  private readonly valid = new Map<string, { principal: ApiPrincipal; expires: number }>();
  constructor(private readonly ttlMs = API_KEY_CACHE_MS) {}

  async verify(db: Db, key: string): Promise<ApiPrincipal | null> {
    if (!KEY_FORMAT.test(key)) return null;
    const hash = hashKey(key);
    const startedAt = Date.now();
    const hit = this.valid.get(hash);
    if (hit && hit.expires > startedAt) return hit.principal;
    const principal = await principalByHash(db, hash);
    if (!principal) {
      this.valid.delete(hash);
      return null;
    }
    // Shared by every request of the window: frozen, so no route can change what the next one sees.
    const shared = Object.freeze({ ...principal, unit: principal.unit && Object.freeze({ ...principal.unit }), scopes: Object.freeze([...principal.scopes]) as string[] });
    this.remember(hash, shared, startedAt + this.ttlMs);
    return shared;
  }

  /** Forgets every remembered key: after a key changed in this process (the CLI run by the app), it counts at once. */
  clear(): void {
    this.valid.clear();
  }

  private remember(hash: string, principal: ApiPrincipal, expires: number): void {
    // Entries are valid keys only, so the map stays as small as the keys in use; expired ones go here.
    if (this.valid.size >= 1_000) {
      const now = Date.now();
      for (const [h, e] of this.valid) if (e.expires <= now) this.valid.delete(h);
    }
    this.valid.set(hash, { principal, expires });
  }
}

export async function listApiKeys(db: Db, agencyCode?: string) {
  const rows = await db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, agency: agencies.code, unitId: apiKeys.unitId, scopes: apiKeys.scopes, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .leftJoin(agencies, eq(agencies.id, apiKeys.agencyId))
    .orderBy(asc(apiKeys.id));
  return agencyCode ? rows.filter((r) => r.agency === agencyCode) : rows;
}

/** Revokes a key by id; false when there is no such active key. */
export async function revokeApiKey(db: Db, id: number): Promise<boolean> {
  const rows = await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return rows.length > 0;
}
