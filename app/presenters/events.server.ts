/**
 * What the events pages show (decision 130): events the viewer may see (the audience rule via
 * access/events.server.ts), shaped for lists, the month view, one event and "my bookings".
 */
import { bookingState, canEditEvent, canSeeEvent } from "~/access/events.server";
import type { Actor } from "~/access/permissions.server";
import { EVENT_TYPE_LABELS, findEvent, listEventsBetween, type EventFilter, type EventRow } from "~/models/event.server";
import type { BookingStatus } from "~/models/event-booking.server";
import { londonToUtc } from "~/schemas/content-dates";
import { isoDay } from "~/utils/dates";

const UK = "Europe/London";
const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: UK, weekday: "long", day: "numeric", month: "long", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: UK, hour: "numeric", minute: "2-digit", hourCycle: "h12" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });

function time(iso: string): string {
  return timeFormat.format(new Date(iso)).replace(/\s/g, "").replace(":00", "").toLowerCase();
}

/** "Wednesday 10 March 2027, 10am to 12pm"; all-day and multi-day events read as days. */
export function whenText(e: Pick<EventRow, "startsAt" | "endsAt" | "allDay">): string {
  const startDay = isoDay(e.startsAt);
  const lastDay = e.allDay ? isoDay(new Date(Date.parse(e.endsAt) - 1).toISOString()) : isoDay(e.endsAt);
  const day = (iso: string) => dayFormat.format(new Date(iso)).replace(",", "");
  if (e.allDay) return startDay === lastDay ? `${day(e.startsAt)} (all day)` : `${day(e.startsAt)} to ${day(new Date(Date.parse(e.endsAt) - 1).toISOString())} (all day)`;
  if (startDay === lastDay) return `${day(e.startsAt)}, ${time(e.startsAt)} to ${time(e.endsAt)}`;
  return `${day(e.startsAt)}, ${time(e.startsAt)} to ${day(e.endsAt)}, ${time(e.endsAt)}`;
}

export type EventCard = ReturnType<typeof presentEvent>;

export function presentEvent(e: EventRow, viewer: Actor, now = new Date(), booking: BookingStatus | null = null) {
  const state = bookingState(e, now);
  return {
    id: e.id, type: e.type, typeLabel: EVENT_TYPE_LABELS[e.type], title: e.title, when: whenText(e), startsAt: e.startsAt, endsAt: e.endsAt,
    day: isoDay(e.startsAt), allDay: e.allDay, place: e.place, onlineUrl: e.onlineUrl, organiserName: e.organiserName, departmentName: e.departmentName,
    capacity: e.capacity, booked: e.booked, waiting: e.waiting, pending: e.pending,
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.booked),
    status: e.status, bookingOpen: state.open, bookingReason: state.reason, full: state.full, requiresApproval: e.requiresApproval,
    canEdit: canEditEvent(viewer, e), booking, cascadeWeeks: e.cascadeWeeks, cascadeParentId: e.cascadeParentId,
  };
}

/** Events the viewer may see in the window; drafts only for those who may edit them. */
export async function visibleEvents(q: Parameters<typeof listEventsBetween>[0], viewer: Actor, filter: EventFilter): Promise<EventRow[]> {
  return (await listEventsBetween(q, filter)).filter((e) => canSeeEvent(viewer, e));
}

/** "2027-03" → the first instant of the month and of the next (UK midnight), and its name. */
export function monthWindow(month: string): { from: string; to: string; label: string; prev: string; next: string } {
  const [y, m] = month.split("-").map(Number);
  const from = londonToUtc(y, m, 1).toISOString();
  const to = londonToUtc(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1).toISOString();
  const shift = (by: number) => {
    const d = new Date(Date.UTC(y, m - 1 + by, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  };
  return { from, to, label: monthFormat.format(new Date(Date.UTC(y, m - 1, 1))), prev: shift(-1), next: shift(1) };
}

/** The month as weeks of days (Monday first), each day with the ids of events on it. */
export function monthGrid(month: string, events: { id: number; startsAt: string; endsAt: string; allDay: boolean }[]): { day: string | null; eventIds: number[] }[][] {
  const [y, m] = month.split("-").map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const cells: { day: string | null; eventIds: number[] }[] = Array.from({ length: firstWeekday }, () => ({ day: null, eventIds: [] }));
  for (let d = 1; d <= days; d++) {
    const day = `${month}-${String(d).padStart(2, "0")}`;
    const ids = events
      .filter((e) => {
        const first = isoDay(e.startsAt);
        const last = isoDay(new Date(Date.parse(e.endsAt) - (e.allDay ? 1 : 0)).toISOString());
        return first <= day && day <= last;
      })
      .map((e) => e.id);
    cells.push({ day, eventIds: ids });
  }
  while (cells.length % 7) cells.push({ day: null, eventIds: [] });
  const weeks: { day: string | null; eventIds: number[] }[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The event at `id` if the viewer may see it, else a 404 (never saying whether it exists). */
export async function eventForViewer(q: Parameters<typeof listEventsBetween>[0], viewer: Actor, id: number, options: { edit?: boolean } = {}): Promise<EventRow> {
  const event = await findEvent(q, id);
  if (!event || !(options.edit ? canEditEvent(viewer, event) : canSeeEvent(viewer, event))) throw new Response("We could not find that event.", { status: 404, statusText: "Not Found" });
  return event;
}
