/** /accessibility/report: report an accessibility problem (decision 164); it joins the comms team's queue. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { reportProblem } from "~/commands/accessibility.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextArea, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listReportsByReporter } from "~/models/accessibility.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Report an accessibility problem");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  return json({
    csrfToken: user.csrfToken,
    page: (url.searchParams.get("page") ?? "").slice(0, 500),
    mine: await listReportsByReporter(await getDb(), user.id),
    hasEmail: !!user.email,
  });
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
          <p>{data.hasEmail ? "We have emailed you a copy, and will email you when it changes." : "You can follow it on this page."}</p>
        </div>
        <YourReports reports={data.mine} />
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
      <YourReports reports={data.mine} />
    </>
  );
}

const STATUS_WORDS = { open: "Waiting to be looked at", "in-progress": "Being worked on", resolved: "Resolved" } as const;

/** The person's own reports and the answers, so someone without email can follow them too. */
function YourReports({ reports }: { reports: { id: number; page: string; status: keyof typeof STATUS_WORDS; response: string; handledAt: string | null; createdAt: string }[] }) {
  if (reports.length === 0) return null;
  return (
    <section aria-labelledby="your-reports">
      <h2 id="your-reports">Your reports</h2>
      <ul className="item-list">
        {reports.map((r) => (
          <li key={r.id}>
            <h3 className="item-title">{r.page}</h3>
            <p className="item-meta">Sent {formatDateTime(r.createdAt)} · {STATUS_WORDS[r.status]}{r.handledAt ? ` · answered ${formatDateTime(r.handledAt)}` : ""}</p>
            {r.response ? <p className="pre-wrap">{r.response}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
