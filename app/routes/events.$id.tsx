/**
 * /events/:id: one event — what, when, where, places — with book / cancel, the .ics file,
 * feedback for people who came, and for organisers: edit, register, cancel the event.
 * 404 for events the viewer may not see (audience rule, drafts).
 */
import { visibleItemsSql } from "~/access/audience.server";
import { linksForReader } from "~/presenters/item-body.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { bookEvent, cancelBooking, cancelEvent, eventProblem, learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { placesText } from "~/components/events/EventSummary";
import { DoneNotice, ErrorSummary, TextArea } from "~/components/FormFields";
import { pageTitle } from "~/components/meta";
import { RichText } from "~/components/RichText";
import { findBooking, findOwnFeedback, hasAttended } from "~/models/event-booking.server";
import { listEventsBetween, listPeopleByIds } from "~/models/event.server";
import { eventForViewer, presentEvent } from "~/presenters/events.server";
import { CancelEventSchema } from "~/schemas/events";
import { idParam } from "~/utils/admin.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { fieldErrors, formFields, readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.event.title ?? "Event");

const DONE: Record<string, string> = {
  booked: "You have a place. We have emailed you the details.",
  waiting: "The event is full, so you are on the waiting list. We will email you if a place comes up.",
  pending: "Your booking needs the organiser's approval. We will email you when they decide.",
  cancelled: "Your booking is cancelled.",
  "event-cancelled": "The event is cancelled and everyone booked has been told.",
  saved: "The event is saved.",
  feedback: "Thank you for your feedback.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const db = await getDb();
  const event = await eventForViewer(db, user, id);
  const now = new Date();
  const booking = await findBooking(db, id, user.id);
  const active = booking && ["booked", "waiting", "pending"].includes(booking.status) ? booking.status : null;
  const card = presentEvent(event, user, now, active);
  const attended = await hasAttended(db, id, user.id);
  const coOrganisers = await listPeopleByIds(db, event.coOrganiserIds);
  const teamSessions = event.cascadeWeeks ? (await listEventsBetween(db, { cascadeParentId: id, statuses: ["published"] })).length : 0;
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return json({
    csrfToken: user.csrfToken,
    event: { ...card, descriptionHtml: await linksForReader(db, event.descriptionHtml, visibleItemsSql(user)), coOrganisers: coOrganisers.map((p) => p.name), declined: booking?.status === "declined" },
    feedback: attended && event.startsAt <= now.toISOString() ? { given: !!(await findOwnFeedback(db, id, user.id)) } : null,
    attended,
    teamSessions,
    done: DONE[done] ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const id = idParam(params.id);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  const fields = formFields(form);
  try {
    if (fields.intent === "book") return redirect(`/events/${id}?done=${await bookEvent(user, id)}`);
    if (fields.intent === "cancel-booking") {
      await cancelBooking(user, id);
      return redirect(`/events/${id}?done=cancelled`);
    }
    if (fields.intent === "cancel-event") {
      const parsed = CancelEventSchema.safeParse(fields);
      if (!parsed.success) return json({ message: null, errors: fieldErrors(parsed.error) }, { status: 400 });
      await cancelEvent(user, id, parsed.data.reason);
      return redirect(`/events/${id}?done=event-cancelled`);
    }
  } catch (err) {
    const problem = eventProblem(err);
    if (problem.status === 404) throw new Response(problem.message, { status: 404 });
    return json({ message: problem.message, errors: {} as Record<string, string> }, { status: problem.status });
  }
  return json({ message: "Choose what to do.", errors: {} as Record<string, string> }, { status: 400 });
}

export default function EventPage() {
  const { event: e, csrfToken, feedback, done, teamSessions, attended } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="two-thirds">
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, { label: e.title }]} />
      <DoneNotice text={done} />
      <ErrorSummary errors={{ form: data?.message ?? undefined }} fields={[]} />
      <p className="muted">{e.typeLabel}</p>
      <h1>
        {e.title}
        {e.status === "cancelled" ? " (cancelled)" : e.status === "draft" ? " (draft)" : ""}
      </h1>
      <dl className="summary-list">
        <div>
          <dt>When</dt>
          <dd>{e.when}</dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {e.place || (e.onlineUrl ? "Online" : "To be confirmed")}
            {e.onlineUrl && (e.booking === "booked" || e.canEdit) ? (
              <>
                {" "}
                (<a href={e.onlineUrl}>join online</a>)
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Organiser</dt>
          <dd>{[e.organiserName, ...e.coOrganisers].join(", ")}</dd>
        </div>
        {e.departmentName ? (
          <div>
            <dt>Department</dt>
            <dd>{e.departmentName}</dd>
          </div>
        ) : null}
        <div>
          <dt>Places</dt>
          <dd>
            {placesText(e)}
            {e.requiresApproval ? ". The organiser approves each booking." : ""}
          </dd>
        </div>
      </dl>
      {e.status === "published" ? (
        <section aria-labelledby="booking">
          <h2 id="booking">Your booking</h2>
          {e.booking === "booked" ? <p>You have a place.</p> : e.booking === "waiting" ? <p>You are on the waiting list.</p> : e.booking === "pending" ? <p>Your booking is waiting for the organiser's approval.</p> : e.declined ? <p>The organiser did not approve your booking.</p> : null}
          {e.booking ? (
            <Form method="post">
              <input type="hidden" name="csrf" value={csrfToken} />
              <button type="submit" name="intent" value="cancel-booking" className="button button--secondary">
                Cancel my booking
              </button>
            </Form>
          ) : e.bookingOpen && !e.declined ? (
            <Form method="post">
              <input type="hidden" name="csrf" value={csrfToken} />
              <button type="submit" name="intent" value="book" className="button">
                {e.full && !e.requiresApproval ? "Join the waiting list" : "Book a place"}
              </button>
            </Form>
          ) : e.bookingReason && !attended ? (
            <p>{e.bookingReason}</p>
          ) : null}
          <p>
            <a href={`/events/${e.id}/calendar.ics`} download>
              Add to your calendar (.ics file)
            </a>
          </p>
        </section>
      ) : null}
      {feedback ? (
        <p>
          <Link to={`/events/${e.id}/feedback`}>{feedback.given ? "Change your feedback on this event" : "Tell the organiser how it went (feedback)"}</Link>
        </p>
      ) : null}
      <h2>About this event</h2>
      <RichText html={e.descriptionHtml} />
      {e.cascadeWeeks ? (
        <p className="inset">
          This workshop starts a skills cascade: everyone who comes is asked to run the session for their own team within {e.cascadeWeeks}{" "}
          {e.cascadeWeeks === 1 ? "week" : "weeks"}. {teamSessions} team {teamSessions === 1 ? "session has" : "sessions have"} been arranged so far.
          {attended ? (
            <>
              {" "}
              <Link to={`/events/${e.id}/cascade`}>Arrange your team session</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {e.canEdit ? (
        <section aria-labelledby="organise">
          <h2 id="organise">Organise</h2>
          <ul className="plain-list">
            {e.status !== "cancelled" ? (
              <li>
                <Link to={`/events/${e.id}/edit`}>Edit the event</Link>
              </li>
            ) : null}
            <li>
              <Link to={`/events/${e.id}/register`}>
                Bookings, attendance register and feedback ({e.booked} booked, {e.waiting} waiting, {e.pending} to approve)
              </Link>
            </li>
          </ul>
          {e.status !== "cancelled" ? (
            <Form method="post">
              <input type="hidden" name="csrf" value={csrfToken} />
              <TextArea name="reason" label="Cancel the event" hint="Everyone booked or waiting is emailed, with this reason if you give one (optional)." error={data?.errors?.reason} maxLength={1000} />
              <button type="submit" name="intent" value="cancel-event" className="button button--warning">
                Cancel the event
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
