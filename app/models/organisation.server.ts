/**
 * Departments and channels as content/organisation.yml describes them, and the lookups
 * the importer needs (slug → id, default channels, who the knowledge champions are).
 * Reading pages use department.server.ts and channel.server.ts; administrators'
 * changes go through organisation-admin.server.ts.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

export type DepartmentFromFile = { slug: string; name: string; description: string };
export type ChannelFromFile = { slug: string; name: string; description: string; departmentId: number | null; isDefault: boolean; isMandatory: boolean };

/** Creates the department or updates its name and description; never un-archives it. */
export async function upsertDepartmentFromFile(q: Queryable, d: DepartmentFromFile): Promise<number> {
  await q.run(
    `INSERT INTO departments (slug, name, description) VALUES (?, ?, ?)
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description
       WHERE departments.name IS NOT excluded.name OR departments.description IS NOT excluded.description`,
    [d.slug, d.name, d.description],
  );
  const row = await q.get<{ id: number }>("SELECT id FROM departments WHERE slug = ?", [d.slug]);
  return row!.id;
}

/** Creates the channel or updates it; a default channel takes the default flag from its siblings. */
export async function upsertChannelFromFile(q: Queryable, c: ChannelFromFile): Promise<number> {
  await q.run(
    `INSERT INTO channels (slug, name, description, department_id, is_default, is_mandatory) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description,
       department_id = excluded.department_id, is_default = excluded.is_default, is_mandatory = excluded.is_mandatory
       WHERE channels.name IS NOT excluded.name OR channels.description IS NOT excluded.description
          OR channels.department_id IS NOT excluded.department_id OR channels.is_default IS NOT excluded.is_default
          OR channels.is_mandatory IS NOT excluded.is_mandatory`,
    [c.slug, c.name, c.description, c.departmentId, c.isDefault, c.isMandatory],
  );
  const row = await q.get<{ id: number }>("SELECT id FROM channels WHERE slug = ?", [c.slug]);
  if (c.isDefault && c.departmentId !== null)
    await q.run("UPDATE channels SET is_default = 0 WHERE department_id = ? AND id <> ? AND is_default = 1", [c.departmentId, row!.id]);
  return row!.id;
}

export async function departmentIdsBySlug(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.all<{ id: number; slug: string }>("SELECT id, slug FROM departments");
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function channelIdsBySlug(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.all<{ id: number; slug: string }>("SELECT id, slug FROM channels");
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Each department's default channel (where an announcement goes when it names none). */
export async function defaultChannelByDepartment(q: Queryable): Promise<Map<number, number>> {
  const rows = await q.all<{ departmentId: number; id: number }>(
    "SELECT department_id AS departmentId, MIN(id) AS id FROM channels WHERE department_id IS NOT NULL AND is_default = 1 GROUP BY department_id",
  );
  return new Map(rows.map((r) => [r.departmentId, r.id]));
}

/** Everyone with an account, by lower-case email (owners are checked against it; authors are linked). */
export async function userIdsByEmail(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.all<{ id: number; email: string }>("SELECT id, lower(email) AS email FROM users");
  return new Map(rows.map((r) => [r.email, r.id]));
}

/**
 * Everyone with an account, by lower-case email, as the ownership rule sees them: role, home
 * department's slug (content files name departments by slug) and whether the account is on.
 */
export async function listPeopleForOwnership(q: Queryable): Promise<Map<string, { role: Role; departmentId: string | null; active: boolean }>> {
  const rows = await q.all<{ email: string; role: Role; department: string | null; active: number }>(
    "SELECT lower(u.email) AS email, u.role, d.slug AS department, u.active FROM users u LEFT JOIN departments d ON d.id = u.department_id",
  );
  return new Map(rows.map((r) => [r.email, { role: r.role, departmentId: r.department, active: r.active === 1 }]));
}

/** The department's first knowledge champion with an account (the default owner of imported pages). */
export async function firstChampionEmail(q: Queryable, departmentId: number): Promise<string | null> {
  const row = await q.get<{ email: string }>(
    "SELECT lower(email) AS email FROM users WHERE role = 'champion' AND department_id = ? AND active = 1 ORDER BY id LIMIT 1",
    [departmentId],
  );
  return row?.email ?? null;
}
