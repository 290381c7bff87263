import { beforeAll, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { walkTo } from "../support/filing.ts";
import { parseNationalId } from "../../core/identity.ts";

let database: Database;
beforeAll(async () => { database = await testDatabase(); });
it("prints", async () => {
  await resetUserData(database);
  const h = new BotHarness(database.db);
  const u = 1;
  await walkTo(h, u, "summary", { kind: "گزارش (تخلف)" });
  await h.text(u, "/help");
  await h.photo(u);
  for (const c of h.calls) console.log(c.method, JSON.stringify(c.payload, null, 0).slice(0, 600));
  console.log(await h.state(u));
  for (const id of ["0499370899", "0012345679", "1111111111", "0067749828"]) console.log(id, parseNationalId(id));
});
