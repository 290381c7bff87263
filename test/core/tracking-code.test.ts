import { describe, expect, it } from "vitest";
import { checkDigit, displayTrackingCode, groupedTrackingCode, newTrackingCode, parseTrackingCode, trackingCodeInText, TRACKING_CODE_LENGTH } from "../../core/tracking-code.ts";

const toScript = (code: string, zero: number) => code.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));
const persian = (code: string) => toScript(code, 0x06f0);
const arabicIndic = (code: string) => toScript(code, 0x0660);

function generatedCodes(count: number): string[] {
  return Array.from({ length: count }, () => newTrackingCode());
}

describe("a new tracking code", () => {
  it("has 9 digits and never starts with zero", () => {
    for (const code of generatedCodes(500)) {
      expect(code).toMatch(/^[1-9]\d{8}$/);
      expect(code).toHaveLength(TRACKING_CODE_LENGTH);
    }
  });

  it("ends with the check digit of its first 8 digits", () => {
    for (const code of generatedCodes(200)) expect(code[8]).toBe(checkDigit(code.slice(0, 8)));
  });

  it("is accepted as typed", () => {
    for (const code of generatedCodes(200)) expect(parseTrackingCode(code)).toEqual({ ok: true, code });
  });

  it("is drawn at random, so codes cannot be guessed from one another", () => {
    const codes = generatedCodes(1000);
    // 1,000 draws out of 90 million: a repeat is possible (≈0.5%), three would mean codes are not random.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(998);
    const numbers = codes.map(Number);
    const ascending = [...numbers].sort((a, b) => a - b);
    expect(numbers).not.toEqual(ascending);
    expect(numbers).not.toEqual([...ascending].reverse());
    const neighbours = numbers.slice(1).filter((n, i) => Math.abs(n - numbers[i]) <= 1000).length;
    expect(neighbours).toBeLessThan(5);
  });

  it("uses every leading digit from 1 to 9", () => {
    const leading = new Set(generatedCodes(1000).map((c) => c[0]));
    expect([...leading].sort().join("")).toBe("123456789");
  });
});

describe("a mistyped tracking code", () => {
  it("is caught as a typo when any single digit is wrong", () => {
    for (const code of generatedCodes(300)) {
      for (let i = 0; i < code.length; i++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === code[i]) continue;
          const typo = code.slice(0, i) + digit + code.slice(i + 1);
          expect(parseTrackingCode(typo), `${code} → ${typo}`).toEqual({ ok: false, reason: "check_digit" });
        }
      }
    }
  });

  it("is caught as a typo when two neighbouring digits are swapped", () => {
    let swaps = 0;
    for (const code of generatedCodes(1000)) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(parseTrackingCode(swapped), `${code} → ${swapped}`).toEqual({ ok: false, reason: "check_digit" });
        swaps++;
      }
    }
    expect(swaps).toBeGreaterThan(5000);
  });

  it("is caught as a typo for every pair of different neighbouring digits, in every position", () => {
    // Exhaustive over digit pairs, so the guarantee does not rest on which random codes were drawn.
    const swap = (code: string, i: number) => code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
    for (let i = 0; i < 7; i++) {
      for (let a = 0; a <= 9; a++) {
        for (let b = 0; b <= 9; b++) {
          if (a === b) continue;
          const body = "31415926".split("");
          body[i] = String(a);
          body[i + 1] = String(b);
          const code = body.join("") + checkDigit(body.join(""));
          expect(parseTrackingCode(swap(code, i)), `${code} swapped at ${i}`).toEqual({ ok: false, reason: "check_digit" });
        }
      }
    }
    for (let n = 10_000_000; n < 10_000_100; n++) {
      const code = String(n) + checkDigit(String(n));
      if (code[7] === code[8]) continue;
      expect(parseTrackingCode(swap(code, 7)), `${code} with its check digit swapped`).toEqual({ ok: false, reason: "check_digit" });
    }
  });
});

