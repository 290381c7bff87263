import { describe, expect, it } from "vitest";
import { checkText, LIMITS } from "../../core/text-input.ts";

const limits = { min: 5, max: 20 };

describe("checking free text", () => {
  it("accepts Persian text and trims the spaces around it", () => {
    expect(checkText("  تأخیر در پرداخت مستمری \n", LIMITS.subject)).toEqual({ ok: true, text: "تأخیر در پرداخت مستمری" });
  });

  it("keeps half-spaces, tabs and line breaks inside the text", () => {
    const text = "درخواست\u200cها:\n\t۱. آب\n\t۲. برق";
    expect(checkText(text, LIMITS.description)).toEqual({ ok: true, text });
  });

  it("calls text empty when there is nothing but spaces and line breaks", () => {
    expect(checkText("", limits)).toEqual({ ok: false, error: "empty" });
    expect(checkText("   \n\t \r\n\u00a0", limits)).toEqual({ ok: false, error: "empty" });
  });

  it("rejects text of only emoji", () => {
    expect(checkText("😀😀", { min: 1, max: 20 })).toEqual({ ok: false, error: "no_words" });
  });

  it("rejects text of only punctuation", () => {
    expect(checkText("؟؟؟!!! ...", { min: 1, max: 20 })).toEqual({ ok: false, error: "no_words" });
  });

  it("accepts text of only digits, such as a number asked for", () => {
    expect(checkText("۱۲۳۴۵", limits)).toEqual({ ok: true, text: "۱۲۳۴۵" });
  });

  it("rejects a right-to-left override that makes the text read differently", () => {
    expect(checkText("پرداخت \u202eشد\u202c نشد", limits)).toEqual({ ok: false, error: "hidden_chars" });
  });

  it("rejects every bidi embedding and override", () => {
    for (const mark of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]) {
      expect(checkText(`متن ${mark}نمونه`, limits), `U+${mark.codePointAt(0)!.toString(16)}`).toEqual({ ok: false, error: "hidden_chars" });
    }
  });

  it("removes the direction isolates Android wraps around copied text, keeping the words", () => {
    expect(checkText("\u2068کمبود معلم\u2069 در مدرسه", limits)).toEqual({ ok: true, text: "کمبود معلم در مدرسه" });
  });

  it("rejects control characters", () => {
    for (const control of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b"]) {
      expect(checkText(`متن${control}نمونه`, limits), `U+${control.codePointAt(0)!.toString(16)}`).toEqual({ ok: false, error: "hidden_chars" });
    }
  });

  it("accepts the right-to-left and left-to-right marks Persian text uses", () => {
    expect(checkText("نسخه\u200f Android\u200e ۱۲", limits)).toEqual({ ok: true, text: "نسخه\u200f Android\u200e ۱۲" });
  });

  it("rejects text shorter than the minimum", () => {
    expect(checkText("سلام", limits)).toEqual({ ok: false, error: "too_short" });
  });

  it("accepts text exactly at the minimum and the maximum", () => {
    expect(checkText("سلام!", limits)).toEqual({ ok: true, text: "سلام!" });
    expect(checkText("ب".repeat(20), limits)).toEqual({ ok: true, text: "ب".repeat(20) });
  });

  it("rejects text longer than the maximum", () => {
    expect(checkText("ب".repeat(21), limits)).toEqual({ ok: false, error: "too_long" });
  });

  it("counts an emoji as one character", () => {
    // Each 😀 is two UTF-16 units; counted as code points this is 20 characters, within the limit.
    const text = "سلام " + "😀".repeat(14) + "!";
    expect(text.length).toBe(34);
    expect(checkText(text, limits)).toEqual({ ok: true, text });
    expect(checkText(text + "😀", limits)).toEqual({ ok: false, error: "too_long" });
  });

  it("does not count the trimmed spaces toward the length", () => {
    expect(checkText("   " + "ب".repeat(20) + "   ", limits)).toEqual({ ok: true, text: "ب".repeat(20) });
  });

  it("turns Windows and old Mac line breaks into \\n", () => {
    expect(checkText("خط اول\r\nخط دوم\rخط سوم", LIMITS.description)).toEqual({ ok: true, text: "خط اول\nخط دوم\nخط سوم" });
  });
});

describe("the text limits", () => {
  it("let a subject be a short line and a description a long message", () => {
    expect(checkText("آب قطع", LIMITS.subject).ok).toBe(true);
    expect(checkText("ب".repeat(121), LIMITS.subject)).toEqual({ ok: false, error: "too_long" });
    expect(checkText("آب قطع است", LIMITS.description)).toEqual({ ok: false, error: "too_short" });
    expect(checkText("ب".repeat(3000), LIMITS.description).ok).toBe(true);
  });
});
