import { formatJalaliDateTime } from "./jalali.ts";

// What every export sheet is made of: columns with Persian headers, rows of plain cells read page by page,
// and the two ways a time is written (Jalali for people, ISO for machines).

export interface ExportColumn {
  key: string;
  fa: string;
}

export type ExportCell = string | number | null;

/** An export ready to write: its sheet name, its columns (which may depend on the actor) and its rows, page by page. */
export interface SheetExport {
  sheet: string;
  columns: ExportColumn[];
  pages: AsyncGenerator<ExportCell[][]>;
}

/** [from, to) in instants; a period label becomes one through core/jalali-periods.ts. */
export interface ExportRange {
  from: Date;
  to: Date;
}

export const isoCell = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);
export const jalaliCell = (v: unknown): string | null => (v ? formatJalaliDateTime(new Date(v as string), "fa") : null);
export const yesNoCell = (v: unknown): string => (v ? "yes" : "no");

// A CSV cell starting with = + - @ runs as a formula when Excel opens it: what people typed is data, never code.
export const textCell = (v: unknown): string | null => (v == null ? null : /^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v));
