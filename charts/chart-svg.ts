import * as echarts from "echarts";
import { toPersianDigits as faDigits } from "../core/persian.ts";

// Charts as SVG, drawn by Apache ECharts' server-side renderer (no browser, no canvas): the dashboard
// inlines the SVG, the bot turns it into a PNG (chart-png.ts). Persian first: Vazirmatn, Persian digits,
// the first category and the first legend entry on the right.

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface ChartSpec {
  kind: "bar" | "line" | "pie";
  title: string;
  /** Category labels (bars, points or slices), in reading order: the first is drawn on the right. */
  categories: string[];
  /** One or more series over the categories (a pie uses the first). */
  series: ChartSeries[];
  /** Bars drawn across (long labels such as agency names read better); bar charts only. */
  horizontal?: boolean;
  width?: number;
  height?: number;
}

export const FONT_FAMILY = "Vazirmatn";
const COLORS = ["#2f6fdf", "#f0a202", "#2a9d8f", "#e76f51", "#8e5bd0", "#6c757d", "#43aa8b", "#d62828"];
const AXIS = { color: "#333", fontFamily: FONT_FAMILY, fontSize: 13 };

const faNumber = (v: number) => faDigits(Number.isInteger(v) ? String(v) : v.toFixed(1));
// ECharts measures text without the font (SSR has no canvas), so a label longer than this is cut by us.
// The mark after the ellipsis keeps it at the end of a right-to-left label (resvg lays text out left to right).
const short = (s: string, max = 22) => (s.length > max ? `${s.slice(0, max - 1)}…\u200f` : s);
/** About how wide a label of Vazirmatn 13 px is drawn, for the room kept for the labels of a right-hand axis. */
const labelWidth = (labels: string[]) => Math.ceil(Math.min(22, Math.max(4, ...labels.map((l) => l.length))) * 6.6) + 10;

/** The chart as a standalone SVG document. */
export function chartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 800;
  const height = spec.height ?? Math.max(360, spec.kind === "bar" && spec.horizontal ? 110 + spec.categories.length * 34 : 420);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...optionFor(spec, width), animation: false, color: COLORS, backgroundColor: "#ffffff", textStyle: { fontFamily: FONT_FAMILY } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function optionFor(spec: ChartSpec, width: number): echarts.EChartsCoreOption {
  // The title is drawn as a graphic anchored at its end, so it sits exactly at the right edge whatever its width.
  const title = { type: "text", right: 16, top: 12, style: { text: spec.title, fill: "#222", fontFamily: FONT_FAMILY, fontSize: 17, fontWeight: "bold", textAlign: "right" } };
  const many = spec.series.length > 1;
  // Right to left: the legend's first entry rightmost, its colour mark after the words.
  const legend = many ? { right: 16, top: 40, align: "right", data: spec.series.map((s) => s.name).reverse(), textStyle: AXIS } : undefined;
  const top = many ? 76 : 52;
  if (spec.kind === "pie") {
    const s = spec.series[0] ?? { name: "", values: [] };
    return {
      graphic: [title],
      legend: { orient: "vertical", right: 16, top: 52, align: "right", textStyle: AXIS, formatter: (name: string) => short(name) },
      series: [
        {
          type: "pie",
          name: s.name,
          center: ["38%", "56%"],
          radius: ["0%", "52%"],
          // ECharts measures labels without the font (no canvas) and cut «۱ (۵۰٪)» to «۱ (۵…» for want of
          // room it thought it lacked: the pie is drawn smaller to leave room, and nothing is cut.
          label: { fontFamily: FONT_FAMILY, fontSize: 13, overflow: "none", formatter: (p: { value: number; percent: number }) => `${faNumber(p.value)} (${faDigits(Math.round(p.percent))}٪)` },
          labelLine: { length: 10, length2: 8 },
          // An empty slice has no label: a fan of «۰ (۰٪)» lines at one point said nothing (the legend names it).
          data: spec.categories.map((name, i) => {
            const value = s.values[i] ?? 0;
            return value > 0 ? { name, value } : { name, value, label: { show: false }, labelLine: { show: false } };
          }),
        },
      ],
    };
  }
  const categoryAxis = { type: "category", data: spec.categories.map((c) => short(c)), axisLabel: { ...AXIS, interval: 0, hideOverlap: true }, axisTick: { alignWithLabel: true } };
  const valueAxis = { type: "value", minInterval: 1, axisLabel: { ...AXIS, formatter: faNumber }, splitLine: { lineStyle: { color: "#e6e6e6" } } };
  const series = spec.series.map((s) => ({
    name: s.name,
    type: spec.kind,
    data: s.values,
    barMaxWidth: 42,
    smooth: false,
    symbolSize: 7,
    label: { show: spec.categories.length <= 12, position: spec.horizontal ? "left" : "top", fontFamily: FONT_FAMILY, fontSize: 12, formatter: (p: { value: number }) => faNumber(p.value) },
  }));
  if (spec.kind === "bar" && spec.horizontal) {
    // Bars grow leftwards from the right edge, their labels right-aligned beside them: a Persian reader starts there.
    const room = labelWidth(spec.categories);
    return {
      graphic: [title],
      legend,
      grid: { top, bottom: 28, left: 48, right: 16 + room },
      xAxis: { ...valueAxis, inverse: true },
      yAxis: { ...categoryAxis, inverse: true, position: "right", axisLabel: { ...categoryAxis.axisLabel, align: "right", margin: room } },
      series,
    };
  }
  return {
    graphic: [title],
    legend,
    grid: { top: top + 8, bottom: 24, left: 16, right: 16, containLabel: true },
    xAxis: { ...categoryAxis, inverse: true, axisLabel: { ...categoryAxis.axisLabel, interval: spec.categories.length > 12 ? "auto" : 0 } },
    yAxis: { ...valueAxis, position: "right" },
    series,
  };
}
