/**
 * /events/:id/feedback: a short form for people who came, after the event: a rating from 1
 * to 5 and an optional comment. Organisers see the answers without names (the register page).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { eventProblem, learningActor, leaveEventFeedback } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { ErrorSummary, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { findOwnFeedback, hasAttended } from "~/models/event-booking.server";
import { eventForViewer } from "~/presenters/events.server";
import { FeedbackSchema } from "~/schemas/events";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";

export const meta: MetaFunction = () => pageTitle("Feedback on an event");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const db = await getDb();
  const event = await eventForViewer(db, user, id);
  const open = event.startsAt <= new Date().toISOString() && (await hasAttended(db, id, user.id));
  return json({ csrfToken: user.csrfToken, event: { id, title: event.title }, open, own: (await findOwnFeedback(db, id, user.id)) ?? null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  const parsed = FeedbackSchema.safeParse({ rating: fields.rating ?? "", comment: fields.comment ?? "" });
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), comment: (fields.comment ?? "").slice(0, 2000) }, { status: 400 });
  try {
    await leaveEventFeedback(user, id, parsed.data.rating, parsed.data.comment);
  } catch (err) {
    const problem = eventProblem(err);
    if (problem.status === 404) throw notFound();
    return json({ errors: { rating: problem.message } as Record<string, string>, comment: parsed.data.comment }, { status: problem.status });
  }
  return redirect(`/events/${id}?done=feedback`);
}

export default function EventFeedback() {
  const { event, open, own, csrfToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, { label: event.title, to: `/events/${event.id}` }, { label: "Feedback" }]} />
      <ErrorSummary errors={errors} fields={["rating", "comment"]} anchors={{ rating: "rating-5" }} />
      <h1>How was {event.title}?</h1>
      {!open ? (
        <p>Feedback opens after the event, for people the organiser marked as there.</p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrfToken} />
          <div className={`form-group${errors.rating ? " form-group--error" : ""}`}>
            <fieldset aria-describedby={errors.rating ? "rating-error" : "rating-hint"}>
              <legend className="label">Your rating</legend>
              <p className="hint" id="rating-hint">
                5 is the best. The organiser sees ratings and comments without your name.
              </p>
              {errors.rating ? (
                <p className="field-error" id="rating-error">
                  <span className="visually-hidden">Error:</span> {errors.rating}
                </p>
              ) : null}
              <div className="radios--inline">
                {[5, 4, 3, 2, 1].map((r) => (
                  <div className="radio" key={r}>
                    <input type="radio" id={`rating-${r}`} name="rating" value={r} defaultChecked={own?.rating === r} />
                    <label htmlFor={`rating-${r}`}>{r}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <TextArea name="comment" label="Comment (optional)" hint="What worked, and what would make it better" defaultValue={data?.comment ?? own?.comment ?? ""} error={errors.comment} maxLength={2000} rows={4} />
          <button type="submit" className="button">
            Send feedback
          </button>
        </Form>
      )}
    </div>
  );
}
