/**
 * Pre-election periods (issue 22, decision 161): the periods, their scope (the whole
 * council, departments, or wards matched by item tags), candidates and councillors, the
 * publicity checklist answers, publicity decisions (approval or override) and the log the
 * end-of-period report is built from. Also the extra permissions an administrator grants
 * (publicity-reviewer, information-governance).
 */
import type { Queryable } from "~/utils/db.server";

export const PERIOD_KINDS = ["local", "general", "mayoral", "by-election", "referendum", "pcc"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  local: "Local elections", general: "General election", mayoral: "Mayoral election", "by-election": "By-election",
  referendum: "Referendum", pcc: "Police and crime commissioner election",
};
export type PeriodScope = "council" | "departments" | "wards";
export type PeriodState = "upcoming" | "on" | "ended";

export type PeriodRow = {
  id: number; kind: PeriodKind; title: string; noticeOn: string; pollingOn: string; scope: PeriodScope;
  guideItemId: number | null; guideTitle: string | null; guideSlug: string | null; state: PeriodState; createdAt: string;
};

export type Period = PeriodRow & { departmentIds: number[]; departmentNames: string[]; wards: string[] };

/** Upcoming before the notice day, on from the notice day to polling day inclusive, then ended (UK calendar days). */
export function periodStateOn(p: Pick<PeriodRow, "noticeOn" | "pollingOn">, ukDay: string): PeriodState {
  if (ukDay < p.noticeOn) return "upcoming";
  if (ukDay <= p.pollingOn) return "on";
  return "ended";
}

const PERIOD_COLUMNS = `p.id, p.kind, p.title, p.notice_on AS noticeOn, p.polling_on AS pollingOn, p.scope, p.guide_item_id AS guideItemId,
  g.title AS guideTitle, g.slug AS guideSlug, p.state, p.created_at AS createdAt`;
const PERIOD_FROM = "FROM election_periods p LEFT JOIN items g ON g.id = p.guide_item_id";

async function withScope(q: Queryable, rows: PeriodRow[]): Promise<Period[]> {
  const out: Period[] = [];
  for (const r of rows) {
    const depts = await q.all<{ id: number; name: string }>(
      "SELECT d.id, d.name FROM election_period_departments pd JOIN departments d ON d.id = pd.department_id WHERE pd.period_id = ? ORDER BY d.name",
      [r.id],
    );
    const wards = await q.all<{ ward: string }>("SELECT ward FROM election_period_wards WHERE period_id = ? ORDER BY ward", [r.id]);
    out.push({ ...r, departmentIds: depts.map((d) => d.id), departmentNames: depts.map((d) => d.name), wards: wards.map((w) => w.ward) });
  }
  return out;
}

export async function listPeriods(q: Queryable): Promise<Period[]> {
  return withScope(q, await q.all<PeriodRow>(`SELECT ${PERIOD_COLUMNS} ${PERIOD_FROM} ORDER BY p.notice_on DESC, p.id DESC`));
}

/** Periods on for a UK day (computed from the dates, whatever the job last wrote). */
export async function listPeriodsOn(q: Queryable, ukDay: string): Promise<Period[]> {
  return withScope(q, await q.all<PeriodRow>(`SELECT ${PERIOD_COLUMNS} ${PERIOD_FROM} WHERE p.notice_on <= ? AND p.polling_on >= ? ORDER BY p.polling_on, p.id`, [ukDay, ukDay]));
}

export async function findPeriod(q: Queryable, id: number): Promise<Period | undefined> {
  const row = await q.get<PeriodRow>(`SELECT ${PERIOD_COLUMNS} ${PERIOD_FROM} WHERE p.id = ?`, [id]);
  return row ? (await withScope(q, [row]))[0] : undefined;
}

export type NewPeriod = {
  kind: PeriodKind; title: string; noticeOn: string; pollingOn: string; scope: PeriodScope; guideItemId: number | null;
  departmentIds: number[]; wards: string[]; createdBy: number | null;
};

export async function insertPeriod(q: Queryable, p: NewPeriod, state: PeriodState, now: string): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO election_periods (kind, title, notice_on, polling_on, scope, guide_item_id, state, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [p.kind, p.title, p.noticeOn, p.pollingOn, p.scope, p.guideItemId, state, p.createdBy, now, now],
  );
  await setPeriodScope(q, lastID, p.departmentIds, p.wards);
  return lastID;
}

export async function updatePeriod(q: Queryable, id: number, p: Omit<NewPeriod, "createdBy">, now: string): Promise<void> {
  await q.run(
    "UPDATE election_periods SET kind = ?, title = ?, notice_on = ?, polling_on = ?, scope = ?, guide_item_id = ?, updated_at = ? WHERE id = ?",
    [p.kind, p.title, p.noticeOn, p.pollingOn, p.scope, p.guideItemId, now, id],
  );
  await setPeriodScope(q, id, p.departmentIds, p.wards);
}

