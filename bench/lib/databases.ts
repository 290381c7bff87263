import { count } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../../db/client.ts";
import { cases } from "../../db/schema.ts";

// The databases the measured Hamyar processes use: a fresh one per run, so no run inherits another's rows.

/** Drops and creates `name` on the server of `baseUrl`; answers its URL. The app migrates it at start. */
export async function freshPostgresDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops `name` on the server of `baseUrl` (its connections closed): a bench leaves no database of a run behind. */
export async function dropPostgresDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * A database name of this bench process: two benches run at once on one server (a colleague's and CI's, or
 * two terminals) must not drop each other's database mid-run.
 */
export const perProcess = (name: string) => `${name}_${process.pid}`;

export async function countPostgresCases(url: string): Promise<number> {
  const db = postgres(url, { max: 1 });
  try {
    const [{ n }] = await db`select count(*)::int as n from cases`;
    return n;
  } finally {
    await db.end();
  }
}

export async function countPgliteCases(dataDir: string): Promise<number> {
  const db = await openDatabase({ dataDir });
  try {
    const [{ n }] = await db.db.select({ n: count() }).from(cases);
    return n;
  } finally {
    await db.close();
  }
}
