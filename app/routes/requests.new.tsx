/**
 * /requests/new: "I couldn't find…". Offered on a search with no results, with the search
 * prefilled (?q=). The request goes to the knowledge champions of the chosen department.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { createKnowledgeRequest, findActiveChampion } from "~/commands/knowledge-requests.server";
import { listDepartments } from "~/models/department.server";
import { KnowledgeRequestSchema } from "~/schemas/knowledge";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Ask for a guide");

/** Printable text only: a prefilled query never carries control characters into the form. */
function cleanQuery(raw: string | null): string {
  // eslint-disable-next-line no-control-regex
  return (raw ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 200);
}

/** "Ask a champion" from /champions: the champion chosen (an active champion, else nobody). */
async function championFrom(db: Awaited<ReturnType<typeof getDb>>, raw: FormDataEntryValue | string | null | undefined) {
  return typeof raw === "string" && /^\d{1,9}$/.test(raw) ? findActiveChampion(db, Number(raw)) : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const db = await getDb();
  const departments = await listDepartments(db);
  const champion = await championFrom(db, url.searchParams.get("champion"));
  return json({
    csrfToken: user.csrfToken,
    query: cleanQuery(url.searchParams.get("q")),
    champion: champion ? { id: champion.id, name: champion.name } : null,
    homeDepartment: departments.find((d) => d.id === (champion ? champion.departmentId : user.departmentId))?.slug ?? "",
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const values = { title: (fields.title ?? "").slice(0, 300), details: (fields.details ?? "").slice(0, 2000), department: fields.department ?? "" };
  const parsed = KnowledgeRequestSchema.safeParse(fields);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const db = await getDb();
  const department = parsed.data.department ? (await listDepartments(db)).find((d) => d.slug === parsed.data.department) : undefined;
  if (parsed.data.department && !department) return json({ errors: { department: "Choose a department from the list" } as Record<string, string>, values }, { status: 400 });
  const champion = await championFrom(db, fields.champion);
  const { id } = await createKnowledgeRequest(user, {
    title: parsed.data.title, details: parsed.data.details, departmentId: department?.id ?? null, searchQuery: cleanQuery(parsed.data.searchQuery) || null,
    championId: champion?.id ?? null,
  });
  return redirect(`/requests/${id}?created=1`);
}

export default function NewRequest() {
  const { query, departments, homeDepartment, csrfToken, champion } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Knowledge requests", to: "/requests" }, { label: "Ask for a guide" }]} />
      <ErrorSummary errors={errors} fields={["title", "details", "department"]} />
      <h1>{champion ? `Ask ${champion.name}` : "Ask for a guide"}</h1>
      {champion ? (
        <p>
          Your question goes to {champion.name}, a knowledge champion. They will write a guide or point you to one, and we will email you when they do.
        </p>
      ) : (
        <p>
          Tell us what you were looking for and could not find. The knowledge champions for that service will write a guide or point you
          to one, and we will email you when they do.
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrfToken} />
        {champion ? <input type="hidden" name="champion" value={champion.id} /> : null}
        <input type="hidden" name="searchQuery" value={query} />
        <TextField
          name="title" label="What were you looking for?" hint="For example: how to report a pothole for a resident"
          defaultValue={data?.values.title ?? query} error={errors.title} maxLength={200}
        />
        <TextArea
          name="details" label="Anything else that would help (optional)"
          hint="What you need to do, and where you looked. Everyone can read requests, so do not include personal details."
          defaultValue={data?.values.details} error={errors.details} maxLength={2000} rows={5}
        />
        <SelectField
          name="department" label="Which service is it about?" hint="If you are not sure, the communications team will pass it on."
          defaultValue={data?.values.department ?? homeDepartment} error={errors.department}
          options={[{ value: "", label: "Not sure" }, ...departments.map((d) => ({ value: d.slug, label: d.name }))]}
        />
        {query ? (
          <p className="hint">
            You searched for “{query}”. We send this with your request, so the writers know what words people use.
          </p>
        ) : null}
        <button type="submit" className="button">
          Send request
        </button>
      </Form>
    </div>
  );
}
