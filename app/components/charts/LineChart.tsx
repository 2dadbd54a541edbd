import { ChartFrame } from "./ChartFrame";
import type { LineChartModel } from "./geometry.server";

/** Markers differ by shape as well as colour, so series are told apart without colour. */
const MARKERS = ["circle", "square", "triangle", "diamond"] as const;

function Marker({ kind, x, y }: { kind: (typeof MARKERS)[number]; x: number; y: number }) {
  if (kind === "circle") return <circle cx={x} cy={y} r={3.5} />;
  if (kind === "square") return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} />;
  if (kind === "triangle") return <path d={`M${x} ${y - 4.5}L${x + 4.5} ${y + 3.5}L${x - 4.5} ${y + 3.5}Z`} />;
  return <path d={`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z`} />;
}

/**
 * A line chart drawn from a model computed on the server. `role="img"` with a title and a
 * description that states the figures; the same figures are in a data table beside it.
 */
export function LineChart({ model }: { model: LineChartModel }) {
  const { plot } = model;
  const showMarkers = (model.series[0]?.points.length ?? 0) <= 45;
  return (
    <ChartFrame
      model={model}
      legend={
        model.series.length > 1 ? (
          <figcaption className="chart__legend">
            <ul>
              {model.series.map((s, i) => (
                <li key={s.name}>
                  <svg viewBox="0 0 24 12" width="24" height="12" aria-hidden="true" focusable="false" className={`chart__series chart__series--${i % 4}`}>
                    <line x1="0" x2="24" y1="6" y2="6" />
                    <Marker kind={MARKERS[i % 4]} x={12} y={6} />
                  </svg>{" "}
                  {s.name}
                </li>
              ))}
            </ul>
          </figcaption>
        ) : null
      }
    >
      <g className="chart__grid">
        {model.yTicks.map((t) => (
          <line key={`g${t.pos}`} x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} />
        ))}
      </g>
      <g className="chart__axis">
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        {model.yTicks.map((t) => (
          <text key={`y${t.pos}`} x={plot.left - 8} y={t.pos} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        ))}
        {model.xTicks.map((t) => (
          <text key={`x${t.pos}`} x={t.pos} y={plot.bottom + 20} textAnchor={t.anchor ?? "middle"}>
            {t.label}
          </text>
        ))}
        <text x={12} y={(plot.top + plot.bottom) / 2} transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`} textAnchor="middle">
          {model.yLabel}
        </text>
      </g>
      {model.series.map((s, i) => (
        <g key={s.name} className={`chart__series chart__series--${i % 4}`}>
          <path d={s.path} fill="none" />
          {showMarkers ? s.points.map((p) => <Marker key={p.label} kind={MARKERS[i % 4]} x={p.x} y={p.y} />) : null}
        </g>
      ))}
    </ChartFrame>
  );
}
