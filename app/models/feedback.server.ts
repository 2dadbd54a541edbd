/**
 * "Was this page helpful?": ratings (one per person per page) and private comments with
 * their replies. Totals go to owners and comms editors only; readers never see them.
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";
import type { Visibility } from "./item.server";

export async function upsertRating(q: Queryable, itemId: number, userId: number, helpful: boolean, now: string): Promise<void> {
  await q.run(
    `INSERT INTO page_ratings (item_id, user_id, helpful, rated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (item_id, user_id) DO UPDATE SET helpful = excluded.helpful, rated_at = excluded.rated_at`,
    [itemId, userId, helpful, now],
  );
}

/** Many answers at once (the demo's generated history, decision 087); one per person per page, as above. */
export async function upsertRatings(q: Queryable, rows: readonly { itemId: number; userId: number; helpful: boolean; at: string }[]): Promise<void> {
  await insertMany(
    q, "INSERT INTO page_ratings (item_id, user_id, helpful, rated_at)", 4, rows.map((r) => [r.itemId, r.userId, r.helpful ? 1 : 0, r.at]),
    "ON CONFLICT (item_id, user_id) DO UPDATE SET helpful = excluded.helpful, rated_at = excluded.rated_at",
  );
}

export async function findRating(q: Queryable, itemId: number, userId: number): Promise<boolean | null> {
  const row = await q.get<{ helpful: number }>("SELECT helpful FROM page_ratings WHERE item_id = ? AND user_id = ?", [itemId, userId]);
  return row ? row.helpful === 1 : null;
}

export type Helpfulness = { yes: number; no: number; openComments: number; comments: number };

/** A page's helpfulness counts as columns of one SELECT (`$id` the item; a guide page's one statement has them too, decision 265). */
export const HELPFULNESS_COLUMNS = `(SELECT COUNT(*) FROM page_ratings WHERE item_id = $id AND helpful = 1) AS yes,
            (SELECT COUNT(*) FROM page_ratings WHERE item_id = $id AND helpful = 0) AS no,
            (SELECT COUNT(*) FROM page_feedback WHERE item_id = $id AND status = 'open') AS openComments,
            (SELECT COUNT(*) FROM page_feedback WHERE item_id = $id) AS comments`;

/** This person's own answer and the page's counts, in one statement (a page shows both to its owners; decision 245). */
export async function ratingAndHelpfulnessOf(q: Queryable, itemId: number, userId: number): Promise<{ myRating: boolean | null; helpfulness: Helpfulness }> {
  const row = await q.get<Helpfulness & { mine: number | null }>(
    `SELECT (SELECT helpful FROM page_ratings WHERE item_id = $id AND user_id = $user) AS mine, ${HELPFULNESS_COLUMNS}`,
    { id: itemId, user: userId },
  );
  const { mine = null, ...helpfulness } = row ?? { yes: 0, no: 0, openComments: 0, comments: 0 };
  return { myRating: mine === null ? null : mine === 1, helpfulness };
}

export async function helpfulnessOf(q: Queryable, itemId: number): Promise<Helpfulness> {
  const row = await q.get<Helpfulness>(
    `SELECT ${HELPFULNESS_COLUMNS}`,
    { id: itemId },
  );
  return row ?? { yes: 0, no: 0, openComments: 0, comments: 0 };
}

export async function insertFeedback(
  q: Queryable,
  f: { itemId: number; authorId: number; helpful: boolean; comment: string },
  now: string,
): Promise<number> {
  const { lastID } = await q.run("INSERT INTO page_feedback (item_id, author_id, helpful, comment, created_at) VALUES (?, ?, ?, ?, ?)", [
    f.itemId, f.authorId, f.helpful, f.comment, now,
  ]);
  return lastID;
}

export type FeedbackRow = {
  id: number;
  itemId: number;
  itemType: "guide" | "policy";
  itemSlug: string;
  itemTitle: string;
  itemDepartmentId: number | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
  authorId: number | null;
  authorName: string | null;
  helpful: number;
  comment: string;
  status: "open" | "resolved";
  resolvedAt: string | null;
  resolvedByName: string | null;
  createdAt: string;
  replies: number;
};

const FEEDBACK_COLUMNS = `f.id, f.item_id AS itemId, i.type AS itemType, i.slug AS itemSlug, i.title AS itemTitle,
  i.department_id AS itemDepartmentId, i.owner_email AS ownerEmail, i.deputy_email AS deputyEmail,
  f.author_id AS authorId, a.name AS authorName, f.helpful, f.comment, f.status, f.resolved_at AS resolvedAt,
  r.name AS resolvedByName, f.created_at AS createdAt,
  (SELECT COUNT(*) FROM page_feedback_replies x WHERE x.feedback_id = f.id) AS replies`;
const FEEDBACK_FROM = `page_feedback f JOIN items i ON i.id = f.item_id
  LEFT JOIN users a ON a.id = f.author_id LEFT JOIN users r ON r.id = f.resolved_by`;

