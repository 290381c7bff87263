import { sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type Database } from "../../db/client.ts";
import { seedReferenceData } from "../../db/seed.ts";

// One database per test worker: in-memory PGlite, or (with DATABASE_URL) a fresh PostgreSQL database
// named after the worker, so parallel workers never see each other's rows.

let shared: Promise<Database> | undefined;

export function testDatabase(): Promise<Database> {
  shared ??= open();
  return shared;
}

async function open(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    return database;
  }
  const name = `hamyar_test_${process.env.VITEST_POOL_ID ?? "0"}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const workerUrl = new URL(url);
  workerUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: workerUrl.toString(), dataDir: "" });
  await migrateDatabase(database, workerUrl.toString());
  await seedReferenceData(database.db);
  return database;
}

/** Removes everything users created, keeping the seeded reference data (regions, agencies, FAQ). */
export async function resetUserData(database: Database): Promise<void> {
  await database.db.execute(sql`truncate webhook_attempts, outbox, surveys, api_keys, attachments, case_events, cases, chat_states, processed_updates, users restart identity cascade`);
}
