import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { safeError } from "../../logger.ts";
import type { Emulator, EmulatorState } from "./emulator.ts";

// Local mode keeps the chat page's world in DATA_DIR (chat-page/), so a restart loses nothing a person saw:
// every chat's history and reply keyboard (staff keep their menu), the files people sent, the bot's token
// (its id names the bot in processed updates) and the next update id. The last matters most: an emulator
// whose ids began again at 1 sent updates the database took for ones it had handled, and a chat that had
// been active got no answer after a restart.
//
// state.json is rewritten whole, a moment after a change (through a temporary file and a rename, so a crash
// leaves the old or the new one); each file's bytes are written once, under its unique id.

const SAVE_AFTER_MS = 200;

interface Saved {
  token: string;
  state: EmulatorState;
}

export interface SavedChats {
  /** The token of the bot the saved chats talked to, to build the emulator with; undefined on a first start. */
  token: string | undefined;
  /** Restores the saved chats into the emulator and keeps saving them as they change. */
  keep(emulator: Emulator): void;
  /** Writes what changed now (on shutdown). */
  flush(): void;
}

export function savedChats(dataDir: string, logger: Logger): SavedChats {
  const dir = path.join(dataDir, "chat-page");
  const stateFile = path.join(dir, "state.json");
  const filesDir = path.join(dir, "files");
  const saved = read();
  let emulator: Emulator | null = null;
  let timer: NodeJS.Timeout | null = null;
  const written = new Set<string>();

  function read(): Saved | null {
    if (!existsSync(stateFile)) return null;
    try {
      return JSON.parse(readFileSync(stateFile, "utf8")) as Saved;
    } catch (err) {
      logger.warn({ err: safeError(err) }, "the chat page's saved chats could not be read; starting with none");
      return null;
    }
  }

  function bytesOf(file: { file_unique_id: string }): Buffer {
    const p = path.join(filesDir, file.file_unique_id);
    if (!existsSync(p)) return Buffer.alloc(0);
    written.add(file.file_unique_id);
    return readFileSync(p);
  }

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!emulator) return;
    try {
      const state = emulator.state();
      mkdirSync(filesDir, { recursive: true });
      for (const f of state.files) {
        if (written.has(f.file_unique_id)) continue;
        const bytes = emulator.fileById(f.file_id)?.bytes;
        if (bytes) writeFileSync(path.join(filesDir, f.file_unique_id), bytes);
        written.add(f.file_unique_id);
      }
      const temporary = `${stateFile}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ token: emulator.token, state } satisfies Saved));
      renameSync(temporary, stateFile);
    } catch (err) {
      logger.warn({ err: safeError(err) }, "could not save the chat page's chats");
    }
  }

  function soon() {
    timer ??= setTimeout(flush, SAVE_AFTER_MS);
    timer.unref?.();
  }

  return {
    token: saved?.token,
    keep(e) {
      emulator = e;
      if (saved) e.restore(saved.state, bytesOf);
      e.on("update", soon);
      e.on("changed", soon);
    },
    flush,
  };
}
