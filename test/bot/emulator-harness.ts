import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import type { Update } from "grammy/types";
import { emulatorApiRoutes } from "../../bot/emulator/api-routes.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { emulatorSideDoorRoutes } from "../../bot/emulator/side-door-routes.ts";

// The emulator as the tests meet it: a Fastify app with the Bot API at the root (like api.telegram.org)
// and the side door under /side, plus a webhook receiver and an SSE reader that always stop.

export interface EmulatorApp {
  emu: Emulator;
  app: FastifyInstance;
  /** One Bot API call through app.inject, as JSON. */
  api(method: string, params?: Record<string, unknown>, token?: string): Promise<{ status: number; body: any }>;
  /** One side-door request through app.inject. */
  side(method: "GET" | "POST" | "PUT", url: string, payload?: unknown): Promise<{ status: number; body: any }>;
}

export async function emulatorApp(emu = new Emulator()): Promise<EmulatorApp> {
  const app = Fastify({ logger: false });
  await app.register(emulatorApiRoutes, { emulator: emu });
  await app.register(emulatorSideDoorRoutes, { emulator: emu, prefix: "/side" });
  await app.ready();
  return {
    emu,
    app,
    async api(method, params = {}, token = emu.token) {
      const res = await app.inject({ method: "POST", url: `/bot${token}/${method}`, payload: params });
      return { status: res.statusCode, body: res.json() };
    },
    async side(method, url, payload) {
      const res = await app.inject({ method, url: `/side${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: res.statusCode, body: res.json() };
    },
  };
}

/** Listens on a free local port and answers the base URL (no trailing slash). */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: "127.0.0.1" });
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  update: Update;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Decides each answer; defaults to 200 at once. */
  respond: (update: Update, attempt: number) => Promise<number> | number;
  close(): Promise<void>;
}

/** A stand-in for the bot's webhook endpoint: records every POST and answers as `respond` says. */
export async function webhookReceiver(): Promise<WebhookReceiver> {
  const attempts = new Map<number, number>();
  const receiver: WebhookReceiver = { url: "", received: [], respond: () => 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const update = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Update;
      receiver.received.push({ headers: req.headers, update });
      const attempt = (attempts.get(update.update_id) ?? 0) + 1;
      attempts.set(update.update_id, attempt);
      const status = await receiver.respond(update, attempt);
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

export interface SseEvent {
  event: string;
  data: any;
}

/** Reads server-sent events from a URL; `stop()` aborts the request. */
export async function sseReader(url: string) {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pending: SseEvent[] = [];
  return {
    res,
    /** The next event (comments skipped), or a rejection after `ms`. */
    async next(ms = 2000): Promise<SseEvent> {
      const deadline = Date.now() + ms;
      while (pending.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no server-sent event in time");
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no server-sent event in time")), left))),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error("event stream ended");
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n").filter((l) => !l.startsWith(":"));
          if (lines.length === 0) continue;
          const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
          const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          pending.push({ event, data: JSON.parse(data) });
        }
      }
      return pending.shift()!;
    },
    stop() {
      abort.abort();
      return reader.cancel().catch(() => {});
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds, polling every 10 ms, or fails after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

export const inlineKeyboard = (...rows: [text: string, data: string][][]) => ({
  inline_keyboard: rows.map((row) => row.map(([text, callback_data]) => ({ text, callback_data }))),
});
