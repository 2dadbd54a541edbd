import { Link } from "~/components/Link";
import { displayName, type PersonCardProps } from "./PersonList";

type Person = PersonCardProps & { matched?: string[] };
export type WhoToAskData = { owner: Person | null; deputy: Person | null; champions: Person[]; experts: Person[] };

function Row({ person, role }: { person: Person; role: string }) {
  return (
    <li>
      <Link to={person.url}>{displayName(person)}</Link>
      <span className="item-meta">
        {" "}
        · {role}
        {person.jobTitle ? ` · ${person.jobTitle}` : ""}
      </span>
    </li>
  );
}

/** "Who to ask" on a guide (issue 20): owner, deputy, the department's champions, people who know the topics. */
export function WhoToAsk({ data }: { data: WhoToAskData | null }) {
  if (!data) return null;
  return (
    <section aria-labelledby="who-to-ask-heading" className="who-to-ask">
      <h2 id="who-to-ask-heading">Who to ask</h2>
      <ul className="plain-list">
        {data.owner ? <Row person={data.owner} role="Owns this guide" /> : null}
        {data.deputy ? <Row person={data.deputy} role="Deputy owner" /> : null}
        {data.champions.map((c) => (
          <Row key={c.id} person={c} role="Knowledge champion" />
        ))}
        {data.experts.map((e) => (
          <Row key={e.id} person={e} role={`Knows about ${(e.matched ?? []).join(", ")}`} />
        ))}
      </ul>
    </section>
  );
}
