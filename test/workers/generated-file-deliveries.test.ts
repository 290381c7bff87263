import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { Upload } from "../../bot/emulator/uploads.ts";
import { createDelivery, type DeliveryMessage } from "../../core/deliveries.ts";
import type { Database } from "../../db/client.ts";
import { deliveryRecipients, generatedFiles } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { deliveringBot, deliveryEnded, seedRecipients, stopDeliveringBot } from "../support/deliveries.ts";
import { platformFileIds, spreadsheetBytes, storePng, storeSpreadsheet, tinyPng } from "../support/generated-files.ts";

// A report the product wrote, sent to many by the delivery sender: its chart and spreadsheet are uploaded
// once and every other recipient gets them by the platform's file id. The emulator is the platform.

let database: Database;
let emu: Emulator;
let bot: BuiltBot | undefined;
const FIRST = 840_000;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
});
afterEach(async () => {
  if (bot) await stopDeliveringBot(bot);
  bot = undefined;
  emu.close();
});

async function deliverReport(message: DeliveryMessage, userIds: number[]): Promise<number> {
  const { id } = await database.db.transaction((tx) => createDelivery(tx, { kind: "report", key: `report-${userIds[0]}`, audience: { to: "users", userIds }, message }));
  bot = deliveringBot(database.db, emu);
  await deliveryEnded(database.db, id);
  return id;
}

const recipientsOf = (deliveryId: number) => database.db.select().from(deliveryRecipients).where(eq(deliveryRecipients.deliveryId, deliveryId)).orderBy(deliveryRecipients.chatId);
const uploadsOf = (method: string, field: string) => emu.calls.filter((c) => c.method === method && c.params[field] instanceof Upload);
const chats = (n: number) => Array.from({ length: n }, (_, i) => FIRST + i);

describe("a delivery of files the product made", () => {
  it("uploads its spreadsheet and its chart once, and every recipient receives both, byte for byte", async () => {
    const sheet = spreadsheetBytes("1405-Q2");
    const png = tinyPng();
    const ids = await seedRecipients(database.db, emu, FIRST, 6);
    const documents = [await storeSpreadsheet(database.db, sheet, "complaints-1405-Q2.xlsx")];
    const photo = await storePng(database.db, png);
    const id = await deliverReport({ text: "تحلیل فصلی شکایت‌ها", photo, documents }, ids);

    expect((await recipientsOf(id)).map((r) => r.state)).toEqual(ids.map(() => "sent"));
    expect(uploadsOf("sendDocument", "document")).toHaveLength(1);
    expect(uploadsOf("sendPhoto", "photo")).toHaveLength(1);
    const fileIds = { sheet: (await platformFileIds(database.db, documents[0])).telegram, chart: (await platformFileIds(database.db, photo)).telegram };
    expect(emu.calls.filter((c) => c.method === "sendDocument" && c.params.document === fileIds.sheet)).toHaveLength(5);
    for (const chat of chats(6)) {
      const got = emu.messages(chat).filter((m) => m.from === "bot");
      const doc = got.find((m) => m.document);
      expect(doc?.document?.file_name, `chat ${chat}`).toBe("complaints-1405-Q2.xlsx");
      expect(emu.fileBytes(doc!.document!.file_id)!.equals(sheet)).toBe(true);
      const chart = got.find((m) => m.photo);
      expect(chart?.caption).toBe("تحلیل فصلی شکایت‌ها");
      expect(emu.fileBytes(chart!.photo!.file_id)!.equals(png)).toBe(true);
    }
  });

  it("naming a spreadsheet that was deleted fails each recipient once, with nothing sent and no retries", async () => {
    const ids = await seedRecipients(database.db, emu, FIRST, 4);
    const sheet = await storeSpreadsheet(database.db, spreadsheetBytes("gone"));
    await database.db.delete(generatedFiles).where(eq(generatedFiles.id, sheet.generated_file));
    const id = await deliverReport({ text: "گزارشی که فایلش نیست", documents: [sheet] }, ids);

    const recipients = await recipientsOf(id);
    expect(recipients.map((r) => [r.state, r.attempts])).toEqual(ids.map(() => ["failed", 1]));
    expect(recipients[0].lastError).toContain(`generated file ${sheet.generated_file}`);
    expect(emu.calls.filter((c) => c.method.startsWith("send"))).toEqual([]);
  });
});
