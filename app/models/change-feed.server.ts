/**
 * The durable change feed (migration 088, decision 090). Rows are written only by SQL
 * triggers, inside the transaction of the write they describe; this module reads them
 * and keeps each follower's cursor.
 */
import type { Queryable } from "~/utils/db.server";

export const CHANGE_ENTITIES = ["item", "department", "channel", "glossary"] as const;
export type ChangeEntity = (typeof CHANGE_ENTITIES)[number];
export const CHANGE_KINDS = ["create", "publish", "withdraw", "edit", "delete"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type ChangeRow = { id: number; entity: ChangeEntity; entityId: number; change: ChangeKind; createdAt: string };

/** The id of the newest row, 0 when there is none. */
export async function latestChangeId(q: Queryable): Promise<number> {
  // The followers' cursors keep the high-water mark after the newest rows were pruned (pruning
  // keeps every row after the lowest cursor). Not the id counter: on PostgreSQL a sequence also
  // counts ids of rolled-back inserts, which no follower would ever reach (decision 100).
  const row = await q.get<{ id: number | null }>(
    `SELECT MAX(id) AS id FROM (SELECT MAX(id) AS id FROM change_feed
                                UNION ALL SELECT MAX(position) AS id FROM change_feed_cursors) AS high`,
  );
  return row?.id ?? 0;
}

/** Rows after `afterId`, oldest first. */
export function listChangesAfter(q: Queryable, afterId: number, limit: number): Promise<ChangeRow[]> {
  return q.all<ChangeRow>(
    "SELECT id, entity, entity_id AS entityId, change, created_at AS createdAt FROM change_feed WHERE id > ? ORDER BY id LIMIT ?",
    [afterId, limit],
  );
}

/** Where `follower` has got to; undefined for a follower that never ran. */
export async function getChangeCursor(q: Queryable, follower: string): Promise<number | undefined> {
  return (await q.get<{ position: number }>("SELECT position FROM change_feed_cursors WHERE follower = ?", [follower]))?.position;
}

/** Moves a follower's cursor forward (never back: a slow writer cannot undo a faster one). */
export async function saveChangeCursor(q: Queryable, follower: string, position: number, now = new Date()): Promise<void> {
  await q.run(
    `INSERT INTO change_feed_cursors (follower, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (follower) DO UPDATE SET position = MAX(change_feed_cursors.position, excluded.position), updated_at = excluded.updated_at`,
    [follower, position, now.toISOString()],
  );
}

/** Puts a follower's cursor back (an operator replaying changes, and tests of replays). */
export async function rewindChangeCursor(q: Queryable, follower: string, position: number): Promise<void> {
  await q.run("UPDATE change_feed_cursors SET position = ? WHERE follower = ?", [position, follower]);
}

export type FollowerState = { follower: string; position: number; behind: number; updatedAt: string };

/** Every follower with how many rows it has still to read (the admin page and health checks). */
export function listFollowerStates(q: Queryable): Promise<FollowerState[]> {
  return q.all<FollowerState>(
    `SELECT c.follower, c.position, c.updated_at AS updatedAt,
            (SELECT COUNT(*) FROM change_feed f WHERE f.id > c.position) AS behind
       FROM change_feed_cursors c ORDER BY c.follower`,
  );
}

/**
 * Forgets rows that every follower has read and that are older than `before`. Rows no
 * follower has read yet are kept whatever their age: nothing is dropped unseen.
 */
export async function pruneChanges(q: Queryable, before: string): Promise<number> {
  return (
    await q.run(
      `DELETE FROM change_feed WHERE created_at < ?
         AND id <= COALESCE((SELECT MIN(position) FROM change_feed_cursors), 0)`,
      [before],
    )
  ).changes;
}

/** Ids of the items filed under some departments (a rename changes their facets). */
export async function listItemIdsInDepartments(q: Queryable, departmentIds: readonly number[]): Promise<number[]> {
  if (departmentIds.length === 0) return [];
  const rows = await q.all<{ id: number }>(
    `SELECT id FROM items WHERE department_id IN (${departmentIds.map(() => "?").join(", ")}) ORDER BY id`,
    [...departmentIds],
  );
  return rows.map((r) => r.id);
}
