import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { seedReferenceData } from "../../db/seed.ts";
import { agencyServer, type AgencyServer } from "../support/agency-server.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { childDatabase } from "../support/database.ts";
import { expectedOrder, queueBacklog, registerAgencyWebhook } from "../support/webhook-backlog.ts";

// Hamyar in a process of its own drains an agency's backlog and is killed with SIGKILL halfway; started
// again under the same INSTANCE_ID it takes its claims back at once. Nothing is lost, no case's events
// arrive out of order; at most the deliveries in flight at the kill arrive twice (at least once).

const SECRET = "drain-crash-secret-0123456789";
let server: AgencyServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe("an instance killed while it drains a webhook backlog", () => {
  it("delivers every event after its restart, each case in order, repeating at most those in flight", { timeout: 120_000 }, async () => {
    server = await agencyServer({ secret: SECRET, answerMs: 40 });
    const database = await childDatabase();
    const db = await database.open();
    await migrateDatabase(db, database.env.DATABASE_URL);
    await seedReferenceData(db.db);
    const agencyId = await registerAgencyWebhook(db.db, "tax", server.url, SECRET);
    const backlog = await queueBacklog(db.db, agencyId, { cases: 6, followups: 9 });
    const order = await expectedOrder(db.db, backlog);
    await db.close();

    const port = await appPort();
    const env = { ...database.env, ALLOW_PRIVATE_WEBHOOKS: "true", INSTANCE_ID: `drain-crash-${port}`, WEBHOOK_CONCURRENCY: "4" };
    const accepted = () => new Set(server!.deliveries.filter((d) => d.status === 200).map((d) => d.id)).size;
    const until = async (what: string, probe: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!probe()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    let app: AppProcess | undefined;
    try {
      app = await startApp(env, port);
      await until("a third of the backlog", () => accepted() >= 20, 60_000);
      app.child.kill("SIGKILL");
      expect(await app.exited).toBe("SIGKILL");
      const atKill = accepted();
      expect(atKill).toBeLessThan(60);

      const restarted = performance.now();
      app = await startApp(env, port);
      // Well before the 40 s lease of the killed instance's claims would run out: the restart takes them back.
      await until("the rest of the backlog", () => accepted() === 60, 30_000);
      console.log(`killed after ${atKill} of 60; the other ${60 - atKill} arrived ${Math.round(performance.now() - restarted)} ms after the restart began (process start included)`);
      await stopApp(app);
      app = undefined;
    } finally {
      await stopApp(app);
    }

    let repeats = 0;
    for (const c of backlog) {
      const expected = order.get(c.code)!;
      const got = server.acceptedFor(c.code);
      // Each arrival's earlier events had all arrived before it: a repeat is allowed, a skip is not.
      got.forEach((id, i) => {
        const k = expected.indexOf(id);
        expect(k, `${id} was never queued`).toBeGreaterThanOrEqual(0);
        expect(expected.slice(0, k).every((earlier) => got.slice(0, i).includes(earlier)), `${id} arrived before an earlier event of its case`).toBe(true);
      });
      expect(new Set(got)).toEqual(new Set(expected));
      repeats += got.length - expected.length;
    }
    expect(repeats).toBeLessThanOrEqual(4);

    const after = await database.open();
    const [left] = rowsOf(await after.db.execute(sql`select count(*)::int as n from outbox where status <> 'done'`));
    expect(left.n).toBe(0);
    await after.close();
    await database.drop();
  });
});
