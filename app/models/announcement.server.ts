/**
 * Reading announcements. Every query takes the viewer's visibility clause (from
 * `visibleItemsSql`, alias `i`) so lists show exactly what the viewer may open.
 * Writing is in item.server.ts / revision.server.ts through commands.
 */
import type { Queryable } from "~/utils/db.server";
import { findItemBySlug, ITEM_SUMMARY_COLUMNS, type ItemRow, type ItemSummary, type Page, type Visibility } from "./item.server";

export type AnnouncementFilter = {
  /** Posted by this department, or sent to it. */
  departmentId?: number;
  channelId?: number;
};

function filterSql(filter: AnnouncementFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.departmentId !== undefined) {
    parts.push(
      "(i.department_id = ? OR EXISTS (SELECT 1 FROM item_target_departments t WHERE t.item_id = i.id AND t.department_id = ?))",
    );
    params.push(filter.departmentId, filter.departmentId);
  }
  if (filter.channelId !== undefined) {
    parts.push("EXISTS (SELECT 1 FROM item_channels ic WHERE ic.item_id = i.id AND ic.channel_id = ?)");
    params.push(filter.channelId);
  }
  return { sql: parts.length ? ` AND ${parts.join(" AND ")}` : "", params };
}

/** Newest first, one page of them, and how many there are in all. */
export async function listAnnouncements(
  q: Queryable,
  visibility: Visibility,
  filter: AnnouncementFilter,
  paging: { limit: number; offset: number },
): Promise<Page<ItemSummary>> {
  const f = filterSql(filter);
  const where = `i.type = 'announcement' AND ${visibility.sql}${f.sql}`;
  const params = [...visibility.params, ...f.params];
  const [items, count] = await Promise.all([
    q.all<ItemSummary>(
      `SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
        WHERE ${where} ORDER BY i.published_at DESC, i.id DESC LIMIT ? OFFSET ?`,
      [...params, paging.limit, paging.offset],
    ),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM items i WHERE ${where}`, params),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** The announcement at this address, whatever its status: the caller checks the audience. */
export function findAnnouncementBySlug(q: Queryable, slug: string): Promise<ItemRow | undefined> {
  return findItemBySlug(q, "announcement", slug);
}
