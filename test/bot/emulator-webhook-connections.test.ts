import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";

// Like Telegram, the emulator holds at most max_connections webhook requests open at once (40 unless the
// bot asked for another number); the rest wait their turn, in the order the updates came.

let server: http.Server | undefined;
let emu: Emulator | undefined;
afterEach(async () => {
  emu?.close();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = emu = undefined;
});

/** A webhook that answers after `ms`, counting how many requests it holds at once, and their order. */
async function slowWebhook(ms: number) {
  const seen = { open: 0, most: 0, order: [] as number[] };
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.order.push(JSON.parse(body).message.chat.id);
      seen.open++;
      seen.most = Math.max(seen.most, seen.open);
      setTimeout(() => {
        seen.open--;
        res.end("{}");
      }, ms);
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, seen };
}

describe("webhook connections", () => {
  it("holds at most max_connections requests at once and delivers the rest in the order they came", async () => {
    const { url, seen } = await slowWebhook(50);
    emu = new Emulator();
    emu.webhook = { url, maxConnections: 5 };
    await Promise.all(Array.from({ length: 30 }, (_, i) => emu!.sendText(6100 + i, "سلام")));
    expect(seen.most).toBe(5);
    expect(seen.order).toEqual(Array.from({ length: 30 }, (_, i) => 6100 + i));
  });

  it("takes Telegram's 40 when the bot does not say", async () => {
    const { url, seen } = await slowWebhook(100);
    emu = new Emulator();
    emu.webhook = { url };
    await Promise.all(Array.from({ length: 60 }, (_, i) => emu!.sendText(6200 + i, "سلام")));
    expect(seen.most).toBe(40);
  });
});
