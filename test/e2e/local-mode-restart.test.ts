import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { childDatabase } from "../support/database.ts";

// Local mode as a newcomer uses it: `npm start`, the chat page, stop, start again. A chat that was active
// before the restart is answered after it, and the page still shows its history and its reply keyboard.
// (The emulator's update ids began again at 1 at every start, and the database took the new updates for
// ones it had handled: the chat went silent, with nothing logged.)

interface PageMessage {
  message_id: number;
  from: "bot" | "user";
  text?: string;
}

async function page(port: number, user: number): Promise<{ messages: PageMessage[]; replyKeyboard: unknown }> {
  return (await fetch(`http://127.0.0.1:${port}/chat/api/chats/${user}`)).json() as never;
}

async function say(port: number, user: number, text: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/chat/api/users/${user}/text`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
  expect(res.status).toBe(200);
}

/** Waits until the chat shows at least `count` messages from the bot; answers them. */
async function botMessages(port: number, user: number, count: number): Promise<PageMessage[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const shown = (await page(port, user)).messages.filter((m) => m.from === "bot");
    if (shown.length >= count) return shown;
    if (Date.now() > deadline) throw new Error(`chat ${user}: ${shown.length} bot messages after 15 s, expected ${count}: ${JSON.stringify(shown.map((m) => m.text?.slice(0, 40)))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("local mode across a restart", () => {
  it("answers a chat that was active before, keeps its history and reply keyboard, and has its named people in their roles", async () => {
    const database = await childDatabase();
    // With PostgreSQL the chat page still keeps its chats in DATA_DIR.
    const dataDir = database.env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "hamyar-local-"));
    const env = { ...database.env, DATA_DIR: dataDir };
    const port = await appPort();
    let app: AppProcess | undefined;
    try {
      app = await startApp(env, port);
      await say(port, 1001, "/start");
      const before = await botMessages(port, 1001, 1);
      expect(before[0].text).toContain("همیار");
      const shownBefore = (await page(port, 1001)).messages;
      await stopApp(app);

      app = await startApp(env, port);
      const after = await page(port, 1001);
      expect(after.messages.map((m) => m.message_id)).toEqual(shownBefore.map((m) => m.message_id));
      expect(JSON.stringify(after.replyKeyboard)).toContain("پرونده‌های من");
      await say(port, 1001, "/start");
      const answered = await botMessages(port, 1001, before.length + 1);
      expect(answered.at(-1)!.text).toContain("همیار");
      // A chat the first run never saw is answered too.
      await say(port, 1002, "/help");
      await botMessages(port, 1002, 1);

      // The named people are there at every start, each already in their role.
      const { users } = (await (await fetch(`http://127.0.0.1:${port}/chat/api/users`)).json()) as { users: { id: number; label: string }[] };
      expect(users.slice(0, 6).map((u) => u.id)).toEqual([1001, 1002, 3001, 3002, 3003, 9001]);
      const menuOf = async (user: number) => {
        await say(port, user, "/start");
        await botMessages(port, user, 1);
        return JSON.stringify((await page(port, user)).replyKeyboard);
      };
      expect(await menuOf(3001)).toContain("ثبت فعالیت");
      expect(await menuOf(3002)).toContain("گزارش‌های ماهانهٔ شهرستان‌ها");
      expect(await menuOf(3003)).toContain("صدور ابلاغیه");
      expect(await menuOf(9001)).toContain("اطلاع‌رسانی همگانی");
      expect(await menuOf(1002)).not.toContain("ثبت فعالیت");
    } finally {
      await stopApp(app);
      await database.drop();
      if (!database.env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
