import type { FastifyInstance, FastifyRequest } from "fastify";
import { verifyApiKey, type ApiPrincipal, type ApiScope } from "../../../core/api-keys.ts";
import { MAX_RESULTS, parseServiceCode, parseW3cDateTime, requestWindow } from "../../../core/open311.ts";
import { parseTrackingCode } from "../../../core/tracking-code.ts";
import type { ApiDeps } from "../deps.ts";
import { contextOf, docs, serviceNotFound, unknownFormat, type Open311Context } from "./context.ts";
import { badRequest, forbidden, notFound } from "./errors.ts";
import { sendDoc, splitFormat, type Format } from "./format.ts";
import { list, one } from "./params.ts";
import { readFiling } from "./request-input.ts";
import { requestView, serviceNotice } from "./request-view.ts";
import { findService } from "./services.ts";
import { fileRequest, findRequests, trackingCodeByToken, type RequestFilters } from "./store.ts";

// Service requests: POST creates a case, GET reads cases back. Both need an api_key (a Hamyar API key):
// requests carry citizens' reports, so even reading them is limited to the agencies that handle them.

const FORMATS: Format[] = ["json", "xml"];
const POST_FIELDS =
  "application/x-www-form-urlencoded. api_key (scope cases:write), service_code, lat+long | address_string | address_id, description, " +
  "attribute[kind], attribute[province_code], attribute[county], optional attribute[subject] and attribute[anonymous], " +
  "email, first_name, last_name, phone, device_id, account_id, media_url, jurisdiction_id, locale.";
const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key's principal; 403 for a missing, unknown or revoked key and for one without the scope. */
async function principalOf(ctx: Open311Context, request: FastifyRequest, scope: ApiScope): Promise<ApiPrincipal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const key = one(ctx.params, "api_key") ?? bearer;
  if (!key) throw forbidden({ fa: "api_key لازم است.", en: "api_key is required." });
  const principal = await verifyApiKey(ctx.deps.db, key);
  if (!principal) throw forbidden({ fa: "api_key نامعتبر یا باطل‌شده است.", en: "Invalid or revoked api_key." });
  if (!principal.scopes.includes(scope)) throw forbidden({ fa: `این api_key دسترسی ${scope} ندارد.`, en: `This api_key lacks the ${scope} scope.` });
  return principal;
}

const requestNotFound = (id: string) =>
  notFound({ fa: `درخواستی با service_request_id «${id}» پیدا نشد.`, en: `No service request with service_request_id "${id}".` });

/** Reads the GET requests filters; the spec's ids override everything else. */
function readFilters(ctx: Open311Context): RequestFilters {
  const ids = list(ctx.params, "service_request_id");
  if (ids.length > MAX_RESULTS) throw badRequest({ fa: `حداکثر ${MAX_RESULTS} service_request_id در یک درخواست.`, en: `At most ${MAX_RESULTS} service_request_id values per request.` });
  if (ids.length > 0) return { codes: ids.map((id) => parseTrackingCode(id)).flatMap((p) => (p.ok ? [p.code] : [])) };

  const errors = [];
  const services = list(ctx.params, "service_code").map((code) => ({ code, parsed: parseServiceCode(code) }));
  for (const s of services.filter((s) => !s.parsed)) errors.push({ fa: `service_code «${s.code}» نامعتبر است.`, en: `service_code "${s.code}" is not valid.` });
  const dates: Record<"start_date" | "end_date", Date | null> = { start_date: null, end_date: null };
  for (const field of ["start_date", "end_date"] as const) {
    const raw = one(ctx.params, field);
    if (raw === undefined) continue;
    dates[field] = parseW3cDateTime(raw);
    if (!dates[field]) errors.push({ fa: `${field} باید تاریخ w3c با منطقهٔ زمانی باشد، مثلاً 2026-01-01T00:00:00Z.`, en: `${field} must be a w3c datetime with a time zone, e.g. 2026-01-01T00:00:00Z.` });
  }
  const statuses = new Set(list(ctx.params, "status").map((s) => s.toLowerCase()));
  for (const s of statuses) if (s !== "open" && s !== "closed") errors.push({ fa: `status «${s}» نامعتبر است؛ open یا closed.`, en: `status "${s}" is not valid; use open or closed.` });
  if (errors.length > 0) throw badRequest(...errors);

  const window = requestWindow(dates.start_date, dates.end_date);
  if ("error" in window) {
    throw badRequest(
      window.error === "reversed"
        ? { fa: "end_date پیش از start_date است.", en: "end_date is before start_date." }
        : { fa: "بازهٔ start_date تا end_date نباید بیش از ۹۰ روز باشد.", en: "start_date to end_date may not span more than 90 days." },
    );
  }
  return {
    services: services.length > 0 ? services.map((s) => s.parsed!) : undefined,
    from: window.from,
    to: window.to,
    status: statuses.size === 1 ? ([...statuses][0] as "open" | "closed") : undefined,
  };
}

