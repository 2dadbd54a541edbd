/**
 * iCalendar for events (decision 130): one event's `.ics` file and a person's private
 * calendar feed (their bookings), built with ical-generator. Times are UTC instants; all-day
 * events are whole UK days (DTSTART;VALUE=DATE). A cancelled event's own file says
 * STATUS:CANCELLED; feeds leave cancelled events out, so subscribed calendars drop them.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { EventRow } from "~/models/event.server";
import { isoDay } from "~/utils/dates";
import { markdownToText } from "~/utils/markdown.server";

/** "YYYY-MM-DD" → a Date whose UTC day is that day (for all-day events). */
function dayAsDate(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays, 12));
}

function eventData(event: EventRow, base: string, options: { tentative?: boolean } = {}) {
  const allDay = event.allDay;
  return {
    id: `event-${event.id}@${new URL(base).host}`,
    start: allDay ? dayAsDate(isoDay(event.startsAt)) : new Date(event.startsAt),
    end: allDay ? dayAsDate(isoDay(new Date(Date.parse(event.endsAt) - 1).toISOString()), 1) : new Date(event.endsAt),
    allDay,
    summary: event.title,
    description: `${markdownToText(event.descriptionMd).slice(0, 2000)}\n\n${base}/events/${event.id}`.trim(),
    location: [event.place, event.onlineUrl].filter(Boolean).join(" / ") || null,
    url: `${base}/events/${event.id}`,
    status: event.status === "cancelled" ? ICalEventStatus.CANCELLED : options.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    sequence: Math.floor(Date.parse(event.updatedAt) / 1000) % 2_000_000_000,
    stamp: new Date(event.updatedAt),
  };
}

/** One event as an `.ics` file to add to a calendar. */
export function eventIcs(event: EventRow, base: string): string {
  const cal = ical({ name: event.title, prodId: { company: "Riverside Council", product: "Intranet", language: "EN" }, method: ICalCalendarMethod.PUBLISH });
  cal.createEvent(eventData(event, base));
  return cal.toString();
}

/** A person's feed: the events they have a place at (tentative while waiting or awaiting approval); never cancelled ones. */
export function personalCalendar(events: { event: EventRow; confirmed: boolean }[], base: string, name: string): string {
  const cal = ical({ name, prodId: { company: "Riverside Council", product: "Intranet", language: "EN" }, ttl: 60 * 60 });
  for (const { event, confirmed } of events) if (event.status === "published") cal.createEvent(eventData(event, base, { tentative: !confirmed }));
  return cal.toString();
}
