import type { Db } from "../../../db/client.ts";
import type { UploadedMedia } from "./media.ts";

/**
 * Where the photos of an Open311 request are kept: called inside the filing's transaction (use `tx`), so
 * a failure files nothing. The attachments table keeps chat platforms' file ids, not bytes; until it can
 * hold uploaded bytes, no store is configured and fileRequest records in the case's intake note which
 * files arrived and were not kept (the agency can ask for them; media_url, when sent, still points to them).
 */
export interface UploadStore {
  save(tx: Db, caseId: number, media: UploadedMedia[]): Promise<void>;
}
