/**
 * Figures for the communications team. Everything here is aggregate: views per item per
 * department per day (reach_daily), counts of confirmations, counts of ratings, counts of
 * posts. No query here returns what a named person read.
 *
 * A period is a pair of UK calendar days, both included. Lists of items take the viewer's
 * visibility clause (alias `i`), like every other list of items.
 */
import type { Queryable } from "~/utils/db.server";
import { IN_SCOPE_SQL, REQUIRED_VERSION_SQL } from "./acknowledgement.server";
import type { ItemType } from "./item.server";

export type Visibility = { sql: string; params: unknown[] };
export type Period = { from: string; to: string };

/* ---- Reach ---- */

/** Total views per day in the period (days with no views are filled in with 0 by the caller). */
export async function reachPerDay(q: Queryable, vis: Visibility, period: Period): Promise<{ day: string; views: number }[]> {
  return q.all(
    `SELECT r.day, SUM(r.views) AS views FROM reach_daily r JOIN items i ON i.id = r.item_id
      WHERE r.day BETWEEN ? AND ? AND ${vis.sql} GROUP BY r.day ORDER BY r.day`,
    [period.from, period.to, ...vis.params],
  );
}

export type ItemReach = {
  itemId: number;
  type: ItemType;
  slug: string;
  title: string;
  postedBy: string | null;
  views: number;
  departmentsReached: number;
  topDepartment: string | null;
};

/** Items by views in the period, most first. */
export async function reachPerItem(q: Queryable, vis: Visibility, period: Period, limit: number): Promise<ItemReach[]> {
  return q.all<ItemReach>(
    `SELECT i.id AS itemId, i.type, i.slug, i.title, pd.name AS postedBy, SUM(r.views) AS views,
        COUNT(DISTINCT CASE WHEN r.department_id <> 0 THEN r.department_id END) AS departmentsReached,
        (SELECT COALESCE(d2.name, 'No department') FROM reach_daily r2 LEFT JOIN departments d2 ON d2.id = r2.department_id
          WHERE r2.item_id = i.id AND r2.day BETWEEN ? AND ?
          GROUP BY r2.department_id, d2.name ORDER BY SUM(r2.views) DESC, d2.name LIMIT 1) AS topDepartment
       FROM reach_daily r JOIN items i ON i.id = r.item_id LEFT JOIN departments pd ON pd.id = i.department_id
      WHERE r.day BETWEEN ? AND ? AND ${vis.sql}
      GROUP BY i.id, pd.name ORDER BY views DESC, i.title COLLATE NOCASE LIMIT ?`,
    [period.from, period.to, period.from, period.to, ...vis.params, limit],
  );
}

export type ItemDepartmentReach = { itemId: number; title: string; departmentName: string; views: number };

/** Views per item per reader department (one row each), for one item or all. */
export async function reachPerItemByDepartment(q: Queryable, vis: Visibility, period: Period, itemId?: number): Promise<ItemDepartmentReach[]> {
  return q.all<ItemDepartmentReach>(
    `SELECT i.id AS itemId, i.title, COALESCE(d.name, 'No department') AS departmentName, SUM(r.views) AS views
       FROM reach_daily r JOIN items i ON i.id = r.item_id LEFT JOIN departments d ON d.id = r.department_id
      WHERE r.day BETWEEN ? AND ? AND (? IS NULL OR i.id = ?) AND ${vis.sql}
      GROUP BY i.id, r.department_id, d.name ORDER BY i.title COLLATE NOCASE, i.id, views DESC, departmentName`,
    [period.from, period.to, itemId ?? null, itemId ?? null, ...vis.params],
  );
}

/** Views of one item per day. */
export async function reachOfItemPerDay(q: Queryable, vis: Visibility, period: Period, itemId: number): Promise<{ day: string; views: number }[]> {
  return q.all(
    `SELECT r.day, SUM(r.views) AS views FROM reach_daily r JOIN items i ON i.id = r.item_id
      WHERE r.item_id = ? AND r.day BETWEEN ? AND ? AND ${vis.sql} GROUP BY r.day ORDER BY r.day`,
    [itemId, period.from, period.to, ...vis.params],
  );
}

/* ---- Acknowledgements ---- */

export type AckCompletion = {
  itemId: number;
  type: ItemType;
  slug: string;
  title: string;
  publishedAt: string | null;
  inScope: number;
  confirmed: number;
};

const MUST_READ = `(SELECT i.*, ${REQUIRED_VERSION_SQL} AS required_version FROM items i
   WHERE (i.type = 'announcement' AND i.must_read = 1) OR i.type = 'policy')`;

/** Must-read items with how many people are asked and how many have confirmed, newest first. */
export async function acknowledgementCompletion(q: Queryable, vis: Visibility, limit: number): Promise<AckCompletion[]> {
  return q.all<AckCompletion>(
    `SELECT i.id AS itemId, i.type, i.slug, i.title, i.published_at AS publishedAt,
        (SELECT COUNT(*) FROM users u WHERE ${IN_SCOPE_SQL}) AS inScope,
        (SELECT COUNT(*) FROM users u WHERE ${IN_SCOPE_SQL}
           AND EXISTS (SELECT 1 FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id AND a.version >= i.required_version)) AS confirmed
       FROM ${MUST_READ} i
      WHERE i.required_version IS NOT NULL AND ${vis.sql}
      ORDER BY i.published_at DESC, i.id DESC LIMIT ?`,
    [...vis.params, limit],
  );
}

/**
 * For one must-read item: people in scope now, and how many of them confirmed on each day
 * (their first confirmation of the required version).
 */
