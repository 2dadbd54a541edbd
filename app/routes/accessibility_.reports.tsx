/** /accessibility/reports: accessibility problems people reported, worked through by the comms team (decision 164). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { handleReport } from "~/commands/accessibility.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listReports } from "~/models/accessibility.server";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Accessibility problems reported");

const STATUS_LABELS = { open: "New", "in-progress": "Being worked on", resolved: "Resolved" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "manage", "accessibility-report");
  return json({ csrfToken: user.csrfToken, reports: await listReports(await getDb()), saved: new URL(request.url).searchParams.get("saved") });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "manage", "accessibility-report");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  if (!/^\d{1,9}$/.test(values.id ?? "")) throw badRequest("Choose a report.");
  const r = await handleReport(user, Number(values.id), values);
  if (!r.ok) return json({ id: Number(values.id), errors: r.errors, values }, { status: 400 });
  return redirect(`/accessibility/reports?saved=${values.id}#report-${values.id}`);
}

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const open = data.reports.filter((r) => r.status !== "resolved").length;
  return (
    <>
      <Breadcrumbs items={[{ label: "Accessibility statement", to: "/accessibility" }, { label: "Problems reported" }]} />
      <h1>Accessibility problems reported</h1>
      <p className="lede">{open === 1 ? "1 report waits" : `${open} reports wait`} for an answer. Reply to the person within 5 working days.</p>
      {data.saved ? <p className="notice" role="status">Report {data.saved} saved.</p> : null}
      {data.reports.length === 0 ? <p>No one has reported a problem.</p> : (
        <ul className="item-list">
          {data.reports.map((r) => {
            const err = answer && answer.id === r.id ? answer.errors : {};
            return (
              <li key={r.id} id={`report-${r.id}`}>
                <h2 className="item-title">Report {r.id}: {r.page}</h2>
                <p className="item-meta">
                  {STATUS_LABELS[r.status]} · from {r.reporterName ?? "a former member of staff"}{r.reporterEmail ? ` (${r.reporterEmail})` : ""} · {formatDateTime(r.createdAt)}
                  {r.handledBy ? ` · last handled by ${r.handledBy}` : ""}
                </p>
                <p className="pre-wrap">{r.problem}</p>
                {r.format ? <p>Format wanted: {r.format}</p> : null}
                <Form method="post" noValidate>
                  <CsrfField token={data.csrfToken} />
                  <input type="hidden" name="id" value={r.id} />
                  <div className="form-group">
                    <label className="label" htmlFor={`status-${r.id}`}>Status</label>
                    <select id={`status-${r.id}`} name="status" defaultValue={r.status}>
                      {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                    </select>
                  </div>
                  <div className={`form-group${err.response ? " form-group--error" : ""}`}>
                    <label className="label" htmlFor={`response-${r.id}`}>What was done</label>
                    {err.response ? <p id={`response-${r.id}-error`} className="field-error"><span className="visually-hidden">Error:</span> {err.response}</p> : null}
                    <textarea id={`response-${r.id}`} name="response" rows={3} defaultValue={r.response} aria-describedby={err.response ? `response-${r.id}-error` : undefined} aria-invalid={err.response ? true : undefined} />
                  </div>
                  <button type="submit" className="button button--secondary">Save report {r.id}</button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
