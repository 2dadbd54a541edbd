/** Dates for the comms team's plan calendar: scheduled publishes, expiries and review dates of items. */
import type { Queryable } from "~/utils/db.server";

export type ItemDateRow = {
  id: number;
  type: "announcement" | "policy" | "guide";
  slug: string;
  title: string;
  status: string;
  priority: string;
  mustRead: number;
  departmentId: number | null;
  publishAt: string | null;
  expiresAt: string | null;
  reviewBy: string | null;
  authorId: number | null;
  ownerEmail: string | null;
};

/**
 * Items with a publish time, an expiry or a review date between two instants/days (not yet
 * archived). Unfiltered: the calendar's presenter shows each only to those who may open it
 * (canSeeItem or canOpenInEditor).
 */
export async function listItemDatesBetween(q: Queryable, from: string, to: string): Promise<ItemDateRow[]> {
  return q.all<ItemDateRow>(
    `SELECT i.id, i.type, i.slug, i.title, i.status, i.priority, i.must_read AS mustRead, i.department_id AS departmentId,
        i.publish_at AS publishAt, i.expires_at AS expiresAt, i.review_by AS reviewBy, i.author_id AS authorId, i.owner_email AS ownerEmail
       FROM items i
      WHERE i.status <> 'archived'
        AND ((i.publish_at >= ? AND i.publish_at < ?) OR (i.expires_at >= ? AND i.expires_at < ?) OR (i.review_by >= ? AND i.review_by < ?))
      ORDER BY i.id`,
    [from, to, from, to, from.slice(0, 10), to.slice(0, 10)],
  );
}

/** Departments each item is sent to (target departments, else its audience's departments); none = everyone. */
export async function itemDepartmentsFor(q: Queryable, itemIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (!itemIds.length) return map;
  const marks = itemIds.map(() => "?").join(", ");
  const rows = await q.all<{ itemId: number; departmentId: number; kind: string }>(
    `SELECT item_id AS itemId, department_id AS departmentId, 'target' AS kind FROM item_target_departments WHERE item_id IN (${marks})
     UNION ALL
     SELECT item_id AS itemId, department_id AS departmentId, 'audience' AS kind FROM item_audience_departments WHERE item_id IN (${marks})`,
    [...itemIds, ...itemIds],
  );
  const targets = new Map<number, number[]>();
  const audience = new Map<number, number[]>();
  for (const r of rows) (r.kind === "target" ? targets : audience).set(r.itemId, [...((r.kind === "target" ? targets : audience).get(r.itemId) ?? []), r.departmentId]);
  for (const id of itemIds) map.set(id, targets.get(id) ?? audience.get(id) ?? []);
  return map;
}

/** Channels of the items (the calendar's channel filter). */
export async function itemChannelsFor(q: Queryable, itemIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (!itemIds.length) return map;
  const rows = await q.all<{ itemId: number; channelId: number }>(
    `SELECT item_id AS itemId, channel_id AS channelId FROM item_channels WHERE item_id IN (${itemIds.map(() => "?").join(", ")})`,
    itemIds,
  );
  for (const r of rows) map.set(r.itemId, [...(map.get(r.itemId) ?? []), r.channelId]);
  return map;
}

/** The campaign items of campaigns in the list (for "a campaign ending before its items go live"). */
export async function campaignItemIdsFor(q: Queryable, campaignIds: number[]): Promise<{ campaignId: number; itemId: number }[]> {
  if (!campaignIds.length) return [];
  return q.all(`SELECT campaign_id AS campaignId, item_id AS itemId FROM campaign_items WHERE campaign_id IN (${campaignIds.map(() => "?").join(", ")})`, campaignIds);
}
