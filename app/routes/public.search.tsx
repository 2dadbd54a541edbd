/**
 * /public/search?q= — search for visitors who are not signed in: only public items (the
 * audience rule for a viewer of `null`), linking to their public pages, no glossary, not
 * counted in search insight. 404 while public pages are switched off (decision 091).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs, PUBLIC_PAGES_HOME } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { SearchResults } from "~/components/search/SearchResults";
import { getPublicTier } from "~/commands/public-pages.server";
import { positiveIntParam } from "~/schemas/reading-query";
import { notFound } from "~/utils/http.server";
import { searchItems } from "~/utils/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.query ? `${data.query}: public pages search` : "Search public pages");

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getPublicTier()).on) throw notFound("There are no public pages here. Staff can sign in to the intranet.");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const page = positiveIntParam(url, "page") ?? 1;
  const result = await searchItems(null, { q, page, record: false });
  return json({
    status: result.status,
    query: result.query,
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    pageSize: result.pageSize,
    didYouMean: result.didYouMean,
    hits: result.hits.map((h) => ({ ...h, url: `/public${h.url}` })),
  });
}

export default function PublicSearch() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs home={PUBLIC_PAGES_HOME} items={[{ label: "Search" }]} />
      <h1>Search public pages</h1>
      <form method="get" action="/public/search" className="search-form" role="search">
        <div className="search-form__row">
          <label htmlFor="public-search-q" className="visually-hidden">
            Search public pages
          </label>
          <input id="public-search-q" name="q" type="search" defaultValue={data.query} maxLength={200} />
          <button type="submit" className="button">
            Search
          </button>
        </div>
      </form>
      {data.status === "starting" ? <p>Search is getting ready. Try again in a moment.</p> : null}
      {data.didYouMean ? (
        <p>
          Did you mean <Link to={`/public/search?${new URLSearchParams({ q: data.didYouMean })}`}>{data.didYouMean}</Link>?
        </p>
      ) : null}
      {data.status === "ok" ? (
        data.hits.length ? (
          <>
            <p role="status">
              {data.total} {data.total === 1 ? "result" : "results"} for “{data.query}”
            </p>
            <h2 className="visually-hidden">Results</h2>
            <SearchResults hits={data.hits} start={(data.page - 1) * data.pageSize + 1} />
            <Pagination page={data.page} pageCount={data.pageCount} path="/public/search" query={{ q: data.query }} label="Search results pages" />
          </>
        ) : (
          <p role="status">No public pages match “{data.query}”. Staff can <Link to="/login">sign in</Link> to search the whole intranet.</p>
        )
      ) : null}
    </>
  );
}
