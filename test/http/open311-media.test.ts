import { asc, eq } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CatalogCache } from "../../core/catalog.ts";
import type { Database, Db } from "../../db/client.ts";
import { attachmentContents, attachments, caseEvents, cases } from "../../db/schema.ts";
import { open311Routes } from "../../handlers/http/open311/routes.ts";
import { unlimitedRateLimits } from "../../handlers/http/rate-limits.ts";
import type { UploadedMedia } from "../../handlers/http/open311/media.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allCases, caseByCode } from "../support/filing.ts";
import { bearer } from "./api-v1-fixtures.ts";
import { JPEG, PNG, body, childText, expectErrors, keys, multipartBody, postMultipart, testApp, validRequest, type FilePart } from "./open311-helpers.ts";

// POST requests as multipart/form-data with photos, the way FixMyStreet sends them for a body with
// upload_files: the form's fields as usual, the photos checked by their bytes and kept with the case.

let database: Database;
let app: FastifyInstance;
let k: { admin: string } & Record<string, string>;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
  k = await keys(database.db, "health");
});
afterAll(async () => {
  await resetUserData(database);
  await app.close();
});

const photo = (name: string, bytes = JPEG, type = "image/jpeg", field = "media"): FilePart => ({ field, name, type, bytes });

/** The facade alone, with an upload store that records what it is given (and can be made to fail). */
async function appWithStore(fail = false) {
  const saved: { caseId: number; media: UploadedMedia[]; inTransaction: boolean }[] = [];
  const store = {
    async save(tx: Db, caseId: number, media: UploadedMedia[]) {
      // The case row is visible here only inside the filing's own transaction.
      const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
      saved.push({ caseId, media, inTransaction: row !== undefined });
      if (fail) throw new Error("disk full");
    },
  };
  const facade = Fastify({ logger: false });
  await facade.register(open311Routes, { prefix: "/open311/v2", db: database.db, catalogCache: new CatalogCache(), holidays: new Set<string>(), allowPrivateWebhooks: false, rateLimits: unlimitedRateLimits, uploads: store });
  return { facade, saved };
}

