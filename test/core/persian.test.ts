import { describe, expect, it } from "vitest";
import { cutAtWord, localDigits, matchesQuery, normalizePersian, searchKey, toAsciiDigits, toPersianDigits } from "../../core/persian.ts";
import { isolate, ltr } from "../../core/bidi.ts";

const ZWNJ = "\u200c";

describe("normalising Persian text", () => {
  it("turns Arabic yeh into Persian yeh", () => {
    expect(normalizePersian("علي")).toBe("علی");
  });

  it("turns Arabic kaf into Persian kaf", () => {
    expect(normalizePersian("كرمان")).toBe("کرمان");
  });

  it("turns alef maksura into Persian yeh", () => {
    expect(normalizePersian("موسى")).toBe("موسی");
  });

  it("turns teh marbuta into heh", () => {
    expect(normalizePersian("مدرسة")).toBe("مدرسه");
  });

  it("keeps the half-space (ZWNJ) between the parts of a word", () => {
    expect(normalizePersian(`مي${ZWNJ}خواهم`)).toBe(`می${ZWNJ}خواهم`);
  });

  it("drops zero-width spaces and byte-order marks", () => {
    expect(normalizePersian("\ufeffسلام\u200bدنیا")).toBe("سلامدنیا");
  });

  it("composes alef and a separate hamza into one letter", () => {
    expect(normalizePersian("تا\u0654مین")).toBe("تأمین");
  });

  it("keeps hamza on yeh when it was typed on Arabic yeh", () => {
    expect(normalizePersian("مسي\u0654ول")).toBe("مسئول");
  });

  it("leaves digits as typed", () => {
    expect(normalizePersian("۱۲ ١٢ 12")).toBe("۱۲ ١٢ 12");
  });

  it("leaves text that is already Persian unchanged", () => {
    const text = `درخواست پیگیری${ZWNJ}ها در کرمانشاه`;
    expect(normalizePersian(text)).toBe(text);
  });
});

describe("digits", () => {
  it("turns Persian digits into Latin digits", () => {
    expect(toAsciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
  });

  it("turns Arabic-Indic digits into Latin digits", () => {
    expect(toAsciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
  });

  it("leaves letters and Latin digits alone", () => {
    expect(toAsciiDigits("کد 12 و ۳٤")).toBe("کد 12 و 34");
  });

  it("shows Latin digits and numbers as Persian digits", () => {
    expect(toPersianDigits("0123456789")).toBe("۰۱۲۳۴۵۶۷۸۹");
    expect(toPersianDigits(1404)).toBe("۱۴۰۴");
  });

  it("uses Persian digits only for the Persian locale", () => {
    expect(localDigits("09121234567", "fa")).toBe("۰۹۱۲۱۲۳۴۵۶۷");
    expect(localDigits(42, "en")).toBe("42");
  });
});

describe("the search key", () => {
  it("treats the half-space as a space", () => {
    expect(searchKey(`می${ZWNJ}خواهم`)).toBe("می خواهم");
  });

  it("is the same for Arabic and Persian spellings", () => {
    expect(searchKey("كرماني")).toBe(searchKey("کرمانی"));
  });

  it("drops hamza, madda and diacritics from alef and waw", () => {
    expect(searchKey("تأمین")).toBe("تامین");
    expect(searchKey("آب")).toBe("اب");
    expect(searchKey("إسلام")).toBe("اسلام");
    expect(searchKey("مؤسسه")).toBe("موسسه");
    expect(searchKey("مُحَمَّد")).toBe("محمد");
  });

  it("drops tatweel", () => {
    expect(searchKey("تهـــران")).toBe("تهران");
  });

  it("uses Latin digits, lower case and single spaces", () => {
    expect(searchKey("  منطقه ۱۲ —  Tehran ")).toBe("منطقه 12 tehran");
  });
});

describe("matching a search query", () => {
  it("finds «كرمان» typed with Arabic kaf in «کرمان»", () => {
    expect(matchesQuery("کرمان", "كرمان")).toBe(true);
  });

  it("finds a name written with Arabic yeh when the query uses Persian yeh", () => {
    expect(matchesQuery("شركت ملي گاز", "شرکت ملی")).toBe(true);
  });

  it("finds «تامین» in «تأمین اجتماعی»", () => {
    expect(matchesQuery("تأمین اجتماعی", "تامین")).toBe(true);
  });

  it("finds «تأمین» in a name written without hamza", () => {
    expect(matchesQuery("سازمان تامین اجتماعی", "تأمین")).toBe(true);
  });

  it("finds both spellings of a place written with or without hamza on yeh", () => {
    expect(matchesQuery("نائین", "نایین")).toBe(true);
    expect(matchesQuery(`قائم${ZWNJ}شهر`, "قایم")).toBe(true);
    expect(matchesQuery("نایین", "نائین")).toBe(true);
  });

  it("finds a word written with a half-space when the query has a space or none", () => {
    const name = `قائم${ZWNJ}شهر`;
    expect(matchesQuery(name, "قائم شهر")).toBe(true);
    expect(matchesQuery(name, "قائمشهر")).toBe(true);
  });

  it("finds digits typed in any script", () => {
    expect(matchesQuery("منطقه ۵ شهرداری", "5")).toBe(true);
    expect(matchesQuery("منطقه 5 شهرداری", "۵")).toBe(true);
    expect(matchesQuery("منطقه ۵ شهرداری", "٥")).toBe(true);
  });

  it("needs every word of the query, in any order", () => {
    expect(matchesQuery("سازمان تأمین اجتماعی", "اجتماعی تامین")).toBe(true);
    expect(matchesQuery("سازمان تأمین اجتماعی", "تامین بهزیستی")).toBe(false);
  });

  it("matches the start of a word", () => {
    expect(matchesQuery("استانداری خراسان رضوی", "خرا")).toBe(true);
  });

  it("ignores case in Latin names", () => {
    expect(matchesQuery("Social Security Organization", "social SECURITY")).toBe(true);
  });

  it("does not find a word that is not there", () => {
    expect(matchesQuery("کرمان", "کرج")).toBe(false);
  });
});

describe("cutAtWord", () => {
  it("cuts a long question at the end of a word and marks the cut with «…»", () => {
    const q = "محل استقرار میز خدمت در دستگاه اجرایی چه ویژگی‌هایی باید داشته باشد؟";
    expect(cutAtWord(q, 30)).toBe("محل استقرار میز خدمت در…");
    expect([...cutAtWord(q, 30)].length).toBeLessThanOrEqual(30);
    expect(cutAtWord("همیار چیست؟", 30)).toBe("همیار چیست؟");
  });
});

describe("bidi isolates", () => {
  it("wraps a phone in LRI … PDI and a typed text in FSI … PDI, the isolates Telegram draws invisibly", () => {
    expect(ltr("+۹۸۹۱۲۱۲۳۴۵۶۷")).toBe("\u2066+۹۸۹۱۲۱۲۳۴۵۶۷\u2069");
    expect(isolate("SAMAD")).toBe("\u2068SAMAD\u2069");
  });
});
