import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { DataDirBusyError, tryLockDataDir, type DataDirLock } from "./data-dir-lock.ts";
import * as schema from "./schema.ts";

/** The database handle every core function takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The lock on the PGlite data directory (db/data-dir-lock.ts); absent for PostgreSQL and memory://. */
  lock?: DataDirLock;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

// Any fixed number: all instances take the same advisory lock so only one migrates at a time.
const MIGRATION_LOCK = 72_616_001;

/**
 * Opens PostgreSQL when a URL is given, else an embedded PGlite under dataDir (or in memory for "memory://").
 * A PGlite directory is opened only under its lock: the one passed in, or one taken here (DataDirBusyError
 * when another live process holds it). close() releases it.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number; lock?: DataDirLock }): Promise<Database> {
  if (opts.databaseUrl) {
    // A short connect timeout: during an outage a request fails (503, the platform redelivers) in seconds instead of hanging.
    const client = postgres(opts.databaseUrl, { max: opts.poolSize ?? 10, onnotice: () => {}, connect_timeout: 3 });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  // PGlite is loaded only when it is used: on PostgreSQL every start and every CLI command would pay for it.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  if (opts.dataDir === "memory://") {
    const client = takingTurns(new PGlite());
    await client.waitReady;
    return { db: drizzlePglite({ client, schema }) as unknown as Db, kind: "pglite", close: () => client.close() };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  let lock = opts.lock;
  if (!lock) {
    const got = tryLockDataDir(opts.dataDir, "process");
    if (!("lock" in got)) throw new DataDirBusyError(opts.dataDir, got.holder);
    lock = got.lock;
  }
  try {
    const client = takingTurns(new PGlite(path.resolve(opts.dataDir, "pglite")));
    await client.waitReady;
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    const close = async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    };
    return { db, kind: "pglite", lock, close };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * PGlite runs in this thread, and one transaction hands its lock to the next waiting one in a promise
 * callback: under a burst, every queued transaction would run back to back in one turn of the event loop,
 * and no timer, platform answer or new request would be looked at until the queue was empty (a 30/s
 * announcement stalled 700 ms while 150 people wrote /start). Each transaction therefore lets the event loop
 * take a turn before it starts its work: what waits for the database still goes in arrival order.
 */
export function takingTurns(client: PGlite): PGlite {
  const transaction = client.transaction.bind(client);
  client.transaction = (callback) =>
    transaction(async (tx) => {
      await new Promise((resolve) => setImmediate(resolve));
      return callback(tx);
    });
  return client;
}

/** Applies the migrations in db/migrations; safe to call from several instances at once. */
export async function migrateDatabase(database: Database, databaseUrl?: string): Promise<void> {
  if (database.kind === "pglite") {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // One dedicated connection so the advisory lock and the migration share a session.
  const client = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const db = drizzlePostgres({ client });
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migratePostgres(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
