import type { ReactNode } from "react";
import type { ChartBase } from "./geometry.server";

/**
 * The accessible frame every chart shares: an SVG image named by its <title> and described
 * by its <desc> (which states the figures in words), scaled to the width available.
 */
export function ChartFrame({ model, children, legend }: { model: ChartBase; children: ReactNode; legend?: ReactNode }) {
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${model.width} ${model.height}`}
        role="img"
        aria-labelledby={`${model.id}-title ${model.id}-desc`}
        className="chart__svg"
        focusable="false"
      >
        <title id={`${model.id}-title`}>{model.title}</title>
        <desc id={`${model.id}-desc`}>{model.description}</desc>
        {children}
      </svg>
      {legend}
    </figure>
  );
}
