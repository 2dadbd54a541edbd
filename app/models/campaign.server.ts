/**
 * Campaigns, their audience, items and targets, and the aggregate figures their targets are
 * measured with (by department; never a person's reading).
 */
import type { Role } from "~/utils/roles";
import type { Queryable } from "~/utils/db.server";

export type CampaignAudience = "everyone" | "departments" | "roles";

export type CampaignRow = {
  id: number;
  name: string;
  objective: string;
  audience: CampaignAudience;
  startsOn: string;
  endsOn: string;
  ownerId: number | null;
  ownerName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  searchTerms: string;
  createdAt: string;
  updatedAt: string;
};

const SELECT = `SELECT c.id, c.name, c.objective, c.audience, c.starts_on AS startsOn, c.ends_on AS endsOn, c.owner_id AS ownerId,
    u.name AS ownerName, c.department_id AS departmentId, d.name AS departmentName, c.search_terms AS searchTerms,
    c.created_at AS createdAt, c.updated_at AS updatedAt
  FROM campaigns c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = c.department_id`;

export type CampaignInput = {
  name: string;
  objective: string;
  audience: CampaignAudience;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
  startsOn: string;
  endsOn: string;
  ownerId: number | null;
  departmentId: number | null;
  searchTerms: string;
};

export async function insertCampaign(q: Queryable, c: CampaignInput, createdBy: number, now: string): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO campaigns (name, objective, audience, starts_on, ends_on, owner_id, department_id, search_terms, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.name, c.objective, c.audience, c.startsOn, c.endsOn, c.ownerId, c.departmentId, c.searchTerms, createdBy, now, now],
  );
  await setCampaignAudience(q, lastID, c);
  return lastID;
}

export async function updateCampaign(q: Queryable, id: number, c: CampaignInput, now: string): Promise<void> {
  await q.run(
    `UPDATE campaigns SET name = ?, objective = ?, audience = ?, starts_on = ?, ends_on = ?, owner_id = ?, department_id = ?, search_terms = ?,
       updated_at = ? WHERE id = ?`,
    [c.name, c.objective, c.audience, c.startsOn, c.endsOn, c.ownerId, c.departmentId, c.searchTerms, now, id],
  );
  await setCampaignAudience(q, id, c);
}

async function setCampaignAudience(q: Queryable, id: number, c: Pick<CampaignInput, "audience" | "audienceDepartmentIds" | "audienceRoles">) {
  await q.run("DELETE FROM campaign_audience_departments WHERE campaign_id = ?", [id]);
  await q.run("DELETE FROM campaign_audience_roles WHERE campaign_id = ?", [id]);
  if (c.audience === "departments")
    for (const d of new Set(c.audienceDepartmentIds)) await q.run("INSERT INTO campaign_audience_departments (campaign_id, department_id) VALUES (?, ?)", [id, d]);
  if (c.audience === "roles")
    for (const r of new Set(c.audienceRoles)) await q.run("INSERT INTO campaign_audience_roles (campaign_id, role) VALUES (?, ?)", [id, r]);
}

export async function deleteCampaign(q: Queryable, id: number): Promise<void> {
  await q.run("DELETE FROM campaigns WHERE id = ?", [id]);
}

export async function findCampaign(q: Queryable, id: number): Promise<CampaignRow | undefined> {
  return q.get<CampaignRow>(`${SELECT} WHERE c.id = ?`, [id]);
}

/** Campaigns, newest first; `departmentIds` limits them to those departments' campaigns (managers). */
export async function listCampaigns(q: Queryable, departmentIds: number[] | null): Promise<CampaignRow[]> {
  if (departmentIds === null) return q.all<CampaignRow>(`${SELECT} ORDER BY c.ends_on DESC, c.id DESC`);
  if (!departmentIds.length) return [];
  return q.all<CampaignRow>(`${SELECT} WHERE c.department_id IN (${departmentIds.map(() => "?").join(", ")}) ORDER BY c.ends_on DESC, c.id DESC`, departmentIds);
}

/** Campaigns running at some time between two days (the plan calendar). */
export async function listCampaignsBetween(q: Queryable, from: string, to: string): Promise<CampaignRow[]> {
  return q.all<CampaignRow>(`${SELECT} WHERE c.starts_on <= ? AND c.ends_on >= ? ORDER BY c.starts_on, c.id`, [to, from]);
}

export async function campaignAudience(q: Queryable, id: number): Promise<{ departmentIds: number[]; roles: Role[] }> {
  const [departments, roles] = await Promise.all([
    q.all<{ id: number }>("SELECT department_id AS id FROM campaign_audience_departments WHERE campaign_id = ? ORDER BY department_id", [id]),
    q.all<{ role: Role }>("SELECT role FROM campaign_audience_roles WHERE campaign_id = ? ORDER BY role", [id]),
  ]);
  return { departmentIds: departments.map((d) => d.id), roles: roles.map((r) => r.role) };
}

