/** /admin/users/new: invite someone. The account is made at once; the person sets their password with a one-time link. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField, TextField, useClientCheck } from "~/components/FormFields";
import { inviteUser, LINK_LIFETIME } from "~/commands/users.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import { InviteSchema } from "~/schemas/admin";
import { passwordLinkUrl, requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ROLES, ROLE_LABELS } from "~/utils/roles";

export const meta: MetaFunction = () => [{ title: "Invite someone – Administration – Riverside intranet" }];

const FIELDS = ["email", "name", "jobTitle", "role", "departmentId"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const db = await getDb();
  return json({ csrfToken: user.csrfToken, departments: await listOpenDepartments(db), linkDays: LINK_LIFETIME.invite / 86_400_000 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const parsed = InviteSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values, invited: null }, { status: 400 });
  const result = await inviteUser(user, parsed.data);
  if (!result.ok) return json({ errors: result.errors, values, invited: null }, { status: 400 });
  return json(
    { errors: {} as Record<string, string>, values: {} as Record<string, string>, invited: { id: result.userId, name: parsed.data.name, email: parsed.data.email, link: passwordLinkUrl(request, result.token) } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function InviteUser() {
  const { csrfToken, departments, linkDays } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(InviteSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const crumbs = [{ label: "Administration", to: "/admin" }, { label: "People and roles", to: "/admin/users" }, { label: "Invite someone" }];
  if (data?.invited)
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <div className="banner" role="status">
          <h1>{data.invited.name} has an account</h1>
          <p>
            Give them this link to set their password. It works once, for {linkDays} days. It is shown only now: if it is lost, make a new one from their
            page.
          </p>
          <p className="one-time-link">
            <code>{data.invited.link}</code>
          </p>
        </div>
        <p>
          <Link to={`/admin/users/${data.invited.id}`}>Go to {data.invited.name}’s page</Link> or <Link to="/admin/users/new">invite someone else</Link>.
        </p>
      </>
    );
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>Invite someone</h1>
      <p>They get an account now, and a link to set their password. No email is sent: give them the link yourself.</p>
      <ErrorSummary errors={errors} fields={FIELDS} />
      <Form method="post" noValidate className="two-thirds" onSubmit={check.onSubmit}>
        <CsrfField token={csrfToken} />
        <TextField name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} maxLength={254} defaultValue={values.email} error={errors.email} />
        <TextField name="name" label="Full name" autoComplete="off" maxLength={120} defaultValue={values.name} error={errors.name} />
        <TextField name="jobTitle" label="Job title (optional)" autoComplete="off" maxLength={120} defaultValue={values.jobTitle} error={errors.jobTitle} />
        <SelectField
          name="role" label="Role" defaultValue={values.role ?? "staff"} error={errors.role}
          hint="What they may do. Most people are Staff: they read, follow channels and confirm must-reads."
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <SelectField
          name="departmentId" label="Home department" defaultValue={values.departmentId ?? ""} error={errors.departmentId}
          options={[{ value: "", label: "None" }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
        />
        <button type="submit" className="button">
          Create account
        </button>
      </Form>
    </>
  );
}
