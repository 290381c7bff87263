import { z } from "zod";
import { DESCRIPTION_MAX, MAX_RESULTS, MEDIA_LIMITS, MEDIA_TYPES } from "../../../core/open311.ts";
import { CONTENT_TYPES, type Format } from "./format.ts";

// The Open311 routes in /openapi.json: parameters, bodies, answers and errors, in both formats. These
// schemas only document: the routes read their parameters by hand, as Open311 clients send them
// (repeated fields, attribute[code], comma-delimited lists), so the plugin turns validation off.
// docs/open311.md is the integrator's guide; this is its reference.

const JSON_TYPE = CONTENT_TYPES.json.split(";")[0];
const XML_TYPE = CONTENT_TYPES.xml.split(";")[0];
const w3c = z.string().meta({ format: "date-time", example: "2026-11-22T06:48:53Z" });

const common = {
  jurisdiction_id: z.string().optional().meta({ description: "Optional; when sent it must be hamyar.ir (any case), else 404.", example: "hamyar.ir" }),
  locale: z.string().optional().meta({ description: "en for English names and messages; Persian (fa) otherwise.", example: "en" }),
};
const apiKey = (scope: string) =>
  z.string().optional().meta({
    description: `A Hamyar API key with scope ${scope} (npx hamyar apikey create --agency CODE); an Authorization: Bearer header works too. Required: without it the answer is 403.`,
    example: "hmy_…",
  });
const dateBound = (which: string) =>
  z.string().optional().meta({
    description: `${which}: a w3c datetime with a zone (Z or ±HH:MM) or a date. Compared at whole seconds, the precision dates are shown in.`,
    example: "2026-11-22T20:15:03Z",
  });

const errorList = z
  .array(z.object({ code: z.number().int().meta({ description: "The HTTP status." }), description: z.string().meta({ description: "What was wrong and how to fix it (Persian; English with locale=en)." }) }))
  .meta({ id: "Open311Errors", description: "One entry per problem. In XML: <errors><error><code/><description/></error>…</errors>." });
const xmlText = (example: string) => z.string().meta({ example: `<?xml version="1.0" encoding="utf-8"?>\n${example}` });
const XML_ERRORS = xmlText("<errors><error><code>400</code><description>description is required.</description></error></errors>");

const ERROR_WHEN: Record<number, string> = {
  400: "A missing or invalid parameter (one error each), or a body that cannot be read.",
  403: "A missing, unknown or revoked api_key, or one without the scope (or, for filing, of another agency).",
  404: "Unknown service, request, token or jurisdiction_id; an extension other than .json or .xml.",
  429: "Past a request budget: the api_key's, the client address's (resources without a key), or the address's failed authentications. Retry-After says when to come back.",
  500: "Internal error (details are logged, not returned).",
  503: "The database is unreachable; retry later.",
};

/** The answers of a route: 200 with `ok` in each format it serves, and the spec's error list for each status (429 on every route). */
function answers(formats: Format[], ok: { description: string; json: z.ZodType; xml: string }, ownErrorCodes: number[]) {
  const errorCodes = [...ownErrorCodes, 429].sort();
  const content = (json: z.ZodType, xml: z.ZodType) =>
    Object.fromEntries(formats.map((f) => [f === "json" ? JSON_TYPE : XML_TYPE, { schema: f === "json" ? json : xml }]));
  return {
    200: { description: ok.description, content: content(ok.json, xmlText(ok.xml)) },
    ...Object.fromEntries(errorCodes.map((c) => [c, { description: ERROR_WHEN[c], content: content(errorList, XML_ERRORS) }])),
  };
}

const formatsOf = (format: Format | "both"): Format[] => (format === "both" ? ["json", "xml"] : [format]);
const fileParam = (what: string, example: string) => z.object({ file: z.string().meta({ description: `${what}.json or ${what}.xml`, example }) });

