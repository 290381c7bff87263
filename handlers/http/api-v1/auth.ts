import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiKeyCache, type ApiPrincipal, type ApiScope } from "../../../core/api-keys.ts";
import { keyActor, type Actor } from "../../../core/access.ts";
import type { Db } from "../../../db/client.ts";
import { ApiError } from "./errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The API key's principal on API v1 routes (set by the auth hook before validation). */
    apiPrincipal: ApiPrincipal | null;
  }
  interface FastifyContextConfig {
    /** The scope an API v1 route needs. */
    scope?: ApiScope;
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * `Authorization: Bearer <key>` on every API v1 route, checked before the body is parsed or validated,
 * so an unauthenticated caller learns nothing about the route's input. 401 for a missing, unknown or
 * revoked key (revoked: within API_KEY_CACHE_MS, see ApiKeyCache); 403 when the key lacks the route's scope.
 */
export async function apiKeyAuth(app: FastifyInstance, db: Db, keys = new ApiKeyCache()): Promise<void> {
  app.decorateRequest("apiPrincipal", null);
  app.addHook("onRequest", async (req) => {
    const header = req.headers.authorization;
    const match = header ? BEARER.exec(header) : null;
    if (!match) throw new ApiError(401, "unauthorized", "Send your API key in the header `Authorization: Bearer <key>`.");
    const principal = await keys.verify(db, match[1]);
    if (!principal) throw new ApiError(401, "invalid_api_key", "The API key is unknown or has been revoked.");
    const scope = req.routeOptions.config.scope;
    if (scope && !principal.scopes.includes(scope)) {
      throw new ApiError(403, "insufficient_scope", `This API key lacks the ${scope} scope; create a key with --scopes ${scope}.`);
    }
    req.apiPrincipal = principal;
  });
}

/** The principal of an authenticated request (the hook guarantees one). */
export function principalOf(req: FastifyRequest): ApiPrincipal {
  if (!req.apiPrincipal) throw new ApiError(401, "unauthorized", "Send your API key in the header `Authorization: Bearer <key>`.");
  return req.apiPrincipal;
}

/** The actor behind the request's key (core/access.ts scopes everything it reads and writes). */
export const actorOf = (req: FastifyRequest): Actor => keyActor(principalOf(req));
