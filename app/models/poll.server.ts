/**
 * Quick polls on announcements. Anonymous by construction: an option holds only a count,
 * and poll_voters records that a person voted (so they cannot vote twice), never their
 * choice or the time, so no query can link a person to an answer.
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";

export type PollOption = { id: number; label: string; position: number; votes: number };
export type PollRow = { id: number; itemId: number; question: string; createdBy: number | null; closedAt: string | null; createdAt: string };

const POLL_COLUMNS = "p.id, p.item_id AS itemId, p.question, p.created_by AS createdBy, p.closed_at AS closedAt, p.created_at AS createdAt";

/** `createdBy` null: asked by someone with no account here (the demo's generated history, decision 087). */
export async function insertPoll(q: Queryable, p: { itemId: number; question: string; options: string[]; createdBy: number | null }, now: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO polls (item_id, question, created_by, created_at) VALUES (?, ?, ?, ?)", [p.itemId, p.question, p.createdBy, now]);
  let position = 0;
  for (const label of p.options) await q.run("INSERT INTO poll_options (poll_id, label, position) VALUES (?, ?, ?)", [lastID, label, position++]);
  return lastID;
}

export async function findPoll(q: Queryable, id: number): Promise<PollRow | undefined> {
  return q.get<PollRow>(`SELECT ${POLL_COLUMNS} FROM polls p WHERE p.id = ?`, [id]);
}

export async function findPollForItem(q: Queryable, itemId: number): Promise<PollRow | undefined> {
  return q.get<PollRow>(`SELECT ${POLL_COLUMNS} FROM polls p WHERE p.item_id = ?`, [itemId]);
}

export async function listPollOptions(q: Queryable, pollId: number): Promise<PollOption[]> {
  return q.all<PollOption>("SELECT id, label, position, votes FROM poll_options WHERE poll_id = ? ORDER BY position", [pollId]);
}

/** Marks the person as having voted. Returns false when they already had. */
export async function markVoted(q: Queryable, pollId: number, userId: number): Promise<boolean> {
  const { changes } = await q.run("INSERT INTO poll_voters (poll_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [pollId, userId]);
  return changes > 0;
}

/** Marks many people as having voted (the demo's generated history, decision 087); those who had are left as they were. */
export async function markVotedMany(q: Queryable, pollId: number, userIds: readonly number[]): Promise<number> {
  return insertMany(q, "INSERT INTO poll_voters (poll_id, user_id)", 2, userIds.map((id) => [pollId, id]), "ON CONFLICT DO NOTHING");
}

export async function hasVotedInPoll(q: Queryable, pollId: number, userId: number): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM poll_voters WHERE poll_id = ? AND user_id = ?", [pollId, userId]));
}

/** Adds one to an option of this poll. Returns false when the option is not part of the poll. */
export async function countVote(q: Queryable, pollId: number, optionId: number): Promise<boolean> {
  const { changes } = await q.run("UPDATE poll_options SET votes = votes + 1 WHERE id = ? AND poll_id = ?", [optionId, pollId]);
  return changes > 0;
}

/** Adds `votes` to an option of this poll at once (the demo's generated history). */
export async function countVotes(q: Queryable, pollId: number, optionId: number, votes: number): Promise<boolean> {
  const { changes } = await q.run("UPDATE poll_options SET votes = votes + ? WHERE id = ? AND poll_id = ?", [votes, optionId, pollId]);
  return changes > 0;
}

export async function setPollClosed(q: Queryable, pollId: number, closedAt: string | null): Promise<void> {
  await q.run("UPDATE polls SET closed_at = ? WHERE id = ?", [closedAt, pollId]);
}
