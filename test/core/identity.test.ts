import { describe, expect, it } from "vitest";
import { normalizeSharedPhone, parseIranianMobile, parseNationalId } from "../../core/identity.ts";

// Worked out by hand with the official rule: weights 10..2 over the first 9 digits,
// r = sum % 11, check digit = r < 2 ? r : 11 - r.
const validIds = {
  "0012345679": "r = 2, check 9; a Tehran ID with two leading zeros",
  "0087654326": "r = 5, check 6",
  "4991370027": "r = 4, check 7",
  "1234567891": "r = 1, so the check digit is r itself",
  "1000000060": "r = 0, so the check digit is 0",
};

describe("a national ID (کد ملی)", () => {
  it.each(Object.entries(validIds))("accepts %s (%s)", (id) => {
    expect(parseNationalId(id)).toBe(id);
  });

  it("rejects a national ID with a bad check digit", () => {
    for (const id of Object.keys(validIds)) {
      const body = id.slice(0, 9);
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === id[9]) continue;
        expect(parseNationalId(body + digit), body + digit).toBeNull();
      }
    }
  });

  it("rejects an ID whose digits are all the same, though its check digit adds up", () => {
    for (let digit = 0; digit <= 9; digit++) expect(parseNationalId(String(digit).repeat(10))).toBeNull();
  });

  it("rejects an ID that is too short or too long", () => {
    expect(parseNationalId("012345679")).toBeNull();
    expect(parseNationalId("12345679")).toBeNull();
    expect(parseNationalId("00123456790")).toBeNull();
    expect(parseNationalId("")).toBeNull();
  });

  it("rejects letters", () => {
    expect(parseNationalId("00123456a9")).toBeNull();
    expect(parseNationalId("کد ملی من")).toBeNull();
  });

  it("accepts Persian and Arabic-Indic digits and returns Latin ones", () => {
    expect(parseNationalId("۰۰۱۲۳۴۵۶۷۹")).toBe("0012345679");
    expect(parseNationalId("٠٠١٢٣٤٥٦٧٩")).toBe("0012345679");
  });

  it("accepts the ID written with spaces or dashes, as on the card", () => {
    expect(parseNationalId("001-234567-9")).toBe("0012345679");
    expect(parseNationalId(" ۰۰۱ ۲۳۴۵۶۷ ۹ ")).toBe("0012345679");
  });

  it("accepts an ID pasted with invisible direction marks", () => {
    expect(parseNationalId("\u200f۰۰۱۲۳۴۵۶۷۹\u200e")).toBe("0012345679");
  });
});

describe("an Iranian mobile number", () => {
  const expected = "+989121234567";

  it.each([
    ["09121234567", "the usual form"],
    ["+989121234567", "the international form"],
    ["00989121234567", "the international form with 00"],
    ["989121234567", "the international form without +"],
    ["9121234567", "without the leading 0"],
    ["۰۹۱۲۱۲۳۴۵۶۷", "Persian digits"],
    ["٠٩١٢١٢٣٤٥٦٧", "Arabic-Indic digits"],
    ["0912 123 4567", "spaces"],
    ["0912-123-4567", "dashes"],
    ["(0912) 1234567", "brackets"],
    ["+98 912 123 4567", "the international form with spaces"],
    ["\u202a+98 912 123 4567\u202c", "the direction marks Android wraps around a copied number"],
  ])("reads %s (%s) as +989121234567", (input) => {
    expect(parseIranianMobile(input)).toBe(expected);
  });

  it("rejects Tehran and other landlines", () => {
    expect(parseIranianMobile("02188776655")).toBeNull();
    expect(parseIranianMobile("+982188776655")).toBeNull();
    expect(parseIranianMobile("03132223344")).toBeNull();
  });

  it("rejects short service numbers", () => {
    expect(parseIranianMobile("110")).toBeNull();
    expect(parseIranianMobile("1540")).toBeNull();
    expect(parseIranianMobile("111")).toBeNull();
  });

  it("rejects a mobile number with a digit missing or one too many", () => {
    expect(parseIranianMobile("0912123456")).toBeNull();
    expect(parseIranianMobile("091212345678")).toBeNull();
    expect(parseIranianMobile("+98912123456")).toBeNull();
  });

  it("rejects foreign numbers and text", () => {
    expect(parseIranianMobile("+14155552671")).toBeNull();
    expect(parseIranianMobile("+449121234567")).toBeNull();
    expect(parseIranianMobile("شماره من")).toBeNull();
    expect(parseIranianMobile("")).toBeNull();
  });
});

describe("a phone number shared with the contact button", () => {
  it("gets the + and country code when the platform leaves them out", () => {
    expect(normalizeSharedPhone("989121234567")).toBe("+989121234567");
    expect(normalizeSharedPhone("+989121234567")).toBe("+989121234567");
  });

  it("keeps a foreign number in international form", () => {
    expect(normalizeSharedPhone("14155552671")).toBe("+14155552671");
    expect(normalizeSharedPhone("+44 7911 123456")).toBe("+447911123456");
  });
});
