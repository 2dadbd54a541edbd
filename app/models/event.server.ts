/**
 * Events and training sessions (migration 130, decision 130): the `events` table and its
 * links (co-organisers, audience departments and roles). Events are not items; their
 * audience is checked with the items' rule (access/events.server.ts → audienceAdmits), in
 * memory, so models here return events unfiltered and say so: callers filter with
 * `canSeeEvent` before showing anything.
 *
 * Other features read events through `listEventsBetween` and `findEvent` (the comms
 * calendar) — the row shape `EventRow` is the stable contract.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

import type { EventType } from "~/utils/event-types";
export { EVENT_TYPES, EVENT_TYPE_LABELS, type EventType } from "~/utils/event-types";
export type EventStatus = "draft" | "published" | "cancelled";

export type EventFields = {
  type: EventType;
  title: string;
  descriptionMd: string;
  descriptionHtml: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  place: string;
  onlineUrl: string;
  organiserId: number;
  departmentId: number | null;
  capacity: number | null;
  audience: "everyone" | "departments" | "roles";
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  requiresApproval: boolean;
  status: EventStatus;
  cascadeWeeks: number | null;
  cascadeParentId: number | null;
};

export type EventLinks = { audienceDepartmentIds: number[]; audienceRoles: Role[]; coOrganiserIds: number[] };

export type EventRow = Omit<EventFields, "allDay" | "requiresApproval"> & EventLinks & {
  id: number;
  allDay: boolean;
  requiresApproval: boolean;
  organiserName: string;
  departmentName: string | null;
  cancelledAt: string | null;
  remindersSentAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Places taken (booked), waiting list and approvals waiting. */
  booked: number;
  waiting: number;
  pending: number;
};

const COLUMNS = `e.id, e.type, e.title, e.description_md AS descriptionMd, e.description_html AS descriptionHtml,
  e.starts_at AS startsAt, e.ends_at AS endsAt, e.all_day AS allDay, e.place, e.online_url AS onlineUrl,
  e.organiser_id AS organiserId, o.name AS organiserName, e.department_id AS departmentId, d.name AS departmentName,
  e.capacity, e.audience, e.booking_opens_at AS bookingOpensAt, e.booking_closes_at AS bookingClosesAt,
  e.requires_approval AS requiresApproval, e.status, e.cascade_weeks AS cascadeWeeks, e.cascade_parent_id AS cascadeParentId,
  e.cancelled_at AS cancelledAt, e.reminders_sent_at AS remindersSentAt, e.created_at AS createdAt, e.updated_at AS updatedAt,
  (SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'booked') AS booked,
  (SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'waiting') AS waiting,
  (SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'pending') AS pending`;
const FROM = `FROM events e JOIN users o ON o.id = e.organiser_id LEFT JOIN departments d ON d.id = e.department_id`;

type RawRow = Omit<EventRow, keyof EventLinks | "allDay" | "requiresApproval"> & { allDay: number; requiresApproval: number };

async function withLinks(q: Queryable, rows: RawRow[]): Promise<EventRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => "?").join(", ");
  const [departments, roles, organisers] = await Promise.all([
    q.all<{ eventId: number; id: number }>(`SELECT event_id AS eventId, department_id AS id FROM event_audience_departments WHERE event_id IN (${marks})`, ids),
    q.all<{ eventId: number; role: Role }>(`SELECT event_id AS eventId, role FROM event_audience_roles WHERE event_id IN (${marks})`, ids),
    q.all<{ eventId: number; id: number }>(`SELECT event_id AS eventId, user_id AS id FROM event_organisers WHERE event_id IN (${marks})`, ids),
  ]);
  return rows.map((r) => ({
    ...r,
    allDay: r.allDay === 1,
    requiresApproval: r.requiresApproval === 1,
    audienceDepartmentIds: departments.filter((d) => d.eventId === r.id).map((d) => d.id),
    audienceRoles: roles.filter((d) => d.eventId === r.id).map((d) => d.role),
    coOrganiserIds: organisers.filter((d) => d.eventId === r.id).map((d) => d.id),
  }));
}

/** One event, any status, unfiltered: callers check `canSeeEvent` / `canEditEvent`. */
export async function findEvent(q: Queryable, id: number): Promise<EventRow | undefined> {
  const row = await q.get<RawRow>(`SELECT ${COLUMNS} ${FROM} WHERE e.id = ?`, [id]);
  return row ? (await withLinks(q, [row]))[0] : undefined;
}

export type EventFilter = {
  /** Events ending after this instant (inclusive lower bound on ends_at). */
  from?: string;
  /** Events starting before this instant. */
  to?: string;
  statuses?: EventStatus[];
  type?: EventType;
  departmentId?: number;
  cascadeParentId?: number;
  ids?: number[];
};

/**
 * Events in a window, soonest first, unfiltered by audience (callers apply `canSeeEvent`:
 * events are few, and the audience rule then stays one function for items and events).
 */
