import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { sniffImageType } from "../../../core/image-type.ts";
import { MEDIA_LIMITS, type MediaType } from "../../../core/open311.ts";
import { toPersianDigits } from "../../../core/persian.ts";
import { badRequest, type Message } from "./errors.ts";
import { add, type Params } from "./params.ts";

// Photos sent with POST requests as multipart/form-data (FixMyStreet does so for cobrands that set
// upload_files; Helsinki's GeoReport v2 media extension names the field "media"). The form's other parts
// are the same fields as a urlencoded POST. Limits are enforced while reading (@fastify/multipart), types
// by the files' own bytes.

/** File fields taken as media: media (repeated), media[], media1…, and photo, photo[], photo1… as clients name them. */
const MEDIA_FIELD = /^(media|photo)(\d{1,2}|\[\])?$/;
const MB = 1024 * 1024;

/** A file as it arrived, before its type is checked. */
export interface ReceivedFile {
  fieldName: string;
  /** The client's file name (basename only), or null. */
  fileName: string | null;
  declaredType: string;
  bytes: Buffer;
}

/** A photo that passed the checks, ready to be kept with the case. */
export interface UploadedMedia {
  fileName: string | null;
  /** The type its bytes show, whatever the client declared. */
  mimeType: MediaType;
  bytes: Buffer;
  sha256: string;
}

const LIMIT_MB = MEDIA_LIMITS.fileBytes / MB;
const TYPE_LIST = "JPEG, PNG, GIF, WebP, HEIC";
const nameOf = (f: { fileName: string | null; fieldName?: string }, n: number) => f.fileName ?? `${f.fieldName ?? "media"} #${n}`;

/**
 * Reads a multipart form: its fields as parameters and its media files into memory. The parameters are
 * set as the request's body at once, so an error thrown halfway is still answered in the form's locale.
 * Throws 400 for a file in another field, a field or a file over its limit.
 */
export async function readMultipartForm(request: FastifyRequest): Promise<{ params: Params; files: ReceivedFile[] }> {
  const params: Params = new Map();
  (request as { body: unknown }).body = params;
  const files: ReceivedFile[] = [];
  try {
    await readParts(request, params, files);
  } catch (err) {
    // The multipart parser's own complaints (a body cut short, a broken part header) come as plain errors:
    // the client's mistake, answered 400 in the spec's format rather than 500.
    if (isMalformedMultipart(err)) throw badRequest({ fa: "بدنهٔ چندبخشی ناقص یا نامعتبر رسید؛ درخواست را دوباره بفرستید.", en: "The multipart body was cut short or malformed; send the request again." });
    throw err;
  }
  return { params, files };
}

const MALFORMED = /unexpected end of (form|multipart)|malformed (part )?header|boundary not found|multipart: /i;
const isMalformedMultipart = (err: unknown) => err instanceof Error && !("statusCode" in err) && MALFORMED.test(err.message);

async function readParts(request: FastifyRequest, params: Params, files: ReceivedFile[]): Promise<void> {
  for await (const part of request.parts()) {
    if (part.type === "field") {
      if (part.valueTruncated || part.fieldnameTruncated) {
        throw badRequest({
          fa: `فیلد «${part.fieldname}» بیش از ${toPersianDigits(MEDIA_LIMITS.fieldBytes / 1024)} کیلوبایت است.`,
          en: `Field "${part.fieldname}" is over ${MEDIA_LIMITS.fieldBytes / 1024} KB.`,
        });
      }
      add(params, part.fieldname, part.value);
      continue;
    }
    if (!MEDIA_FIELD.test(part.fieldname)) {
      throw badRequest({
        fa: `فایل در فیلد «${part.fieldname}» پذیرفته نیست؛ عکس‌ها را در فیلد media بفرستید (برای چند عکس، media را تکرار کنید).`,
        en: `A file in field "${part.fieldname}" is not accepted; send photos in the media field (repeat media for several).`,
      });
    }
    // The name ends up on one line of the case's intake note: no line breaks, controls or bidi overrides.
    // (ZWNJ stays: Persian names need it.)
    const cleaned = (part.filename ?? "").replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\s]+/gu, " ").trim();
    const fileName = cleaned ? [...cleaned].slice(0, 200).join("") : null;
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if ((err as { code?: string }).code !== "FST_REQ_FILE_TOO_LARGE") throw err;
      const name = nameOf({ fileName, fieldName: part.fieldname }, files.length + 1);
      throw badRequest({ fa: `فایل «${name}» بیش از ${toPersianDigits(LIMIT_MB)} مگابایت است؛ عکس را کوچک‌تر کنید.`, en: `File "${name}" is over ${LIMIT_MB} MB; send a smaller photo.` });
    }
    // A form's empty file input arrives as a part without a name or bytes: nothing was chosen.
    if (bytes.length === 0 && !fileName) continue;
    files.push({ fieldName: part.fieldname, fileName, declaredType: part.mimetype, bytes });
  }
}

/** Checks each file's type and size; one error per file that fails. */
export function checkMedia(files: ReceivedFile[]): { media: UploadedMedia[]; errors: Message[] } {
  const media: UploadedMedia[] = [];
  const errors: Message[] = [];
  files.forEach((f, i) => {
    const name = nameOf(f, i + 1);
    if (f.bytes.length === 0) {
      errors.push({ fa: `فایل «${name}» خالی است.`, en: `File "${name}" is empty.` });
      return;
    }
    const mimeType = sniffImageType(f.bytes);
    if (!mimeType) {
      errors.push({
        fa: `فایل «${name}» عکس ${TYPE_LIST} نیست؛ media فقط این عکس‌ها را می‌پذیرد (نوع اعلام‌شده: ${f.declaredType}).`,
        en: `File "${name}" is not a ${TYPE_LIST} image; media takes only these (declared type: ${f.declaredType}).`,
      });
      return;
    }
    media.push({ fileName: f.fileName, mimeType, bytes: f.bytes, sha256: createHash("sha256").update(f.bytes).digest("hex") });
  });
  return { media, errors };
}

/** Refuses files where no files are taken (every route but POST requests). */
export function refuseFiles(files: ReceivedFile[]): void {
  if (files.length === 0) return;
  throw badRequest({
    fa: "این منبع فایل نمی‌پذیرد؛ عکس را با media_url (نشانی عکس) بفرستید.",
    en: "This resource takes no files; send the photo's address as media_url.",
  });
}
