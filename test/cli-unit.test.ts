import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/main.ts";
import { verifyApiKey } from "../core/api-keys.ts";
import type { Database } from "../db/client.ts";
import { agencyUnits } from "../db/schema.ts";
import { resetUserData, testDatabase } from "./support/database.ts";

let database: Database;

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

const unitIdOf = (out: string) => Number(/Added unit (\d+)/.exec(out)![1]);

describe("hamyar unit", () => {
  it("adds a provincial and a county unit, and lists them with the seeded ones", async () => {
    const province = await cli(`unit create --agency health --province ESF --fa "دانشگاه علوم پزشکی اصفهان" --en "Isfahan University of Medical Sciences"`);
    expect(province.code).toBe(0);
    const county = await cli(`unit create --agency health --province ESF --county کاشان --fa "دانشگاه علوم پزشکی کاشان" --en "Kashan University of Medical Sciences"`);
    expect(county.code).toBe(0);
    const list = await cli("unit list --agency health");
    expect(list.out).toMatch(/ESF\s+-\s+yes\s+-\s+Isfahan University/);
    expect(list.out).toMatch(/ESF\s+کاشان\s+yes\s+-\s+Kashan University/);
    expect((await cli("unit list --agency municipality")).out).toContain("شهرداری یاسوج");
  });

  it("refuses an unknown agency, province or county, and a second unit in the same place", async () => {
    const ok = `--fa "الف" --en "A"`;
    expect((await cli(`unit create --agency health --province ESF ${ok}`)).code).toBe(0);
    const cases: [string, string][] = [
      [`unit create --agency nosuch --province ESF ${ok}`, "No agency with code nosuch"],
      [`unit create --agency health --province XXX ${ok}`, "No province with code XXX"],
      [`unit create --agency health --province ESF --county تبریز ${ok}`, "No county named تبریز"],
      [`unit create --agency health --province ESF ${ok}`, "already has a unit there"],
      [`unit create --agency health --province ESF --en A`, "--fa is required"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args).toBe(1);
      expect(r.err, args).toContain(message);
    }
  });

  it("registers a unit's webhook with a generated secret and clears it", async () => {
    const id = unitIdOf((await cli(`unit create --agency health --province ESF --fa الف --en A`)).out);
    const set = await cli(`unit set-webhook --id ${id} --url http://127.0.0.1:8080/isfahan`, { allowPrivateWebhooks: true });
    expect(set.code).toBe(0);
    const [row] = await database.db.select().from(agencyUnits).where(eq(agencyUnits.id, id));
    expect(row.webhookUrl).toBe("http://127.0.0.1:8080/isfahan");
    expect(set.lastLine).toBe(row.webhookSecret);
    // Without ALLOW_PRIVATE_WEBHOOKS a loopback address is refused, as for an agency.
    expect((await cli(`unit set-webhook --id ${id} --url http://127.0.0.1/hooks`)).err).toContain("--url refused");
    expect((await cli(`unit set-webhook --id ${id} --clear`)).code).toBe(0);
    expect((await database.db.select().from(agencyUnits).where(eq(agencyUnits.id, id)))[0].webhookUrl).toBeNull();
    expect((await cli("unit set-webhook --id 999999 --clear")).err).toContain("No unit with id 999999");
  });
});

describe("hamyar apikey create --unit", () => {
  it("creates a key limited to the unit, shown in the list", async () => {
    const id = unitIdOf((await cli(`unit create --agency health --province ESF --fa الف --en A`)).out);
    const r = await cli(`apikey create --agency health --unit ${id}`);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`agency health, unit ${id} only`);
    const principal = await verifyApiKey(database.db, r.lastLine);
    expect(principal?.unit).toMatchObject({ unitId: id, countyId: null });
    expect((await cli("apikey list --agency health")).out).toMatch(new RegExp(`health\\s+${id}\\s+`));
  });

  it("refuses a unit of another agency and a unit on an admin key", async () => {
    const id = unitIdOf((await cli(`unit create --agency health --province ESF --fa الف --en A`)).out);
    expect((await cli(`apikey create --agency tamin --unit ${id}`)).err).toContain(`has no unit ${id}`);
    expect((await cli(`apikey create --admin --unit ${id}`)).err).toContain("An admin key has no unit");
  });
});