export async function listEventsBetween(q: Queryable, filter: EventFilter): Promise<EventRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.from) (where.push("e.ends_at >= ?"), params.push(filter.from));
  if (filter.to) (where.push("e.starts_at < ?"), params.push(filter.to));
  if (filter.statuses?.length) (where.push(`e.status IN (${filter.statuses.map(() => "?").join(", ")})`), params.push(...filter.statuses));
  if (filter.type) (where.push("e.type = ?"), params.push(filter.type));
  if (filter.departmentId) (where.push("e.department_id = ?"), params.push(filter.departmentId));
  if (filter.cascadeParentId) (where.push("e.cascade_parent_id = ?"), params.push(filter.cascadeParentId));
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    where.push(`e.id IN (${filter.ids.map(() => "?").join(", ")})`);
    params.push(...filter.ids);
  }
  const rows = await q.all<RawRow>(`SELECT ${COLUMNS} ${FROM} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY e.starts_at, e.id`, params);
  return withLinks(q, rows);
}

function fieldValues(f: EventFields): unknown[] {
  return [
    f.type, f.title, f.descriptionMd, f.descriptionHtml, f.startsAt, f.endsAt, f.allDay ? 1 : 0, f.place, f.onlineUrl, f.organiserId,
    f.departmentId, f.capacity, f.audience, f.bookingOpensAt, f.bookingClosesAt, f.requiresApproval ? 1 : 0, f.status, f.cascadeWeeks, f.cascadeParentId,
  ];
}

export async function insertEvent(q: Queryable, fields: EventFields, now: string): Promise<number> {
  const r = await q.run(
    `INSERT INTO events (type, title, description_md, description_html, starts_at, ends_at, all_day, place, online_url, organiser_id,
       department_id, capacity, audience, booking_opens_at, booking_closes_at, requires_approval, status, cascade_weeks, cascade_parent_id,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [...fieldValues(fields), now, now],
  );
  return r.lastID;
}

export async function updateEvent(q: Queryable, id: number, fields: EventFields, now: string): Promise<void> {
  await q.run(
    `UPDATE events SET type = ?, title = ?, description_md = ?, description_html = ?, starts_at = ?, ends_at = ?, all_day = ?, place = ?,
       online_url = ?, organiser_id = ?, department_id = ?, capacity = ?, audience = ?, booking_opens_at = ?, booking_closes_at = ?,
       requires_approval = ?, status = ?, cascade_weeks = ?, cascade_parent_id = ?, updated_at = ?,
       reminders_sent_at = CASE WHEN starts_at = ? THEN reminders_sent_at ELSE NULL END
     WHERE id = ?`,
    [...fieldValues(fields), now, fields.startsAt, id],
  );
}

export async function setEventLinks(q: Queryable, id: number, links: EventLinks): Promise<void> {
  await q.run("DELETE FROM event_audience_departments WHERE event_id = ?", [id]);
  await q.run("DELETE FROM event_audience_roles WHERE event_id = ?", [id]);
  await q.run("DELETE FROM event_organisers WHERE event_id = ?", [id]);
  for (const d of new Set(links.audienceDepartmentIds)) await q.run("INSERT INTO event_audience_departments (event_id, department_id) VALUES (?, ?)", [id, d]);
  for (const r of new Set(links.audienceRoles)) await q.run("INSERT INTO event_audience_roles (event_id, role) VALUES (?, ?)", [id, r]);
  for (const u of new Set(links.coOrganiserIds)) await q.run("INSERT INTO event_organisers (event_id, user_id) VALUES (?, ?)", [id, u]);
}

export async function markEventCancelled(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("UPDATE events SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?", [now, now, id]);
}

/** Published events starting in [from, to) whose day-before reminders have not gone. */
export async function listEventsDueReminder(q: Queryable, from: string, to: string): Promise<{ id: number }[]> {
  return q.all<{ id: number }>(
    "SELECT id FROM events WHERE status = 'published' AND reminders_sent_at IS NULL AND starts_at >= ? AND starts_at < ? ORDER BY starts_at",
    [from, to],
  );
}

export async function markRemindersSent(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("UPDATE events SET reminders_sent_at = ? WHERE id = ?", [now, id]);
}

/** People's names for the editor's co-organiser list and the register (active accounts, by email). */
export async function findActivePersonByEmail(q: Queryable, email: string): Promise<{ id: number; name: string; email: string } | undefined> {
  return q.get("SELECT id, name, email FROM users WHERE lower(email) = lower(?) AND active = 1", [email.trim()]);
}

export async function listPeopleByIds(q: Queryable, ids: number[]): Promise<{ id: number; name: string; email: string }[]> {
  if (ids.length === 0) return [];
  return q.all(`SELECT id, name, email FROM users WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY name`, ids);
}

/* ---- The `learning` permission (learning_grants) ---- */

export async function hasLearningGrant(q: Queryable, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM learning_grants WHERE user_id = ?", [userId]));
}

export async function grantLearning(q: Queryable, userId: number, grantedBy: number, now: string): Promise<void> {
  await q.run("INSERT INTO learning_grants (user_id, granted_by, granted_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING", [userId, grantedBy, now]);
}

export async function revokeLearning(q: Queryable, userId: number): Promise<number> {
  return (await q.run("DELETE FROM learning_grants WHERE user_id = ?", [userId])).changes;
}

export async function listLearningGrants(q: Queryable): Promise<{ userId: number; name: string; email: string; grantedAt: string }[]> {
  return q.all(
    `SELECT g.user_id AS userId, u.name, u.email, g.granted_at AS grantedAt FROM learning_grants g JOIN users u ON u.id = g.user_id ORDER BY u.name`,
  );
}
