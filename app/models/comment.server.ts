/**
 * Comments on announcements and guides (decision 170): one level of replies, earlier
 * wording after the free edit window, reports, thread follows, mentions, and the
 * per-item and per-channel settings. No SQL here reads `items`: callers check the
 * audience rule on the item before they ask for its comments.
 */
import type { Queryable } from "~/utils/db.server";

export type CommentStatus = "published" | "pending" | "hidden" | "deleted";

export type CommentRow = {
  id: number;
  itemId: number;
  parentId: number | null;
  authorId: number | null;
  authorName: string | null;
  authorDepartmentId: number | null;
  body: string;
  status: CommentStatus;
  hiddenReason: string;
  moderatedByName: string | null;
  moderatedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

const COLUMNS = `c.id, c.item_id AS itemId, c.parent_id AS parentId, c.author_id AS authorId, a.name AS authorName,
  a.department_id AS authorDepartmentId, c.body, c.status, c.hidden_reason AS hiddenReason, m.name AS moderatedByName,
  c.moderated_at AS moderatedAt, c.created_at AS createdAt, c.edited_at AS editedAt, c.deleted_at AS deletedAt`;
const FROM = "comments c LEFT JOIN users a ON a.id = c.author_id LEFT JOIN users m ON m.id = c.moderated_by";

export async function insertComment(
  q: Queryable,
  c: { itemId: number; parentId: number | null; authorId: number; body: string; status: "published" | "pending" },
  now: string,
): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO comments (item_id, parent_id, author_id, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    [c.itemId, c.parentId, c.authorId, c.body, c.status, now],
  );
  return lastID;
}

export async function findComment(q: Queryable, id: number): Promise<CommentRow | undefined> {
  return q.get<CommentRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ?`, [id]);
}

/** Every comment on an item, oldest first (callers decide what each reader sees). */
export async function listCommentsOnItem(q: Queryable, itemId: number): Promise<CommentRow[]> {
  return q.all<CommentRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.item_id = ? ORDER BY c.id`, [itemId]);
}

export type CommentOnPage = CommentRow & { hasVersions: number; hasMentions: number; hasReactions: number; following: number };

/**
 * Every comment on an item, oldest first, for one reader's page (decision 265): with whether each
 * has earlier wording, mentions and reactions (so those are read only for the comments that have
 * them) and whether `userId` follows it (as a thread: a reply is never followed itself).
 */
export async function listCommentsOnItemFor(q: Queryable, itemId: number, userId: number): Promise<CommentOnPage[]> {
  return q.all<CommentOnPage>(
    `SELECT ${COLUMNS},
       EXISTS (SELECT 1 FROM comment_versions v WHERE v.comment_id = c.id) AS hasVersions,
       EXISTS (SELECT 1 FROM comment_mentions cm WHERE cm.comment_id = c.id) AS hasMentions,
       EXISTS (SELECT 1 FROM comment_reactions cr WHERE cr.comment_id = c.id) AS hasReactions,
       EXISTS (SELECT 1 FROM comment_follows f WHERE f.thread_id = c.id AND f.user_id = ?) AS following
     FROM ${FROM} WHERE c.item_id = ? ORDER BY c.id`,
    [userId, itemId],
  );
}

/** How many comments a person wrote since a time (the per-person rate limit). */
export async function countCommentsBySince(q: Queryable, authorId: number, since: string): Promise<number> {
  const row = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM comments WHERE author_id = ? AND created_at >= ?", [authorId, since]);
  return row?.n ?? 0;
}

/** Keeps the earlier wording (when edited after the free window), then replaces it. */
export async function updateCommentBody(q: Queryable, id: number, body: string, now: string, keep: { body: string; writtenAt: string } | null): Promise<void> {
  if (keep) await q.run("INSERT INTO comment_versions (comment_id, body, written_at, replaced_at) VALUES (?, ?, ?, ?)", [id, keep.body, keep.writtenAt, now]);
  await q.run(`UPDATE comments SET body = ?, edited_at = ${keep ? "?" : "edited_at"} WHERE id = ?`, keep ? [body, now, id] : [body, id]);
}

