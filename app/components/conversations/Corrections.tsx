import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";

type Correction = { id: number; text: string; material: boolean; createdAt: string; policyVersion: number | null };
export type CorrectionsData = { itemId: number; canCorrect: boolean; corrections: Correction[] };

/** "Corrected on …" at the top of an item, and the editors' link to record a correction. */
export function CorrectionNotice({ data }: { data: CorrectionsData }) {
  if (data.corrections.length === 0 && !data.canCorrect) return null;
  return (
    <>
      {data.corrections.length > 0 ? (
        <div className="inset correction-notice" role="note" aria-labelledby={`corrections-${data.itemId}`}>
          <h2 className="visually-hidden" id={`corrections-${data.itemId}`}>
            Corrections
          </h2>
          <ul className="plain-list">
            {data.corrections.map((c) => (
              <li key={c.id} id={`correction-${c.id}`}>
                <strong>
                  Corrected on <DateText value={c.createdAt} />:
                </strong>{" "}
                {c.text}
                {c.policyVersion ? <span className="muted"> (version {c.policyVersion})</span> : null}
              </li>
            ))}
          </ul>
          <p className="hint">
            <Link to="/corrections">All corrections</Link>
          </p>
        </div>
      ) : null}
      {data.canCorrect ? (
        <p className="no-print">
          <Link to={`/corrections/new?item=${data.itemId}`}>Record a correction</Link>
        </p>
      ) : null}
    </>
  );
}
