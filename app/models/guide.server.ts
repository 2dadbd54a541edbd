/**
 * Reading guides (knowledge pages). Every list takes the viewer's visibility clause
 * (from `visibleItemsSql`, alias `i`), so tag and department counts never count pages
 * the viewer cannot open.
 */
import type { Queryable } from "~/utils/db.server";
import { findItemBySlug, ITEM_SUMMARY_COLUMNS, type ItemRow, type ItemSummary, type Page, type Visibility } from "./item.server";

export type GuideFilter = { departmentId?: number; tag?: string };

function filterSql(filter: GuideFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.departmentId !== undefined) {
    parts.push("i.department_id = ?");
    params.push(filter.departmentId);
  }
  if (filter.tag !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND t.tag = ?)");
    params.push(filter.tag);
  }
  return { sql: parts.length ? ` AND ${parts.join(" AND ")}` : "", params };
}

export function findGuideBySlug(q: Queryable, slug: string): Promise<ItemRow | undefined> {
  return findItemBySlug(q, "guide", slug);
}

/** Guides A–Z, filtered by department and tag. */
export async function listGuides(
  q: Queryable,
  visibility: Visibility,
  filter: GuideFilter,
  paging: { limit: number; offset: number },
): Promise<Page<ItemSummary>> {
  const f = filterSql(filter);
  const where = `i.type = 'guide' AND ${visibility.sql}${f.sql}`;
  const params = [...visibility.params, ...f.params];
  const [items, count] = await Promise.all([
    q.all<ItemSummary>(
      `SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
        WHERE ${where} ORDER BY i.title COLLATE NOCASE, i.id LIMIT ? OFFSET ?`,
      [...params, paging.limit, paging.offset],
    ),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM items i WHERE ${where}`, params),
  ]);
  return { items, total: count?.n ?? 0 };
}

/**
 * Guides most recently reviewed or published, newest first. A review is when an owner
 * last confirmed the page is right, which is what "recently updated" means to a reader.
 */
export async function listRecentlyUpdatedGuides(q: Queryable, visibility: Visibility, limit: number): Promise<ItemSummary[]> {
  return q.all<ItemSummary>(
    `SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'guide' AND ${visibility.sql}
      ORDER BY MAX(COALESCE(i.last_reviewed_on, ''), substr(COALESCE(i.published_at, ''), 1, 10)) DESC, i.updated_at DESC, i.id DESC
      LIMIT ?`,
    [...visibility.params, limit],
  );
}

/** Tags used on guides the viewer may see, with how many guides use each, A–Z. */
export async function listGuideTags(q: Queryable, visibility: Visibility): Promise<{ tag: string; count: number }[]> {
  return q.all(
    `SELECT t.tag, COUNT(*) AS count FROM item_tags t JOIN items i ON i.id = t.item_id
      WHERE i.type = 'guide' AND ${visibility.sql} GROUP BY t.tag ORDER BY t.tag`,
    visibility.params,
  );
}

/** Departments that have guides the viewer may see, with how many, A–Z. */
export async function listGuideDepartments(q: Queryable, visibility: Visibility): Promise<{ slug: string; name: string; count: number }[]> {
  return q.all(
    `SELECT d.slug, d.name, COUNT(*) AS count FROM items i JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'guide' AND ${visibility.sql} GROUP BY d.id ORDER BY d.name COLLATE NOCASE`,
    visibility.params,
  );
}
