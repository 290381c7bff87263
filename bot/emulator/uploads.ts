import { InputFile } from "grammy";

// Files the bot uploads to the emulator, as Telegram takes them: multipart over HTTP, or a grammY InputFile
// handed to the in-process transformer. Either way the method sees an Upload in the file's field.

/** The bytes of a file the bot uploaded, with the name it gave them. */
export class Upload {
  constructor(
    readonly bytes: Buffer,
    readonly fileName?: string,
  ) {}
}

/** Reads an InputFile's bytes (a buffer, a stream or an iterable, as grammY would send them). */
export async function uploadOf(file: InputFile): Promise<Upload> {
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return new Upload(Buffer.from(raw), file.filename);
  const chunks: Buffer[] = [];
  for await (const chunk of raw as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return new Upload(Buffer.concat(chunks), file.filename);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An image's size from its PNG header (IHDR comes first), or null for anything else. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  pdf: "application/pdf",
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  oga: "audio/ogg",
  ogg: "audio/ogg",
};

/** The extension of a file name, or null. */
export const extensionOf = (fileName: string | undefined) => (fileName && /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase()) || null;

/** The type Telegram would give an upload: grammY labels every part application/octet-stream, so the name decides. */
export const mimeOf = (fileName: string | undefined) => MIME_BY_EXTENSION[extensionOf(fileName) ?? ""] ?? "application/octet-stream";
