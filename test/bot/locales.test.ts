import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Persian first, English second: every message exists in both languages and takes the same variables, so
// no English user meets a raw key and no translation drops a figure (a count, a date) the other shows.

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bot/locales");

function messages(locale: string): Map<string, Set<string>> {
  const files = [path.join(root, `${locale}.ftl`), ...readdirSync(path.join(root, locale)).filter((f) => f.endsWith(".ftl")).map((f) => path.join(root, locale, f))];
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    let current: Set<string> | null = null;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const key = /^([a-z][a-z0-9-]*)\s*=/.exec(line);
      if (key) {
        current = new Set();
        out.set(key[1], current);
      } else if (line !== "" && !/^\s/.test(line)) current = null;
      for (const v of line.matchAll(/\{\s*\$([a-z]+)/g)) current?.add(v[1]);
    }
  }
  return out;
}

describe("locales", () => {
  const fa = messages("fa");
  const en = messages("en");

  it("has every Persian message in English and no English one without Persian", () => {
    expect([...fa.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !fa.has(k))).toEqual([]);
  });

  it("uses the same variables in both languages", () => {
    expect([...fa.get("follow-card")!].sort()).toEqual(["acknowledged", "audience", "blocked", "due", "failed", "issued", "issuer", "pending", "sent", "title"]);
    const differ = [...fa.keys()].filter((k) => en.has(k) && [...fa.get(k)!].sort().join() !== [...en.get(k)!].sort().join());
    expect(differ).toEqual([]);
  });

  it("never separates Persian items with «·», which reads as the zero «۰»", () => {
    const files = [path.join(root, "fa.ftl"), ...readdirSync(path.join(root, "fa")).map((f) => path.join(root, "fa", f))];
    const offending = files.flatMap((file) => readFileSync(file, "utf8").split("\n").filter((line) => line.includes("·")).map((line) => `${path.basename(file)}: ${line.trim()}`));
    expect(offending).toEqual([]);
  });
});
