import type { CaseStatus } from "../../../core/case-kinds.ts";
import { open311Status, STATUS_NAMES, type Locale } from "../../../core/open311.ts";
import type { Value } from "./format.ts";
import { w3c } from "./request-view.ts";
import type { UpdateRow } from "./update-store.ts";

// A case event as a request_update of the servicerequestupdates extension (FixMyStreet's Open311 spec),
// fields in its order. FixMyStreet shows the description as the body's comment on the report and skips a
// comment without one, so an event without a note still gets a sentence saying what happened.

const statusName = (status: string | null, locale: Locale) => (status && status in STATUS_NAMES ? STATUS_NAMES[status as CaseStatus][locale] : status);

function description(u: UpdateRow, locale: Locale): string {
  if (u.type === "objection") {
    return locale === "en" ? "The reporter objected to the answer; the request is open again." : "گزارش‌دهنده به پاسخ اعتراض کرد؛ درخواست دوباره باز شد.";
  }
  if (u.note) return u.note;
  if (u.type === "referral") return locale === "en" ? "Referred to another agency." : "به دستگاه دیگری ارجاع شد.";
  return locale === "en" ? `Status: ${statusName(u.eventStatus ?? u.statusAfter, "en")}.` : `وضعیت: ${statusName(u.eventStatus ?? u.statusAfter, "fa")}.`;
}

/** The update fields: update_id, service_request_id, status (open/closed after it), updated_datetime, description, media_url. */
export function updateView(u: UpdateRow, locale: Locale): Value {
  return {
    update_id: String(u.id),
    service_request_id: u.trackingCode,
    status: open311Status(u.statusAfter),
    updated_datetime: w3c(u.createdAt),
    description: description(u, locale),
    // Agencies post text only; the field is kept so that every update has the extension's fields.
    media_url: null,
  };
}
