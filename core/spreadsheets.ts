import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";

// Spreadsheets that stream: rows go out as they are read, so a large export never sits in memory whole.
// CSV is UTF-8 with a byte-order mark (Excel then shows Persian); XLSX is written by exceljs's streaming
// writer, right-to-left, with the header row bold and frozen, and columns wide enough to read (a streamed
// sheet is sized before its rows: from its header, ISO times and titles wider).

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const ROWS_BETWEEN_YIELDS = 200;

export type SheetRows = AsyncIterable<(string | number | null)[][]>;

export function csvStream(header: string[], pages: SheetRows): Readable {
  const csv = stringify();
  const out = new PassThrough();
  out.write("\uFEFF");
  csv.pipe(out);
  void (async () => {
    try {
      csv.write(header);
      for await (const rows of pages) for (const row of rows) if (!csv.write(row)) await new Promise((r) => csv.once("drain", r));
      csv.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

export function xlsxStream(sheetName: string, header: string[], pages: SheetRows): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ rightToLeft: true, state: "frozen", ySplit: 1 }] });
  sheet.columns = header.map((h) => ({ width: columnWidth(h) }));
  void (async () => {
    try {
      const head = sheet.addRow(header);
      head.font = { bold: true };
      head.commit();
      for await (const rows of pages) {
        for (let i = 0; i < rows.length; i++) {
          sheet.addRow(rows[i]).commit();
          // Writing a row costs tens of microseconds: a page of thousands in one go would hold the event
          // loop (and every chat's next answer) for a second or more. Let others in between.
          if (i % ROWS_BETWEEN_YIELDS === ROWS_BETWEEN_YIELDS - 1) await new Promise((r) => setImmediate(r));
        }
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** Characters a column shows: its header's, at least 12; an ISO time 24; a title or text column 40. */
export function columnWidth(header: string): number {
  if (/ISO/.test(header)) return 24;
  if (/عنوان|متن|شرح|توضیح|title|text/i.test(header)) return 40;
  return Math.min(40, Math.max(12, header.length + 4));
}

/** A whole (small) workbook in memory, for a file sent in chat. */
export async function xlsxBuffer(sheetName: string, header: string[], pages: SheetRows): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(sheetName, header, pages)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Rows already in memory, as the one page a sheet writer takes. */
export async function* onePage<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}
