import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DepartmentFilter, FilterForm, FilterSelect } from "~/components/FilterForm";
import { ItemList } from "~/components/ItemList";
import { pageTitle } from "~/components/meta";
import { Pagination, pageHref } from "~/components/Pagination";
import { findDepartmentBySlug } from "~/models/department.server";
import { listGuideDepartments, listGuides, listGuideTags } from "~/models/guide.server";
import { fetchPage, slugParam, tagParam } from "~/schemas/reading-query";
import { forAudience } from "~/presenters/audience-cache.server";
import { requireUser } from "~/utils/auth.server";
import { isPastDay } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

const PER_PAGE = 50;

export const meta: MetaFunction = () => pageTitle("Guides");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const departmentSlug = slugParam(url, "department");
  const tag = tagParam(url, "tag");
  // Read through the viewer's clause and kept per audience key until the change feed moves (decision 245);
  // each key names everything else its list depends on.
  const seen = user.sight?.feedId;
  const [[departments, tags], department] = await Promise.all([
    forAudience(db, "guide-filters", user, (visible) => Promise.all([listGuideDepartments(db, visible), listGuideTags(db, visible)]), seen),
    departmentSlug ? findDepartmentBySlug(db, departmentSlug) : undefined,
  ]);
  const knownTag = tag !== undefined && tags.some((t) => t.tag === tag) ? tag : undefined;
  const filter = { departmentId: department?.id, tag: knownTag };
  const requested = pageParam(url);
  const result = await forAudience(db, `guides|${filter.departmentId ?? ""}|${JSON.stringify(filter.tag ?? null)}|${requested}`, user, (visible) =>
    fetchPage(requested, PER_PAGE, (p) => listGuides(db, visible, filter, p)), seen);
  return json({
    guides: result.items.map((g) => ({ ...g, reviewOverdue: isPastDay(g.reviewBy) })),
    total: result.total,
    page: result.page,
    pageCount: result.pageCount,
    filter: { department: department?.slug ?? "", tag: knownTag ?? "" },
    departmentName: department?.name ?? null,
    departments,
    tags,
  });
}

export default function Guides() {
  const data = useLoaderData<typeof loader>();
  const filtered = data.filter.department || data.filter.tag;
  return (
    <>
      <Breadcrumbs items={[{ label: "Guides" }]} />
      <h1>Guides</h1>
      <p className="lede">How to do things at the council, written and kept up to date by the teams who know.</p>
      <FilterForm action="/guides" label="Filter guides" submit="Show guides" clear={filtered ? "Clear filters" : null}>
        <DepartmentFilter value={data.filter.department} departments={data.departments} />
        <FilterSelect
          id="filter-tag"
          name="tag"
          label="Topic"
          value={data.filter.tag}
          allLabel="All topics"
          options={data.tags.map((t) => ({ value: t.tag, label: t.tag }))}
        />
      </FilterForm>
      <div className="layout-sidebar">
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            {data.departmentName || data.filter.tag
              ? `Guides${data.departmentName ? ` from ${data.departmentName}` : ""}${data.filter.tag ? ` about ${data.filter.tag}` : ""}`
              : "All guides A to Z"}
          </h2>
          <p role="status" className="muted">
            {data.total === 1 ? "1 guide" : `${data.total} guides`}
          </p>
          <ItemList items={data.guides} date="reviewed" empty="No guides match these filters." />
          <Pagination page={data.page} pageCount={data.pageCount} path="/guides" query={data.filter} label="Guide pages" />
        </section>
        <div>
          <section aria-labelledby="by-department-heading" className="card">
            <h2 id="by-department-heading">By department</h2>
            <ul className="link-list">
              {data.departments.map((d) => (
                <li key={d.slug}>
                  <Link to={pageHref("/guides", { department: d.slug }, 1)}>{d.name}</Link> <span className="muted">({d.count})</span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="by-topic-heading" className="card">
            <h2 id="by-topic-heading">By topic</h2>
            <ul className="tag-cloud">
              {data.tags.map((t) => (
                <li key={t.tag}>
                  <Link to={pageHref("/guides", { tag: t.tag }, 1)}>
                    {t.tag}
                    <span className="visually-hidden"> ({t.count === 1 ? "1 guide" : `${t.count} guides`})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}
