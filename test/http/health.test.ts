import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "../../db/client.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { testDatabase } from "../support/database.ts";

// A load balancer routes on /readyz: it must say "not ready" within about a second when the database
// does not answer (a restart, a lost network), not after the driver's connect timeout.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});

/** The database during a restart: every statement waits and never answers. */
const hanging = (db: Db): Db =>
  new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "execute") return () => new Promise(() => {});
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

describe("/readyz", () => {
  it("answers 200 while the database answers", async () => {
    const app = await buildApp({ db: database.db, logger: pino({ level: "silent" }) });
    const res = await app.inject({ url: "/readyz" });
    expect(res.statusCode).toBe(200);
    await app.close();
  });

  it("answers 503 within about a second when the database does not answer", async () => {
    const app = await buildApp({ db: hanging(database.db), logger: pino({ level: "silent" }) });
    const t0 = Date.now();
    const res = await app.inject({ url: "/readyz" });
    const took = Date.now() - t0;
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("database_unavailable");
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });
});
