/**
 * /public/announcements/:slug, /public/policies/:slug, /public/guides/:slug — one item
 * for a visitor who is not signed in. Shows the item itself and only other public items
 * (related pages); no owners, audiences, feedback or anything a staff audience decides.
 * 404 unless the item is public, live and the public tier is on (decision 091).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs, PUBLIC_PAGES_HOME } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { TYPE_LABELS } from "~/components/search/SearchResults";
import { RichText } from "~/components/RichText";
import { loadPublicItem } from "~/commands/public-pages.server";
import { slugFromParams } from "~/schemas/reading-query";
import { getOptionalUser } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";
import { itemPath, itemTypeOfSection } from "~/utils/item-path";


export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.item.title ?? "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const type = itemTypeOfSection(params.type);
  const page = type ? await loadPublicItem(type, slugFromParams(params.slug) ?? null) : undefined;
  if (!type || !page) throw notFound();
  const signedIn = !!(await getOptionalUser(request));
  return json({ ...page, signedIn, staffHref: itemPath(page.item.type, page.item.slug) });
}

export default function PublicItem() {
  const { item, departmentName, html, tags, related, signedIn, staffHref } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs home={PUBLIC_PAGES_HOME} items={[{ label: item.title }]} />
      <p className="item-meta">
        {TYPE_LABELS[item.type]}
        {departmentName ? ` from ${departmentName}` : ""}
        {item.reference ? ` · ${item.reference}` : ""} · <DateText value={item.publishedAt ?? item.updatedAt} />
      </p>
      <h1>{item.title}</h1>
      {item.summary ? <p className="lede">{item.summary}</p> : null}
      <RichText html={html} />
      {tags.length ? (
        <p className="item-meta">
          Tags: {tags.join(", ")}
        </p>
      ) : null}
      {related.length ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Related pages</h2>
          <ul>
            {related.map((r) => (
              <li key={r.href}>
                <Link to={r.href}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        {signedIn ? <Link to={staffHref}>Open this page in the intranet</Link> : <Link to={`/login?redirectTo=${encodeURIComponent(staffHref)}`}>Staff: sign in to the intranet</Link>}
      </p>
    </>
  );
}
