import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../db/client.ts";
import { seedReferenceData } from "../db/seed.ts";

// With DATABASE_URL, each test worker makes its own database, named after this vitest run (its process
// id) and the worker, so two suites on one server (two developers, CI and a session) never drop each
// other's databases. This removes the run's databases at the end, and those of runs that are gone.
//
// Every test file starts from a migrated, seeded database. Migrating and seeding once here and copying the
// result is what keeps the suite inside CI's time: a PostgreSQL template database (CREATE DATABASE …
// TEMPLATE copies files), or for PGlite a dump of the data directory, which a new PGlite loads in a
// fraction of the time initdb and the migrations take.

const PREFIX = "hamyar_test_";

export const templateDatabaseName = (runPid: number) => `${PREFIX}${runPid}_template`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function dropWhere(keep: (pid: number) => boolean): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${PREFIX + "%"}`;
    for (const { datname } of rows) {
      const pid = Number(/^hamyar_test_(\d+)_/.exec(datname)?.[1]);
      if (!Number.isFinite(pid) || !keep(pid)) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

async function postgresTemplate(url: string): Promise<void> {
  const name = templateDatabaseName(process.pid);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), dataDir: "", poolSize: 1 });
  try {
    await migrateDatabase(database, u.toString());
    await seedReferenceData(database.db);
  } finally {
    await database.close(); // a template takes no connections while it is copied
  }
}

let pgliteDir: string | undefined;

async function pgliteTemplate(): Promise<string> {
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    await migrateDatabase(database);
    await seedReferenceData(database.db);
    const client = (database.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir("none");
    pgliteDir = mkdtempSync(path.join(os.tmpdir(), "hamyar-test-template-"));
    const file = path.join(pgliteDir, "pglite.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await database.close();
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The PGlite template's tar file ("" with DATABASE_URL, where the template is a database). */
    pgliteTemplate: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  await dropWhere((pid) => pid !== process.pid && alive(pid));
  const url = process.env.DATABASE_URL;
  if (url) await postgresTemplate(url);
  project.provide("pgliteTemplate", url ? "" : await pgliteTemplate());
}

export async function teardown(): Promise<void> {
  await dropWhere((pid) => pid !== process.pid && alive(pid));
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
}
