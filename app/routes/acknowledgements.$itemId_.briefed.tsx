/**
 * Record a briefing in person (issue 18, decision 123): the date, the place, who led it, and
 * the people briefed, picked from the team list (those asked to read the item in the
 * departments the supervisor answers for). Works without JavaScript. A printable sign-off
 * sheet is on the team briefing and at ?sheet=1 here, to record afterwards.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateInput } from "~/components/DateInput";
import { DateText } from "~/components/DateText";
import { CsrfField, ErrorSummary, HintAndError, TextField } from "~/components/FormFields";
import { SignOffSheet } from "~/components/frontline/SignOffSheet";
import { pageTitle } from "~/components/meta";
import { recordBriefing } from "~/commands/briefings.server";
import { listPeopleInScope } from "~/models/acknowledgement.server";
import { listBriefings } from "~/models/briefing.server";
import { BriefingSchema } from "~/schemas/briefings";
import { checkDate, readDateParts, type DateParts } from "~/schemas/date-input";
import { loadCompletionItem } from "~/utils/acknowledgement-access.server";
import { assertCsrf } from "~/utils/csrf.server";
import { requireUser } from "~/utils/auth.server";
import { fieldErrors, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { ukClock } from "~/commands/digest.server";
import { ScrollTable } from "~/components/ScrollTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Briefed in person: ${data.item.title}` : "Page not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { departments, db, item, user } = await loadCompletionItem(request, params.itemId);
  const [people, briefings] = await Promise.all([listPeopleInScope(db, item.id, departments), listBriefings(db, item.id, departments)]);
  const url = new URL(request.url);
  return json({
    csrfToken: user.csrfToken,
    item: { id: item.id, title: item.title },
    people: people.map((p) => ({ id: p.userId, name: p.name, jobTitle: p.jobTitle, departmentName: p.departmentName, confirmedAt: p.confirmedAt, briefedOn: p.briefedOn })),
    briefings,
    recorded: url.searchParams.get("recorded"),
    sheet: url.searchParams.get("sheet") === "1",
    today: ukClock(new Date()).day,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The form's origin and token are checked before the item is looked up (no enumeration by cross-site posts).
  const signedIn = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, signedIn.csrfToken);
  const { departments, item, user } = await loadCompletionItem(request, params.itemId);
  const date = readDateParts(form, "briefedOn");
  const values = { place: String(form.get("place") ?? ""), ledBy: String(form.get("ledBy") ?? ""), people: form.getAll("people").map(String), date };
  const errors: Record<string, string> = {};
  const day = checkDate(date, "Date of the briefing", { required: true });
  if (!day.ok) errors.briefedOn = day.message;
  else if (day.value && day.value > ukClock(new Date()).day) errors.briefedOn = "Date of the briefing must be today or in the past";
  const parsed = BriefingSchema.safeParse({ place: values.place, ledBy: values.ledBy, people: values.people });
  if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error));
  if (Object.keys(errors).length || !parsed.success || !day.ok || !day.value) return json({ errors, values }, { status: 400 });
  const result = await recordBriefing(user, departments, item.id, { briefedOn: day.value, place: parsed.data.place, ledBy: parsed.data.ledBy, userIds: parsed.data.people });
  if (!result.ok) return json({ errors: { [result.field]: result.message }, values }, { status: 400 });
  return redirect(`/acknowledgements/${item.id}/briefed?recorded=${result.recorded}`);
}

const FIELDS = ["briefedOn", "place", "ledBy", "people"];

export default function Briefed() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = a?.errors ?? {};
  const chosen = new Set(a?.values.people ?? []);
  const date: DateParts = a?.values.date ?? { day: "", month: "", year: "" };
  if (d.sheet) return <SignOffSheet title={d.item.title} people={d.people} />;
  const notYet = d.people.filter((p) => !p.confirmedAt && !p.briefedOn);
  const done = d.people.filter((p) => p.confirmedAt || p.briefedOn);
  return (
    <>
      <Breadcrumbs items={[{ label: "Read and confirmed", to: "/acknowledgements" }, { label: d.item.title, to: `/acknowledgements/${d.item.id}` }, { label: "Briefed in person" }]} />
      <h1>Record a briefing in person</h1>
      <p className="lede">{d.item.title}</p>
      {d.recorded ? (
        <p className="notice" role="status">
          Recorded: {d.recorded} {d.recorded === "1" ? "person was" : "people were"} briefed in person. They count as reached and get no reminders.
        </p>
      ) : null}
      <ErrorSummary errors={errors} fields={FIELDS} anchors={{ briefedOn: "briefedOn-day", people: notYet[0] ? `person-${notYet[0].id}` : "people" }} />
      <p>
        For people without a device or email: brief them face to face, then record it here. You can{" "}
        <Link to={`/acknowledgements/${d.item.id}/briefed?sheet=1`}>print a sign-off sheet</Link> with their names to take to the briefing.
      </p>
      {notYet.length === 0 ? (
        <p>Everyone asked in your team has confirmed online or been briefed in person.</p>
      ) : (
        <Form method="post" reloadDocument noValidate>
          <CsrfField token={d.csrfToken} />
          <DateInput id="briefedOn" name="briefedOn" legend="Date of the briefing" value={date} error={errors.briefedOn} />
          <TextField name="place" label="Where" hint="For example: Depot canteen, Northgate" defaultValue={a?.values.place} error={errors.place} maxLength={120} />
          <TextField name="ledBy" label="Who led it" defaultValue={a?.values.ledBy} error={errors.ledBy} maxLength={120} autoComplete="name" />
          <fieldset className={`form-group${errors.people ? " form-group--error" : ""}`} id="people" aria-describedby={errors.people ? "people-error" : undefined}>
            <legend className="label">Who was briefed</legend>
            <HintAndError id="people" error={errors.people} />
            {notYet.map((p) => (
              <div className="checkbox" key={p.id}>
                <input type="checkbox" id={`person-${p.id}`} name="people" value={String(p.id)} defaultChecked={chosen.has(String(p.id))} />
                <label htmlFor={`person-${p.id}`}>
                  {p.name}
                  {p.jobTitle ? `, ${p.jobTitle}` : ""} <span className="muted">({p.departmentName})</span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button">
            Record the briefing
          </button>
        </Form>
      )}
      <h2>Briefings recorded</h2>
      {d.briefings.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ScrollTable caption="Briefings recorded" captionHidden>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Where</th>
              <th scope="col">Led by</th>
              <th scope="col" className="numeric">People in your team</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {d.briefings.map((b) => (
              <tr key={b.id}>
                <td>
                  <DateText value={b.briefedOn} />
                </td>
                <td>{b.place}</td>
                <td>{b.ledBy}</td>
                <td className="numeric">{b.attendees}</td>
                <td>{b.recordedByName ?? "Unknown"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {done.length > 0 ? <p className="muted">{done.length} of {d.people.length} asked have confirmed online or been briefed.</p> : null}
    </>
  );
}