export type CommentVersion = { id: number; commentId: number; body: string; writtenAt: string; replacedAt: string };

export async function listCommentVersions(q: Queryable, commentIds: number[]): Promise<CommentVersion[]> {
  if (commentIds.length === 0) return [];
  return q.all<CommentVersion>(
    `SELECT id, comment_id AS commentId, body, written_at AS writtenAt, replaced_at AS replacedAt FROM comment_versions
      WHERE comment_id IN (${commentIds.map(() => "?").join(", ")}) ORDER BY comment_id, id`,
    commentIds,
  );
}

/** Deleting by its author: the text and its earlier wording go; the row stays as "comment deleted" so replies keep their place. */
export async function markCommentDeleted(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("DELETE FROM comment_versions WHERE comment_id = ?", [id]);
  await q.run("DELETE FROM comment_mentions WHERE comment_id = ?", [id]);
  await q.run("UPDATE comments SET status = 'deleted', body = '', deleted_at = ? WHERE id = ?", [now, id]);
}

export async function setCommentModeration(q: Queryable, id: number, status: "published" | "hidden", reason: string, userId: number, now: string): Promise<void> {
  await q.run("UPDATE comments SET status = ?, hidden_reason = ?, moderated_by = ?, moderated_at = ? WHERE id = ?", [status, status === "hidden" ? reason : "", userId, now, id]);
}

/* ---- Reports and the moderation queue ---- */

export async function insertReport(q: Queryable, commentId: number, reporterId: number, reason: string, now: string): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT INTO comment_reports (comment_id, reporter_id, reason, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (comment_id, reporter_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, resolved_at = NULL, resolved_by = NULL`,
    [commentId, reporterId, reason, now],
  );
  return changes > 0;
}

export async function resolveReports(q: Queryable, commentId: number, userId: number, now: string): Promise<void> {
  await q.run("UPDATE comment_reports SET resolved_at = ?, resolved_by = ? WHERE comment_id = ? AND resolved_at IS NULL", [now, userId, commentId]);
}

export type QueueEntry = CommentRow & { reports: { reason: string; createdAt: string }[] };

/** Comments waiting for approval and comments with open reports, oldest first. */
export async function listModerationQueue(q: Queryable, limit = 200): Promise<QueueEntry[]> {
  const rows = await q.all<CommentRow>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE c.status = 'pending'
         OR (c.status IN ('published', 'hidden') AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL))
      ORDER BY c.id LIMIT ?`,
    [limit],
  );
  if (rows.length === 0) return [];
  const reports = await q.all<{ commentId: number; reason: string; createdAt: string }>(
    `SELECT comment_id AS commentId, reason, created_at AS createdAt FROM comment_reports
      WHERE resolved_at IS NULL AND comment_id IN (${rows.map(() => "?").join(", ")}) ORDER BY id`,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, reports: reports.filter((x) => x.commentId === r.id).map(({ reason, createdAt }) => ({ reason, createdAt })) }));
}

