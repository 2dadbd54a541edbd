/**
 * /admin/information-rights: freedom-of-information search and export of recorded
 * information, and subject access exports (decision 163). Information-governance officers
 * only; every export is audited. The page finds what to export (records by search; the person
 * by email, confirmed by name); the export buttons post to the resource route
 * /admin/information-rights/export, whose answer is the zip (a page route cannot answer with a file).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { z } from "zod";
import { findExportSubject } from "~/commands/information-rights.server";
import { REDACTION_CHOICES } from "~/utils/redaction";
import { requireIgOfficer } from "~/commands/retention.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { searchRecordedInformation } from "~/models/information-rights.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Information requests");

const Query = z.object({ q: z.string().trim().max(200).catch("") });
const SarForm = z.object({ email: z.string().trim().toLowerCase().email("Enter the person's email address, like name@riverside.gov.uk").max(200) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIgOfficer(request);
  const { q } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const hits = q.length >= 2 ? await searchRecordedInformation(await getDb(), q) : [];
  return json({ csrfToken: user.csrfToken, q, hits, searched: q.length >= 2, tooShort: q.length === 1 });
}

/** Finds the person for a subject access export, to confirm by name before the export. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIgOfficer(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const values = formFields(form);
  if (values.intent !== "find-person") throw badRequest("We did not understand that request.");
  const parsed = SarForm.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values, subject: null }, { status: 400 });
  const subject = await findExportSubject(user, parsed.data.email);
  if (!subject) return json({ errors: { email: "There is no one with that email address on the intranet" } as Record<string, string>, values, subject: null }, { status: 400 });
  return json({ errors: {} as Record<string, string>, values, subject: { name: subject.name, email: subject.email, jobTitle: subject.jobTitle } });
}

export default function InformationRights() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Records and retention", to: "/admin/retention" }, { label: "Information requests" }]} />
      <h1>Information requests</h1>
      <p className="lede">
        Find and export recorded information for a freedom of information request, or everything held about a person for a subject access request.
        Every export is recorded in the audit log.
      </p>

      <h2 id="foi">Freedom of information: find recorded information</h2>
      <p>Searches every record whatever its audience or status (drafts, archived and expired pages too): titles, summaries and every saved version&rsquo;s text.</p>
      <Form method="get" action="/admin/information-rights#foi" className="search-form">
        <TextField name="q" label="Words or a record number" defaultValue={data.q} error={data.tooShort ? "Enter at least 2 characters" : undefined} />
        <button type="submit" className="button">Search records</button>
      </Form>
      {data.searched ? (
        data.hits.length === 0 ? (
          <p role="status">No records match &ldquo;{data.q}&rdquo;.</p>
        ) : (
          <>
            <p role="status">{data.hits.length === 1 ? "1 record matches" : `${data.hits.length} records match`} &ldquo;{data.q}&rdquo;.</p>
            <ul className="item-list foi-results">
              {data.hits.map((h) => (
                <li key={h.id}>
                  <h3 className="item-title">{h.title}</h3>
                  <p className="item-meta">
                    {h.type} {h.id} · {h.status} · {h.revisions === 1 ? "1 version" : `${h.revisions} versions`} · last changed {formatDate(h.updatedAt)}
                  </p>
                  <Form method="post" action="/admin/information-rights/export" reloadDocument className="inline-form">
                    <CsrfField token={data.csrfToken} />
                    <input type="hidden" name="intent" value="foi" />
                    <input type="hidden" name="itemId" value={h.id} />
                    <div className="form-group">
                      <label className="label" htmlFor={`below-${h.id}`}>Names in the export</label>
                      <select id={`below-${h.id}`} name="below" defaultValue="none">
                        {REDACTION_CHOICES.map((c) => (
                          <option key={c.value} value={c.value}>{c.label}</option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" className="button button--secondary">Export {h.type} {h.id} (zip)</button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}

      <h2 id="sar">Subject access: everything held about a person</h2>
      <p>
        Searches every source in the register of personal data (the list is in the export). Other people&rsquo;s own words are withheld; staff acting in a
        work role are named.
      </p>
      <Form method="post" noValidate>
        <ErrorSummary errors={errors} fields={["email"]} />
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="find-person" />
        <TextField name="email" label="The person's email address" type="email" autoComplete="off" defaultValue={answer?.values?.email} error={errors.email} />
        <button type="submit" className="button button--secondary">Find the person</button>
      </Form>
      {answer?.subject ? (
        <div className="panel" role="status">
          <p>
            Export everything held about <strong>{answer.subject.name}</strong>
            {answer.subject.jobTitle ? `, ${answer.subject.jobTitle}` : ""} ({answer.subject.email})?
          </p>
          <Form method="post" action="/admin/information-rights/export" reloadDocument>
            <CsrfField token={data.csrfToken} />
            <input type="hidden" name="intent" value="sar" />
            <input type="hidden" name="email" value={answer.subject.email} />
            <button type="submit" className="button">Export everything about {answer.subject.name} (zip)</button>
          </Form>
        </div>
      ) : null}
      <p>
        <Link to="/admin/retention">Records and retention: the schedule, disposal and legal holds</Link>
      </p>
    </>
  );
}
