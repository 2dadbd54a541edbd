/** Guides a person saved for offline reading (decision 124). */
import type { Queryable } from "~/utils/db.server";

export async function saveForOffline(q: Queryable, userId: number, itemId: number, at: string): Promise<void> {
  await q.run("INSERT INTO saved_offline (user_id, item_id, saved_at) VALUES (?, ?, ?) ON CONFLICT (user_id, item_id) DO NOTHING", [userId, itemId, at]);
}

export async function forgetOffline(q: Queryable, userId: number, itemId: number): Promise<void> {
  await q.run("DELETE FROM saved_offline WHERE user_id = ? AND item_id = ?", [userId, itemId]);
}

/** The saved guides this person may still open (the viewer's clause), newest saved first. */
export async function listSavedOffline(q: Queryable, userId: number, visibility: { sql: string; params: unknown[] }): Promise<{ id: number; slug: string; title: string }[]> {
  return q.all(
    `SELECT i.id, i.slug, i.title FROM saved_offline s JOIN items i ON i.id = s.item_id
      WHERE s.user_id = ? AND i.type = 'guide' AND ${visibility.sql} ORDER BY s.saved_at DESC, i.id DESC`,
    [userId, ...visibility.params],
  );
}
