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
