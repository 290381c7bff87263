import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/access.ts";
import { exportWorkbook } from "../../core/exports.ts";
import { parsePeriod } from "../../core/jalali-periods.ts";
import { surveyExport } from "../../core/survey-exports.ts";
import type { Database, Db } from "../../db/client.ts";
import ExcelJS from "exceljs";
import { agencyId, region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { caseWithSurvey, exportedRows } from "../support/surveys.ts";

// The survey export as each actor gets it: survey results count for everyone who may count the cases;
// the tracking code and the citizen's comment only for those who may read the case itself.

let database: Database;
let db: Db;
let thr: { provinceId: number; countyIds: number[] };
let esf: { provinceId: number; countyIds: number[] };
let codes: { taminTehran: string; waterTehran: string; taminIsfahan: string; taminDey: string };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
  esf = await region(db, "ESF");
});

beforeEach(async () => {
  await resetUserData(database);
  const [a, b] = thr.countyIds;
  codes = {
    taminTehran: await caseWithSurvey(db, { agency: "tamin", county: a, askedOn: { jy: 1405, jm: 9, jd: 5 }, answer: { solved: "no", rating: 2, comment: "=HYPERLINK(\"http://x\")", objected: true } }),
    waterTehran: await caseWithSurvey(db, { agency: "water", county: b, askedOn: { jy: 1405, jm: 9, jd: 10 } }),
    taminIsfahan: await caseWithSurvey(db, { agency: "tamin", province: "ESF", county: esf.countyIds[0], askedOn: { jy: 1405, jm: 9, jd: 12 }, answer: { solved: "yes", rating: 5, comment: "خیلی خوب بود" } }),
    taminDey: await caseWithSurvey(db, { agency: "tamin", county: a, askedOn: { jy: 1405, jm: 10, jd: 2 }, answer: { solved: "yes", rating: 4 } }),
  };
});

const azar = parsePeriod("1405-09")!;
const rowsFor = (actor: Actor) => {
  const sheet = surveyExport(db, actor, azar, 2);
  return exportedRows(sheet).then((rows) => ({ header: sheet.columns.map((c) => c.fa), rows }));
};
const PRIVATE = ["کد رهگیری", "نظر شهروند"];

describe("the survey export", () => {
  it("gives an admin every survey asked in the period, answered or not, with tracking code and comment, in both calendars", async () => {
    const { header, rows } = await rowsFor({ kind: "admin", userId: 1 });
    expect(header).toEqual(expect.arrayContaining([...PRIVATE, "دستگاه", "استان", "شهرستان", "پرسش (شمسی)", "پرسش (ISO)", "امتیاز (۱ تا ۵)"]));
    expect(rows.map((r) => r["کد رهگیری"])).toEqual([codes.taminTehran, codes.waterTehran, codes.taminIsfahan]);
    const [answered, unanswered] = rows;
    expect(answered).toMatchObject({ "کد دستگاه": "tamin", "مشکل رفع شد": "no", "امتیاز (۱ تا ۵)": 2, "اعتراض": "yes", "پرسش (ISO)": "2026-11-26T06:30:00.000Z", "پاسخ (ISO)": "2026-11-26T07:30:00.000Z" });
    expect(answered["پرسش (شمسی)"]).toContain("۵ آذر ۱۴۰۵");
    expect(answered["پرسش (شمسی)"]).toContain("۱۰:۰۰");
    // The citizen's words stay words when a spreadsheet opens them.
    expect(answered["نظر شهروند"]).toBe("'=HYPERLINK(\"http://x\")");
    expect(unanswered).toMatchObject({ "کد دستگاه": "water", "پاسخ (ISO)": null, "مشکل رفع شد": null, "امتیاز (۱ تا ۵)": null, "اعتراض": null });
  });

  it("gives an agency's key only its agency's surveys, with their tracking codes", async () => {
    const { header, rows } = await rowsFor({ kind: "agency_key", keyId: 1, agencyId: await agencyId(db, "tamin") });
    expect(header).toEqual(expect.arrayContaining(PRIVATE));
    expect(rows.map((r) => r["کد رهگیری"])).toEqual([codes.taminTehran, codes.taminIsfahan]);
  });

  it.each([
    ["an assistant", (): Actor => ({ kind: "assistant", userId: 1, countyId: thr.countyIds[0], provinceId: thr.provinceId }), ["tamin"]],
    ["a provincial representative", (): Actor => ({ kind: "provincial", userId: 1, provinceId: thr.provinceId }), ["tamin", "water"]],
  ])("gives %s the surveys of its region without tracking codes or comments", async (_, actor, agencies) => {
    const { header, rows } = await rowsFor(actor());
    for (const column of PRIVATE) expect(header).not.toContain(column);
    expect(rows.map((r) => r["کد دستگاه"])).toEqual(agencies);
    const cells = rows.flatMap((r) => Object.values(r));
    expect(cells).not.toContain(codes.taminTehran);
    expect(cells.some((c) => typeof c === "string" && c.includes("HYPERLINK"))).toBe(false);
  });

  it("gives a ministry's representative its agency's surveys across provinces, without tracking codes or comments", async () => {
    const { header, rows } = await rowsFor({ kind: "ministry", userId: 1, agencyId: await agencyId(db, "tamin") });
    for (const column of PRIVATE) expect(header).not.toContain(column);
    expect(rows.map((r) => r["استان"])).toHaveLength(2);
    expect(rows.map((r) => r["امتیاز (۱ تا ۵)"])).toEqual([2, 5]);
  });

  it("gives a citizen nothing", async () => {
    expect((await rowsFor({ kind: "citizen", userId: 1 })).rows).toEqual([]);
  });
});

describe("an export as a workbook in memory (for chat)", () => {
  it("stops at the cap and says rows were left out; at exactly the count it says none were", async () => {
    const admin: Actor = { kind: "admin", userId: 1 };
    const capped = await exportWorkbook(db, admin, "surveys", azar, 2);
    expect(capped).toMatchObject({ rows: 2, truncated: true });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(capped.content as never);
    expect(book.worksheets[0].rowCount).toBe(3);
    expect(book.worksheets[0].getRow(1).getCell(1).value).toBe("کد رهگیری");
    expect(await exportWorkbook(db, admin, "surveys", azar, 3)).toMatchObject({ rows: 3, truncated: false });
  });
});
