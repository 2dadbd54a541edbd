/**
 * /events/mine: the person's bookings (upcoming, then past with feedback to give) and their
 * private calendar feed address, which they can reset (the same personal feed token as the
 * news feeds, decision 073: resetting it changes those addresses too, and says so).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { canSeeEvent } from "~/access/events.server";
import { learningActor } from "~/commands/events.server";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { EventSummary } from "~/components/events/EventSummary";
import { pageTitle } from "~/components/meta";
import { listAttendedEventIds, listBookingsOfPerson } from "~/models/event-booking.server";
import { listEventsBetween } from "~/models/event.server";
import { getOrCreateFeedToken, resetFeedToken } from "~/models/notification-prefs.server";
import { presentEvent } from "~/presenters/events.server";
import { requireUser } from "~/utils/auth.server";
import { assertCsrf } from "~/utils/csrf.server";
import { getDb } from "~/utils/db.server";
import { feedBaseUrl } from "~/utils/feed.server";
import { readForm, SMALL_FORM } from "~/utils/request-body.server";
import { READING_PAGE } from "~/utils/page-scripts";

/** A staff reading page: sent without the framework's scripts (decision 215). */
export const handle = READING_PAGE;

export const meta: MetaFunction = () => pageTitle("Your bookings");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await learningActor(await requireUser(request));
  const db = await getDb();
  const now = new Date();
  const bookings = await listBookingsOfPerson(db, user.id);
  const status = new Map(bookings.map((b) => [b.eventId, b.status]));
  const attendedIds = await listAttendedEventIds(db, user.id);
  const events = (await listEventsBetween(db, { ids: [...new Set([...status.keys(), ...attendedIds])] })).filter((e) => canSeeEvent(user, e));
  const at = now.toISOString();
  const token = await getOrCreateFeedToken(db, user.id);
  return json({
    csrfToken: user.csrfToken,
    upcoming: events.filter((e) => e.endsAt > at && status.has(e.id)).map((e) => presentEvent(e, user, now, status.get(e.id) ?? null)),
    past: events.filter((e) => e.endsAt <= at && attendedIds.includes(e.id)).reverse().slice(0, 50).map((e) => presentEvent(e, user, now, null)),
    feedUrl: `${feedBaseUrl(request)}/events/feed.ics?token=${token}`,
    reset: new URL(request.url).searchParams.get("reset") === "1",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request, SMALL_FORM);
  assertCsrf(request, form, user.csrfToken);
  if (form.get("intent") === "reset-feed-token") await resetFeedToken(await getDb(), user.id);
  return redirect("/events/mine?reset=1#calendar-feed");
}

export default function MyBookings() {
  const { upcoming, past, feedUrl, csrfToken, reset } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Events and training", to: "/events" }, { label: "Your bookings" }]} />
      <h1>Your bookings</h1>
      <h2>Coming up</h2>
      {upcoming.length ? (
        <ul className="item-list">
          {upcoming.map((e) => (
            <li key={e.id}>
              <EventSummary event={e} headingLevel={3} />
            </li>
          ))}
        </ul>
      ) : (
        <p>
          You have not booked anything yet. <Link to="/events">See events and training</Link>.
        </p>
      )}
      {past.length ? (
        <>
          <h2>Events you went to</h2>
          <ul className="item-list">
            {past.map((e) => (
              <li key={e.id}>
                <EventSummary event={e} headingLevel={3} />
                <p>
                  <Link to={`/events/${e.id}/feedback`}>
                    Give feedback<span className="visually-hidden"> on {e.title}</span>
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="calendar-feed">Your calendar feed</h2>
      {reset ? (
        <div className="notice banner--success" role="status">
          <p>Your feed addresses have changed. The old ones no longer work.</p>
        </div>
      ) : null}
      <p>
        Subscribe to this address in your calendar app to see the events you have booked. It works without signing in, so keep it to yourself.
        Cancelled events disappear from it.
      </p>
      <p className="feed-url">
        <label htmlFor="calendar-feed-url">Calendar feed address</label>
        <input id="calendar-feed-url" readOnly value={feedUrl} />
      </p>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrfToken} />
        <p className="hint">If someone else has the address, reset it. This also changes the addresses of your news feeds.</p>
        <button type="submit" name="intent" value="reset-feed-token" className="button button--secondary">
          Reset my feed addresses
        </button>
      </Form>
    </>
  );
}
