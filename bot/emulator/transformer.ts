import type { Transformer } from "grammy";
import { BotApiError, type Emulator, UPLOAD_REFUSED } from "./emulator.ts";

/** A grammY API transformer that answers every call from the in-process emulator instead of the network. */
export function emulatorTransformer(emulator: Emulator): Transformer {
  return async (_prev, method, payload) => {
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(JSON.stringify(payload ?? {}));
    } catch {
      // An InputFile refuses to be serialised; answer what the HTTP routes answer a multipart upload.
      return new BotApiError(400, UPLOAD_REFUSED).toJSON() as never;
    }
    try {
      const result = await emulator.call(emulator.token, method, params);
      return { ok: true, result } as never;
    } catch (err) {
      if (err instanceof BotApiError) return err.toJSON() as never;
      throw err;
    }
  };
}
