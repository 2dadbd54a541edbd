/**
 * Items for feeds (per channel, per department) and the printable team briefing. Every
 * query takes the viewer's visibility clause from `visibleItemsSql` (items aliased `i`).
 */
import type { Queryable } from "~/utils/db.server";
import type { Visibility } from "./follow.server";
import { IN_SCOPE_SQL, REQUIRED_VERSION_SQL } from "./acknowledgement.server";

export type FeedItem = {
  id: number;
  type: "announcement" | "policy" | "guide";
  slug: string;
  title: string;
  summary: string;
  priority: "normal" | "need-to-know" | "urgent";
  mustRead: number;
  publishedAt: string | null;
  updatedAt: string;
  departmentName: string | null;
};

const FEED_COLUMNS = `i.id, i.type, i.slug, i.title, i.summary, i.priority, i.must_read AS mustRead, i.published_at AS publishedAt,
  i.updated_at AS updatedAt, d.name AS departmentName`;

/** Announcements posted in a channel, newest first. */
export async function listChannelFeedItems(q: Queryable, channelId: number, visibility: Visibility, limit = 50): Promise<FeedItem[]> {
  return q.all<FeedItem>(
    `SELECT ${FEED_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'announcement' AND EXISTS (SELECT 1 FROM item_channels ic WHERE ic.item_id = i.id AND ic.channel_id = ?)
        AND ${visibility.sql}
      ORDER BY i.published_at DESC, i.id DESC LIMIT ?`,
    [channelId, ...visibility.params, limit],
  );
}

/** Everything from a department or sent to it (announcements, policies, guides), newest first. */
export async function listDepartmentFeedItems(q: Queryable, departmentId: number, visibility: Visibility, limit = 50): Promise<FeedItem[]> {
  return q.all<FeedItem>(
    `SELECT ${FEED_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE (i.department_id = ? OR EXISTS (SELECT 1 FROM item_target_departments t WHERE t.item_id = i.id AND t.department_id = ?))
        AND ${visibility.sql}
      ORDER BY COALESCE(i.published_at, i.updated_at) DESC, i.id DESC LIMIT ?`,
    [departmentId, departmentId, ...visibility.params, limit],
  );
}

/* ---- The team briefing ---- */

/** Announcements from or for the department published in [from, to), urgent first then newest. */
export async function listBriefingAnnouncements(q: Queryable, departmentId: number, from: string, to: string, visibility: Visibility): Promise<FeedItem[]> {
  return q.all<FeedItem>(
    `SELECT ${FEED_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'announcement' AND i.published_at >= ? AND i.published_at < ?
        AND (i.department_id = ? OR EXISTS (SELECT 1 FROM item_target_departments t WHERE t.item_id = i.id AND t.department_id = ?)
             OR (i.audience = 'everyone' AND NOT EXISTS (SELECT 1 FROM item_target_departments t WHERE t.item_id = i.id)
                 AND EXISTS (SELECT 1 FROM item_channels ic JOIN channels c ON c.id = ic.channel_id WHERE ic.item_id = i.id AND c.is_mandatory = 1)))
        AND ${visibility.sql}
      ORDER BY i.priority = 'urgent' DESC, i.priority = 'need-to-know' DESC, i.published_at DESC`,
    [from, to, departmentId, departmentId, ...visibility.params],
  );
}

export type BriefingPolicyChange = FeedItem & { reference: string | null; version: number; whatChanged: string; effectiveOn: string; isMaterial: number };

/** Policy versions published in [from, to) that apply to the department's staff. */
export async function listBriefingPolicyChanges(
  q: Queryable, departmentId: number, from: string, to: string, visibility: Visibility,
): Promise<BriefingPolicyChange[]> {
  return q.all<BriefingPolicyChange>(
    `SELECT ${FEED_COLUMNS}, i.reference, pv.version, pv.what_changed AS whatChanged, pv.effective_on AS effectiveOn, pv.is_material AS isMaterial
       FROM policy_versions pv JOIN items i ON i.id = pv.item_id LEFT JOIN departments d ON d.id = i.department_id
      WHERE pv.published_at >= ? AND pv.published_at < ?
        AND (i.audience <> 'departments' OR EXISTS (SELECT 1 FROM item_audience_departments ad WHERE ad.item_id = i.id AND ad.department_id = ?))
        AND ${visibility.sql}
      ORDER BY pv.published_at DESC`,
    [from, to, departmentId, ...visibility.params],
  );
}

export type BriefingMustRead = FeedItem & { inScope: number; confirmed: number; askedAt: string | null };

/**
 * Live must-read items that ask something of the department's staff, with how many of
 * them have confirmed (numbers only: the briefing is for pinning up, names stay private).
 */
export async function listBriefingMustReads(q: Queryable, departmentId: number, visibility: Visibility): Promise<BriefingMustRead[]> {
  return q.all<BriefingMustRead>(
    `SELECT * FROM (
       SELECT ${FEED_COLUMNS},
         CASE WHEN i.type = 'policy'
              THEN (SELECT MAX(pv.published_at) FROM policy_versions pv WHERE pv.item_id = i.id AND pv.version = ${REQUIRED_VERSION_SQL})
              ELSE i.published_at END AS askedAt,
         (SELECT COUNT(*) FROM users u WHERE u.department_id = ? AND ${IN_SCOPE_SQL}) AS inScope,
         (SELECT COUNT(*) FROM users u WHERE u.department_id = ? AND ${IN_SCOPE_SQL}
             AND EXISTS (SELECT 1 FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id AND a.version >= ${REQUIRED_VERSION_SQL})) AS confirmed
         FROM items i LEFT JOIN departments d ON d.id = i.department_id
        WHERE ((i.type = 'announcement' AND i.must_read = 1) OR (i.type = 'policy' AND ${REQUIRED_VERSION_SQL} IS NOT NULL))
          AND ${visibility.sql})
      WHERE inScope > 0
      ORDER BY priority = 'urgent' DESC, askedAt DESC`,
    [departmentId, departmentId, ...visibility.params],
  );
}

/** The newest items of any type (or one type) a visibility clause allows: the public landing page and its feed. */
export async function listLatestItems(
  q: Queryable,
  visibility: Visibility,
  options: { type?: FeedItem["type"]; limit: number; offset?: number },
): Promise<{ items: FeedItem[]; total: number }> {
  const typeSql = options.type ? "AND i.type = ?" : "";
  const typeParams = options.type ? [options.type] : [];
  const [items, count] = await Promise.all([
    q.all<FeedItem>(
      `SELECT ${FEED_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
        WHERE ${visibility.sql} ${typeSql}
        ORDER BY COALESCE(i.published_at, i.updated_at) DESC, i.id DESC LIMIT ? OFFSET ?`,
      [...visibility.params, ...typeParams, options.limit, options.offset ?? 0],
    ),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM items i WHERE ${visibility.sql} ${typeSql}`, [...visibility.params, ...typeParams]),
  ]);
  return { items, total: count?.n ?? 0 };
}
