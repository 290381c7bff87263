import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issueDashboardLink } from "../../core/dashboard-access.ts";
import { recentPeriods } from "../../core/jalali-periods.ts";
import { revokeStaff } from "../../core/staff.ts";
import { migrateDatabase, openDatabase, type Database, type Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { DASHBOARD_RATE_LIMITS } from "../../handlers/http/dashboard.ts";
import { capturingLogger } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { dashboardApp, sessionCookieIn, signedIn, staffPlaces, staffUser, type StaffPlaces } from "../support/dashboard.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";

// The dashboard over HTTP: the link's redirect and cookie, the filters, what the page escapes, its headers,
// and what reaches the logs.

let database: Database;
let db: Db;
let places: StaffPlaces;
let app: FastifyInstance;

const now = new Date();
const month = recentPeriods(now).thisMonth;
const fa = (n: number) => n.toLocaleString("fa-IR");
const filedLine = (n: number) => `📥 ثبت‌شده: ${fa(n)} (`;
const count = async (where: ReturnType<typeof sql>) =>
  Number(rowsOf(await db.execute(sql`select count(*) as n from cases c where c.created_at >= ${month.from.toISOString()}::timestamptz and c.created_at < ${month.to.toISOString()}::timestamptz and ${where}`))[0].n);

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  places = await staffPlaces(db);
});
beforeEach(async () => {
  await resetUserData(database);
  await seedQuarterOfCases(db, { from: month.from, to: now, cases: 300, tag: "all" });
  await seedQuarterOfCases(db, { from: month.from, to: now, cases: 40, provinces: ["ALB"], tag: "alborz" });
  app = await dashboardApp(db);
});
afterEach(() => app.close());

const page = (cookie: string, query = "") => app.inject({ url: `/dashboard${query}`, headers: { cookie } });

