/**
 * /requests: knowledge requests ("I couldn't find…"), most wanted first. Anyone can add
 * their vote; knowledge champions see the ones routed to them with ?for=me.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateText } from "~/components/DateText";
import { FilterForm, FilterSelect, toOptions } from "~/components/FilterForm";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/Pagination";
import { listDepartments } from "~/models/department.server";
import { listKnowledgeRequests, listVotedRequestIds } from "~/models/knowledge-request.server";
import { fetchPage, positiveIntParam, slugParam } from "~/schemas/reading-query";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => pageTitle("Knowledge requests");

const PER_PAGE = 20;
const STATUSES = ["open", "closed", "all"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const departments = await listDepartments(db);
  const statusParam = url.searchParams.get("status") ?? "open";
  const status = (STATUSES as readonly string[]).includes(statusParam) ? (statusParam as (typeof STATUSES)[number]) : "open";
  const deptSlug = slugParam(url, "department");
  const department = departments.find((d) => d.slug === deptSlug);
  const forMe = url.searchParams.get("for") === "me";
  const result = await fetchPage(positiveIntParam(url, "page") ?? 1, PER_PAGE, (p) =>
    listKnowledgeRequests(db, {
      status: status === "all" ? undefined : status, departmentId: department?.id, routedTo: forMe ? user.id : undefined, limit: p.limit, offset: p.offset,
    }),
  );
  const voted = await listVotedRequestIds(db, user.id, result.items.map((r) => r.id));
  return json({
    filters: { status, department: department?.slug ?? "", forMe },
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    page: result.page,
    pageCount: result.pageCount,
    total: result.total,
    requests: result.items.map((r) => ({
      id: r.id, title: r.title, departmentName: r.departmentName, status: r.status, votes: r.votes, createdAt: r.createdAt,
      closedAt: r.closedAt, voted: voted.has(r.id),
    })),
  });
}

export default function Requests() {
  const { filters, departments, requests, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Knowledge requests" }]} />
      <h1>Knowledge requests</h1>
      <p>
        Things staff looked for and could not find. Add your vote if you need it too: the knowledge champions who write guides for
        each service see the most wanted first.
      </p>
      <p>
        <Link to="/requests/new" className="button">
          Ask for a guide
        </Link>
      </p>
      <FilterForm action="/requests" label="Filter requests" submit="Show requests" clear={filters.status !== "open" || filters.department || filters.forMe ? "Show all open requests" : null}>
        <FilterSelect
          id="status" name="status" label="Status" value={filters.status}
          options={[{ value: "open", label: "Open" }, { value: "closed", label: "Answered or closed" }, { value: "all", label: "All" }]}
        />
        <FilterSelect id="department" name="department" label="Department" value={filters.department} options={toOptions(departments)} allLabel="All departments" />
        <div className="checkbox">
          <input id="for" name="for" type="checkbox" value="me" defaultChecked={filters.forMe} />
          <label htmlFor="for">Only requests sent to me</label>
        </div>
      </FilterForm>
      <p className="muted" role="status">
        {total} {total === 1 ? "request" : "requests"}
      </p>
      <ul className="item-list">
        {requests.map((r) => (
          <li key={r.id}>
            <h2 className="item-list__title">
              <Link to={`/requests/${r.id}`}>{r.title}</Link>
            </h2>
            <p className="item-meta">
              {r.departmentName ?? "Department not known"} · asked <DateText value={r.createdAt} /> · {r.votes}{" "}
              {r.votes === 1 ? "person needs" : "people need"} this
              {r.voted ? " (including you)" : ""} ·{" "}
              {r.status === "open" ? (
                <strong className="tag tag--need-to-know">Open</strong>
              ) : r.status === "answered" ? (
                <strong className="tag">Answered</strong>
              ) : (
                <strong className="tag tag--draft">Closed</strong>
              )}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} path="/requests" query={{ status: filters.status, department: filters.department, for: filters.forMe ? "me" : undefined }} label="Knowledge request pages" />
    </>
  );
}
