/**
 * Departments and channels as administrators manage them: every one, archived included,
 * with counts that help decide. Nothing here deletes: archiving keeps items, people and
 * history pointing at a real row. (Reading pages use department.server.ts / channel.server.ts.)
 */
import type { Queryable } from "~/utils/db.server";

export type DepartmentAdminRow = {
  id: number; slug: string; name: string; description: string; archivedAt: string | null; people: number; channels: number; items: number;
};

export async function listDepartmentsForAdmin(q: Queryable): Promise<DepartmentAdminRow[]> {
  return q.all<DepartmentAdminRow>(
    `SELECT d.id, d.slug, d.name, d.description, d.archived_at AS archivedAt,
            (SELECT COUNT(*) FROM users u WHERE u.department_id = d.id AND u.active = 1) AS people,
            (SELECT COUNT(*) FROM channels c WHERE c.department_id = d.id AND c.archived_at IS NULL) AS channels,
            (SELECT COUNT(*) FROM items i WHERE i.department_id = d.id) AS items
       FROM departments d ORDER BY d.archived_at IS NOT NULL, d.name COLLATE NOCASE`,
  );
}

export async function findDepartmentForAdmin(q: Queryable, id: number): Promise<DepartmentAdminRow | undefined> {
  return (await q.all<DepartmentAdminRow>(
    `SELECT d.id, d.slug, d.name, d.description, d.archived_at AS archivedAt,
            (SELECT COUNT(*) FROM users u WHERE u.department_id = d.id AND u.active = 1) AS people,
            (SELECT COUNT(*) FROM channels c WHERE c.department_id = d.id AND c.archived_at IS NULL) AS channels,
            (SELECT COUNT(*) FROM items i WHERE i.department_id = d.id) AS items
       FROM departments d WHERE d.id = ?`,
    [id],
  ))[0];
}

/** Departments a person can be put in or granted (not archived), A–Z. */
export async function listOpenDepartments(q: Queryable): Promise<{ id: number; slug: string; name: string }[]> {
  return q.all("SELECT id, slug, name FROM departments WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE");
}

export async function slugTaken(q: Queryable, table: "departments" | "channels", slug: string, exceptId?: number): Promise<boolean> {
  const row = await q.get<{ id: number }>(`SELECT id FROM ${table} WHERE slug = ? AND id IS NOT ?`, [slug, exceptId ?? null]);
  return !!row;
}

export async function insertDepartment(q: Queryable, d: { slug: string; name: string; description: string }): Promise<number> {
  return (await q.run("INSERT INTO departments (slug, name, description) VALUES (?, ?, ?)", [d.slug, d.name, d.description])).lastID;
}

export async function renameDepartment(q: Queryable, id: number, d: { name: string; description: string }): Promise<void> {
  await q.run("UPDATE departments SET name = ?, description = ? WHERE id = ?", [d.name, d.description, id]);
}

export async function setDepartmentArchived(q: Queryable, id: number, at: string | null): Promise<void> {
  await q.run("UPDATE departments SET archived_at = ? WHERE id = ?", [at, id]);
}

export type ChannelAdminRow = {
  id: number; slug: string; name: string; description: string; departmentId: number | null; departmentName: string | null;
  isDefault: number; isMandatory: number; archivedAt: string | null; items: number;
};

const CHANNEL_ADMIN = `SELECT c.id, c.slug, c.name, c.description, c.department_id AS departmentId, d.name AS departmentName,
    c.is_default AS isDefault, c.is_mandatory AS isMandatory, c.archived_at AS archivedAt,
    (SELECT COUNT(*) FROM item_channels ic WHERE ic.channel_id = c.id) AS items
  FROM channels c LEFT JOIN departments d ON d.id = c.department_id`;

export async function listChannelsForAdmin(q: Queryable): Promise<ChannelAdminRow[]> {
  return q.all<ChannelAdminRow>(`${CHANNEL_ADMIN} ORDER BY c.archived_at IS NOT NULL, c.department_id IS NOT NULL, d.name COLLATE NOCASE, c.name COLLATE NOCASE`);
}

export async function findChannelForAdmin(q: Queryable, id: number): Promise<ChannelAdminRow | undefined> {
  return (await q.all<ChannelAdminRow>(`${CHANNEL_ADMIN} WHERE c.id = ?`, [id]))[0];
}

export async function insertChannel(
  q: Queryable,
  c: { slug: string; name: string; description: string; departmentId: number | null; isMandatory: boolean; isDefault?: boolean },
): Promise<number> {
  return (await q.run("INSERT INTO channels (slug, name, description, department_id, is_mandatory, is_default) VALUES (?, ?, ?, ?, ?, ?)", [
    c.slug, c.name, c.description, c.departmentId, c.isMandatory ? 1 : 0, c.isDefault ? 1 : 0,
  ])).lastID;
}

export async function renameChannel(q: Queryable, id: number, c: { name: string; description: string; isMandatory: boolean }): Promise<void> {
  await q.run("UPDATE channels SET name = ?, description = ?, is_mandatory = ? WHERE id = ?", [c.name, c.description, c.isMandatory ? 1 : 0, id]);
}

export async function setChannelArchived(q: Queryable, id: number, at: string | null): Promise<void> {
  await q.run("UPDATE channels SET archived_at = ? WHERE id = ?", [at, id]);
}
