/**
 * Corrections of published items and the record of who was alerted about each item
 * (decision 171). No SQL here reads `items`: callers check the audience rule.
 */
import type { Queryable } from "~/utils/db.server";

export type CorrectionRow = {
  id: number; itemId: number; revisionId: number | null; policyVersion: number | null; text: string; material: number;
  createdBy: number | null; createdByName: string | null; createdAt: string;
};

const COLUMNS = `c.id, c.item_id AS itemId, c.revision_id AS revisionId, c.policy_version AS policyVersion, c.text, c.material,
  c.created_by AS createdBy, u.name AS createdByName, c.created_at AS createdAt`;

export async function insertCorrection(
  q: Queryable, c: { itemId: number; revisionId: number | null; policyVersion: number | null; text: string; material: boolean; createdBy: number }, now: string,
): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO item_corrections (item_id, revision_id, policy_version, text, material, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [c.itemId, c.revisionId, c.policyVersion, c.text, c.material ? 1 : 0, c.createdBy, now],
  );
  return lastID;
}

/** An item's corrections, newest first. */
export async function listItemCorrections(q: Queryable, itemId: number): Promise<CorrectionRow[]> {
  return q.all<CorrectionRow>(`SELECT ${COLUMNS} FROM item_corrections c LEFT JOIN users u ON u.id = c.created_by WHERE c.item_id = ? ORDER BY c.id DESC`, [itemId]);
}

/** The newest corrections everywhere (the log filters them by what the reader may open). */
export async function listRecentCorrections(q: Queryable, limit = 300): Promise<CorrectionRow[]> {
  return q.all<CorrectionRow>(`SELECT ${COLUMNS} FROM item_corrections c LEFT JOIN users u ON u.id = c.created_by ORDER BY c.id DESC LIMIT ?`, [limit]);
}

/** Called by delivery when an alert or a Teams post about an item has been sent. */
export async function recordAlerted(q: Queryable, sent: { itemId: number; userId?: number | null; channelId?: number | null; route: "email" | "push" | "teams" }, now: string): Promise<void> {
  if (sent.route === "teams") {
    if (sent.channelId == null) return;
    await q.run("INSERT INTO item_alert_channels (item_id, channel_id, first_sent_at) VALUES (?, ?, ?) ON CONFLICT (item_id, channel_id) DO NOTHING", [sent.itemId, sent.channelId, now]);
    return;
  }
  if (sent.userId == null) return;
  await q.run(
    "INSERT INTO item_alert_recipients (item_id, user_id, route, first_sent_at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id, user_id, route) DO NOTHING",
    [sent.itemId, sent.userId, sent.route, now],
  );
}

export async function listAlertedPeople(q: Queryable, itemId: number): Promise<{ userId: number; route: "email" | "push" }[]> {
  return q.all("SELECT user_id AS userId, route FROM item_alert_recipients WHERE item_id = ? ORDER BY user_id, route", [itemId]);
}

export async function listAlertedChannels(q: Queryable, itemId: number): Promise<number[]> {
  return (await q.all<{ channelId: number }>("SELECT channel_id AS channelId FROM item_alert_channels WHERE item_id = ? ORDER BY channel_id", [itemId])).map((r) => r.channelId);
}

/** Corrections per department and channel of the corrected items (insight). */
export async function countCorrectionsSince(q: Queryable, since: string): Promise<number> {
  const row = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM item_corrections WHERE created_at >= ?", [since]);
  return row?.n ?? 0;
}
