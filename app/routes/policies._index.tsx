import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DepartmentFilter, FilterForm } from "~/components/FilterForm";
import { DateText } from "~/components/DateText";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { PolicyChangeList } from "~/components/PolicyChangeList";
import { findDepartmentBySlug, listDepartments } from "~/models/department.server";
import { listPolicies, listRecentPolicyChanges, listUpcomingPolicyChanges } from "~/models/policy.server";
import { fetchPage, slugParam } from "~/schemas/reading-query";
import { visibleItemsSql } from "~/access/audience.server";
import { requireUser } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const PER_PAGE = 50;

export const meta: MetaFunction = () => pageTitle("Policies");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const visible = visibleItemsSql(user);
  const today = ukTodayIso();
  const departmentSlug = slugParam(url, "department");
  const [departments, department, recent, upcoming] = await Promise.all([
    listDepartments(db),
    departmentSlug ? findDepartmentBySlug(db, departmentSlug) : undefined,
    listRecentPolicyChanges(db, visible, 5),
    listUpcomingPolicyChanges(db, visible, today, 10),
  ]);
  const az = await fetchPage(pageParam(url), PER_PAGE, (p) => listPolicies(db, visible, { departmentId: department?.id }, p));
  return json({
    recent: recent.map((c) => ({ ...c, upcoming: c.effectiveOn > today })),
    upcoming: upcoming.map((c) => ({ ...c, upcoming: true })),
    policies: az.items.map((p) => ({
      slug: p.slug, title: p.title, summary: p.summary, reference: p.reference, departmentName: p.departmentName,
      currentVersion: p.currentVersion, effectiveOn: p.effectiveOn, upcoming: !!p.effectiveOn && p.effectiveOn > today,
    })),
    total: az.total,
    page: az.page,
    pageCount: az.pageCount,
    filter: { department: department?.slug ?? "" },
    departmentName: department?.name ?? null,
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
  });
}

export default function Policies() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Policies" }]} />
      <h1>Policies</h1>
      <p className="lede">The council&rsquo;s policies for staff, what has changed recently and what changes soon.</p>
      <div className="grid">
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">What&rsquo;s new</h2>
          <PolicyChangeList changes={data.recent} empty="No policies have changed recently." />
        </section>
        <section aria-labelledby="soon-heading">
          <h2 id="soon-heading">Takes effect soon</h2>
          <PolicyChangeList changes={data.upcoming} empty="No policy changes are waiting to take effect." />
        </section>
      </div>
      <section aria-labelledby="az-heading">
        <h2 id="az-heading">All policies A to Z</h2>
        <FilterForm action="/policies" label="Filter policies" submit="Show policies" clear={data.filter.department ? "Clear filter" : null}>
          <DepartmentFilter value={data.filter.department} departments={data.departments} />
        </FilterForm>
        <p role="status" className="muted">
          {data.total === 1 ? "1 policy" : `${data.total} policies`}
          {data.departmentName ? ` from ${data.departmentName}` : ""}
        </p>
        {data.policies.length === 0 ? (
          <p className="muted">There are no policies to show.</p>
        ) : (
          <ul className="item-list">
            {data.policies.map((p) => (
              <li key={p.slug}>
                <h3>
                  <Link to={`/policies/${p.slug}`}>{p.title}</Link>
                </h3>
                <p className="item-meta">
                  {[p.reference, p.currentVersion ? `Version ${p.currentVersion}` : null, p.departmentName].filter(Boolean).join(" · ")}
                  {p.effectiveOn ? (
                    <>
                      {" "}
                      · {p.upcoming ? "Takes effect" : "Effective"} <DateText value={p.effectiveOn} />
                    </>
                  ) : null}
                </p>
                {p.summary ? <p>{p.summary}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <Pagination page={data.page} pageCount={data.pageCount} path="/policies" query={data.filter} label="Policy pages" />
      </section>
    </>
  );
}