export async function acknowledgementsPerDay(q: Queryable, itemId: number): Promise<{ inScope: number; days: { day: string; confirmed: number }[] }> {
  const [scope, days] = await Promise.all([
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${MUST_READ} i JOIN users u WHERE i.id = ? AND i.required_version IS NOT NULL AND ${IN_SCOPE_SQL}`, [itemId]),
    q.all<{ day: string; confirmed: number }>(
      `SELECT substr(first_at, 1, 10) AS day, COUNT(*) AS confirmed FROM (
         SELECT u.id, MIN(a.acknowledged_at) AS first_at
           FROM ${MUST_READ} i JOIN users u JOIN acknowledgements a ON a.item_id = i.id AND a.user_id = u.id AND a.version >= i.required_version
          WHERE i.id = ? AND ${IN_SCOPE_SQL} GROUP BY u.id)
       GROUP BY day ORDER BY day`,
      [itemId],
    ),
  ]);
  return { inScope: scope?.n ?? 0, days };
}

/* ---- Posting activity ---- */

export type PostingActivity = { departmentId: number | null; departmentName: string; announcements: number; policies: number; guides: number; total: number };

/** Items first published in the period, per posting department. */
export async function postingActivity(q: Queryable, vis: Visibility, period: Period): Promise<PostingActivity[]> {
  return q.all<PostingActivity>(
    `SELECT i.department_id AS departmentId, COALESCE(d.name, 'Corporate') AS departmentName,
        SUM(CASE WHEN i.type = 'announcement' THEN 1 ELSE 0 END) AS announcements, SUM(CASE WHEN i.type = 'policy' THEN 1 ELSE 0 END) AS policies,
        SUM(CASE WHEN i.type = 'guide' THEN 1 ELSE 0 END) AS guides,
        COUNT(*) AS total
       FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE substr(i.published_at, 1, 10) BETWEEN ? AND ? AND ${vis.sql}
      GROUP BY i.department_id, d.name ORDER BY total DESC, COALESCE(d.name, 'Corporate') COLLATE NOCASE`,
    [period.from, period.to, ...vis.params],
  );
}

/** Weekly summary figures: items published between two instants, by type. */
export async function countPublishedBetween(q: Queryable, from: string, to: string): Promise<{ announcements: number; policies: number; guides: number }> {
  const row = await q.get<{ announcements: number | null; policies: number | null; guides: number | null }>(
    `SELECT SUM(CASE WHEN type = 'announcement' THEN 1 ELSE 0 END) AS announcements, SUM(CASE WHEN type = 'policy' THEN 1 ELSE 0 END) AS policies,
        SUM(CASE WHEN type = 'guide' THEN 1 ELSE 0 END) AS guides
       FROM items WHERE status IN ('published', 'expired') AND published_at >= ? AND published_at < ?`,
    [from, to],
  );
  return { announcements: row?.announcements ?? 0, policies: row?.policies ?? 0, guides: row?.guides ?? 0 };
}

/** Total views between two days (inclusive). */
export async function totalViews(q: Queryable, period: Period): Promise<number> {
  return (await q.get<{ n: number | null }>("SELECT SUM(views) AS n FROM reach_daily WHERE day BETWEEN ? AND ?", [period.from, period.to]))?.n ?? 0;
}

/* ---- Searches (what was searched and when, never who: see migrations/020) ---- */

export type SearchCount = { query: string; searches: number };

/** The most searched-for queries in the period. */
export async function topSearches(q: Queryable, period: Period, limit: number): Promise<SearchCount[]> {
  return q.all<SearchCount>(
    `SELECT (SELECT d2.query FROM search_query_days d2 WHERE d2.query_key = d.query_key ORDER BY d2.day DESC LIMIT 1) AS query,
        SUM(d.searches) AS searches
       FROM search_query_days d WHERE d.day BETWEEN ? AND ?
      GROUP BY d.query_key ORDER BY searches DESC, query LIMIT ?`,
    [period.from, period.to, limit],
  );
}

export type ZeroResultSearch = SearchCount & { lastSearchedAt: string };

/** Searches that found nothing in the period, most often first. */
export async function zeroResultSearches(q: Queryable, period: Period, limit: number): Promise<ZeroResultSearch[]> {
  return q.all<ZeroResultSearch>(
    `SELECT (SELECT m2.query FROM search_misses m2 WHERE m2.query_key = m.query_key ORDER BY m2.searched_at DESC LIMIT 1) AS query,
        COUNT(*) AS searches, MAX(m.searched_at) AS lastSearchedAt
       FROM search_misses m
      WHERE m.result_count = 0 AND substr(m.searched_at, 1, 10) BETWEEN ? AND ?
      GROUP BY m.query_key ORDER BY searches DESC, lastSearchedAt DESC LIMIT ?`,
    [period.from, period.to, limit],
  );
}

export async function countZeroResultSearches(q: Queryable, period: Period): Promise<number> {
  const row = await q.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM search_misses WHERE result_count = 0 AND substr(searched_at, 1, 10) BETWEEN ? AND ?",
    [period.from, period.to],
  );
  return row?.n ?? 0;
}

/* ---- Weekly summaries sent ---- */

export async function findWeeklySummary(q: Queryable, weekStart: string): Promise<{ weekStart: string; figuresJson: string; recipients: number } | undefined> {
  return q.get("SELECT week_start AS weekStart, figures_json AS figuresJson, recipients FROM weekly_summaries WHERE week_start = ?", [weekStart]);
}

export async function insertWeeklySummary(q: Queryable, weekStart: string, figures: unknown, recipients: number, now: string): Promise<void> {
  await q.run("INSERT INTO weekly_summaries (week_start, figures_json, recipients, created_at) VALUES (?, ?, ?, ?)", [
    weekStart, JSON.stringify(figures), recipients, now,
  ]);
}
