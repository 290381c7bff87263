import { describe, expect, it } from "vitest";
import { translator } from "../../bot/translator.ts";
import { CLOSE_CAUSE_NAMES_FA, CLOSE_CAUSES } from "../../core/close-causes.ts";

// The export names causes outside any chat (core cannot reach the bot's translator): its names stay the bot's.
describe("closing causes in exports", () => {
  it("are named as fa.ftl names them", () => {
    const t = translator("fa");
    for (const c of CLOSE_CAUSES) expect(CLOSE_CAUSE_NAMES_FA[c], c).toBe(t(`cause-${c}`));
  });
});
