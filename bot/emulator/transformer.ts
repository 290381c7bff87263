import type { Transformer } from "grammy";
import { BotApiError, type Emulator } from "./emulator.ts";

/** A grammY API transformer that answers every call from the in-process emulator instead of the network. */
export function emulatorTransformer(emulator: Emulator): Transformer {
  return async (_prev, method, payload) => {
    try {
      const result = await emulator.call(emulator.token, method, JSON.parse(JSON.stringify(payload ?? {})));
      return { ok: true, result } as never;
    } catch (err) {
      if (err instanceof BotApiError) return err.toJSON() as never;
      throw err;
    }
  };
}
