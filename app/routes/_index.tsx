import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { PolicyChangeList } from "~/components/PolicyChangeList";
import { BannerList } from "~/components/delivery/Banner";
import { ForYou } from "~/components/delivery/ForYou";
import { MustReadPanel } from "~/components/delivery/MustReadPanel";
import { listAnnouncements } from "~/models/announcement.server";
import { loadHomeDelivery } from "~/models/delivery-view.server";
import { listDepartments } from "~/models/department.server";
import { listRecentlyUpdatedGuides } from "~/models/guide.server";
import { listRecentPolicyChanges } from "~/models/policy.server";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { isPastDay, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Home");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const visible = visibleItemsSql(user);
  const today = ukTodayIso();
  const [delivery, latest, policyChanges, guides, departments] = await Promise.all([
    loadHomeDelivery(db, user, visible),
    listAnnouncements(db, visible, {}, { limit: 6, offset: 0 }),
    listRecentPolicyChanges(db, visible, 5),
    listRecentlyUpdatedGuides(db, visible, 5),
    listDepartments(db),
  ]);
  const shownInBanner = new Set(delivery.banners.map((b) => b.id));
  return json({
    name: user.name,
    departmentName: user.departmentName,
    departmentSlug: user.departmentSlug,
    csrfToken: user.csrfToken,
    delivery,
    latest: latest.items.filter((a) => !shownInBanner.has(a.id)).slice(0, 5),
    policyChanges: policyChanges.map((c) => ({ ...c, upcoming: c.effectiveOn > today })),
    guides: guides.map((g) => ({ ...g, reviewOverdue: isPastDay(g.reviewBy) })),
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
  });
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {data.name}</h1>
      <BannerList banners={data.delivery.banners} csrfToken={data.csrfToken} redirectTo="/" />
      <MustReadPanel items={data.delivery.mustRead} />
      <div className="layout-sidebar">
        <div>
          <ForYou items={data.delivery.forYou} />
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest news</h2>
            <ItemList items={data.latest} empty="There is no news at the moment." />
            <p>
              <Link to="/announcements">All news and announcements</Link>
            </p>
          </section>
          <section aria-labelledby="policy-heading">
            <h2 id="policy-heading">Policy changes</h2>
            <PolicyChangeList changes={data.policyChanges} empty="No policies have changed recently." />
            <p>
              <Link to="/policies">All policies</Link>
            </p>
          </section>
        </div>
        <div>
          <section aria-labelledby="guides-heading" className="card">
            <h2 id="guides-heading">Recently updated guides</h2>
            <ItemList items={data.guides} date="reviewed" showDepartment={false} empty="There are no guides yet." />
            <p>
              <Link to="/guides">All guides</Link>
            </p>
          </section>
          <section aria-labelledby="departments-heading" className="card">
            <h2 id="departments-heading">Departments</h2>
            {data.departmentSlug ? (
              <p>
                Your department: <Link to={`/departments/${data.departmentSlug}`}>{data.departmentName}</Link>
              </p>
            ) : null}
            <ul className="link-list">
              {data.departments.map((d) => (
                <li key={d.slug}>
                  <Link to={`/departments/${d.slug}`}>{d.name}</Link>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
