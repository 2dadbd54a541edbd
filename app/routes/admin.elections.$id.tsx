/**
 * /admin/elections/:id: one pre-election period (decision 161): change it, the list of
 * candidates and councillors (paste, or upload a CSV), its log, and the report (CSV).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/Link";
import { periodErrors, periodFormOptions, periodFormValues, periodPage, readPeriodForm, requirePeriodManager, savePeriod, setCandidates } from "~/commands/elections.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { PeriodForm } from "~/components/duties/PeriodForm";
import { CsrfField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { idParam } from "~/utils/admin.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { notFound } from "~/utils/http.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? data.period.title : "Period not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePeriodManager(request);
  const db = await getDb();
  const page = await periodPage(db, idParam(params.id));
  if (!page) throw notFound();
  return json({
    period: { id: page.period.id, title: page.period.title, noticeOn: page.period.noticeOn, pollingOn: page.period.pollingOn },
    values: periodFormValues(page.period), candidates: page.candidates, log: page.log, csrfToken: user.csrfToken, ...(await periodFormOptions(db, user)),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePeriodManager(request);
  const id = idParam(params.id);
  const form = await readForm(request, { ...SMALL_FORM, maxBytes: 512 * 1024 });
  assertCsrf(request, form, user.csrfToken);
  if (form.get("intent") === "candidates") {
    const file = form.get("file");
    const text = file && typeof file !== "string" && file.size > 0 ? await file.text() : String(form.get("candidates") ?? "");
    const r = await setCandidates(user, id, text.slice(0, 400_000));
    if (!r.ok) return json({ errors: r.errors, values: null, candidatesText: text.slice(0, 20_000) }, { status: 400 });
    return redirect(`/admin/elections/${id}?done=candidates`);
  }
  const { values, input, errors } = readPeriodForm(form);
  // Wrong dates: say everything that is wrong, save nothing.
  if (Object.keys(errors).length) return json({ values, errors: { ...periodErrors(input), ...errors }, candidatesText: null }, { status: 400 });
  const saved = await savePeriod(user, id, input);
  if (!saved.ok || Object.keys(errors).length) return json({ values, errors: { ...(saved.ok ? {} : saved.errors), ...errors }, candidatesText: null }, { status: 400 });
  return redirect(`/admin/elections/${id}?done=saved`);
}

const DONE: Record<string, string> = { created: "Period recorded.", saved: "Changes saved.", candidates: "The list of names is saved." };

export default function PeriodPage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = DONE[search.get("done") ?? ""];
  const errors = answer?.errors ?? {};
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Pre-election periods", to: "/admin/elections" }, { label: data.period.title }]} />
      <h1>{data.period.title}</h1>
      {done && !answer ? <div className="banner banner--success" role="status"><p>{done}</p></div> : null}
      <p>
        From {formatDate(data.period.noticeOn)} to polling day, {formatDate(data.period.pollingOn)} (UK time).{" "}
        <a href={`/admin/elections/${data.period.id}/report.csv`} download>Download the report (CSV)</a>
      </p>

      <h2>Candidates and councillors</h2>
      <p>Their names are marked in the editor's preview and on the publicity review page. One a line: name, role, party, ward (only the name is needed).</p>
      <Form method="post" encType="multipart/form-data">
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="candidates" />
        {errors.candidates ? <p className="field-error" id="candidates-error"><span className="visually-hidden">Error:</span> {errors.candidates}</p> : null}
        <div className="form-group">
          <label htmlFor="candidates">Paste the list</label>
          <textarea id="candidates" name="candidates" rows={8} aria-describedby={errors.candidates ? "candidates-error" : undefined}
            defaultValue={answer?.candidatesText ?? data.candidates.map((c) => [c.name, c.role, c.party, c.ward].map((v) => (/[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(", ")).join("\n")} />
        </div>
        <div className="form-group">
          <label htmlFor="file">Or upload a CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <button type="submit" className="button">Save the list ({data.candidates.length} now)</button>
      </Form>

      <h2>Change the period</h2>
      <PeriodForm
        csrfToken={data.csrfToken} values={answer?.values ?? data.values} errors={answer?.values ? errors : {}} kinds={data.kinds}
        departments={data.departments} guides={data.guides} submitLabel="Save changes"
      />

      <h2>Log</h2>
      {data.log.length ? (
        <ScrollTable caption="What happened in this period, oldest first" captionHidden className="table">
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Page</th><th scope="col">By</th><th scope="col">Detail</th></tr></thead>
          <tbody>
            {data.log.map((l) => (
              <tr key={l.id}>
                <td>{formatDateTime(l.at)}</td>
                <td>{l.event}</td>
                <td>{l.itemId ? <Link to={`/editor/${l.itemId}`}>{l.itemTitle}</Link> : l.itemTitle}</td>
                <td>{l.actorName ?? "The intranet"}</td>
                <td>{l.detail}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : <p>Nothing yet.</p>}
    </>
  );
}
