import type { FastifyRequest } from "fastify";
import type { CatalogSource } from "../../../core/catalog.ts";
import { isOurJurisdiction, pickLocale, type Locale } from "../../../core/open311.ts";
import type { ApiDeps } from "../deps.ts";
import { JURISDICTION_NOT_FOUND, notFound } from "./errors.ts";
import { collectParams, one, type Params } from "./params.ts";

/** What every Open311 handler needs: the database, the catalog, the request's parameters and locale. */
export interface Open311Context {
  deps: ApiDeps;
  src: CatalogSource;
  params: Params;
  locale: Locale;
}

/**
 * Parameters, locale and the jurisdiction check shared by every resource (404 for a foreign jurisdiction).
 * `body` is the form a route read itself (multipart); by default the parsed body.
 */
export function contextOf(deps: ApiDeps, request: FastifyRequest, body: unknown = request.body): Open311Context {
  const params = collectParams(request.query, body);
  const locale = pickLocale(one(params, "locale"));
  const jurisdiction = one(params, "jurisdiction_id");
  if (!isOurJurisdiction(jurisdiction)) throw JURISDICTION_NOT_FOUND(jurisdiction!);
  return { deps, src: { db: deps.db, catalogCache: deps.catalogCache }, params, locale };
}

/** The locale of a request that failed before its context was read (best effort, never throws). */
export function localeOf(request: FastifyRequest): Locale {
  try {
    return pickLocale(one(collectParams(request.query, request.body), "locale"));
  } catch {
    return "fa";
  }
}

/** A 404 for a path segment that does not end in .json or .xml. */
export const unknownFormat = (file: string) =>
  notFound({ fa: `«${file}» پیدا نشد؛ نشانی منبع باید به ‎.json یا ‎.xml ختم شود.`, en: `"${file}" was not found; resource URLs end in .json or .xml.` });

export const serviceNotFound = (code: string) =>
  notFound({ fa: `service_code «${code}» پیدا نشد؛ فهرست خدمات در services.json است.`, en: `service_code "${code}" was not found; see services.json for the list.` });

export const requestNotFound = (id: string) =>
  notFound({ fa: `درخواستی با service_request_id «${id}» پیدا نشد.`, en: `No service request with service_request_id "${id}".` });
