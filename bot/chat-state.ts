import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { chatStates, processedUpdates } from "../db/schema.ts";
import type { Session } from "../flows/engine.ts";

export type ChatStateRow = typeof chatStates.$inferSelect;

/**
 * Locks the chat's state row for this transaction (creating it on first contact) and counts the update
 * against the flood window, in one statement. A second instance handling the same chat waits here,
 * so one chat's updates never interleave.
 */
export async function lockChatState(tx: Db, platform: string, chatId: number, floodWindowSeconds: number): Promise<ChatStateRow> {
  const windowOpen = sql`${chatStates.floodWindowStart} > now() - make_interval(secs => ${floodWindowSeconds})`;
  const [row] = await tx
    .insert(chatStates)
    .values({ platform, chatId, floodWindowStart: sql`now()`, floodCount: 1 })
    .onConflictDoUpdate({
      target: [chatStates.platform, chatStates.chatId],
      set: {
        floodCount: sql`case when ${windowOpen} then ${chatStates.floodCount} + 1 else 1 end`,
        floodWarned: sql`case when ${windowOpen} then ${chatStates.floodWarned} else false end`,
        floodWindowStart: sql`case when ${windowOpen} then ${chatStates.floodWindowStart} else now() end`,
      },
    })
    .returning();
  return row;
}

/** Saves the chat's session and flags (only what handlers may change). */
export async function saveChatState(tx: Db, platform: string, chatId: number, session: Session, flags: { floodWarned: boolean; groupNoticeSent: boolean }): Promise<void> {
  await tx
    .update(chatStates)
    .set({ flow: session.flow, step: session.step, draft: session.draft, version: session.version, ...flags, updatedAt: sql`now()` })
    .where(and(eq(chatStates.platform, platform), eq(chatStates.chatId, chatId)));
}

/** Records an update as handled; false when it was handled before (a redelivery), which must then be ignored. */
export async function markUpdateProcessed(tx: Db, botId: number, updateId: number, outcome: "done" | "failed" = "done"): Promise<boolean> {
  const rows = await tx.insert(processedUpdates).values({ botId, updateId, outcome }).onConflictDoNothing().returning({ id: processedUpdates.updateId });
  return rows.length > 0;
}
