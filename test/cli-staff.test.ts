import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client.ts";
import { counties, users } from "../db/schema.ts";
import { BotHarness } from "./support/bot-harness.ts";
import { cli } from "./support/cli.ts";
import { resetUserData, testDatabase } from "./support/database.ts";

let database: Database;
let h: BotHarness;
const person = 8100;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const userRow = async (platformUserId: number) => (await database.db.select().from(users).where(eq(users.platformUserId, platformUserId)))[0];

describe("hamyar invite create", () => {
  it("prints a code on its last line that makes the person the assistant of that county", async () => {
    const made = await cli(database.db, "invite create --role assistant --county کرج");
    expect(made.code).toBe(0);
    expect(made.lastLine).toMatch(/^[A-Z2-9]{12}$/);
    await h.text(person, `/join ${made.lastLine}`);
    expect(h.lastText(person)).toContain("دستیار مردمی‌سازی شهرستان کرج (استان البرز)");
    const [karaj] = await database.db.select().from(counties).where(eq(counties.nameFa, "کرج"));
    expect(await userRow(person)).toMatchObject({ roles: ["assistant"], countyId: karaj.id, provinceId: karaj.provinceId });
  });

  it("prints the link that opens the bot with the code before the code, when the bot is known", async () => {
    const made = await cli(database.db, "invite create --role provincial --province البرز", { botLink: async (code) => `https://t.me/hamyar_bot?start=${code}` });
    const lines = made.out.trimEnd().split("\n");
    expect(lines.at(-2)).toBe(`https://t.me/hamyar_bot?start=${made.lastLine}`);
  });

  it("refuses an unknown role, a missing region and an unknown county with a message saying what to give", async () => {
    expect((await cli(database.db, "invite create --role mayor")).err).toContain("--role must be one of assistant, provincial, ministry, admin");
    expect((await cli(database.db, "invite create --role assistant")).err).toContain("--county is required");
    expect((await cli(database.db, "invite create --role assistant --county ناکجاآباد")).err).toContain('No county "ناکجاآباد"');
    expect((await cli(database.db, "invite create --role ministry --agency nosuch")).err).toContain("No agency with code nosuch");
  });
});

describe("hamyar staff", () => {
  it("lists the staff and revokes a role: the person is a citizen at their next message", async () => {
    const made = await cli(database.db, "invite create --role ministry --agency tamin");
    await h.text(person, `/join ${made.lastLine}`);
    const { id } = await userRow(person);
    const list = await cli(database.db, "staff list");
    expect(list.out).toMatch(new RegExp(`${id}\\s+telegram\\s+${person}\\s+\\S+\\s+ministry`));
    expect((await cli(database.db, `staff revoke --id ${id}`)).code).toBe(0);
    expect((await userRow(person)).roles).toEqual([]);
    expect((await cli(database.db, `staff revoke --id ${id}`)).err).toContain("holds no staff role");
  });
});
