/**
 * The editor's lists of pages ("Pages you can edit", "Waiting for review"): title linking
 * to the page's editor, type and department, then two columns of the list's own.
 */
import { Link } from "~/components/Link";
import type { ReactNode } from "react";
import { TYPE_LABELS, type EditorType } from "~/schemas/editor";
import { ScrollTable } from "~/components/ScrollTable";

export type EditorTableRow = { id: number; title: string; note?: ReactNode; type: EditorType; department: string | null; extra: [ReactNode, ReactNode] };

export function EditorTable({ caption, extraColumns, rows }: { caption: string; extraColumns: [string, string]; rows: EditorTableRow[] }) {
  return (
    <ScrollTable caption={caption} captionHidden className="editor-table">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Type</th>
          <th scope="col">Department</th>
          <th scope="col">{extraColumns[0]}</th>
          <th scope="col">{extraColumns[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/editor/${r.id}`}>{r.title}</Link>
              {r.note}
            </td>
            <td>{TYPE_LABELS[r.type]}</td>
            <td>{r.department ?? "–"}</td>
            <td>{r.extra[0]}</td>
            <td>{r.extra[1]}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
