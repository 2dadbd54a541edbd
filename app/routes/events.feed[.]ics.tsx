/**
 * /events/feed.ics?token=…: a person's private calendar feed (their bookings), for calendar
 * apps that cannot sign in. The token is the personal feed token of the news feeds
 * (decision 073), reset on /events/mine or /me; a reset stops the old address at once.
 * Cancelled events are left out, so subscribed calendars drop them.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canSeeEvent } from "~/access/events.server";
import { listBookingsOfPerson } from "~/models/event-booking.server";
import { listEventsBetween } from "~/models/event.server";
import { personalCalendar } from "~/presenters/calendar.server";
import { getDb } from "~/utils/db.server";
import { feedBaseUrl, requireFeedViewer } from "~/utils/feed.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireFeedViewer(request);
  const db = await getDb();
  const bookings = await listBookingsOfPerson(db, viewer.id);
  const status = new Map(bookings.map((b) => [b.eventId, b.status]));
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const events = (await listEventsBetween(db, { ids: [...status.keys()], from: since, statuses: ["published"] })).filter((e) => canSeeEvent(viewer, e));
  const body = personalCalendar(events.map((event) => ({ event, confirmed: status.get(event.id) === "booked" })), feedBaseUrl(request), "Riverside intranet: my events");
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store" } });
}
