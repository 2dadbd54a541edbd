/**
 * Learning paths (migration 131, decision 132): paths with their audience, ordered steps,
 * enrolments, and the two confirmations people give (a guide read, a task done). Paths are
 * returned unfiltered and say so: callers check `canSeePath` (access/learning-paths).
 *
 * Progress is read, not stored: `listProgressFacts` gathers what the people did — guides
 * confirmed, events attended (the register), guides they wrote that went live or that
 * someone else approved (the editorial workflow), tasks ticked — and the presenter
 * matches it to each path's steps. Personal data: docs/privacy.md, "Events and learning".
 */
import type { Queryable } from "~/utils/db.server";
import type { EventType } from "~/utils/event-types";
import type { Role } from "~/utils/roles";
import type { Visibility } from "./item.server";

export type PathStatus = "draft" | "published" | "archived";
export type StepKind = "guide" | "event" | "task";
export type StepTask = "confirm" | "publish-guide" | "guide-reviewed";

export type PathFields = {
  title: string;
  descriptionMd: string;
  descriptionHtml: string;
  required: boolean;
  audience: "everyone" | "departments" | "roles";
  status: PathStatus;
};

export type PathRow = PathFields & {
  id: number;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
  steps: number;
};

export type StepRow = { id: number; pathId: number; position: number; kind: StepKind; title: string; itemId: number | null; eventType: EventType | null; task: StepTask | null };

const COLUMNS = `p.id, p.title, p.description_md AS descriptionMd, p.description_html AS descriptionHtml, p.required, p.audience, p.status,
  p.created_by AS createdBy, u.name AS createdByName, p.created_at AS createdAt, p.updated_at AS updatedAt,
  (SELECT COUNT(*) FROM learning_path_steps s WHERE s.path_id = p.id) AS steps`;
const FROM = "FROM learning_paths p LEFT JOIN users u ON u.id = p.created_by";

type RawPath = Omit<PathRow, "required" | "audienceDepartmentIds" | "audienceRoles"> & { required: number };

async function withAudience(q: Queryable, rows: RawPath[]): Promise<PathRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const marks = ids.map(() => "?").join(", ");
  const [departments, roles] = await Promise.all([
    q.all<{ pathId: number; id: number }>(`SELECT path_id AS pathId, department_id AS id FROM learning_path_audience_departments WHERE path_id IN (${marks})`, ids),
    q.all<{ pathId: number; role: Role }>(`SELECT path_id AS pathId, role FROM learning_path_audience_roles WHERE path_id IN (${marks})`, ids),
  ]);
  return rows.map((r) => ({
    ...r,
    required: r.required === 1,
    audienceDepartmentIds: departments.filter((d) => d.pathId === r.id).map((d) => d.id),
    audienceRoles: roles.filter((d) => d.pathId === r.id).map((d) => d.role),
  }));
}

/** One path, any status, unfiltered: callers check `canSeePath` / `canEditPath`. */
export async function findPath(q: Queryable, id: number): Promise<PathRow | undefined> {
  const row = await q.get<RawPath>(`SELECT ${COLUMNS} ${FROM} WHERE p.id = ?`, [id]);
  return row ? (await withAudience(q, [row]))[0] : undefined;
}

/** Every path (required first, then A–Z), unfiltered: callers keep those `canSeePath` admits. Councils have tens of paths. */
export async function listPaths(q: Queryable, statuses: readonly PathStatus[] = ["draft", "published", "archived"]): Promise<PathRow[]> {
  const rows = await q.all<RawPath>(
    `SELECT ${COLUMNS} ${FROM} WHERE p.status IN (${statuses.map(() => "?").join(", ")}) ORDER BY p.required DESC, lower(p.title), p.id`,
    [...statuses],
  );
  return withAudience(q, rows);
}

