import { beforeAll, describe, expect, it } from "vitest";
import { translator, type Locale } from "../../bot/translator.ts";
import type { Actor } from "../../core/access.ts";
import type { User } from "../../core/users.ts";
import type { Database } from "../../db/client.ts";
import { CITIZEN_MENU, STAFF_MENU } from "../../flows/keyboards.ts";
import { flows } from "../../flows/registry.ts";
import type { FlowEnv, Message } from "../../flows/types.ts";
import { testDatabase } from "../support/database.ts";

// A prompt that says «tap X» must show an X: every «…» or “…” in a step's question is the label of a button of
// that step, in both languages (the network and activity forms asked for a «رد شدن» button that had become
// «فعلاً نه»). Not counted: an example («مثلاً «…»»), a value of the draft, a main-menu entry, and the
// buttons of another screen a prompt sends the user to, listed below by their message key.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});

/** Buttons of another screen that a step's prompt names on purpose: `flow.step` → button keys. */
const ELSEWHERE: Record<string, string[]> = {
  "consult.list": ["btn-member-invite"],
};

function envFor(locale: Locale): FlowEnv {
  const user = { id: 1, platform: "telegram", platformUserId: 1, language: locale } as unknown as User;
  return { db: database.db, user, actor: { kind: "admin", userId: 1 } as unknown as Actor, platform: "telegram", locale, t: translator(locale) };
}

const labels = (m: Message) => [...(m.inline ?? []).flat(), ...(m.reply ?? []).flat()].map((b) => b.text);

/** The quoted phrases of a text that name something to tap: not examples, not unfilled values, not marks like «—». */
function quotedNames(text: string): string[] {
  return [...text.matchAll(/(مثلاً|e\.g\.)?\s*[«“]([^»”]+)[»”]/g)].filter((q) => !q[1] && !q[2].includes("{") && /\p{L}/u.test(q[2])).map((q) => q[2]);
}

async function misnamed(locale: Locale): Promise<{ rendered: number; problems: string[] }> {
  const env = envFor(locale);
  const menu = [...STAFF_MENU, ...CITIZEN_MENU].map((e) => env.t(e.key));
  const problems: string[] = [];
  let rendered = 0;
  for (const flow of Object.values(flows)) {
    for (const [name, step] of Object.entries(flow.steps)) {
      let m: Message;
      try {
        // With an empty draft: a step whose question needs the answers before it cannot be shown this way.
        m = await step.prompt(env, {});
      } catch {
        continue;
      }
      rendered++;
      const shown = [...labels(m), ...menu, ...(ELSEWHERE[`${flow.name}.${name}`] ?? []).map((k) => env.t(k))];
      for (const q of quotedNames(m.text)) if (!shown.some((l) => l.includes(q))) problems.push(`${flow.name}.${name}: «${q}» is not among [${labels(m).join(" | ")}]`);
    }
  }
  return { rendered, problems };
}

describe("a prompt names only buttons it shows", () => {
  for (const locale of ["fa", "en"] as const) {
    it(`in ${locale}`, async () => {
      const { rendered, problems } = await misnamed(locale);
      // Most steps render without earlier answers; if this falls, the check above covers little.
      expect(rendered).toBeGreaterThan(80);
      expect(problems).toEqual([]);
    });
  }

  it("finds a button named in a prompt that the step does not show", () => {
    expect(quotedNames("شماره را بنویسید، یا «رد شدن» را بزنید؛ مثلاً «۰۹۱۲…» یا «—» یا «{ $x }»")).toEqual(["رد شدن"]);
    expect(quotedNames("or tap “Not now”:")).toEqual(["Not now"]);
  });
});

describe("English text in English", () => {
  it("writes a place as «Alborz, Karaj» with a Latin comma, and Persian with «،»", async () => {
    const { region } = await import("../http/api-v1-fixtures.ts");
    const alborz = await region(database.db, "ALB");
    const m = await flows.file_case.steps.summary.prompt(envFor("en"), { kind: "complaint", provinceId: alborz.provinceId, countyId: alborz.countyIds[0] });
    expect(m.text).toContain("Area: Alborz, Karaj");
    const fa = await flows.file_case.steps.summary.prompt(envFor("fa"), { kind: "complaint", provinceId: alborz.provinceId, countyId: alborz.countyIds[0] });
    expect(fa.text).toContain("البرز، کرج");
  });
});
