/**
 * Directory sync (SCIM 2.0, issue 20, decision 142): the tokens an identity provider
 * signs in with (stored hashed), the people and groups it sees, and its groups' members.
 * A SCIM User is an account (`users`) with its profile's official fields; generated demo
 * people (decision 088) and accounts the provider deleted (`scim_removed`) are not listed.
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";

/* ---- tokens ---- */

export type ScimTokenRow = {
  id: number; hint: string; createdAt: string; createdByName: string | null; lastUsedAt: string | null; revokedAt: string | null; revokedByName: string | null;
};

export async function insertScimToken(q: Queryable, tokenHash: string, hint: string, createdBy: number, now: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO scim_tokens (token_hash, hint, created_by, created_at) VALUES (?, ?, ?, ?)", [tokenHash, hint, createdBy, now]);
  return lastID;
}

/** The token a hash belongs to, if it has not been revoked. */
export async function findActiveScimToken(q: Queryable, tokenHash: string): Promise<{ id: number; lastUsedAt: string | null } | undefined> {
  return q.get("SELECT id, last_used_at AS lastUsedAt FROM scim_tokens WHERE token_hash = ? AND revoked_at IS NULL", [tokenHash]);
}

export async function touchScimToken(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("UPDATE scim_tokens SET last_used_at = ? WHERE id = ?", [now, id]);
}

export async function revokeScimTokenRow(q: Queryable, id: number, revokedBy: number, now: string): Promise<boolean> {
  return (await q.run("UPDATE scim_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL", [now, revokedBy, id])).changes > 0;
}

