import { isCaseKind, mayBeAnonymous } from "../../../core/case-kinds.ts";
import { listCounties, listProvinces, type CatalogSource } from "../../../core/catalog.ts";
import { parseIranianMobile } from "../../../core/identity.ts";
import { DESCRIPTION_MAX, subjectFromDescription } from "../../../core/open311.ts";
import { searchKey, toAsciiDigits } from "../../../core/persian.ts";
import { checkText, LIMITS, type TextCheck } from "../../../core/text-input.ts";
import { badRequest, type Message } from "./errors.ts";
import { attributes, one, type Params } from "./params.ts";
import { ATTRIBUTE, type Service } from "./services.ts";
import type { Filing } from "./store.ts";

// POST requests: from form fields to a case to file. Every problem is collected and answered together,
// one error per problem, so a client can fix its form in one round.

const TEXT_ERRORS: Record<Exclude<TextCheck, { ok: true }>["error"], Message> = {
  empty: { fa: "خالی است", en: "is empty" },
  too_short: { fa: "بیش از حد کوتاه است", en: "is too short" },
  too_long: { fa: "بیش از حد بلند است", en: "is too long" },
  no_words: { fa: "باید متن داشته باشد، نه فقط نشانه یا شکلک", en: "must contain words, not only symbols or emoji" },
  hidden_chars: { fa: "نویسه‌های کنترلی یا جهت‌دهی پنهان دارد", en: "contains hidden control or direction characters" },
};

export const textError = (field: string, check: Exclude<TextCheck, { ok: true }>, limits: { min: number; max: number }): Message => ({
  fa: `${field} ${TEXT_ERRORS[check.error].fa} (بین ${limits.min} تا ${limits.max} نویسه).`,
  en: `${field} ${TEXT_ERRORS[check.error].en} (${limits.min} to ${limits.max} characters).`,
});

export const DESCRIPTION_LIMITS = { min: 2, max: DESCRIPTION_MAX };
const ADDRESS_LIMITS = { min: 2, max: LIMITS.address.max };
const NAME_LIMITS = { min: 1, max: 100 };
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]{2,}$/;
/** Identifiers and free phone numbers are kept on one line in the intake note. */
const singleLine = (v: string, max: number) => v.replace(/\s+/g, " ").slice(0, max);