export async function addCampaignItem(q: Queryable, campaignId: number, itemId: number, now: string): Promise<boolean> {
  const { changes } = await q.run("INSERT INTO campaign_items (campaign_id, item_id, added_at) VALUES (?, ?, ?) ON CONFLICT (campaign_id, item_id) DO NOTHING", [campaignId, itemId, now]);
  return changes > 0;
}

export async function removeCampaignItem(q: Queryable, campaignId: number, itemId: number): Promise<void> {
  await q.run("DELETE FROM campaign_items WHERE campaign_id = ? AND item_id = ?", [campaignId, itemId]);
}

/** The ids of a campaign's items (the caller checks each with the access rule before showing it). */
export async function listCampaignItemIds(q: Queryable, campaignId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT item_id AS id FROM campaign_items WHERE campaign_id = ? ORDER BY added_at, item_id", [campaignId])).map((r) => r.id);
}

/** Campaigns an item belongs to (the editor and the plan calendar). */
export async function listCampaignsOfItem(q: Queryable, itemId: number): Promise<{ id: number; name: string }[]> {
  return q.all("SELECT c.id, c.name FROM campaign_items ci JOIN campaigns c ON c.id = ci.campaign_id WHERE ci.item_id = ? ORDER BY c.name", [itemId]);
}

export async function addCampaignEvent(q: Queryable, campaignId: number, eventId: number, now: string): Promise<boolean> {
  const { changes } = await q.run("INSERT INTO campaign_events (campaign_id, event_id, added_at) VALUES (?, ?, ?) ON CONFLICT (campaign_id, event_id) DO NOTHING", [campaignId, eventId, now]);
  return changes > 0;
}

export async function removeCampaignEvent(q: Queryable, campaignId: number, eventId: number): Promise<void> {
  await q.run("DELETE FROM campaign_events WHERE campaign_id = ? AND event_id = ?", [campaignId, eventId]);
}

/** The ids of a campaign's events (the caller checks each with the events' access rule before showing it). */
export async function listCampaignEventIds(q: Queryable, campaignId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT event_id AS id FROM campaign_events WHERE campaign_id = ? ORDER BY added_at, event_id", [campaignId])).map((r) => r.id);
}

export type TargetRow = { id: number; campaignId: number; measure: string; value: number; dueOn: string };

export async function insertTarget(q: Queryable, t: { campaignId: number; measure: string; value: number; dueOn: string }, now: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO campaign_targets (campaign_id, measure, value, due_on, created_at) VALUES (?, ?, ?, ?, ?)", [
    t.campaignId, t.measure, t.value, t.dueOn, now,
  ]);
  return lastID;
}

export async function deleteTarget(q: Queryable, campaignId: number, targetId: number): Promise<boolean> {
  return (await q.run("DELETE FROM campaign_targets WHERE id = ? AND campaign_id = ?", [targetId, campaignId])).changes > 0;
}

export async function listTargets(q: Queryable, campaignId: number): Promise<TargetRow[]> {
  return q.all<TargetRow>("SELECT id, campaign_id AS campaignId, measure, value, due_on AS dueOn FROM campaign_targets WHERE campaign_id = ? ORDER BY due_on, id", [campaignId]);
}

// ---------------------------------------------------------------------------------------
// Figures, by department. Headcount is active people (optionally of some roles).

export type DepartmentCount = { departmentId: number; n: number };

const roleFilter = (roles: Role[] | null, alias = "u") => (roles && roles.length ? ` AND ${alias}.role IN (${roles.map(() => "?").join(", ")})` : "");

/** Active people per department (the denominators). */
export async function headcountByDepartment(q: Queryable, roles: Role[] | null): Promise<DepartmentCount[]> {
  return q.all<DepartmentCount>(
    `SELECT u.department_id AS departmentId, COUNT(*) AS n FROM users u WHERE u.active = 1 AND u.department_id IS NOT NULL${roleFilter(roles)}
      GROUP BY u.department_id`,
    roles ?? [],
  );
}

/** Views of the campaign's items between two days, per reader's department. */
export async function campaignViewsByDepartment(q: Queryable, campaignId: number, from: string, to: string): Promise<DepartmentCount[]> {
  return q.all<DepartmentCount>(
    `SELECT r.department_id AS departmentId, SUM(r.views) AS n FROM reach_daily r JOIN campaign_items ci ON ci.item_id = r.item_id
      WHERE ci.campaign_id = ? AND r.day >= ? AND r.day <= ? AND r.department_id <> 0 GROUP BY r.department_id`,
    [campaignId, from, to],
  );
}

