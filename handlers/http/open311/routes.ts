import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listProvinces } from "../../../core/catalog.ts";
import { GEOREPORT_V2_SPEC, MEDIA_LIMITS, pickLocale } from "../../../core/open311.ts";
import type { ApiDeps } from "../deps.ts";
import { contextOf, localeOf, serviceNotFound, unknownFormat } from "./context.ts";
import { notFound, sendError, toOpen311Error } from "./errors.ts";
import { CONTENT_TYPES, formatOfPath, sendDoc, splitFormat, type Format } from "./format.ts";
import { collectParams, one, parseForm } from "./params.ts";
import { openapi } from "./openapi.ts";
import { KEYLESS, refuseOverBudget } from "./rate-limit.ts";
import { requestRoutes } from "./requests.ts";
import { findService, listServices, serviceDefinition, serviceEntry } from "./services.ts";
import { updateRoutes } from "./updates.ts";
import { databaseUploadStore, type UploadStore } from "./uploads.ts";

// The Open311 GeoReport v2 facade: http://wiki.open311.org/GeoReport_v2. Every resource answers in
// .json or .xml by its extension; any other extension, like any unknown path, is a 404 in the spec's
// error format. docs/open311.md is the integrator's guide.

/** Bump when the service list or definitions change shape: discovery's changeset tells clients to refresh. */
const CHANGESET = "2026-11-22T00:00:00Z";
export const FORMATS: Format[] = ["json", "xml"];


/** What the Open311 plugin takes besides the API's dependencies. */
export interface Open311Options extends ApiDeps {
  /** Where photos sent with POST requests are kept; by default with the case in the database. */
  uploads?: UploadStore;
}

/** The Open311 GeoReport v2 facade (mounted at /open311/v2). */
export async function open311Routes(app: FastifyInstance, options: Open311Options): Promise<void> {
  const { uploads = databaseUploadStore, ...deps } = options;
  // Form bodies are parsed here only: the rest of the app speaks JSON.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 256 * 1024 }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
  // multipart/form-data (photos with POST requests), for this plugin only; routes read the parts themselves.
  await app.register(fastifyMultipart, {
    limits: { files: MEDIA_LIMITS.files, fileSize: MEDIA_LIMITS.fileBytes, fields: MEDIA_LIMITS.fields, fieldSize: MEDIA_LIMITS.fieldBytes, parts: MEDIA_LIMITS.files + MEDIA_LIMITS.fields },
  });
  // The routes' schemas (openapi.ts) only document: Open311 clients repeat fields, send attribute[code] and
  // comma-delimited lists, which the routes read by hand; and every answer is already a JSON or XML string.
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => (typeof data === "string" ? data : JSON.stringify(data)));
  app.setErrorHandler((err, request, reply) => sendError(request, reply, toOpen311Error(request, err), localeOf(request)));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    const err = formatOfPath(path)
      ? notFound({ fa: `منبع ${request.method} ${path} وجود ندارد.`, en: `No resource ${request.method} ${path}.` })
      : unknownFormat(path.split("/").pop() ?? path);
    return sendError(request, reply, err, localeOf(request));
  });

  // Before the body is read. Resources with an api_key are counted once the key is known (auth.ts).
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.config.rateBudget === "address") refuseOverBudget(reply, await deps.rateLimits.address(request), "address");
  });

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, { ...openapi.discovery(format), config: KEYLESS }, async (request, reply) => discovery(request, reply, format));

    app.get(`/services.${format}`, { ...openapi.services(format), config: KEYLESS }, async (request, reply) => {
      const ctx = contextOf(deps, request);
      const services = await listServices(ctx.src);
      return sendDoc(reply, format, { root: "services", body: services.map((s) => serviceEntry(s, ctx.locale)) });
    });
  }

  app.get("/services/:file", { ...openapi.definition(), config: KEYLESS }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const target = splitFormat(file);
    if (!target) throw unknownFormat(file);
    const ctx = contextOf(deps, request);
    const service = await findService(ctx.src, target.name);
    if (!service) throw serviceNotFound(target.name);
    return sendDoc(reply, target.format, { root: "service_definition", body: serviceDefinition(service, await listProvinces(ctx.src), ctx.locale) });
  });

  await requestRoutes(app, deps, uploads);
  await updateRoutes(app, deps);

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
