import { CLOSE_CAUSES } from "../../../core/close-causes.ts";
import { z } from "zod";
import { CASE_KINDS, CASE_STATUSES } from "../../../core/case-kinds.ts";

// The zod schemas of API v1: they validate requests, shape responses (unknown fields are dropped, so an
// internal column can never leak) and are the source of /openapi.json. Names with an `id` become
// components of the OpenAPI document.

const timestamp = z.string().meta({ format: "date-time", example: "2025-05-01T08:30:00.000Z" });
const named = z.object({ code: z.string(), name_fa: z.string(), name_en: z.string() });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. invalid_request, case_not_found." }),
      message: z.string().meta({ description: "What was wrong and how to fix it (4xx); a generic text for 5xx." }),
      details: z
        .array(z.object({ in: z.string(), field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: "For invalid_request: one entry per invalid field." }),
    }),
  })
  .meta({ id: "ApiError" });

export const eventView = z
  .object({
    id: z.number().int(),
    type: z.string().meta({ description: "status, answer, referral, info_request (agency); followup, info_provided, objection (citizen)." }),
    status: z.string().nullable(),
    note: z.string().nullable(),
    actor: z.string().meta({ description: "citizen, agency, admin or system." }),
    agency: z.string().nullable().meta({ description: "Code of the agency that posted the event." }),
    event_id: z.string().nullable().meta({ description: "The back-end's own id for the event it posted." }),
    created_at: timestamp,
  })
  .meta({ id: "CaseEvent" });

export const attachmentView = z
  .object({
    id: z.number().int().meta({ description: "Download with GET /v1/attachments/{id}." }),
    kind: z.string().meta({ description: "photo, document or voice." }),
    mime_type: z.string().nullable(),
    file_name: z.string().nullable(),
    file_size: z.number().int().nullable(),
  })
  .meta({ id: "Attachment" });

const surveyFields = {
  asked_at: timestamp,
  answered_at: timestamp.nullable(),
  solved: z.string().nullable().meta({ description: "yes, no or unknown." }),
  rating: z.number().int().nullable().meta({ description: "1 to 5." }),
  comment: z.string().nullable(),
  objected: z.boolean().meta({ description: "The citizen objected to the answer, which reopened the case." }),
};
export const surveyView = z.object(surveyFields).meta({ id: "Survey" });
export const surveyResult = z.object({ case_code: z.string(), agency: z.string(), ...surveyFields }).meta({ id: "SurveyResult" });

const caseFields = {
  code: z.string().meta({ description: "The tracking code (9 digits).", example: "123456782" }),
  kind: z.string().meta({ enum: [...CASE_KINDS] }),
  status: z.string().meta({ enum: [...CASE_STATUSES] }),
  channel: z.string().meta({ description: "bot or open311." }),
  subject: z.string(),
  description: z.string(),
  agency: named.meta({ description: "The agency handling the case now." }),
  original_agency: z.string().nullable().meta({ description: "Code of the agency the case was first filed with, when it was referred since." }),
  topic: named.nullable(),
  province: named,
  county: z.object({ id: z.number().int(), name_fa: z.string(), name_en: z.string() }),
  location: z.object({ latitude: z.number().nullable(), longitude: z.number().nullable(), address: z.string().nullable() }),
  anonymous: z.boolean(),
  citizen: z
    .object({ name: z.string().nullable(), phone: z.string().nullable(), phone_verified: z.boolean(), national_id: z.string().nullable() })
    .nullable()
    .meta({ description: "null for an anonymous report." }),
  awaiting_info: z.boolean().meta({ description: "The agency asked the citizen for more information and waits for the answer." }),
  expected_at: timestamp.nullable().meta({ description: "The response deadline (working days, Saturday to Wednesday, Tehran)." }),
  overdue: z.boolean(),
  closed_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
};
export const caseView = z.object(caseFields).meta({ id: "Case" });
export const caseDetail = z
  .object({ ...caseFields, events: z.array(eventView), attachments: z.array(attachmentView), survey: surveyView.nullable() })
  .meta({ id: "CaseDetail" });

const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." });
export const casePage = z.object({ data: z.array(caseView), next_cursor: nextCursor });
export const surveyPage = z.object({ data: z.array(surveyResult), next_cursor: nextCursor });

