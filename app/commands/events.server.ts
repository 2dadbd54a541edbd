/**
 * Events and booking (issue 19, decision 130): saving and cancelling events, booking with
 * capacity, a waiting list with automatic promotion, approval by the organiser, the
 * attendance register, feedback and the day-before reminders. Every change is ONE
 * transaction (BEGIN IMMEDIATE behind the write queue), so two people booking the last
 * place at once get exactly one place between them: the second transaction counts the
 * first one's booking.
 *
 * Notices (confirmations, promotions, approvals, cancellations, reminders) go through the
 * outbox in the same transaction (`queueKnowledgeMail`), only to people the event's
 * audience admits.
 */
import { bookingState, canCoordinateLearning, canCreateEvent, canEditEvent, canSeeEvent, mayBeToldAboutEvent } from "~/access/events.server";
import { LEARNING_GRANT, recordDenied, type Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import {
  findActivePersonByEmail, findEvent, grantLearning, hasLearningGrant, revokeLearning, insertEvent, listEventsBetween, listEventsDueReminder, markEventCancelled, markRemindersSent,
  setEventLinks, updateEvent, type EventFields, type EventLinks, type EventRow,
} from "~/models/event.server";
import {
  countBooked, findBooking, findBookingById, firstWaiting, hasAttended, listActiveBookers, listEventBookings, markAttended, saveBooking,
  saveFeedback, setBookingStatus, unmarkAttended, type BookingStatus,
} from "~/models/event-booking.server";
import { findUserById } from "~/models/user.server";
import { londonToUtc } from "~/schemas/content-dates";
import { getDb, type Queryable } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { whenText } from "~/presenters/events.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export class EventProblem extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

/** The person with the `learning` grant's permissions added when an admin gave them one. */
export async function learningActor<T extends Actor>(user: T, q?: Queryable): Promise<T> {
  const db = q ?? (await getDb());
  return (await hasLearningGrant(db, user.id)) ? { ...user, extraPermissions: [...(user.extraPermissions ?? []), ...LEARNING_GRANT] } : user;
}

export type EventInput = Omit<EventFields, "descriptionHtml" | "organiserId"> & { coOrganiserIds: number[]; audienceDepartmentIds: EventLinks["audienceDepartmentIds"]; audienceRoles: EventLinks["audienceRoles"]; organiserId?: number };

/** Creates (id null) or saves an event. New events are organised by the actor unless they coordinate learning. */
export async function saveEvent(actor: Actor, id: number | null, input: EventInput, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const existing = id === null ? undefined : await findEvent(tx, id);
    if (id !== null && (!existing || !canEditEvent(actor, existing))) throw new EventProblem("We could not find that event.", 404);
    if (id === null && !canCreateEvent(actor, input.departmentId)) {
      recordDenied(actor, "create:event", { departmentId: input.departmentId });
      throw new EventProblem("You may add events only for your own department.", 403);
    }
    const organiserId = input.organiserId && canCoordinateLearning(actor) ? input.organiserId : existing?.organiserId ?? actor.id;
    const fields: EventFields = { ...input, organiserId, descriptionHtml: renderMarkdown(input.descriptionMd).html };
    const links: EventLinks = { audienceDepartmentIds: input.audienceDepartmentIds, audienceRoles: input.audienceRoles, coOrganiserIds: input.coOrganiserIds.filter((u) => u !== organiserId) };
    let eventId: number;
    if (existing) {
      if (existing.status === "cancelled") throw new EventProblem("This event was cancelled and cannot be changed.", 409);
      await updateEvent(tx, existing.id, fields, at);
      eventId = existing.id;
    } else eventId = await insertEvent(tx, fields, at);
    await setEventLinks(tx, eventId, links);
    await recordAudit(tx, { actorId: actor.id, action: existing ? "event.update" : "event.create", entityType: "event", entityId: eventId, detail: { status: fields.status } }, at);
    if (existing) await promoteFromWaitingList(tx, eventId, now);
    return eventId;
  });
}