describe("reading a tracking code", () => {
  const code = newTrackingCode();

  it("accepts Persian digits", () => {
    expect(parseTrackingCode(persian(code))).toEqual({ ok: true, code });
  });

  it("accepts Arabic-Indic digits", () => {
    expect(parseTrackingCode(arabicIndic(code))).toEqual({ ok: true, code });
  });

  it("accepts a mix of digit scripts", () => {
    const mixed = persian(code.slice(0, 3)) + arabicIndic(code.slice(3, 6)) + code.slice(6);
    expect(parseTrackingCode(mixed)).toEqual({ ok: true, code });
  });

  it("accepts the code split by spaces or dashes", () => {
    const [a, b, c] = [code.slice(0, 3), code.slice(3, 6), code.slice(6)];
    expect(parseTrackingCode(`${a} ${b} ${c}`)).toEqual({ ok: true, code });
    expect(parseTrackingCode(`${a}-${b}-${c}`)).toEqual({ ok: true, code });
    expect(parseTrackingCode(`  ${persian(a)} - ${persian(b)} - ${persian(c)}\n`)).toEqual({ ok: true, code });
  });

  it("accepts the en dashes phone keyboards put in place of a hyphen", () => {
    expect(parseTrackingCode(`${code.slice(0, 3)}–${code.slice(3, 6)}—${code.slice(6)}`)).toEqual({ ok: true, code });
  });

  it("accepts a code copied out of Persian text with invisible direction marks", () => {
    expect(parseTrackingCode(`\u200f${persian(code)}\u200e`)).toEqual({ ok: true, code });
    expect(parseTrackingCode(`\u2068${persian(code)}\u2069`)).toEqual({ ok: true, code });
  });

  it("calls a code with too few or too many digits a format error", () => {
    expect(parseTrackingCode(code.slice(0, 8))).toEqual({ ok: false, reason: "format" });
    expect(parseTrackingCode(code + "1")).toEqual({ ok: false, reason: "format" });
    expect(parseTrackingCode(persian(code.slice(0, 5)))).toEqual({ ok: false, reason: "format" });
  });

  it("calls empty input or words a format error", () => {
    expect(parseTrackingCode("")).toEqual({ ok: false, reason: "format" });
    expect(parseTrackingCode("   ")).toEqual({ ok: false, reason: "format" });
    expect(parseTrackingCode("کد من")).toEqual({ ok: false, reason: "format" });
    expect(parseTrackingCode(`کد ${code}`)).toEqual({ ok: false, reason: "format" });
  });

  it("does not take other scripts' digit-like characters as digits", () => {
    expect(parseTrackingCode("１２３４５６７８９")).toEqual({ ok: false, reason: "format" });
  });
});

describe("showing a tracking code", () => {
  it("uses Persian digits for Persian", () => {
    expect(displayTrackingCode("123456789", "fa")).toBe("۱۲۳۴۵۶۷۸۹");
  });

  it("keeps Latin digits for English", () => {
    expect(displayTrackingCode("123456789", "en")).toBe("123456789");
  });

  it("shows a code that reads back as the same code", () => {
    const code = newTrackingCode();
    expect(parseTrackingCode(displayTrackingCode(code, "fa"))).toEqual({ ok: true, code });
  });
});

describe("a tracking code in a message", () => {
  it("is grouped in threes with no-break spaces and isolated left to right (LRI … PDI)", () => {
    expect(groupedTrackingCode("123456789", "fa")).toBe("۱۲۳\u00A0۴۵۶\u00A0۷۸۹");
    expect(trackingCodeInText("123456789", "fa")).toBe("\u2066۱۲۳\u00A0۴۵۶\u00A0۷۸۹\u2069");
    expect(trackingCodeInText("123456789", "en")).toBe("\u2066123\u00A0456\u00A0789\u2069");
  });

  it("is read back as shown, copied with its isolates, or typed with spaces or dashes", () => {
    const code = newTrackingCode();
    for (const typed of [trackingCodeInText(code, "fa"), groupedTrackingCode(code, "fa"), `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`, `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`]) {
      expect(parseTrackingCode(typed)).toEqual({ ok: true, code });
    }
  });
});
