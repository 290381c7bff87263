import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite is one PostgreSQL backend inside one process: two processes with the same data directory open
// each keep their own buffers and overwrite each other's files, so a write of one is invisible to the
// other and the directory can be corrupted. Whoever opens the directory (the app, the CLI, a test) first
// takes this lock: a file in DATA_DIR naming its owner's pid, created only if absent. A second process
// that finds a live owner never opens the directory; one whose owner is gone (kill -9, a crash, a
// container restart) takes it over.

export const LOCK_FILE = "hamyar.lock";

export type LockRole = "app" | "cli" | "process";

/** What the lock file says about its owner. */
export interface LockHolder {
  pid: number;
  role: LockRole;
  /** The owner's process start time (Linux /proc ticks since boot): tells a reused pid from the owner. */
  pidStart?: string;
  startedAt: string;
  /** Set by a running app once its loopback admin endpoint listens (handlers/http/admin-endpoint.ts). */
  admin?: { host: string; port: number };
  /** Unique per lock taken, so an owner never removes a lock that is no longer its own. */
  nonce: string;
}

/** DATA_DIR is held by another live process; the message names it and what to do. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${path.resolve(dataDir)} is in use by ${describeHolder(holder)}. The embedded database takes one process at a time: ` +
        (holder.role === "app" ? "stop that app first, or give this one its own DATA_DIR." : "wait for it to finish and try again."),
    );
    this.name = "DataDirBusyError";
  }
}

export const describeHolder = (h: LockHolder) =>
  `${h.role === "app" ? "a running Hamyar app" : h.role === "cli" ? "a hamyar CLI command" : "another process"} (pid ${h.pid}, since ${h.startedAt})`;

/** Locks this process holds, by file: the same process opening a directory twice is refused too. */
const heldHere = new Map<string, DataDirLock>();

export class DataDirLock {
  private released = false;
  constructor(
    readonly file: string,
    private holder: LockHolder,
  ) {}

  get info(): LockHolder {
    return this.holder;
  }

  /** Adds to what the lock file says (the admin endpoint's address), replacing the file in one rename. */
  update(extra: Pick<LockHolder, "admin">): void {
    if (this.released) return;
    this.holder = { ...this.holder, ...extra };
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(tmp, JSON.stringify(this.holder));
    renameSync(tmp, this.file);
  }

  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.file);
    if (readHolder(this.file)?.nonce === this.holder.nonce) unlinkQuietly(this.file);
  }
}

// A process that ends without closing its database (process.exit on a second signal, an uncaught error)
// still leaves no lock behind; only SIGKILL and power loss do, and those are what takeover is for.
process.once("exit", () => {
  for (const lock of [...heldHere.values()]) lock.release();
});

/** Takes the lock on dataDir (creating the directory), or reports the live process that holds it. Never waits. */
export function tryLockDataDir(dataDir: string, role: LockRole): { lock: DataDirLock } | { holder: LockHolder } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, role, pidStart: processStart(process.pid), startedAt: new Date().toISOString(), nonce: randomBytes(8).toString("hex") };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createExclusively(file, mine)) {
      const lock = new DataDirLock(file, mine);
      heldHere.set(file, lock);
      return { lock };
    }
    const holder = readHolder(file);
    if (holder === undefined) continue; // released between our attempt and the read: try again
    if (holder !== null && isAlive(file, holder)) return { holder };
    takeOverStale(file, holder);
  }
  throw new Error(`Could not take the lock ${file}: it kept changing hands.`);
}

/** tryLockDataDir that waits (polling) while the holder is one `waitWhile` accepts, up to waitMs; throws DataDirBusyError. */
export async function lockDataDir(
  dataDir: string,
  role: LockRole,
  o: { waitMs?: number; waitWhile?: (h: LockHolder) => boolean; onWait?: (h: LockHolder) => void } = {},
): Promise<DataDirLock> {
  const deadline = Date.now() + (o.waitMs ?? 0);
  let told = false;
  for (;;) {
    const got = tryLockDataDir(dataDir, role);
    if ("lock" in got) return got.lock;
    if (Date.now() >= deadline || !(o.waitWhile?.(got.holder) ?? true)) throw new DataDirBusyError(dataDir, got.holder);
    if (!told) o.onWait?.(got.holder);
    told = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The lock file's owner as written, null when the file is unreadable as a lock, undefined when there is none. */
export function readHolder(file: string): LockHolder | null | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.nonce === "string" ? h : null;
  } catch {
    return null;
  }
}

/** The holder of dataDir's lock if that process is alive, else undefined. */
export function liveHolder(dataDir: string): LockHolder | undefined {
  const file = path.resolve(dataDir, LOCK_FILE);
  const holder = readHolder(file);
  return holder && isAlive(file, holder) ? holder : undefined;
}

// The file appears complete or not at all: written under a private name, then hard-linked to the lock's
// name, which fails when that name exists (O_EXCL's guarantee, without a reader ever seeing it half written).
function createExclusively(file: string, holder: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.${holder.nonce}`;
  writeFileSync(tmp, JSON.stringify(holder));
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    unlinkQuietly(tmp);
  }
}

function isAlive(file: string, h: LockHolder): boolean {
  // Our own pid: alive only if this very process holds it; otherwise it is a previous life of a process
  // that got the same pid (a container's app is pid 1 after every restart).
  if (h.pid === process.pid) return heldHere.get(file)?.info.nonce === h.nonce;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  const now = procStat(h.pid);
  // A zombie (killed, not yet reaped by its parent) holds nothing; a different start time: the pid was reused.
  if (now && (now.state === "Z" || now.state === "X")) return false;
  return !(h.pidStart && now && now.start !== h.pidStart);
}

// Two processes finding the same stale lock must not both delete it: one might delete the fresh lock the
// other just made. A guard file (created exclusively) lets one at a time re-check and remove the stale
// lock; nobody else can replace the lock file meanwhile, since a lock is only ever created where none is.
function takeOverStale(file: string, seen: LockHolder | null): void {
  const guard = `${file}.takeover`;
  const me = { pid: process.pid, pidStart: processStart(process.pid), nonce: randomBytes(8).toString("hex") };
  try {
    writeFileSync(guard, JSON.stringify(me), { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const other = readHolder(guard);
    // A guard whose owner died mid-takeover (milliseconds of work) is removed; a live one is waited for.
    const dead = other ? !isAlive(guard, { ...other, role: "process", startedAt: "" }) : other === null && ageMs(guard) > 2_000;
    if (dead) unlinkQuietly(guard);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    return;
  }
  try {
    const now = readHolder(file);
    if (now === undefined) return;
    if (now !== null && (now.nonce !== seen?.nonce || isAlive(file, now))) return;
    if (now === null && seen !== null) return;
    unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

/** Linux: a process's state (field 3 of /proc/<pid>/stat) and start in clock ticks since boot (field 22); undefined elsewhere. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

const processStart = (pid: number) => procStat(pid)?.start;

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
