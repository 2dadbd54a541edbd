/**
 * Queries behind search: the facts and text of items the index holds, the page of
 * results a viewer may see (checked again here with their visibility clause), and the
 * search-insight tables (what was searched and when, never who).
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { insertMany } from "./batch.server";
import type { ItemRow, ItemStatus, ItemType, Visibility } from "./item.server";

/** Statuses whose items are in the index. Drafts, reviews and archived items never are. */
export const INDEXED_STATUSES: readonly ItemStatus[] = ["published", "scheduled"];

/** Everything search keeps in memory about an item: what its audience, filters and ranking depend on. */
export type SearchFactsRow = Pick<
  ItemRow,
  | "id" | "type" | "slug" | "title" | "summary" | "status" | "audience" | "isPublic" | "publishAt" | "expiresAt"
  | "publishedAt" | "lastReviewedOn" | "reference" | "departmentId" | "currentRevisionId"
> & {
  departmentSlug: string | null;
  departmentName: string | null;
  /** Current policy version's effective date. */
  effectiveOn: string | null;
  /** Separated by U+001F (tags may hold commas). */
  tags: string | null;
  audienceDepartmentIds: string | null;
  audienceRoles: string | null;
  /** Changes when an attached file, its title or its extracted text changes (decision 151). */
  documentsKey: string | null;
};

const FACT_COLUMNS = `i.id, i.type, i.slug, i.title, i.summary, i.status, i.audience, i.is_public AS isPublic,
  i.publish_at AS publishAt, i.expires_at AS expiresAt, i.published_at AS publishedAt, i.last_reviewed_on AS lastReviewedOn,
  i.reference, i.department_id AS departmentId, d.slug AS departmentSlug, d.name AS departmentName,
  i.current_revision_id AS currentRevisionId,
  (SELECT pv.effective_on FROM policy_versions pv WHERE pv.item_id = i.id AND pv.published_at <= ?
     ORDER BY pv.version DESC LIMIT 1) AS effectiveOn,
  (SELECT GROUP_CONCAT(t.tag, char(31)) FROM item_tags t WHERE t.item_id = i.id) AS tags,
  (SELECT GROUP_CONCAT(ad.department_id) FROM item_audience_departments ad WHERE ad.item_id = i.id) AS audienceDepartmentIds,
  (SELECT GROUP_CONCAT(ar.role) FROM item_audience_roles ar WHERE ar.item_id = i.id) AS audienceRoles,
  (SELECT COUNT(*) || ':' || COALESCE(SUM(av.id), 0) || ':' || COALESCE(MAX(a.updated_at), '') || ':' ||
          SUM(CASE WHEN av.text_status = 'done' THEN 1 ELSE 0 END)
     FROM attachments a JOIN attachment_versions av ON av.id = a.current_version_id WHERE a.item_id = i.id) AS documentsKey`;

/** Facts of the items the index should hold, in id order, a batch at a time (after `afterId`). */
export function listIndexedItemFacts(q: Queryable, page: { afterId: number; limit: number }, now = new Date()): Promise<SearchFactsRow[]> {
  return q.all<SearchFactsRow>(
    `SELECT ${FACT_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.id > ? AND i.status IN (${INDEXED_STATUSES.map(() => "?").join(", ")}) ORDER BY i.id LIMIT ?`,
    [now.toISOString(), page.afterId, ...INDEXED_STATUSES, page.limit],
  );
}

/** Facts of some items whatever their status (after a change, to see whether they still belong in the index). */
export function listItemFactsByIds(q: Queryable, ids: readonly number[], now = new Date()): Promise<SearchFactsRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.all<SearchFactsRow>(
    `SELECT ${FACT_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.id IN (${ids.map(() => "?").join(", ")}) ORDER BY i.id`,
    [now.toISOString(), ...ids],
  );
}

/** An item's current text: the sanitised HTML, or the Markdown when no HTML was rendered. */
export type SearchTextRow = { id: number; text: string; isHtml: number };

/** The current text of some items. */
export function listItemTexts(q: Queryable, ids: readonly number[]): Promise<SearchTextRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.all<SearchTextRow>(
    `SELECT i.id, CASE WHEN COALESCE(r.html, '') <> '' THEN r.html ELSE COALESCE(r.body, '') END AS text,
       CASE WHEN COALESCE(r.html, '') <> '' THEN 1 ELSE 0 END AS isHtml
       FROM items i LEFT JOIN revisions r ON r.id = i.current_revision_id
      WHERE i.id IN (${ids.map(() => "?").join(", ")}) ORDER BY i.id`,
    [...ids],
  );
}

export type SearchResultRow = {
  id: number;
  type: ItemType;
  slug: string;
  title: string;
  summary: string;
  reference: string | null;
  publishedAt: string | null;
  lastReviewedOn: string | null;
  departmentName: string | null;
  revisionId: number | null;
  /** The current revision's HTML, only when its revision id was asked for (`withHtmlOf`), else null. */
  html?: string | null;
};

/**
 * The results page, checked once more against the database with the viewer's own
 * visibility clause: whatever the in-memory index believes, nothing reaches the page
 * unless the viewer may open it right now. `withHtmlOf`: revisions whose HTML to read in
 * the same statement (snippets not cached yet), so a page of results is one query.
 */
