import { describe, expect, it } from "vitest";
import { chartPng, stackedChartsPng, svgToPng } from "../../charts/chart-png.ts";
import { chartSvg } from "../../charts/chart-svg.ts";

// Charts drawn on the server: ECharts' SVG in Persian (digits, right to left), rasterised with Vazirmatn.

const bars = { kind: "bar" as const, horizontal: true, title: "پرونده‌ها به تفکیک دستگاه", categories: ["شهرداری", "آب و فاضلاب"], series: [{ name: "ثبت‌شده", values: [1250, 80] }] };
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
/** The PNG's size in bytes: a white image compresses to almost nothing, drawn words do not. */
const pngBytes = (svgText: string) => svgToPng(svgText, 1).length;

describe("charts", () => {
  it("write Persian digits and the title anchored at the right edge", () => {
    const svg = chartSvg(bars);
    expect(svg).toContain("۱۲۵۰");
    expect(svg).not.toMatch(/>1250</);
    // Anchored at its end 16 px from the right edge of the 800 px chart, whatever the words measure.
    expect(svg).toMatch(/<text[^>]*text-anchor="end"[^>]*translate\(784 [^>]*>پرونده‌ها به تفکیک دستگاه</);
  });

  it("put the first category on the right-hand reading start: top of a horizontal bar chart, right of a column chart", () => {
    const svg = chartSvg({ ...bars, horizontal: false });
    const x = (label: string) => Number(new RegExp(`transform="translate\\(([\\d.]+) [\\d.]+\\)"[^>]*>${label}<`).exec(svg)?.[1] ?? NaN);
    expect(x("شهرداری")).toBeGreaterThan(x("آب و فاضلاب"));
  });

  it("draw a pie's figures whole at the dashboard's phone width, and no label for an empty slice", () => {
    const outcome = ["پاسخ داده‌شده، باز", "رفع شد", "رفع نشد", "خارج از حیطه", "تکراری", "بی‌پاسخ"];
    for (const width of [480, 640, 800]) {
      const svg = chartSvg({ kind: "pie", width, title: "نتیجهٔ پرونده‌ها", categories: outcome, series: [{ name: "ثبت‌شده", values: [1, 1, 0, 0, 0, 0] }] });
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      // «۱ (۵…» was what ECharts made of «۱ (۵۰٪)» for want of room it measured without the font.
      expect(texts.filter((t) => t.includes("٪")), `width ${width}`).toEqual(["۱ (۵۰٪)", "۱ (۵۰٪)"]);
      expect(texts.some((t) => t.includes("…") || t.includes("...")), `width ${width}`).toBe(false);
      for (const name of outcome) expect(texts).toContain(name);
    }
  });

  it("cut a long label with the ellipsis at its end", () => {
    const svg = chartSvg({ ...bars, categories: ["سازمان مدیریت و برنامه‌ریزی استان تهران", "آب"] });
    expect(svg).toContain("…\u200f");
  });

  it("render as PNG with the Persian font: the words take ink, and stacked charts make one taller image", () => {
    const one = chartPng(bars);
    expect(one.subarray(1, 4).toString()).toBe("PNG");
    expect(pngSize(one).width).toBe(1600);
    const stacked = stackedChartsPng([bars, { kind: "pie", title: "نوع", categories: ["شکایت", "درخواست"], series: [{ name: "n", values: [3, 1] }] }], 1);
    expect(pngSize(stacked).height).toBeGreaterThan(pngSize(chartPng(bars)).height / 2 + 300);
    // The same picture with and without words: with Vazirmatn loaded the words draw, so the file grows.
    const words = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="#fff"/><text x="290" y="40" text-anchor="end" font-family="Vazirmatn" font-size="24">سلام دنیا</text></svg>`;
    const blank = words.replace("سلام دنیا", "");
    expect(pngBytes(words)).toBeGreaterThan(pngBytes(blank) + 300);
  });
});
