/** Beside the editor while a pre-election period covers the page: what is restricted, and the names to watch for (decision 161). */
import { Link } from "~/components/Link";
import { formatDate } from "~/utils/dates";

export type ElectionInfo = {
  periods: { id: number; title: string; pollingOn: string; scopeText: string; guide: { title: string; slug: string } | null }[];
  restrictions: string[];
  candidates: string[];
  needsApproval: boolean;
};

export function ElectionRestrictions({ info }: { info: ElectionInfo }) {
  return (
    <section className="banner banner--need-to-know election-restrictions" aria-labelledby="election-restrictions-title">
      <h2 id="election-restrictions-title">Pre-election period</h2>
      {info.periods.map((p) => (
        <p key={p.id}>
          {p.title}: until polling day, {formatDate(p.pollingOn)} (covers {p.scopeText}).{" "}
          {p.guide ? <Link to={`/guides/${p.guide.slug}`}>Read the guidance</Link> : null}
        </p>
      ))}
      <ul>
        {info.restrictions.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {info.needsApproval ? <p>This page needs a publicity reviewer's approval before it goes out.</p> : null}
      {info.candidates.length ? (
        <details>
          <summary>Names of candidates and councillors ({info.candidates.length}), marked in the preview</summary>
          <p>{info.candidates.join("; ")}</p>
        </details>
      ) : null}
    </section>
  );
}
