import { Link } from "~/components/Link";
import { PersonList, type PersonCardProps } from "~/components/people/PersonList";

export type PersonResult = PersonCardProps & { matchedExpertise: string[] };

/** People in search results: their own group, before the pages (issue 20). */
export function PeopleResults({ people, total, query, zeroResults }: { people: PersonResult[]; total: number; query: string; zeroResults: boolean }) {
  if (people.length === 0) return null;
  // With no page found, people whose "ask me about" matches are suggested before a knowledge request.
  const experts = zeroResults && people.some((p) => p.matchedExpertise.length > 0);
  const Heading = zeroResults ? "h3" : "h2";
  return (
    <section aria-labelledby="people-results-heading" className={experts ? "inset people-results" : "people-results"}>
      <Heading id="people-results-heading">{experts ? "Someone who could help" : total === 1 ? "1 person" : `People (${total})`}</Heading>
      {experts ? <p>No page matches, but these colleagues say they know about it. You could ask them before asking for a guide.</p> : null}
      <PersonList people={people} headingLevel={zeroResults ? 4 : 3} note={(p) => ((p as PersonResult).matchedExpertise.length ? `Ask me about: ${(p as PersonResult).matchedExpertise.join(", ")}` : null)} />
      {total > people.length ? (
        <p>
          <Link to={`/people?q=${encodeURIComponent(query)}`}>See all {total} people matching “{query}”</Link>
        </p>
      ) : null}
    </section>
  );
}
