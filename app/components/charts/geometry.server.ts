/**
 * Chart geometry, computed on the server (in loaders) with d3-scale and d3-shape, so the
 * browser receives only numbers and SVG path strings: no charting code ships to the page,
 * and charts are the same with JavaScript off. The components in this folder draw the
 * models as plain SVG (see docs/decisions/080).
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line as d3line } from "d3-shape";

export type Tick = { pos: number; label: string; anchor?: "start" | "middle" | "end" };
export type Plot = { left: number; top: number; right: number; bottom: number };

export type LineSeries = { name: string; path: string; points: { x: number; y: number; label: string; value: number }[] };
/** What every chart has: an id for its title and description, its size and plotting area. */
export type ChartBase = { id: string; title: string; description: string; width: number; height: number; plot: Plot };

export type LineChartModel = ChartBase & {
  kind: "line";
  xTicks: Tick[];
  yTicks: Tick[];
  yLabel: string;
  series: LineSeries[];
};

export type Bar = { label: string; value: number; valueLabel: string; x: number; y: number; width: number; height: number };
export type BarChartModel = ChartBase & {
  kind: "bar";
  xTicks: Tick[];
  xLabel: string;
  bars: Bar[];
  bandHeight: number;
};

const WIDTH = 600;
const number = new Intl.NumberFormat("en-GB");

export function formatNumber(n: number): string {
  return number.format(n);
}

/** Widest a character of a tick label is drawn, in the chart's units (18px text on narrow screens). */
export const TICK_CHARACTER_WIDTH = 10;
/** Where the y axis title (drawn turned, centred at x = 12) ends, with a gap before the tick labels. */
export const Y_TITLE_ROOM = 24;

/** The plot's left edge: the axis title, then the widest tick label, then 8 units to the axis. */
function yAxisWidth(labels: string[]): number {
  return Math.max(56, Y_TITLE_ROOM + 8 + TICK_CHARACTER_WIDTH * Math.max(0, ...labels.map((l) => l.length)));
}

/**
 * A line chart over labelled points along the x axis (e.g. days). Several series share the
 * axes; they are told apart by marker shape as well as colour (see LineChart).
 */
export function lineChart(input: {
  id: string;
  title: string;
  description: string;
  xLabels: string[];
  series: { name: string; values: number[] }[];
  yLabel: string;
  yMax?: number;
  formatY?: (n: number) => string;
  maxXTicks?: number;
}): LineChartModel {
  const height = 280;
  const [plotTop, plotBottom] = [16, height - 44];
  const top = Math.max(input.yMax ?? 0, ...input.series.flatMap((s) => s.values), 1);
  const y = scaleLinear().domain([0, top]).nice(5).range([plotBottom, plotTop]);
  const fmt = input.formatY ?? formatNumber;
  const yTicks = y.ticks(5).filter(Number.isInteger).map((v) => ({ pos: round(y(v)), label: fmt(v) }));
  // Room on the left for the widest tick label and, beside it, the axis title ("4,000" would run into "Views").
  const plot: Plot = { left: yAxisWidth(yTicks.map((t) => t.label)), top: plotTop, right: WIDTH - 16, bottom: plotBottom };
  const n = input.xLabels.length;
  const x = scalePoint<number>().domain(input.xLabels.map((_, i) => i)).range([plot.left, plot.right]).padding(0.2);
  const every = Math.max(1, Math.ceil(n / (input.maxXTicks ?? 6)));
  const xTicks = input.xLabels
    .map((label, i) => ({ pos: x(i) ?? plot.left, label, i }))
    .filter((t) => t.i % every === 0 || t.i === n - 1)
    .filter((t, idx, all) => !(t.i === n - 1 && idx > 0 && t.i - all[idx - 1].i < every / 2))
    // Labels at the very edges are anchored inwards so they are not cut off.
    .map(({ pos, label }) => ({
      pos: round(pos), label,
      anchor: pos > plot.right - 24 ? ("end" as const) : pos < plot.left + 24 ? ("start" as const) : ("middle" as const),
    }));
  const path = d3line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y);
  const series = input.series.map((s) => {
    const points = s.values.map((value, i) => ({ x: round(x(i) ?? plot.left), y: round(y(value)), label: input.xLabels[i], value }));
    return { name: s.name, path: path(points) ?? "", points };
  });
  return { kind: "line", id: input.id, title: input.title, description: input.description, width: WIDTH, height, plot, xTicks, yTicks, yLabel: input.yLabel, series };
}

/** A horizontal bar chart: long category names (departments, page titles) read well at any width. */
export function barChart(input: {
  id: string;
  title: string;
  description: string;
  bars: { label: string; value: number }[];
  xLabel: string;
  formatValue?: (n: number) => string;
  xMax?: number;
}): BarChartModel {
  const bandHeight = 28;
  const labelWidth = 230;
  const plot: Plot = { left: labelWidth, top: 8, right: WIDTH - 56, bottom: 8 + Math.max(1, input.bars.length) * bandHeight };
  const height = plot.bottom + 40;
  const fmt = input.formatValue ?? formatNumber;
  const band = scaleBand<number>().domain(input.bars.map((_, i) => i)).range([plot.top, plot.bottom]).padding(0.25);
  const top = Math.max(input.xMax ?? 0, ...input.bars.map((b) => b.value), 1);
  const x = scaleLinear().domain([0, top]).nice(5).range([plot.left, plot.right]);
  const xTicks = x.ticks(5).filter(Number.isInteger).map((v) => ({ pos: round(x(v)), label: fmt(v) }));
  const bars = input.bars.map((b, i) => ({
    label: b.label,
    value: b.value,
    valueLabel: fmt(b.value),
    x: plot.left,
    y: round(band(i) ?? plot.top),
    width: round(Math.max(0, x(b.value) - plot.left)),
    height: round(band.bandwidth()),
  }));
  return { kind: "bar", id: input.id, title: input.title, description: input.description, width: WIDTH, height, plot, xTicks, xLabel: input.xLabel, bars, bandHeight };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Every day from `from` to `to` (inclusive), "YYYY-MM-DD". */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let t = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  while (t <= end && out.length < 1000) {
    out.push(new Date(t).toISOString().slice(0, 10));
    t += 86_400_000;
  }
  return out;
}

const shortDay = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });
/** "3 Nov" for a "YYYY-MM-DD" day. */
export function shortDayLabel(day: string): string {
  return shortDay.format(new Date(`${day}T12:00:00Z`));
}
