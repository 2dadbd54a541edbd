import { Link } from "~/components/Link";

/** For a search that found nothing: ask the people who write guides for what is missing. */
export function AskForKnowledge({ query, headingLevel = 3 }: { query: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const href = `/requests/new${query ? `?q=${encodeURIComponent(query.slice(0, 200))}` : ""}`;
  return (
    <div className="inset ask-for-knowledge">
      <Heading>Could not find what you need?</Heading>
      <p>
        Tell us what you were looking for. Your request goes to the knowledge champions who write guides for that service, and you
        hear back when there is an answer.
      </p>
      <p>
        <Link to={href} className="button button--secondary">
          Ask for a guide{query ? <span className="visually-hidden"> about “{query.slice(0, 200)}”</span> : null}
        </Link>
      </p>
    </div>
  );
}
