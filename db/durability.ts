import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/**
 * Updates commit asynchronously (messaging/chat-state.ts beginUpdate): a step of a form may be lost in a
 * database crash, and the user simply answers it again. What the user is told is on record — a filed
 * case, an acknowledgement — must survive the crash: call this in its transaction before commit.
 */
export async function requireDurableCommit(db: Db): Promise<void> {
  await db.execute(sql`select set_config('synchronous_commit', 'on', true)`);
}