async function setPeriodScope(q: Queryable, id: number, departmentIds: number[], wards: string[]): Promise<void> {
  await q.run("DELETE FROM election_period_departments WHERE period_id = ?", [id]);
  await q.run("DELETE FROM election_period_wards WHERE period_id = ?", [id]);
  for (const d of departmentIds) await q.run("INSERT INTO election_period_departments (period_id, department_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, d]);
  for (const w of wards) await q.run("INSERT INTO election_period_wards (period_id, ward) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, w]);
}

export async function setPeriodState(q: Queryable, id: number, state: PeriodState, now: string): Promise<void> {
  await q.run("UPDATE election_periods SET state = ?, updated_at = ? WHERE id = ?", [state, now, id]);
}

/* ------------------------------------------------------------------ scope ---- */

/** What scope checks need of an item. */
export type ScopeFacts = { departmentIds: number[]; tags: string[] };

export async function itemScopeFacts(q: Queryable, itemId: number): Promise<ScopeFacts> {
  const item = await q.get<{ departmentId: number | null }>("SELECT department_id AS departmentId FROM items WHERE id = ?", [itemId]);
  const targets = await q.all<{ id: number }>("SELECT department_id AS id FROM item_target_departments WHERE item_id = ?", [itemId]);
  const tags = await q.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ?", [itemId]);
  const ids = new Set(targets.map((t) => t.id));
  if (item?.departmentId != null) ids.add(item.departmentId);
  return { departmentIds: [...ids], tags: tags.map((t) => t.tag.toLowerCase()) };
}

/** Is an item with these facts in the period's scope? */
export function inScope(p: Pick<Period, "scope" | "departmentIds" | "wards">, facts: ScopeFacts): boolean {
  if (p.scope === "council") return true;
  if (p.scope === "departments") return facts.departmentIds.some((d) => p.departmentIds.includes(d));
  return facts.tags.some((t) => p.wards.includes(t));
}

/* ------------------------------------------------------------- candidates ---- */

export type Candidate = { id: number; name: string; role: string; party: string; ward: string };

export async function listCandidates(q: Queryable, periodId: number): Promise<Candidate[]> {
  return q.all<Candidate>("SELECT id, name, role, party, ward FROM election_candidates WHERE period_id = ? ORDER BY name, id", [periodId]);
}

export async function replaceCandidates(q: Queryable, periodId: number, people: Omit<Candidate, "id">[]): Promise<void> {
  await q.run("DELETE FROM election_candidates WHERE period_id = ?", [periodId]);
  for (const c of people) {
    await q.run("INSERT INTO election_candidates (period_id, name, role, party, ward) VALUES (?, ?, ?, ?, ?)", [periodId, c.name, c.role, c.party, c.ward]);
  }
}

/* ------------------------------------------------------ checks and decisions ---- */

export type ChecklistAnswers = { namesOrPhotos: boolean; controversial: boolean; partyView: boolean; note: string };

export async function insertPublicityCheck(
  q: Queryable, c: ChecklistAnswers & { itemId: number; periodId: number; revisionId: number | null; answeredBy: number }, now: string,
): Promise<void> {
  await q.run(
    `INSERT INTO publicity_checks (item_id, period_id, revision_id, names_or_photos, controversial, party_view, note, answered_by, answered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.itemId, c.periodId, c.revisionId, c.namesOrPhotos ? 1 : 0, c.controversial ? 1 : 0, c.partyView ? 1 : 0, c.note, c.answeredBy, now],
  );
}

export type PublicityCheck = ChecklistAnswers & { periodId: number; revisionId: number | null; answeredBy: string | null; answeredAt: string };

export async function listPublicityChecks(q: Queryable, itemId: number): Promise<PublicityCheck[]> {
  const rows = await q.all<{ periodId: number; revisionId: number | null; n: number; c: number; p: number; note: string; answeredBy: string | null; answeredAt: string }>(
    `SELECT c.period_id AS periodId, c.revision_id AS revisionId, c.names_or_photos AS n, c.controversial AS c, c.party_view AS p, c.note,
       u.name AS answeredBy, c.answered_at AS answeredAt
     FROM publicity_checks c LEFT JOIN users u ON u.id = c.answered_by WHERE c.item_id = ? ORDER BY c.id DESC`,
    [itemId],
  );
  return rows.map((r) => ({
    periodId: r.periodId, revisionId: r.revisionId, namesOrPhotos: r.n === 1, controversial: r.c === 1, partyView: r.p === 1, note: r.note,
    answeredBy: r.answeredBy, answeredAt: r.answeredAt,
  }));
}

export async function hasPublicityCheck(q: Queryable, itemId: number, periodId: number, revisionId: number | null): Promise<boolean> {
  const row = await q.get<{ id: number }>(
    "SELECT id FROM publicity_checks WHERE item_id = ? AND period_id = ? AND COALESCE(revision_id, 0) = COALESCE(?, 0)", [itemId, periodId, revisionId],
  );
  return !!row;
}

export async function insertPublicityDecision(
  q: Queryable, d: { itemId: number; periodId: number; revisionId: number | null; decision: "approved" | "override"; justification: string; actorId: number }, now: string,
): Promise<void> {
  await q.run(
    "INSERT INTO publicity_decisions (item_id, period_id, revision_id, decision, justification, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [d.itemId, d.periodId, d.revisionId, d.decision, d.justification, d.actorId, now],
  );
}

/** Has this revision of the item been approved (or overridden) for the period? */
export async function findPublicityDecision(q: Queryable, itemId: number, periodId: number, revisionId: number | null) {
  return q.get<{ decision: "approved" | "override"; at: string }>(
    "SELECT decision, at FROM publicity_decisions WHERE item_id = ? AND period_id = ? AND COALESCE(revision_id, 0) = COALESCE(?, 0) ORDER BY id DESC LIMIT 1",
    [itemId, periodId, revisionId],
  );
}

/* -------------------------------------------------------------------- log ---- */

export type LogEvent = "created" | "changed" | "on" | "off" | "held" | "approved" | "override" | "published" | "paused" | "checklist" | "candidates";

export async function logPeriod(
  q: Queryable, e: { periodId: number; event: LogEvent; itemId?: number | null; itemTitle?: string; actorId?: number | null; detail?: string }, now: string,
): Promise<void> {
  await q.run(
    "INSERT INTO election_period_log (period_id, at, event, item_id, item_title, actor_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [e.periodId, now, e.event, e.itemId ?? null, e.itemTitle ?? "", e.actorId ?? null, e.detail ?? ""],
  );
}

export type LogRow = { id: number; at: string; event: LogEvent; itemId: number | null; itemTitle: string; actorName: string | null; actorRole: string | null; detail: string };

export async function listPeriodLog(q: Queryable, periodId: number): Promise<LogRow[]> {
  return q.all<LogRow>(
    `SELECT l.id, l.at, l.event, l.item_id AS itemId, l.item_title AS itemTitle, u.name AS actorName, u.role AS actorRole, l.detail
     FROM election_period_log l LEFT JOIN users u ON u.id = l.actor_id WHERE l.period_id = ? ORDER BY l.id`,
    [periodId],
  );
}

/** Has an item already been logged as held in this period (so its author is told once)? */
export async function wasHeld(q: Queryable, periodId: number, itemId: number): Promise<boolean> {
  return !!(await q.get<{ id: number }>("SELECT id FROM election_period_log WHERE period_id = ? AND item_id = ? AND event = 'held'", [periodId, itemId]));
}

/** Items held in a period and not yet approved, overridden or published since (the publicity review queue). */
export async function listHeldItemIds(q: Queryable, periodId: number): Promise<number[]> {
  const rows = await q.all<{ itemId: number; event: LogEvent }>(
    "SELECT item_id AS itemId, event FROM election_period_log WHERE period_id = ? AND item_id IS NOT NULL ORDER BY id", [periodId],
  );
  const held = new Set<number>();
  for (const r of rows) {
    if (r.event === "held") held.add(r.itemId);
    if (r.event === "approved" || r.event === "override" || r.event === "published") held.delete(r.itemId);
  }
  return [...held];
}

/* ------------------------------------------------------------ permissions ---- */

import type { GrantedPermission } from "~/access/permissions.server";
export type { GrantedPermission };

export async function listPermissionGrants(q: Queryable, userId: number): Promise<GrantedPermission[]> {
  return (await q.all<{ permission: GrantedPermission }>("SELECT permission FROM permission_grants WHERE user_id = ? ORDER BY permission", [userId])).map((r) => r.permission);
}

export async function setPermissionGrant(q: Queryable, userId: number, permission: GrantedPermission, on: boolean, grantedBy: number | null, now: string): Promise<boolean> {
  if (on) {
    const { changes } = await q.run(
      "INSERT INTO permission_grants (user_id, permission, granted_by, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, permission) DO NOTHING",
      [userId, permission, grantedBy, now],
    );
    return changes > 0;
  }
  return (await q.run("DELETE FROM permission_grants WHERE user_id = ? AND permission = ?", [userId, permission])).changes > 0;
}

/** Active people holding a granted permission (for notices). */
export async function listHolders(q: Queryable, permission: GrantedPermission): Promise<{ id: number; email: string; name: string }[]> {
  return q.all("SELECT u.id, u.email, u.name FROM permission_grants g JOIN users u ON u.id = g.user_id WHERE g.permission = ? AND u.active = 1 ORDER BY u.name", [permission]);
}
