import { isTransientDbError } from "../../db/errors.ts";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { translator } from "../../bot/translator.ts";
import type { CatalogCache } from "../../core/catalog.ts";
import { dashboardSessionActor, endDashboardSession, redeemDashboardLink } from "../../core/dashboard-access.ts";
import type { Db } from "../../db/client.ts";
import { messagePage } from "./dashboard/layout.ts";
import { dashboardView } from "./dashboard/view.ts";

// The staff dashboard (issue 11): GET /dashboard/open?t=… trades the bot's one-time link for a session
// cookie and sends the browser on to /dashboard, so the token leaves the address bar (and the history);
// GET /dashboard renders the figures of the session's staff member, re-read from the user row each time.
// No script anywhere: the filters are a GET form, so the policy can forbid every script.

export interface DashboardOptions {
  db: Db;
  catalogCache?: CatalogCache;
  holidays?: ReadonlySet<string>;
  /** Platform user ids of the admins by configuration (ADMIN_IDS): they are admins here too. */
  adminIds?: ReadonlySet<number>;
  /** Send the cookie over HTTPS only (PUBLIC_URL is https). */
  secureCookie?: boolean;
  /** The clock; tests move it. */
  now?: () => Date;
}

export const SESSION_COOKIE = "hamyar_dashboard";

/** Requests per minute per client address: opening links is a guess at a token, so it gets few. */
export const DASHBOARD_RATE_LIMITS = { open: 10, page: 60, assets: 120 } as const;

const CSP = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const here = path.dirname(fileURLToPath(import.meta.url));
const STYLESHEET = readFileSync(path.join(here, "dashboard", "dashboard.css"));
const FONT = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve("vazirmatn/package.json")), "fonts", "webfonts", "Vazirmatn[wght].woff2"));

const limit = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });
const text = z.string().max(64).optional();

function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export async function dashboardRoutes(app: FastifyInstance, o: DashboardOptions): Promise<void> {
  const now = o.now ?? (() => new Date());
  const adminIds = o.adminIds ?? new Set<number>();
  const fa = translator("fa");
  const cookie = (value: string, maxAge: number) => `${SESSION_COOKIE}=${value}; Path=/dashboard; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${o.secureCookie ? "; Secure" : ""}`;
  const page = (reply: FastifyReply, status: number, key: string, back = false) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(messagePage({ locale: "fa", appTitle: fa("dashboard-page-title"), title: fa(`${key}-title`), text: fa(key), back: back ? { href: "/dashboard", label: fa("dashboard-back") } : undefined }));

  // Errors here are pages, not the API's JSON: a person is reading them. 5xx say nothing of the cause.
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, "dashboard request failed");
    if (status === 429) return page(reply, 429, "dashboard-too-many");
    // The database not answering will pass: 503 (with when to look again), not a 500 that reads as a bug.
    if (isTransientDbError(err)) return page(reply.header("retry-after", "30"), 503, "dashboard-unavailable");
    return status < 500 ? page(reply, status, "dashboard-bad-filter", true) : page(reply, 500, "dashboard-error");
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("content-security-policy", CSP).header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer").header("x-frame-options", "DENY");
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });
  // The sign-out form posts an empty body; nothing in it is read.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 1024 }, (_req, _body, done) => done(null, {}));
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // No HEAD twin: a link checker's HEAD would otherwise spend the one-time link before the person opens it.
  typed.get("/dashboard/open", { exposeHeadRoute: false, config: limit(DASHBOARD_RATE_LIMITS.open), schema: { querystring: z.object({ t: z.string().optional() }) } }, async (req, reply) => {
    const at = now();
    const session = await redeemDashboardLink(o.db, req.query.t ?? "", { adminIds, now: at });
    if (!session) return page(reply, 410, "dashboard-link-refused");
    const maxAge = Math.max(1, Math.floor((session.expiresAt.getTime() - at.getTime()) / 1000));
    return reply.code(303).header("set-cookie", cookie(session.token, maxAge)).header("location", "/dashboard").send();
  });

  typed.get(
    "/dashboard",
    { config: limit(DASHBOARD_RATE_LIMITS.page), schema: { querystring: z.object({ period: text, agency: text, province: text, grouping: text }) } },
    async (req, reply) => {
      const token = cookieValue(req, SESSION_COOKIE);
      const user = token ? await dashboardSessionActor(o.db, token, { adminIds, now: now() }) : null;
      if (!user) return page(reply, 401, "dashboard-no-session");
      const view = await dashboardView({ db: o.db, catalogCache: o.catalogCache, holidays: o.holidays ?? new Set() }, user, req.query, now());
      if (!view.ok) return page(reply, view.status, view.status === 403 ? "dashboard-forbidden" : "dashboard-bad-filter", true);
      return reply.type("text/html; charset=utf-8").send(view.html);
    },
  );

  app.post("/dashboard/leave", { config: limit(DASHBOARD_RATE_LIMITS.page) }, async (req, reply) => {
    const token = cookieValue(req, SESSION_COOKIE);
    if (token) await endDashboardSession(o.db, token);
    reply.header("set-cookie", cookie("", 0));
    return page(reply, 200, "dashboard-left");
  });

  const asset = (body: Buffer, type: string) => async (_req: FastifyRequest, reply: FastifyReply) => reply.type(type).header("cache-control", "public, max-age=86400").send(body);
  app.get("/dashboard/assets/dashboard.css", { config: limit(DASHBOARD_RATE_LIMITS.assets) }, asset(STYLESHEET, "text/css; charset=utf-8"));
  app.get("/dashboard/assets/vazirmatn.woff2", { config: limit(DASHBOARD_RATE_LIMITS.assets) }, asset(FONT, "font/woff2"));
}
