import type { ReactNode } from "react";
import { formatDate } from "~/utils/dates";
import { ScrollTable } from "~/components/ScrollTable";

export type Cell = string | number | { text: string; href?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function CellContent({ cell }: { cell: Cell }): ReactNode {
  if (typeof cell === "object") return cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text;
  if (typeof cell === "number") return cell.toLocaleString("en-GB");
  if (DAY.test(cell)) return <time dateTime={cell}>{formatDate(cell)}</time>;
  return cell;
}

/**
 * The figures behind a chart (or a table on its own), with a link to download them as
 * CSV. Numbers are right-aligned and formatted for reading, days read "3 November 2026";
 * the CSV has them raw. Long tables behind a chart can start folded away.
 */
export function DataTable({
  id,
  caption,
  head,
  rows,
  csvHref,
  empty = "No figures for this period.",
  numeric = [],
  collapsed = false,
}: {
  id: string;
  caption: string;
  head: string[];
  rows: Cell[][];
  csvHref?: string;
  empty?: string;
  /** Indexes of numeric columns. */
  numeric?: number[];
  /** Start folded under "Show the figures" (the chart above says the same). */
  collapsed?: boolean;
}) {
  const table = (
    <ScrollTable caption={caption}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={numeric.includes(i) ? "numeric" : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>
            {row.map((cell, c) =>
              c === 0 ? (
                <th key={c} scope="row">
                  <CellContent cell={cell} />
                </th>
              ) : (
                <td key={c} className={numeric.includes(c) ? "numeric" : undefined}>
                  <CellContent cell={cell} />
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
  return (
    <div className="data-table" id={id}>
      {rows.length === 0 ? (
        <p className="muted">
          <strong>{caption}:</strong> {empty}
        </p>
      ) : collapsed ? (
        <details className="data-table__details">
          <summary>Show the figures: {caption.charAt(0).toLowerCase() + caption.slice(1)}</summary>
          {table}
        </details>
      ) : (
        table
      )}
      {csvHref ? (
        <p className="data-table__download">
          <a href={csvHref} download>
            Download “{caption}” as CSV
          </a>
        </p>
      ) : null}
    </div>
  );
}
