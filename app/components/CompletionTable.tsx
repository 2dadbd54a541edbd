/**
 * How many of the people asked have confirmed a must-read item: the table on the
 * "Read and confirmed" pages, per item or per department. The first cell of a row names
 * it (a row header); the last three columns are always asked, confirmed and % complete.
 */
import type { ReactNode } from "react";

export type CompletionRow = { key: string | number; label: ReactNode; cells?: ReactNode[]; inScope: number; confirmed: number; percent: number };

export function CompletionTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: CompletionRow[] }) {
  return (
    <table className="completion-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <th scope="col" className="numeric">Asked</th>
          <th scope="col" className="numeric">Confirmed</th>
          <th scope="col" className="numeric">Complete</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {(r.cells ?? []).map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
            <td className="numeric">{r.inScope}</td>
            <td className="numeric">{r.confirmed}</td>
            <td className="numeric">{r.percent}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
