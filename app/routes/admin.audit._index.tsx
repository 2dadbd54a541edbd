/** /admin/audit: the audit log, newest first, filtered by action, person and dates, with a CSV download. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { DateInput } from "~/components/DateInput";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary } from "~/components/FormFields";
import { Pagination, pageHref } from "~/components/Pagination";
import { listAudit, listAuditActions } from "~/models/audit.server";
import { firstPartInError } from "~/schemas/date-input";
import { ADMIN_PAGE_SIZE, auditFilterFromUrl } from "~/utils/admin.server";
import { requireUserWith } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { pageParam } from "~/utils/http.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "Audit log – Administration – Riverside intranet" }];

/** Details worth a column, as short "key: value" text; long values are cut. */
function describe(detailJson: string): string {
  try {
    const detail = JSON.parse(detailJson) as Record<string, unknown>;
    return Object.entries(detail)
      .filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`.slice(0, 160))
      .join("; ");
  } catch {
    return "";
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "read", "audit");
  const url = new URL(request.url);
  const { values, errors, filter, query } = auditFilterFromUrl(url);
  const page = pageParam(url);
  const db = await getDb();
  const { rows, total } = filter ? await listAudit(db, filter, ADMIN_PAGE_SIZE, (page - 1) * ADMIN_PAGE_SIZE) : { rows: [], total: 0 };
  return json({
    values, errors, query, page, total, pageCount: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)),
    actions: await listAuditActions(db),
    entries: rows.map((r) => ({
      id: r.id, at: r.at, actor: r.actorName ? `${r.actorName} (${r.actorEmail})` : "System or signed-out visitor", action: r.action,
      entity: r.entityType ? `${r.entityType}${r.entityId ? ` ${r.entityId}` : ""}` : "", detail: describe(r.detailJson),
    })),
  });
}

export default function AuditLog() {
  const { values, errors, query, entries, actions, page, pageCount, total } = useLoaderData<typeof loader>();
  const families = [...new Set(actions.map((a) => a.split(".")[0]))].filter((f) => !actions.includes(f));
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Audit log" }]} />
      <h1>Audit log</h1>
      <ErrorSummary errors={errors} fields={["action", "actor", "from", "to"]} anchors={{ from: `from-${firstPartInError(values.from, errors.from)}`, to: `to-${firstPartInError(values.to, errors.to)}` }} />
      <Form method="get" className="filters" aria-label="Filter the audit log">
        <div>
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={values.action}>
            <option value="">Any action</option>
            {families.map((f) => (
              <option key={`family-${f}`} value={f}>
                {`${f} (all)`}
              </option>
            ))}
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className={errors.actor ? "form-group--error" : undefined}>
          <label htmlFor="actor">Person (name or email)</label>
          <input id="actor" name="actor" type="search" defaultValue={values.actor} maxLength={254} aria-invalid={errors.actor ? true : undefined} />
        </div>
        <DateInput id="from" name="from" legend="From" value={values.from} error={errors.from} compact />
        <DateInput id="to" name="to" legend="To" value={values.to} error={errors.to} compact />
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </Form>
      <p>
        <span role="status">
          {total} {total === 1 ? "entry" : "entries"}.
        </span>{" "}
        <Link to={pageHref("/admin/audit.csv", query, 1)} reloadDocument>
          Download these entries as a spreadsheet (CSV)
        </Link>
      </p>
      {entries.length ? (
        <ScrollTable caption={<>Audit entries, newest first, page {page}</>} captionHidden className="admin-table audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">About</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.entity}</td>
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>No entries match.</p>
      )}
      <Pagination page={page} pageCount={pageCount} path="/admin/audit" query={query} label="Audit log pages" />
    </>
  );
}
