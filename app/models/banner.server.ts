/**
 * Need-to-know and urgent banners, and who has put them away. A dismissal is stored per
 * person on the server (not in a cookie), so it holds on every device. Urgent banners
 * cannot be dismissed: a must-read urgent item stays until confirmed, any other urgent
 * item until the person says they have read it (which is stored as a dismissal).
 * Confirming any must-read item also puts its banner away.
 */
import type { Queryable } from "~/utils/db.server";
import { IN_SCOPE_SQL } from "./acknowledgement.server";

export type BannerRow = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  priority: "need-to-know" | "urgent";
  mustRead: number;
  publishedAt: string | null;
  expiresAt: string | null;
};

type Visibility = { sql: string; params: unknown[] };

/** Banners for this person: listed, addressed to them, not put away. Urgent first, then newest. */
export async function listBanners(q: Queryable, userId: number, visibility: Visibility, limit = 5): Promise<BannerRow[]> {
  const { sql, params } = bannersSql(userId, visibility, limit);
  return q.all<BannerRow>(sql, params);
}

/** listBanners' statement (also one part of the home page's one personal statement, app/models/home.server.ts). */
export function bannersSql(userId: number, visibility: Visibility, limit: number): { sql: string; params: unknown[] } {
  return {
    sql: `SELECT i.id, i.slug, i.title, i.summary, i.priority, i.must_read AS mustRead, i.published_at AS publishedAt, i.expires_at AS expiresAt
       FROM items i JOIN users u ON u.id = ?
      WHERE i.type = 'announcement' AND i.priority IN ('need-to-know', 'urgent') AND ${visibility.sql} AND ${IN_SCOPE_SQL}
        -- Confirming a must-read item puts its banner away; only urgent must-read banners cannot be dismissed.
        AND NOT (i.must_read = 1 AND EXISTS (SELECT 1 FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id))
        AND ((i.priority = 'urgent' AND i.must_read = 1)
             OR NOT EXISTS (SELECT 1 FROM banner_dismissals b WHERE b.item_id = i.id AND b.user_id = u.id))
      ORDER BY i.priority = 'urgent' DESC, i.published_at DESC, i.id DESC
      LIMIT ?`,
    params: [userId, ...visibility.params, limit],
  };
}

export async function insertBannerDismissal(q: Queryable, userId: number, itemId: number, now = new Date().toISOString()): Promise<void> {
  await q.run("INSERT INTO banner_dismissals (user_id, item_id, dismissed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [userId, itemId, now]);
}

/** Dismissals of items that expired more than `days` ago serve no purpose: removed (retention, docs/privacy.md). */
export async function deleteStaleDismissals(q: Queryable, before: string): Promise<number> {
  const { changes } = await q.run(
    `DELETE FROM banner_dismissals WHERE item_id IN (SELECT id FROM items WHERE expires_at IS NOT NULL AND expires_at < ?)`,
    [before],
  );
  return changes;
}
