import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../../core/errors.ts";
import { isTransientDbError } from "../../../db/errors.ts";

// Every API v1 failure leaves through here as {error: {code, message}}: 4xx say what was wrong and how
// to fix it; 5xx say nothing about internals (the log has the details).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const domainStatus: Record<string, number> = {
  case_not_found: 404,
  event_id_reused: 409,
  same_agency: 409,
  case_closed: 409,
  invalid_status: 422,
  unknown_agency: 422,
  forbidden: 403,
  audience_not_allowed: 422,
  due_in_past: 422,
  cause_needs_closing: 422,
};

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
}

/** "body", "/text" → "text"; the root of the body is named after its place. */
function fieldOf(where: string, instancePath: string | undefined): string {
  const path = (instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
  return path || where;
}

export function apiErrorHandler(err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }, req: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, error: Record<string, unknown>) => reply.code(status).send({ error });
  if (err instanceof ApiError) {
    if (err.status === 401) reply.header("www-authenticate", `Bearer realm="hamyar", error="invalid_token"`);
    return send(err.status, { code: err.code, message: err.message });
  }
  if (err.validation) {
    const where = err.validationContext ?? "request";
    const details = err.validation.map((v) => ({ in: where, field: fieldOf(where, v.instancePath), message: v.message ?? "invalid" }));
    const message = `Invalid ${where}: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`;
    return send(400, { code: "invalid_request", message, details });
  }
  if (err instanceof DomainError) {
    return send(domainStatus[err.code] ?? 422, { code: err.code, message: err.message });
  }
  if (isTransientDbError(err)) {
    req.log.warn({ err }, "database unavailable");
    reply.header("retry-after", "5");
    return send(503, { code: "temporarily_unavailable", message: "The service is briefly unavailable; retry in a few seconds." });
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 415) {
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
    const what = type ? `Content-Type ${type} is not accepted` : "A body without Content-Type is not accepted";
    return send(415, { code: "unsupported_media_type", message: `${what}; send the body as JSON with Content-Type: application/json.` });
  }
  if (status < 500) {
    const code = fastifyCodes[err.code] ?? (err.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError ? "invalid_json" : "bad_request");
    return send(status, { code, message: err.message });
  }
  req.log.error({ err }, "API request failed");
  return send(500, { code: "internal", message: "Internal error." });
}
