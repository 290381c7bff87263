import { Resvg } from "@resvg/resvg-js";
import { eq } from "drizzle-orm";
import { PNG, storeGeneratedFile, type GeneratedFileRef } from "../../core/generated-files.ts";
import type { Db } from "../../db/client.ts";
import { generatedFiles } from "../../db/schema.ts";

// Files the product makes, for the tests of sending them: a real PNG of a given size, a spreadsheet's
// stand-in, and what the database remembers of their uploads.

/** A real PNG image of this size (a red square), as the charts are. */
export function tinyPng(width = 120, height = 80): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#c0392b"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng());
}

/** Bytes that stand for a spreadsheet (any bytes do: the platform does not open a document). */
export const spreadsheetBytes = (tag: string) => Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.from(`sheet ${tag} `.repeat(200))]);

export const storePng = (db: Db, bytes: Buffer, fileName = "chart.png"): Promise<GeneratedFileRef> => storeGeneratedFile(db, { fileName, mimeType: PNG, content: bytes });

export const storeSpreadsheet = (db: Db, bytes: Buffer, fileName = "report.xlsx"): Promise<GeneratedFileRef> =>
  storeGeneratedFile(db, { fileName, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content: bytes });

/** The file ids the platforms gave a generated file's uploads, by platform. */
export async function platformFileIds(db: Db, ref: GeneratedFileRef): Promise<Record<string, string>> {
  const [row] = await db.select({ ids: generatedFiles.platformFileIds }).from(generatedFiles).where(eq(generatedFiles.id, ref.generated_file));
  return row?.ids ?? {};
}
