import type { FastifyInstance } from "fastify";
import { MAX_RESULTS, parseServiceCode } from "../../../core/open311.ts";
import { parseTrackingCode } from "../../../core/tracking-code.ts";
import type { ApiDeps } from "../deps.ts";
import { principalOf } from "./auth.ts";
import { contextOf, requestNotFound, serviceNotFound, unknownFormat, type Open311Context } from "./context.ts";
import { readDates, windowOf } from "./date-window.ts";
import { badRequest, forbidden, notFound } from "./errors.ts";
import { sendDoc, splitFormat, type Format } from "./format.ts";
import { checkMedia } from "./media.ts";
import { openapi } from "./openapi.ts";
import { list, one } from "./params.ts";
import { readPostBody } from "./post-body.ts";
import { KEYLESS } from "./rate-limit.ts";
import { readFiling } from "./request-input.ts";
import { requestView, serviceNotice } from "./request-view.ts";
import { findService } from "./services.ts";
import { fileRequest, findRequests, trackingCodeByToken, type RequestFilters } from "./store.ts";
import type { UploadStore } from "./uploads.ts";
import { allows, keyActor } from "../../../core/access.ts";

// Service requests: POST creates a case, GET reads cases back. Both need an api_key (a Hamyar API key):
// requests carry citizens' reports, so even reading them is limited to the agencies that handle them.

const FORMATS: Format[] = ["json", "xml"];
const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the GET requests filters; the spec's ids override everything else. */
function readFilters(ctx: Open311Context): RequestFilters {
  const ids = list(ctx.params, "service_request_id");
  if (ids.length > MAX_RESULTS) throw badRequest({ fa: `حداکثر ${MAX_RESULTS} service_request_id در یک درخواست.`, en: `At most ${MAX_RESULTS} service_request_id values per request.` });
  if (ids.length > 0) return { codes: ids.map((id) => parseTrackingCode(id)).flatMap((p) => (p.ok ? [p.code] : [])) };

  const services = list(ctx.params, "service_code").map((code) => ({ code, parsed: parseServiceCode(code) }));
  const dates = readDates(ctx.params);
  const errors = [...dates.errors];
  for (const s of services.filter((s) => !s.parsed)) errors.push({ fa: `service_code «${s.code}» نامعتبر است.`, en: `service_code "${s.code}" is not valid.` });
  const statuses = new Set(list(ctx.params, "status").map((s) => s.toLowerCase()));
  for (const s of statuses) if (s !== "open" && s !== "closed") errors.push({ fa: `status «${s}» نامعتبر است؛ open یا closed.`, en: `status "${s}" is not valid; use open or closed.` });
  if (errors.length > 0) throw badRequest(...errors);

  const window = windowOf(dates.start, dates.end);
  return {
    services: services.length > 0 ? services.map((s) => s.parsed!) : undefined,
    from: window.from,
    to: window.to,
    status: statuses.size === 1 ? ([...statuses][0] as "open" | "closed") : undefined,
  };
}

export async function requestRoutes(app: FastifyInstance, deps: ApiDeps, uploads: UploadStore): Promise<void> {
  for (const format of FORMATS) {
    app.post(`/requests.${format}`, openapi.fileRequest(format), async (request, reply) => {
      const { form, files } = await readPostBody(request);
      const ctx = contextOf(deps, request, form);
      const principal = await principalOf(ctx, request, reply, "cases:write");
      const code = one(ctx.params, "service_code");
      if (!code) throw badRequest({ fa: "service_code لازم است.", en: "service_code is required." });
      const service = await findService(ctx.src, code);
      if (!service) throw serviceNotFound(code);
      if (principal.agencyId !== null && principal.agencyId !== service.agency.id) {
        throw forbidden({ fa: `این api_key متعلق به دستگاه دیگری است و نمی‌تواند برای «${service.code}» درخواست ثبت کند.`, en: `This api_key belongs to another agency and cannot file requests for "${service.code}".` });
      }
      const { media, errors } = checkMedia(files);
      const filing = await readFiling(ctx.src, ctx.params, service, principal.keyId, errors);
      // A unit's key files only where its unit answers (the access model: its agency's cases in its region).
      if (!allows(keyActor(principal), "case", "write", { provinceId: filing.provinceId, countyId: filing.countyId, agencyIds: [service.agency.id] })) {
        throw forbidden({ fa: "این api_key به واحدی از دستگاه محدود است و برای جای دیگری درخواست ثبت نمی‌کند.", en: "This api_key is limited to one unit of its agency and cannot file requests located elsewhere." });
      }
      const filed = await fileRequest(deps.db, filing, { holidays: deps.holidays, media, uploads });
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

    app.get(`/requests.${format}`, openapi.queryRequests(format), async (request, reply) => {
      const ctx = contextOf(deps, request);
      const principal = await principalOf(ctx, request, reply, "cases:read");
      const rows = await findRequests(deps.db, keyActor(principal), readFilters(ctx), MAX_RESULTS);
      const body = [];
      for (const r of rows) body.push(await requestView(ctx.src, r, ctx.locale));
      return sendDoc(reply, format, { root: "service_requests", body });
    });
  }

  app.get("/requests/:file", openapi.oneRequest(), async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    const ctx = contextOf(deps, request);
    const principal = await principalOf(ctx, request, reply, "cases:read");
    const parsed = parseTrackingCode(target.name);
    // Someone else's request is as absent as a request that does not exist: ids cannot be probed.
    const [row] = parsed.ok ? await findRequests(deps.db, keyActor(principal), { codes: [parsed.code] }, 1) : [];
    if (!row) throw requestNotFound(target.name);
    return sendDoc(reply, target.format, { root: "service_requests", body: [await requestView(ctx.src, row, ctx.locale)] });
  });

  app.get("/tokens/:file", { ...openapi.token(), config: KEYLESS }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    contextOf(deps, request);
    const code = TOKEN.test(target.name) ? await trackingCodeByToken(deps.db, target.name.toLowerCase()) : null;
    if (!code) throw notFound({ fa: `توکن «${target.name}» پیدا نشد.`, en: `Token "${target.name}" was not found.` });
    return sendDoc(reply, target.format, { root: "service_requests", body: [{ service_request_id: code, token: target.name }] });
  });
}
