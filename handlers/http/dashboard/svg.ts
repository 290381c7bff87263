import { esc } from "./layout.ts";

// ECharts' SVG styles its text with style="" attributes and adds a <style> element of hover rules. The
// dashboard's Content-Security-Policy allows neither (no 'unsafe-inline'), so before the SVG is inlined the
// declarations become presentation attributes, which no policy governs and which draw the same, and the
// hover rules (useless on a page without script) are dropped.
// ECharts places each label by its right end (text-anchor="end") and the words run right to left inside it;
// in a right-to-left page the SVG would inherit direction: rtl, which moves that anchor to the left end and
// pushes every Persian label past the chart's right edge. direction="ltr" on the root keeps ECharts' layout.

const PRESENTATION = new Set(["font-size", "font-family", "font-weight", "font-style", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "opacity"]);

function presentationAttributes(declarations: string): string {
  return declarations
    .split(";")
    .map((d) => d.split(":").map((s) => s.trim()))
    .filter(([name, value]) => name && value && PRESENTATION.has(name) && /^[^"<>&]*$/.test(value))
    .map(([name, value]) => `${name}="${value}"`)
    .join(" ");
}

/** The chart's SVG ready to inline under a strict CSP; scales to its box (its viewBox stays). */
export function inlineSvg(svg: string, label: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/ style="([^"]*)"/g, (_m, declarations: string) => {
      const attrs = presentationAttributes(declarations);
      return attrs ? ` ${attrs}` : "";
    })
    .replace(/^<svg width="\d+" height="\d+"/, `<svg role="img" aria-label="${esc(label)}" direction="ltr"`);
}
