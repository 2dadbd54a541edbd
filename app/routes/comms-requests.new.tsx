/**
 * /comms-requests/new: any member of staff asks the communications team for a press
 * release, a social-media post, a web update or an internal campaign. The form explains
 * why each question matters; the request goes to the comms team's queue.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { Checkbox, CsrfField, DOCUMENT_ACCEPT, ErrorSummary, FileField, SelectField, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { checkRequestFiles, createCommsRequest, REQUEST_FILES_MAX } from "~/commands/comms-requests.server";
import { listDepartments } from "~/models/department.server";
import { CommsRequestSchema } from "~/schemas/comms";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, uploadForm } from "~/utils/request-body.server";
import { formFiles } from "~/utils/file-response.server";
import { uploadLimitBytes } from "~/utils/uploads.server";

export const meta: MetaFunction = () => pageTitle("Ask the communications team");

/** The staff guidance on posting publicly as or about the council. */
const PUBLIC_POSTING_GUIDE = "/guides/posting-publicly-as-or-about-the-council";

const FIELDS = ["kind", "title", "whatAndWhy", "audience", "keyDates", "serviceApprover", "links", "files", "department"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const departments = await listDepartments(await getDb());
  return json({
    csrfToken: user.csrfToken,
    homeDepartment: departments.find((d) => d.id === user.departmentId)?.slug ?? "",
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    limitMb: Math.round(uploadLimitBytes() / 1024 / 1024),
    filesMax: REQUEST_FILES_MAX,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, uploadForm(uploadLimitBytes()));
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const parsed = CommsRequestSchema.safeParse(values);
  const files = await checkRequestFiles(await formFiles(form, "files"));
  // Files are never kept from a form with errors: say so, so they are chosen again.
  const fileError = files.ok ? {} : { files: files.message };
  if (!parsed.success) return json({ errors: { ...fieldErrors(parsed.error), ...fileError } as Record<string, string>, values, hadFiles: files.ok && files.files.length > 0 }, { status: 400 });
  const department = parsed.data.department ? (await listDepartments(await getDb())).find((d) => d.slug === parsed.data.department) : undefined;
  if (parsed.data.department && !department) return json({ errors: { department: "Choose a service from the list", ...fileError } as Record<string, string>, values, hadFiles: files.ok && files.files.length > 0 }, { status: 400 });
  if (!files.ok) return json({ errors: fileError as Record<string, string>, values, hadFiles: false }, { status: 400 });
  const { department: _d, ...rest } = parsed.data;
  const id = await createCommsRequest(user, { ...rest, departmentId: department?.id ?? null }, new Date(), files.files);
  return redirect(`/comms-requests/${id}?created=1`);
}

export default function NewCommsRequest() {
  const { csrfToken, departments, homeDepartment, limitMb, filesMax } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Requests to the communications team", to: "/comms-requests" }, { label: "New request" }]} />
      <ErrorSummary errors={errors} fields={FIELDS} />
      <h1>Ask the communications team</h1>
      <p>
        Ask for a press release, a social-media post, a change to the council’s website or an internal campaign. The team will reply on
        your request’s page and email you each time its status changes.
      </p>
      <p>
        Before you post anything yourself, read <Link to={PUBLIC_POSTING_GUIDE}>posting publicly as or about the council</Link>.
      </p>
      <Form method="post" noValidate encType="multipart/form-data">
        <CsrfField token={csrfToken} />
        <SelectField
          name="kind" label="What do you need?" defaultValue={values.kind ?? ""} error={errors.kind}
          options={[
            { value: "", label: "Choose one" },
            { value: "press-release", label: "A press release" },
            { value: "social-media", label: "A social-media post" },
            { value: "web-update", label: "An update to the council’s website" },
            { value: "internal-campaign", label: "An internal campaign for staff" },
          ]}
        />
        <TextField name="title" label="A short title" hint="For example: New opening hours at Riverside library" defaultValue={values.title} error={errors.title} maxLength={150} />
        <TextArea
          name="whatAndWhy" label="What do you want to tell people, and why?" rows={6} maxLength={4000}
          hint="The key message in a sentence or two, and what you want people to do or know afterwards."
          defaultValue={values.whatAndWhy} error={errors.whatAndWhy}
        />
        <TextField name="audience" label="Who is it for?" hint="For example: residents of the Riverside ward, parents of primary-school children, all staff." defaultValue={values.audience} error={errors.audience} maxLength={500} />
        <TextField name="keyDates" label="Key dates (optional)" hint="When it should go out, and any deadline people must meet." defaultValue={values.keyDates} error={errors.keyDates} maxLength={500} />
        <TextField
          name="serviceApprover" label="Who approves this in your service?"
          hint="Their name and job title. We share drafts with you, and they should agree them before anything is published."
          defaultValue={values.serviceApprover} error={errors.serviceApprover} maxLength={200}
        />
        <TextArea name="links" label="Links to documents or pages (optional)" hint="One address per line, starting with https://" defaultValue={values.links} error={errors.links} maxLength={2000} rows={3} />
        <FileField
          name="files" label="Files (optional)" multiple accept={DOCUMENT_ACCEPT}
          hint={
            <>
              A draft, a photo or a briefing note: up to {filesMax} files, {limitMb} MB in all. PDF, Word, Excel, PowerPoint, CSV, plain text, or
              PNG, JPEG, WebP or GIF images.
              {data && "hadFiles" in data && data.hadFiles ? " Choose your files again: they are not kept while the form has errors." : ""}
            </>
          }
          error={errors.files}
        />
        <SelectField
          name="department" label="Which service is asking?" defaultValue={values.department ?? homeDepartment} error={errors.department}
          options={[{ value: "", label: "Not a single service" }, ...departments.map((d) => ({ value: d.slug, label: d.name }))]}
        />
        <fieldset className="form-group">
          <legend className="label">Does it involve any of these?</legend>
          <Checkbox
            name="involvesCouncillors" label="Councillors or candidates" defaultChecked={values.involvesCouncillors === "on"}
            hint="Publicity about councillors has rules of its own, and is restricted before an election."
          />
          <Checkbox
            name="involvesPersonalData" label="Residents’ personal data, such as names, photos or addresses" defaultChecked={values.involvesPersonalData === "on"}
            hint="We need the person’s consent, or another lawful reason, before we publish anything about them."
          />
          <Checkbox
            name="involvesConsultation" label="A consultation" defaultChecked={values.involvesConsultation === "on"}
            hint="Consultations must be fair and balanced, and open long enough for people to reply."
          />
        </fieldset>
        <button type="submit" className="button">
          Send request
        </button>
      </Form>
    </div>
  );
}
