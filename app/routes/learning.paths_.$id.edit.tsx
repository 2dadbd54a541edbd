/**
 * /learning/paths/:id/edit (and /learning/paths/new/edit): a path's title, description,
 * whether it is required, who it is for (the items' audience choices) and whether it is
 * published. For communications editors, champions and managers (their own paths) and
 * holders of the `learning` grant. Field errors come back beside the fields.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { canCreatePath, canEditPath } from "~/access/learning-paths.server";
import { learningActor } from "~/commands/events.server";
import { pathProblem, savePath } from "~/commands/learning-paths.server";
import { AudienceFieldset } from "~/components/AudienceFieldset";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listDepartments } from "~/models/department.server";
import { findPath } from "~/models/learning-path.server";
import { parsePathForm } from "~/schemas/learning-paths";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Learning path editor");

const FIELDS = ["title", "description", "audience", "status"];

async function load(request: Request, idText: string | undefined, form?: FormData) {
  const session = await requireUser(request);
  if (form) assertCsrf(request, form, session.csrfToken);
  const user = await learningActor(session);
  const db = await getDb();
  if (idText === "new") {
    if (!canCreatePath(user)) throw notFound();
    return { user, db, path: null };
  }
  const path = await findPath(db, idParam(idText));
  if (!path || !canEditPath(user, path)) throw notFound();
  return { user, db, path };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, path } = await load(request, params.id);
  const departments = await listDepartments(db);
  return json({
    csrfToken: user.csrfToken,
    id: path?.id ?? null,
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    values: {
      fields: {
        title: path?.title ?? "", description: path?.descriptionMd ?? "", required: path?.required ? "on" : "", audience: path?.audience ?? "everyone", status: path?.status ?? "draft",
      } as Record<string, string>,
      audienceDepartments: path ? departments.filter((d) => path.audienceDepartmentIds.includes(d.id)).map((d) => d.slug) : [],
      audienceRoles: (path?.audienceRoles ?? []) as string[],
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, SMALL_FORM);
  const { user, db, path } = await load(request, params.id, form);
  const { values, data, errors } = parsePathForm(form);
  const departments = await listDepartments(db);
  if (data && data.audienceDepartments.some((slug) => !departments.some((d) => d.slug === slug))) errors.audience = "Choose departments from the list";
  if (!data || Object.keys(errors).length) return json({ errors, values }, { status: 400 });
  try {
    const id = await savePath(user, path?.id ?? null, {
      title: data.title, descriptionMd: data.description, required: data.required, audience: data.audience, status: data.status,
      audienceDepartmentIds: departments.filter((d) => data.audienceDepartments.includes(d.slug)).map((d) => d.id), audienceRoles: data.audienceRoles,
    });
    return redirect(path ? `/learning/paths/${id}?done=saved` : `/learning/paths/${id}/steps`);
  } catch (err) {
    const problem = pathProblem(err);
    if (problem.status === 404) throw notFound();
    return json({ errors: { form: problem.message } as Record<string, string>, values }, { status: problem.status });
  }
}

export default function PathEditor() {
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values ?? loaded.values;
  const f = v.fields;
  const title = loaded.id ? "Edit the learning path" : "Build a learning path";
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Learning", to: "/learning" }, { label: "Learning paths", to: "/learning/paths" }, ...(loaded.id ? [{ label: "Path", to: `/learning/paths/${loaded.id}` }] : []), { label: title }]} />
      <ErrorSummary errors={errors} fields={FIELDS} />
      <h1>{title}</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={loaded.csrfToken} />
        <TextField name="title" label="Title" hint="For example: New knowledge champion" defaultValue={f.title} error={errors.title} maxLength={200} />
        <TextArea name="description" label="Description (optional)" hint="Markdown: who the path is for and what they will be able to do." defaultValue={f.description} error={errors.description} maxLength={20000} rows={6} />
        <Checkbox
          name="required" label="Required for everyone it is for" defaultChecked={f.required === "on"}
          hint="Everyone the path is for is on it without enrolling, and managers see the names of people in their team who have not started."
        />
        <AudienceFieldset audience={f.audience} departments={loaded.departments} chosenDepartments={v.audienceDepartments} chosenRoles={v.audienceRoles} error={errors.audience} noun="path" />
        <SelectField
          name="status" label="Publish" defaultValue={f.status} error={errors.status}
          options={[{ value: "draft", label: "Draft: only people who build paths see it" }, { value: "published", label: "Published: people can follow it" }, { value: "archived", label: "Archived: no longer offered" }]}
        />
        <button type="submit" className="button">
          {loaded.id ? "Save the path" : "Save and add steps"}
        </button>
      </Form>
    </div>
  );
}
