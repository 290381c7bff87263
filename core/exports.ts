import type { Db } from "../db/client.ts";
import { reachOf, type Action, type Actor, type RecordKind } from "./access.ts";
import { CASE_EXPORT_COLUMNS, caseExportRows } from "./case-exports.ts";
import type { ExportCell, ExportRange, SheetExport } from "./export-cells.ts";
import { monthlyReportExport } from "./monthly-report-exports.ts";
import { quarterlyReportExport } from "./quarterly-report-exports.ts";
import { xlsxBuffer } from "./spreadsheets.ts";
import { surveyExport } from "./survey-exports.ts";

// Every export by its name, so the API and the chat ask for one the same way and each kind scopes itself.

export const EXPORT_KINDS = ["cases", "surveys", "monthly_reports", "quarterly_reports"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const isExportKind = (v: unknown): v is ExportKind => typeof v === "string" && (EXPORT_KINDS as readonly string[]).includes(v);

/** Each export's name in URLs (GET /v1/exports/<slug>) and file names. */
export const EXPORT_SLUGS: Record<ExportKind, string> = { cases: "cases", surveys: "surveys", monthly_reports: "monthly-reports", quarterly_reports: "quarterly-reports" };

// What an actor must reach for an export to hold anything: surveys are counted, not read (survey-exports.ts).
const NEEDS: Record<ExportKind, [RecordKind, Action]> = {
  cases: ["case", "read"],
  surveys: ["case", "count"],
  monthly_reports: ["monthly_report", "read"],
  quarterly_reports: ["quarterly_report", "read"],
};

/** The exports that can hold something for the actor (an assistant reads no quarterly report, staff no case). */
export const exportsFor = (actor: Actor): ExportKind[] => EXPORT_KINDS.filter((k) => reachOf(actor, ...NEEDS[k]) !== "none");

/** The export of `kind` for the actor over the range, not yet read: its rows come as the writer pulls them. */
export function exportOf(db: Db, actor: Actor, kind: ExportKind, range: ExportRange): SheetExport {
  switch (kind) {
    case "cases":
      return { sheet: "cases", columns: CASE_EXPORT_COLUMNS, pages: caseExportRows(db, actor, range) };
    case "surveys":
      return surveyExport(db, actor, range);
    case "monthly_reports":
      return monthlyReportExport(db, actor, range);
    case "quarterly_reports":
      return quarterlyReportExport(db, actor, range);
  }
}

/** The first `max` rows of an export's pages; afterwards `more()` tells whether any were left out. */
export function firstRows(pages: AsyncIterable<ExportCell[][]>, max: number): { pages: AsyncGenerator<ExportCell[][]>; count: () => number; more: () => boolean } {
  let count = 0;
  let more = false;
  async function* taken() {
    for await (const rows of pages) {
      // Full: one more page says whether anything was left out; returning ends the query loop upstream.
      if (count >= max) {
        if (rows.length === 0) continue;
        more = true;
        return;
      }
      const kept = rows.slice(0, max - count);
      count += kept.length;
      yield kept;
      if (kept.length < rows.length) {
        more = true;
        return;
      }
    }
  }
  return { pages: taken(), count: () => count, more: () => more };
}

/** An export as one XLSX in memory, at most `maxRows` rows (for a file sent in chat; the API streams any size). */
export async function exportWorkbook(db: Db, actor: Actor, kind: ExportKind, range: ExportRange, maxRows: number): Promise<{ content: Buffer; rows: number; truncated: boolean }> {
  const sheet = exportOf(db, actor, kind, range);
  const capped = firstRows(sheet.pages, maxRows);
  const content = await xlsxBuffer(sheet.sheet, sheet.columns.map((c) => c.fa), capped.pages);
  return { content, rows: capped.count(), truncated: capped.more() };
}