export async function countActiveScimTokens(q: Queryable): Promise<number> {
  return (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM scim_tokens WHERE revoked_at IS NULL"))?.n ?? 0;
}

export async function listScimTokens(q: Queryable, limit = 20): Promise<ScimTokenRow[]> {
  return q.all<ScimTokenRow>(
    `SELECT t.id, t.hint, t.created_at AS createdAt, c.name AS createdByName, t.last_used_at AS lastUsedAt, t.revoked_at AS revokedAt, r.name AS revokedByName
       FROM scim_tokens t LEFT JOIN users c ON c.id = t.created_by LEFT JOIN users r ON r.id = t.revoked_by
      ORDER BY t.revoked_at IS NOT NULL, t.id DESC LIMIT ?`,
    [limit],
  );
}

/* ---- users ---- */

export type ScimUserRow = {
  id: number; email: string; name: string; jobTitle: string; active: number; role: string; departmentId: number | null; departmentName: string | null;
  externalId: string | null; managerId: number | null; teamId: number | null; teamDepartmentId: number | null; createdAt: string; updatedAt: string;
};

const SCIM_USER_COLUMNS = `u.id, u.email, u.name, u.job_title AS jobTitle, u.active, u.role, u.department_id AS departmentId, d.name AS departmentName,
  p.external_id AS externalId, p.manager_id AS managerId, p.team_id AS teamId, t.department_id AS teamDepartmentId, u.created_at AS createdAt, u.updated_at AS updatedAt`;
const SCIM_USER_FROM = `users u LEFT JOIN people_profiles p ON p.user_id = u.id LEFT JOIN departments d ON d.id = u.department_id
  LEFT JOIN people_teams t ON t.id = p.team_id`;
const LISTED = "u.generated = 0 AND COALESCE(p.scim_removed, 0) = 0";

export type ScimUserLookup = { id?: number; userName?: string; externalId?: string };

/** People the identity provider sees: all of them, or those one simple filter names. Ordered by id. */
export async function listScimUsers(q: Queryable, by: ScimUserLookup = {}): Promise<ScimUserRow[]> {
  const clauses = [LISTED];
  const params: unknown[] = [];
  if (by.id !== undefined) {
    clauses.push("u.id = ?");
    params.push(by.id);
  }
  if (by.userName !== undefined) {
    clauses.push("lower(u.email) = lower(?)");
    params.push(by.userName);
  }
  if (by.externalId !== undefined) {
    clauses.push("p.external_id = ?");
    params.push(by.externalId);
  }
  return q.all<ScimUserRow>(`SELECT ${SCIM_USER_COLUMNS} FROM ${SCIM_USER_FROM} WHERE ${clauses.join(" AND ")} ORDER BY u.id`, params);
}

/** Any account with this email (listed or not), for create-or-reuse. */
export async function findAccountByEmail(q: Queryable, email: string): Promise<{ id: number; generated: number; removed: number } | undefined> {
  return q.get(
    `SELECT u.id, u.generated, COALESCE(p.scim_removed, 0) AS removed FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id WHERE lower(u.email) = lower(?)`,
    [email],
  );
}

export async function findAccountByExternalId(q: Queryable, externalId: string): Promise<number | undefined> {
  return (await q.get<{ id: number }>("SELECT user_id AS id FROM people_profiles WHERE external_id = ?", [externalId]))?.id;
}

export async function setAccountEmail(q: Queryable, userId: number, email: string, now: string): Promise<void> {
  await q.run("UPDATE users SET email = ?, updated_at = ? WHERE id = ?", [email, now, userId]);
}

export async function setScimRemoved(q: Queryable, userId: number, removed: boolean, now: string): Promise<void> {
  await q.run("UPDATE people_profiles SET scim_removed = ?, updated_at = ? WHERE user_id = ?", [removed ? 1 : 0, now, userId]);
}

export async function clearTeam(q: Queryable, userId: number, now: string): Promise<void> {
  await q.run("UPDATE people_profiles SET team_id = NULL, updated_at = ? WHERE user_id = ?", [now, userId]);
}

/* ---- groups ---- */

export type ScimGroupRow = { id: number; displayName: string; externalId: string | null; createdAt: string };
export type ScimGroupLookup = { id?: number; displayName?: string; externalId?: string };

export async function listScimGroups(q: Queryable, by: ScimGroupLookup = {}): Promise<ScimGroupRow[]> {
  const clauses = ["1 = 1"];
  const params: unknown[] = [];
  if (by.id !== undefined) {
    clauses.push("id = ?");
    params.push(by.id);
  }
  if (by.displayName !== undefined) {
    clauses.push("lower(display_name) = lower(?)");
    params.push(by.displayName);
  }
  if (by.externalId !== undefined) {
    clauses.push("external_id = ?");
    params.push(by.externalId);
  }
  return q.all<ScimGroupRow>(
    `SELECT id, display_name AS displayName, external_id AS externalId, created_at AS createdAt FROM scim_groups WHERE ${clauses.join(" AND ")} ORDER BY id`,
    params,
  );
}

export async function insertScimGroup(q: Queryable, displayName: string, externalId: string | null, now: string): Promise<number> {
  const { lastID } = await q.run("INSERT INTO scim_groups (display_name, external_id, created_at) VALUES (?, ?, ?)", [displayName, externalId, now]);
  return lastID;
}

export async function updateScimGroup(q: Queryable, id: number, displayName: string, externalId: string | null): Promise<void> {
  await q.run("UPDATE scim_groups SET display_name = ?, external_id = ? WHERE id = ?", [displayName, externalId, id]);
}

export async function deleteScimGroup(q: Queryable, id: number): Promise<void> {
  await q.run("DELETE FROM scim_group_members WHERE group_id = ?", [id]);
  await q.run("DELETE FROM scim_groups WHERE id = ?", [id]);
}

/** Members (listed people only) of the given groups: group id → [{ id, name }]. */
export async function listScimGroupMembers(q: Queryable, groupIds: readonly number[]): Promise<Map<number, { id: number; name: string }[]>> {
  const out = new Map<number, { id: number; name: string }[]>();
  if (!groupIds.length) return out;
  const rows = await q.all<{ groupId: number; id: number; name: string }>(
    `SELECT m.group_id AS groupId, u.id, u.name FROM scim_group_members m JOIN users u ON u.id = m.user_id LEFT JOIN people_profiles p ON p.user_id = u.id
      WHERE ${LISTED} AND m.group_id IN (${groupIds.map(() => "?").join(", ")}) ORDER BY u.id`,
    [...groupIds],
  );
  for (const r of rows) (out.get(r.groupId) ?? out.set(r.groupId, []).get(r.groupId)!).push({ id: r.id, name: r.name });
  return out;
}

export async function addScimGroupMembers(q: Queryable, groupId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length) await insertMany(q, "INSERT INTO scim_group_members (group_id, user_id)", 2, userIds.map((u) => [groupId, u]), "ON CONFLICT (group_id, user_id) DO NOTHING");
}

export async function removeScimGroupMembers(q: Queryable, groupId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length) await q.run(`DELETE FROM scim_group_members WHERE group_id = ? AND user_id IN (${userIds.map(() => "?").join(", ")})`, [groupId, ...userIds]);
}

/** The groups each person belongs to (display name and external id): what the role and department maps read. */
export async function listGroupsOfUsers(q: Queryable, userIds: readonly number[]): Promise<Map<number, { id: number; displayName: string; externalId: string | null }[]>> {
  const out = new Map<number, { id: number; displayName: string; externalId: string | null }[]>();
  if (!userIds.length) return out;
  const rows = await q.all<{ userId: number; id: number; displayName: string; externalId: string | null }>(
    `SELECT m.user_id AS userId, g.id, g.display_name AS displayName, g.external_id AS externalId FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id
      WHERE m.user_id IN (${userIds.map(() => "?").join(", ")}) ORDER BY g.display_name`,
    [...userIds],
  );
  for (const r of rows) (out.get(r.userId) ?? out.set(r.userId, []).get(r.userId)!).push({ id: r.id, displayName: r.displayName, externalId: r.externalId });
  return out;
}