export async function countModerationQueue(q: Queryable): Promise<number> {
  const row = await q.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM comments c WHERE c.status = 'pending'
       OR (c.status IN ('published', 'hidden') AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL))`,
  );
  return row?.n ?? 0;
}

/* ---- Follows and mentions ---- */

export async function followThread(q: Queryable, threadId: number, userId: number, now: string): Promise<void> {
  await q.run("INSERT INTO comment_follows (thread_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (thread_id, user_id) DO NOTHING", [threadId, userId, now]);
}

export async function unfollowThread(q: Queryable, threadId: number, userId: number): Promise<void> {
  await q.run("DELETE FROM comment_follows WHERE thread_id = ? AND user_id = ?", [threadId, userId]);
}

export async function listThreadFollowers(q: Queryable, threadId: number): Promise<number[]> {
  return (await q.all<{ userId: number }>("SELECT user_id AS userId FROM comment_follows WHERE thread_id = ? ORDER BY user_id", [threadId])).map((r) => r.userId);
}

/** Replaces a comment's mentions; returns the people newly mentioned. */
export async function setMentions(q: Queryable, commentId: number, userIds: number[]): Promise<number[]> {
  const before = new Set((await q.all<{ userId: number }>("SELECT user_id AS userId FROM comment_mentions WHERE comment_id = ?", [commentId])).map((r) => r.userId));
  await q.run("DELETE FROM comment_mentions WHERE comment_id = ?", [commentId]);
  for (const id of userIds) await q.run("INSERT INTO comment_mentions (comment_id, user_id) VALUES (?, ?) ON CONFLICT (comment_id, user_id) DO NOTHING", [commentId, id]);
  return userIds.filter((id) => !before.has(id));
}

export type MentionRow = { commentId: number; userId: number; name: string };

export async function listMentions(q: Queryable, commentIds: number[]): Promise<MentionRow[]> {
  if (commentIds.length === 0) return [];
  return q.all<MentionRow>(
    `SELECT m.comment_id AS commentId, m.user_id AS userId, u.name FROM comment_mentions m JOIN users u ON u.id = m.user_id
      WHERE m.comment_id IN (${commentIds.map(() => "?").join(", ")}) ORDER BY m.comment_id, u.name`,
    commentIds,
  );
}

export type PersonChoice = { id: number; name: string; jobTitle: string; departmentName: string | null };

/** The people picker: active people (not generated ones) whose name starts or has a word starting with the text. */
export async function findPeopleByName(q: Queryable, text: string, limit = 8): Promise<PersonChoice[]> {
  const t = text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (t.length < 2) return [];
  return q.all<PersonChoice>(
    `SELECT u.id, u.name, u.job_title AS jobTitle, d.name AS departmentName FROM users u LEFT JOIN departments d ON d.id = u.department_id
      WHERE u.active = 1 AND u.generated = 0 AND (lower(u.name) LIKE ? ESCAPE '\\' OR lower(u.name) LIKE ? ESCAPE '\\')
      ORDER BY u.name LIMIT ?`,
    [`${t}%`, `% ${t}%`, limit],
  );
}

export async function findPeopleByIds(q: Queryable, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  return q.all<{ id: number; name: string }>(`SELECT id, name FROM users WHERE active = 1 AND id IN (${ids.map(() => "?").join(", ")})`, ids);
}

/* ---- Settings ---- */

export type ItemCommentSetting = { enabled: number; closed: number };

/** An item's comment state: on/off and closed as chosen (null: nobody chose), and whether a channel of it premoderates. */
export type ItemCommentState = { enabled: number | null; closed: number | null; premoderated: boolean };

/**
 * Whether an item takes comments (its own setting, null when nobody chose) and whether any of its
 * channels pre-moderates them, in one statement: an item page asks both (decision 245).
 */
export async function getItemCommentState(q: Queryable, itemId: number): Promise<ItemCommentState> {
  return commentStateOf(await q.get<CommentStateRow>(`SELECT ${COMMENT_STATE_COLUMNS}`, { id: itemId }));
}

/** The item's comment state as columns of one SELECT (`$id` the item): enabled, closed, premoderated (a page's one statement has them too, decision 265). */
export const COMMENT_STATE_COLUMNS = `(SELECT s.enabled FROM item_comment_settings s WHERE s.item_id = $id) AS enabled,
            (SELECT s.closed FROM item_comment_settings s WHERE s.item_id = $id) AS closed,
            (SELECT COUNT(*) FROM item_channels ic JOIN channel_comment_settings cs ON cs.channel_id = ic.channel_id
              WHERE ic.item_id = $id AND cs.premoderated = 1) AS premoderated`;

export type CommentStateRow = { enabled: number | null; closed: number | null; premoderated: number };

export function commentStateOf(row: CommentStateRow | undefined): ItemCommentState {
  return { enabled: row?.enabled ?? null, closed: row?.closed ?? null, premoderated: (row?.premoderated ?? 0) > 0 };
}

export async function setItemCommentSetting(q: Queryable, itemId: number, s: { enabled: boolean; closed: boolean }, userId: number, now: string): Promise<void> {
  await q.run(
    `INSERT INTO item_comment_settings (item_id, enabled, closed, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET enabled = excluded.enabled, closed = excluded.closed, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
    [itemId, s.enabled ? 1 : 0, s.closed ? 1 : 0, userId, now],
  );
}

