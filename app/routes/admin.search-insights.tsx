/**
 * /admin/search-insights — for communications editors and administrators: what staff
 * search for, and what they search for and do not find (no result, or fewer than three,
 * with every word they typed). Only query text, counts and times are kept: never who searched.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { demoDataNote } from "~/commands/demo-activity.server";
import { listSearchMisses, listTopSearches, searchTotals } from "~/models/search.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { can } from "~/access/permissions.server";
import { flushSearchInsight } from "~/utils/search.server";
import { ScrollTable } from "~/components/ScrollTable";

const PERIODS = [7, 30, 90, 365] as const;

export const meta: MetaFunction = () => pageTitle("Search insights");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "read", "search-insights")) throw notFound();
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get("days"));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const since = new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  await flushSearchInsight();
  const db = await getDb();
  const [misses, top, totals] = await Promise.all([listSearchMisses(db, since, 100), listTopSearches(db, since.slice(0, 10), 30), searchTotals(db, since)]);
  return json({ days, misses, top, totals, demo: await demoDataNote() });
}

export default function SearchInsights() {
  const { days, misses, top, totals, demo } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Search insights" }]} />
      <h1>Search insights</h1>
      <DemoDataNote demo={demo} />
      <p className="lede">What staff look for, and what they look for and cannot find. We keep the words searched for and when, never who searched.</p>
      <form method="get" className="filters" aria-label="Choose a period">
        <div>
          <label htmlFor="insights-days">Period</label>
          <select id="insights-days" name="days" defaultValue={String(days)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                Last {p} days
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Show
        </button>
      </form>
      <dl className="summary-list">
        <dt>Searches</dt>
        <dd>{totals.searches}</dd>
        <dt>Found little or nothing with every word</dt>
        <dd>{totals.misses}</dd>
        <dt>Found nothing with every word</dt>
        <dd>{totals.zeroResults}</dd>
      </dl>

      <section aria-labelledby="misses-heading">
        <h2 id="misses-heading">Searches that found little or nothing</h2>
        <p>
          Each is a page staff may need. “Little” means fewer than three results with every word they searched for; “nothing” means no
          result had them all.
        </p>
        {misses.length === 0 ? (
          <p className="muted">None in the last {days} days.</p>
        ) : (
          <div className="table-scroll">
            <ScrollTable caption="Searches that found little or nothing, most frequent first" captionHidden className="insights-table">
              <thead>
                <tr>
                  <th scope="col">Searched for</th>
                  <th scope="col" className="numeric">Times</th>
                  <th scope="col" className="numeric">Found nothing</th>
                  <th scope="col">Last searched</th>
                </tr>
              </thead>
              <tbody>
                {misses.map((m) => (
                  <tr key={m.query + m.lastSearchedAt}>
                    <td>
                      <Link to={`/search?q=${encodeURIComponent(m.query)}`}>{m.query}</Link>
                    </td>
                    <td className="numeric">{m.searches}</td>
                    <td className="numeric">{m.zeroResults}</td>
                    <td>
                      <DateText value={m.lastSearchedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </div>
        )}
      </section>

      <section aria-labelledby="top-heading">
        <h2 id="top-heading">Most searched for</h2>
        {top.length === 0 ? (
          <p className="muted">No searches in the last {days} days.</p>
        ) : (
          <div className="table-scroll">
            <ScrollTable caption="Most searched for, most frequent first" captionHidden className="insights-table">
              <thead>
                <tr>
                  <th scope="col">Searched for</th>
                  <th scope="col" className="numeric">Times</th>
                </tr>
              </thead>
              <tbody>
                {top.map((t) => (
                  <tr key={t.query}>
                    <td>
                      <Link to={`/search?q=${encodeURIComponent(t.query)}`}>{t.query}</Link>
                    </td>
                    <td className="numeric">{t.searches}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </div>
        )}
      </section>
    </>
  );
}