describe("opening the bot's link", () => {
  it("sets an httpOnly session cookie for /dashboard and sends the browser on without the token", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const { token } = await issueDashboardLink(db, actor);
    const res = await app.inject({ url: `/dashboard/open?t=${token}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/dashboard");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^hamyar_dashboard=[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)![1])).toBeGreaterThanOrEqual(8 * 3600);
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("marks the cookie Secure when the public address is https", async () => {
    const secure = await dashboardApp(db, { dashboard: { secureCookie: true } });
    const { actor } = await staffUser(db, "admin", places);
    const { token } = await issueDashboardLink(db, actor);
    const res = await secure.inject({ url: `/dashboard/open?t=${token}` });
    expect(String(res.headers["set-cookie"])).toMatch(/; Secure$/);
    await secure.close();
  });

  it("refuses the same link the second time with a Persian page that says how to get a new one", async () => {
    const { actor } = await staffUser(db, "provincial", places);
    const { token } = await issueDashboardLink(db, actor);
    expect((await app.inject({ url: `/dashboard/open?t=${token}` })).statusCode).toBe(303);
    const again = await app.inject({ url: `/dashboard/open?t=${token}` });
    expect(again.statusCode).toBe(410);
    expect(again.headers["content-type"]).toMatch(/^text\/html/);
    expect(again.body).toContain('<html lang="fa" dir="rtl">');
    expect(again.body).toContain("/dashboard</bdi> را بفرستید");
    expect(again.headers["set-cookie"]).toBeUndefined();
  });

  it("has no HEAD twin that a link checker could spend the link with", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const { token } = await issueDashboardLink(db, actor);
    expect((await app.inject({ method: "HEAD", url: `/dashboard/open?t=${token}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/dashboard/open?t=${token}` })).statusCode).toBe(303);
  });

  it(`is limited to ${DASHBOARD_RATE_LIMITS.open} tries a minute from one address`, async () => {
    const codes: number[] = [];
    for (let i = 0; i <= DASHBOARD_RATE_LIMITS.open; i++) codes.push((await app.inject({ url: `/dashboard/open?t=guess${i}` })).statusCode);
    expect(codes.slice(0, -1).every((c) => c === 410)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

describe("the dashboard page", () => {
  it("answers 401 with a Persian page without a session, and after signing out", async () => {
    const none = await app.inject({ url: "/dashboard" });
    expect(none.statusCode).toBe(401);
    expect(none.body).toContain("وارد نشده‌اید");
    const { actor } = await staffUser(db, "admin", places);
    const cookie = await signedIn(app, db, actor);
    expect((await page(cookie)).statusCode).toBe(200);
    const left = await app.inject({ method: "POST", url: "/dashboard/leave", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, payload: "" });
    expect(left.statusCode).toBe(200);
    expect(String(left.headers["set-cookie"])).toContain("Max-Age=0");
    expect((await page(cookie)).statusCode).toBe(401);
  });

  it("shows the figures of the filters chosen: all, one province, one agency", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const cookie = await signedIn(app, db, actor);
    const all = await page(cookie);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain(filedLine(await count(sql`true`)));
    expect((await page(cookie, "?province=ALB")).body).toContain(filedLine(await count(sql`c.province_id = ${places.alborz.id}`)));
    const tamin = await page(cookie, `?agency=${places.tamin.code}&grouping=province`);
    expect(tamin.body).toContain(filedLine(await count(sql`c.agency_id = ${places.tamin.id}`)));
    expect(tamin.body).toMatch(/<option value="tamin" selected>/);
    expect(tamin.body).toContain("پرونده‌ها به تفکیک استان");
    expect(tamin.body.match(/<svg role="img"/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it("keeps an assistant to its own county: another province by the address is refused, its own is its county", async () => {
    const { actor } = await staffUser(db, "assistant", places);
    const cookie = await signedIn(app, db, actor);
    const own = await count(sql`c.county_id = ${places.karaj.id}`);
    expect((await page(cookie)).body).toContain(filedLine(own));
    expect((await page(cookie, "?province=ALB")).body).toContain(filedLine(own));
    const foreign = await page(cookie, "?province=THR");
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).toContain("خارج از حیطهٔ شما");
    expect((await page(cookie, "?grouping=province")).statusCode).toBe(400);
  });

  it("answers 400 for a period or an agency it does not know", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const cookie = await signedIn(app, db, actor);
    expect((await page(cookie, "?period=1405-13")).statusCode).toBe(400);
    expect((await page(cookie, "?agency=nope")).statusCode).toBe(400);
  });

  it("closes at once for someone whose role was taken back", async () => {
    const staff = await staffUser(db, "provincial", places);
    const cookie = await signedIn(app, db, staff.actor);
    expect((await page(cookie)).statusCode).toBe(200);
    await revokeStaff(db, { kind: "system" }, staff.userId);
    expect((await page(cookie)).statusCode).toBe(401);
  });

  it("escapes names from the database and the user, and runs under a policy without inline script or style", async () => {
    await db.execute(sql`insert into agencies (code, name_fa, name_en) values ('xss', '<img src=x onerror=alert(1)>', '"><script>alert(2)</script>')`);
    const { actor } = await staffUser(db, "admin", places, `<b onclick="x">مدیر</b>`);
    const fresh = await dashboardApp(db);
    const cookie = await signedIn(fresh, db, actor);
    const res = await fresh.inject({ url: "/dashboard", headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(res.body).toContain("&lt;b onclick=&quot;x&quot;&gt;مدیر&lt;/b&gt;");
    expect(res.body).not.toMatch(/<img|<script|<b |style="/);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    await fresh.close();
  });

  it("serves its stylesheet and the Vazirmatn font", async () => {
    const css = await app.inject({ url: "/dashboard/assets/dashboard.css" });
    expect(css.body).toContain("@font-face");
    const font = await app.inject({ url: "/dashboard/assets/vazirmatn.woff2" });
    expect(font.headers["content-type"]).toBe("font/woff2");
    expect(font.rawPayload.subarray(0, 4).toString()).toBe("wOF2");
  });
});

describe("the logs", () => {
  it("never hold the link's token or the session cookie", async () => {
    const { logger, lines } = capturingLogger();
    const logged = await dashboardApp(db, { logger });
    const { actor } = await staffUser(db, "admin", places);
    const { token } = await issueDashboardLink(db, actor);
    const res = await logged.inject({ url: `/dashboard/open?t=${token}` });
    const session = sessionCookieIn(res.headers["set-cookie"]);
    await logged.inject({ url: `/dashboard/open?t=${token}` });
    await logged.inject({ url: "/dashboard?period=1405-13", headers: { cookie: `hamyar_dashboard=${session}` } });
    const all = lines.join("\n");
    expect(all).toContain('"url":"/dashboard/open","query":["t"]');
    expect(all).not.toContain(token);
    expect(all).not.toContain(session);
    await logged.close();
  });
});

describe("the database not answering", () => {
  it("answers the page and the one-time link with a Persian 503 that says to look again, not a 500", async () => {
    const broken = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(broken);
    const down = await dashboardApp(broken.db);
    await broken.close();
    try {
      // Tokens of the right shape, so the database is asked.
      const token = "A".repeat(43);
      for (const url of ["/dashboard", `/dashboard/open?t=${token}`]) {
        const res = await down.inject({ url, headers: { cookie: `hamyar_dashboard=${token}` } });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers["content-type"]).toContain("text/html");
        expect(res.headers["retry-after"]).toBe("30");
        expect(res.body).toContain("پایگاه داده پاسخ نمی‌دهد");
      }
    } finally {
      await down.close();
    }
  });
});
