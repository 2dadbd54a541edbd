/**
 * Who may see and run events (decision 130). Seeing an event is the items' audience rule
 * (`audienceAdmits`, the same function, not a copy) plus the event's own status: drafts are
 * seen only by those who may edit them; published and cancelled events by their audience.
 * Running an event (editing, the register, approvals, anonymous feedback) is for its
 * organiser and co-organisers, and for people with `update:event` over its department
 * (managers of that department; communications editors and holders of the `learning`
 * grant everywhere).
 */
import type { Role } from "~/utils/roles";
import { formatDateTime } from "~/utils/dates";
import { audienceAdmits, type Viewer } from "./audience.server";
import { can, type Actor } from "./permissions.server";

export type EventAccessFacts = {
  status: "draft" | "published" | "cancelled";
  audience: "everyone" | "departments" | "roles";
  audienceDepartmentIds: readonly number[];
  audienceRoles: readonly Role[];
  organiserId: number;
  coOrganiserIds: readonly number[];
  departmentId: number | null;
};

export function canEditEvent(actor: Actor | null, event: EventAccessFacts): boolean {
  if (!actor) return false;
  if (event.organiserId === actor.id || event.coOrganiserIds.includes(actor.id)) return true;
  return can(actor, "update", "event", { departmentId: event.departmentId });
}

export function canSeeEvent(viewer: Actor | null, event: EventAccessFacts): boolean {
  if (!viewer) return false;
  if (canEditEvent(viewer, event)) return true;
  if (event.status === "draft") return false;
  return audienceAdmits(viewer, event);
}

/** May this person be told about the event (confirmation, reminder, cancellation)? The audience part only. */
export function mayBeToldAboutEvent(person: Pick<Viewer, "role" | "departmentId"> & { id: number }, event: EventAccessFacts): boolean {
  return event.organiserId === person.id || event.coOrganiserIds.includes(person.id) || audienceAdmits(person, event);
}

/** May the person add events at all (the "Add an event" button), and for which department. */
export function canCreateEvent(actor: Actor | null, departmentId?: number | null): boolean {
  return can(actor, "create", "event", departmentId === undefined ? undefined : { departmentId });
}

/** Coordinating learning: paths for others, mentoring matches, the learning insight. */
export function canCoordinateLearning(actor: Actor | null): boolean {
  return can(actor, "manage", "learning");
}

export type BookingFacts = {
  status: EventAccessFacts["status"]; startsAt: string; bookingOpensAt: string | null; bookingClosesAt: string | null; capacity: number | null; booked: number;
};

/** Whether booking is open now, and if not, why (shown on the event page). */
export function bookingState(event: BookingFacts, now = new Date()): { open: boolean; reason: string | null; full: boolean } {
  const at = now.toISOString();
  const full = event.capacity !== null && event.booked >= event.capacity;
  if (event.status === "cancelled") return { open: false, reason: "This event was cancelled.", full };
  if (event.status !== "published") return { open: false, reason: "This event is not published yet.", full };
  if (event.startsAt <= at) return { open: false, reason: "This event has started or finished.", full };
  if (event.bookingOpensAt && event.bookingOpensAt > at) return { open: false, reason: `Booking opens ${formatDateTime(event.bookingOpensAt)}.`, full };
  if (event.bookingClosesAt && event.bookingClosesAt <= at) return { open: false, reason: "Booking has closed.", full };
  return { open: true, reason: null, full };
}

