/**
 * Records and retention (issue 22, decision 162): the retention schedule, legal holds, the
 * disposal queue and disposal records.
 */
import type { Queryable } from "~/utils/db.server";

export type RetentionTrigger = "published" | "last-changed" | "superseded" | "expired" | "archived" | "account-closed" | "created";
export type RetentionAction = "review" | "destroy" | "keep" | "destroy-automatically";
export type RetentionRule = {
  id: number; recordType: string; category: string; trigger: RetentionTrigger; periodDays: number; action: RetentionAction; note: string; updatedAt: string;
};

const RULE_COLUMNS = "id, record_type AS recordType, category, trigger_on AS \"trigger\", period_days AS periodDays, action, note, updated_at AS updatedAt";

export async function listRules(q: Queryable): Promise<RetentionRule[]> {
  return q.all<RetentionRule>(`SELECT ${RULE_COLUMNS} FROM retention_rules ORDER BY record_type, category`);
}

export async function findRule(q: Queryable, id: number): Promise<RetentionRule | undefined> {
  return q.get<RetentionRule>(`SELECT ${RULE_COLUMNS} FROM retention_rules WHERE id = ?`, [id]);
}

export async function countRules(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM retention_rules"))?.n ?? 0;
}

export async function upsertRule(q: Queryable, r: Omit<RetentionRule, "id" | "updatedAt">, by: number | null, now: string): Promise<void> {
  await q.run(
    `INSERT INTO retention_rules (record_type, category, trigger_on, period_days, action, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (record_type, category) DO UPDATE SET trigger_on = excluded.trigger_on, period_days = excluded.period_days, action = excluded.action,
       note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [r.recordType, r.category, r.trigger, r.periodDays, r.action, r.note, by, now],
  );
}

/** The date column an item trigger counts from (constants only). */
const ITEM_TRIGGER_SQL: Partial<Record<RetentionTrigger, { column: string; where: string }>> = {
  published: { column: "i.published_at", where: "i.status IN ('published', 'expired')" },
  "last-changed": { column: "i.updated_at", where: "1 = 1" },
  expired: { column: "i.expires_at", where: "i.status = 'expired'" },
  archived: { column: "i.updated_at", where: "i.status = 'archived'" },
  created: { column: "i.created_at", where: "1 = 1" },
};

/** Items a rule has reached (trigger date before `cutoff`) that are not queued yet. */
export async function listItemsReached(q: Queryable, rule: RetentionRule, cutoff: string): Promise<{ id: number; triggerAt: string }[]> {
  const t = ITEM_TRIGGER_SQL[rule.trigger];
  if (!t) return [];
  const category = rule.category ? "AND EXISTS (SELECT 1 FROM item_tags g WHERE g.item_id = i.id AND g.tag = ?)" : "";
  return q.all(
    `SELECT i.id, ${t.column} AS triggerAt FROM items i
      WHERE i.type = ? AND ${t.where} AND ${t.column} IS NOT NULL AND ${t.column} <= ? ${category}
        AND NOT EXISTS (SELECT 1 FROM disposal_queue d WHERE d.item_id = i.id) ORDER BY i.id LIMIT 1000`,
    rule.category ? [rule.recordType, cutoff, rule.category] : [rule.recordType, cutoff],
  );
}

export async function enqueueDisposal(q: Queryable, itemId: number, ruleId: number, dueAt: string, now: string): Promise<void> {
  await q.run("INSERT INTO disposal_queue (item_id, rule_id, due_at, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id) DO NOTHING", [itemId, ruleId, dueAt, now]);
}

export type QueueRow = { id: number; itemId: number; title: string; type: string; ruleId: number; ruleSummary: string; dueAt: string; state: "pending" | "deferred"; deferredUntil: string | null };

export async function listDisposalQueue(q: Queryable, now: string): Promise<QueueRow[]> {
  const rows = await q.all<QueueRow & { recordType: string; trig: string; periodDays: number; action: string }>(
    `SELECT d.id, d.item_id AS itemId, i.title, i.type, d.rule_id AS ruleId, d.due_at AS dueAt, d.state, d.deferred_until AS deferredUntil,
       r.record_type AS recordType, r.trigger_on AS trig, r.period_days AS periodDays, r.action
     FROM disposal_queue d JOIN items i ON i.id = d.item_id JOIN retention_rules r ON r.id = d.rule_id
     WHERE d.state = 'pending' OR d.deferred_until <= ? ORDER BY d.due_at, d.id`,
    [now],
  );
  return rows.map((r) => ({ ...r, ruleSummary: ruleSummary({ recordType: r.recordType, trigger: r.trig as RetentionTrigger, periodDays: r.periodDays, action: r.action as RetentionAction }) }));
}

export function ruleSummary(r: Pick<RetentionRule, "recordType" | "trigger" | "periodDays" | "action">): string {
  const years = r.periodDays % 365 === 0 && r.periodDays > 0 ? `${r.periodDays / 365} year${r.periodDays === 365 ? "" : "s"}` : `${r.periodDays} days`;
  return `${r.recordType}: ${r.action === "keep" ? "keep permanently" : `${years} after ${r.trigger}, then ${r.action === "destroy-automatically" ? "destroy automatically" : r.action}`}`;
}

export async function findQueueEntry(q: Queryable, id: number) {
  return q.get<{ id: number; itemId: number; ruleId: number }>("SELECT id, item_id AS itemId, rule_id AS ruleId FROM disposal_queue WHERE id = ?", [id]);
}

export async function deferQueueEntry(q: Queryable, id: number, until: string, by: number, now: string): Promise<void> {
  await q.run("UPDATE disposal_queue SET state = 'deferred', deferred_until = ?, decided_by = ?, decided_at = ? WHERE id = ?", [until, by, now, id]);
}

export async function insertDisposalRecord(q: Queryable, r: { recordType: string; recordId: number; title: string; ruleSummary: string; approvedBy: number | null; rowsRemoved: number }, now: string): Promise<void> {
  await q.run(
    "INSERT INTO disposal_records (record_type, record_id, title, rule_summary, approved_by, disposed_at, rows_removed) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [r.recordType, r.recordId, r.title, r.ruleSummary, r.approvedBy, now, r.rowsRemoved],
  );
}

export type DisposalRecord = { id: number; recordType: string; recordId: number; title: string; ruleSummary: string; approvedBy: string | null; disposedAt: string; rowsRemoved: number };

export async function listDisposalRecords(q: Queryable, limit = 200): Promise<DisposalRecord[]> {
  return q.all<DisposalRecord>(
    `SELECT r.id, r.record_type AS recordType, r.record_id AS recordId, r.title, r.rule_summary AS ruleSummary, u.name AS approvedBy,
       r.disposed_at AS disposedAt, r.rows_removed AS rowsRemoved
     FROM disposal_records r LEFT JOIN users u ON u.id = r.approved_by ORDER BY r.id DESC LIMIT ?`,
    [limit],
  );
}

/* ---------------------------------------------------------------- holds ---- */

export type Hold = { id: number; kind: "item" | "person" | "search"; itemId: number | null; itemTitle: string | null; userId: number | null; userName: string | null; searchText: string; reason: string; placedBy: string | null; placedAt: string };

export async function insertHold(q: Queryable, h: { kind: Hold["kind"]; itemId: number | null; userId: number | null; searchText: string; reason: string; placedBy: number }, now: string): Promise<number> {
  const { lastID } = await q.run(
    "INSERT INTO legal_holds (kind, item_id, user_id, search_text, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [h.kind, h.itemId, h.userId, h.searchText, h.reason, h.placedBy, now],
  );
  return lastID;
}

export async function releaseHold(q: Queryable, id: number, by: number, now: string): Promise<boolean> {
  return (await q.run("UPDATE legal_holds SET released_by = ?, released_at = ? WHERE id = ? AND released_at IS NULL", [by, now, id])).changes > 0;
}

export async function listActiveHolds(q: Queryable): Promise<Hold[]> {
  return q.all<Hold>(
    `SELECT h.id, h.kind, h.item_id AS itemId, i.title AS itemTitle, h.user_id AS userId, u.name AS userName, h.search_text AS searchText, h.reason,
       p.name AS placedBy, h.placed_at AS placedAt
     FROM legal_holds h LEFT JOIN items i ON i.id = h.item_id LEFT JOIN users u ON u.id = h.user_id LEFT JOIN users p ON p.id = h.placed_by
     WHERE h.released_at IS NULL ORDER BY h.id`,
  );
}

/**
 * Is the item under an active hold: on the item, on a person who wrote, owns or is deputy
 * for it or saved a revision of it, or a search matching its title or any revision's text?
 */
export async function isItemHeld(q: Queryable, itemId: number): Promise<boolean> {
  const row = await q.get<{ id: number }>(
    `SELECT h.id FROM legal_holds h WHERE h.released_at IS NULL AND (
       (h.kind = 'item' AND h.item_id = ?)
       OR (h.kind = 'person' AND (
            EXISTS (SELECT 1 FROM items i WHERE i.id = ? AND i.author_id = h.user_id)
            OR EXISTS (SELECT 1 FROM items i JOIN users u ON u.id = h.user_id WHERE i.id = ? AND (lower(i.owner_email) = lower(u.email) OR lower(i.deputy_email) = lower(u.email)))
            OR EXISTS (SELECT 1 FROM revisions r WHERE r.item_id = ? AND r.author_id = h.user_id)))
       OR (h.kind = 'search' AND h.search_text <> '' AND (
            EXISTS (SELECT 1 FROM items i WHERE i.id = ? AND lower(i.title) LIKE '%' || lower(h.search_text) || '%')
            OR EXISTS (SELECT 1 FROM revisions r WHERE r.item_id = ? AND lower(r.body) LIKE '%' || lower(h.search_text) || '%')))
     ) LIMIT 1`,
    [itemId, itemId, itemId, itemId, itemId, itemId],
  );
  return !!row;
}

/* ------------------------------------------------------ automatic destroy ---- */

/** Rows removed by a "destroy automatically" rule, per kind of record (constants only; cutoff from JS). */
export async function destroyOlderThan(q: Queryable, recordType: string, cutoff: string): Promise<number> {
  switch (recordType) {
    case "sessions":
      return (await q.run("DELETE FROM sessions WHERE expires_at <= ?", [cutoff])).changes;
    case "sign_in_attempts":
      return (await q.run("DELETE FROM sign_in_attempts WHERE at <= ?", [cutoff])).changes;
    case "page_feedback":
      return (await q.run("DELETE FROM page_feedback WHERE created_at <= ? AND status <> 'open'", [cutoff])).changes;
    default:
      return 0;
  }
}