async function tell(
  q: Queryable, event: EventRow, userId: number, key: string, subject: string, lines: string[], at: string,
  options: { purpose?: "alert" | "reminder"; once?: string } = {},
): Promise<void> {
  const person = await findUserById(q, userId);
  if (!person || !person.active || !mayBeToldAboutEvent(person, event)) return;
  await queueKnowledgeMail(
    q,
    { purpose: options.purpose ?? "alert", dedupeKey: `event:${event.id}:${key}:${userId}:${options.once ?? at}`, userId, subject, lines, link: { text: "See the event", path: `/events/${event.id}` } },
    at,
  );
}

function when(event: EventRow): string {
  return whenText(event);
}

function where(event: EventRow): string {
  return [event.place, event.onlineUrl ? `online: ${event.onlineUrl}` : ""].filter(Boolean).join("; ") || "to be confirmed";
}

const BOOKED_TEXT: Record<"booked" | "waiting" | "pending", (e: EventRow) => [string, string]> = {
  booked: (e) => [`You have a place: ${e.title}`, `You have a place at ${e.title} on ${when(e)} (${where(e)}). Add it to your calendar from the event page.`],
  waiting: (e) => [`You are on the waiting list: ${e.title}`, `${e.title} on ${when(e)} is full. You are on the waiting list, and we will email you if a place comes up.`],
  pending: (e) => [`Booking received: ${e.title}`, `Your booking for ${e.title} on ${when(e)} needs the organiser's approval. We will email you when they decide.`],
};

/** Books a place (or a waiting-list place, or asks for approval). Returns the booking's status. */
export async function bookEvent(user: Actor, eventId: number, now = new Date()): Promise<BookingStatus> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canSeeEvent(user, event)) throw new EventProblem("We could not find that event.", 404);
    const state = bookingState(event, now);
    if (!state.open) throw new EventProblem(state.reason ?? "Booking is closed.", 409);
    const existing = await findBooking(tx, eventId, user.id);
    if (existing && (existing.status === "booked" || existing.status === "waiting" || existing.status === "pending")) return existing.status;
    if (existing?.status === "declined") throw new EventProblem("The organiser did not approve your booking for this event.", 409);
    const booked = await countBooked(tx, eventId);
    const status: "booked" | "waiting" | "pending" = event.requiresApproval ? "pending" : event.capacity === null || booked < event.capacity ? "booked" : "waiting";
    await saveBooking(tx, eventId, user.id, status, at);
    const [subject, line] = BOOKED_TEXT[status](event);
    await tell(tx, event, user.id, status, subject, [line], at);
    if (status === "pending")
      for (const organiser of [event.organiserId, ...event.coOrganiserIds])
        await tell(tx, event, organiser, "approve", `Booking to approve: ${event.title}`, [`${user.name} asked to book ${event.title}. Approve or decline it on the register page.`], at);
    return status;
  });
}

/** Gives free places to the waiting list, first come first served, and tells each person. */
async function promoteFromWaitingList(q: Queryable, eventId: number, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const event = await findEvent(q, eventId);
  if (!event || event.status !== "published" || event.startsAt <= at) return [];
  const promoted: number[] = [];
  let booked = await countBooked(q, eventId);
  while (event.capacity === null || booked < event.capacity) {
    const next = await firstWaiting(q, eventId);
    if (!next) break;
    await setBookingStatus(q, next.id, "booked", at);
    booked++;
    promoted.push(next.userId);
    await tell(q, event, next.userId, "promoted", `A place came up: ${event.title}`, [`A place came up at ${event.title} on ${when(event)}, and it is yours. If you cannot come now, cancel on the event page so the next person gets it.`], at);
  }
  return promoted;
}

/** Cancels the person's own booking; a freed place goes to the waiting list. Returns who was promoted. */
export async function cancelBooking(user: Actor, eventId: number, now = new Date()): Promise<number[]> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const booking = await findBooking(tx, eventId, user.id);
    if (!booking || !["booked", "waiting", "pending"].includes(booking.status)) return [];
    await setBookingStatus(tx, booking.id, "cancelled", at);
    return booking.status === "booked" ? promoteFromWaitingList(tx, eventId, now) : [];
  });
}