export async function insertPath(q: Queryable, f: PathFields, createdBy: number, now: string): Promise<number> {
  const r = await q.run(
    `INSERT INTO learning_paths (title, description_md, description_html, required, audience, status, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [f.title, f.descriptionMd, f.descriptionHtml, f.required ? 1 : 0, f.audience, f.status, createdBy, now, now],
  );
  return r.lastID;
}

export async function updatePath(q: Queryable, id: number, f: PathFields, now: string): Promise<void> {
  await q.run(
    "UPDATE learning_paths SET title = ?, description_md = ?, description_html = ?, required = ?, audience = ?, status = ?, updated_at = ? WHERE id = ?",
    [f.title, f.descriptionMd, f.descriptionHtml, f.required ? 1 : 0, f.audience, f.status, now, id],
  );
}

export async function setPathAudience(q: Queryable, id: number, departmentIds: readonly number[], roles: readonly Role[]): Promise<void> {
  await q.run("DELETE FROM learning_path_audience_departments WHERE path_id = ?", [id]);
  await q.run("DELETE FROM learning_path_audience_roles WHERE path_id = ?", [id]);
  for (const d of new Set(departmentIds)) await q.run("INSERT INTO learning_path_audience_departments (path_id, department_id) VALUES (?, ?)", [id, d]);
  for (const r of new Set(roles)) await q.run("INSERT INTO learning_path_audience_roles (path_id, role) VALUES (?, ?)", [id, r]);
}

/* ---- Steps ---- */

const STEP = "s.id, s.path_id AS pathId, s.position, s.kind, s.title, s.item_id AS itemId, s.event_type AS eventType, s.task";

/** The steps of the given paths, in order. Guide steps carry only the guide's id: its title is read through the viewer's clause (`listGuidesByIds`). */
export async function listSteps(q: Queryable, pathIds: readonly number[]): Promise<StepRow[]> {
  if (pathIds.length === 0) return [];
  return q.all<StepRow>(
    `SELECT ${STEP} FROM learning_path_steps s WHERE s.path_id IN (${pathIds.map(() => "?").join(", ")}) ORDER BY s.path_id, s.position, s.id`,
    [...pathIds],
  );
}

export async function findStep(q: Queryable, id: number): Promise<StepRow | undefined> {
  return q.get<StepRow>(`SELECT ${STEP} FROM learning_path_steps s WHERE s.id = ?`, [id]);
}

export async function insertStep(q: Queryable, pathId: number, step: Omit<StepRow, "id" | "pathId" | "position">, now: string): Promise<number> {
  const last = await q.get<{ n: number | null }>("SELECT MAX(position) AS n FROM learning_path_steps WHERE path_id = ?", [pathId]);
  const r = await q.run(
    "INSERT INTO learning_path_steps (path_id, position, kind, title, item_id, event_type, task, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [pathId, (last?.n ?? 0) + 1, step.kind, step.title, step.itemId, step.eventType, step.task, now],
  );
  return r.lastID;
}

export async function deleteStep(q: Queryable, id: number): Promise<void> {
  await q.run("DELETE FROM learning_path_steps WHERE id = ?", [id]);
}

export async function setStepPosition(q: Queryable, id: number, position: number): Promise<void> {
  await q.run("UPDATE learning_path_steps SET position = ? WHERE id = ?", [position, id]);
}

/* ---- Enrolments and confirmations ---- */

export async function enrol(q: Queryable, pathId: number, userId: number, enrolledBy: number, now: string): Promise<boolean> {
  const r = await q.run(
    "INSERT INTO learning_enrolments (path_id, user_id, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?) ON CONFLICT (path_id, user_id) DO NOTHING",
    [pathId, userId, enrolledBy, now],
  );
  return r.changes > 0;
}

export async function leavePath(q: Queryable, pathId: number, userId: number): Promise<void> {
  await q.run("DELETE FROM learning_enrolments WHERE path_id = ? AND user_id = ?", [pathId, userId]);
}

export async function listEnrolledIds(q: Queryable, pathId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT user_id AS id FROM learning_enrolments WHERE path_id = ?", [pathId])).map((r) => r.id);
}

/** The optional paths a person enrolled on (ids), and who enrolled them. */
export async function listEnrolmentsOf(q: Queryable, userId: number): Promise<{ pathId: number; enrolledBy: number | null; enrolledAt: string }[]> {
  return q.all("SELECT path_id AS pathId, enrolled_by AS enrolledBy, enrolled_at AS enrolledAt FROM learning_enrolments WHERE user_id = ? ORDER BY enrolled_at", [userId]);
}

export async function confirmGuideRead(q: Queryable, userId: number, itemId: number, now: string): Promise<void> {
  await q.run(
    "INSERT INTO learning_guide_confirmations (user_id, item_id, confirmed_at) VALUES (?, ?, ?) ON CONFLICT (user_id, item_id) DO NOTHING",
    [userId, itemId, now],
  );
}

export async function confirmTask(q: Queryable, stepId: number, userId: number, now: string): Promise<void> {
  await q.run(
    "INSERT INTO learning_task_confirmations (step_id, user_id, confirmed_at) VALUES (?, ?, ?) ON CONFLICT (step_id, user_id) DO NOTHING",
    [stepId, userId, now],
  );
}

export type ProgressFacts = {
  guides: { userId: number; itemId: number; at: string }[];
  attended: { userId: number; eventType: EventType; at: string }[];
  published: { userId: number; at: string }[];
  reviewed: { userId: number; at: string }[];
  tasks: { userId: number; stepId: number; at: string }[];
};

/**
 * What the people did that paths count, with when. Returns person ids and times only
 * (never an item's title or text). A guide "published" is one they wrote (author) that
 * went live; "reviewed" is one of theirs that someone else approved from review.
 */
export async function listProgressFacts(q: Queryable, userIds: readonly number[]): Promise<ProgressFacts> {
  if (userIds.length === 0) return { guides: [], attended: [], published: [], reviewed: [], tasks: [] };
  const facts: ProgressFacts = { guides: [], attended: [], published: [], reviewed: [], tasks: [] };
  // In slices, so a council-wide path stays within the database's parameter limits.
  for (let i = 0; i < userIds.length; i += 500) {
    const ids = userIds.slice(i, i + 500);
    const marks = ids.map(() => "?").join(", ");
    const [guides, attended, published, reviewed, tasks] = await Promise.all([
      q.all<{ userId: number; itemId: number; at: string }>(
        `SELECT user_id AS userId, item_id AS itemId, confirmed_at AS at FROM learning_guide_confirmations WHERE user_id IN (${marks})`, ids),
      q.all<{ userId: number; eventType: EventType; at: string }>(
        `SELECT a.user_id AS userId, e.type AS eventType, MIN(e.starts_at) AS at FROM event_attendance a JOIN events e ON e.id = a.event_id
          WHERE a.user_id IN (${marks}) AND e.status <> 'cancelled' GROUP BY a.user_id, e.type`, ids),
      q.all<{ userId: number; at: string }>(
        `SELECT i.author_id AS userId, MIN(w.at) AS at FROM workflow_events w JOIN items i ON i.id = w.item_id
          WHERE i.type = 'guide' AND i.author_id IN (${marks}) AND w.action = 'publish' GROUP BY i.author_id`, ids),
      q.all<{ userId: number; at: string }>(
        `SELECT i.author_id AS userId, MIN(w.at) AS at FROM workflow_events w JOIN items i ON i.id = w.item_id
          WHERE i.type = 'guide' AND i.author_id IN (${marks}) AND w.action IN ('publish', 'schedule') AND w.from_state = 'in-review'
            AND w.actor_id IS NOT NULL AND w.actor_id <> i.author_id GROUP BY i.author_id`, ids),
      q.all<{ userId: number; stepId: number; at: string }>(
        `SELECT user_id AS userId, step_id AS stepId, confirmed_at AS at FROM learning_task_confirmations WHERE user_id IN (${marks})`, ids),
    ]);
    facts.guides.push(...guides);
    facts.attended.push(...attended);
    facts.published.push(...published);
    facts.reviewed.push(...reviewed);
    facts.tasks.push(...tasks);
  }
  return facts;
}

/* ---- People ---- */

export type LearnerRow = { id: number; name: string; role: Role; departmentId: number | null; managerId: number | null };

const LEARNER = "u.id, u.name, u.role, u.department_id AS departmentId, p.manager_id AS managerId";

/** A manager's team: their active direct reports (the directory's reporting line). */
export async function listTeamOf(q: Queryable, managerId: number): Promise<LearnerRow[]> {
  return q.all<LearnerRow>(`SELECT ${LEARNER} FROM people_profiles p JOIN users u ON u.id = p.user_id WHERE p.manager_id = ? AND u.active = 1 ORDER BY u.name`, [managerId]);
}

export async function findLearner(q: Queryable, userId: number): Promise<LearnerRow | undefined> {
  return q.get<LearnerRow>(`SELECT ${LEARNER} FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id WHERE u.id = ? AND u.active = 1`, [userId]);
}

/** Every active person (role and department), for counting a required path across the council. */
export async function listActiveLearners(q: Queryable): Promise<LearnerRow[]> {
  return q.all<LearnerRow>(`SELECT ${LEARNER} FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id WHERE u.active = 1 ORDER BY u.id`);
}

/* ---- Guides for steps (through the viewer's clause) ---- */

/** Guides by id that the viewer may open (their address and title), for a path's guide steps. */
export async function listGuidesByIds(q: Queryable, ids: readonly number[], visibility: Visibility): Promise<{ id: number; slug: string; title: string }[]> {
  if (ids.length === 0) return [];
  return q.all(
    `SELECT i.id, i.slug, i.title FROM items i WHERE i.type = 'guide' AND i.id IN (${ids.map(() => "?").join(", ")}) AND ${visibility.sql}`,
    [...ids, ...visibility.params],
  );
}

/** Guides the viewer may open, A–Z: the path editor's choices for a guide step. */
export async function listGuideChoices(q: Queryable, visibility: Visibility): Promise<{ id: number; slug: string; title: string }[]> {
  return q.all(`SELECT i.id, i.slug, i.title FROM items i WHERE i.type = 'guide' AND ${visibility.sql} ORDER BY lower(i.title), i.id`, visibility.params);
}
