/** /admin/channels: every channel (archived ones last) and a form to add one. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextArea, TextField, useClientCheck } from "~/components/FormFields";
import { createChannel } from "~/commands/organisation.server";
import { listChannelsForAdmin, listOpenDepartments } from "~/models/organisation-admin.server";
import { ChannelSchema } from "~/schemas/admin";
import { requireAdmin } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => [{ title: "Channels – Administration – Riverside intranet" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, "channel");
  const db = await getDb();
  return json({ csrfToken: user.csrfToken, channels: await listChannelsForAdmin(db), departments: await listOpenDepartments(db) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request, "channel");
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const parsed = ChannelSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  if (!parsed.data.slug) return json({ errors: { slug: "Enter a web address using letters or numbers" } as Record<string, string>, values }, { status: 400 });
  const result = await createChannel(user, parsed.data);
  if (!result.ok) return json({ errors: result.errors, values }, { status: 400 });
  return redirect(`/admin/channels/${result.id}?created=1`);
}

export default function AdminChannels() {
  const { channels, departments, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const check = useClientCheck(ChannelSchema);
  const errors: Record<string, string | undefined> = check.clientErrors ?? data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Channels" }]} />
      <h1>Channels</h1>
      <ScrollTable caption="Channels" captionHidden className="admin-table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Department</th>
            <th scope="col">Everyone follows</th>
            <th scope="col">Items</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/admin/channels/${c.id}`}>{c.name}</Link>
                {c.isDefault ? " (department default)" : ""}
                {c.archivedAt ? (
                  <>
                    {" "}
                    <span className="tag tag--draft">Archived</span>
                  </>
                ) : null}
              </td>
              <td>{c.departmentName ?? "Council-wide"}</td>
              <td>{c.isMandatory ? "Yes" : "No"}</td>
              <td>{c.items}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      <h2 id="add">Add a channel</h2>
      <ErrorSummary errors={errors} fields={["name", "slug", "departmentId", "description"]} />
      <Form method="post" noValidate className="two-thirds" aria-labelledby="add" onSubmit={check.onSubmit}>
        <CsrfField token={csrfToken} />
        <TextField name="name" label="Name" maxLength={100} defaultValue={values.name} error={errors.name} autoComplete="off" hint="For example ‘Housing: Repairs updates’." />
        <TextField
          name="slug" label="Web address (optional)" maxLength={60} defaultValue={values.slug} error={errors.slug} autoComplete="off" spellCheck={false}
          hint="Lower-case letters, numbers and hyphens. Made from the name if you leave it empty. It cannot be changed later."
        />
        <SelectField
          name="departmentId" label="Department" defaultValue={values.departmentId ?? ""} error={errors.departmentId}
          options={[{ value: "", label: "Council-wide (no department)" }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
        />
        <TextArea name="description" label="Description (optional)" maxLength={500} defaultValue={values.description} error={errors.description} />
        <Checkbox
          name="isMandatory" label="Everyone in its audience follows it and cannot unfollow" defaultChecked={values.isMandatory === "on"}
          hint="Use this only for channels everyone must see, like health and safety."
        />
        <button type="submit" className="button">
          Add channel
        </button>
      </Form>
    </>
  );
}
