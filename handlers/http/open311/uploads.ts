import { saveUploadedFiles } from "../../../core/uploaded-files.ts";
import type { Db } from "../../../db/client.ts";
import type { UploadedMedia } from "./media.ts";

/**
 * Where the photos of an Open311 request are kept: called inside the filing's transaction (use `tx`), so
 * a failure files nothing. An interface so a test can make it fail.
 */
export interface UploadStore {
  save(tx: Db, caseId: number, media: UploadedMedia[]): Promise<void>;
}

/** The default: the case's attachments, bytes in PostgreSQL (core/uploaded-files.ts). */
export const databaseUploadStore: UploadStore = {
  async save(tx, caseId, media) {
    await saveUploadedFiles(tx, caseId, media);
  },
};
