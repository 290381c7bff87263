import type { MediaType } from "./open311.ts";

// What an image file is, read from its first bytes rather than from what a client or platform declared:
// Open311 uploads are checked with it, and an attachment is served with the type its bytes have (a PNG
// sent as a photo from the chat page is not a JPEG because Telegram's photos are).

/** The image type a file's first bytes show, or null for anything else. */
export function sniffImageType(bytes: Buffer): MediaType | null {
  const ascii = (from: number, to: number) => bytes.subarray(from, to).toString("latin1");
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 6 && (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a")) return "image/gif";
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  // HEIC/HEIF (iPhone photos): an ISO media file whose brand is one of the HEIF image brands.
  if (bytes.length >= 12 && ascii(4, 8) === "ftyp" && ["heic", "heix", "heim", "heis", "mif1", "msf1"].includes(ascii(8, 12))) return "image/heic";
  return null;
}
