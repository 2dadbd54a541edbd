/**
 * /access-codes: managers (for their department) and admins issue sign-in codes for
 * people without a council email (issue 18, decision 120): one person, or a team from a
 * CSV. The codes are shown once, as printable letters; only their hashes are kept.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "~/access/permissions.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField, TextField } from "~/components/FormFields";
import { AccessCodeLetter } from "~/components/frontline/AccessCodeLetter";
import { CODE_LIFETIME_DAYS, issueAccessCodes, type Letter } from "~/commands/access-codes.server";
import { listIssuedCodes } from "~/models/access-code.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import { IssueOneSchema, parseEmployeeCsv } from "~/schemas/access-codes";
import { departmentsOf } from "~/access/permissions.server";
import { requireUserWith, type SessionUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { qrSvg } from "~/utils/qr.server";
import { fieldErrors, formFields, readForm, type FormLimit } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "Access codes – Riverside intranet" }];

const CSV_FORM: FormLimit = { maxBytes: 300 * 1024, tooLargeMessage: "The file is too large. Split the team into files of at most 500 people." };
const ONE_FIELDS = ["employeeNumber", "name", "jobTitle", "departmentId"];

async function departmentsFor(user: SessionUser) {
  const all = await listOpenDepartments(await getDb());
  return all.filter((d) => can(user, "manage", "access-code", { departmentId: d.id }));
}

function statusOf(row: { usedAt: string | null; revokedAt: string | null; expiredAt: string | null; expiresAt: string }, now: string): string {
  if (row.usedAt) return `Used ${formatDate(row.usedAt)}`;
  if (row.revokedAt) return "Replaced by a new letter";
  if (row.expiredAt || row.expiresAt <= now) return "Expired";
  return `Not used yet (until ${formatDate(row.expiresAt)})`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "manage", "access-code");
  const scope = can(user, "manage", "access-code", { departmentId: -1 }) ? null : departmentsOf(user);
  const now = new Date().toISOString();
  const rows = await listIssuedCodes(await getDb(), scope);
  return json({
    csrfToken: user.csrfToken,
    departments: await departmentsFor(user),
    lifetimeDays: CODE_LIFETIME_DAYS,
    issued: rows.map((r) => ({ id: r.id, name: r.name, employeeNumber: r.employeeNumber, departmentName: r.departmentName, issuedAt: r.issuedAt, issuedByName: r.issuedByName, status: statusOf(r, now) })),
  });
}

type ActionData = { errors: Record<string, string>; csvErrors: string[]; values: Record<string, string>; letters: (Letter & { qrSvg: string })[]; signInUrl: string; council: string };

function signInUrlFor(request: Request): string {
  const base = (getEnv().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
  return `${base}/login/code`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "manage", "access-code");
  const form = await readForm(request, CSV_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const empty: ActionData = { errors: {}, csvErrors: [], values, letters: [], signInUrl: "", council: getEnv().COUNCIL_NAME };
  const departmentId = /^\d{1,9}$/.test(values.departmentId ?? "") ? Number(values.departmentId) : NaN;
  let people: { employeeNumber: string; name: string; jobTitle: string }[];
  if (values.intent === "csv") {
    const file = form.get("file");
    if (!Number.isFinite(departmentId)) return json({ ...empty, csvErrors: ["Choose the team’s department."] }, { status: 400 });
    if (!file || typeof file === "string" || file.size === 0) return json({ ...empty, csvErrors: ["Choose a CSV file with one line per person: employee number, full name."] }, { status: 400 });
    const parsed = parseEmployeeCsv(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok) return json({ ...empty, csvErrors: parsed.errors.map((e) => `${file.name.slice(0, 80)}: ${e}`) }, { status: 400 });
    people = parsed.people;
  } else {
    const parsed = IssueOneSchema.safeParse(values);
    if (!parsed.success) return json({ ...empty, errors: fieldErrors(parsed.error) }, { status: 400 });
    people = [parsed.data];
  }
  const result = await issueAccessCodes(user, departmentId, people);
  if (!result.ok)
    return values.intent === "csv"
      ? json({ ...empty, csvErrors: result.errors }, { status: 400 })
      : json({ ...empty, errors: { form: result.errors.join(" ") } }, { status: 400 });
  const signInUrl = signInUrlFor(request);
  const svg = await qrSvg(signInUrl);
  return json(
    { ...empty, values: {}, signInUrl, letters: result.letters.map((l) => ({ ...l, qrSvg: svg })) },
    // The codes exist only here: never stored by a cache or shown again by Back.
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function AccessCodes() {
  const { csrfToken, departments, lifetimeDays, issued } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const errors = data?.errors ?? {};
  const values = data?.values ?? {};
  if (data?.letters.length)
    return (
      <>
        <div className="no-print">
          <Breadcrumbs items={[{ label: "Access codes", to: "/access-codes" }, { label: "Letters to print" }]} />
          <div className="banner" role="status">
            <h1>{data.letters.length === 1 ? "1 letter" : `${data.letters.length} letters`} to print</h1>
            <p>Print them now (each letter is one page): the codes are shown only this once. If a letter is lost, issue a new code: the old one stops working.</p>
          </div>
        </div>
        {data.letters.map((l) => (
          <AccessCodeLetter key={l.userId} letter={l} signInUrl={data.signInUrl} qrSvg={l.qrSvg} council={data.council} />
        ))}
      </>
    );
  const departmentOptions = departments.map((d) => ({ value: String(d.id), label: d.name }));
  return (
    <>
      <Breadcrumbs items={[{ label: "Access codes" }]} />
      <h1>Access codes for staff without a council email</h1>
      <p>
        A code lets someone sign in for the first time with their employee number and choose a passphrase. It works once, for {lifetimeDays} days, and is
        printed on a letter for you to hand over. Issuing a new code for someone replaces their old one.
      </p>
      <ErrorSummary errors={errors} fields={ONE_FIELDS} />
      <h2>One person</h2>
      <Form method="post" noValidate className="two-thirds">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="one" />
        <TextField name="employeeNumber" label="Employee number" hint="As on their payslip, for example E10442" width="medium" autoComplete="off" spellCheck={false} maxLength={40} defaultValue={values.employeeNumber} error={errors.employeeNumber} />
        <TextField name="name" label="Full name" autoComplete="off" maxLength={120} defaultValue={values.name} error={errors.name} />
        <TextField name="jobTitle" label="Job title (optional)" autoComplete="off" maxLength={120} defaultValue={values.jobTitle} error={errors.jobTitle} />
        <SelectField name="departmentId" label="Department" options={departmentOptions} defaultValue={values.departmentId} error={errors.departmentId} />
        <button type="submit" className="button">Issue a code and show the letter</button>
      </Form>
      <h2 id="team">A team, from a CSV file</h2>
      {data?.csvErrors.length ? (
        <div className="error-summary" role="alert" aria-labelledby="csv-errors-title" tabIndex={-1}>
          <h3 id="csv-errors-title">No codes were issued: fix these lines and upload the file again</h3>
          <ul>
            {data.csvErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate className="two-thirds">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="intent" value="csv" />
        <div className="form-group">
          <label htmlFor="file">CSV file</label>
          <p className="hint" id="file-hint">
            One line per person: employee number, full name, and optionally job title. A first line with column names is fine. Up to 500 people.
          </p>
          <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" />
        </div>
        <SelectField name="departmentId" id="csv-departmentId" label="Their department" options={departmentOptions} defaultValue={values.departmentId} />
        <button type="submit" className="button">Issue codes and show the letters</button>
      </Form>
      <h2>Codes issued</h2>
      {issued.length ? (
        <ScrollTable caption="Codes issued" captionHidden>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Employee number</th>
                <th scope="col">Department</th>
                <th scope="col">Issued</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {issued.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{r.employeeNumber}</td>
                  <td>{r.departmentName ?? "None"}</td>
                  <td>
                    {formatDate(r.issuedAt)}
                    {r.issuedByName ? ` by ${r.issuedByName}` : ""}
                  </td>
                  <td>{r.status}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
      ) : (
        <p>No codes have been issued yet.</p>
      )}
    </>
  );
}
