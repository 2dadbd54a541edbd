/**
 * How many of the people asked have confirmed a must-read item: the table on the
 * "Read and confirmed" pages, per item or per department. The first cell of a row names
 * it (a row header); the last columns are always asked, confirmed and % complete. With
 * `inPerson` (decision 123) the table also says how many were briefed in person and how
 * many were reached either way, and % complete counts both.
 */
import type { ReactNode } from "react";
import { ScrollTable } from "~/components/ScrollTable";

export type CompletionRow = {
  key: string | number; label: ReactNode; cells?: ReactNode[]; inScope: number; confirmed: number; percent: number;
  briefed?: number; reached?: number;
};

export function CompletionTable({ caption, columns, rows, inPerson = false }: { caption: string; columns: string[]; rows: CompletionRow[]; inPerson?: boolean }) {
  return (
    <ScrollTable caption={caption} captionHidden className="completion-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <th scope="col" className="numeric">Asked</th>
          <th scope="col" className="numeric">{inPerson ? "Confirmed online" : "Confirmed"}</th>
          {inPerson ? (
            <>
              <th scope="col" className="numeric">Briefed in person</th>
              <th scope="col" className="numeric">Reached (either)</th>
            </>
          ) : null}
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
            {inPerson ? (
              <>
                <td className="numeric">{r.briefed ?? 0}</td>
                <td className="numeric">{r.reached ?? r.confirmed}</td>
              </>
            ) : null}
            <td className="numeric">{r.percent}%</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
