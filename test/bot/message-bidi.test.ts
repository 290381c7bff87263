import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { translator } from "../../bot/translator.ts";

// Every message template, rendered with a phone and a code in each of its values: each shows them isolated
// left to right, so a Persian line never reads «تلفن: ۹۸۹۱۲۳۴۵۶۷۸۹+» (the member card did) or a code's
// parts right to left. The isolation is the translator's, for every value, so no template can miss it.

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bot/locales");
const LRI = "\u2066";
const PDI = "\u2069";

/** Each message of a locale with the variables it takes. */
function templates(locale: "fa" | "en"): Map<string, string[]> {
  const files = [path.join(root, `${locale}.ftl`), ...readdirSync(path.join(root, locale)).map((f) => path.join(root, locale, f))];
  const out = new Map<string, string[]>();
  for (const file of files) {
    let current: string[] | null = null;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const key = /^([a-z][a-z0-9-]*)\s*=/.exec(line);
      if (key) out.set(key[1], (current = []));
      else if (line !== "" && !/^\s/.test(line)) current = null;
      for (const v of line.matchAll(/\{\s*\$([a-zA-Z][\w-]*)/g)) if (current && !current.includes(v[1])) current.push(v[1]);
    }
  }
  return out;
}

const VALUES = {
  "a phone with its country code": "+989123456789",
  "a grouped landline": "026 3456 7890",
  "a code of Latin letters and digits": "HMY7K2Q9XZ4P",
  "a file name": "bakhshname.pdf",
};

describe("every message isolates phones and codes", () => {
  for (const locale of ["fa", "en"] as const) {
    const t = translator(locale);
    const all = [...templates(locale)].filter(([, vars]) => vars.length > 0);
    for (const [what, value] of Object.entries(VALUES)) {
      // A Latin name or code needs its isolate only inside Persian.
      if (locale === "en" && /[A-Za-z]/.test(value)) continue;
      it(`${locale}: ${what} in each of ${all.length} templates`, () => {
        const bare: string[] = [];
        for (const [key, vars] of all) {
          const text = t(key, Object.fromEntries(vars.map((v) => [v, value])));
          const shown = text.split(value).length - 1;
          const isolated = text.split(`${LRI}${value}${PDI}`).length - 1;
          if (shown !== isolated) bare.push(`${key}: ${text.replace(/\n/g, " ⏎ ").slice(0, 120)}`);
        }
        expect(all.length).toBeGreaterThan(150);
        expect(bare).toEqual([]);
      });
    }
  }

  it("leaves plain numbers and Persian words as they are", () => {
    const t = translator("fa");
    expect(t("consult-options-count", { count: "۱", max: "۶" })).toBe("۱ گزینه رسید؛ ۲ تا ۶ گزینه لازم است. گزینه‌ها را با ویرگول (، یا ,) یا سطر تازه از هم جدا کنید.");
    expect(t("member-registered", { name: "حلقهٔ بانوان کرج" })).toBe("✅ «حلقهٔ بانوان کرج» در شبکه ثبت شد.");
  });

  it("shows a network member's phone left to right, its «+» before the digits", () => {
    const card = translator("fa")("member-card", { name: "علی", kind: "همیار", form: "فرد", domain: "اجتماعی", phone: "+۹۸۹۱۲۳۴۵۶۷۸۹", notes: "—", state: "فعال" });
    expect(card).toContain(`تلفن: ${LRI}+۹۸۹۱۲۳۴۵۶۷۸۹${PDI}`);
  });
});
