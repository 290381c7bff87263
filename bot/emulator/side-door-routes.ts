import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { BotApiError, type Emulator } from "./emulator.ts";

// Simulated users: the chat page and tests act as people through these routes. Bodies are validated;
// a mistake answers 400 with {error:{code,message}}.

const userId = z.coerce.number().int().positive();
const schemas = {
  text: z.object({ text: z.string().min(1).max(4096) }),
  press: z.object({ label: z.string().min(1) }),
  callback: z.object({ messageId: z.number().int().positive(), data: z.string().optional(), text: z.string().optional() }),
  contact: z.object({ phone: z.string().min(1).max(32).optional(), ownerId: z.number().int().optional(), firstName: z.string().min(1).max(64).optional() }),
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  file: z.object({ kind: z.enum(["photo", "document", "voice"]), base64: z.string().min(1).max(28_000_000), fileName: z.string().max(200).optional(), mime: z.string().max(100).optional() }),
  faults: z.object({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    globalPerSecond: z.number().int().positive().nullable().optional(),
    perChatPerSecond: z.number().positive().nullable().optional(),
    conversationMs: z.number().int().min(0).max(3_600_000).optional(),
    blockedChats: z.array(z.number().int()).optional(),
    failNext: z.number().int().min(0).optional(),
    failRate: z.number().min(0).max(1).optional(),
  }),
};

export async function emulatorSideDoorRoutes(app: FastifyInstance, opts: { emulator: Emulator }): Promise<void> {
  const emu = opts.emulator;
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw Object.assign(new Error(r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")), { statusCode: 400, code: "bad_request" });
    return r.data;
  };
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (err instanceof BotApiError) return reply.code(400).send({ error: { code: "refused", message: err.description } });
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    return reply.code(status).send({ error: { code: status === 500 ? "internal" : (err.code ?? "bad_request"), message: status === 500 ? "Internal error." : err.message } });
  });

  type P = { Params: { id: string } };
  const id = (req: { params: { id: string } }) => parse(userId, req.params.id);

  app.post<P>("/users/:id/text", async (req) => ({ update: await emu.sendText(id(req), parse(schemas.text, req.body).text) }));
  app.post<P>("/users/:id/press", async (req) => ({ update: await emu.pressReplyButton(id(req), parse(schemas.press, req.body).label) }));
  app.post<P>("/users/:id/callback", async (req) => {
    const b = parse(schemas.callback, req.body);
    return emu.pressInlineButton(id(req), b.messageId, { data: b.data, text: b.text });
  });
  app.post<P>("/users/:id/contact", async (req) => {
    const b = parse(schemas.contact, req.body);
    return { update: await emu.shareContact(id(req), b.phone ? { phone_number: b.phone, user_id: b.ownerId, first_name: b.firstName } : undefined) };
  });
  app.post<P>("/users/:id/location", async (req) => {
    const b = parse(schemas.location, req.body);
    return { update: await emu.sendLocation(id(req), b.latitude, b.longitude) };
  });
  app.post<P>("/users/:id/file", { bodyLimit: 30_000_000 }, async (req) => {
    const b = parse(schemas.file, req.body);
    const bytes = Buffer.from(b.base64, "base64");
    const uid = id(req);
    if (b.kind === "photo") return { update: await emu.sendPhoto(uid, bytes, b.mime) };
    if (b.kind === "voice") return { update: await emu.sendVoice(uid, bytes) };
    return { update: await emu.sendDocument(uid, bytes, b.fileName ?? "file.pdf", b.mime) };
  });
  app.get<P>("/chats/:id", async (req) => {
    const chatId = id(req);
    return { messages: emu.messages(chatId), replyKeyboard: emu.replyKeyboard(chatId) };
  });
  // What the chat page shows of a photo or offers to download of a document.
  app.get<{ Params: { fileId: string } }>("/files/:fileId", async (req, reply) => {
    const f = emu.fileById(req.params.fileId);
    if (!f) return reply.code(404).send({ error: { code: "not_found", message: "No such file." } });
    const disposition = f.fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}` : "inline";
    return reply.type(f.mime).header("content-disposition", disposition).send(f.bytes);
  });
  app.put("/faults", async (req) => {
    const b = parse(schemas.faults, req.body);
    const { blockedChats, ...rest } = b;
    Object.assign(emu.faults, rest);
    if (blockedChats) emu.faults.blockedChats = new Set(blockedChats);
    return { faults: { ...emu.faults, blockedChats: [...emu.faults.blockedChats] } };
  });

  // Live view of one chat (server-sent events): every message, edit, deletion and callback answer.
  app.get<P>("/chats/:id/events", (req, reply) => {
    const chatId = id(req);
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    reply.raw.write(`event: snapshot\ndata: ${JSON.stringify({ messages: emu.messages(chatId), replyKeyboard: emu.replyKeyboard(chatId) })}\n\n`);
    const listener = (e: { type: string; chat_id?: number; message?: { chat_id: number } }) => {
      if ((e.message?.chat_id ?? e.chat_id) !== chatId) return;
      reply.raw.write(`event: ${e.type}\ndata: ${JSON.stringify({ ...e, replyKeyboard: emu.replyKeyboard(chatId) })}\n\n`);
    };
    emu.on("update", listener);
    // The stream ends when the emulator closes, so a shutting-down server is not held open by a browser.
    const end = () => reply.raw.end();
    emu.once("closed", end);
    const ping = setInterval(() => reply.raw.write(": ping\n\n"), 15_000);
    req.raw.on("close", () => {
      clearInterval(ping);
      emu.off("update", listener);
      emu.off("closed", end);
    });
  });
}
