import { Link } from "~/components/Link";

export type PersonCardProps = {
  id: number;
  url: string;
  name: string;
  preferredName: string;
  jobTitle: string;
  departmentName: string | null;
  teamName: string | null;
  base?: string;
};

/** "Priya Shah (Pri)": the preferred name beside the official one when they differ. */
export function displayName(p: Pick<PersonCardProps, "name" | "preferredName">): string {
  return p.preferredName && p.preferredName !== p.name ? `${p.name} (${p.preferredName})` : p.name;
}

/** People as a list of links with their job title, team and department. `note` adds a line (why they are suggested). */
export function PersonList({ people, headingLevel = 3, note }: { people: PersonCardProps[]; headingLevel?: 2 | 3 | 4; note?: (p: PersonCardProps) => string | null }) {
  const H = `h${headingLevel}` as "h2" | "h3" | "h4";
  return (
    <ul className="item-list person-list">
      {people.map((p) => {
        const extra = note?.(p);
        return (
          <li key={p.id}>
            <H className="item-list__title">
              <Link to={p.url}>{displayName(p)}</Link>
            </H>
            <p className="item-meta">{[p.jobTitle, p.teamName, p.departmentName, p.base].filter(Boolean).join(" · ")}</p>
            {extra ? <p className="item-meta">{extra}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}
