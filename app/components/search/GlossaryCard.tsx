import { Link } from "~/components/Link";

export type GlossaryCardData = { slug: string; term: string; standsFor: string; definitionHtml: string };

/**
 * A glossary definition shown above search results. `definitionHtml` is the sanitised
 * render the importer stored (marked + sanitize-html allow-list), never raw input.
 */
export function GlossaryCard({ entry }: { entry: GlossaryCardData }) {
  const headingId = `glossary-card-${entry.slug}`;
  return (
    <section className="glossary-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <dfn>{entry.term}</dfn>
        {entry.standsFor && entry.standsFor.toLowerCase() !== entry.term.toLowerCase() ? <span>: {entry.standsFor}</span> : null}
      </h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: entry.definitionHtml }} />
      <p>
        <Link to={`/glossary#${entry.slug}`}>
          More council terms in the glossary<span className="visually-hidden"> ({entry.term})</span>
        </Link>
      </p>
    </section>
  );
}
