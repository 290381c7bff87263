import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { DataDirBusyError, LOCK_FILE, readHolder, tryLockDataDir, type DataDirLock } from "../../db/data-dir-lock.ts";

// The lock on a PGlite data directory (db/data-dir-lock.ts), in this process; test/e2e/cli-and-running-app
// covers it between real processes.

const dirs: string[] = [];
const locks: DataDirLock[] = [];
const children: ChildProcess[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hamyar-lock-"));
  dirs.push(dir);
  return dir;
};
const lockFile = (dir: string) => path.join(dir, LOCK_FILE);
const take = (dir: string) => {
  const got = tryLockDataDir(dir, "cli");
  if ("lock" in got) locks.push(got.lock);
  return got;
};
/** A process that is alive for the test's duration. */
const liveProcess = () => {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  children.push(child);
  return child.pid!;
};
/** The pid of a process that has ended. */
const deadPid = () => spawnSync("true").pid!;
const writeLock = (dir: string, holder: object) => writeFileSync(lockFile(dir), JSON.stringify({ role: "app", startedAt: "earlier", nonce: "theirs", ...holder }));

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the PGlite data directory lock", () => {
  it("writes the owner's pid and role, and refuses a second lock while it is held, even in the same process", () => {
    const dir = freshDir();
    const first = take(dir);
    expect("lock" in first).toBe(true);
    expect(readHolder(lockFile(dir))).toMatchObject({ pid: process.pid, role: "cli" });
    const second = take(dir);
    expect(second).toMatchObject({ holder: { pid: process.pid, role: "cli" } });
  });

  it("respects the lock of another live process", () => {
    const dir = freshDir();
    const pid = liveProcess();
    writeLock(dir, { pid });
    expect(take(dir)).toMatchObject({ holder: { pid, role: "app" } });
    expect(readHolder(lockFile(dir))?.nonce).toBe("theirs");
  });

  it("takes over the lock of a process that has ended", () => {
    const dir = freshDir();
    writeLock(dir, { pid: deadPid() });
    const got = take(dir);
    expect("lock" in got).toBe(true);
    expect(readHolder(lockFile(dir))?.pid).toBe(process.pid);
  });

  it("takes over a lock whose pid now belongs to a process that started later", () => {
    const dir = freshDir();
    writeLock(dir, { pid: liveProcess(), pidStart: "1" });
    expect("lock" in take(dir)).toBe(true);
  });

  it.skipIf(process.platform !== "linux")("takes over the lock of a killed process its parent has not reaped yet (a zombie)", async () => {
    const dir = freshDir();
    // A shell that starts sleep and then replaces itself with a longer sleep, which never reaps the first.
    const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 60"], { stdio: ["ignore", "pipe", "ignore"] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once("data", (d) => resolve(String(d).trim()))));
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(`/proc/${zombie}/stat`, "utf8"), "the test's zombie").toMatch(/\) Z /);
    writeLock(dir, { pid: zombie });
    expect("lock" in take(dir)).toBe(true);
  });

  it("takes over a lock with our own pid that this process does not hold (a restarted container's pid 1)", () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.pid });
    expect("lock" in take(dir)).toBe(true);
  });

  it("takes over a lock file that is not a lock (garbage)", () => {
    const dir = freshDir();
    writeFileSync(lockFile(dir), "not json");
    expect("lock" in take(dir)).toBe(true);
  });

  it("removes its file on release, but never a lock that is no longer its own", () => {
    const dir = freshDir();
    const got = take(dir);
    if (!("lock" in got)) throw new Error("not locked");
    got.lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);

    const again = take(dir);
    if (!("lock" in again)) throw new Error("not locked");
    writeLock(dir, { pid: liveProcess(), nonce: "someone else's" });
    again.lock.release();
    expect(JSON.parse(readFileSync(lockFile(dir), "utf8")).nonce).toBe("someone else's");
  });

  it("keeps openDatabase from opening a directory another live process holds", async () => {
    const dir = freshDir();
    const pid = liveProcess();
    writeLock(dir, { pid });
    const refused = await openDatabase({ dataDir: dir }).then(
      async (d) => (await d.close(), null),
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(DataDirBusyError);
    expect((refused as Error).message).toContain(`a running Hamyar app (pid ${pid}`);
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
  });
});
