import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pino, { type Logger } from "pino";
import { createApiKey } from "../../core/api-keys.ts";
import type { CaseKind } from "../../core/case-kinds.ts";
import { fileCase, type AttachmentInput } from "../../core/cases.ts";
import { upsertUser } from "../../core/users.ts";
import type { Db } from "../../db/client.ts";
import { agencies, cases, counties, provinces } from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";
import type { PlatformFiles } from "../../bot/platform-files.ts";
import type { RateLimitSettings } from "../../handlers/http/rate-limits.ts";

// Data for API v1 tests, made through the real core functions (fileCase, createApiKey) so a case looks
// exactly like one filed in chat.

/** The HTTP app for API tests; without `rateLimit` no request budget applies. */
export async function apiApp(db: Db, o: { files?: PlatformFiles; logger?: Logger; rateLimit?: RateLimitSettings; trustProxy?: boolean } = {}): Promise<FastifyInstance> {
  return buildApp({ db, logger: o.logger ?? pino({ level: "silent" }), api: { files: o.files }, rateLimit: o.rateLimit, trustProxy: o.trustProxy });
}

export async function agencyId(db: Db, code: string): Promise<number> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  if (!row) throw new Error(`no seeded agency ${code}`);
  return row.id;
}

/** A province by code with its first counties (ids). */
export async function region(db: Db, provinceCode: string): Promise<{ provinceId: number; countyIds: number[] }> {
  const [p] = await db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, provinceCode));
  const cs = await db.select({ id: counties.id }).from(counties).where(eq(counties.provinceId, p.id)).orderBy(asc(counties.id));
  return { provinceId: p.id, countyIds: cs.map((c) => c.id) };
}

let nextCitizen = 900_000;

export interface CaseSpec {
  agency: string;
  kind?: CaseKind;
  province?: string;
  county?: number;
  anonymous?: boolean;
  attachments?: AttachmentInput[];
  subject?: string;
}

/** Files a case through core fileCase; returns its tracking code and id. */
export async function makeCase(db: Db, spec: CaseSpec): Promise<{ code: string; id: number }> {
  const user = await upsertUser(db, { platform: "telegram", platformUserId: nextCitizen++, firstName: "شهروند" });
  const { provinceId, countyIds } = await region(db, spec.province ?? "THR");
  const r = await fileCase(db, {
    platform: "telegram",
    userId: user.id,
    kind: spec.kind ?? "complaint",
    agencyId: await agencyId(db, spec.agency),
    provinceId,
    countyId: spec.county ?? countyIds[0],
    subject: spec.subject ?? "تأخیر در پرداخت مستمری",
    description: "مستمری این ماه من با ده روز تأخیر پرداخت شده و پاسخگویی هم نبوده است.",
    anonymous: spec.anonymous ?? false,
    contactPhone: spec.anonymous ? null : "989121234567",
    contactPhoneVerified: !spec.anonymous,
    attachments: spec.attachments ?? [],
    clientKey: randomUUID(),
  });
  return { code: r.trackingCode, id: r.caseId };
}

/** Sets a case's columns directly (status, timestamps) to build listings. */
export async function setCase(db: Db, id: number, values: { status?: string; updatedAt?: string; createdAt?: string }): Promise<void> {
  await db
    .update(cases)
    .set({
      ...(values.status ? { status: values.status } : {}),
      ...(values.updatedAt ? { updatedAt: sql`${values.updatedAt}::timestamptz` } : {}),
      ...(values.createdAt ? { createdAt: sql`${values.createdAt}::timestamptz` } : {}),
    })
    .where(eq(cases.id, id));
}

/** A new API key of an agency (or admin, with null); returns the Authorization header. */
export async function bearer(db: Db, agencyCode: string | null, scopes?: string[]): Promise<{ authorization: string }> {
  const { key } = await createApiKey(db, { agencyCode, name: "test", scopes });
  return { authorization: `Bearer ${key}` };
}

/** The error body of a response, checked to have the API's shape. */
export function errorOf(res: LightMyRequestResponse): { code: string; message: string; details?: { in: string; field: string; message: string }[] } {
  const body = res.json();
  if (!body?.error || typeof body.error.code !== "string" || typeof body.error.message !== "string") throw new Error(`not an API error body: ${res.body}`);
  return body.error;
}
