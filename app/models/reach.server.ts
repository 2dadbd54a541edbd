/**
 * Reach in aggregate only: how many times an item was viewed, per department of the
 * reader, per day. Nobody's reading history is kept: a view adds 1 to a counter and the
 * person is forgotten (UK GDPR data minimisation, docs/privacy.md).
 *
 * Views are counted in memory and written in one transaction every few seconds (and at
 * shutdown), so reading a page never waits for a disk write.
 */
import type { Queryable } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { insertMany } from "./batch.server";

const pending = new Map<string, number>();

function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Counts one view of `itemId` by someone in `departmentId` (null: no home department). */
export function recordItemView(itemId: number, departmentId: number | null, now = new Date()): void {
  const key = `${itemId}:${departmentId ?? 0}:${dayOf(now)}`;
  pending.set(key, (pending.get(key) ?? 0) + 1);
}

/** Writes the counted views. Safe to call at any time; a failed write keeps the counts for next time. */
export async function flushReach(): Promise<number> {
  if (pending.size === 0) return 0;
  // In key order: instances sharing PostgreSQL then lock the same rows in the same order,
  // waiting for each other rather than deadlocking (decision 250).
  const batch = [...pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  pending.clear();
  try {
    const db = await getDb();
    await db.transaction(async (tx) => {
      for (const [key, views] of batch) {
        const [itemId, departmentId, day] = key.split(":");
        await addViews(tx, Number(itemId), Number(departmentId), day, views);
      }
    });
  } catch (err) {
    for (const [key, views] of batch) pending.set(key, (pending.get(key) ?? 0) + views);
    log.error("reach flush failed", { error: String(err) });
    return 0;
  }
  return batch.length;
}

async function addViews(q: Queryable, itemId: number, departmentId: number, day: string, views: number): Promise<void> {
  // An item deleted meanwhile would break the foreign key; count only items that exist.
  await q.run(
    `INSERT INTO reach_daily (item_id, department_id, day, views) SELECT CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS INTEGER)
      WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)
     ON CONFLICT (item_id, department_id, day) DO UPDATE SET views = reach_daily.views + excluded.views`,
    [itemId, departmentId, day, views, itemId],
  );
}

/**
 * Adds counted views in bulk (the demo's generated history, decision 087): the same
 * counters as live reading, added to what is there. The items must exist.
 */
export async function addViewCounts(q: Queryable, rows: readonly { itemId: number; departmentId: number | null; day: string; views: number }[]): Promise<void> {
  await insertMany(
    q, "INSERT INTO reach_daily (item_id, department_id, day, views)", 4,
    rows.filter((r) => r.views > 0).map((r) => [r.itemId, r.departmentId ?? 0, r.day, r.views]),
    "ON CONFLICT (item_id, department_id, day) DO UPDATE SET views = reach_daily.views + excluded.views",
  );
}

export type ReachRow = { departmentId: number; departmentName: string | null; views: number; days: number };

/** Views of one item per department (all days), most first. */
export async function reachByDepartment(q: Queryable, itemId: number): Promise<ReachRow[]> {
  return q.all<ReachRow>(
    `SELECT r.department_id AS departmentId, d.name AS departmentName, SUM(r.views) AS views, COUNT(DISTINCT r.day) AS days
       FROM reach_daily r LEFT JOIN departments d ON d.id = r.department_id
      WHERE r.item_id = ? GROUP BY r.department_id, d.name ORDER BY views DESC, d.name COLLATE NOCASE`,
    [itemId],
  );
}

/** Views of one item per day (all departments), oldest first. */
export async function reachByDay(q: Queryable, itemId: number): Promise<{ day: string; views: number }[]> {
  return q.all("SELECT day, SUM(views) AS views FROM reach_daily WHERE item_id = ? GROUP BY day ORDER BY day", [itemId]);
}

let timer: NodeJS.Timeout | undefined;

/** Flushes every `everyMs` until stopped; returns the stop function (which flushes once more). */
export function startReachFlusher(everyMs = 5_000): () => Promise<void> {
  timer ??= setInterval(() => void flushReach(), everyMs);
  timer.unref();
  return async () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    await flushReach();
  };
}
