import { InputFile, type Transformer } from "grammy";
import { BotApiError, type Emulator, NESTED_UPLOAD_REFUSED } from "./emulator.ts";
import { uploadOf, type Upload } from "./uploads.ts";

/** A grammY API transformer that answers every call from the in-process emulator instead of the network. */
export function emulatorTransformer(emulator: Emulator): Transformer {
  return async (_prev, method, payload) => {
    let params: Record<string, unknown>;
    try {
      params = await paramsOf((payload ?? {}) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof BotApiError) return err.toJSON() as never;
      throw err;
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

/** The call's parameters as the HTTP routes would see them: JSON values, and each uploaded file's bytes. */
async function paramsOf(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const uploads: Record<string, Upload> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value instanceof InputFile) uploads[key] = await uploadOf(value);
    else rest[key] = value;
  }
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(JSON.stringify(rest));
  } catch {
    // An InputFile deeper in (media of a group) refuses to be serialised.
    throw new BotApiError(400, NESTED_UPLOAD_REFUSED);
  }
  return { ...params, ...uploads };
}
