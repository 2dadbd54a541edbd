import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";
import type { SearchHit } from "~/search/types";
import { Highlighted } from "./Highlighted";

export const TYPE_LABELS = { announcement: "News", policy: "Policy", guide: "Guide" } as const;
const DATE_LABELS = { announcement: "Published", policy: "Effective", guide: "Last reviewed" } as const;

/** One page of search results: type, title, where and when, and the snippet with matches marked. */
export function SearchResults({ hits, start }: { hits: SearchHit[]; start: number }) {
  return (
    <ol className="item-list search-results" start={start}>
      {hits.map((hit) => (
        <li key={hit.id}>
          <h3 className="item-list__title">
            <Link to={hit.url}>
              <Highlighted segments={hit.title} />
            </Link>
          </h3>
          <p className="item-meta">
            <span className="tag">{TYPE_LABELS[hit.type]}</span>
            {hit.reference ? <span>{hit.reference} · </span> : null}
            {hit.department ? <span>{hit.department}</span> : null}
            {hit.date ? (
              <span>
                {hit.department ? " · " : ""}
                {DATE_LABELS[hit.type]} <DateText value={hit.date} />
              </span>
            ) : null}
          </p>
          {hit.document ? (
            <p className="search-result__document">
              Found in the document <a href={hit.document.url}>{hit.document.title}</a>:
            </p>
          ) : null}
          {hit.snippet.length ? (
            <p className="search-snippet">
              <Highlighted segments={hit.snippet} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