export function listVisibleResults(q: Queryable, visibility: Visibility, ids: readonly number[], withHtmlOf: readonly number[] = []): Promise<SearchResultRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const html = withHtmlOf.length
    ? { column: "r.html", join: `LEFT JOIN revisions r ON r.id = i.current_revision_id AND r.id IN (${withHtmlOf.map(() => "?").join(", ")})` }
    : { column: "NULL", join: "" };
  return q.all<SearchResultRow>(
    `SELECT i.id, i.type, i.slug, i.title, i.summary, i.reference, i.published_at AS publishedAt,
       i.last_reviewed_on AS lastReviewedOn, d.name AS departmentName, i.current_revision_id AS revisionId, ${html.column} AS html
     FROM items i LEFT JOIN departments d ON d.id = i.department_id ${html.join}
     WHERE i.id IN (${ids.map(() => "?").join(", ")}) AND ${visibility.sql}`,
    [...withHtmlOf, ...ids, ...visibility.params],
  );
}

/** Rendered HTML of revisions (snippets are cut from their text). */
export function listRevisionHtml(q: Queryable, revisionIds: readonly number[]): Promise<{ id: number; html: string }[]> {
  if (revisionIds.length === 0) return Promise.resolve([]);
  return q.all<{ id: number; html: string }>(`SELECT id, html FROM revisions WHERE id IN (${revisionIds.map(() => "?").join(", ")})`, [...revisionIds]);
}

export function splitList(value: string | null, separator = ","): string[] {
  return value ? value.split(separator).filter(Boolean) : [];
}

export function rolesOf(value: string | null): Role[] {
  return splitList(value) as Role[];
}

/* ---- Search insight ---- */

export type SearchMiss = { query: string; queryKey: string; resultCount: number; at?: string };

/** Counts many searches at once, per query per day (the search recorder's batches; the demo's generated history, decision 087). Rows are written in the order given, each (day, key) once. */
export async function addSearchCounts(q: Queryable, rows: readonly { day: string; query: string; queryKey: string; searches: number }[]): Promise<void> {
  await insertMany(
    q, "INSERT INTO search_query_days (day, query_key, query, searches)", 4,
    rows.filter((r) => r.searches > 0).map((r) => [r.day, r.queryKey, r.query, r.searches]),
    "ON CONFLICT (day, query_key) DO UPDATE SET searches = search_query_days.searches + excluded.searches, query = excluded.query",
  );
}

/** Records many low-result searches at once, each with its time (the search recorder's batches; the demo's generated history). Text and time only. */
export async function recordSearchMisses(q: Queryable, misses: readonly Required<SearchMiss>[]): Promise<void> {
  await insertMany(q, "INSERT INTO search_misses (query, query_key, result_count, searched_at)", 4, misses.map((m) => [m.query, m.queryKey, m.resultCount, m.at]));
}

export type MissSummary = { query: string; searches: number; zeroResults: number; lastSearchedAt: string };

/** Queries that found little or nothing since `since`, most often searched first. */
export function listSearchMisses(q: Queryable, since: string, limit = 100): Promise<MissSummary[]> {
  return q.all<MissSummary>(
    `SELECT (SELECT m2.query FROM search_misses m2 WHERE m2.query_key = m.query_key ORDER BY m2.searched_at DESC LIMIT 1) AS query,
       COUNT(*) AS searches, SUM(CASE WHEN m.result_count = 0 THEN 1 ELSE 0 END) AS zeroResults,
       MAX(m.searched_at) AS lastSearchedAt
     FROM search_misses m WHERE m.searched_at >= ?
     GROUP BY m.query_key ORDER BY searches DESC, lastSearchedAt DESC LIMIT ?`,
    [since, limit],
  );
}

export type TopSearch = { query: string; searches: number };

/** The most searched-for queries since a day (YYYY-MM-DD). */
export function listTopSearches(q: Queryable, sinceDay: string, limit = 50): Promise<TopSearch[]> {
  return q.all<TopSearch>(
    `SELECT (SELECT d2.query FROM search_query_days d2 WHERE d2.query_key = d.query_key ORDER BY d2.day DESC LIMIT 1) AS query,
       SUM(d.searches) AS searches
     FROM search_query_days d WHERE d.day >= ? GROUP BY d.query_key ORDER BY searches DESC, query LIMIT ?`,
    [sinceDay, limit],
  );
}

export type SearchTotals = { searches: number; misses: number; zeroResults: number };

export async function searchTotals(q: Queryable, since: string): Promise<SearchTotals> {
  const [days, misses] = await Promise.all([
    q.get<{ n: number | null }>("SELECT SUM(searches) AS n FROM search_query_days WHERE day >= ?", [since.slice(0, 10)]),
    q.get<{ n: number; zero: number | null }>(
      "SELECT COUNT(*) AS n, SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END) AS zero FROM search_misses WHERE searched_at >= ?",
      [since],
    ),
  ]);
  return { searches: days?.n ?? 0, misses: misses?.n ?? 0, zeroResults: misses?.zero ?? 0 };
}
