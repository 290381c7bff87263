import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiKeyCache, type ApiPrincipal, type ApiScope } from "../../../core/api-keys.ts";
import { keyActor, type Actor } from "../../../core/access.ts";
import type { Db } from "../../../db/client.ts";
import { setRateHeaders, type RateCharge, type RateLimits } from "../rate-limits.ts";
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
 * A valid key spends its own budget; a failed authentication spends the client address's, much smaller
 * one, so 429 answers a burst of bad keys while a good key from the same address goes on. The key is
 * always checked first: refusing an address before that would lock its valid keys out too.
 */
export async function apiKeyAuth(app: FastifyInstance, db: Db, limits: RateLimits, keys = new ApiKeyCache()): Promise<void> {
  app.decorateRequest("apiPrincipal", null);
  app.addHook("onRequest", async (req, reply) => {
    if (req.routeOptions.config.rateBudget === "address") return refuseOver(reply, await limits.address(req), "address");
    const header = req.headers.authorization;
    const match = header ? BEARER.exec(header) : null;
    const principal = match ? await keys.verify(db, match[1]) : null;
    if (!principal) {
      refuseOver(reply, await limits.authFailure(req), "auth_failures");
      if (!match) throw new ApiError(401, "unauthorized", "Send your API key in the header `Authorization: Bearer <key>`.");
      throw new ApiError(401, "invalid_api_key", "The API key is unknown or has been revoked.");
    }
    refuseOver(reply, await limits.key(req, principal.keyId), "key");
    const scope = req.routeOptions.config.scope;
    if (scope && !principal.scopes.includes(scope)) {
      throw new ApiError(403, "insufficient_scope", `This API key lacks the ${scope} scope; create a key with --scopes ${scope}.`);
    }
    req.apiPrincipal = principal;
  });
}

const REFUSED: Record<"key" | "address" | "auth_failures", (c: { limit: number; retryAfterSeconds: number }) => ApiError> = {
  key: (c) => new ApiError(429, "rate_limited", `This API key made more than ${c.limit} requests in a minute; retry after ${c.retryAfterSeconds} s (Retry-After).`),
  address: (c) => new ApiError(429, "rate_limited", `More than ${c.limit} requests in a minute came from your address; retry after ${c.retryAfterSeconds} s (Retry-After).`),
  auth_failures: (c) =>
    new ApiError(429, "too_many_auth_failures", `More than ${c.limit} requests with a missing or invalid API key came from your address in a minute; retry after ${c.retryAfterSeconds} s (Retry-After) with a valid key.`),
};

/** Sets the budget's headers; throws 429 when the request is over it. */
function refuseOver(reply: FastifyReply, charge: RateCharge | null, budget: keyof typeof REFUSED): void {
  setRateHeaders(reply, charge);
  if (charge && !charge.allowed) throw REFUSED[budget](charge);
}

/** The principal of an authenticated request (the hook guarantees one). */
export function principalOf(req: FastifyRequest): ApiPrincipal {
  if (!req.apiPrincipal) throw new ApiError(401, "unauthorized", "Send your API key in the header `Authorization: Bearer <key>`.");
  return req.apiPrincipal;
}

/** The actor behind the request's key (core/access.ts scopes everything it reads and writes). */
export const actorOf = (req: FastifyRequest): Actor => keyActor(principalOf(req));
