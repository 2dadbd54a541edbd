/** /accessibility/report: report an accessibility problem (decision 164); it joins the comms team's queue. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { reportProblem } from "~/commands/accessibility.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Report an accessibility problem");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  return json({ csrfToken: user.csrfToken, sent: url.searchParams.get("sent") === "1", page: (url.searchParams.get("page") ?? "").slice(0, 500) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  const r = await reportProblem(user, values);
  if (!r.ok) return json({ errors: r.errors, values }, { status: 400 });
  return json({ errors: {} as Record<string, string>, values: {} as Record<string, string>, sent: true });
}

export default function ReportProblem() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer?.errors ?? {};
  const values = answer?.values ?? {};
  if (answer && "sent" in answer && answer.sent) {
    return (
      <>
        <Breadcrumbs items={[{ label: "Accessibility statement", to: "/accessibility" }, { label: "Report an accessibility problem" }]} />
        <h1>Thank you: we have your report</h1>
        <div className="banner banner--success" role="status">
          <p>The communications team will look at it and reply within 5 working days.</p>
        </div>
        <p>
          <Link to="/accessibility">Back to the accessibility statement</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={[{ label: "Accessibility statement", to: "/accessibility" }, { label: "Report an accessibility problem" }]} />
      <h1>Report an accessibility problem</h1>
      <p className="lede">Tell us what did not work for you. The communications team reads every report and replies within 5 working days.</p>
      <Form method="post" noValidate>
        <ErrorSummary errors={errors} fields={["page", "problem", "format"]} />
        <CsrfField token={data.csrfToken} />
        <TextField name="page" label="Which page, or what were you trying to do?" hint="For example the page's address or title" defaultValue={values.page ?? data.page} error={errors.page} />
        <TextArea name="problem" label="What went wrong?" hint="For example: the screen reader did not read the table, or the button could not be reached with the keyboard" rows={6} defaultValue={values.problem} error={errors.problem} />
        <TextField name="format" label="Do you need the information in another format? (optional)" hint="For example large print, easy read or audio" defaultValue={values.format} error={errors.format} />
        <button type="submit" className="button">Send the report</button>
      </Form>
    </>
  );
}
