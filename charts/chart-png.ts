import { createRequire } from "node:module";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { chartSvg, FONT_FAMILY, type ChartSpec } from "./chart-svg.ts";

// The bot's charts are PNG images (chat clients show no SVG): ECharts' SVG rasterised by resvg with the
// Vazirmatn files of the `vazirmatn` package, which resvg shapes correctly (joined letters, right to left).
// System fonts are not loaded, so a server without Persian fonts draws the same image.

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve("vazirmatn/package.json")), "fonts", "ttf");
const FONT_FILES = ["Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"].map((f) => path.join(fontDir, f));

/** Rasterises an SVG drawn with Vazirmatn, at `scale` times its size (2 keeps text sharp on phones). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: "zoom", value: scale }, background: "#ffffff" });
  return Buffer.from(resvg.render().asPng());
}

/** The chart as a PNG image. */
export function chartPng(spec: ChartSpec): Buffer {
  return svgToPng(chartSvg(spec));
}

/**
 * Several charts one under another as one image: a report in chat then reads as one picture, not an album.
 * At 1.25 times the drawn size: the platforms keep a photo at most 1280 pixels on its long side, so more
 * only costs rendering time (about 0.2 s for four charts).
 */
export function stackedChartsPng(specs: ChartSpec[], scale = 1.25): Buffer {
  let y = 0;
  let width = 0;
  const parts = specs.map((spec) => {
    const svg = chartSvg(spec).replace(/^<\?xml[^>]*>\s*/, "");
    const w = Number(/<svg[^>]*\swidth="(\d+)/.exec(svg)?.[1] ?? 800);
    const h = Number(/<svg[^>]*\sheight="(\d+)/.exec(svg)?.[1] ?? 400);
    const placed = svg.replace(/^<svg/, `<svg x="0" y="${y}"`);
    y += h;
    width = Math.max(width, w);
    return placed;
  });
  return svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${parts.join("")}</svg>`, scale);
}
