/** /admin/users: everyone with an account, searchable, with filters by role, department and status. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { FilterSelect } from "~/components/FilterForm";
import { Pagination } from "~/components/Pagination";
import { demoDataNote } from "~/commands/demo-activity.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import { listUsers } from "~/models/user.server";
import { ADMIN_PAGE_SIZE, requireAdmin } from "~/utils/admin.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { ROLES, ROLE_LABELS } from "~/utils/roles";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "People and roles – Administration – Riverside intranet" }];

/** Odd values in the address are ignored rather than refused: this is a filter, not a form. */
const FilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
  department: z.string().regex(/^\d{1,9}$/).optional().catch(undefined),
  status: z.enum(["active", "inactive", "all"]).catch("active"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const filter = FilterSchema.parse({
    q: url.searchParams.get("q") ?? "", role: url.searchParams.get("role") || undefined,
    department: url.searchParams.get("department") || undefined, status: url.searchParams.get("status") ?? "active",
  });
  const page = pageParam(url);
  const db = await getDb();
  const { rows, total } = await listUsers(
    db,
    { q: filter.q || undefined, role: filter.role, departmentId: filter.department ? Number(filter.department) : undefined, active: filter.status === "all" ? undefined : filter.status === "active" },
    ADMIN_PAGE_SIZE,
    (page - 1) * ADMIN_PAGE_SIZE,
  );
  return json({
    filter, page, total, pageCount: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)),
    departments: await listOpenDepartments(db),
    demo: await demoDataNote(),
    users: rows.map((u) => ({
      id: u.id, name: u.name, email: u.email, roleLabel: ROLE_LABELS[u.role], departmentName: u.departmentName, active: !!u.active, lastSignInAt: u.lastSignInAt,
    })),
  });
}


export default function AdminUsers() {
  const { filter, users, page, pageCount, total, departments, demo } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "People and roles" }]} />
      <h1>People and roles</h1>
      <DemoDataNote demo={demo} />
      <p>
        <Link to="/admin/users/new" className="button">
          Invite someone
        </Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label="Find people">
        <div>
          <label htmlFor="q">Name, email or job title</label>
          <input id="q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
        </div>
        <FilterSelect id="role" name="role" label="Role" value={filter.role ?? ""} allLabel="Any role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        <FilterSelect
          id="department" name="department" label="Department" value={String(filter.department ?? "")} allLabel="Any department"
          options={departments.map((d) => ({ value: String(d.id), label: d.name }))}
        />
        <FilterSelect
          id="status" name="status" label="Status" value={filter.status}
          options={[{ value: "active", label: "Active" }, { value: "inactive", label: "Switched off" }, { value: "all", label: "All" }]}
        />
        <button type="submit" className="button button--secondary">
          Show people
        </button>
      </Form>
      <p role="status">
        {total} {total === 1 ? "person" : "people"}
      </p>
      {users.length ? (
        <ScrollTable caption={<>People, page {page}</>} captionHidden className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email address</th>
              <th scope="col">Role</th>
              <th scope="col">Department</th>
              <th scope="col">Last signed in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                  {u.active ? null : (
                    <>
                      {" "}
                      <span className="tag tag--draft">Switched off</span>
                    </>
                  )}
                </td>
                <td>{u.email}</td>
                <td>{u.roleLabel}</td>
                <td>{u.departmentName ?? "None"}</td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>No one matches. Try fewer words or another filter.</p>
      )}
      <Pagination page={page} pageCount={pageCount} path="/admin/users" query={{ q: filter.q, role: filter.role, department: filter.department, status: filter.status }} label="People pages" />
    </>
  );
}
