import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/main.ts";
import { verifyApiKey } from "../core/api-keys.ts";
import type { Database } from "../db/client.ts";
import { agencies, apiKeys } from "../db/schema.ts";
import { resetUserData, testDatabase } from "./support/database.ts";

let database: Database;
let n = 0;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

/** Runs the CLI like `npx hamyar …` would, collecting what it prints. */
async function cli(args: string, o: { allowPrivateWebhooks?: boolean } = {}) {
  let out = "";
  let err = "";
  const argv = args.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ""));
  const code = await runCli(argv, { db: database.db, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, ...o });
  return { code, out, err, lastLine: out.trimEnd().split("\n").at(-1) ?? "" };
}

const agencyRow = async (code: string) => (await database.db.select().from(agencies).where(eq(agencies.code, code)))[0];
/** A fresh agency code per test: agencies are reference data and survive resetUserData. */
const freshCode = () => `cli-agency-${process.pid}-${n++}`;

describe("hamyar agency", () => {
  it("adds an agency and lists it", async () => {
    const code = freshCode();
    const add = await cli(`agency add --code ${code} --fa "سازمان آزمایشی" --en "Test Organisation" --sla 7`);
    expect(add.code).toBe(0);
    expect(add.out).toContain(`Added agency ${code}`);
    expect(await agencyRow(code)).toMatchObject({ nameFa: "سازمان آزمایشی", nameEn: "Test Organisation", slaDays: 7, active: true });
    const list = await cli("agency list");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`${code}\\s+7\\s+yes\\s+-\\s+Test Organisation\\s+سازمان آزمایشی`));
    expect(list.out).toContain("tamin");
  });

  it("refuses a duplicate code, a malformed code, a missing name and a bad deadline with exit code 1", async () => {
    const code = freshCode();
    expect((await cli(`agency add --code ${code} --fa الف --en A`)).code).toBe(0);
    const cases: [string, string][] = [
      [`agency add --code ${code} --fa الف --en A`, "already exists"],
      ["agency add --code Bad_Code! --fa الف --en A", "is not an agency code"],
      [`agency add --code ${freshCode()} --en A`, "--fa is required"],
      [`agency add --code ${freshCode()} --fa الف --en A --sla 0`, "--sla must be from 1 to 365"],
      [`agency add --code ${freshCode()} --fa الف --en A --sla ten`, "--sla must be a whole number"],
      [`agency add --code ${freshCode()} --fa الف --en A --colour red`, "Unknown option '--colour'"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args).toBe(1);
      expect(r.err, args).toContain(message);
    }
  });

  it("sets the response deadline", async () => {
    const code = freshCode();
    await cli(`agency add --code ${code} --fa الف --en A`);
    expect((await cli(`agency set-sla --code ${code} --days 15`)).code).toBe(0);
    expect((await agencyRow(code)).slaDays).toBe(15);
    const bad = await cli(`agency set-sla --code ${code} --days 400`);
    expect(bad.code).toBe(1);
    const unknown = await cli("agency set-sla --code nosuch --days 5");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No agency with code nosuch");
  });

  it("registers a webhook with a generated secret, printed once on the last line", async () => {
    const code = freshCode();
    await cli(`agency add --code ${code} --fa الف --en A`);
    const r = await cli(`agency set-webhook --code ${code} --url http://127.0.0.1:8080/hamyar`, { allowPrivateWebhooks: true });
    expect(r.code).toBe(0);
    expect(r.lastLine).toMatch(/^[0-9a-f]{64}$/);
    const row = await agencyRow(code);
    expect(row.webhookUrl).toBe("http://127.0.0.1:8080/hamyar");
    expect(row.webhookSecret).toBe(r.lastLine);
    // The secret is not shown again anywhere.
    expect((await cli("agency list")).out).not.toContain(r.lastLine);
  });

  it("keeps a given secret without echoing it, and turns webhooks off with --clear", async () => {
    const code = freshCode();
    await cli(`agency add --code ${code} --fa الف --en A`);
    const secret = "my-own-secret-0123456789";
    const r = await cli(`agency set-webhook --code ${code} --url http://10.1.2.3/hook --secret ${secret}`, { allowPrivateWebhooks: true });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(secret);
    expect((await agencyRow(code)).webhookSecret).toBe(secret);
    expect((await cli(`agency set-webhook --code ${code} --clear`)).code).toBe(0);
    expect(await agencyRow(code)).toMatchObject({ webhookUrl: null, webhookSecret: null });
  });

  it("refuses private and loopback addresses unless allowed, other schemes and short secrets", async () => {
    const code = freshCode();
    await cli(`agency add --code ${code} --fa الف --en A`);
    const cases: [string, string][] = [
      [`--url http://127.0.0.1:8080/hook`, "loopback"],
      [`--url http://192.168.1.10/hook`, "private"],
      [`--url ftp://example.org/hook`, "only http and https"],
      [`--url not-a-url`, "not a valid URL"],
      [`--url https://93.184.215.14/hook --secret short`, "--secret must be 16 to 256"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(`agency set-webhook --code ${code} ${args}`);
      expect(r.code, args).toBe(1);
      expect(r.err, args).toContain(message);
    }
    expect((await agencyRow(code)).webhookUrl).toBeNull();
    expect((await cli(`agency set-webhook --code ${code} --url https://93.184.215.14/hook`)).code).toBe(0);
  });
});

