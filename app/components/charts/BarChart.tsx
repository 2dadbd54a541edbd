import { ChartFrame } from "./ChartFrame";
import type { BarChartModel } from "./geometry.server";

/** Long labels are shortened in the picture only; the data table beside it has them whole. */
function shorten(label: string, max = 27): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** A horizontal bar chart drawn from a model computed on the server; the figures are also in a table. */
export function BarChart({ model }: { model: BarChartModel }) {
  const { plot } = model;
  return (
    <ChartFrame model={model}>
      <g className="chart__grid">
        {model.xTicks.map((t) => (
          <line key={`g${t.pos}`} x1={t.pos} x2={t.pos} y1={plot.top} y2={plot.bottom} />
        ))}
      </g>
      <g className="chart__bars">
        {model.bars.map((b) => (
          <g key={`${b.label}${b.y}`}>
            <text x={plot.left - 8} y={b.y + b.height / 2} dy="0.32em" textAnchor="end" className="chart__label">
              {shorten(b.label)}
            </text>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} />
            <text x={b.x + b.width + 6} y={b.y + b.height / 2} dy="0.32em" className="chart__value">
              {b.valueLabel}
            </text>
          </g>
        ))}
      </g>
      <g className="chart__axis">
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
        {model.xTicks.map((t) => (
          <text key={`x${t.pos}`} x={t.pos} y={plot.bottom + 18} textAnchor="middle">
            {t.label}
          </text>
        ))}
        <text x={(plot.left + plot.right) / 2} y={plot.bottom + 36} textAnchor="middle">
          {model.xLabel}
        </text>
      </g>
    </ChartFrame>
  );
}
