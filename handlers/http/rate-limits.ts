import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

// Request budgets of the agency-facing APIs (API v1 and Open311), counted by @fastify/rate-limit's
// in-memory store, per instance (README "Rate limits" says why not shared). Three budgets per minute:
// each API key's own (by the key's id, so one agency's burst never spends another's), each client address's
// for requests that take no key, and each address's failed authentications, much smaller: a burst of bad
// keys from one address is refused quickly while a valid key from the same address keeps its own budget.
// The platform webhooks, health checks and the chat page are not counted: the platform must never see 429.

declare module "fastify" {
  interface FastifyContextConfig {
    /** "address": the route takes no API key; its requests are counted against the client address. */
    rateBudget?: "address";
  }
}

export interface RateLimitSettings {
  /** Requests per minute per API key, and per client address on routes that take no key; 0: unlimited. */
  perMinute: number;
  /** Failed authentications (no key, an unknown or revoked key) per minute per client address; 0: unlimited. */
  authFailuresPerMinute: number;
}

export const NO_RATE_LIMITS: RateLimitSettings = { perMinute: 0, authFailuresPerMinute: 0 };

/** The outcome of counting one request: within the budget, or refused until the window ends. */
export type RateCharge =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; limit: number; retryAfterSeconds: number };

/** Counts requests against the three budgets; null from a budget that is turned off. */
export interface RateLimits {
  key(req: FastifyRequest, keyId: number): Promise<RateCharge | null>;
  address(req: FastifyRequest): Promise<RateCharge | null>;
  authFailure(req: FastifyRequest): Promise<RateCharge | null>;
}

/** Budgets that never refuse (a plugin mounted on its own in a test). */
export const unlimitedRateLimits: RateLimits = { key: async () => null, address: async () => null, authFailure: async () => null };

const WINDOW_MS = 60_000;

/**
 * Registers @fastify/rate-limit on the root (global: false, so no route is limited unless it asks) and
 * returns the budgets. The client address is req.ip, which follows X-Forwarded-For only with TRUST_PROXY;
 * the plugin's own key generator groups an IPv6 address by its /64, which one client usually holds whole.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<RateLimits> {
  await app.register(fastifyRateLimit, { global: false });
  // The key budget's counter is named by the key's id (never the key): the plugin's store is a map by name.
  const keyIds = new WeakMap<FastifyRequest, number>();
  const counter = (max: number, keyGenerator?: (req: FastifyRequest) => string) => {
    if (max <= 0) return null;
    const limiter = app.createRateLimit({ max, timeWindow: WINDOW_MS, ...(keyGenerator ? { keyGenerator } : {}) });
    return async (req: FastifyRequest): Promise<RateCharge> => {
      const r = await limiter(req);
      if (r.isAllowed) return { allowed: true, limit: max, remaining: max, resetSeconds: 0 }; // an allow-list hit; none is configured
      return r.isExceeded ? { allowed: false, limit: max, retryAfterSeconds: Math.max(1, r.ttlInSeconds) } : { allowed: true, limit: max, remaining: r.remaining, resetSeconds: r.ttlInSeconds };
    };
  };
  const perKey = counter(settings.perMinute, (req) => `key:${keyIds.get(req)}`);
  const perAddress = counter(settings.perMinute);
  const failures = counter(settings.authFailuresPerMinute);
  return {
    key: async (req, keyId) => {
      if (!perKey) return null;
      keyIds.set(req, keyId);
      return perKey(req);
    },
    address: async (req) => (perAddress ? perAddress(req) : null),
    authFailure: async (req) => (failures ? failures(req) : null),
  };
}

/** The budget's headers on the answer (X-RateLimit-*, and Retry-After when refused). */
export function setRateHeaders(reply: FastifyReply, charge: RateCharge | null): void {
  if (!charge) return;
  reply.header("x-ratelimit-limit", charge.limit);
  if (charge.allowed) {
    reply.header("x-ratelimit-remaining", charge.remaining);
    reply.header("x-ratelimit-reset", charge.resetSeconds);
  } else {
    reply.header("x-ratelimit-remaining", 0);
    reply.header("x-ratelimit-reset", charge.retryAfterSeconds);
    reply.header("retry-after", charge.retryAfterSeconds);
  }
}