export async function listChannelCommentSettings(q: Queryable): Promise<{ id: number; name: string; departmentName: string | null; premoderated: number }[]> {
  return q.all(
    `SELECT c.id, c.name, d.name AS departmentName, COALESCE(s.premoderated, 0) AS premoderated
       FROM channels c LEFT JOIN departments d ON d.id = c.department_id LEFT JOIN channel_comment_settings s ON s.channel_id = c.id
      WHERE c.archived_at IS NULL ORDER BY c.department_id IS NOT NULL, d.name, c.name`,
  );
}

export async function setChannelPremoderated(q: Queryable, channelId: number, premoderated: boolean, userId: number, now: string): Promise<void> {
  await q.run(
    `INSERT INTO channel_comment_settings (channel_id, premoderated, changed_by, changed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id) DO UPDATE SET premoderated = excluded.premoderated, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
    [channelId, premoderated ? 1 : 0, userId, now],
  );
}

/* ---- Telling owners and authors (the digest) ---- */

export type UntoldComment = { id: number; itemId: number; parentId: number | null; authorId: number | null; createdAt: string };

/** Published comments nobody has been told about yet. */
export async function listUntoldComments(q: Queryable, before: string, limit = 1000): Promise<UntoldComment[]> {
  return q.all<UntoldComment>(
    `SELECT id, item_id AS itemId, parent_id AS parentId, author_id AS authorId, created_at AS createdAt FROM comments
      WHERE told_at IS NULL AND status = 'published' AND created_at < ? ORDER BY id LIMIT ?`,
    [before, limit],
  );
}

export async function markCommentsTold(q: Queryable, ids: number[], now: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    await q.run(`UPDATE comments SET told_at = ? WHERE id IN (${chunk.map(() => "?").join(", ")})`, [now, ...chunk]);
  }
}

/* ---- The FOI export (decision 170) ---- */

export type CommentForExport = {
  id: number; parentId: number | null; authorName: string | null; body: string; status: CommentStatus;
  hiddenReason: string; createdAt: string; editedAt: string | null; deletedAt: string | null;
  earlierVersions: { body: string; writtenAt: string; replacedAt: string }[];
};

/**
 * Every comment on one item as held, for a freedom-of-information export: hidden and
 * pending ones included with their status, earlier wording of edited ones, deleted ones
 * as a row without text (their text was removed when the author deleted them). The caller
 * (the export) decides who may run it; nothing here filters by reader.
 */
export async function listCommentsForExport(q: Queryable, itemId: number): Promise<CommentForExport[]> {
  const rows = await listCommentsOnItem(q, itemId);
  const versions = await listCommentVersions(q, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, parentId: r.parentId, authorName: r.authorName, body: r.body, status: r.status, hiddenReason: r.hiddenReason,
    createdAt: r.createdAt, editedAt: r.editedAt, deletedAt: r.deletedAt,
    earlierVersions: versions.filter((v) => v.commentId === r.id).map(({ body, writtenAt, replacedAt }) => ({ body, writtenAt, replacedAt })),
  }));
}
