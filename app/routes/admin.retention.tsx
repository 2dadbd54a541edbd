/**
 * /admin/retention: the retention schedule, the disposal queue (approve or defer in a
 * batch), legal holds and disposal records (decision 162). Information-governance officers only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { decideDisposals, ensureDefaultSchedule, HoldSchema, liftHold, placeHold, requireIgOfficer, saveRule } from "~/commands/retention.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { CsrfField, ErrorSummary, SelectField, TextField } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { listActiveHolds, listDisposalQueue, listDisposalRecords, listRules, ruleSummary } from "~/models/retention.server";
import { findUserByEmail } from "~/models/user.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb, nowIso } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { badRequest } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction = () => pageTitle("Records and retention");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireIgOfficer(request);
  const db = await getDb();
  await db.transaction((tx) => ensureDefaultSchedule(tx, nowIso()));
  const rules = (await listRules(db)).map((r) => ({ ...r, summary: ruleSummary(r) }));
  return json({
    csrfToken: user.csrfToken, rules, queue: await listDisposalQueue(db, nowIso()), holds: await listActiveHolds(db), records: await listDisposalRecords(db, 50),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireIgOfficer(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const intent = String(form.get("intent") ?? "");
  if (intent === "approve" || intent === "defer") {
    const ids = form.getAll("entry").map(String).filter((v) => /^\d{1,9}$/.test(v)).map(Number);
    if (ids.length === 0) return json({ intent, errors: { entry: "Choose at least one record" } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
    const r = await decideDisposals(user, ids, intent);
    return redirect(`/admin/retention?done=${intent}&disposed=${r.disposed.length}&held=${r.held.length}&deferred=${r.deferred.length}`);
  }
  if (intent === "rule") {
    const values = formFields(form);
    const r = await saveRule(user, values);
    return r.ok ? redirect("/admin/retention?done=rule") : json({ intent, errors: r.errors, values }, { status: 400 });
  }
  if (intent === "hold") {
    const values = formFields(form);
    const parsed = HoldSchema.safeParse({ ...values, itemId: values.itemId || undefined, userEmail: values.userEmail || undefined });
    if (!parsed.success) return json({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
    let userId: number | null = null;
    if (parsed.data.kind === "person") {
      const person = await findUserByEmail(await getDb(), parsed.data.userEmail!);
      if (!person) return json({ intent, errors: { userEmail: "There is no one with that email address" } as Record<string, string>, values }, { status: 400 });
      userId = person.id;
    }
    await placeHold(user, { kind: parsed.data.kind, itemId: parsed.data.itemId ?? null, userId, searchText: parsed.data.searchText, reason: parsed.data.reason });
    return redirect("/admin/retention?done=hold");
  }
  if (intent === "release") {
    const id = String(form.get("holdId") ?? "");
    if (!/^\d{1,9}$/.test(id)) throw badRequest("Choose a hold to release.");
    await liftHold(user, Number(id));
    return redirect("/admin/retention?done=released");
  }
  throw badRequest("We did not understand that request.");
}

const TRIGGERS = ["published", "last-changed", "superseded", "expired", "archived", "account-closed", "created"].map((v) => ({ value: v, label: v }));
const ACTIONS = [
  { value: "review", label: "Review" }, { value: "destroy", label: "Destroy (after approval)" }, { value: "keep", label: "Keep permanently" },
  { value: "destroy-automatically", label: "Destroy automatically" },
];

export default function Retention() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const errorsFor = (intent: string): Record<string, string> => (answer && answer.intent === intent ? answer.errors : {});
  const valuesFor = (intent: string): Record<string, string> => (answer && answer.intent === intent ? answer.values : {});
  return (
    <>
      <Breadcrumbs items={[{ label: "Administration", to: "/admin" }, { label: "Records and retention" }]} />
      <h1>Records and retention</h1>
      {done && !answer ? (
        <div className="banner banner--success" role="status">
          <p>
            {done === "approve"
              ? `${search.get("disposed")} disposed of; ${search.get("held")} skipped because a legal hold covers them.`
              : done === "defer" ? `${search.get("deferred")} deferred for a year.` : "Saved."}
          </p>
        </div>
      ) : null}

      <h2>Waiting for a decision</h2>
      {data.queue.length === 0 ? <p>Nothing is waiting.</p> : (
        <Form method="post">
          <CsrfField token={data.csrfToken} />
          {errorsFor("approve").entry || errorsFor("defer").entry ? <p className="field-error"><span className="visually-hidden">Error:</span> Choose at least one record</p> : null}
          <ScrollTable caption="Records that reached their retention rule" captionHidden className="table">
            <thead><tr><th scope="col">Choose</th><th scope="col">Record</th><th scope="col">Rule</th><th scope="col">Since</th></tr></thead>
            <tbody>
              {data.queue.map((q) => (
                <tr key={q.id}>
                  <td><input type="checkbox" name="entry" value={q.id} id={`entry-${q.id}`} aria-label={`Choose ${q.title}`} /></td>
                  <td><label htmlFor={`entry-${q.id}`}>{q.title} ({q.type} {q.itemId})</label></td>
                  <td>{q.ruleSummary}</td>
                  <td>{formatDate(q.dueAt)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <button type="submit" name="intent" value="approve" className="button button--warning">Dispose of the chosen records</button>{" "}
          <button type="submit" name="intent" value="defer" className="button button--secondary">Defer them for a year</button>
        </Form>
      )}

      <h2>Legal holds</h2>
      {data.holds.length ? (
        <ul>
          {data.holds.map((h) => (
            <li key={h.id}>
              {h.kind === "item" ? `Page: ${h.itemTitle ?? h.itemId}` : h.kind === "person" ? `Person: ${h.userName}` : `Search: “${h.searchText}”`} — {h.reason} (placed by {h.placedBy ?? "?"},{" "}
              {formatDateTime(h.placedAt)})
              <Form method="post" className="inline-form">
                <CsrfField token={data.csrfToken} />
                <input type="hidden" name="intent" value="release" />
                <input type="hidden" name="holdId" value={h.id} />
                <button type="submit" className="link-button">Release this hold</button>
              </Form>
            </li>
          ))}
        </ul>
      ) : <p>No holds.</p>}
      <h3>Place a hold</h3>
      <Form method="post" noValidate>
        <ErrorSummary errors={errorsFor("hold")} fields={["kind", "itemId", "userEmail", "searchText", "reason"]} />
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="hold" />
        <SelectField name="kind" label="Hold" options={[{ value: "item", label: "A page (by number)" }, { value: "person", label: "Everything of a person" }, { value: "search", label: "Everything matching a search" }]} defaultValue={valuesFor("hold").kind ?? "item"} error={errorsFor("hold").kind} />
        <TextField name="itemId" label="Page number (for a page)" width="short" defaultValue={valuesFor("hold").itemId} error={errorsFor("hold").itemId} />
        <TextField name="userEmail" label="Email address (for a person)" type="email" defaultValue={valuesFor("hold").userEmail} error={errorsFor("hold").userEmail} />
        <TextField name="searchText" label="Words (for a search)" defaultValue={valuesFor("hold").searchText} error={errorsFor("hold").searchText} />
        <TextField name="reason" label="Reason" hint="For example the FOI request or claim reference" defaultValue={valuesFor("hold").reason} error={errorsFor("hold").reason} />
        <button type="submit" className="button">Place the hold</button>
      </Form>

      <h2>The schedule</h2>
      <ScrollTable caption="Retention rules" captionHidden className="table">
        <thead><tr><th scope="col">Applies to</th><th scope="col">Rule</th><th scope="col">Note</th></tr></thead>
        <tbody>
          {data.rules.map((r) => (
            <tr key={r.id}><td>{r.recordType}{r.category ? ` (${r.category})` : ""}</td><td>{r.summary}</td><td>{r.note}</td></tr>
          ))}
        </tbody>
      </ScrollTable>
      <h3>Add or change a rule</h3>
      <Form method="post" noValidate>
        <ErrorSummary errors={errorsFor("rule")} fields={["recordType", "category", "trigger", "periodDays", "action", "note"]} />
        <CsrfField token={data.csrfToken} />
        <input type="hidden" name="intent" value="rule" />
        <TextField name="recordType" label="Applies to" hint="announcement, policy, guide, page_feedback, sessions, sign_in_attempts, search_query_days" defaultValue={valuesFor("rule").recordType} error={errorsFor("rule").recordType} />
        <TextField name="category" label="Category (optional)" hint="A tag: the rule then applies only to pages with that tag" defaultValue={valuesFor("rule").category} error={errorsFor("rule").category} />
        <SelectField name="trigger" label="Counted from" options={TRIGGERS} defaultValue={valuesFor("rule").trigger ?? "expired"} error={errorsFor("rule").trigger} />
        <TextField name="periodDays" label="Period in days" width="short" defaultValue={valuesFor("rule").periodDays} error={errorsFor("rule").periodDays} />
        <SelectField name="action" label="Then" options={ACTIONS} defaultValue={valuesFor("rule").action ?? "review"} error={errorsFor("rule").action} />
        <TextField name="note" label="Note (optional)" defaultValue={valuesFor("rule").note} error={errorsFor("rule").note} />
        <button type="submit" className="button">Save the rule</button>
      </Form>

      <h2>Disposal records</h2>
      {data.records.length ? (
        <ScrollTable caption="What was disposed of, newest first" captionHidden className="table">
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Rule</th><th scope="col">Approved by</th></tr></thead>
          <tbody>
            {data.records.map((r) => (
              <tr key={r.id}><td>{formatDateTime(r.disposedAt)}</td><td>{r.recordType} {r.recordId || ""} {r.title}</td><td>{r.ruleSummary}</td><td>{r.approvedBy ?? "Automatic (the rule says so)"}</td></tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : <p>Nothing disposed of yet.</p>}
    </>
  );
}
