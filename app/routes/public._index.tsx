/**
 * /public — the page visitors who are not signed in see: what the council has marked
 * "anyone can see it without signing in", newest first, a search box, and sign in.
 * A 404 while public pages are switched off (decision 091).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { TYPE_LABELS } from "~/components/search/SearchResults";
import { Pagination } from "~/components/Pagination";
import { listPublicItems } from "~/commands/public-pages.server";
import { positiveIntParam } from "~/schemas/reading-query";
import { getOptionalUser } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";

const PER_PAGE = 20;

export const meta: MetaFunction = () => pageTitle("Public pages");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = positiveIntParam(url, "page") ?? 1;
  let listing = await listPublicItems({ limit: PER_PAGE, offset: (requested - 1) * PER_PAGE });
  if (!listing.tier.on) throw notFound("There are no public pages here. Staff can sign in to the intranet.");
  const pageCount = Math.max(1, Math.ceil(listing.total / PER_PAGE));
  const page = Math.min(requested, pageCount);
  if (page !== requested) listing = await listPublicItems({ limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  const signedIn = !!(await getOptionalUser(request));
  return json({
    signedIn,
    page,
    pageCount,
    items: listing.items.map((i) => ({ href: i.href, type: i.type, title: i.title, summary: i.summary, date: i.publishedAt ?? i.updatedAt, departmentName: i.departmentName })),
  });
}

export default function PublicIndex() {
  const { items, page, pageCount, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Public pages</h1>
      <p className="lede">News, policies and guides the council shares with anyone, without signing in.</p>
      {signedIn ? (
        <p>
          <Link to="/">Go to the intranet home page</Link>
        </p>
      ) : (
        <p>
          Work for the council? <Link to="/login">Sign in to the intranet</Link> to see everything meant for you.
        </p>
      )}
      <form method="get" action="/public/search" role="search" className="inline-form">
        <label htmlFor="public-q">Search public pages</label>
        <input id="public-q" name="q" type="search" maxLength={200} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {items.length === 0 ? (
        <p>Nothing has been shared publicly yet.</p>
      ) : (
        <ul className="item-list">
          {items.map((i) => (
            <li key={i.href}>
              <p className="item-meta">
                {TYPE_LABELS[i.type]}
                {i.departmentName ? ` from ${i.departmentName}` : ""} · <DateText value={i.date} />
              </p>
              <h2>
                <Link to={i.href}>{i.title}</Link>
              </h2>
              {i.summary ? <p>{i.summary}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} path="/public" label="Public pages" />
      <p>
        <a href="/public/feed.xml">Follow public pages in a feed reader</a>
      </p>
    </>
  );
}