export async function requestRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  for (const format of FORMATS) {
    app.post(`/requests.${format}`, docs(`POST Service Request (${format})`, POST_FIELDS), async (request, reply) => {
      const form = request.body;
      if (form !== undefined && !(form instanceof Map) && (typeof form !== "object" || form === null || Array.isArray(form))) {
        throw badRequest({ fa: "بدنهٔ درخواست باید application/x-www-form-urlencoded باشد.", en: "The request body must be application/x-www-form-urlencoded." });
      }
      const ctx = contextOf(deps, request);
      const principal = await principalOf(ctx, request, "cases:write");
      const code = one(ctx.params, "service_code");
      if (!code) throw badRequest({ fa: "service_code لازم است.", en: "service_code is required." });
      const service = await findService(ctx.src, code);
      if (!service) throw serviceNotFound(code);
      if (principal.agencyId !== null && principal.agencyId !== service.agency.id) {
        throw forbidden({ fa: `این api_key متعلق به دستگاه دیگری است و نمی‌تواند برای «${service.code}» درخواست ثبت کند.`, en: `This api_key belongs to another agency and cannot file requests for "${service.code}".` });
      }
      const filing = await readFiling(ctx.src, ctx.params, service, principal.keyId);
      const filed = await fileRequest(deps.db, filing, deps.holidays);
      // The spec: a token is not returned alongside a service_request_id. It is offered in a header instead,
      // for clients that want to look the request up through tokens/{token} later.
      reply.header("X-Open311-Token", filed.token);
      const created = {
        service_request_id: filed.trackingCode,
        service_notice: serviceNotice(service.agency, filed.expectedAt, ctx.locale, filed.trackingCode),
        account_id: one(ctx.params, "account_id") ?? null,
      };
      return sendDoc(reply, format, { root: "service_requests", body: [created] });
    });

    app.get(`/requests.${format}`, docs(`GET Service Requests (${format})`, "Query: api_key (scope cases:read; an agency key sees only its agency's requests), service_request_id, service_code, start_date, end_date, status (open|closed), jurisdiction_id, locale."), async (request, reply) => {
      const ctx = contextOf(deps, request);
      const principal = await principalOf(ctx, request, "cases:read");
      const rows = await findRequests(deps.db, { agencyId: principal.agencyId }, readFilters(ctx), MAX_RESULTS);
      const body = [];
      for (const r of rows) body.push(await requestView(ctx.src, r, ctx.locale));
      return sendDoc(reply, format, { root: "service_requests", body });
    });
  }

  app.get("/requests/:file", docs("GET Service Request", "file = {service_request_id}.{json|xml}. Query: api_key (scope cases:read), jurisdiction_id, locale."), async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    const ctx = contextOf(deps, request);
    const principal = await principalOf(ctx, request, "cases:read");
    const parsed = parseTrackingCode(target.name);
    // Someone else's request is as absent as a request that does not exist: ids cannot be probed.
    const [row] = parsed.ok ? await findRequests(deps.db, { agencyId: principal.agencyId }, { codes: [parsed.code] }, 1) : [];
    if (!row) throw requestNotFound(target.name);
    return sendDoc(reply, target.format, { root: "service_requests", body: [await requestView(ctx.src, row, ctx.locale)] });
  });

  app.get("/tokens/:file", docs("GET service_request_id from a token", "file = {token}.{json|xml}; the token is the X-Open311-Token header of POST requests. Query: jurisdiction_id."), async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    contextOf(deps, request);
    const code = TOKEN.test(target.name) ? await trackingCodeByToken(deps.db, target.name.toLowerCase()) : null;
    if (!code) throw notFound({ fa: `توکن «${target.name}» پیدا نشد.`, en: `Token "${target.name}" was not found.` });
    return sendDoc(reply, target.format, { root: "service_requests", body: [{ service_request_id: code, token: target.name }] });
  });
}