describe("POST requests with multipart/form-data", () => {
  it("files the request from the form's fields and hands each photo, typed by its bytes, to the upload store with the case", async () => {
    const { facade, saved } = await appWithStore();
    const res = await postMultipart(facade, "requests.xml", validRequest(k.health, "health.hospital"), [photo("چاله‌ای \u202eعمیق.jpg"), photo("شب.png", PNG, "application/octet-stream")]);
    expect(res.statusCode, res.body).toBe(200);
    const code = childText(body(res, "xml").children[0], "service_request_id")!;
    const c = await caseByCode(database.db, code);
    expect(c).toMatchObject({ channel: "open311", agencyId: expect.any(Number) });
    expect(c.description).toContain("چاله‌ای بزرگ در خیابان آزادی");
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ caseId: c.id, inTransaction: true });
    expect(saved[0].media.map((m) => [m.fileName, m.mimeType, m.bytes.length])).toEqual([
      ["چاله‌ای عمیق.jpg", "image/jpeg", JPEG.length], // the bidi override is dropped, the ZWNJ kept
      ["شب.png", "image/png", PNG.length],
    ]);
    expect(saved[0].media[1].bytes.equals(PNG)).toBe(true);
    expect(saved[0].media[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    await facade.close();
  });

  it("takes a form without files, and the photo fields as clients name them (media, media[], photo1)", async () => {
    const { facade, saved } = await appWithStore();
    expect((await postMultipart(facade, "requests.json", validRequest(k.health, "health.hospital"))).statusCode).toBe(200);
    const res = await postMultipart(facade, "requests.json", validRequest(k.health, "health.hospital"), [photo("a.jpg"), photo("b.jpg", JPEG, "image/jpeg", "media[]"), photo("c.jpg", JPEG, "image/jpeg", "photo1")]);
    expect(res.statusCode, res.body).toBe(200);
    expect(saved.map((s) => s.media.length)).toEqual([3]);
    await facade.close();
  });

  it("keeps a JPEG and a PNG as the case's attachments, and API v1 hands back the same bytes", async () => {
    const bigJpeg = Buffer.concat([JPEG, Buffer.alloc(300 * 1024, 0x5a)]);
    const res = await postMultipart(app, "requests.json", validRequest(k.health, "health.hospital"), [photo("چاله.jpg", bigJpeg), photo("شب.png", PNG, "application/octet-stream")]);
    expect(res.statusCode, res.body).toBe(200);
    const c = await caseByCode(database.db, res.json()[0].service_request_id);
    const kept = await database.db.select().from(attachments).where(eq(attachments.caseId, c.id)).orderBy(asc(attachments.id));
    expect(kept.map((a) => [a.kind, a.platform, a.mimeType, a.fileName, a.fileSize])).toEqual([
      ["photo", "upload", "image/jpeg", "چاله.jpg", bigJpeg.length],
      ["photo", "upload", "image/png", "شب.png", PNG.length],
    ]);
    const headers = await bearer(database.db, "health");
    const jpeg = await app.inject({ url: `/v1/attachments/${kept[0].id}`, headers });
    expect(jpeg.statusCode, jpeg.body).toBe(200);
    expect(jpeg.headers["content-type"]).toBe("image/jpeg");
    expect(jpeg.rawPayload.equals(bigJpeg)).toBe(true);
    const png = await app.inject({ url: `/v1/attachments/${kept[1].id}`, headers });
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("شب.png")}`);
    expect(png.rawPayload.equals(PNG)).toBe(true);
    // Another agency's key sees neither.
    expect((await app.inject({ url: `/v1/attachments/${kept[1].id}`, headers: await bearer(database.db, "tamin") })).statusCode).toBe(404);
    // No note about files that were not kept: they were.
    const notes = (await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id))).filter((e) => e.type === "note");
    for (const n of notes) expect(n.note).not.toContain("نگه داشته نشد");
  });

  it("keeps nothing of a request refused for a photo too large or not a photo (the Open311 error, no case, no bytes)", async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    const [tooBig] = expectErrors(await postMultipart(app, "requests.xml", { ...validRequest(k.health, "health.hospital"), locale: "en" }, [photo("a.jpg"), photo("big.jpg", big)]), 400, "xml");
    expect(tooBig).toBe('File "big.jpg" is over 10 MB; send a smaller photo.');
    const [notPhoto] = expectErrors(await postMultipart(app, "requests.json", { ...validRequest(k.health, "health.hospital"), locale: "en" }, [photo("a.jpg"), photo("x.jpg", Buffer.from("GIF88 nope"))]), 400);
    expect(notPhoto).toContain('File "x.jpg" is not a JPEG, PNG, GIF, WebP, HEIC image');
    expect(await allCases(database.db)).toHaveLength(0);
    expect(await database.db.select().from(attachments)).toHaveLength(0);
    expect(await database.db.select().from(attachmentContents)).toHaveLength(0);
  });

  it("refuses a file that is not an image, whatever its declared type, together with the form's other problems", async () => {
    const { facade, saved } = await appWithStore();
    const fake = photo("report.jpg", Buffer.from("%PDF-1.7 not a photo"), "image/jpeg");
    const res = await postMultipart(facade, "requests.json", { ...validRequest(k.health, "health.hospital", { description: undefined }), locale: "en" }, [fake]);
    expect(expectErrors(res, 400)).toEqual(['File "report.jpg" is not a JPEG, PNG, GIF, WebP, HEIC image; media takes only these (declared type: image/jpeg).', "description is required."]);
    expect(saved).toEqual([]);
    expect(await allCases(database.db)).toHaveLength(0);
    await facade.close();
  });

  it("refuses a photo over 10 MB, more than 5 photos, and a file in another field, each with a 400 that says what to do", async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await postMultipart(app, "requests.json", { ...validRequest(k.health, "health.hospital"), locale: "en" }, [photo("big.jpg", big)]);
    expect(expectErrors(tooBig, 400)).toEqual(['File "big.jpg" is over 10 MB; send a smaller photo.']);
    const six = Array.from({ length: 6 }, (_, i) => photo(`${i}.jpg`));
    const [tooMany] = expectErrors(await postMultipart(app, "requests.xml", validRequest(k.health, "health.hospital"), six), 400, "xml");
    expect(tooMany).toContain("حداکثر ۵ فایل");
    const [elsewhere] = expectErrors(await postMultipart(app, "requests.json", { ...validRequest(k.health, "health.hospital"), locale: "en" }, [photo("a.jpg", JPEG, "image/jpeg", "attachment")]), 400);
    expect(elsewhere).toBe('A file in field "attachment" is not accepted; send photos in the media field (repeat media for several).');
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("answers a multipart body cut short with a 400 in the spec's format, and files nothing", async () => {
    const whole = multipartBody(validRequest(k.health, "health.hospital"), [photo("a.jpg")]);
    // Cut inside the photo: the closing boundary never comes.
    for (const at of [whole.payload.length - 40, Math.floor(whole.payload.length / 2)]) {
      const res = await app.inject({ method: "POST", url: "/open311/v2/requests.json", headers: whole.headers, payload: whole.payload.subarray(0, at) });
      expect(expectErrors(res, 400)).toEqual(["بدنهٔ چندبخشی ناقص یا نامعتبر رسید؛ درخواست را دوباره بفرستید."]);
    }
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("files nothing when the upload store fails (500, details hidden)", async () => {
    const { facade } = await appWithStore(true);
    const res = await postMultipart(facade, "requests.json", validRequest(k.health, "health.hospital"), [photo("a.jpg")]);
    expectErrors(res, 500);
    expect(res.body).not.toContain("disk full");
    expect(await allCases(database.db)).toHaveLength(0);
    await facade.close();
  });

  it("answers 403 for a multipart form without api_key, and refuses files on a comment (servicerequestupdates)", async () => {
    expectErrors(await postMultipart(app, "requests.json", { service_code: "health.hospital" }, [photo("a.jpg")]), 403);
    const filed = await postMultipart(app, "requests.json", validRequest(k.health, "health.hospital"));
    const code = filed.json()[0].service_request_id;
    const [description] = expectErrors(await postMultipart(app, "servicerequestupdates.json", { api_key: k.health, service_request_id: code, description: "با عکس", locale: "en" }, [photo("a.jpg")]), 400);
    expect(description).toContain("send the photo's address as media_url");
  });
});
