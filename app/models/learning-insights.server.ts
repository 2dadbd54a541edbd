/**
 * The skills cascade in figures (decision 131): cascade workshops that have taken place,
 * who came to them (with their department), the team sessions made from them, who came to
 * those, and staff per department. Events and people only; the presenter aggregates by
 * department (app/presenters/learning-insights.server.ts).
 */
import type { Queryable } from "~/utils/db.server";

export type CascadeWorkshop = { id: number; title: string; startsAt: string; cascadeWeeks: number };
export type CascadeSession = { id: number; parentId: number; organiserId: number; startsAt: string; status: "draft" | "published" };
export type CascadePerson = { eventId: number; userId: number; name: string; departmentId: number | null };

/** Published workshops that start a cascade and have started by `now`. */
export async function listCascadeWorkshops(q: Queryable, now: string): Promise<CascadeWorkshop[]> {
  return q.all<CascadeWorkshop>(
    `SELECT id, title, starts_at AS startsAt, cascade_weeks AS cascadeWeeks FROM events
      WHERE cascade_weeks IS NOT NULL AND status = 'published' AND starts_at <= ? ORDER BY starts_at, id`,
    [now],
  );
}

/** Team sessions made from cascade workshops (drafts too: arranged but not yet published). */
export async function listCascadeSessions(q: Queryable): Promise<CascadeSession[]> {
  return q.all<CascadeSession>(
    `SELECT id, cascade_parent_id AS parentId, organiser_id AS organiserId, starts_at AS startsAt, status FROM events
      WHERE cascade_parent_id IS NOT NULL AND status IN ('draft', 'published') ORDER BY starts_at, id`,
  );
}

/** Who is on the register of the given events, with their home department (active or not: they were reached). */
export async function listRegistered(q: Queryable, eventIds: readonly number[]): Promise<CascadePerson[]> {
  const out: CascadePerson[] = [];
  for (let i = 0; i < eventIds.length; i += 500) {
    const ids = eventIds.slice(i, i + 500);
    out.push(...(await q.all<CascadePerson>(
      `SELECT a.event_id AS eventId, a.user_id AS userId, u.name, u.department_id AS departmentId
         FROM event_attendance a JOIN users u ON u.id = a.user_id WHERE a.event_id IN (${ids.map(() => "?").join(", ")}) ORDER BY u.name, u.id`,
      [...ids],
    )));
  }
  return out;
}

/** Active staff per home department (0 = no department). */
export async function countStaffByDepartment(q: Queryable): Promise<Map<number, number>> {
  const rows = await q.all<{ departmentId: number; n: number }>("SELECT COALESCE(department_id, 0) AS departmentId, COUNT(*) AS n FROM users WHERE active = 1 GROUP BY COALESCE(department_id, 0)");
  return new Map(rows.map((r) => [r.departmentId, r.n]));
}