export const deliveryView = z
  .object({
    id: z.number().int(),
    delivery_id: z.string().nullable().meta({ description: "The `id` in the webhook body; receivers de-duplicate by it." }),
    event: z.string().nullable(),
    agency: z.string().nullable(),
    case_code: z.string().nullable(),
    status: z.string().meta({ description: "pending (being delivered or waiting for a retry), done or dead." }),
    attempt_count: z.number().int(),
    next_attempt_at: timestamp.nullable(),
    last_error: z.string().nullable(),
    created_at: timestamp,
    done_at: timestamp.nullable(),
    attempts: z.array(
      z.object({ attempt: z.number().int(), status_code: z.number().int().nullable(), error: z.string().nullable(), duration_ms: z.number().int(), created_at: timestamp }),
    ),
  })
  .meta({ id: "WebhookDelivery" });
export const deliveryPage = z.object({ data: z.array(deliveryView), next_cursor: nextCursor });

// Query strings arrive as text: numbers are coerced, instants accept ISO 8601 with an offset or a date.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const instant = z
  .string()
  .refine((v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO 8601 instant with a time zone (2025-05-01T00:00:00Z) or a date (2025-05-01)")
  .meta({ format: "date-time", description: "ISO 8601 instant (2025-05-01T00:00:00Z, 2025-05-01T03:30:00+03:30) or date (2025-05-01, UTC midnight)." });
const limit = z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Page size, 1 to 100." });
const cursor = z.string().max(200).optional().meta({ description: "The next_cursor of the previous page." });

export const caseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  agency: z.string().max(64).optional().meta({ description: "Agency code: cases that agency handles now (an agency key sees only its own and those it referred)." }),
  province: z.string().max(16).optional().meta({ description: "Province code, e.g. THR." }),
  county: z.coerce.number().int().positive().optional().meta({ description: "County id." }),
  created_since: instant.optional(),
  updated_since: instant.optional(),
  limit,
  cursor,
});

export const surveyListQuery = z.object({ answered_since: instant.optional(), limit, cursor });

export const deliveryListQuery = z.object({
  status: z.enum(["pending", "done", "dead"]).optional(),
  event: z.string().max(64).optional().meta({ description: "case.created, case.followup, case.objection, case.info_provided, survey.answered or case.overdue." }),
  limit,
  cursor,
});

export const caseCodeParams = z.object({ code: z.string().max(40).meta({ description: "Tracking code; Persian or Arabic digits are accepted." }) });
export const idParams = z.object({ id: z.coerce.number().int().positive() });

const eventId = z.string().min(1).max(100).meta({ description: "Your own id for this event (1-100 characters). Posting the same event_id again has no second effect." });
const note = z.string().trim().min(1).max(2000);
const closeCause = z
  .enum(CLOSE_CAUSES)
  .optional()
  .meta({ description: "Why the case arose, with a closing status (answered, resolved, unresolved, not_responsible, duplicate): counted in the quarterly complaint analysis." });

export const postEventBody = z
  .discriminatedUnion("type", [
    z.strictObject({
      event_id: eventId,
      type: z.literal("status"),
      status: z.enum(CASE_STATUSES).exclude(["received", "referred", "reopened"]),
      note: note.optional().meta({ description: "Shown to the citizen with the new status." }),
      cause: closeCause,
    }),
    z.strictObject({
      event_id: eventId,
      type: z.literal("answer"),
      text: z.string().trim().min(1).max(3500).meta({ description: "The answer sent to the citizen." }),
      status: z.enum(["answered", "resolved", "unresolved"]).optional().meta({ description: "Default answered." }),
      cause: closeCause,
    }),
    z.strictObject({
      event_id: eventId,
      type: z.literal("referral"),
      to_agency: z.string().min(1).max(64).meta({ description: "Code of the agency the case is referred to." }),
      note: note.optional(),
    }),
    z.strictObject({
      event_id: eventId,
      type: z.literal("info_request"),
      question: z.string().trim().min(1).max(2000).meta({ description: "What the citizen is asked; their answer comes back as an info_provided event." }),
    }),
  ])
  .meta({ id: "NewCaseEvent" });

export const postedEvent = z.object({ event: eventView, case_status: z.string().meta({ enum: [...CASE_STATUSES] }) }).meta({ id: "PostedCaseEvent" });

/** Statuses every API v1 route can answer: its key (401, 403), a request budget (429), the server (500, 503). */
const EVERY_ROUTE = [401, 403, 429, 500, 503] as const;

/** The error responses of a route for the OpenAPI document: its own statuses and those of every route. */
export function errors(...own: (400 | 404 | 409 | 413 | 415 | 422)[]) {
  return Object.fromEntries([...own, ...EVERY_ROUTE].map((c) => [c, errorBody])) as Record<number, typeof errorBody>;
}
