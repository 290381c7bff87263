import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { generatedFiles } from "../db/schema.ts";

// Files the product makes (charts, spreadsheets) travel through the reply queue and deliveries as a
// reference, `{ generated_file: id }`, in place of a file id: the queue stays JSON, and the bytes are read
// only by the sender that uploads them (messaging/uploads.ts).

export interface GeneratedFileRef {
  generated_file: number;
}

export interface NewGeneratedFile {
  fileName: string;
  mimeType: string;
  content: Buffer | Uint8Array;
}

export const PNG = "image/png";

/** Keeps a file made for chat (in the caller's transaction) and answers the reference to send. */
export async function storeGeneratedFile(db: Db, file: NewGeneratedFile): Promise<GeneratedFileRef> {
  const [row] = await db
    .insert(generatedFiles)
    .values({ fileName: file.fileName, mimeType: file.mimeType, content: Buffer.from(file.content) })
    .returning({ id: generatedFiles.id });
  return { generated_file: row.id };
}

export const isGeneratedFileRef = (v: unknown): v is GeneratedFileRef =>
  typeof v === "object" && v !== null && typeof (v as GeneratedFileRef).generated_file === "number" && Object.keys(v).length === 1;

/** The file's bytes and the file id the platform gave it on an earlier upload, if any. */
export async function readGeneratedFile(db: Db, id: number, platform: string) {
  const [row] = await db.select().from(generatedFiles).where(eq(generatedFiles.id, id));
  if (!row) return null;
  return { fileName: row.fileName, mimeType: row.mimeType, content: row.content, fileId: row.platformFileIds[platform] ?? null };
}

/** Remembers the platform's file id for an uploaded file, so the next send names it instead of uploading. */
export async function rememberPlatformFileId(db: Db, id: number, platform: string, fileId: string): Promise<void> {
  await db.execute(sql`update generated_files set platform_file_ids = platform_file_ids || jsonb_build_object(${platform}::text, ${fileId}::text) where id = ${id}`);
}
