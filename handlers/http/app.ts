import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import type { BotContext } from "../../bot/context.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import type { Db } from "../../db/client.ts";
import { requestForLog } from "../../logger.ts";
import { CatalogCache } from "../../core/catalog.ts";
import { apiV1Routes } from "./api-v1/routes.ts";
import { registerApiDocs } from "./api-v1/docs.ts";
import { apiSerializerCompiler } from "./api-v1/serializer.ts";
import type { ApiDeps } from "./deps.ts";
import { healthRoutes } from "./health.ts";
import { open311Routes } from "./open311/routes.ts";
import { NO_RATE_LIMITS, registerRateLimits, type RateLimitSettings } from "./rate-limits.ts";
import { webhookRoutes } from "./webhook.ts";
import { metricsRoute, type MetricsOptions } from "./metrics.ts";
import { dashboardRoutes, type DashboardOptions } from "./dashboard.ts";

export interface AppOptions {
  db: Db;
  logger: Logger;
  trustProxy?: boolean;
  /** API v1 and Open311 dependencies; defaults suit tests (empty holidays, private webhooks refused). */
  api?: Partial<Omit<ApiDeps, "db" | "rateLimits">>;
  /** API v1 and Open311 request budgets; main passes the configured ones. Absent: unlimited (tests, benchmarks). */
  rateLimit?: RateLimitSettings;
  webhook?: { bot: Bot<BotContext>; profile: PlatformProfile; secret: string };
  /** GET /metrics (METRICS=true); absent: no such route. */
  metrics?: Omit<MetricsOptions, "db">;
  /** The staff dashboard's admins (ADMIN_IDS), cookie and clock; its reference data and holidays are the API's. */
  dashboard?: Omit<DashboardOptions, "db" | "catalogCache" | "holidays">;
}

/** Builds the HTTP app without listening, so tests drive it with app.inject. */
export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // A request line names the route, not the URL as sent (logger.ts requestForLog): secrets ride in URLs.
    loggerInstance: o.logger.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    trustProxy: o.trustProxy ?? false,
  });
  // One place turns errors into JSON bodies: 4xx say what was wrong, 5xx hide internals.
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    // A webhook body over the limit (1 MiB; a platform's update is a few KB) is named as the API names it.
    const code = err.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "payload_too_large" : (err.code ?? "bad_request");
    return reply.code(status).send({
      error: status >= 500 ? { code: "internal", message: "Internal error." } : { code, message: err.message },
    });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: "not_found", message: `No route ${req.method} ${req.url.split("?")[0]}.` } }));
  // zod schemas validate requests and shape responses; @fastify/swagger turns them into /openapi.json and /docs.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(apiSerializerCompiler);
  await registerApiDocs(app);
  await app.register(healthRoutes, { db: o.db });
  if (o.metrics) metricsRoute(app, { db: o.db, ...o.metrics });
  if (o.webhook) await app.register(webhookRoutes, o.webhook);
  const api: ApiDeps = {
    db: o.db,
    catalogCache: o.api?.catalogCache ?? new CatalogCache(),
    holidays: o.api?.holidays ?? new Set(),
    allowPrivateWebhooks: o.api?.allowPrivateWebhooks ?? false,
    files: o.api?.files,
    rateLimits: await registerRateLimits(app, o.rateLimit ?? NO_RATE_LIMITS),
    apiKeyCache: o.api?.apiKeyCache,
  };
  await app.register(apiV1Routes, { prefix: "/v1", ...api });
  await app.register(open311Routes, { prefix: "/open311/v2", ...api });
  await app.register(dashboardRoutes, { db: o.db, catalogCache: api.catalogCache, holidays: api.holidays, ...o.dashboard });
  return app;
}
