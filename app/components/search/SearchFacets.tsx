import { Link } from "~/components/Link";
import { pageHref } from "~/components/Pagination";
import { TYPE_LABELS } from "./SearchResults";

export type FacetData = { types: Record<string, number>; departments: { slug: string; name: string; count: number }[] };
export type SearchFilterValues = { q: string; type: string; department: string; from: string; to: string };

/**
 * Counts per type and per department, as links that narrow the search (plain links, so
 * they work without JavaScript). The chosen one is marked as current, with a link back out.
 */
export function SearchFacets({ facets, filters }: { facets: FacetData; filters: SearchFilterValues }) {
  const types = (["guide", "policy", "announcement"] as const).filter((t) => facets.types[t]);
  const link = (change: Partial<SearchFilterValues>) => pageHref("/search", { ...filters, ...change }, 1);
  return (
    <div className="search-facets">
      <section aria-labelledby="facet-type-heading" className="card">
        <h2 id="facet-type-heading">Type</h2>
        <ul className="link-list">
          {types.map((t) => (
            <li key={t}>
              {filters.type === t ? (
                <span aria-current="true">
                  <strong>{TYPE_LABELS[t]}</strong> ({facets.types[t]}) <Link to={link({ type: "" })}>show all types</Link>
                </span>
              ) : (
                <>
                  <Link to={link({ type: t })}>{TYPE_LABELS[t]}</Link> <span className="muted">({facets.types[t]})</span>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      {facets.departments.length ? (
        <section aria-labelledby="facet-department-heading" className="card">
          <h2 id="facet-department-heading">Department</h2>
          <ul className="link-list">
            {facets.departments.map((d) => (
              <li key={d.slug}>
                {filters.department === d.slug ? (
                  <span aria-current="true">
                    <strong>{d.name}</strong> ({d.count}) <Link to={link({ department: "" })}>show all departments</Link>
                  </span>
                ) : (
                  <>
                    <Link to={link({ department: d.slug })}>{d.name}</Link> <span className="muted">({d.count})</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
