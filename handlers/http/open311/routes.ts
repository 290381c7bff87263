import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listProvinces } from "../../../core/catalog.ts";
import { GEOREPORT_V2_SPEC, pickLocale } from "../../../core/open311.ts";
import type { ApiDeps } from "../deps.ts";
import { contextOf, docs, localeOf, serviceNotFound, unknownFormat } from "./context.ts";
import { notFound, sendError, toOpen311Error } from "./errors.ts";
import { CONTENT_TYPES, formatOfPath, sendDoc, splitFormat, type Format } from "./format.ts";
import { collectParams, one, parseForm } from "./params.ts";
import { requestRoutes } from "./requests.ts";
import { findService, listServices, serviceDefinition, serviceEntry } from "./services.ts";

// The Open311 GeoReport v2 facade: http://wiki.open311.org/GeoReport_v2. Every resource answers in
// .json or .xml by its extension; any other extension, like any unknown path, is a 404 in the spec's
// error format. docs/open311.md is the integrator's guide.

/** Bump when the service list or definitions change shape: discovery's changeset tells clients to refresh. */
const CHANGESET = "2026-11-22T00:00:00Z";
export const FORMATS: Format[] = ["json", "xml"];

/** The Open311 GeoReport v2 facade (mounted at /open311/v2). */
export async function open311Routes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  // Form bodies are parsed here only: the rest of the app speaks JSON.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 256 * 1024 }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
  app.setErrorHandler((err, request, reply) => sendError(request, reply, toOpen311Error(request, err), localeOf(request)));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    const err = formatOfPath(path)
      ? notFound({ fa: `منبع ${request.method} ${path} وجود ندارد.`, en: `No resource ${request.method} ${path}.` })
      : unknownFormat(path.split("/").pop() ?? path);
    return sendError(request, reply, err, localeOf(request));
  });

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, docs(`Service discovery (${format})`, "Query: locale (fa|en)."), async (request, reply) => discovery(request, reply, format));

    app.get(`/services.${format}`, docs(`GET Service List (${format})`, "Each active agency topic is a service <agency>.<topic>; each agency is a service <agency> too. Query: jurisdiction_id, locale (fa|en). See docs/open311.md."), async (request, reply) => {
      const ctx = contextOf(deps, request);
      const services = await listServices(ctx.src);
      return sendDoc(reply, format, { root: "services", body: services.map((s) => serviceEntry(s, ctx.locale)) });
    });
  }

  app.get("/services/:file", docs("GET Service Definition", "file = {service_code}.{json|xml}. Query: jurisdiction_id, locale (fa|en)."), async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    const ctx = contextOf(deps, request);
    const service = await findService(ctx.src, target.name);
    if (!service) throw serviceNotFound(target.name);
    return sendDoc(reply, target.format, { root: "service_definition", body: serviceDefinition(service, await listProvinces(ctx.src), ctx.locale) });
  });

  await requestRoutes(app, deps);

  async function discovery(request: FastifyRequest, reply: FastifyReply, format: Format) {
    const locale = pickLocale(one(collectParams(request.query, undefined), "locale"));
    const en = locale === "en";
    const url = `${request.protocol}://${request.host}${app.prefix}`;
    return sendDoc(reply, format, {
      root: "discovery",
      body: {
        changeset: CHANGESET,
        contact: en
          ? "Hamyar (همیار), the people–government gateway. Integration questions: the Hamyar system administrator."
          : "همیار، درگاه ارتباط مردم و دولت. پرسش‌های اتصال: مدیر سامانهٔ همیار.",
        key_service: en
          ? "API keys are issued by the Hamyar administrator (npx hamyar apikey create --agency CODE); an agency key files and reads only its agency's requests."
          : "کلید API را مدیر سامانهٔ همیار صادر می‌کند (npx hamyar apikey create --agency CODE)؛ کلید هر دستگاه فقط درخواست‌های همان دستگاه را ثبت می‌کند و می‌بیند.",
        endpoints: [
          {
            specification: GEOREPORT_V2_SPEC,
            url,
            changeset: CHANGESET,
            type: "production",
            formats: [CONTENT_TYPES.xml.split(";")[0], CONTENT_TYPES.json.split(";")[0]],
          },
        ],
      },
    });
  }
}
