/**
 * Who follows which channel, and the "For you" stream built from it.
 *
 * Only explicit choices are stored (channel_follows). The defaults are computed when
 * read, so they hold for people and channels created later without a back-fill:
 *   - mandatory channels: always followed, cannot be unfollowed;
 *   - corporate channels (no department) and the default channel of the person's home
 *     department: followed unless the person unfollowed them;
 *   - any other channel: followed only if the person chose to.
 * See docs/decisions/071-follow-defaults.md.
 */
import type { Queryable } from "~/utils/db.server";

/** The viewer's clause from `visibleItemsSql` (items aliased `i`). */
export type Visibility = { sql: string; params: unknown[] };

export type FollowSubject = { id: number; departmentId: number | null };

/**
 * SQL for the ids of the channels `user` follows (open channels only), with its
 * parameters. Usable as `c.id IN (<sql>)`.
 */
export function followedChannelIdsSql(user: FollowSubject): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT fc.id FROM channels fc
           LEFT JOIN channel_follows ff ON ff.channel_id = fc.id AND ff.user_id = ?
          WHERE fc.archived_at IS NULL
            AND (fc.is_mandatory = 1 OR ff.following = 1
                 OR (ff.following IS NULL AND (fc.department_id IS NULL OR (fc.is_default = 1 AND fc.department_id = ?))))`,
    params: [user.id, user.departmentId ?? -1],
  };
}

export type ChannelFollowState = {
  id: number;
  slug: string;
  name: string;
  description: string;
  departmentId: number | null;
  departmentName: string | null;
  isMandatory: boolean;
  /** Followed without the person choosing it (corporate, home department's default). */
  followedByDefault: boolean;
  following: boolean;
};

type FollowRow = Omit<ChannelFollowState, "isMandatory" | "followedByDefault" | "following"> & {
  isMandatory: number;
  isDefault: number;
  choice: number | null;
};

function toState(row: FollowRow, user: FollowSubject): ChannelFollowState {
  const followedByDefault =
    row.isMandatory === 1 || row.departmentId === null || (row.isDefault === 1 && row.departmentId === user.departmentId);
  const following = row.isMandatory === 1 || (row.choice === null ? followedByDefault : row.choice === 1);
  return {
    id: row.id, slug: row.slug, name: row.name, description: row.description, departmentId: row.departmentId,
    departmentName: row.departmentName, isMandatory: row.isMandatory === 1, followedByDefault, following,
  };
}

const STATE_SQL = `SELECT c.id, c.slug, c.name, c.description, c.department_id AS departmentId, d.name AS departmentName,
    c.is_mandatory AS isMandatory, c.is_default AS isDefault, f.following AS choice
  FROM channels c LEFT JOIN departments d ON d.id = c.department_id
  LEFT JOIN channel_follows f ON f.channel_id = c.id AND f.user_id = ?`;

/** Every open channel with whether `user` follows it: corporate first, then by department. */
export async function listChannelFollowStates(q: Queryable, user: FollowSubject): Promise<ChannelFollowState[]> {
  const rows = await q.all<FollowRow>(
    `${STATE_SQL} WHERE c.archived_at IS NULL
      ORDER BY c.department_id IS NOT NULL, c.department_id IS NOT ?, d.name COLLATE NOCASE, c.is_default DESC, c.name COLLATE NOCASE`,
    [user.id, user.departmentId ?? -1],
  );
  return rows.map((r) => toState(r, user));
}

export async function getChannelFollowState(q: Queryable, user: FollowSubject, channelId: number): Promise<ChannelFollowState | undefined> {
  const row = await q.get<FollowRow>(`${STATE_SQL} WHERE c.id = ? AND c.archived_at IS NULL`, [user.id, channelId]);
  return row && toState(row, user);
}

/** Records an explicit follow (true) or unfollow (false). Mandatory channels are refused by the command. */
export async function setChannelFollow(q: Queryable, userId: number, channelId: number, following: boolean, now = new Date().toISOString()): Promise<void> {
  await q.run(
    `INSERT INTO channel_follows (user_id, channel_id, following, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, channel_id) DO UPDATE SET following = excluded.following, updated_at = excluded.updated_at`,
    [userId, channelId, following ? 1 : 0, now],
  );
}

/* ---- The "For you" stream ---- */

export type ForYouRow = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  priority: "normal" | "need-to-know" | "urgent";
  mustRead: number;
  publishedAt: string | null;
  departmentName: string | null;
  /** Departments it was sent to, "|"-separated names. */
  targetNames: string | null;
  targetCount: number;
  targetsMine: number;
  /** Followed channels it was posted in, "|"-separated names. */
  followedChannelNames: string | null;
  inMandatoryChannel: number;
};

/**
 * Announcements for the viewer: sent to their home department, or posted in a channel they
 * follow, newest first. Each item appears once however many departments or channels it
 * reached, with what is needed to say why it is there.
 */
export async function listForYou(
  q: Queryable,
  user: FollowSubject,
  visibility: Visibility,
  options: { limit: number; since?: string } = { limit: 20 },
): Promise<ForYouRow[]> {
  const { sql, params } = forYouSql(user, visibility, options);
  return q.all<ForYouRow>(sql, params);
}

/** listForYou's statement (also one part of the home page's one personal statement, app/models/home.server.ts). */
export function forYouSql(user: FollowSubject, visibility: Visibility, options: { limit: number; since?: string }): { sql: string; params: unknown[] } {
  const followed = followedChannelIdsSql(user);
  const dept = user.departmentId ?? -1;
  const since = options.since ? " AND i.published_at > ?" : "";
  return {
    sql: `SELECT i.id, i.slug, i.title, i.summary, i.priority, i.must_read AS mustRead, i.published_at AS publishedAt,
        d.name AS departmentName,
        (SELECT group_concat(name, '|') FROM (SELECT td.name FROM item_target_departments t JOIN departments td ON td.id = t.department_id
            WHERE t.item_id = i.id ORDER BY td.name COLLATE NOCASE)) AS targetNames,
        (SELECT COUNT(*) FROM item_target_departments t WHERE t.item_id = i.id) AS targetCount,
        EXISTS (SELECT 1 FROM item_target_departments t WHERE t.item_id = i.id AND t.department_id = ?) AS targetsMine,
        (SELECT group_concat(name, '|') FROM (SELECT c.name FROM item_channels ic JOIN channels c ON c.id = ic.channel_id
            WHERE ic.item_id = i.id AND c.id IN (${followed.sql}) ORDER BY c.department_id IS NOT NULL, c.name COLLATE NOCASE)) AS followedChannelNames,
        EXISTS (SELECT 1 FROM item_channels ic JOIN channels c ON c.id = ic.channel_id
            WHERE ic.item_id = i.id AND c.is_mandatory = 1 AND c.archived_at IS NULL) AS inMandatoryChannel
      FROM items i LEFT JOIN departments d ON d.id = i.department_id
     WHERE i.type = 'announcement' AND ${visibility.sql}${since}
       -- The reader's items as one set, worked out once (their department's, their channels'), so
       -- each announcement walked newest first costs one look-up in it, not two sub-selects (decision 275).
       AND i.id IN (SELECT t.item_id FROM item_target_departments t WHERE t.department_id = ?
                    UNION SELECT ic.item_id FROM item_channels ic WHERE ic.channel_id IN (${followed.sql}))
     ORDER BY i.published_at DESC, i.id DESC
     LIMIT ?`,
    params: [
      dept, ...followed.params, ...visibility.params, ...(options.since ? [options.since] : []), dept, ...followed.params,
      options.limit,
    ],
  };
}

export async function countDepartments(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM departments"))?.n ?? 0;
}

/** The people who follow a channel (explicitly or by default), active ones only: for digests and tests. */
export async function listFollowerIds(q: Queryable, channelId: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(
    `SELECT u.id FROM users u JOIN channels c ON c.id = ?
       LEFT JOIN channel_follows f ON f.channel_id = c.id AND f.user_id = u.id
      WHERE u.active = 1 AND c.archived_at IS NULL
        AND (c.is_mandatory = 1 OR f.following = 1
             OR (f.following IS NULL AND (c.department_id IS NULL OR (c.is_default = 1 AND c.department_id = u.department_id))))
      ORDER BY u.id`,
    [channelId],
  );
  return rows.map((r) => r.id);
}

/** Names of the departments an item was sent to, A–Z, with ids. */
export async function listTargetDepartmentNames(q: Queryable, itemId: number): Promise<{ id: number; name: string }[]> {
  return q.all(
    `SELECT d.id, d.name FROM item_target_departments t JOIN departments d ON d.id = t.department_id
      WHERE t.item_id = ? ORDER BY d.name COLLATE NOCASE`,
    [itemId],
  );
}
