import { GrammyError, type Api } from "grammy";

// Files citizens send stay on the chat platform; Hamyar keeps their file_id and fetches the bytes when an
// agency downloads an attachment. The download URL carries the bot token, so it is built here and never
// leaves this module: not in a response, not in an error message, not in a log line.

/** Downloads a file the citizen sent through the chat platform (the bot token stays on the server). */
export interface PlatformFiles {
  download(fileId: string): Promise<{ body: Buffer; mimeType?: string } | null>;
}

/** A download failure whose message is safe to log (it never contains the URL). */
export class PlatformFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlatformFileError";
  }
}

export interface PlatformFilesOptions {
  api: Api;
  token: string;
  /** The Bot API root, e.g. https://api.telegram.org or https://tapi.bale.ai (no trailing slash). */
  apiRoot: string;
  /** The HTTP client (tests, or local mode serving the emulator's files in process). */
  fetch?: typeof fetch;
  /** The Bot API serves files up to 20 MB; anything larger is refused rather than buffered. */
  maxBytes?: number;
  timeoutMs?: number;
}

// Bad Request answers that mean "this file can no longer be had", not "try again".
const GONE = /file_id|file not found|file is too big|wrong file|invalid file/i;

/** PlatformFiles over the Bot API: getFile, then GET <apiRoot>/file/bot<token>/<file_path>. */
export function createPlatformFiles(o: PlatformFilesOptions): PlatformFiles {
  const fetchImpl = o.fetch ?? fetch;
  const maxBytes = o.maxBytes ?? 25 * 1024 * 1024;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const root = o.apiRoot.replace(/\/+$/, "");

  return {
    async download(fileId) {
      let filePath: string | undefined;
      try {
        filePath = (await o.api.getFile(fileId)).file_path;
      } catch (err) {
        if (err instanceof GrammyError && err.error_code === 400 && GONE.test(err.description)) return null;
        // grammY's own errors may wrap the request; only a plain description leaves here.
        throw new PlatformFileError(err instanceof GrammyError ? `getFile failed: ${err.error_code} ${err.description}` : "getFile failed: the platform did not answer");
      }
      if (!filePath) return null;
      const path = filePath.split("/").map(encodeURIComponent).join("/");
      let res: Response;
      try {
        res = await fetchImpl(`${root}/file/bot${o.token}/${path}`, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        const timedOut = (err as Error)?.name === "TimeoutError";
        throw new PlatformFileError(timedOut ? "file download timed out" : "file download failed: the platform did not answer");
      }
      if (res.status === 404) return null;
      if (!res.ok) throw new PlatformFileError(`file download failed with HTTP ${res.status}`);
      const declared = Number(res.headers.get("content-length") ?? 0);
      if (declared > maxBytes) {
        await res.body?.cancel();
        throw new PlatformFileError(`file is larger than ${maxBytes} bytes`);
      }
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > maxBytes) throw new PlatformFileError(`file is larger than ${maxBytes} bytes`);
      const type = res.headers.get("content-type")?.split(";")[0].trim();
      return { body, mimeType: type && type !== "application/octet-stream" ? type : undefined };
    },
  };
}