const serviceRequest = z
  .object({
    service_request_id: z.string().meta({ description: "The case's tracking code (9 digits).", example: "672382096" }),
    status: z.enum(["open", "closed"]),
    status_notes: z.string().nullable().meta({ description: "The agency's latest note." }),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string(),
    service_notice: z.string().nullable(),
    requested_datetime: w3c,
    updated_datetime: w3c,
    expected_datetime: w3c.nullable(),
    address: z.string().nullable(),
    address_id: z.string().nullable(),
    zipcode: z.null(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    media_url: z.string().nullable(),
  })
  .meta({ id: "Open311ServiceRequest" });

const requestUpdate = z
  .object({
    update_id: z.string().meta({ example: "5120" }),
    service_request_id: z.string().meta({ example: "672382096" }),
    status: z.enum(["open", "closed"]).meta({ description: "The request's status after this update." }),
    updated_datetime: w3c,
    description: z.string().meta({ description: "The agency's note, or a sentence saying what changed." }),
    media_url: z.string().nullable(),
  })
  .meta({ id: "Open311RequestUpdate" });

const service = z
  .object({ service_code: z.string(), service_name: z.string(), description: z.string(), metadata: z.boolean(), type: z.enum(["realtime"]), keywords: z.string(), group: z.string() })
  .meta({ id: "Open311Service" });

const definition = z
  .object({
    service_code: z.string(),
    attributes: z.array(
      z.object({
        variable: z.boolean(),
        code: z.string(),
        datatype: z.enum(["string", "singlevaluelist"]),
        required: z.boolean(),
        datatype_description: z.string(),
        order: z.number().int(),
        description: z.string(),
        values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: "Open311ServiceDefinition" });

const discovery = z
  .object({
    changeset: w3c,
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: w3c, type: z.string(), formats: z.array(z.string()) })),
  })
  .meta({ id: "Open311Discovery" });

const fileRequestBody = z.object({
  api_key: apiKey("cases:write"),
  service_code: z.string().meta({ description: "From services.json, e.g. health.hospital." }),
  lat: z.number().optional().meta({ description: "WGS84, with long." }),
  long: z.number().optional(),
  address_string: z.string().optional().meta({ description: "Needed when lat/long and address_id are absent." }),
  address_id: z.string().optional(),
  description: z.string().meta({ description: `Up to ${DESCRIPTION_MAX} characters.` }),
  "attribute[kind]": z.enum(["complaint", "request", "suggestion", "idea", "report", "appreciation"]),
  "attribute[province_code]": z.string().meta({ example: "THR" }),
  "attribute[county]": z.string().meta({ example: "تهران" }),
  "attribute[subject]": z.string().optional(),
  "attribute[anonymous]": z.enum(["true", "false"]).optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone: z.string().optional(),
  device_id: z.string().optional(),
  account_id: z.string().optional(),
  media_url: z.string().optional(),
  media: z
    .array(z.string().meta({ format: "binary" }))
    .optional()
    .meta({
      description: `multipart/form-data only: up to ${MEDIA_LIMITS.files} photos (${MEDIA_TYPES.join(", ")}, judged by their bytes), each up to ${MEDIA_LIMITS.fileBytes / 1024 / 1024} MB; repeat the field for several (media[], media1…, photo… are accepted too).`,
    }),
  ...common,
});

const commentBody = z.object({
  api_key: apiKey("cases:write"),
  service_request_id: z.string().meta({ description: "A request filed through Open311 that the key sees." }),
  description: z.string().meta({ description: `The comment, up to ${DESCRIPTION_MAX} characters; it becomes the reporter's follow-up to the agency.` }),
  update_id: z.string().optional().meta({ description: "The client's own id for the comment: posting it again has one effect and answers the same update_id." }),
  status: z.string().optional().meta({ description: "The request's status in the client (OPEN, CLOSED or an extended status); told to the agency when it differs, never applied." }),
  updated_datetime: z.string().optional().meta({ description: "w3c datetime of the comment; checked, not stored." }),
  media_url: z.string().optional().meta({ description: "An http(s) URL, kept in the follow-up." }),
  email: z.string().optional().meta({ description: "Accepted and not stored, like first_name, last_name, phone, account_id and title." }),
  ...common,
});

type Schema = Record<string, unknown>;
const route = (summary: string, description: string, schema: Schema) => ({ schema: { tags: ["open311"], summary, description, ...schema } });
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"];

/** The documentation of every Open311 route, by resource. */
export const openapi = {
  discovery: (f: Format) =>
    route(`Service discovery (${f})`, "The GeoReport v2 endpoint, its formats and contact.", {
      querystring: z.object({ locale: common.locale }),
      response: answers([f], { description: "The discovery document.", json: discovery, xml: "<discovery><changeset>…</changeset>…</discovery>" }, []),
    }),
  services: (f: Format) =>
    route(`GET Service List (${f})`, "Each active agency topic is a service <agency>.<topic>; each agency is a service <agency> too.", {
      querystring: z.object(common),
      response: answers([f], { description: "Every service.", json: z.array(service), xml: "<services><service><service_code>health.hospital</service_code>…</service></services>" }, [404, 500, 503]),
    }),
  definition: () =>
    route("GET Service Definition", "The attributes to send as attribute[code] when filing for this service.", {
      params: fileParam("{service_code}", "health.hospital.json"),
      querystring: z.object(common),
      response: answers(["json", "xml"], { description: "The service's attributes.", json: definition, xml: "<service_definition><service_code>…</service_code><attributes>…</attributes></service_definition>" }, [404, 500, 503]),
    }),
  fileRequest: (f: Format) =>
    route(
      `POST Service Request (${f})`,
      "Files a case. Every problem is answered at once (400, one error each). The X-Open311-Token response header carries a token for GET tokens/{token}.",
      {
        consumes: FORM_TYPES,
        body: fileRequestBody,
        response: answers(
          [f],
          {
            description: "The new request's id and deadline notice.",
            json: z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() })),
            xml: "<service_requests><request><service_request_id>672382096</service_request_id><service_notice>…</service_notice><account_id/></request></service_requests>",
          },
          [400, 403, 404, 500, 503],
        ),
      },
    ),
  queryRequests: (f: Format) =>
    route(`GET Service Requests (${f})`, `The requests the key sees, newest first, at most ${MAX_RESULTS}; without dates the last 90 days.`, {
      querystring: z.object({
        api_key: apiKey("cases:read"),
        service_request_id: z.string().optional().meta({ description: `Comma-delimited tracking codes (at most ${MAX_RESULTS}); overrides every other filter.` }),
        service_code: z.string().optional().meta({ description: "Comma-delimited and/or repeated." }),
        start_date: dateBound("Earliest requested_datetime"),
        end_date: dateBound("Latest requested_datetime (inclusive)"),
        status: z.string().optional().meta({ description: "open, closed, or both (comma-delimited or repeated)." }),
        ...common,
      }),
      response: answers([f], { description: "The matching requests.", json: z.array(serviceRequest), xml: "<service_requests><request>…</request></service_requests>" }, [400, 403, 404, 500, 503]),
    }),
  oneRequest: () =>
    route("GET Service Request", "One request by its service_request_id; another agency's answers 404 like an unknown one.", {
      params: fileParam("{service_request_id}", "672382096.json"),
      querystring: z.object({ api_key: apiKey("cases:read"), ...common }),
      response: answers(["json", "xml"], { description: "A list with the one request.", json: z.array(serviceRequest), xml: "<service_requests><request>…</request></service_requests>" }, [403, 404, 500, 503]),
    }),
  token: () =>
    route("GET service_request_id from a token", "The token is the X-Open311-Token header of POST requests.", {
      params: fileParam("{token}", "0b8f3c52-2d4e-4f0a-9d7e-5a1c2b3d4e5f.json"),
      querystring: z.object({ jurisdiction_id: common.jurisdiction_id }),
      response: answers(["json", "xml"], { description: "The request filed under the token.", json: z.array(z.object({ service_request_id: z.string(), token: z.string() })), xml: "<service_requests><request><service_request_id>…</service_request_id><token>…</token></request></service_requests>" }, [404, 500, 503]),
    }),
  queryUpdates: (f: Format) =>
    route(
      `GET Service Request Updates (${f})`,
      `The servicerequestupdates extension (FixMyStreet): the agency's status changes, answers, referrals and questions, and citizens' objections, on the requests the key sees; oldest first, at most ${MAX_RESULTS}; without dates the last 90 days.`,
      {
        querystring: z.object({ api_key: apiKey("cases:read"), start_date: dateBound("Earliest updated_datetime"), end_date: dateBound("Latest updated_datetime (inclusive)"), ...common }),
        response: answers([f], { description: "The updates.", json: z.array(requestUpdate), xml: "<service_request_updates><request_update>…</request_update></service_request_updates>" }, [400, 403, 404, 500, 503]),
      },
    ),
  postUpdate: (f: Format) =>
    route(`POST Service Request Update (${f})`, "A comment on a request filed through Open311; it reaches the agency as the reporter's follow-up (or as the answer to its question).", {
      consumes: FORM_TYPES,
      body: commentBody,
      response: answers([f], { description: "The update's id.", json: z.array(z.object({ update_id: z.string() })), xml: "<service_request_updates><request_update><update_id>5121</update_id></request_update></service_request_updates>" }, [400, 403, 404, 500, 503]),
    }),
};
