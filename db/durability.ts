import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/**
 * What someone is told is on record — a filed case, an acknowledgement, an agency's answer — must survive a
 * crash, whatever the server's synchronous_commit: call this in its transaction before commit. (Chat updates
 * get it for every step in messaging/chat-state.ts beginUpdate; this is for the API's and Open311's too.)
 */
export async function requireDurableCommit(db: Db): Promise<void> {
  await db.execute(sql`select set_config('synchronous_commit', 'on', true)`);
}
