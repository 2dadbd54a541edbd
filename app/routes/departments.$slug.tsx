import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { pageHref } from "~/components/Pagination";
import { listAnnouncements } from "~/models/announcement.server";
import { listDepartmentChannels } from "~/models/channel.server";
import { findDepartmentBySlug } from "~/models/department.server";
import { listGuides } from "~/models/guide.server";
import { listPolicies } from "~/models/policy.server";
import { slugFromParams } from "~/schemas/reading-query";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { isPastDay } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const SHOWN = 10;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.department.name ?? "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const slug = slugFromParams(params.slug);
  const db = await getDb();
  const department = slug ? await findDepartmentBySlug(db, slug) : undefined;
  if (!department) throw notFound();
  const visible = visibleItemsSql(user);
  const first = { limit: SHOWN, offset: 0 };
  const [channels, news, policies, guides] = await Promise.all([
    listDepartmentChannels(db, department.id),
    listAnnouncements(db, visible, { departmentId: department.id }, { limit: 5, offset: 0 }),
    listPolicies(db, visible, { departmentId: department.id }, first),
    listGuides(db, visible, { departmentId: department.id }, first),
  ]);
  return json({
    department: { slug: department.slug, name: department.name, description: department.description },
    isYours: user.departmentId === department.id,
    channels: channels.map((c) => ({ slug: c.slug, name: c.name, description: c.description, isDefault: c.isDefault === 1 })),
    news,
    policies: { items: policies.items.map((p) => ({ ...p, publishedAt: null })), total: policies.total },
    guides: { items: guides.items.map((g) => ({ ...g, reviewOverdue: isPastDay(g.reviewBy) })), total: guides.total },
  });
}

export default function Department() {
  const { department, isYours, channels, news, policies, guides } = useLoaderData<typeof loader>();
  const query = { department: department.slug };
  return (
    <>
      <Breadcrumbs items={[{ label: "Departments", to: "/departments" }, { label: department.name }]} />
      <h1>{department.name}</h1>
      {isYours ? <p className="item-meta">Your department</p> : null}
      {department.description ? <p className="lede">{department.description}</p> : null}
      <div className="layout-sidebar">
        <div>
          <section aria-labelledby="news-heading">
            <h2 id="news-heading">News</h2>
            <ItemList items={news.items} showDepartment={false} empty={`There is no news from ${department.name} at the moment.`} />
            {news.total > news.items.length ? (
              <p>
                <Link to={pageHref("/announcements", query, 1)}>All {news.total} announcements for {department.name}</Link>
              </p>
            ) : null}
          </section>
          <section aria-labelledby="guides-heading">
            <h2 id="guides-heading">Guides</h2>
            <ItemList items={guides.items} date="reviewed" showDepartment={false} empty={`${department.name} has no guides yet.`} />
            {guides.total > guides.items.length ? (
              <p>
                <Link to={pageHref("/guides", query, 1)}>All {guides.total} guides from {department.name}</Link>
              </p>
            ) : null}
          </section>
          <section aria-labelledby="policies-heading">
            <h2 id="policies-heading">Policies</h2>
            <ItemList items={policies.items} date="none" showDepartment={false} empty={`${department.name} has no policies of its own.`} />
            {policies.total > policies.items.length ? (
              <p>
                <Link to={pageHref("/policies", query, 1)}>All {policies.total} policies from {department.name}</Link>
              </p>
            ) : null}
          </section>
        </div>
        <section aria-labelledby="channels-heading" className="card">
          <h2 id="channels-heading">Channels</h2>
          {channels.length === 0 ? (
            <p className="muted">This department has no channels.</p>
          ) : (
            <ul className="item-list">
              {channels.map((c) => (
                <li key={c.slug}>
                  <h3>
                    <Link to={`/channels/${c.slug}`}>{c.name}</Link>
                  </h3>
                  {c.isDefault ? <p className="item-meta">Main channel</p> : null}
                  {c.description ? <p>{c.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/departments/${department.slug}/briefing`}>Team briefing for this week</Link> (one page to print)
          </p>
          <p>
            <Link to="/me#feeds">Get this department&apos;s news as a feed</Link>
          </p>
        </section>
      </div>
    </>
  );
}
