import type { ReactNode } from "react";

export type Cell = string | number | { text: string; href?: string };

/**
 * The figures behind a chart (or a table on its own), with a link to download them as
 * CSV. Numbers are right-aligned and formatted for reading; the CSV has them raw.
 */
export function DataTable({
  id,
  caption,
  head,
  rows,
  csvHref,
  empty = "No figures for this period.",
  numeric = [],
}: {
  id: string;
  caption: string;
  head: string[];
  rows: Cell[][];
  csvHref?: string;
  empty?: string;
  /** Indexes of numeric columns. */
  numeric?: number[];
}) {
  return (
    <div className="data-table" id={id}>
      {rows.length === 0 ? (
        <p className="muted">
          <strong>{caption}:</strong> {empty}
        </p>
      ) : (
        <table>
          <caption>{caption}</caption>
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
                {row.map((cell, c) => {
                  const content: ReactNode = typeof cell === "object" ? cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text : typeof cell === "number" ? cell.toLocaleString("en-GB") : cell;
                  return c === 0 ? (
                    <th key={c} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={c} className={numeric.includes(c) ? "numeric" : undefined}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
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
