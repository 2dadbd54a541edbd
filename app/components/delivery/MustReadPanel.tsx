import { Link } from "@remix-run/react";

export type MustReadEntry = { id: number; href: string; title: string; kind: "announcement" | "policy"; urgent: boolean };

/** "You have 2 things to read and confirm", with a link to each. Nothing when there is nothing to do. */
export function MustReadPanel({ items }: { items: MustReadEntry[] }) {
  if (items.length === 0) return null;
  const n = items.length;
  return (
    <section className="must-read-panel" aria-labelledby="must-read-heading">
      <h2 id="must-read-heading">
        You have {n} {n === 1 ? "thing" : "things"} to read and confirm
      </h2>
      <p>Open each one, read it, then select “I have read and understood this” at the end of the page.</p>
      <ul className="link-list">
        {items.map((i) => (
          <li key={i.id}>
            {i.urgent ? <strong className="tag tag--urgent">Urgent</strong> : null}
            <Link to={i.href}>{i.title}</Link> <span className="muted">({i.kind === "policy" ? "policy change" : "announcement"})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
