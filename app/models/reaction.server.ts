/**
 * Reactions (decision 170): a small fixed set, one of each kind per person per thing.
 * The primary key makes a second (or concurrent) click a no-op; counts are read back.
 */
import type { Queryable } from "~/utils/db.server";

export const REACTION_KINDS = ["like", "thanks", "helpful", "celebrate"] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export type ReactionTarget = "item" | "comment";

/** The two tables: fixed names, never from input. */
const TABLE = { item: { table: "item_reactions", key: "item_id" }, comment: { table: "comment_reactions", key: "comment_id" } } as const;

/** Adds the reaction; false when the person had already given it. */
export async function addReaction(q: Queryable, target: ReactionTarget, targetId: number, userId: number, kind: ReactionKind, now: string): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT INTO ${TABLE[target].table} (${TABLE[target].key}, user_id, kind, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (${TABLE[target].key}, user_id, kind) DO NOTHING`,
    [targetId, userId, kind, now],
  );
  return changes > 0;
}

export async function removeReaction(q: Queryable, target: ReactionTarget, targetId: number, userId: number, kind: ReactionKind): Promise<boolean> {
  const { changes } = await q.run(`DELETE FROM ${TABLE[target].table} WHERE ${TABLE[target].key} = ? AND user_id = ? AND kind = ?`, [targetId, userId, kind]);
  return changes > 0;
}

export type ReactionRow = { targetId: number; kind: ReactionKind; userId: number; name: string };

/** Who reacted how to these things (names for signed-in staff; counts are their length). */
export async function listReactions(q: Queryable, target: ReactionTarget, targetIds: number[]): Promise<ReactionRow[]> {
  if (targetIds.length === 0) return [];
  return q.all<ReactionRow>(
    `SELECT r.${TABLE[target].key} AS targetId, r.kind, r.user_id AS userId, u.name FROM ${TABLE[target].table} r JOIN users u ON u.id = r.user_id
      WHERE r.${TABLE[target].key} IN (${targetIds.map(() => "?").join(", ")}) ORDER BY r.${TABLE[target].key}, r.kind, r.created_at, u.name`,
    targetIds,
  );
}

