import { Link } from "~/components/Link";
import { DateText } from "./DateText";

export type PolicyChangeEntry = {
  slug: string;
  title: string;
  reference: string | null;
  version: number;
  effectiveOn: string;
  whatChanged: string;
  isMaterial: number;
  publishedAt: string;
  /** Set by the loader: the effective date is after today. */
  upcoming?: boolean;
};

/** Policy versions with what changed and when they take effect. */
export function PolicyChangeList({
  changes, headingLevel = 3, empty, compact = false,
}: { changes: PolicyChangeEntry[]; headingLevel?: 2 | 3; empty: string; /** Short entries (the home page): what changed only on wide screens. */ compact?: boolean }) {
  if (changes.length === 0) return <p className="muted">{empty}</p>;
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <ul className={compact ? "item-list item-list--compact" : "item-list"}>
      {changes.map((c) => (
        <li key={`${c.slug}:${c.version}`}>
          <H>
            <Link to={`/policies/${c.slug}${c.version ? `?version=${c.version}` : ""}`}>
              {c.title}
              <span className="visually-hidden">, version {c.version}</span>
            </Link>
          </H>
          <p className="item-meta">
            {c.isMaterial ? <strong className="tag">Important change</strong> : null}
            {c.reference ? <span className="policy-ref">{c.reference} · </span> : null}Version {c.version} · {c.upcoming ? "Takes effect" : "Took effect"}{" "}
            <DateText value={c.effectiveOn} />
          </p>
          <p className="item-list__summary">
            <span className="change-label">What changed: </span>
            {c.whatChanged || (c.version === 1 ? "First version." : "No summary given.")}
          </p>
        </li>
      ))}
    </ul>
  );
}
