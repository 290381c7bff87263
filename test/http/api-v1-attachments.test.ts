import Fastify, { type FastifyInstance } from "fastify";
import { eq } from "drizzle-orm";
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { emulatorApiRoutes } from "../../bot/emulator/api-routes.ts";
import { createPlatformFiles } from "../../bot/platform-files.ts";
import type { AttachmentInput } from "../../core/cases.ts";
import type { Database } from "../../db/client.ts";
import { attachments } from "../../db/schema.ts";
import type { PlatformFiles } from "../../bot/platform-files.ts";
import { capturingLogger } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

async function caseWith(file: Partial<AttachmentInput> & { fileId: string }) {
  const c = await makeCase(database.db, { agency: "tamin", attachments: [{ kind: "document", fileUniqueId: `u-${file.fileId}`, ...file }] });
  const [a] = await database.db.select().from(attachments).where(eq(attachments.caseId, c.id));
  return { ...c, attachmentId: a.id };
}

describe("GET /v1/attachments/{id}", () => {
  it("sends the file's bytes with its type and name, as a download that a browser will not render", async () => {
    const pdf = Buffer.from("%PDF-1.4 fake");
    const files: PlatformFiles = { download: async (id) => (id === "doc-1" ? { body: pdf, mimeType: "application/octet-stream" } : null) };
    const app = await apiApp(database.db, { files });
    const c = await caseWith({ fileId: "doc-1", mimeType: "application/pdf", fileName: "قرارداد \"نهایی\".pdf" });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="_______ _______.pdf"; filename*=UTF-8''${encodeURIComponent('قرارداد "نهایی".pdf')}`);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cache-control"]).toContain("no-store");
  });

  it("names a photo as a JPEG when the platform gave no type", async () => {
    const app = await apiApp(database.db, { files: { download: async () => ({ body: Buffer.from([0xff, 0xd8]) }) } });
    const c = await caseWith({ fileId: "ph", kind: "photo" });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.headers["content-disposition"]).toContain(`attachment-${c.attachmentId}.jpg`);
  });

  it("serves a photo as what its bytes are: a PNG sent as a photo (recorded image/jpeg, as Telegram's photos are) is image/png", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const app = await apiApp(database.db, { files: { download: async () => ({ body: png, mimeType: "image/jpeg" }) } });
    const c = await caseWith({ fileId: "ph-png", kind: "photo", mimeType: "image/jpeg" });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.headers["content-disposition"]).toContain(`attachment-${c.attachmentId}.png`);
  });

  it("answers 503 JSON when no chat platform is connected, and 404 when the platform lost the file", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await caseWith({ fileId: "gone" });
    const none = await apiApp(database.db);
    const res = await none.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: key });
    expect(res.statusCode).toBe(503);
    expect(errorOf(res).code).toBe("files_unavailable");
    const lost = await apiApp(database.db, { files: { download: async () => null } });
    const gone = await lost.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: key });
    expect(gone.statusCode).toBe(404);
    expect(errorOf(gone).code).toBe("file_gone");
    expect((await lost.inject({ url: "/v1/attachments/987654", headers: key })).statusCode).toBe(404);
  });
});

describe("attachments fetched from the platform over the Bot API (bot/platform-files.ts)", () => {
  let emulator: Emulator;
  let server: FastifyInstance;
  let apiRoot: string;

  beforeAll(async () => {
    emulator = new Emulator();
    server = Fastify({ logger: false });
    await server.register(emulatorApiRoutes, { emulator });
    await server.listen({ host: "127.0.0.1", port: 0 });
    apiRoot = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });

  const platformFiles = (root = apiRoot) => createPlatformFiles({ api: new Api(emulator.token, { apiRoot: root }), token: emulator.token, apiRoot: root });

  it("downloads the citizen's photo through getFile and the file URL, and the token appears nowhere", async () => {
    emulator.userFor(5001, { first_name: "مریم" });
    const bytes = Buffer.from("photo-bytes-\u00ff\u00d8".repeat(100), "latin1");
    const update = await emulator.sendPhoto(5001, bytes);
    const photo = (update as { message: { photo: { file_id: string; file_unique_id: string }[] } }).message.photo[0];
    const { logger, lines } = capturingLogger();
    const app = await apiApp(database.db, { files: platformFiles(), logger });
    const c = await caseWith({ kind: "photo", fileId: photo.file_id, fileUniqueId: photo.file_unique_id });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    const secret = emulator.token.split(":")[1];
    expect(JSON.stringify(res.headers)).not.toContain(secret);
    expect(lines.join("\n")).not.toContain(secret);
  });

  it("answers 404 for a file id the platform does not know", async () => {
    const app = await apiApp(database.db, { files: platformFiles() });
    const c = await caseWith({ fileId: "never-uploaded" });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe("file_gone");
  });

  it("answers 503 when the platform is unreachable, without the token in the answer or the log", async () => {
    const { logger, lines } = capturingLogger();
    const app = await apiApp(database.db, { files: platformFiles("http://127.0.0.1:9"), logger });
    const c = await caseWith({ fileId: "any" });
    const res = await app.inject({ url: `/v1/attachments/${c.attachmentId}`, headers: await bearer(database.db, "tamin") });
    expect(res.statusCode).toBe(503);
    expect(errorOf(res).code).toBe("platform_unavailable");
    const secret = emulator.token.split(":")[1];
    expect(res.body).not.toContain(secret);
    expect(lines.join("\n")).toContain("attachment download failed");
    expect(lines.join("\n")).not.toContain(secret);
  });
});
