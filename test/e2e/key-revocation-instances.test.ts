import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { API_KEY_CACHE_MS } from "../../core/api-keys.ts";
import { apiKeys } from "../../db/schema.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { runCliProcess } from "../support/cli-process.ts";
import { childDatabase } from "../support/database.ts";

// On PostgreSQL the CLI writes to the database directly and every instance keeps its own 5-second memory
// of valid keys (core/api-keys.ts): a new key must work at once everywhere (a miss is never remembered),
// a revoked one must stop within that window everywhere, even on an instance that was using it right then.

describe.skipIf(!process.env.DATABASE_URL)("API keys changed by the CLI, with two instances on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof childDatabase>>;
  const instances: AppProcess[] = [];
  beforeAll(async () => {
    database = await childDatabase();
    for (const name of ["a", "b"]) instances.push(await startApp({ ...database.env, INSTANCE_ID: `revocation-${name}` }, await appPort()));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(instances.map(stopApp));
    await database?.drop();
  });

  const statusOn = async (app: AppProcess, key: string) => (await fetch(`http://127.0.0.1:${app.port}/v1/cases`, { headers: { authorization: `Bearer ${key}` } })).status;

  it("a new key works on every instance at once; a revoked one stops on every instance within API_KEY_CACHE_MS", async () => {
    const created = await runCliProcess(["apikey", "create", "--agency", "tamin"], database.env);
    expect(created.code, created.stderr).toBe(0);
    const key = created.lastLine;
    for (const app of instances) expect(await statusOn(app, key), `instance ${app.port}, right after create`).toBe(200);

    // Both instances use the key every 50 ms from before the revocation until they refuse it, so each has it
    // freshly remembered when it is revoked; the first refusal is timed against the row's revoked_at.
    const firstRefusal: (number | undefined)[] = instances.map(() => undefined);
    const use = (async () => {
      const deadline = Date.now() + 60_000;
      while (firstRefusal.some((t) => t === undefined) && Date.now() < deadline) {
        await Promise.all(instances.map(async (app, i) => ((await statusOn(app, key)) === 401 ? (firstRefusal[i] ??= Date.now()) : undefined)));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const id = /Created API key (\d+)/.exec(created.stdout)![1];
    const revoked = await runCliProcess(["apikey", "revoke", "--id", id], database.env);
    expect(revoked.code, revoked.stderr).toBe(0);
    await use;

    const db = await database.open();
    const [row] = await db.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, Number(id)));
    await db.close();
    const stoppedAfter = firstRefusal.map((t) => (t === undefined ? Infinity : t - row.revokedAt!.getTime()));
    console.log(`revoked key refused ${stoppedAfter.map((ms) => `${ms} ms`).join(" and ")} after revoked_at (instances a, b; window ${API_KEY_CACHE_MS} ms)`);
    for (const ms of stoppedAfter) expect(ms).toBeLessThanOrEqual(API_KEY_CACHE_MS + 250);
  }, 240_000);
});
