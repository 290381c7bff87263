import { and, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import type { Database } from "../../db/client.ts";
import { chatReplies, processedUpdates } from "../../db/schema.ts";
import type { startApp } from "./app-process.ts";

// Citizens keep writing to a Hamyar child process while something happens to its database (connections
// dropped, the server restarted); afterwards every update the platform was told was accepted must be on
// record and every chat answered.

type App = Awaited<ReturnType<typeof startApp>>;

/** Runs `trouble` while 20 citizens write; checks the process stayed up and nothing accepted was lost. */
export async function citizensThrough(o: { emulator: Emulator; app: App; reader: Database; firstChat: number; trouble: () => Promise<void> }): Promise<void> {
  let load = true;
  const chats = Array.from({ length: 20 }, (_, i) => o.firstChat + i);
  const accepted: number[] = [];
  // What each citizen is waiting for, so a chat whose update is never accepted is named instead of timing the test out.
  const waitingFor = new Map<number, string>();
  const citizens = Promise.all(
    chats.map(async (c) => {
      for (let i = 0; load && i < 40; i++) {
        waitingFor.set(c, `message ${i + 1}`);
        accepted.push((await o.emulator.sendText(c, i % 2 ? "/help" : "سلام")).update_id);
      }
      waitingFor.delete(c);
    }),
  );
  try {
    await o.trouble();
  } finally {
    load = false;
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a minute after the trouble ended, the platform still waits for Hamyar to accept: ${[...waitingFor].map(([c, m]) => `chat ${c} ${m}`).join(", ")}`)), 60_000);
    });
    await Promise.race([citizens, stuck]).finally(() => clearTimeout(timer));
  }
  expect(o.app.child.exitCode, o.app.stderr()).toBeNull();
  expect(o.app.child.signalCode).toBeNull();
  expect(accepted.length).toBeGreaterThan(chats.length);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const recorded = await o.reader.db.select({ id: processedUpdates.updateId }).from(processedUpdates).where(inArray(processedUpdates.updateId, accepted));
    const pending = await o.reader.db.select({ id: chatReplies.id }).from(chatReplies).where(and(eq(chatReplies.platform, "telegram"), eq(chatReplies.state, "pending")));
    if (recorded.length === accepted.length && pending.length === 0) break;
    if (Date.now() > deadline) throw new Error(`${accepted.length - recorded.length} accepted updates not on record, ${pending.length} replies pending`);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const c of chats) expect(o.emulator.messages(c).filter((m) => m.from === "bot").length).toBeGreaterThan(0);
}
