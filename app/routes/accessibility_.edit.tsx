/** /accessibility/edit: administrators edit the accessibility statement; every version is kept (decision 164). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { currentStatement, saveStatement } from "~/commands/accessibility.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listStatementVersions } from "~/models/accessibility.server";
import { requireUserWith } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Edit the accessibility statement");

const FIELDS = ["compliance", "summary", "nonAccessible", "reporting", "enforcement", "testing", "reviewedOn"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "manage", "settings");
  const db = await getDb();
  return json({ csrfToken: user.csrfToken, current: await currentStatement(db), versions: await listStatementVersions(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "manage", "settings");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const r = await saveStatement(user, values);
  if (!r.ok) return json({ errors: r.errors, values }, { status: 400 });
  return redirect("/accessibility");
}

export default function EditStatement() {
  const { csrfToken, current, versions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer?.errors ?? {};
  const v = (name: keyof typeof current) => answer?.values?.[name] ?? String(current[name] ?? "");
  return (
    <>
      <Breadcrumbs items={[{ label: "Accessibility statement", to: "/accessibility" }, { label: "Edit" }]} />
      <h1>Edit the accessibility statement</h1>
      <p className="lede">Each part takes Markdown (lists with “-”, headings with “###”). Saving keeps the earlier versions below.</p>
      <Form method="post" noValidate>
        <ErrorSummary errors={errors} fields={FIELDS} />
        <CsrfField token={csrfToken} />
        <SelectField name="compliance" label="Compliance status" options={[{ value: "full", label: "Fully compliant" }, { value: "partial", label: "Partially compliant" }, { value: "not", label: "Not compliant" }]} defaultValue={v("compliance")} error={errors.compliance} />
        <TextArea name="summary" label="Introduction: what people should be able to do" rows={8} defaultValue={v("summary")} error={errors.summary} />
        <TextArea name="nonAccessible" label="Content that is not accessible, and why" hint="Non-compliance, disproportionate burden, content outside the scope of the regulations" rows={10} defaultValue={v("nonAccessible")} error={errors.nonAccessible} />
        <TextArea name="reporting" label="How to report a problem" rows={4} defaultValue={v("reporting")} error={errors.reporting} />
        <TextArea name="enforcement" label="Enforcement procedure" rows={4} defaultValue={v("enforcement")} error={errors.enforcement} />
        <TextArea name="testing" label="How it was tested" rows={4} defaultValue={v("testing")} error={errors.testing} />
        <TextField name="reviewedOn" label="Date of the last review" hint="YYYY-MM-DD, for example 2026-11-30" width="short" defaultValue={v("reviewedOn")} error={errors.reviewedOn} />
        <button type="submit" className="button">Save a new version</button>
      </Form>
      <h2>Earlier versions</h2>
      {versions.length === 0 ? <p>None saved yet: the page shows the statement the intranet ships with.</p> : (
        <ol reversed>
          {versions.map((s) => (
            <li key={s.id}>
              <details>
                <summary>Saved {formatDateTime(s.createdAt)} by {s.createdBy ?? "a former administrator"} (reviewed {formatDate(s.reviewedOn)})</summary>
                <dl className="summary-list">
                  <dt>Compliance</dt><dd>{s.compliance}</dd>
                  <dt>Introduction</dt><dd className="pre-wrap">{s.summary}</dd>
                  <dt>Not accessible</dt><dd className="pre-wrap">{s.nonAccessible}</dd>
                  <dt>Reporting</dt><dd className="pre-wrap">{s.reporting}</dd>
                  <dt>Enforcement</dt><dd className="pre-wrap">{s.enforcement}</dd>
                  <dt>Testing</dt><dd className="pre-wrap">{s.testing}</dd>
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