/** Views per day of the campaign's items (for the projection). */
export async function campaignViewsByDay(q: Queryable, campaignId: number, from: string, to: string): Promise<{ day: string; n: number }[]> {
  return q.all(
    `SELECT r.day, SUM(r.views) AS n FROM reach_daily r JOIN campaign_items ci ON ci.item_id = r.item_id
      WHERE ci.campaign_id = ? AND r.day >= ? AND r.day <= ? GROUP BY r.day ORDER BY r.day`,
    [campaignId, from, to],
  );
}

/** People who voted in a poll or asked a question on the campaign's items, per department (distinct people). */
export async function campaignParticipantsByDepartment(q: Queryable, campaignId: number, roles: Role[] | null): Promise<DepartmentCount[]> {
  return q.all<DepartmentCount>(
    `SELECT u.department_id AS departmentId, COUNT(DISTINCT u.id) AS n FROM users u
      WHERE u.active = 1 AND u.department_id IS NOT NULL${roleFilter(roles)} AND (
        EXISTS (SELECT 1 FROM poll_voters v JOIN polls p ON p.id = v.poll_id JOIN campaign_items ci ON ci.item_id = p.item_id
                 WHERE ci.campaign_id = ? AND v.user_id = u.id)
        OR EXISTS (SELECT 1 FROM announcement_questions aq JOIN campaign_items ci ON ci.item_id = aq.item_id
                 WHERE ci.campaign_id = ? AND aq.asker_id = u.id))
      GROUP BY u.department_id`,
    [...(roles ?? []), campaignId, campaignId],
  );
}

/** Helpful and not-helpful ratings of the campaign's items, per rater's department. */
export async function campaignRatingsByDepartment(q: Queryable, campaignId: number): Promise<{ departmentId: number; helpful: number; total: number }[]> {
  return q.all(
    `SELECT u.department_id AS departmentId, SUM(r.helpful) AS helpful, COUNT(*) AS total
       FROM page_ratings r JOIN campaign_items ci ON ci.item_id = r.item_id JOIN users u ON u.id = r.user_id
      WHERE ci.campaign_id = ? AND u.department_id IS NOT NULL GROUP BY u.department_id`,
    [campaignId],
  );
}

/** Searches between two days whose words include one of the terms (already lower-cased). */
export async function searchesForTerms(q: Queryable, terms: string[], from: string, to: string): Promise<{ day: string; n: number }[]> {
  if (!terms.length) return [];
  return q.all(
    `SELECT day, SUM(searches) AS n FROM search_query_days WHERE day >= ? AND day <= ? AND (${terms.map(() => "lower(query) LIKE ?").join(" OR ")})
      GROUP BY day ORDER BY day`,
    [from, to, ...terms.map((t) => `%${t.replace(/[%_\\]/g, "")}%`)],
  );
}

/** Whether any campaign exists (the demo adds its campaigns only to a desk with none). */
export async function hasAnyCampaign(q: Queryable): Promise<boolean> {
  return !!(await q.get("SELECT 1 AS x FROM campaigns LIMIT 1"));
}

/** People of the audience's roles holding a place on one of the campaign's events, per department. */
export async function campaignSignupsByDepartment(q: Queryable, campaignId: number, roles: Role[] | null): Promise<DepartmentCount[]> {
  return q.all<DepartmentCount>(
    `SELECT u.department_id AS departmentId, COUNT(DISTINCT u.id) AS n FROM users u
      WHERE u.active = 1 AND u.department_id IS NOT NULL${roleFilter(roles)} AND EXISTS (
        SELECT 1 FROM event_bookings b JOIN campaign_events ce ON ce.event_id = b.event_id JOIN events e ON e.id = b.event_id
         WHERE ce.campaign_id = ? AND b.user_id = u.id AND b.status = 'booked' AND e.status = 'published')
      GROUP BY u.department_id`,
    [...(roles ?? []), campaignId],
  );
}

/** People of the audience's roles recorded on the register of one of the campaign's events, per department. */
export async function campaignAttendanceByDepartment(q: Queryable, campaignId: number, roles: Role[] | null): Promise<DepartmentCount[]> {
  return q.all<DepartmentCount>(
    `SELECT u.department_id AS departmentId, COUNT(DISTINCT u.id) AS n FROM users u
      WHERE u.active = 1 AND u.department_id IS NOT NULL${roleFilter(roles)} AND EXISTS (
        SELECT 1 FROM event_attendance a JOIN campaign_events ce ON ce.event_id = a.event_id
         WHERE ce.campaign_id = ? AND a.user_id = u.id)
      GROUP BY u.department_id`,
    [...(roles ?? []), campaignId],
  );
}
