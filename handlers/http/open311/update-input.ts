import { parseW3cDateTime, readClientStatus } from "../../../core/open311.ts";
import { checkText } from "../../../core/text-input.ts";
import { badRequest, type Message } from "./errors.ts";
import { one, type Params } from "./params.ts";
import { DESCRIPTION_LIMITS, isWebUrl, textError } from "./request-input.ts";

// POST servicerequestupdates as FixMyStreet sends it (perllib/Open311.pm, post_service_request_update):
// service_request_id, update_id (its own comment id), status (OPEN/CLOSED, or an extended status),
// updated_datetime, description, media_url, and who commented (first_name, last_name, email, phone,
// account_id, title…). Who commented is not stored: the comment becomes the reporter's follow-up.

export interface ClientComment {
  /** As sent; checked against the client's cases by the route (unknown and malformed are both 404). */
  serviceRequestId: string;
  /** The client's own id for the comment: repeating it has one effect. */
  updateId?: string;
  description: string;
  mediaUrl?: string;
  /** The request's status in the client after the comment, when it is a word Hamyar knows. */
  reportedStatus: "open" | "closed" | null;
}

const STATUS_WORD = /^[A-Za-z][A-Za-z_ -]{0,49}$/;

/** Reads and checks the fields of a POST servicerequestupdates; throws one 400 with every problem found. */
export function readComment(params: Params): ClientComment {
  const errors: Message[] = [];
  const serviceRequestId = one(params, "service_request_id");
  if (!serviceRequestId) errors.push({ fa: "service_request_id (کد رهگیری درخواست) لازم است.", en: "service_request_id is required." });

  const updateId = one(params, "update_id");
  if (updateId !== undefined && (updateId.length > 100 || /\s/.test(updateId))) {
    errors.push({ fa: "update_id باید بی‌فاصله و حداکثر ۱۰۰ نویسه باشد.", en: "update_id must have no spaces and at most 100 characters." });
  }

  const raw = one(params, "description");
  let description = "";
  if (raw === undefined) {
    errors.push({ fa: "description (متن پیام) لازم است.", en: "description is required." });
  } else {
    const check = checkText(raw, DESCRIPTION_LIMITS);
    if (check.ok) description = check.text;
    else errors.push(textError("description", check, DESCRIPTION_LIMITS));
  }

  const status = one(params, "status");
  if (status !== undefined && !STATUS_WORD.test(status)) {
    errors.push({ fa: `status «${status}» نامعتبر است؛ مثلاً OPEN یا CLOSED.`, en: `status "${status}" is not valid; e.g. OPEN or CLOSED.` });
  }

  const updated = one(params, "updated_datetime");
  if (updated !== undefined && !parseW3cDateTime(updated)) {
    errors.push({ fa: "updated_datetime باید تاریخ w3c با منطقهٔ زمانی باشد، مثلاً 2026-01-01T10:00:00Z.", en: "updated_datetime must be a w3c datetime with a time zone, e.g. 2026-01-01T10:00:00Z." });
  }

  const mediaUrl = one(params, "media_url");
  if (mediaUrl !== undefined && !isWebUrl(mediaUrl)) {
    errors.push({ fa: "media_url باید نشانی http یا https معتبر باشد (حداکثر ۲۰۰۰ نویسه).", en: "media_url must be a valid http or https URL (at most 2000 characters)." });
  }

  if (errors.length > 0) throw badRequest(...errors);
  return { serviceRequestId: serviceRequestId!, updateId, description, mediaUrl, reportedStatus: status ? readClientStatus(status) : null };
}
