/**
 * The editorial workflow's tables: workflow events (every transition and review comment,
 * in order) and pending changes (edits to a live item that wait for review or a time).
 * Also the editor's own lists: what a person may edit, and what waits for review.
 */
import { editScopeSql, type EditScope } from "~/access/drafts.server";
import type { Queryable } from "~/utils/db.server";
import type { ItemStatus, ItemType } from "./item.server";

export type WorkflowEventAction =
  | "create" | "save" | "conflict" | "submit" | "withdraw" | "publish" | "schedule"
  | "request-changes" | "archive" | "unarchive" | "restore" | "expire";

export type WorkflowEvent = {
  id: number;
  itemId: number;
  revisionId: number | null;
  revisionNumber: number | null;
  actorId: number | null;
  actorName: string | null;
  action: WorkflowEventAction;
  fromState: string;
  toState: string;
  comment: string;
  at: string;
};

export type NewWorkflowEvent = {
  itemId: number;
  revisionId?: number | null;
  actorId: number | null;
  action: WorkflowEventAction;
  fromState?: string;
  toState?: string;
  comment?: string;
};

export async function recordWorkflowEvent(q: Queryable, e: NewWorkflowEvent, now = new Date().toISOString()): Promise<void> {
  await q.run(
    `INSERT INTO workflow_events (item_id, revision_id, actor_id, action, from_state, to_state, comment, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [e.itemId, e.revisionId ?? null, e.actorId, e.action, e.fromState ?? "", e.toState ?? "", e.comment ?? "", now],
  );
}

const EVENT_COLUMNS = `e.id, e.item_id AS itemId, e.revision_id AS revisionId, r.number AS revisionNumber, e.actor_id AS actorId,
  u.name AS actorName, e.action, e.from_state AS fromState, e.to_state AS toState, e.comment, e.at`;

/** An item's workflow timeline, newest first. */
export async function listWorkflowEvents(q: Queryable, itemId: number, limit = 200): Promise<WorkflowEvent[]> {
  return q.all<WorkflowEvent>(
    `SELECT ${EVENT_COLUMNS} FROM workflow_events e LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN revisions r ON r.id = e.revision_id
      WHERE e.item_id = ? ORDER BY e.id DESC LIMIT ?`,
    [itemId, limit],
  );
}

/** The newest event of one kind for an item (the last "changes requested", the last archive). */
export async function latestWorkflowEvent(q: Queryable, itemId: number, action: WorkflowEventAction): Promise<WorkflowEvent | undefined> {
  return q.get<WorkflowEvent>(
    `SELECT ${EVENT_COLUMNS} FROM workflow_events e LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN revisions r ON r.id = e.revision_id
      WHERE e.item_id = ? AND e.action = ? ORDER BY e.id DESC LIMIT 1`,
    [itemId, action],
  );
}

// ---------------------------------------------------------------------------------------
// Pending changes to live items.

export type PendingState = "draft" | "in-review" | "scheduled";
export type PendingChange = {
  itemId: number;
  revisionId: number;
  revisionNumber: number;
  state: PendingState;
  scheduledFor: string | null;
  updatedBy: number | null;
  updatedAt: string;
};

export async function findPendingChange(q: Queryable, itemId: number): Promise<PendingChange | undefined> {
  return q.get<PendingChange>(
    `SELECT p.item_id AS itemId, p.revision_id AS revisionId, r.number AS revisionNumber, p.state,
       p.scheduled_for AS scheduledFor, p.updated_by AS updatedBy, p.updated_at AS updatedAt
       FROM pending_changes p JOIN revisions r ON r.id = p.revision_id WHERE p.item_id = ?`,
    [itemId],
  );
}

export async function upsertPendingChange(
  q: Queryable,
  change: { itemId: number; revisionId: number; state: PendingState; scheduledFor?: string | null; updatedBy: number | null },
  now = new Date().toISOString(),
): Promise<void> {
  await q.run(
    `INSERT INTO pending_changes (item_id, revision_id, state, scheduled_for, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET revision_id = excluded.revision_id, state = excluded.state,
       scheduled_for = excluded.scheduled_for, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [change.itemId, change.revisionId, change.state, change.scheduledFor ?? null, change.updatedBy, now],
  );
}

export async function deletePendingChange(q: Queryable, itemId: number): Promise<void> {
  await q.run("DELETE FROM pending_changes WHERE item_id = ?", [itemId]);
}

/** Pending changes whose scheduled time has come. */
export async function listDuePendingChanges(q: Queryable, now: string, limit = 500): Promise<{ itemId: number; revisionId: number }[]> {
  return q.all(
    `SELECT item_id AS itemId, revision_id AS revisionId FROM pending_changes
      WHERE state = 'scheduled' AND scheduled_for <= ? ORDER BY scheduled_for LIMIT ?`,
    [now, limit],
  );
}

// ---------------------------------------------------------------------------------------
// Revision pointers, as the workflow moves them.

/** Makes a (pending) revision the item's current, live one when it is published. */
export async function setCurrentRevision(q: Queryable, itemId: number, revisionId: number): Promise<void> {
  await q.run("UPDATE items SET current_revision_id = ? WHERE id = ?", [revisionId, itemId]);
}

/** The number of the item's current revision (0 when it has none). */
export async function currentRevisionNumber(q: Queryable, itemId: number): Promise<number> {
  const row = await q.get<{ n: number | null }>(
    "SELECT r.number AS n FROM items i LEFT JOIN revisions r ON r.id = i.current_revision_id WHERE i.id = ?",
    [itemId],
  );
  return row?.n ?? 0;
}

export async function setPublishAt(q: Queryable, itemId: number, publishAt: string | null): Promise<void> {
  await q.run("UPDATE items SET publish_at = ? WHERE id = ?", [publishAt, itemId]);
}

// ---------------------------------------------------------------------------------------
// Scheduler queries.

/** Items approved for a time that has come. */
export async function listDueScheduledItems(q: Queryable, now: string, limit = 500): Promise<{ id: number; type: ItemType }[]> {
  return q.all(
    `SELECT id, type FROM items WHERE status = 'scheduled' AND (publish_at IS NULL OR publish_at <= ?) ORDER BY publish_at LIMIT ?`,
    [now, limit],
  );
}

/** Live items whose expiry has passed. */
export async function listDueExpiredItems(q: Queryable, now: string, limit = 500): Promise<{ id: number }[]> {
  return q.all(
    "SELECT id FROM items WHERE status = 'published' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?",
    [now, limit],
  );
}

// ---------------------------------------------------------------------------------------
// The editor's lists.

export type EditorListRow = {
  id: number;
  type: ItemType;
  slug: string;
  title: string;
  status: ItemStatus;
  departmentName: string | null;
  updatedAt: string;
  publishAt: string | null;
  authorId: number | null;
  pendingState: string | null;
  webEdited: number;
  source: "file" | "web";
};

export type EditorListFilter = {
  type?: ItemType;
  /** "draft", "in-review", "scheduled", "published", "expired", "archived", "changes" (live items with pending changes). */
  status?: string;
  mine?: number;
  text?: string;
};

/** A pending change is work on the item too, so it counts for "last changed". */
const CHANGED_AT = "COALESCE(MAX(i.updated_at, p.updated_at), i.updated_at)";
const LIST_COLUMNS = `i.id, i.type, i.slug, i.title, i.status, d.name AS departmentName, ${CHANGED_AT} AS updatedAt,
  i.publish_at AS publishAt, i.author_id AS authorId, p.state AS pendingState, i.web_edited AS webEdited, i.source`;

/** One page of the items a person may edit, most recently changed first. Archived items only when asked for. */
export async function listEditableItems(
  q: Queryable,
  scope: EditScope,
  filter: EditorListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: EditorListRow[]; total: number }> {
  const where = editScopeSql(scope);
  const conds = [where.sql];
  const params = [...where.params];
  if (filter.type) {
    conds.push("i.type = ?");
    params.push(filter.type);
  }
  if (filter.status === "changes") conds.push("p.item_id IS NOT NULL");
  else if (filter.status === "in-review") conds.push("(i.status = 'in-review' OR p.state = 'in-review')");
  else if (filter.status) {
    conds.push("i.status = ?");
    params.push(filter.status);
  } else conds.push("i.status <> 'archived'");
  if (filter.mine) {
    conds.push("(i.author_id = ? OR EXISTS (SELECT 1 FROM revisions mr WHERE mr.item_id = i.id AND mr.author_id = ?))");
    params.push(filter.mine, filter.mine);
  }
  if (filter.text) {
    conds.push("i.title LIKE ? ESCAPE '\\'");
    params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const from = `FROM items i LEFT JOIN departments d ON d.id = i.department_id LEFT JOIN pending_changes p ON p.item_id = i.id
    WHERE ${conds.join(" AND ")}`;
  const [rows, count] = await Promise.all([
    q.all<EditorListRow>(`SELECT ${LIST_COLUMNS} ${from} ORDER BY ${CHANGED_AT} DESC, i.id DESC LIMIT ? OFFSET ?`, [
      ...params, page.limit, page.offset,
    ]),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n ${from}`, params),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Items (or changes to live items) waiting for review, oldest first, within a reviewer's scope. */
export async function listReviewQueue(q: Queryable, scope: EditScope, limit = 200): Promise<(EditorListRow & { submittedAt: string | null; submittedBy: string | null })[]> {
  const where = editScopeSql(scope);
  return q.all(
    `SELECT ${LIST_COLUMNS},
       (SELECT e.at FROM workflow_events e WHERE e.item_id = i.id AND e.action = 'submit' ORDER BY e.id DESC LIMIT 1) AS submittedAt,
       (SELECT u.name FROM workflow_events e JOIN users u ON u.id = e.actor_id
         WHERE e.item_id = i.id AND e.action = 'submit' ORDER BY e.id DESC LIMIT 1) AS submittedBy
       FROM items i LEFT JOIN departments d ON d.id = i.department_id LEFT JOIN pending_changes p ON p.item_id = i.id
      WHERE ${where.sql} AND (i.status = 'in-review' OR p.state = 'in-review')
      ORDER BY submittedAt, i.id LIMIT ?`,
    [...where.params, limit],
  );
}

/** Names of people by id, for revision and event lists. */
export async function namesById(q: Queryable, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === "number"))];
  if (wanted.length === 0) return new Map();
  const rows = await q.all<{ id: number; name: string }>(`SELECT id, name FROM users WHERE id IN (${wanted.map(() => "?").join(",")})`, wanted);
  return new Map(rows.map((r) => [r.id, r.name]));
}
