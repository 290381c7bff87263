import type { AttachmentInput } from "../core/cases.ts";
import type { CaseKind } from "../core/case-kinds.ts";
import { mayBeAnonymous } from "../core/case-kinds.ts";
import type { Outcome } from "./types.ts";

/** What the citizen has entered so far while filing a case; saved in the chat state after every step. */
export interface CaseDraft {
  [key: string]: unknown;
  kind?: CaseKind;
  agencyId?: number;
  /** Whether the chosen agency has topics to pick from (the topic step is counted in the progress only then). */
  agencyHasTopics?: boolean;
  topicId?: number | null;
  provinceId?: number;
  countyId?: number;
  subject?: string;
  description?: string;
  attachments?: AttachmentInput[];
  latitude?: number | null;
  longitude?: number | null;
  address?: string | null;
  locationDone?: boolean;
  anonymous?: boolean;
  phone?: string | null;
  phoneVerified?: boolean;
  nationalId?: string | null;
  nationalIdDone?: boolean;
}

export const MAX_ATTACHMENTS = 5;
// The Bot API lets a bot download files of at most 20 MB; larger ones could never reach the agency.
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Goes to the first step still missing an answer. Filing and editing share this: "edit agency" from the
 * summary clears the agency and its topic, so both are asked again and then the summary comes back.
 */
export function advance(draft: CaseDraft, notice?: string): Outcome<CaseDraft> {
  return { kind: "goto", step: nextMissing(draft), draft, notice };
}

/** The first step still missing an answer, or the summary. */
export function nextMissing(d: CaseDraft): string {
  if (!d.kind) return "kind";
  if (!d.agencyId) return "agency";
  if (d.topicId === undefined) return "topic";
  if (!d.provinceId) return "province";
  if (!d.countyId) return "county";
  if (!d.subject) return "subject";
  if (!d.description) return "description";
  if (!d.attachments) return "attachments";
  if (!d.locationDone) return "location";
  if (mayBeAnonymous(d.kind) && d.anonymous === undefined) return "anonymity";
  if (!d.anonymous && !d.phone) return "contact";
  if (!d.anonymous && !d.nationalIdDone) return "national_id";
  return "summary";
}
