/**
 * Bookings, the attendance register and feedback of events (migration 130). Personal data:
 * who booked, waited, came and what they rated (docs/privacy.md, "Events and learning").
 * Feedback is read back without names (`listEventFeedback`): organisers see ratings and
 * comments, never who wrote them.
 */
import type { Queryable } from "~/utils/db.server";

export type BookingStatus = "booked" | "waiting" | "pending" | "declined" | "cancelled";
export const ACTIVE_BOOKING: readonly BookingStatus[] = ["booked", "waiting", "pending"];

export type Booking = { id: number; eventId: number; userId: number; status: BookingStatus; createdAt: string; updatedAt: string };
const BOOKING = "b.id, b.event_id AS eventId, b.user_id AS userId, b.status, b.created_at AS createdAt, b.updated_at AS updatedAt";

export async function findBooking(q: Queryable, eventId: number, userId: number): Promise<Booking | undefined> {
  return q.get<Booking>(`SELECT ${BOOKING} FROM event_bookings b WHERE b.event_id = ? AND b.user_id = ?`, [eventId, userId]);
}

export async function findBookingById(q: Queryable, id: number): Promise<Booking | undefined> {
  return q.get<Booking>(`SELECT ${BOOKING} FROM event_bookings b WHERE b.id = ?`, [id]);
}

export async function countBooked(q: Queryable, eventId: number): Promise<number> {
  const r = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM event_bookings WHERE event_id = ? AND status = 'booked'", [eventId]);
  return r?.n ?? 0;
}

/** Books (or re-books after a cancellation): one row per person per event. */
export async function saveBooking(q: Queryable, eventId: number, userId: number, status: BookingStatus, now: string): Promise<void> {
  await q.run(
    `INSERT INTO event_bookings (event_id, user_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    [eventId, userId, status, now, now],
  );
}

export async function setBookingStatus(q: Queryable, id: number, status: BookingStatus, now: string): Promise<void> {
  await q.run("UPDATE event_bookings SET status = ?, updated_at = ? WHERE id = ?", [status, now, id]);
}

/** The first person on the waiting list (first come, first served). */
export async function firstWaiting(q: Queryable, eventId: number): Promise<Booking | undefined> {
  return q.get<Booking>(`SELECT ${BOOKING} FROM event_bookings b WHERE b.event_id = ? AND b.status = 'waiting' ORDER BY b.created_at, b.id LIMIT 1`, [eventId]);
}

export type BookingWithPerson = Booking & { name: string; email: string; departmentName: string | null; attended: boolean; walkIn: boolean };

/** Everyone with a booking row for the event, with whether they came (the register). */
export async function listEventBookings(q: Queryable, eventId: number): Promise<BookingWithPerson[]> {
  const rows = await q.all<Booking & { name: string; email: string; departmentName: string | null; attended: number; walkIn: number }>(
    `SELECT ${BOOKING}, u.name, u.email, d.name AS departmentName,
       CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS attended, COALESCE(a.walk_in, 0) AS walkIn
     FROM event_bookings b JOIN users u ON u.id = b.user_id LEFT JOIN departments d ON d.id = u.department_id
     LEFT JOIN event_attendance a ON a.event_id = b.event_id AND a.user_id = b.user_id
     WHERE b.event_id = ? ORDER BY CASE b.status WHEN 'booked' THEN 0 WHEN 'pending' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END, b.created_at, b.id`,
    [eventId],
  );
  return rows.map((r) => ({ ...r, attended: r.attended === 1, walkIn: r.walkIn === 1 }));
}

/** People whose booking is active (booked, waiting or awaiting approval): told when the event is cancelled. */
export async function listActiveBookers(q: Queryable, eventId: number, statuses: readonly BookingStatus[] = ACTIVE_BOOKING): Promise<{ userId: number; status: BookingStatus }[]> {
  return q.all(
    `SELECT user_id AS userId, status FROM event_bookings WHERE event_id = ? AND status IN (${statuses.map(() => "?").join(", ")}) ORDER BY id`,
    [eventId, ...statuses],
  );
}

/** A person's active bookings (event ids and status), for "my bookings" and the calendar feed. */
export async function listBookingsOfPerson(q: Queryable, userId: number): Promise<{ eventId: number; status: BookingStatus }[]> {
  return q.all(
    `SELECT event_id AS eventId, status FROM event_bookings WHERE user_id = ? AND status IN ('booked', 'waiting', 'pending') ORDER BY created_at`,
    [userId],
  );
}

/* ---- Attendance ---- */

export type AttendanceRow = { userId: number; name: string; walkIn: boolean };

export async function listAttendance(q: Queryable, eventId: number): Promise<AttendanceRow[]> {
  const rows = await q.all<{ userId: number; name: string; walkIn: number }>(
    `SELECT a.user_id AS userId, u.name, a.walk_in AS walkIn FROM event_attendance a JOIN users u ON u.id = a.user_id WHERE a.event_id = ? ORDER BY u.name`,
    [eventId],
  );
  return rows.map((r) => ({ ...r, walkIn: r.walkIn === 1 }));
}

export async function markAttended(q: Queryable, eventId: number, userId: number, walkIn: boolean, by: number, now: string): Promise<void> {
  await q.run(
    `INSERT INTO event_attendance (event_id, user_id, walk_in, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, user_id) DO NOTHING`,
    [eventId, userId, walkIn ? 1 : 0, by, now],
  );
}

export async function unmarkAttended(q: Queryable, eventId: number, userId: number): Promise<void> {
  await q.run("DELETE FROM event_attendance WHERE event_id = ? AND user_id = ?", [eventId, userId]);
}

export async function hasAttended(q: Queryable, eventId: number, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM event_attendance WHERE event_id = ? AND user_id = ?", [eventId, userId]));
}

/** Events a person attended (ids), for learning paths and "feedback to give". */
export async function listAttendedEventIds(q: Queryable, userId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT event_id AS id FROM event_attendance WHERE user_id = ?", [userId])).map((r) => r.id);
}

/* ---- Feedback ---- */

export async function saveFeedback(q: Queryable, eventId: number, userId: number, rating: number, comment: string, now: string): Promise<void> {
  await q.run(
    `INSERT INTO event_feedback (event_id, user_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, user_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, created_at = excluded.created_at`,
    [eventId, userId, rating, comment, now],
  );
}

export async function findOwnFeedback(q: Queryable, eventId: number, userId: number): Promise<{ rating: number; comment: string } | undefined> {
  return q.get("SELECT rating, comment FROM event_feedback WHERE event_id = ? AND user_id = ?", [eventId, userId]);
}

/** Ratings and comments without who wrote them (no user column is selected), newest first. */
export async function listEventFeedback(q: Queryable, eventId: number): Promise<{ rating: number; comment: string }[]> {
  return q.all("SELECT rating, comment FROM event_feedback WHERE event_id = ? ORDER BY created_at DESC, id DESC", [eventId]);
}

/* ---- The skills cascade (decision 131) ---- */

export type CascadeAttendee = { eventId: number; userId: number; name: string; departmentId: number | null };

/** Everyone recorded as attending the given events, with their department (the cascade funnel). */
export async function listAttendeesOf(q: Queryable, eventIds: number[]): Promise<CascadeAttendee[]> {
  if (eventIds.length === 0) return [];
  return q.all(
    `SELECT a.event_id AS eventId, a.user_id AS userId, u.name, u.department_id AS departmentId
     FROM event_attendance a JOIN users u ON u.id = a.user_id WHERE a.event_id IN (${eventIds.map(() => "?").join(", ")}) ORDER BY u.name`,
    eventIds,
  );
}
