import { listTopics, type CatalogSource } from "../../../core/catalog.ts";
import { formatJalaliDate } from "../../../core/jalali.ts";
import { open311Status, serviceCode, type Locale } from "../../../core/open311.ts";
import { toPersianDigits } from "../../../core/persian.ts";
import { displayTrackingCode } from "../../../core/tracking-code.ts";
import type { Value } from "./format.ts";
import { serviceName } from "./services.ts";
import type { RequestRow } from "./store.ts";

// A case as an Open311 service request. Only what a city would publish: no name, phone, email or national
// ID of the citizen ever appears here, whoever asks.

/** A w3c datetime in UTC without fractions, as in the spec's examples (2010-01-01T00:00:00Z). */
export const w3c = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : null);

const nameIn = (row: { nameFa: string; nameEn: string }, locale: Locale) => (locale === "en" ? row.nameEn : row.nameFa);

/** What the agency is expected to do, and by when. */
export function serviceNotice(agency: { nameFa: string; nameEn: string; slaDays: number }, expectedAt: Date | null, locale: Locale, trackingCode?: string): string {
  const en = locale === "en";
  const parts: string[] = [];
  if (trackingCode) {
    parts.push(
      en
        ? `Filed with ${agency.nameEn} under tracking code ${trackingCode}.`
        : `با کد رهگیری ${displayTrackingCode(trackingCode, "fa")} برای «${agency.nameFa}» ثبت شد.`,
    );
  }
  const by = expectedAt ? formatJalaliDate(expectedAt, locale) : null;
  parts.push(
    en
      ? `The agency answers within ${agency.slaDays} working days${by ? ` (by ${by})` : ""}.`
      : `مهلت پاسخ دستگاه ${toPersianDigits(agency.slaDays)} روز کاری است${by ? ` (تا ${by})` : ""}.`,
  );
  return parts.join(" ");
}

/** The service request fields of the spec, in its order. */
export async function requestView(src: CatalogSource, r: RequestRow, locale: Locale): Promise<Value> {
  const status = open311Status(r.status);
  const hasTopics = (await listTopics(src, r.agencyId)).length > 0;
  return {
    service_request_id: r.trackingCode,
    status,
    status_notes: r.statusNotes,
    service_name: serviceName(r.agency, r.topic, hasTopics, locale),
    service_code: serviceCode(r.agency.code, r.topic?.code ?? null),
    description: r.description,
    agency_responsible: nameIn(r.agency, locale),
    service_notice: status === "open" ? serviceNotice(r.agency, r.expectedAt, locale) : null,
    requested_datetime: w3c(r.createdAt),
    // The spec: for a closed request, the date it was closed.
    updated_datetime: w3c(status === "closed" && r.closedAt ? r.closedAt : r.updatedAt),
    expected_datetime: w3c(r.expectedAt),
    address: r.address,
    address_id: r.details.addressId ?? null,
    zipcode: null,
    lat: r.latitude,
    long: r.longitude,
    media_url: r.details.mediaUrl ?? null,
  };
}
