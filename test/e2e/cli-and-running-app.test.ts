import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { LOCK_FILE, readHolder, type LockHolder } from "../../db/data-dir-lock.ts";
import { apiKeys } from "../../db/schema.ts";
import { ADMIN_TOKEN_FILE } from "../../handlers/http/admin-endpoint.ts";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { runCliProcess } from "../support/cli-process.ts";

// Issue 7, item 8: the CLI and the app on one embedded database, each in a process of its own. PGlite
// takes one process at a time, so the CLI must never open a directory the app holds; it has the app run
// the command instead, and the change counts at once.

const tempDirs: string[] = [];
const freshDataDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hamyar-cli-app-"));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const casesWith = (app: AppProcess, key: string) => fetch(`http://127.0.0.1:${app.port}/v1/cases`, { headers: { authorization: `Bearer ${key}` } });
const holderOf = (dataDir: string) => readHolder(path.join(dataDir, LOCK_FILE)) as LockHolder;

// These are about the embedded database only (the app and the CLI are given DATA_DIR and nothing else), so
// they run once, in the PGlite half of the suite, not again beside PostgreSQL.
const onPgliteHalf = describe.skipIf(!!process.env.DATABASE_URL);

onPgliteHalf("the CLI while the app runs on PGlite", () => {
  const dataDir = path.join(freshDataDir(), "data"); // created by the app, as ./data on a fresh install
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ DATA_DIR: dataDir }, await appPort());
  }, 120_000);
  afterAll(() => stopApp(app));

  it("creates an API key through the app, and the app accepts the key at once", async () => {
    const created = await runCliProcess(["apikey", "create", "--agency", "tamin", "--name", "while running"], { DATA_DIR: dataDir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Created API key");
    expect(created.lastLine).toMatch(/^hmy_/);
    expect((await casesWith(app, created.lastLine)).status).toBe(200);
  }, 180_000);

  it("revokes a key the app is using, and the app refuses it at the next request, not after its key cache's window", async () => {
    const created = await runCliProcess(["apikey", "create", "--agency", "tamin"], { DATA_DIR: dataDir });
    const id = /Created API key (\d+)/.exec(created.stdout)![1];
    // A back-end keeps using the key while the CLI starts, so the app has it freshly remembered (5 s).
    let using = true;
    const statuses: number[] = [];
    const use = (async () => {
      while (using) {
        statuses.push((await casesWith(app, created.lastLine)).status);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const revoked = await runCliProcess(["apikey", "revoke", "--id", id], { DATA_DIR: dataDir });
    const firstAfter = (await casesWith(app, created.lastLine)).status;
    using = false;
    await use;
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(statuses[0], "the key worked before").toBe(200);
    expect(firstAfter).toBe(401);
  }, 180_000);

  it("runs any command through the app and passes on its output, errors and exit code", async () => {
    const staff = await runCliProcess(["staff", "list"], { DATA_DIR: dataDir });
    expect(staff.code, staff.stderr).toBe(0);
    expect(staff.stdout).toMatch(/^id\s+platform\s+user/);
    const failed = await runCliProcess(["apikey", "create", "--agency", "nosuch"], { DATA_DIR: dataDir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("No agency with code nosuch");
  }, 180_000);

  it("names the app in the lock file and keeps the admin token readable by its owner only", () => {
    const holder = holderOf(dataDir);
    expect(holder).toMatchObject({ pid: app.child.pid, role: "app", admin: { host: "127.0.0.1" } });
    expect(statSync(path.join(dataDir, ADMIN_TOKEN_FILE)).mode & 0o777).toBe(0o600);
  });

  it("refuses an admin request without the token or with a wrong one", async () => {
    const { port } = holderOf(dataDir).admin!;
    const token = readFileSync(path.join(dataDir, ADMIN_TOKEN_FILE), "utf8").trim();
    const post = (authorization?: string) =>
      fetch(`http://127.0.0.1:${port}/cli`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ argv: ["apikey", "create", "--admin"] }),
      });
    for (const authorization of [undefined, `Bearer ${token.slice(0, -1)}x`, `Bearer ${token}${token}`, token]) {
      const res = await post(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect((await res.json()).error.code).toBe("bad_admin_token");
    }
    const listed = await runCliProcess(["apikey", "list"], { DATA_DIR: dataDir });
    expect(listed.stdout, "no refused request created a key").not.toContain("(admin)");
  }, 180_000);

  it("serves the admin endpoint on loopback only, and not in /openapi.json", async () => {
    const { port } = holderOf(dataDir).admin!;
    const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal);
    if (external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: external.address, port }, () => (socket.destroy(), resolve("connected")));
        socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
      });
      expect(outcome, `${external.address}:${port}`).toBe("ECONNREFUSED");
    }
    const openapi = await (await fetch(`http://127.0.0.1:${app.port}/openapi.json`)).text();
    expect(openapi).not.toContain("/cli");
    expect((await fetch(`http://127.0.0.1:${app.port}/cli`, { method: "POST" })).status, "not a route of the main server").toBe(404);
  });

  it("does not start a second app on the same DATA_DIR", async () => {
    const second = await startApp({ DATA_DIR: dataDir }, await appPort()).then(
      (a) => (void stopApp(a), "started"),
      (err: Error) => err.message,
    );
    expect(second).toContain(`is in use by a running Hamyar app (pid ${app.child.pid}`);
  }, 120_000);

  describe("after the app was killed with SIGKILL", () => {
    it("takes the stale lock over and opens the directory itself", async () => {
      app.child.kill("SIGKILL");
      await app.exited;
      expect(holderOf(dataDir).pid, "the dead app's lock is still there").toBe(app.child.pid);

      const listed = await runCliProcess(["apikey", "list"], { DATA_DIR: dataDir });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toContain("while running");
      expect(existsSync(path.join(dataDir, LOCK_FILE)), "released when the CLI ended").toBe(false);
    }, 180_000);
  });
});

onPgliteHalf("the CLI on a PGlite directory another process holds", () => {
  it("runs two commands started at once one after the other, so both writes are kept", async () => {
    const dataDir = freshDataDir();
    const [a, b] = await Promise.all(["first", "second"].map((name) => runCliProcess(["apikey", "create", "--agency", "tamin", "--name", name], { DATA_DIR: dataDir })));
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(a.stderr + b.stderr).toContain("Waiting for a hamyar CLI command");

    const database = await openDatabase({ dataDir });
    try {
      expect((await database.db.select({ name: apiKeys.name }).from(apiKeys)).map((k) => k.name).sort()).toEqual(["first", "second"]);
    } finally {
      await database.close();
    }
  }, 240_000);

  it("says so and leaves the directory alone when the holder is alive but its admin endpoint does not answer", async () => {
    const dataDir = freshDataDir();
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const holder = spawn("sleep", ["120"], { stdio: "ignore" });
    try {
      const lock = { pid: holder.pid, role: "app", startedAt: new Date().toISOString(), nonce: "held-by-test", admin: { host: "127.0.0.1", port: closedPort } };
      writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(lock));
      writeFileSync(path.join(dataDir, ADMIN_TOKEN_FILE), "a-token-nobody-checks", { mode: 0o600 });

      const refused = await runCliProcess(["apikey", "list"], { DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The app (pid ${holder.pid}) holds the database, but its admin endpoint at 127.0.0.1:${closedPort} refuses connections`);
      expect(existsSync(path.join(dataDir, "pglite")), "the CLI never opened the database").toBe(false);
      expect(holderOf(dataDir).nonce, "nor touched the lock").toBe("held-by-test");
    } finally {
      holder.kill("SIGKILL");
    }
  }, 180_000);
});
