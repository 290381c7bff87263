import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.ts";
import { apiKeys } from "../db/schema.ts";
import { runCliProcess } from "./support/cli-process.ts";

const tempDir = mkdtempSync(path.join(os.tmpdir(), "hamyar-cli-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
// Not there yet, as ./data on a fresh install.
const dataDir = path.join(tempDir, "data");

// The real entry point in its own process, on an embedded database in a DATA_DIR it creates.
const run = (args: string[]) => runCliProcess(args, { DATA_DIR: dataDir });

describe("node cli/hamyar.mjs", () => {
  it("creates an API key: the key is the last line of the output and only its hash is in the database", async () => {
    const { code, lastLine: key } = await run(["apikey", "create", "--agency", "tamin", "--name", "spawned"]);
    expect(code).toBe(0);
    expect(key).toMatch(/^hmy_[A-Za-z0-9_-]{20,}$/);

    const database = await openDatabase({ dataDir });
    try {
      const rows = await database.db.select().from(apiKeys);
      expect(rows).toHaveLength(1);
      expect(rows[0].hash).toBe(createHash("sha256").update(key).digest("hex"));
      expect(rows[0].name).toBe("spawned");
      expect(JSON.stringify(rows)).not.toContain(key);
    } finally {
      await database.close();
    }
  }, 180_000);

  it("exits with 1 and a message for bad input", async () => {
    const failed = await run(["apikey", "create", "--agency", "tamin", "--admin"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("not both");
  }, 180_000);
});
