/** Thank-you notes between colleagues (migration 137, decision 137). Reads no items: links are ids, resolved per viewer. */
import type { Queryable } from "~/utils/db.server";

export type ThanksChoice = "undecided" | "shown" | "hidden";
export type ThanksRow = {
  id: number; senderId: number; senderName: string; senderHandle: string | null; recipientId: number; recipientName: string; recipientHandle: string | null;
  body: string; itemId: number | null; eventId: number | null; onProfile: ThanksChoice; createdAt: string;
};

const COLUMNS = `t.id, t.sender_id AS senderId, s.name AS senderName, sp.handle AS senderHandle, t.recipient_id AS recipientId, r.name AS recipientName,
  rp.handle AS recipientHandle, t.body, t.item_id AS itemId, t.event_id AS eventId, t.on_profile AS onProfile, t.created_at AS createdAt`;
const FROM = `thanks_notes t JOIN users s ON s.id = t.sender_id LEFT JOIN people_profiles sp ON sp.user_id = s.id
  JOIN users r ON r.id = t.recipient_id LEFT JOIN people_profiles rp ON rp.user_id = r.id`;

export async function insertThanks(
  q: Queryable, n: { senderId: number; recipientId: number; body: string; itemId: number | null; eventId: number | null }, now: string,
): Promise<number> {
  return (await q.run(
    "INSERT INTO thanks_notes (sender_id, recipient_id, body, item_id, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    [n.senderId, n.recipientId, n.body, n.itemId, n.eventId, now],
  )).lastID;
}

export async function findThanks(q: Queryable, id: number): Promise<ThanksRow | undefined> {
  return q.get<ThanksRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = ?`, [id]);
}

/** Notes a person received (all, for them) or those they chose to show (for their profile), newest first. */
export async function listThanksReceived(q: Queryable, recipientId: number, onlyShown: boolean, limit = 100): Promise<ThanksRow[]> {
  return q.all<ThanksRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE t.recipient_id = ? ${onlyShown ? "AND t.on_profile = 'shown' AND s.active = 1" : ""} ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
    [recipientId, limit],
  );
}

export async function listThanksSent(q: Queryable, senderId: number, limit = 100): Promise<ThanksRow[]> {
  return q.all<ThanksRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.sender_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?`, [senderId, limit]);
}

export async function setThanksChoice(q: Queryable, id: number, choice: Exclude<ThanksChoice, "undecided">, now: string): Promise<void> {
  await q.run("UPDATE thanks_notes SET on_profile = ?, decided_at = ? WHERE id = ?", [choice, now, id]);
}

/** Notes given and received per department in a period (aggregates for the champions page; no names). */
export async function countThanksBetween(q: Queryable, from: string, to: string): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM thanks_notes WHERE created_at >= ? AND created_at < ?", [from, to]))?.n ?? 0;
}
