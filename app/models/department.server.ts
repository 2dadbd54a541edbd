/** Reading departments: the service areas that items belong to and are sent to. */
import type { Queryable } from "~/utils/db.server";

export type Department = { id: number; slug: string; name: string; description: string };

const DEPARTMENT_COLUMNS = "d.id, d.slug, d.name, d.description";

/**
 * Every open department, A–Z. Departments are not restricted: everyone may see the list.
 * Archived departments leave lists, filters and "send to all"; their pages and items stay readable.
 */
export async function listDepartments(q: Queryable): Promise<Department[]> {
  return q.all<Department>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.archived_at IS NULL ORDER BY d.name COLLATE NOCASE`);
}

export async function findDepartmentBySlug(q: Queryable, slug: string): Promise<Department | undefined> {
  return q.get<Department>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.slug = ?`, [slug]);
}

export async function findDepartmentById(q: Queryable, id: number): Promise<Department | undefined> {
  return q.get<Department>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.id = ?`, [id]);
}

/** The departments an announcement was sent to ("sent to Housing and Planning"), A–Z. */
export async function listTargetDepartments(q: Queryable, itemId: number): Promise<Department[]> {
  return q.all<Department>(
    `SELECT ${DEPARTMENT_COLUMNS} FROM item_target_departments t JOIN departments d ON d.id = t.department_id
      WHERE t.item_id = ? ORDER BY d.name COLLATE NOCASE`,
    [itemId],
  );
}

/** Names of departments by id, A–Z (for "Housing staff only"). */
export async function departmentNames(q: Queryable, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await q.all<{ name: string }>(
    `SELECT name FROM departments WHERE id IN (${ids.map(() => "?").join(",")}) ORDER BY name COLLATE NOCASE`,
    ids,
  );
  return rows.map((r) => r.name);
}
