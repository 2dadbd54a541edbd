/** /admin/departments: every department (archived ones last) and a form to add one. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextArea, TextField, useClientCheck } from "~/components/FormFields";
import { createDepartment } from "~/commands/organisation.server";
import { listDepartmentsForAdmin } from "~/models/organisation-admin.server";
import { DepartmentSchema } from "~/schemas/admin";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "Departments – Administration – Riverside intranet" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "department");
  const db = await getDb();
  return json({ csrfToken: user.csrfToken, departments: await listDepartmentsForAdmin(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "department");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const parsed = DepartmentSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  if (!parsed.data.slug) return json({ errors: { slug: "Enter a web address using letters or numbers" } as Record<string, string>, values }, { status: 400 });
  const result = await createDepartment(user, parsed.data);
  if (!result.ok) return json({ errors: result.errors, values }, { status: 400 });
  return redirect(`/admin/departments/${result.id}?created=1`);
}

export default function AdminDepartments() {
  const { departments, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(DepartmentSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Departments" }]} />
      <h1>Departments</h1>
      <ScrollTable caption="Departments" captionHidden className="admin-table">
        <thead>
          <tr>
            <th scope="col">Department</th>
            <th scope="col">Web address</th>
            <th scope="col">People</th>
            <th scope="col">Channels</th>
            <th scope="col">Items</th>
          </tr>
        </thead>
        <tbody>
          {departments.map((d) => (
            <tr key={d.id}>
              <td>
                <Link to={`/admin/departments/${d.id}`}>{d.name}</Link>
                {d.archivedAt ? (
                  <>
                    {" "}
                    <span className="tag tag--draft">Archived</span>
                  </>
                ) : null}
              </td>
              <td>/departments/{d.slug}</td>
              <td>{d.people}</td>
              <td>{d.channels}</td>
              <td>{d.items}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      <h2 id="add">Add a department</h2>
      <ErrorSummary errors={errors} fields={["name", "slug", "description"]} />
      <Form method="post" noValidate className="two-thirds" aria-labelledby="add" onSubmit={check.onSubmit}>
        <CsrfField token={csrfToken} />
        <TextField name="name" label="Name" maxLength={100} defaultValue={values.name} error={errors.name} autoComplete="off" />
        <TextField
          name="slug" label="Web address (optional)" maxLength={60} defaultValue={values.slug} error={errors.slug} autoComplete="off" spellCheck={false}
          hint="Lower-case letters, numbers and hyphens, like housing-repairs. Made from the name if you leave it empty. It cannot be changed later."
        />
        <TextArea name="description" label="Description (optional)" maxLength={500} defaultValue={values.description} error={errors.description} />
        <button type="submit" className="button">
          Add department
        </button>
      </Form>
    </>
  );
}
