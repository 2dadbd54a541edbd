/**
 * /search?q=…&type=…&department=…&from=…&to=…&page=… — results the viewer may open,
 * with facets, snippets, "did you mean" and glossary definitions. Any text is safe to
 * search for; odd filter values are ignored (dates that are not real dates are reported
 * next to the field), never an error page.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { DateInput } from "~/components/DateInput";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { Pagination, pageHref } from "~/components/Pagination";
import { GlossaryCard } from "~/components/search/GlossaryCard";
import { SearchFacets } from "~/components/search/SearchFacets";
import { SearchResults, TYPE_LABELS } from "~/components/search/SearchResults";
import { openDepartments } from "~/presenters/shared-lists.server";
import { checkDate, firstPartInError, readDateParts, type DateParts } from "~/schemas/date-input";
import { slugParam } from "~/schemas/reading-query";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { searchItems } from "~/utils/search.server";
import { AskForKnowledge } from "~/components/knowledge/AskForKnowledge";
import { PeopleResults } from "~/components/search/PeopleResults";
import { cardView } from "~/presenters/people.server";
import { searchPeople } from "~/utils/people-search.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const TypeSchema = z.enum(["announcement", "policy", "guide"]);
/** A date filter's Day, Month and Year boxes (or `from=YYYY-MM-DD` in a link): the day, the boxes as typed, and any problem. */
function dayParam(url: URL, name: "from" | "to"): { value: string; parts: DateParts; error?: string } {
  const parts = readDateParts(url.searchParams, name);
  const r = checkDate(parts, name === "from" ? "From date" : "To date");
  return r.ok ? { value: r.value ?? "", parts } : { value: "", parts, error: r.message };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.query ? `Search: ${data.query}` : "Search");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const type = TypeSchema.safeParse(url.searchParams.get("type")).data ?? "";
  const department = slugParam(url, "department") ?? "";
  const from = dayParam(url, "from");
  const to = dayParam(url, "to");
  const errors: Record<string, string> = {};
  if (from.error) errors.from = from.error;
  if (to.error) errors.to = to.error;
  if (from.value && to.value && from.value > to.value) errors.to = "The end date must be the same as or after the start date";
  const dates = errors.to ? { from: from.value, to: "" } : { from: from.value, to: to.value };
  const page = pageParam(url);
  const q = url.searchParams.get("q") ?? "";
  // People are their own group, on the first page of an unfiltered-by-type search (issue 20).
  const peopleWanted = page === 1 && !type && typeof q === "string" && q.trim().length > 0;
  const [results, departments, people] = await Promise.all([
    searchItems(user, {
      q: url.searchParams.get("q") ?? "",
      type: type || null,
      department: department || null,
      from: dates.from || null,
      to: dates.to || null,
      page,
      record: true,
    }),
    getDb().then((db) => openDepartments(db, user.sight)),
    peopleWanted ? searchPeople(q, 5) : Promise.resolve({ total: 0, people: [] }),
  ]);
  return json({
    ...results,
    filters: { q: results.query, type, department, from: from.value, to: to.value && !errors.to ? to.value : "" },
    dates: { from: from.parts, to: to.parts },
    errors,
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    people: {
      total: people.total,
      list: people.people.map((p) => ({ ...cardView(p), matchedExpertise: p.matchedExpertise })),
    },
  });
}

export default function Search() {
  const data = useLoaderData<typeof loader>();
  const { filters, errors } = data;
  const errorList = Object.entries(errors);
  const filtered = !!(filters.type || filters.department || filters.from || filters.to);
  return (
    <>
      <Breadcrumbs items={[{ label: "Search" }]} />
      <h1>{data.query ? "Search results" : "Search the intranet"}</h1>
      {errorList.length ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                <a href={`#search-${field}-${firstPartInError(data.dates[field as "from" | "to"], message)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="get" action="/search" className="search-form" role="search" aria-label="Search and filter">
        <div className="form-group search-form__query">
          <label htmlFor="search-q">Search for</label>
          <div className="search-form__row">
            <input id="search-q" name="q" type="search" defaultValue={filters.q} maxLength={200} autoComplete="off" />
            <button type="submit" className="button">
              Search
            </button>
          </div>
        </div>
        <div className="filters search-filters">
          <div>
            <label htmlFor="search-type">Type</label>
            <select id="search-type" name="type" defaultValue={filters.type}>
              <option value="">All types</option>
              {(["guide", "policy", "announcement"] as const).map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="search-department">Department</label>
            <select id="search-department" name="department" defaultValue={filters.department}>
              <option value="">All departments</option>
              {data.departments.map((d) => (
                <option key={d.slug} value={d.slug}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          {(["from", "to"] as const).map((field) => (
            <DateInput key={field} id={`search-${field}`} name={field} legend={field === "from" ? "From date" : "To date"} value={data.dates[field]} error={errors[field]} compact />
          ))}
          <button type="submit" className="button button--secondary">
            Apply filters
          </button>
          {filtered ? <Link to={pageHref("/search", { q: filters.q }, 1)}>Clear filters</Link> : null}
        </div>
      </form>

      {data.status === "starting" ? (
        <p className="notice" role="status">
          Search is getting ready. Please try again in a moment.
        </p>
      ) : null}

      {data.glossary.map((g) => (
        <GlossaryCard key={g.slug} entry={g} />
      ))}

      {data.didYouMean ? (
        <p className="search-did-you-mean">
          Did you mean <Link to={pageHref("/search", { ...filters, q: data.didYouMean }, 1)}>{data.didYouMean}</Link>?
        </p>
      ) : null}

      {data.status === "ok" && data.total > 0 ? <PeopleResults people={data.people.list} total={data.people.total} query={data.query} zeroResults={false} /> : null}

      {data.status === "ok" ? (
        <div className="layout-sidebar search-layout">
          <section aria-labelledby="results-heading">
            <h2 id="results-heading">
              {data.total === 0 ? "No results" : data.total === 1 ? "1 result" : `${data.total} results`}
              <span className="visually-hidden"> for {data.query}</span>
            </h2>
            <p role="status" className="muted">
              {data.total === 0
                ? `Nothing you can open matches “${data.query}”${filtered ? " with these filters" : ""}.`
                : `Showing ${(data.page - 1) * data.pageSize + 1} to ${(data.page - 1) * data.pageSize + data.hits.length} of ${data.total} for “${data.query}”.`}
            </p>
            {data.total > 0 && data.complete === 0 ? (
              <p className="inset">No page has all of these words. These pages have some of them.</p>
            ) : null}
            {data.total === 0 ? (
              <div className="search-tips">
                <p>You could:</p>
                <ul>
                  <li>check the spelling, or use fewer or more general words</li>
                  {filtered ? (
                    <li>
                      <Link to={pageHref("/search", { q: filters.q }, 1)}>search again without filters</Link>
                    </li>
                  ) : null}
                  <li>
                    look up a council term in the <Link to="/glossary">glossary</Link>
                  </li>
                  <li>browse the <Link to="/guides">guides</Link> or <Link to="/policies">policies</Link></li>
                </ul>
                <PeopleResults people={data.people.list} total={data.people.total} query={data.query} zeroResults />
                <AskForKnowledge query={data.query} />
              </div>
            ) : (
              <SearchResults hits={data.hits} start={(data.page - 1) * data.pageSize + 1} />
            )}
            <Pagination page={data.page} pageCount={data.pageCount} path="/search" query={filters} label="Search results pages" />
          </section>
          {data.total > 0 || filtered ? <SearchFacets facets={data.facets} filters={filters} /> : <div />}
        </div>
      ) : null}
    </>
  );
}
