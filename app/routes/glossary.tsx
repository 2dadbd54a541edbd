/**
 * /glossary — council jargon and abbreviations A to Z, from content/glossary. Each term
 * has an anchor (/glossary#dbs) that search results and the typeahead link to.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { listGlossaryTerms } from "~/models/glossary.server";
import { requireUser } from "~/utils/auth.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Glossary of council terms");

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");

function letterOf(term: string): string {
  const first = term.normalize("NFKD").charAt(0).toUpperCase();
  return LETTERS.includes(first) ? first : "#";
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const terms = await listGlossaryTerms();
  const groups: { letter: string; terms: { slug: string; term: string; standsFor: string; also: string[]; definitionHtml: string }[] }[] = [];
  for (const t of terms) {
    const letter = letterOf(t.term);
    let group = groups.find((g) => g.letter === letter);
    if (!group) groups.push((group = { letter, terms: [] }));
    group.terms.push({ slug: t.slug, term: t.term, standsFor: t.standsFor, also: t.also, definitionHtml: t.definitionHtml });
  }
  groups.sort((a, b) => (a.letter === "#" ? 1 : b.letter === "#" ? -1 : a.letter.localeCompare(b.letter)));
  return json({ groups, count: terms.length });
}

export default function Glossary() {
  const { groups, count } = useLoaderData<typeof loader>();
  const present = new Set(groups.map((g) => g.letter));
  return (
    <>
      <Breadcrumbs items={[{ label: "Glossary" }]} />
      <h1>Glossary of council terms</h1>
      <p className="lede">What the abbreviations and jargon you meet at the council mean. Search understands them too: searching for “DBS” also finds pages that say “criminal record check”.</p>
      <nav aria-label="Glossary letters" className="glossary-letters">
        <ul>
          {LETTERS.map((l) => (
            <li key={l}>
              {present.has(l) ? (
                <a href={`#letter-${l}`}>
                  {l}
                </a>
              ) : (
                <span className="muted" aria-hidden="true">
                  {l}
                </span>
              )}
            </li>
          ))}
          {present.has("#") ? (
            <li>
              <a href="#letter-other">0–9</a>
            </li>
          ) : null}
        </ul>
      </nav>
      {count === 0 ? <p className="muted">There are no terms in the glossary yet.</p> : null}
      {groups.map((g) => (
        <section key={g.letter} aria-labelledby={`letter-${g.letter === "#" ? "other" : g.letter}`} className="glossary-group">
          <h2 id={`letter-${g.letter === "#" ? "other" : g.letter}`}>{g.letter === "#" ? "0–9 and symbols" : g.letter}</h2>
          <dl className="glossary-list">
            {g.terms.map((t) => (
              <div key={t.slug} id={t.slug} className="glossary-list__entry">
                <dt>
                  <dfn>{t.term}</dfn>
                  {t.standsFor && t.standsFor.toLowerCase() !== t.term.toLowerCase() ? <span className="glossary-list__stands-for">{t.standsFor}</span> : null}
                </dt>
                <dd>
                  <div className="prose" dangerouslySetInnerHTML={{ __html: t.definitionHtml }} />
                  {t.also.length ? <p className="muted">Also called: {t.also.join(", ")}</p> : null}
                  <p>
                    <Link to={`/search?q=${encodeURIComponent(t.term)}`}>
                      Pages about {t.term}
                    </Link>
                  </p>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
