/**
 * Two revisions side by side as one readable diff: changed fields in a table, then the
 * title, summary and text with additions and removals marked (in words for screen readers,
 * not by colour alone). The diff text is plain text that React escapes.
 */
import { DiffView, type DiffPart } from "~/components/DiffView";
import { ScrollTable } from "~/components/ScrollTable";

export type ComparisonData = {
  title: DiffPart[] | null;
  summary: DiffPart[] | null;
  body: DiffPart[] | null;
  fields: { key: string; label: string; from: string; to: string }[];
  identical: boolean;
};

export function ComparisonView({ data, fromLabel, toLabel, headingLevel = 2 }: { data: ComparisonData; fromLabel: string; toLabel: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  if (data.identical) return <p>These two versions are the same.</p>;
  return (
    <div className="comparison">
      <p className="hint">
        <ins className="diff-add">Added text</ins> and <del className="diff-del">removed text</del> are marked; screen readers announce where each starts and ends.
      </p>
      {data.fields.length ? (
        <>
          <H>Details that changed</H>
          <ScrollTable caption={<>Details that changed between {fromLabel} and {toLabel}</>} captionHidden>
            <thead>
              <tr>
                <th scope="col">Detail</th>
                <th scope="col">{fromLabel}</th>
                <th scope="col">{toLabel}</th>
              </tr>
            </thead>
            <tbody>
              {data.fields.map((f) => (
                <tr key={f.key}>
                  <th scope="row">{f.label}</th>
                  <td>{f.from}</td>
                  <td>{f.to}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      ) : null}
      {data.title ? (
        <>
          <H>Title</H>
          <DiffView parts={data.title} label="Changes to the title" />
        </>
      ) : null}
      {data.summary ? (
        <>
          <H>Summary</H>
          <DiffView parts={data.summary} label="Changes to the summary" />
        </>
      ) : null}
      {data.body ? (
        <>
          <H>Text</H>
          <DiffView parts={data.body} label="Changes to the text" />
        </>
      ) : null}
    </div>
  );
}