describe("hamyar apikey", () => {
  it("creates an agency key, prints it once on the last line and stores only its hash", async () => {
    const r = await cli("apikey create --agency tamin --name crm --scopes cases:read,cases:write");
    expect(r.code).toBe(0);
    const key = r.lastLine;
    expect(key).toMatch(/^hmy_[A-Za-z0-9_-]{20,}$/);
    expect(r.out.split(key)).toHaveLength(2); // printed exactly once
    const principal = await verifyApiKey(database.db, key);
    expect(principal).toMatchObject({ agencyCode: "tamin", scopes: ["cases:read", "cases:write"] });
    const [row] = await database.db.select().from(apiKeys);
    expect(row.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(row.name).toBe("crm");
  });

  it("creates an admin key that sees every agency", async () => {
    const r = await cli("apikey create --admin");
    expect(r.code).toBe(0);
    expect(await verifyApiKey(database.db, r.lastLine)).toMatchObject({ agencyId: null, agencyCode: null });
  });

  it("needs exactly one of --agency and --admin, a known agency and known scopes", async () => {
    const cases: [string, string][] = [
      ["apikey create", "--agency CODE, or --admin"],
      ["apikey create --agency tamin --admin", "not both"],
      ["apikey create --agency nosuch", "No agency with code nosuch"],
      ["apikey create --agency tamin --scopes cases:read,cases:delete", "Unknown scope(s): cases:delete"],
      ["apikey create --agency", "argument missing"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args).toBe(1);
      expect(r.err, args).toContain(message);
      expect(r.out, args).not.toMatch(/hmy_/);
    }
    expect(await database.db.select().from(apiKeys)).toHaveLength(0);
  });

  it("lists keys by prefix, never the key, and filters by agency", async () => {
    const a = (await cli("apikey create --agency tamin")).lastLine;
    const b = (await cli("apikey create --agency health")).lastLine;
    const all = await cli("apikey list");
    expect(all.code).toBe(0);
    expect(all.out).toContain(`${a.slice(0, 12)}…`);
    expect(all.out).not.toContain(a);
    expect(all.out).not.toContain(b);
    const tamin = await cli("apikey list --agency tamin");
    expect(tamin.out).toContain(a.slice(0, 12));
    expect(tamin.out).not.toContain(b.slice(0, 12));
  });

  it("revokes a key: it stops working at once", async () => {
    const key = (await cli("apikey create --agency tamin")).lastLine;
    const [row] = await database.db.select().from(apiKeys);
    const r = await cli(`apikey revoke --id ${row.id}`);
    expect(r.code).toBe(0);
    expect(await verifyApiKey(database.db, key)).toBeNull();
    expect((await cli("apikey list")).out).toMatch(/revoked \d{4}-/);
    const again = await cli(`apikey revoke --id ${row.id}`);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`No active API key with id ${row.id}`);
    expect((await cli("apikey revoke --id x")).code).toBe(1);
  });
});

describe("hamyar help and mistakes", () => {
  it("prints the commands with --help, for a group and for one command", async () => {
    const top = await cli("--help");
    expect(top.code).toBe(0);
    for (const c of ["agency list", "agency add", "agency set-webhook", "agency set-sla", "apikey create", "apikey list", "apikey revoke"]) expect(top.out).toContain(c);
    expect((await cli("apikey --help")).out).toContain("apikey revoke");
    const one = await cli("apikey create --help");
    expect(one.code).toBe(0);
    expect(one.out).toContain("--scopes");
  });

  it("answers an unknown command with exit code 1 and the list of commands, without opening the database", async () => {
    let opened = false;
    let err = "";
    const code = await runCli(["agnecy", "list"], {
      db: async () => {
        opened = true;
        return database.db;
      },
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
    });
    expect(code).toBe(1);
    expect(err).toContain('Unknown command "agnecy"');
    expect(err).toContain("apikey create");
    expect(opened).toBe(false);
    const half = await cli("agency");
    expect(half.code).toBe(1);
    expect(half.err).toContain("agency add");
  });
});
