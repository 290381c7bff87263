import { GrammyError, InputFile } from "grammy";
import type { Logger } from "pino";
import { isGeneratedFileRef, readGeneratedFile, rememberPlatformFileId, type GeneratedFileRef } from "../core/generated-files.ts";
import type { Db } from "../db/client.ts";
import { safeError } from "../logger.ts";

// Files the product made travel through the reply queue and deliveries as `{ generated_file: id }`. Just
// before a call leaves, the ref becomes the platform's file id from an earlier upload, or the bytes (an
// InputFile, so grammY sends multipart). After an upload the file id in the answer is kept: a report sent to
// 500 people is uploaded once per platform. Concurrent sends of one file in this process wait for the one
// upload in flight instead of each uploading; two instances may each upload it once.

/** The fields of a call that can name a generated file. */
const FILE_FIELDS = ["photo", "document"] as const;
type FileField = (typeof FILE_FIELDS)[number];

/** A call names a generated file that no longer exists: no retry can send it. */
export class GeneratedFileMissing extends Error {
  constructor(readonly generatedFileId: number) {
    super(`generated file ${generatedFileId} no longer exists; the message naming it cannot be sent`);
    this.name = "GeneratedFileMissing";
  }
}

export type SendCall = (method: string, payload: Record<string, unknown>) => Promise<unknown>;

export interface GeneratedFileUploads {
  /** Makes the call through `send` with any generated-file ref replaced; throws GeneratedFileMissing for a deleted file. */
  call(method: string, payload: Record<string, unknown>, send: SendCall): Promise<unknown>;
}

// A file id the platform no longer knows (another bot's, or an emulator that restarted): upload again.
const staleFileId = (err: unknown) => err instanceof GrammyError && err.error_code === 400 && /wrong (remote )?file identifier|invalid file_id|file reference/i.test(err.description);

// /stats draws a new chart at every press: a sender that runs for months would otherwise keep every id.
const KNOWN_CAP = 1000;

type Found = { fileId: string } | { upload: InputFile; done: (fileId: string | null) => void };

export function createGeneratedFileUploads(o: { db: Db; platform: string; logger: Logger }): GeneratedFileUploads {
  /** File ids this process already has, by generated file: no database read for the 2nd…500th recipient. */
  const known = new Map<number, string>();
  /** One upload of a file at a time: the other sends of it wait, then name the file id it got. */
  const inFlight = new Map<number, Promise<void>>();
  /** Deleted files (ids are never reused): every later recipient fails at once, logged once. */
  const missing = new Set<number>();

  function remember(id: number, fileId: string) {
    if (known.size >= KNOWN_CAP) known.delete(known.keys().next().value!);
    known.set(id, fileId);
  }

  /** The file id to send by, or the bytes to upload (this caller then owns the upload and must call done). */
  async function find(id: number, notThis?: string): Promise<Found> {
    for (;;) {
      const fileId = known.get(id);
      if (fileId && fileId !== notThis) return { fileId };
      const pending = inFlight.get(id);
      if (pending) {
        await pending;
        continue;
      }
      if (missing.has(id)) throw new GeneratedFileMissing(id);
      const file = await readGeneratedFile(o.db, id, o.platform);
      if (!file) {
        missing.add(id);
        o.logger.error({ generatedFileId: id, platform: o.platform }, "a message names a generated file that was deleted; it fails for good");
        throw new GeneratedFileMissing(id);
      }
      if (file.fileId && file.fileId !== notThis) {
        remember(id, file.fileId);
        return { fileId: file.fileId };
      }
      // Someone else began while the row was read: wait for theirs. No await from here to the set below.
      if (inFlight.has(id) || (known.has(id) && known.get(id) !== notThis)) continue;
      let finish!: () => void;
      inFlight.set(id, new Promise<void>((resolve) => (finish = resolve)));
      const done = (uploaded: string | null) => {
        if (uploaded) remember(id, uploaded);
        inFlight.delete(id);
        finish();
      };
      return { upload: new InputFile(file.content, file.fileName), done };
    }
  }

  async function upload(id: number, field: FileField, found: Extract<Found, { upload: InputFile }>, method: string, payload: Record<string, unknown>, send: SendCall) {
    let uploaded: string | null = null;
    try {
      const result = await send(method, { ...payload, [field]: found.upload });
      uploaded = fileIdIn(field, result);
      if (uploaded) await rememberPlatformFileId(o.db, id, o.platform, uploaded).catch((err) => o.logger.warn({ err: safeError(err), generatedFileId: id }, "could not keep an uploaded file's id; the next send uploads it again"));
      return result;
    } finally {
      found.done(uploaded);
    }
  }

  return {
    async call(method, payload, send) {
      const field = FILE_FIELDS.find((f) => isGeneratedFileRef(payload[f]));
      if (!field) return send(method, payload);
      const id = (payload[field] as GeneratedFileRef).generated_file;
      const found = await find(id);
      if ("upload" in found) return upload(id, field, found, method, payload, send);
      try {
        return await send(method, { ...payload, [field]: found.fileId });
      } catch (err) {
        if (!staleFileId(err)) throw err;
        if (known.get(id) === found.fileId) known.delete(id);
        const again = await find(id, found.fileId);
        if ("upload" in again) return upload(id, field, again, method, payload, send);
        return send(method, { ...payload, [field]: again.fileId });
      }
    },
  };
}

/** The file id the platform gave an upload: the largest size of a photo, or the document's. */
function fileIdIn(field: FileField, result: unknown): string | null {
  const message = result as { photo?: { file_id: string; width?: number; height?: number }[]; document?: { file_id: string } } | null;
  if (field === "document") return message?.document?.file_id ?? null;
  const sizes = Array.isArray(message?.photo) ? message.photo : [];
  const largest = sizes.reduce<(typeof sizes)[number] | null>((best, s) => (!best || (s.width ?? 0) * (s.height ?? 0) >= (best.width ?? 0) * (best.height ?? 0) ? s : best), null);
  return largest?.file_id ?? null;
}
