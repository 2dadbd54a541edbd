/**
 * The quarterly department league (decision 137): knowledge activity counted per department
 * for a quarter, and the stored snapshots (league_snapshots). Counts only — no person, no
 * item's words; past quarters are read from their final snapshot, never recounted.
 */
import type { Queryable } from "~/utils/db.server";

export type LeagueFigures = {
  staff: number; guidesPublished: number; guidesReviewedOnTime: number; requestsAnswered: number; helpfulRatings: number; trainingAttendance: number; cascadeReach: number;
};
export type LeagueRow = LeagueFigures & { quarter: string; departmentId: number; departmentName: string; departmentSlug: string; points: number; per100Staff: number; final: boolean; computedAt: string };

type ByDept = Map<number, number>;

async function byDepartment(q: Queryable, sql: string, params: unknown[]): Promise<ByDept> {
  const rows = await q.all<{ d: number | null; n: number }>(sql, params);
  return new Map(rows.filter((r) => r.d !== null).map((r) => [r.d as number, r.n]));
}

/**
 * Activity of each department in [from, to) (UTC instants; review days compared as UK days
 * [fromDay, toDay)). Guides are counted for the department that owns them; ratings for the
 * department of the page rated; training and cascade reach for the department of the person
 * who attended. Staff: active people in the department now.
 */
export async function countLeagueFigures(q: Queryable, from: string, to: string, fromDay: string, toDay: string): Promise<Map<number, LeagueFigures>> {
  const [staff, published, reviewed, answered, helpful, training, cascade] = await Promise.all([
    byDepartment(q, "SELECT department_id AS d, COUNT(*) AS n FROM users WHERE active = 1 GROUP BY department_id", []),
    byDepartment(q, "SELECT department_id AS d, COUNT(*) AS n FROM items WHERE type = 'guide' AND published_at >= ? AND published_at < ? GROUP BY department_id", [from, to]),
    byDepartment(
      q,
      `SELECT i.department_id AS d, COUNT(*) AS n FROM page_reviews r JOIN items i ON i.id = r.item_id
        WHERE i.type = 'guide' AND r.reviewed_on >= ? AND r.reviewed_on < ? AND (r.previous_review_by IS NULL OR r.reviewed_on <= r.previous_review_by)
        GROUP BY i.department_id`,
      [fromDay, toDay],
    ),
    byDepartment(q, "SELECT department_id AS d, COUNT(*) AS n FROM knowledge_requests WHERE status = 'answered' AND closed_at >= ? AND closed_at < ? GROUP BY department_id", [from, to]),
    byDepartment(
      q,
      "SELECT i.department_id AS d, COUNT(*) AS n FROM page_ratings r JOIN items i ON i.id = r.item_id WHERE r.helpful = 1 AND r.rated_at >= ? AND r.rated_at < ? GROUP BY i.department_id",
      [from, to],
    ),
    byDepartment(
      q,
      `SELECT u.department_id AS d, COUNT(*) AS n FROM event_attendance a JOIN events e ON e.id = a.event_id JOIN users u ON u.id = a.user_id
        WHERE e.type <> 'cascade' AND e.starts_at >= ? AND e.starts_at < ? GROUP BY u.department_id`,
      [from, to],
    ),
    byDepartment(
      q,
      `SELECT u.department_id AS d, COUNT(*) AS n FROM event_attendance a JOIN events e ON e.id = a.event_id JOIN users u ON u.id = a.user_id
        WHERE e.type = 'cascade' AND e.starts_at >= ? AND e.starts_at < ? GROUP BY u.department_id`,
      [from, to],
    ),
  ]);
  const departments = await q.all<{ id: number }>("SELECT id FROM departments WHERE archived_at IS NULL ORDER BY id");
  const out = new Map<number, LeagueFigures>();
  for (const { id } of departments)
    out.set(id, {
      staff: staff.get(id) ?? 0, guidesPublished: published.get(id) ?? 0, guidesReviewedOnTime: reviewed.get(id) ?? 0, requestsAnswered: answered.get(id) ?? 0,
      helpfulRatings: helpful.get(id) ?? 0, trainingAttendance: training.get(id) ?? 0, cascadeReach: cascade.get(id) ?? 0,
    });
  return out;
}

export async function saveLeagueSnapshot(
  q: Queryable, quarter: string, departmentId: number, f: LeagueFigures & { points: number; per100Staff: number }, final: boolean, now: string,
): Promise<void> {
  await q.run(
    `INSERT INTO league_snapshots (quarter, department_id, staff, guides_published, guides_reviewed_on_time, requests_answered, helpful_ratings,
       training_attendance, cascade_reach, points, per_100_staff, final, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (quarter, department_id) DO UPDATE SET staff = excluded.staff, guides_published = excluded.guides_published,
       guides_reviewed_on_time = excluded.guides_reviewed_on_time, requests_answered = excluded.requests_answered, helpful_ratings = excluded.helpful_ratings,
       training_attendance = excluded.training_attendance, cascade_reach = excluded.cascade_reach, points = excluded.points, per_100_staff = excluded.per_100_staff,
       final = excluded.final, computed_at = excluded.computed_at`,
    [quarter, departmentId, f.staff, f.guidesPublished, f.guidesReviewedOnTime, f.requestsAnswered, f.helpfulRatings, f.trainingAttendance, f.cascadeReach, f.points, f.per100Staff, final ? 1 : 0, now],
  );
}

/** Whether a quarter's final snapshot is stored (then it is never recounted). */
export async function isQuarterFinal(q: Queryable, quarter: string): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM league_snapshots WHERE quarter = ? AND final = 1", [quarter]));
}

export async function listLeagueQuarters(q: Queryable): Promise<string[]> {
  return (await q.all<{ quarter: string }>("SELECT DISTINCT quarter FROM league_snapshots ORDER BY quarter DESC")).map((r) => r.quarter);
}

export async function listLeague(q: Queryable, quarter: string): Promise<LeagueRow[]> {
  const rows = await q.all<Omit<LeagueRow, "final"> & { final: number }>(
    `SELECT s.quarter, s.department_id AS departmentId, d.name AS departmentName, d.slug AS departmentSlug, s.staff, s.guides_published AS guidesPublished,
            s.guides_reviewed_on_time AS guidesReviewedOnTime, s.requests_answered AS requestsAnswered, s.helpful_ratings AS helpfulRatings,
            s.training_attendance AS trainingAttendance, s.cascade_reach AS cascadeReach, s.points, s.per_100_staff AS per100Staff, s.final, s.computed_at AS computedAt
       FROM league_snapshots s JOIN departments d ON d.id = s.department_id WHERE s.quarter = ?
      ORDER BY s.per_100_staff DESC, d.name COLLATE NOCASE`,
    [quarter],
  );
  return rows.map((r) => ({ ...r, final: r.final === 1 }));
}
