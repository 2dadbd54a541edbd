/**
 * /mentoring/pairs/:id: a mentoring pair's own page — goals, how often they meet, the
 * private session log, ending with feedback for the coordinator. Only the two of them: for
 * anyone else (coordinators and administrators too) the page does not exist (404).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { endPair, logMeeting, mentoringProblem, setGoals } from "~/commands/mentoring.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { DateInput } from "~/components/DateInput";
import { ErrorSummary, SelectField, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { loadPairPage } from "~/presenters/mentoring.server";
import { checkDate, datePartsOf, readDateParts } from "~/schemas/date-input";
import { EndPairForm, GoalsForm, LogEntryForm, MEET_EVERY_CHOICES } from "~/schemas/mentoring";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { formatDate, ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Mentoring pair");

function pairId(raw: string | undefined): number {
  const id = Number(raw);
  if (!/^\d{1,9}$/.test(raw ?? "") || !Number.isSafeInteger(id) || id < 1) throw notFound("We could not find that mentoring pair.");
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pair = await loadPairPage(await getDb(), user, pairId(params.id));
  if (!pair) throw notFound("We could not find that mentoring pair.");
  return json({ pair, csrfToken: user.csrfToken, today: ukTodayIso(), saved: new URL(request.url).searchParams.get("saved") });
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = pairId(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const intent = fields.intent;
  const fail = (errors: Errors, status = 400) => json({ intent, errors, values: fields }, { status });
  try {
    if (intent === "goals") {
      const parsed = GoalsForm.safeParse(fields);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      await setGoals(user, id, parsed.data.goals, parsed.data.meetEveryDays);
      return redirect(`/mentoring/pairs/${id}?saved=goals`);
    }
    if (intent === "log") {
      const parsed = LogEntryForm.safeParse(fields);
      const metOn = checkDate(readDateParts(form, "metOn"), "Date you met", { required: true });
      if (!parsed.success || !metOn.ok) return fail({ ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(metOn.ok ? {} : { metOn: metOn.message }) });
      await logMeeting(user, id, metOn.value!, parsed.data.notes);
      return redirect(`/mentoring/pairs/${id}?saved=log#log`);
    }
    if (intent === "end") {
      const parsed = EndPairForm.safeParse(fields);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      await endPair(user, id, parsed.data.feedback);
      return redirect(`/mentoring/pairs/${id}?saved=ended`);
    }
  } catch (err) {
    const p = mentoringProblem(err);
    if (p.status === 404) throw notFound(p.message);
    return fail({ [p.field ?? "form"]: p.message }, p.status);
  }
  return fail({ form: "Choose what to save." });
}

const SAVED: Record<string, string> = { goals: "Your goals were saved.", log: "Your meeting was logged.", ended: "This mentoring has ended. Thank you." };

export default function Pair() {
  const { pair, csrfToken, today, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Errors = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const is = (intent: string) => data?.intent === intent;
  const active = pair.status === "active";
  const every = MEET_EVERY_CHOICES.find((c) => c.value === String(pair.meetEveryDays))?.label.toLowerCase() ?? `every ${pair.meetEveryDays} days`;
  return (
    <>
      <Breadcrumbs items={[{ label: "Mentoring", to: "/mentoring" }, { label: `${pair.mentorName} and ${pair.menteeName}` }]} />
      <ErrorSummary errors={errors} fields={["goals", "meetEveryDays", "metOn", "notes", "feedback"]} anchors={{ metOn: "metOn-day" }} />
      <h1>
        Mentoring on “{pair.tag}”
      </h1>
      {saved && SAVED[saved] ? (
        <div className="banner banner--success" role="status">
          <p>{SAVED[saved]}</p>
        </div>
      ) : null}
      <p>
        {pair.mentorName} mentors {pair.menteeName}, since {formatDate(pair.startedAt)}
        {pair.endedAt ? `, ended ${formatDate(pair.endedAt)}` : ""}. You agreed to meet {every}.
        {active ? <> Next meeting due by {formatDate(pair.nextDue)}.</> : null}
      </p>
      <p className="inset">Only the two of you can read this page: not the mentoring coordinator, administrators or search.</p>

      <h2>Goals</h2>
      {pair.goals ? <p className="pre-line">{pair.goals}</p> : <p>You have not written down your goals yet.</p>}
      {active ? (
        <details open={!pair.goals || is("goals")}>
          <summary>{pair.goals ? "Change your goals or how often you meet" : "Write down your goals"}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrfToken} />
            <TextArea name="goals" label="Goals you agreed" hint="One goal a line" defaultValue={is("goals") ? values.goals : pair.goals} error={is("goals") ? errors.goals : undefined} maxLength={2000} rows={5} />
            <SelectField
              name="meetEveryDays" label="How often you meet" hint="We remind you both if no meeting is logged for this long."
              defaultValue={is("goals") ? values.meetEveryDays : String(pair.meetEveryDays)} error={is("goals") ? errors.meetEveryDays : undefined} options={MEET_EVERY_CHOICES}
            />
            <button type="submit" name="intent" value="goals" className="button">Save goals</button>
          </Form>
        </details>
      ) : null}

      <h2 id="log">Meetings</h2>
      {active ? (
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrfToken} />
          <DateInput
            id="metOn" name="metOn" legend="Date you met"
            value={is("log") ? { day: values["metOn-day"] ?? "", month: values["metOn-month"] ?? "", year: values["metOn-year"] ?? "" } : datePartsOf(today)}
            error={is("log") ? errors.metOn : undefined}
          />
          <TextArea name="notes" label="Notes (optional)" hint="What you talked about and what you will do next. Only the two of you can read them." defaultValue={is("log") ? values.notes : ""} error={is("log") ? errors.notes : undefined} maxLength={4000} rows={4} />
          <button type="submit" name="intent" value="log" className="button">Log this meeting</button>
        </Form>
      ) : null}
      {pair.log.length ? (
        <ol className="mentoring-log" reversed>
          {pair.log.map((l) => (
            <li key={l.id}>
              <h3>{formatDate(l.metOn)}</h3>
              <p className="hint">Logged by {l.byYou ? "you" : l.authorName}</p>
              {l.notes ? <p className="pre-line">{l.notes}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>No meeting logged yet.</p>
      )}

      {active ? (
        <>
          <h2>End this mentoring</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrfToken} />
            <TextArea
              name="feedback" label="Feedback for the mentoring coordinator (optional)"
              hint="How it went, and anything the coordinator should know. The coordinator reads this; your goals and log stay private."
              defaultValue={is("end") ? values.feedback : ""} error={is("end") ? errors.feedback : undefined} maxLength={1000} rows={3}
            />
            <button type="submit" name="intent" value="end" className="button button--warning">End mentoring</button>
          </Form>
        </>
      ) : (
        <p>
          <Link to="/mentoring">Back to mentoring</Link>
        </p>
      )}
    </>
  );
}
