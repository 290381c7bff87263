import postgres from "postgres";

// With DATABASE_URL, each test worker makes its own database, named after this vitest run (its process
// id) and the worker, so two suites on one server (two developers, CI and a session) never drop each
// other's databases. This removes the run's databases at the end, and those of runs that are gone.

const PREFIX = "hamyar_test_";

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

export async function setup(): Promise<void> {
  await dropWhere((pid) => pid !== process.pid && alive(pid));
}

export async function teardown(): Promise<void> {
  await dropWhere((pid) => pid !== process.pid && alive(pid));
}
