/** Questions and answers on announcements, with moderation by comms editors. */
import type { Queryable } from "~/utils/db.server";

export type QuestionRow = {
  id: number;
  itemId: number;
  askerId: number | null;
  askerName: string | null;
  body: string;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  hidden: number;
  hiddenReason: string;
  createdAt: string;
};

const COLUMNS = `q.id, q.item_id AS itemId, q.asker_id AS askerId, a.name AS askerName, q.body, q.answer,
  b.name AS answeredByName, q.answered_at AS answeredAt, q.hidden, q.hidden_reason AS hiddenReason, q.created_at AS createdAt`;
const FROM = "announcement_questions q LEFT JOIN users a ON a.id = q.asker_id LEFT JOIN users b ON b.id = q.answered_by";

export async function insertQuestion(db: Queryable, itemId: number, askerId: number, body: string, now: string): Promise<number> {
  const { lastID } = await db.run("INSERT INTO announcement_questions (item_id, asker_id, body, created_at) VALUES (?, ?, ?, ?)", [itemId, askerId, body, now]);
  return lastID;
}

export async function findQuestion(db: Queryable, id: number): Promise<QuestionRow | undefined> {
  return db.get<QuestionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE q.id = ?`, [id]);
}

/**
 * Questions on an announcement, oldest first. Hidden ones only when `includeHiddenFor`
 * says so: everyone hidden for moderators, or just the asker's own.
 */
export async function listQuestions(db: Queryable, itemId: number, includeHidden: "all" | { askerId: number }): Promise<QuestionRow[]> {
  if (includeHidden === "all") return db.all<QuestionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE q.item_id = ? ORDER BY q.id`, [itemId]);
  return db.all<QuestionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE q.item_id = ? AND (q.hidden = 0 OR q.asker_id = ?) ORDER BY q.id`, [
    itemId, includeHidden.askerId,
  ]);
}

/** `userId` null: answered by someone with no account here (the demo's generated history, decision 087). */
export async function setAnswer(db: Queryable, id: number, answer: string, userId: number | null, now: string): Promise<void> {
  await db.run("UPDATE announcement_questions SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?", [answer, userId, now, id]);
}

export async function setHidden(db: Queryable, id: number, hidden: boolean, reason: string, userId: number): Promise<void> {
  await db.run("UPDATE announcement_questions SET hidden = ?, hidden_reason = ?, hidden_by = ? WHERE id = ?", [hidden, hidden ? reason : "", userId, id]);
}

export async function countUnansweredForAuthor(db: Queryable, authorId: number): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM announcement_questions q JOIN items i ON i.id = q.item_id
      WHERE i.author_id = ? AND q.answer IS NULL AND q.hidden = 0`,
    [authorId],
  );
  return row?.n ?? 0;
}