export async function findFeedback(q: Queryable, id: number): Promise<FeedbackRow | undefined> {
  return q.get<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM} WHERE f.id = ?`, [id]);
}

export type FeedbackFilter = { status?: "open" | "resolved"; itemId?: number };

function filterSql(filter: FeedbackFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    parts.push("f.status = ?");
    params.push(filter.status);
  }
  if (filter.itemId) {
    parts.push("f.item_id = ?");
    params.push(filter.itemId);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), params };
}

/**
 * Comments on pages this person owns or deputises and may still look at (`listing`, from
 * `listedOrEditableSql`: an owner the audience no longer admits reads nothing), newest first.
 */
export async function listFeedbackForOwner(q: Queryable, email: string, listing: Visibility, filter: FeedbackFilter = {}): Promise<FeedbackRow[]> {
  const f = filterSql(filter);
  return q.all<FeedbackRow>(
    `SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM}
      WHERE (i.owner_email = ? COLLATE NOCASE OR i.deputy_email = ? COLLATE NOCASE) AND ${listing.sql}${f.sql}
      ORDER BY f.status = 'open' DESC, f.created_at DESC, f.id DESC LIMIT 200`,
    [email, email, ...listing.params, ...f.params],
  );
}

/** Every comment on pages in `listing` (comms editors: every page), newest first. */
export async function listAllFeedback(q: Queryable, listing: Visibility, filter: FeedbackFilter = {}): Promise<FeedbackRow[]> {
  const f = filterSql(filter);
  return q.all<FeedbackRow>(
    `SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM} WHERE ${listing.sql}${f.sql}
      ORDER BY f.status = 'open' DESC, f.created_at DESC, f.id DESC LIMIT 200`,
    [...listing.params, ...f.params],
  );
}

/** Comments this person wrote on pages they may still open (`visibility`), newest first (so they can read replies). */
export async function listFeedbackByAuthor(q: Queryable, userId: number, visibility: Visibility): Promise<FeedbackRow[]> {
  return q.all<FeedbackRow>(
    `SELECT ${FEEDBACK_COLUMNS} FROM ${FEEDBACK_FROM} WHERE f.author_id = ? AND ${visibility.sql} ORDER BY f.created_at DESC, f.id DESC LIMIT 200`,
    [userId, ...visibility.params],
  );
}

export type ReplyRow = { id: number; authorId: number | null; authorName: string | null; body: string; createdAt: string };

export async function listReplies(q: Queryable, feedbackId: number): Promise<ReplyRow[]> {
  return q.all<ReplyRow>(
    `SELECT x.id, x.author_id AS authorId, u.name AS authorName, x.body, x.created_at AS createdAt
       FROM page_feedback_replies x LEFT JOIN users u ON u.id = x.author_id WHERE x.feedback_id = ? ORDER BY x.id`,
    [feedbackId],
  );
}

export async function insertReply(q: Queryable, feedbackId: number, authorId: number, body: string, now: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO page_feedback_replies (feedback_id, author_id, body, created_at) VALUES (?, ?, ?, ?)", [
    feedbackId, authorId, body, now,
  ]);
  return lastID;
}

export async function setFeedbackStatus(q: Queryable, id: number, status: "open" | "resolved", userId: number, now: string): Promise<void> {
  await q.run(
    `UPDATE page_feedback SET status = ?, resolved_by = CASE WHEN ? = 'resolved' THEN CAST(? AS INTEGER) ELSE NULL END,
       resolved_at = CASE WHEN ? = 'resolved' THEN CAST(? AS TEXT) ELSE NULL END WHERE id = ?`,
    [status, status, userId, status, now, id],
  );
}

export type HelpfulnessRank = {
  itemId: number;
  type: "guide" | "policy";
  slug: string;
  title: string;
  departmentName: string | null;
  yes: number;
  no: number;
  total: number;
  /** Share of "yes" answers, 0–100. */
  percentHelpful: number;
};

/**
 * Pages ranked by the share of "yes" answers, among pages with at least `minRatings`
 * answers (a page with one "no" is not the least helpful page of the council).
 */
export async function rankByHelpfulness(
  q: Queryable,
  visibility: { sql: string; params: unknown[] },
  options: { order: "most" | "least"; limit: number; minRatings: number; since?: string },
): Promise<HelpfulnessRank[]> {
  const direction = options.order === "most" ? "DESC" : "ASC";
  return q.all<HelpfulnessRank>(
    `SELECT i.id AS itemId, i.type, i.slug, i.title, d.name AS departmentName,
        SUM(r.helpful) AS yes, SUM(1 - r.helpful) AS no, COUNT(*) AS total,
        CAST(ROUND(100.0 * SUM(r.helpful) / COUNT(*)) AS INTEGER) AS percentHelpful
       FROM page_ratings r JOIN items i ON i.id = r.item_id LEFT JOIN departments d ON d.id = i.department_id
      WHERE (? IS NULL OR r.rated_at >= ?) AND ${visibility.sql}
      GROUP BY i.id, d.name HAVING COUNT(*) >= ?
      ORDER BY 1.0 * SUM(r.helpful) / COUNT(*) ${direction}, COUNT(*) DESC, i.title COLLATE NOCASE
      LIMIT ?`,
    [options.since ?? null, options.since ?? null, ...visibility.params, options.minRatings, options.limit],
  );
}

/** Ratings and comments left between two instants (the weekly summary). */
export async function countFeedbackBetween(q: Queryable, from: string, to: string): Promise<{ ratings: number; yes: number; comments: number }> {
  const row = await q.get<{ ratings: number; yes: number | null; comments: number }>(
    `SELECT (SELECT COUNT(*) FROM page_ratings WHERE rated_at >= $from AND rated_at < $to) AS ratings,
            (SELECT SUM(helpful) FROM page_ratings WHERE rated_at >= $from AND rated_at < $to) AS yes,
            (SELECT COUNT(*) FROM page_feedback WHERE created_at >= $from AND created_at < $to) AS comments`,
    { from, to },
  );
  return { ratings: row?.ratings ?? 0, yes: row?.yes ?? 0, comments: row?.comments ?? 0 };
}
