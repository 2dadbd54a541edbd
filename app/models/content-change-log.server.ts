/**
 * Content changes made outside the running server (migration 086). A command-line import
 * writes one row; the server's leader reads the rows after the last one it saw.
 */
import type { Queryable } from "~/utils/db.server";

export type LoggedChange = { id: number; itemIds: number[]; reason: string };

export async function logContentChange(q: Queryable, itemIds: number[], reason: string): Promise<void> {
  await q.run("INSERT INTO content_change_log (item_ids, reason) VALUES (?, ?)", [JSON.stringify(itemIds), reason]);
}

/** The id of the newest row (0 when there is none): where a follower starts. */
export async function latestContentChangeId(q: Queryable): Promise<number> {
  return (await q.get<{ id: number | null }>("SELECT MAX(id) AS id FROM content_change_log"))?.id ?? 0;
}

/** Rows after `afterId`, oldest first. Item ids that are not whole numbers are dropped. */
export async function listContentChangesAfter(q: Queryable, afterId: number, limit = 100): Promise<LoggedChange[]> {
  const rows = await q.all<{ id: number; itemIds: string; reason: string }>(
    "SELECT id, item_ids AS itemIds, reason FROM content_change_log WHERE id > ? ORDER BY id LIMIT ?",
    [afterId, limit],
  );
  return rows.map((r) => {
    let ids: unknown = [];
    try {
      ids = JSON.parse(r.itemIds);
    } catch {
      /* a damaged row names no items */
    }
    return { id: r.id, reason: r.reason, itemIds: Array.isArray(ids) ? ids.filter((n): n is number => Number.isSafeInteger(n) && n > 0) : [] };
  });
}

/** Forgets rows older than `before` (ISO time): a server that was down re-reads everything at start anyway. */
export async function pruneContentChanges(q: Queryable, before: string): Promise<number> {
  return (await q.run("DELETE FROM content_change_log WHERE created_at < ?", [before])).changes;
}
