/** The audit log: who did what to which record, and when. Rows are only ever added. */
import type { Queryable } from "~/utils/db.server";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entityType?: string;
  entityId?: number | null;
  detail?: Record<string, unknown>;
};

export async function recordAudit(q: Queryable, entry: AuditEntry, now = new Date().toISOString()): Promise<void> {
  await q.run("INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, detail_json) VALUES (?, ?, ?, ?, ?, ?)", [
    now, entry.actorId, entry.action, entry.entityType ?? null, entry.entityId ?? null, JSON.stringify(entry.detail ?? {}),
  ]);
}

/** Several entries in multi-row INSERTs (an import batch), in the order given. */
export async function recordAudits(q: Queryable, entries: Array<AuditEntry & { at: string }>): Promise<void> {
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    await q.run(
      `INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, detail_json) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
      chunk.flatMap((e) => [e.at, e.actorId, e.action, e.entityType ?? null, e.entityId ?? null, JSON.stringify(e.detail ?? {})]),
    );
  }
}

export type AuditFilter = { action?: string; actor?: string; from?: string; to?: string };

export type AuditRow = {
  id: number; at: string; actorId: number | null; actorName: string | null; actorEmail: string | null;
  action: string; entityType: string | null; entityId: number | null; detailJson: string;
};

function auditWhere(filter: AuditFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.action) {
    // "sign-in" matches sign-in.success, sign-in.failure and sign-in.locked.
    clauses.push("(a.action = ? OR a.action LIKE ? ESCAPE '\\')");
    params.push(filter.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`);
  }
  if (filter.actor) {
    const like = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push("(u.email LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')");
    params.push(like, like);
  }
  if (filter.from) {
    clauses.push("a.at >= ?");
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push("a.at < ?");
    params.push(filter.to);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

const AUDIT_SELECT = `SELECT a.id, a.at, a.actor_id AS actorId, u.name AS actorName, u.email AS actorEmail, a.action,
    a.entity_type AS entityType, a.entity_id AS entityId, a.detail_json AS detailJson
  FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`;

/** Newest first. */
export async function listAudit(q: Queryable, filter: AuditFilter, limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
  const where = auditWhere(filter);
  const rows = await q.all<AuditRow>(`${AUDIT_SELECT} ${where.sql} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, [...where.params, limit, offset]);
  const total = (await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ${where.sql}`, where.params))?.n ?? 0;
  return { rows, total };
}

/** Rows for an export, in pages so a large log is never held in memory at once. */
export async function* iterateAudit(q: Queryable, filter: AuditFilter, pageSize = 1000): AsyncGenerator<AuditRow> {
  const where = auditWhere(filter);
  let beforeId = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const clause = where.sql ? `${where.sql} AND a.id < ?` : "WHERE a.id < ?";
    const rows = await q.all<AuditRow>(`${AUDIT_SELECT} ${clause} ORDER BY a.id DESC LIMIT ?`, [...where.params, beforeId, pageSize]);
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    beforeId = rows[rows.length - 1].id;
  }
}

/** The actions that occur in the log, for the filter. */
export async function listAuditActions(q: Queryable): Promise<string[]> {
  return (await q.all<{ action: string }>("SELECT DISTINCT action FROM audit_log ORDER BY action")).map((r) => r.action);
}

export async function listAuditForEntity(q: Queryable, entityType: string, entityId: number, limit = 20): Promise<AuditRow[]> {
  return q.all<AuditRow>(`${AUDIT_SELECT} WHERE a.entity_type = ? AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ?`, [entityType, entityId, limit]);
}
