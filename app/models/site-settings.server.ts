/** Intranet-wide switches (migration 089): one row per key, absent means the default. */
import type { Queryable } from "~/utils/db.server";

/** public_pages: the public tier (decision 091). demo_activity: when the demo's activity history was generated, and what (decision 087). */
export type SiteSettingKey = "public_pages" | "demo_activity";

export async function getSiteSetting(q: Queryable, key: SiteSettingKey): Promise<{ value: string; updatedBy: number | null; updatedAt: string } | undefined> {
  return q.get("SELECT value, updated_by AS updatedBy, updated_at AS updatedAt FROM site_settings WHERE key = ?", [key]);
}

export async function setSiteSetting(q: Queryable, key: SiteSettingKey, value: string, by: number | null, now = new Date()): Promise<void> {
  await q.run(
    `INSERT INTO site_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [key, value, by, now.toISOString()],
  );
}
