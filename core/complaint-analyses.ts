import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, complaintAnalyses, provinces, users } from "../db/schema.ts";
import type { CaseFigures } from "./case-figures.ts";

// The quarterly complaint analysis (seed 001 §3-1.4) as records: every agency, every province and the whole
// system get one per Jalali quarter, kept with the figures it was written from. Who reads each: an agency's
// ministry representatives and the admins; a province's representatives; the admins for the system.

export interface AnalysisScope {
  /** "system", "agency:<id>" or "province:<id>": unique with the period. */
  key: string;
  agencyId?: number;
  provinceId?: number;
  name: { fa: string; en: string };
}

export const SYSTEM_SCOPE: AnalysisScope = { key: "system", name: { fa: "کل کشور", en: "the whole country" } };

/** The scope of an agency's or a province's analysis, or the system's. */
export function analysisScopeKey(s: { agencyId?: number; provinceId?: number }): string {
  if (s.agencyId !== undefined) return `agency:${s.agencyId}`;
  if (s.provinceId !== undefined) return `province:${s.provinceId}`;
  return "system";
}

/** Every scope an analysis is made for: the system, each agency, each province. */
export async function analysisScopes(db: Db): Promise<AnalysisScope[]> {
  const [as, ps] = await Promise.all([db.select().from(agencies).orderBy(agencies.id), db.select().from(provinces).orderBy(provinces.id)]);
  return [
    SYSTEM_SCOPE,
    ...as.map((a) => ({ key: analysisScopeKey({ agencyId: a.id }), agencyId: a.id, name: { fa: a.nameFa, en: a.nameEn } })),
    ...ps.map((p) => ({ key: analysisScopeKey({ provinceId: p.id }), provinceId: p.id, name: { fa: `استان ${p.nameFa}`, en: `${p.nameEn} province` } })),
  ];
}

export interface KeptAnalysis {
  id: number;
  period: string;
  scopeKey: string;
  figures: CaseFigures;
  narrative: string;
  chartFileIds: number[];
  spreadsheetFileId: number | null;
  createdAt: Date;
}

/** The analysis kept for a quarter and scope, or null when the job has not made it. */
export async function keptAnalysis(db: Db, period: string, scopeKey: string): Promise<KeptAnalysis | null> {
  const [row] = await db.select().from(complaintAnalyses).where(and(eq(complaintAnalyses.period, period), eq(complaintAnalyses.scopeKey, scopeKey)));
  return row ? { ...row, figures: row.figures as unknown as CaseFigures } : null;
}

export interface NewAnalysis {
  period: string;
  scope: AnalysisScope;
  figures: CaseFigures;
  narrative: string;
  chartFileIds: number[];
  spreadsheetFileId: number | null;
}

/** Keeps an analysis (in the caller's transaction); null when one is kept for that quarter and scope already. */
export async function keepAnalysis(tx: Db, a: NewAnalysis): Promise<number | null> {
  const [row] = await tx
    .insert(complaintAnalyses)
    .values({
      period: a.period,
      scopeKey: a.scope.key,
      agencyId: a.scope.agencyId ?? null,
      provinceId: a.scope.provinceId ?? null,
      figures: a.figures as unknown as Record<string, unknown>,
      narrative: a.narrative,
      chartFileIds: a.chartFileIds,
      spreadsheetFileId: a.spreadsheetFileId,
    })
    // ON CONFLICT DO NOTHING, not a caught 23505: a failed statement would abort the job's transaction.
    .onConflictDoNothing({ target: [complaintAnalyses.period, complaintAnalyses.scopeKey] })
    .returning({ id: complaintAnalyses.id });
  return row?.id ?? null;
}

/** Who an analysis goes to: the agency's ministry representatives, the province's representatives; admins as the caller adds them. */
export async function analysisReaders(db: Db, scope: AnalysisScope): Promise<number[]> {
  if (scope.agencyId !== undefined) {
    const rows = await db.select({ id: users.id }).from(users).where(and(sql`${users.roles}[1] = 'ministry'`, eq(users.agencyId, scope.agencyId)));
    return rows.map((r) => r.id);
  }
  if (scope.provinceId !== undefined) {
    const rows = await db.select({ id: users.id }).from(users).where(and(sql`${users.roles}[1] = 'provincial'`, eq(users.provinceId, scope.provinceId)));
    return rows.map((r) => r.id);
  }
  return [];
}
