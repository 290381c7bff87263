import { describe, expect, it } from "vitest";
import { chatCommands } from "../../bot/commands.ts";
import type { Actor } from "../../core/access.ts";

// The command list a staff member's chat is given when they join (bot/commands.ts), per role, written out
// by hand: the role's own work first, then what every citizen has.

describe("the chat's command list by role", () => {
  const CITIZEN = ["start", "new", "mycases", "track", "faq", "lang", "help", "cancel"];
  const LISTS: [Actor, string[]][] = [
    [{ kind: "citizen", userId: 1 }, []],
    [{ kind: "assistant", userId: 1, countyId: 1, provinceId: 1 }, ["network", "activity", "activities", "consult", "report", "inbox", "stats", "export", "dashboard"]],
    [{ kind: "provincial", userId: 1, provinceId: 1 }, ["reviews", "quarterly", "inbox", "directives", "stats", "export", "dashboard"]],
    [{ kind: "ministry", userId: 1, agencyId: 1 }, ["agencyreports", "inbox", "directive", "directives", "stats", "export", "dashboard"]],
    [{ kind: "admin", userId: 1 }, ["directive", "directives", "announce", "invite", "staff", "stats", "export", "quarterlies", "dashboard"]],
  ];
  for (const [actor, staff] of LISTS) {
    it(`lists the ${actor.kind}'s own commands first, then the citizen's`, () => {
      expect(chatCommands(actor, "fa").map((c) => c.command)).toEqual([...staff, ...CITIZEN]);
    });
  }
  it("describes the directive and announcement commands in Persian and in English", () => {
    const fa = Object.fromEntries(chatCommands({ kind: "admin", userId: 1 }, "fa").map((c) => [c.command, c.description]));
    const en = Object.fromEntries(chatCommands({ kind: "admin", userId: 1 }, "en").map((c) => [c.command, c.description]));
    expect([fa.directive, fa.directives, fa.announce]).toEqual(["صدور ابلاغیهٔ تازه", "پیگیری ابلاغیه‌ها و تأیید دریافت‌ها", "اطلاع‌رسانی به شهروندان یا همکاران"]);
    expect([en.directive, en.directives, en.announce]).toEqual(["Issue a new directive", "Follow directives and acknowledgements", "Announce to citizens or staff"]);
  });
});
