import type { Result } from "../flows/engine.ts";
import type { BotContext } from "./context.ts";
import type { PlatformProfile } from "./platform.ts";
import { perform } from "./render.ts";

/** Applies a flow engine result: the new session is saved by the unit of work, the actions are sent now. */
export async function applyResult(ctx: BotContext, result: Result | Promise<Result>, profile: PlatformProfile): Promise<void> {
  const r = await result;
  ctx.session = r.session;
  await perform(ctx, r.actions, profile);
}