/** Reads and checks the fields of a POST; throws one 400 with every problem found, after those already found (`prior`). */
export async function readFiling(src: CatalogSource, params: Params, service: Service, keyId: number, prior: Message[] = []): Promise<Filing> {
  const errors: Message[] = [...prior];
  const attrs = attributes(params);
  const attr = (code: string) => attrs.get(code)?.[0];

  // Location: lat and long together, or an address, or an address id.
  const latRaw = one(params, "lat");
  const longRaw = one(params, "long");
  const addressString = one(params, "address_string");
  const addressId = one(params, "address_id");
  let latitude: number | null = null;
  let longitude: number | null = null;
  if (latRaw !== undefined || longRaw !== undefined) {
    const lat = Number(latRaw);
    const long = Number(longRaw);
    if (latRaw === undefined || longRaw === undefined) {
      errors.push({ fa: "lat و long باید با هم فرستاده شوند.", en: "lat and long must be sent together." });
    } else if (!Number.isFinite(lat) || !Number.isFinite(long) || Math.abs(lat) > 90 || Math.abs(long) > 180) {
      errors.push({ fa: "lat و long باید مختصات WGS84 معتبر باشند (عرض بین ‎-90 و 90، طول بین ‎-180 و 180).", en: "lat and long must be valid WGS84 coordinates (latitude -90..90, longitude -180..180)." });
    } else {
      latitude = lat;
      longitude = long;
    }
  } else if (addressString === undefined && addressId === undefined) {
    errors.push({ fa: "مکان لازم است: lat و long، یا address_string، یا address_id.", en: "A location is required: lat and long, or address_string, or address_id." });
  }
  let address: string | null = null;
  if (addressString !== undefined) {
    const check = checkText(addressString, ADDRESS_LIMITS);
    if (check.ok) address = check.text.replace(/\s*\n\s*/g, "، ");
    else errors.push(textError("address_string", check, ADDRESS_LIMITS));
  }
  if (addressId !== undefined && addressId.length > 100) errors.push({ fa: "address_id حداکثر ۱۰۰ نویسه است.", en: "address_id is at most 100 characters." });

  const descriptionRaw = one(params, "description");
  let description = "";
  if (descriptionRaw === undefined) {
    errors.push({ fa: "description (شرح درخواست) لازم است.", en: "description is required." });
  } else {
    const check = checkText(descriptionRaw, DESCRIPTION_LIMITS);
    if (check.ok) description = check.text;
    else errors.push(textError("description", check, DESCRIPTION_LIMITS));
  }

  const kind = attr(ATTRIBUTE.kind);
  if (kind === undefined) errors.push({ fa: "attribute[kind] (نوع پرونده) لازم است.", en: "attribute[kind] is required." });
  else if (!isCaseKind(kind)) errors.push({ fa: `attribute[kind] «${kind}» در فهرست نیست.`, en: `attribute[kind] "${kind}" is not one of the listed values.` });

  const provinceCode = attr(ATTRIBUTE.province)?.toUpperCase();
  const countyName = attr(ATTRIBUTE.county);
  let provinceId = 0;
  let countyId = 0;
  const province = provinceCode ? (await listProvinces(src)).find((p) => p.code === provinceCode) : undefined;
  if (provinceCode === undefined) errors.push({ fa: "attribute[province_code] (استان) لازم است.", en: "attribute[province_code] is required." });
  else if (!province) errors.push({ fa: `attribute[province_code] «${provinceCode}» در فهرست استان‌ها نیست.`, en: `attribute[province_code] "${provinceCode}" is not a listed province.` });
  else provinceId = province.id;
  if (countyName === undefined) {
    errors.push({ fa: "attribute[county] (شهرستان) لازم است.", en: "attribute[county] is required." });
  } else if (province) {
    const key = searchKey(countyName);
    const county = (await listCounties(src, province.id)).find((c) => searchKey(c.nameFa) === key || searchKey(c.nameEn) === key);
    if (county) countyId = county.id;
    else errors.push({ fa: `شهرستان «${countyName}» در استان ${province.nameFa} پیدا نشد.`, en: `No county "${countyName}" in ${province.nameEn} province.` });
  }

  let subject: string | null = null;
  const subjectRaw = attr(ATTRIBUTE.subject);
  if (subjectRaw !== undefined) {
    const check = checkText(subjectRaw, LIMITS.subject);
    if (check.ok) subject = check.text.replace(/\s*\n\s*/g, " ");
    else errors.push(textError("attribute[subject]", check, LIMITS.subject));
  }

  const anonymousRaw = attr(ATTRIBUTE.anonymous)?.toLowerCase();
  const anonymous = anonymousRaw === "true" || anonymousRaw === "1";
  if (anonymousRaw !== undefined && !["true", "false", "1", "0"].includes(anonymousRaw)) {
    errors.push({ fa: "attribute[anonymous] باید true یا false باشد.", en: "attribute[anonymous] must be true or false." });
  } else if (anonymous && isCaseKind(kind) && !mayBeAnonymous(kind)) {
    errors.push({ fa: "فقط گزارش تخلف (kind=report) را می‌توان بدون نام ثبت کرد.", en: "Only a report of misconduct (kind=report) may be filed anonymously." });
  }

  const email = one(params, "email");
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email))) errors.push({ fa: "email نشانی ایمیل معتبری نیست.", en: "email is not a valid email address." });

  const mediaUrl = one(params, "media_url");
  if (mediaUrl !== undefined && !isWebUrl(mediaUrl)) errors.push({ fa: "media_url باید نشانی http یا https معتبر باشد (حداکثر ۲۰۰۰ نویسه).", en: "media_url must be a valid http or https URL (at most 2000 characters)." });

  const names: string[] = [];
  for (const field of ["first_name", "last_name"]) {
    const v = one(params, field);
    if (v === undefined) continue;
    const check = checkText(v, NAME_LIMITS);
    if (check.ok) names.push(check.text.replace(/\s+/g, " "));
    else errors.push(textError(field, check, NAME_LIMITS));
  }

  if (errors.length > 0) throw badRequest(...errors);

  const phoneRaw = one(params, "phone");
  const mobile = phoneRaw ? parseIranianMobile(phoneRaw) : null;
  const accountId = one(params, "account_id");
  const deviceId = one(params, "device_id");
  // An anonymous report keeps nothing that identifies the reporter where the agency can read it.
  const identify = !anonymous;
  return {
    keyId,
    agencyId: service.agency.id,
    topicId: service.topic?.id ?? null,
    kind: kind as Filing["kind"],
    provinceId,
    countyId,
    subject: subject ?? subjectFromDescription(description),
    description,
    anonymous,
    latitude,
    longitude,
    address,
    contactPhone: identify ? mobile : null,
    reporterName: identify && names.length > 0 ? names.join(" ") : null,
    clues: { accountId: accountId && singleLine(accountId, 200), phone: mobile ?? (phoneRaw && toAsciiDigits(phoneRaw).replace(/[^\d+]/g, "")), email, deviceId: deviceId && singleLine(deviceId, 200) },
    details: {
      addressId: addressId && singleLine(addressId, 100),
      mediaUrl,
      email: identify ? email : undefined,
      otherPhone: identify && phoneRaw && !mobile ? singleLine(phoneRaw, 40) : undefined,
    },
  };
}

/** An http(s) URL of at most 2000 characters, without spaces. */
export function isWebUrl(value: string): boolean {
  if (value.length > 2000 || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
