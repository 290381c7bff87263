import { Readable } from "node:stream";
import { Api, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { emulatorTransformer } from "../../bot/emulator/transformer.ts";
import { tinyPng } from "../support/generated-files.ts";
import { emulatorApp, type EmulatorApp } from "./emulator-harness.ts";

// Files the bot uploads to the emulator: kept byte for byte under a file id, answered like Telegram, and
// served to the chat page (a photo to show, a document to download).

let e: EmulatorApp;
afterEach(async () => {
  await e?.app.close();
});

const citizen = 5601;

function inProcessApi(app: EmulatorApp): Api {
  const api = new Api(app.emu.token, { apiRoot: "http://emulator.invalid" });
  api.config.use(emulatorTransformer(app.emu));
  return api;
}

describe("uploads to the emulator", () => {
  it("reads an InputFile given as a stream, as grammY would send it", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const bytes = Buffer.from("a,b\n1,2\n".repeat(1000));
    const chunks = [bytes.subarray(0, 3000), bytes.subarray(3000)];
    const sent = await inProcessApi(e).sendDocument(citizen, new InputFile(Readable.from(chunks), "figures.csv"));
    expect(sent.document).toMatchObject({ file_name: "figures.csv", mime_type: "text/csv", file_size: bytes.length });
    expect(e.emu.fileBytes(sent.document!.file_id)!.equals(bytes)).toBe(true);
  });

  it("serves the chat page a photo to show and a document to download under its name", async () => {
    e = await emulatorApp();
    await e.emu.sendText(citizen, "سلام");
    const api = inProcessApi(e);
    const png = tinyPng(50, 40);
    const photo = (await api.sendPhoto(citizen, new InputFile(png, "chart.png"))).photo!.at(-1)!;
    expect(photo).toMatchObject({ width: 50, height: 40 });
    const sheet = Buffer.from("PK sheet");
    const doc = (await api.sendDocument(citizen, new InputFile(sheet, "گزارش.xlsx"))).document!;

    const shown = await e.app.inject({ method: "GET", url: `/side/files/${photo.file_id}` });
    expect(shown.headers).toMatchObject({ "content-type": "image/png", "content-disposition": "inline" });
    expect(shown.rawPayload.equals(png)).toBe(true);
    const downloaded = await e.app.inject({ method: "GET", url: `/side/files/${doc.file_id}` });
    expect(downloaded.headers["content-disposition"]).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("گزارش.xlsx")}`);
    expect(downloaded.rawPayload.equals(sheet)).toBe(true);
    expect((await e.app.inject({ method: "GET", url: "/side/files/Fnothing" })).statusCode).toBe(404);
  });
});
