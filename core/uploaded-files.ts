import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { attachmentContents, attachments } from "../db/schema.ts";

// Files that arrive over HTTP (Open311 media) have no chat platform holding their bytes, so Hamyar keeps
// them: an attachments row like a chat photo's (platform "upload", file_id naming the bytes' hash) and
// the bytes in attachment_contents, both in the caller's transaction, so a filing that fails keeps none.

/** The platform value of attachments whose bytes Hamyar keeps itself. */
export const UPLOAD_PLATFORM = "upload";

export interface UploadedFile {
  fileName: string | null;
  /** Checked by the caller against the bytes, never the client's word. */
  mimeType: string;
  bytes: Buffer;
  sha256: string;
}

/** Attaches the files to the case, bytes included (in the caller's transaction; use `tx`). */
export async function saveUploadedFiles(tx: Db, caseId: number, files: UploadedFile[]): Promise<number[]> {
  if (files.length === 0) return [];
  const rows = await tx
    .insert(attachments)
    .values(
      files.map((f) => ({
        caseId,
        kind: "photo",
        platform: UPLOAD_PLATFORM,
        fileId: `sha256:${f.sha256}`,
        fileUniqueId: f.sha256,
        mimeType: f.mimeType,
        fileName: f.fileName,
        fileSize: f.bytes.length,
      })),
    )
    .returning({ id: attachments.id });
  await tx.insert(attachmentContents).values(rows.map((r, i) => ({ attachmentId: r.id, content: files[i].bytes, sha256: files[i].sha256 })));
  return rows.map((r) => r.id);
}

/** The kept bytes of an attachment, or null when Hamyar keeps none (a chat platform's file). */
export async function uploadedContent(db: Db, attachmentId: number): Promise<Buffer | null> {
  const [row] = await db.select({ content: attachmentContents.content }).from(attachmentContents).where(eq(attachmentContents.attachmentId, attachmentId));
  return row?.content ?? null;
}
