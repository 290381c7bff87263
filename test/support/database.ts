import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, takingTurns, type Database, type Db } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import { templateDatabaseName } from "../global-setup.ts";

// One database per test file: in-memory PGlite, or (with DATABASE_URL) a PostgreSQL database named after
// the worker, so parallel workers never see each other's rows. Both start as a copy of the migrated, seeded
// template test/global-setup.ts made once for the run.

let shared: Promise<Database> | undefined;

export function testDatabase(): Promise<Database> {
  shared ??= open();
  return shared;
}

async function open(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = takingTurns(new PGlite({ loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) }));
    await client.waitReady;
    return { db: drizzle({ client, schema }) as unknown as Db, kind: "pglite", close: () => client.close() };
  }
  const name = workerDatabaseName();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name} template ${templateDatabaseName(process.ppid)}`);
  await admin.end();
  return openDatabase({ databaseUrl: testDatabaseUrl()!, dataDir: "" });
}

// Named after the vitest run (the workers' parent process) and the worker: see test/global-setup.ts.
const workerDatabaseName = () => `hamyar_test_${process.ppid}_${process.env.VITEST_POOL_ID ?? "0"}`;

/** With DATABASE_URL, the URL of this worker's test database (for a second connection pool on it); else undefined. */
export function testDatabaseUrl(): string | undefined {
  if (!process.env.DATABASE_URL) return undefined;
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${workerDatabaseName()}`;
  return u.toString();
}

/** Removes everything users created, keeping the seeded reference data (regions, agencies, FAQ). */
export async function resetUserData(database: Database): Promise<void> {
  await database.db.execute(sql`truncate dashboard_tokens, complaint_analyses, generated_files, consultation_answers, consultations, directives, delivery_recipients, deliveries, send_budgets, job_runs, quarterly_report_versions, quarterly_reports, monthly_report_versions, monthly_reports, activity_photos, activity_agencies, activity_members, activities, network_members, invite_attempts, invites, chat_replies, webhook_attempts, webhook_destinations, outbox, surveys, api_keys, attachments, case_events, cases, chat_states, processed_updates, users restart identity cascade`);
  // Units are reference data when seeded; the ones a test made go, and seeded ones lose a test's webhook.
  await database.db.execute(sql`delete from agency_units where not seeded`);
  await database.db.execute(sql`update agency_units set webhook_url = null, webhook_secret = null, active = true where webhook_url is not null or not active`);
}

let childDatabases = 0;

/**
 * A fresh, empty database for a Hamyar child process (which migrates and seeds it itself): a PGlite data
 * directory, or with DATABASE_URL a new PostgreSQL database. `open` reads it from the test; on PGlite only
 * while no child holds the directory (PGlite is single-process).
 */
export async function childDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<Database>; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(os.tmpdir(), "hamyar-child-"));
    return {
      env: { DATA_DIR: dir },
      open: () => openDatabase({ dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${workerDatabaseName()}_child_${childDatabases++}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const childUrl = new URL(url);
  childUrl.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: childUrl.toString() },
    open: () => openDatabase({ databaseUrl: childUrl.toString(), dataDir: "" }),
    drop: async () => {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
