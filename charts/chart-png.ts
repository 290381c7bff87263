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