/** The organiser approves (a place, or the waiting list when full) or declines a booking waiting for approval. */
export async function decideBooking(actor: Actor, eventId: number, bookingId: number, approve: boolean, now = new Date()): Promise<BookingStatus> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canEditEvent(actor, event)) throw new EventProblem("We could not find that event.", 404);
    const booking = await findBookingById(tx, bookingId);
    if (!booking || booking.eventId !== eventId || booking.status !== "pending") throw new EventProblem("That booking is not waiting for approval.", 409);
    let status: BookingStatus = "declined";
    if (approve) status = event.capacity === null || (await countBooked(tx, eventId)) < event.capacity ? "booked" : "waiting";
    await setBookingStatus(tx, booking.id, status, at);
    const text =
      status === "declined" ? [`Booking not approved: ${event.title}`, `The organiser did not approve your booking for ${event.title}.`]
      : status === "booked" ? [`Booking approved: ${event.title}`, `You have a place at ${event.title} on ${when(event)} (${where(event)}).`]
      : [`Booking approved, waiting list: ${event.title}`, `Your booking for ${event.title} was approved, but the event is full: you are on the waiting list.`];
    await tell(tx, event, booking.userId, `decided-${status}`, text[0], [text[1]], at);
    await recordAudit(tx, { actorId: actor.id, action: "event.booking.decide", entityType: "event", entityId: eventId, detail: { bookingId, status } }, at);
    return status;
  });
}

/** Cancels the event: everyone with a booking is told; it leaves every calendar feed (feeds list published events only). */
export async function cancelEvent(actor: Actor, eventId: number, reason: string, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canEditEvent(actor, event)) throw new EventProblem("We could not find that event.", 404);
    if (event.status === "cancelled") return 0;
    await markEventCancelled(tx, eventId, at);
    const people = event.status === "published" ? await listActiveBookers(tx, eventId) : [];
    for (const p of people)
      await tell(tx, event, p.userId, "cancelled", `Cancelled: ${event.title}`, [`${event.title} on ${when(event)} is cancelled.`, ...(reason ? [`The organiser says: ${reason}`] : []), "It has been taken out of your intranet calendar."], at);
    await recordAudit(tx, { actorId: actor.id, action: "event.cancel", entityType: "event", entityId: eventId, detail: { told: people.length } }, at);
    return people.length;
  });
}

/** The register: exactly `presentUserIds` (of those booked or recorded) came. */
export async function saveRegister(actor: Actor, eventId: number, presentUserIds: number[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canEditEvent(actor, event)) throw new EventProblem("We could not find that event.", 404);
    const present = new Set(presentUserIds);
    for (const b of await listEventBookings(tx, eventId)) {
      if (present.has(b.userId) && !b.attended) await markAttended(tx, eventId, b.userId, false, actor.id, at);
      if (!present.has(b.userId) && b.attended) await unmarkAttended(tx, eventId, b.userId);
    }
  });
}

/** A walk-in: someone who came without booking, found by their email address. */
export async function addWalkIn(actor: Actor, eventId: number, email: string, now = new Date()): Promise<{ name: string }> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canEditEvent(actor, event)) throw new EventProblem("We could not find that event.", 404);
    const person = await findActivePersonByEmail(tx, email);
    if (!person) throw new EventProblem("There is no one with that email address on the intranet.");
    const booking = await findBooking(tx, eventId, person.id);
    await markAttended(tx, eventId, person.id, !booking || booking.status !== "booked", actor.id, at);
    return { name: person.name };
  });
}

/** Feedback from someone who came, once the event has started (a second answer replaces the first). */
export async function leaveEventFeedback(user: Actor, eventId: number, rating: number, comment: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || !canSeeEvent(user, event)) throw new EventProblem("We could not find that event.", 404);
    if (event.startsAt > at || !(await hasAttended(tx, eventId, user.id))) throw new EventProblem("Only people who came can give feedback, after the event.", 403);
    await saveFeedback(tx, eventId, user.id, rating, comment.trim(), at);
  });
}

