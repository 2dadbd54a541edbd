/** /admin/departments/:id: rename a department, or archive it (it is never deleted). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ArchiveForm, RenameForm, UnitHeading } from "~/components/admin/OrganisationUnit";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, useClientCheck } from "~/components/FormFields";
import { archiveDepartment, updateDepartment } from "~/commands/organisation.server";
import { findDepartmentForAdmin } from "~/models/organisation-admin.server";
import { RenameDepartmentSchema } from "~/schemas/admin";
import { idParam, requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.department.name ?? "Department"} – Administration – Riverside intranet` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "department");
  const id = idParam(params.id);
  const department = await findDepartmentForAdmin(await getDb(), id);
  if (!department) throw notFound("There is no department with that number.");
  return json({ csrfToken: user.csrfToken, department, created: new URL(request.url).searchParams.get("created") === "1" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "department");
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (!(await findDepartmentForAdmin(await getDb(), id))) throw notFound("There is no department with that number.");
  const values = formFields(form);
  if (values.intent === "rename") {
    const parsed = RenameDepartmentSchema.safeParse(values);
    if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values, done: null }, { status: 400 });
    const result = await updateDepartment(user, id, parsed.data);
    return result.ok ? json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, done: "Saved." }) : json({ errors: result.errors, values, done: null }, { status: 400 });
  }
  if (values.intent === "archive" || values.intent === "restore") {
    const result = await archiveDepartment(user, id, values.intent === "archive");
    return result.ok
      ? json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, done: values.intent === "archive" ? "Archived." : "Restored." })
      : json({ errors: result.errors, values: {}, done: null }, { status: 400 });
  }
  throw badRequest("We did not understand that request.");
}

export default function AdminDepartment() {
  const { department, csrfToken, created } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(RenameDepartmentSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const done = data?.done ?? (created ? "Department added, with its own news channel." : null);
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Departments", to: "/admin/departments" }, { label: department.name }]} />
      <UnitHeading name={department.name} archivedAt={department.archivedAt} done={done} />
      <ErrorSummary errors={errors} fields={["name", "description"]} />
      <dl className="summary-list">
        <dt>Web address</dt>
        <dd>/departments/{department.slug}</dd>
        <dt>People</dt>
        <dd>{department.people}</dd>
        <dt>Open channels</dt>
        <dd>{department.channels}</dd>
        <dt>Items</dt>
        <dd>{department.items}</dd>
        {department.archivedAt ? (
          <>
            <dt>Archived</dt>
            <dd>{formatDateTime(department.archivedAt)}</dd>
          </>
        ) : null}
      </dl>
      <RenameForm csrfToken={csrfToken} current={department} values={values} errors={errors} onSubmit={check.onSubmit} />
      <ArchiveForm
        csrfToken={csrfToken} kind="department" archivedAt={department.archivedAt}
        explanation={
          department.archivedAt
            ? "Restoring makes the department available again for people, grants and new channels."
            : "Archiving hides the department from lists of choices. Its items, channels and history stay; nothing is deleted."
        }
      />
    </>
  );
}
