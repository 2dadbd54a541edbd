/**
 * /admin/content-health: pages that are stale, overdue for review or without an owner who
 * can look after them, by department, filterable, with a CSV download of the same list.
 * For comms editors and administrators.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DemoDataNote } from "~/components/admin/DemoDataNote";
import { DataTable } from "~/components/charts/DataTable";
import { DateText } from "~/components/DateText";
import { FilterForm, FilterSelect, toOptions } from "~/components/FilterForm";
import { ErrorSummary, TextField } from "~/components/FormFields";
import { ReviewTag, reviewState } from "~/components/knowledge/ReviewTag";
import { pageTitle } from "~/components/meta";
import { demoDataNote } from "~/commands/demo-activity.server";
import { contentHealthReport, parseHealthQuery, setReminderDays } from "~/commands/reviews.server";
import { ReminderDaysSchema } from "~/schemas/knowledge";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { badRequest } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Content health");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "read", "insights");
  const url = new URL(request.url);
  const query = parseHealthQuery(url);
  const health = await contentHealthReport(user, query);
  const csvQuery = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return json({ csrfToken: user.csrfToken, csvHref: `/admin/content-health.csv${csvQuery ? `?${csvQuery}` : ""}`, saved: url.searchParams.get("saved") === "1", demo: await demoDataNote(), ...health });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "read", "insights");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (form.get("intent") !== "reminder-days") throw badRequest("We did not understand that request.");
  const parsed = ReminderDaysSchema.safeParse(formFields(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), days: String(form.get("days") ?? "").slice(0, 10) }, { status: 400 });
  await setReminderDays(user, parsed.data.days);
  return redirect("/admin/content-health?saved=1");
}

export default function ContentHealth() {
  const { filter, departments, byDepartment, pages, totals, days, staleMonths, today, dueSoonBy, csvHref, csrfToken, saved, demo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Insights", to: "/admin/insights" }, { label: "Content health" }]} />
      <ErrorSummary errors={errors} fields={["days"]} />
      <h1>Content health</h1>
      <DemoDataNote demo={demo} />
      {saved ? (
        <div className="banner banner--success" role="status">
          <p>Reminder setting saved.</p>
        </div>
      ) : null}
      <p>
        Guides and policies that need attention. <strong>Overdue</strong>: past their review-by date. <strong>Stale</strong>: a guide not
        reviewed for {staleMonths} months. <strong>Due soon</strong>: review due in the next {days} days. <strong>No owner</strong>: nobody,
        or someone whose account is closed or who has not signed in yet.
      </p>
      <ul className="stat-list">
        <li>
          <span className="stat-list__figure">{totals.overdue}</span> overdue
        </li>
        <li>
          <span className="stat-list__figure">{totals.stale}</span> stale
        </li>
        <li>
          <span className="stat-list__figure">{totals.dueSoon}</span> due soon
        </li>
        <li>
          <span className="stat-list__figure">{totals.ownerless}</span> without an owner
        </li>
      </ul>
      <FilterForm action="/admin/content-health" label="Filter pages" submit="Filter" clear={filter.department || filter.type || filter.problem ? "Clear filters" : null}>
        <FilterSelect id="department" name="department" label="Department" value={filter.department} options={toOptions(departments)} allLabel="All departments" />
        <FilterSelect
          id="type" name="type" label="Type" value={filter.type} allLabel="Guides and policies"
          options={[{ value: "guide", label: "Guides" }, { value: "policy", label: "Policies" }]}
        />
        <FilterSelect
          id="problem" name="problem" label="Showing" value={filter.problem} allLabel="Every page"
          options={[
            { value: "overdue", label: "Overdue for review" }, { value: "stale", label: "Stale" },
            { value: "due-soon", label: "Review due soon" }, { value: "ownerless", label: "No owner" },
          ]}
        />
      </FilterForm>
      <h2>By department</h2>
      <DataTable
        id="health-by-department"
        caption="Pages needing attention, by department"
        head={["Department", "Pages", "Overdue", "Stale", "Due soon", "No owner"]}
        numeric={[1, 2, 3, 4, 5]}
        rows={byDepartment.map((d) => [
          d.departmentSlug ? { text: d.departmentName ?? "", href: `/admin/content-health?department=${d.departmentSlug}` } : "No department",
          d.pages, d.overdue, d.stale, d.dueSoon, d.ownerless,
        ])}
      />
      <h2>Pages</h2>
      <p className="muted" role="status">
        {pages.length} {pages.length === 1 ? "page" : "pages"}. Today is <DateText value={today} />; “due soon” means by{" "}
        <DateText value={dueSoonBy} />.
      </p>
      {pages.length === 0 ? (
        <p>No pages match.</p>
      ) : (
        <ScrollTable caption="Pages and their review status" captionHidden className="health-table">
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Department</th>
              <th scope="col">Owner</th>
              <th scope="col">Last reviewed</th>
              <th scope="col">Review by</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={p.href}>{p.title}</Link>
                  <span className="muted"> ({p.type})</span>
                </th>
                <td>{p.departmentName ?? "–"}</td>
                <td>{p.ownerless ? <strong className="tag tag--overdue">No owner</strong> : p.ownerName}</td>
                <td>{p.lastReviewedOn ? <DateText value={p.lastReviewedOn} /> : "Never"}</td>
                <td>{p.reviewBy ? <DateText value={p.reviewBy} /> : "–"}</td>
                <td>
                  <ReviewTag state={reviewState(p.reviewBy, today, dueSoonBy)} />
                  {p.stale ? (
                    <>
                      {" "}
                      <strong className="tag tag--draft">Stale</strong>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <p>
        <a href={csvHref} download>
          Download this list as a spreadsheet (CSV)
        </a>
      </p>
      <h2>Review reminders</h2>
      <Form method="post" noValidate className="two-thirds">
        <input type="hidden" name="csrf" value={csrfToken} />
        <input type="hidden" name="intent" value="reminder-days" />
        <TextField
          name="days" label="Remind owners this many days before a page’s review-by date"
          hint="The deputy and the department’s manager are told when a page becomes overdue."
          defaultValue={data?.days ?? String(days)} error={errors.days} maxLength={3}
        />
        <button type="submit" className="button button--secondary">
          Save
        </button>
      </Form>
    </>
  );
}
