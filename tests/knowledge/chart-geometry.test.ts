/**
 * Line charts leave room for their y axis: the widest tick label ends 8 units before the
 * axis and starts after the turned axis title. With the demo's real figures ("4,000" views
 * a day) the labels ran into the title "Views" when the plot always started at 56.
 */
import { describe, expect, it } from "vitest";
import { lineChart, TICK_CHARACTER_WIDTH, Y_TITLE_ROOM } from "~/components/charts/geometry.server";

const chart = (values: number[], formatY?: (n: number) => string) =>
  lineChart({ id: "c", title: "t", description: "d", xLabels: values.map((_, i) => `day ${i}`), series: [{ name: "Views", values }], yLabel: "Views", formatY });

describe("a line chart's y axis", () => {
  it.each([
    ["small numbers", [1, 5, 3]],
    ["thousands", [60, 3_754, 1_200, 25]],
    ["hundreds of thousands", [120_000, 480_000]],
  ])("keeps tick labels clear of the axis title: %s", (_, values) => {
    const model = chart(values);
    const widest = Math.max(...model.yTicks.map((t) => t.label.length)) * TICK_CHARACTER_WIDTH;
    expect(model.plot.left - 8 - widest).toBeGreaterThanOrEqual(Y_TITLE_ROOM);
    // The points still sit inside the plot.
    for (const p of model.series[0].points) expect(p.x).toBeGreaterThanOrEqual(model.plot.left);
  });

  it("keeps the usual margin for short labels, such as percentages", () => {
    expect(chart([10, 90], (n) => `${n}%`).plot.left).toBeLessThanOrEqual(80);
    expect(chart([1, 2]).plot.left).toBe(56);
  });
});