/** Midnight (UK) at the start of the day `days` after today (UK). */
function ukMidnightIn(days: number, now: Date): Date {
  const [y, m, d] = ukTodayIso(now).split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + days));
  return londonToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
}

/**
 * The day-before reminder: for events starting before the end of tomorrow (UK), not yet
 * reminded, everyone with a place is told once. Run by the scheduler; idempotent.
 */
export async function sendEventReminders(now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    let sent = 0;
    for (const { id } of await listEventsDueReminder(tx, at, ukMidnightIn(2, now).toISOString())) {
      const event = (await findEvent(tx, id))!;
      for (const p of await listActiveBookers(tx, id, ["booked"])) {
        await tell(tx, event, p.userId, "reminder", `Tomorrow: ${event.title}`, [`A reminder that you have a place at ${event.title} on ${when(event)} (${where(event)}).`, "If you cannot come, cancel on the event page so someone on the waiting list can have your place."], at, { purpose: "reminder", once: event.startsAt });
        sent++;
      }
      await markRemindersSent(tx, id, at);
    }
    return sent;
  });
}

/** A rule the person ran into (booking closed, not allowed) as the status and message a page shows; anything else is rethrown. */
export function eventProblem(err: unknown): { status: number; message: string } {
  if (err instanceof EventProblem) return { status: err.status, message: err.message };
  throw err;
}

/** An admin gives or takes away the `learning` permission (audited). */
export async function setLearningGrant(admin: Actor, email: string, on: boolean, now = new Date()): Promise<{ name: string }> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const person = await findActivePersonByEmail(tx, email);
    if (!person) throw new EventProblem("There is no one with that email address on the intranet.");
    if (on) await grantLearning(tx, person.id, admin.id, at);
    else await revokeLearning(tx, person.id);
    await recordAudit(tx, { actorId: admin.id, action: on ? "learning.grant" : "learning.revoke", entityType: "user", entityId: person.id }, at);
    return { name: person.name };
  });
}

/* ---- The skills cascade (decision 131) ---- */

/**
 * One click from a cascade workshop: a draft team session for the attendee's own team, with
 * the workshop's materials (description), organised by them, for their department, a week
 * from now at 10am (they set the date and publish it in the editor). Asking again returns
 * the session they already made.
 */
export async function createCascadeSession(user: Actor, parentId: number, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const parent = await findEvent(tx, parentId);
    if (!parent || !canSeeEvent(user, parent) || !parent.cascadeWeeks) throw new EventProblem("We could not find that event.", 404);
    if (!(await hasAttended(tx, parentId, user.id))) throw new EventProblem("Only people who came to the workshop run team sessions from it.", 403);
    const existing = (await listEventsBetween(tx, { cascadeParentId: parentId, statuses: ["draft", "published"] })).find((e) => e.organiserId === user.id);
    if (existing) return existing.id;
    const [y, m, d] = ukTodayIso(new Date(now.getTime() + 7 * 86_400_000)).split("-").map(Number);
    const startsAt = londonToUtc(y, m, d, 10).toISOString();
    const endsAt = londonToUtc(y, m, d, 11).toISOString();
    const team = user.departmentId;
    const id = await insertEvent(
      tx,
      {
        type: "cascade", title: `Team session: ${parent.title}`.slice(0, 200), descriptionMd: parent.descriptionMd, descriptionHtml: parent.descriptionHtml,
        startsAt, endsAt, allDay: false, place: "", onlineUrl: "", organiserId: user.id, departmentId: team, capacity: null,
        audience: team === null ? "everyone" : "departments", bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false, status: "draft",
        cascadeWeeks: null, cascadeParentId: parentId,
      },
      at,
    );
    await setEventLinks(tx, id, { audienceDepartmentIds: team === null ? [] : [team], audienceRoles: [], coOrganiserIds: [] });
    await recordAudit(tx, { actorId: user.id, action: "event.cascade", entityType: "event", entityId: id, detail: { parentId } }, at);
    return id;
  });
}
