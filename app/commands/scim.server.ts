/**
 * Directory sync (SCIM 2.0, issue 20, decision 142): what the council's identity provider
 * changes. Each request is ONE transaction (a refused request writes nothing), audited as
 * "directory sync" with the token that made it.
 *
 * - Joiners: an account is made (no password: they sign in through the identity provider),
 *   or an existing one with that email is adopted.
 * - Movers: a new department moves the person; pages of the department they left pass on
 *   (decision 081), their team is cleared if it belongs to the old department, and the
 *   channels they follow by default follow the department (decision 071 computes them).
 * - Leavers: `active: false` (or DELETE) switches the account off, ends every session at
 *   once and hands their pages over (deputy, champion, manager…), as an administrator's
 *   switch does. The last active administrator is never switched off.
 * - Groups map to roles and departments with the OpenID Connect maps (OIDC_ROLE_MAP,
 *   OIDC_DEPARTMENT_MAP), matched on the group's display name or external id.
 */
import crypto from "node:crypto";
import { reassignOwnership } from "~/commands/ownership.server";
import { recordAudit } from "~/models/audit.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import { createMissingProfiles, setExternalId, setManager } from "~/models/people.server";
import {
  addScimGroupMembers, clearTeam, countActiveScimTokens, deleteScimGroup, findAccountByEmail, findAccountByExternalId, findActiveScimToken, insertScimGroup,
  insertScimToken, listGroupsOfUsers, listScimGroupMembers, listScimGroups, listScimUsers, removeScimGroupMembers, revokeScimTokenRow, setAccountEmail,
  setScimRemoved, touchScimToken, updateScimGroup, type ScimUserRow,
} from "~/models/scim.server";
import { countActiveAdmins, deleteSessionsOfUser, insertUser, setUserActive, updateUserProfile } from "~/models/user.server";
import { can, type Actor } from "~/access/permissions.server";
import { getDb, nowIso, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { parseDepartmentMap, parseRoleMap } from "~/utils/oidc.server";
import { ROLES, type Role } from "~/utils/roles";

export type ScimContext = { tokenId: number };
export type ScimFailure = { ok: false; status: 400 | 403 | 404 | 409; scimType: "uniqueness" | "invalidValue" | "mutability" | null; detail: string };
export type ScimResult<T = object> = ({ ok: true } & T) | ScimFailure;

/** What the identity provider says about a person, already read from its SCIM resource. */
export type ScimUserInput = {
  email: string;
  name: string;
  jobTitle: string;
  active: boolean;
  externalId: string | null;
  /** The department's name (or a value OIDC_DEPARTMENT_MAP maps); undefined: not sent, keep. */
  department?: string;
  /** The manager's SCIM id; null: no manager; undefined: not sent, keep. */
  managerId?: number | null;
};

export type ScimGroupInput = { displayName: string; externalId: string | null; memberIds: number[] };

const fail = (status: ScimFailure["status"], scimType: ScimFailure["scimType"], detail: string): ScimFailure => ({ ok: false, status, scimType, detail });
const SOURCE = "directory-sync";

/* ---- tokens (the admin page) ---- */

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
/** Two at most: the new one and the one it replaces, while the identity provider is changed over. */
export const MAX_ACTIVE_TOKENS = 2;

export async function createScimToken(actor: Actor): Promise<{ ok: true; token: string } | { ok: false; errors: Record<string, string> }> {
  if (!can(actor, "manage", "user")) return { ok: false, errors: { form: "Only administrators manage directory sync" } };
  const db = await getDb();
  return db.transaction(async (tx) => {
    if ((await countActiveScimTokens(tx)) >= MAX_ACTIVE_TOKENS)
      return { ok: false as const, errors: { form: `There are already ${MAX_ACTIVE_TOKENS} tokens in use. Revoke the old one before making another` } };
    const token = `scim_${crypto.randomBytes(32).toString("base64url")}`;
    const id = await insertScimToken(tx, hashToken(token), token.slice(-4), actor.id, nowIso());
    await recordAudit(tx, { actorId: actor.id, action: "directory-sync.token-created", entityType: "scim_token", entityId: id });
    return { ok: true as const, token };
  });
}

export async function revokeScimToken(actor: Actor, id: number): Promise<boolean> {
  if (!can(actor, "manage", "user")) return false;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const done = await revokeScimTokenRow(tx, id, actor.id, nowIso());
    if (done) await recordAudit(tx, { actorId: actor.id, action: "directory-sync.token-revoked", entityType: "scim_token", entityId: id });
    return done;
  });
}

/** The token's id when `raw` is a token in use; its "last used" is kept to the minute. */
export async function authenticateScimToken(raw: string | undefined): Promise<number | null> {
  if (!raw || !/^scim_[A-Za-z0-9_-]{20,100}$/.test(raw)) return null;
  const db = await getDb();
  const token = await findActiveScimToken(db, hashToken(raw));
  if (!token) return null;
  const now = nowIso();
  if (!token.lastUsedAt || token.lastUsedAt.slice(0, 16) !== now.slice(0, 16)) await touchScimToken(db, token.id, now);
  return token.id;
}

/* ---- people ---- */

async function resolveDepartment(tx: Queryable, value: string | undefined): Promise<number | undefined> {
  if (value === undefined || !value.trim()) return undefined;
  const map = parseDepartmentMap(getEnv().OIDC_DEPARTMENT_MAP);
  const raw = value.trim().toLowerCase();
  const slug = map.get(raw) ?? raw;
  const found = (await listOpenDepartments(tx)).find((d) => d.slug === slug || d.name.toLowerCase() === raw || d.name.toLowerCase() === slug);
  return found?.id;
}

async function one(tx: Queryable, id: number): Promise<ScimUserRow | undefined> {
  return (await listScimUsers(tx, { id }))[0];
}

/** Moves someone to another department: their pages there pass on, and a team of the old department is left. */
async function move(tx: Queryable, user: ScimUserRow, departmentId: number | null, ctx: ScimContext): Promise<void> {
  await recordAudit(tx, {
    actorId: null, action: "user.department-changed", entityType: "user", entityId: user.id,
    detail: { from: user.departmentId, to: departmentId, source: SOURCE, tokenId: ctx.tokenId },
  });
  await reassignOwnership(tx, user.id, "department-change", { previousDepartmentId: user.departmentId });
  if (user.teamId !== null && user.teamDepartmentId !== null && user.teamDepartmentId !== departmentId) await clearTeam(tx, user.id, nowIso());
}

async function switchOff(tx: Queryable, user: ScimUserRow, ctx: ScimContext): Promise<ScimFailure | null> {
  if (user.role === "admin" && (await countActiveAdmins(tx)) <= 1)
    return fail(400, "mutability", "This is the intranet's last active administrator, so the account stays on. Make someone else an administrator first");
  await setUserActive(tx, user.id, false);
  const ended = await deleteSessionsOfUser(tx, user.id);
  const handovers = await reassignOwnership(tx, user.id, "deactivated");
  await recordAudit(tx, {
    actorId: null, action: "user.deactivated", entityType: "user", entityId: user.id,
    detail: { sessionsEnded: ended, pagesHandedOver: handovers.length, source: SOURCE, tokenId: ctx.tokenId },
  });
  return null;
}

/** Sets what the identity provider owns on an existing account; the caller's transaction. */
async function apply(tx: Queryable, user: ScimUserRow, input: ScimUserInput, ctx: ScimContext): Promise<ScimFailure | null> {
  const now = nowIso();
  if (input.email.toLowerCase() !== user.email.toLowerCase()) {
    const other = await findAccountByEmail(tx, input.email);
    if (other && other.id !== user.id) return fail(409, "uniqueness", `Another account already has the userName ${input.email}`);
    await setAccountEmail(tx, user.id, input.email, now);
    await recordAudit(tx, { actorId: null, action: "user.email-changed", entityType: "user", entityId: user.id, detail: { from: user.email, to: input.email, source: SOURCE, tokenId: ctx.tokenId } });
  }
  if (input.externalId !== user.externalId) {
    const other = input.externalId ? await findAccountByExternalId(tx, input.externalId) : undefined;
    if (other !== undefined && other !== user.id) return fail(409, "uniqueness", `Another account already has the externalId ${input.externalId}`);
    await setExternalId(tx, user.id, input.externalId, now);
  }
  if (input.managerId !== undefined && input.managerId !== user.managerId) {
    if (input.managerId === user.id) return fail(400, "invalidValue", "Someone cannot be their own manager");
    if (input.managerId !== null && !(await one(tx, input.managerId))) return fail(400, "invalidValue", `The manager ${input.managerId} is not a User here`);
    await setManager(tx, user.id, input.managerId, now);
    await recordAudit(tx, { actorId: null, action: "profile.manager-changed", entityType: "user", entityId: user.id, detail: { managerId: input.managerId, source: SOURCE, tokenId: ctx.tokenId } });
  }
  const departmentId = await resolveDepartment(tx, input.department);
  const nextDepartment = departmentId === undefined ? user.departmentId : departmentId;
  if (input.name !== user.name || input.jobTitle !== user.jobTitle || nextDepartment !== user.departmentId) {
    await updateUserProfile(tx, user.id, { name: input.name, role: user.role as Role, departmentId: nextDepartment, jobTitle: input.jobTitle });
    if (input.name !== user.name || input.jobTitle !== user.jobTitle)
      await recordAudit(tx, { actorId: null, action: "user.details-changed", entityType: "user", entityId: user.id, detail: { name: input.name, jobTitle: input.jobTitle, source: SOURCE, tokenId: ctx.tokenId } });
    if (nextDepartment !== user.departmentId) await move(tx, user, nextDepartment, ctx);
  }
  if (!input.active && user.active) {
    const refused = await switchOff(tx, { ...user, departmentId: nextDepartment }, ctx);
    if (refused) return refused;
  } else if (input.active && !user.active) {
    await setUserActive(tx, user.id, true);
    await recordAudit(tx, { actorId: null, action: "user.reactivated", entityType: "user", entityId: user.id, detail: { source: SOURCE, tokenId: ctx.tokenId } });
  }
  return null;
}

/**
 * Runs `work` in one transaction and undoes everything when it answers a failure: a SCIM
 * request that is refused writes nothing.
 */
class Refused extends Error {
  constructor(readonly failure: ScimFailure) {
    super(failure.detail);
  }
}
async function inOneTransaction<T extends object>(work: (tx: Queryable) => Promise<ScimResult<T>>): Promise<ScimResult<T>> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Refused(result);
      return result;
    });
  } catch (err) {
    if (err instanceof Refused) return err.failure;
    throw err;
  }
}

/** POST /Users: a joiner (or an account with that email that was made another way, adopted). */
export async function scimCreateUser(input: ScimUserInput, ctx: ScimContext): Promise<ScimResult<{ id: number }>> {
  return inOneTransaction(async (tx) => {
    const now = nowIso();
    const existing = await findAccountByEmail(tx, input.email);
    if (existing && (existing.generated || !existing.removed)) return fail(409, "uniqueness", `A User with the userName ${input.email} already exists`);
    if (input.externalId) {
      const other = await findAccountByExternalId(tx, input.externalId);
      if (other !== undefined && other !== existing?.id) return fail(409, "uniqueness", `A User with the externalId ${input.externalId} already exists`);
    }
    let id: number;
    if (existing) {
      id = existing.id;
      await setScimRemoved(tx, id, false, now);
      await recordAudit(tx, { actorId: null, action: "user.restored", entityType: "user", entityId: id, detail: { source: SOURCE, tokenId: ctx.tokenId } });
    } else {
      const departmentId = (await resolveDepartment(tx, input.department)) ?? null;
      id = await insertUser(tx, { email: input.email, name: input.name, role: "staff", departmentId, jobTitle: input.jobTitle, passwordHash: null });
      await createMissingProfiles(tx, now);
      await recordAudit(tx, {
        actorId: null, action: "user.created", entityType: "user", entityId: id,
        detail: { email: input.email, role: "staff", departmentId, source: SOURCE, tokenId: ctx.tokenId },
      });
    }
    const user = await one(tx, id);
    if (!user) return fail(404, null, "The account could not be read back");
    const refused = await apply(tx, user, input, ctx);
    return refused ?? { ok: true, id };
  });
}

/** PUT, and PATCH once its operations are applied: the person as the identity provider now sees them. */
export async function scimReplaceUser(id: number, input: ScimUserInput, ctx: ScimContext): Promise<ScimResult<{ id: number }>> {
  return inOneTransaction(async (tx) => {
    const user = await one(tx, id);
    if (!user) return fail(404, null, `Resource ${id} not found`);
    const refused = await apply(tx, user, input, ctx);
    return refused ?? { ok: true, id };
  });
}

/**
 * DELETE /Users/:id: the account is switched off and handed over as for a leaver, and no
 * longer listed to the identity provider; it is kept (the audit log and pages name it).
 */
export async function scimRemoveUser(id: number, ctx: ScimContext): Promise<ScimResult> {
  return inOneTransaction(async (tx) => {
    const user = await one(tx, id);
    if (!user) return fail(404, null, `Resource ${id} not found`);
    if (user.active) {
      const refused = await switchOff(tx, user, ctx);
      if (refused) return refused;
    }
    const now = nowIso();
    await setExternalId(tx, id, null, now);
    await setScimRemoved(tx, id, true, now);
    for (const g of (await listGroupsOfUsers(tx, [id])).get(id) ?? []) await removeScimGroupMembers(tx, g.id, [id]);
    await recordAudit(tx, { actorId: null, action: "user.removed-by-directory", entityType: "user", entityId: id, detail: { source: SOURCE, tokenId: ctx.tokenId } });
    return { ok: true };
  });
}

/* ---- groups ---- */

function mapped(values: string[], map: Map<string, string>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const hit = map.get(v) ?? map.get(v.toLowerCase());
    if (hit) out.push(hit);
  }
  return out;
}

/** Each person's role and department from their groups, with the OpenID Connect maps; nothing changes when no map is set. */
async function applyGroupMaps(tx: Queryable, userIds: number[], ctx: ScimContext): Promise<ScimFailure | null> {
  const env = getEnv();
  const roleMap = parseRoleMap(env.OIDC_ROLE_MAP, env.OIDC_ROLE_CLAIM);
  const departmentMap = parseDepartmentMap(env.OIDC_DEPARTMENT_MAP);
  if ((!roleMap || roleMap.values.size === 0) && departmentMap.size === 0) return null;
  const roleValues = new Map<string, string>();
  for (const [k, v] of roleMap?.values ?? []) {
    roleValues.set(k, v);
    roleValues.set(k.toLowerCase(), v);
  }
  const groups = await listGroupsOfUsers(tx, userIds);
  const departments = await listOpenDepartments(tx);
  for (const userId of userIds) {
    const user = await one(tx, userId);
    if (!user) continue;
    const values = (groups.get(userId) ?? []).flatMap((g) => [g.displayName, g.externalId ?? ""]).filter(Boolean);
    if (roleMap && roleMap.values.size) {
      let role: Role = "staff";
      for (const r of mapped(values, roleValues)) if (ROLES.indexOf(r as Role) > ROLES.indexOf(role)) role = r as Role;
      if (role !== user.role) {
        if (user.role === "admin" && user.active && (await countActiveAdmins(tx)) <= 1) {
          await recordAudit(tx, { actorId: null, action: "directory-sync.last-admin-kept", entityType: "user", entityId: userId, detail: { wanted: role, source: SOURCE, tokenId: ctx.tokenId } });
        } else {
          await updateUserProfile(tx, userId, { name: user.name, role, departmentId: user.departmentId, jobTitle: user.jobTitle });
          await recordAudit(tx, { actorId: null, action: "user.role-changed", entityType: "user", entityId: userId, detail: { from: user.role, to: role, source: SOURCE, tokenId: ctx.tokenId } });
          await reassignOwnership(tx, userId, "role-change");
        }
      }
    }
    const slug = mapped(values, departmentMap)[0];
    const department = slug ? departments.find((d) => d.slug === slug) : undefined;
    if (department && department.id !== user.departmentId) {
      const current = (await one(tx, userId))!;
      await updateUserProfile(tx, userId, { name: current.name, role: current.role as Role, departmentId: department.id, jobTitle: current.jobTitle });
      await move(tx, current, department.id, ctx);
    }
  }
  return null;
}

async function setMembers(tx: Queryable, groupId: number, memberIds: number[], ctx: ScimContext): Promise<ScimFailure | null> {
  const wanted = [...new Set(memberIds)];
  for (const id of wanted) if (!(await one(tx, id))) return fail(400, "invalidValue", `The member ${id} is not a User here`);
  const current = ((await listScimGroupMembers(tx, [groupId])).get(groupId) ?? []).map((m) => m.id);
  const added = wanted.filter((id) => !current.includes(id));
  const removed = current.filter((id) => !wanted.includes(id));
  await addScimGroupMembers(tx, groupId, added);
  await removeScimGroupMembers(tx, groupId, removed);
  if (added.length || removed.length)
    await recordAudit(tx, { actorId: null, action: "directory-sync.group-members-changed", entityType: "scim_group", entityId: groupId, detail: { added, removed, source: SOURCE, tokenId: ctx.tokenId } });
  return applyGroupMaps(tx, [...added, ...removed], ctx);
}

export async function scimWriteGroup(id: number | null, input: ScimGroupInput, ctx: ScimContext): Promise<ScimResult<{ id: number }>> {
  return inOneTransaction(async (tx) => {
    const sameName = (await listScimGroups(tx, { displayName: input.displayName }))[0];
    if (sameName && sameName.id !== id) return fail(409, "uniqueness", `A Group named ${input.displayName} already exists`);
    let groupId: number;
    if (id === null) {
      groupId = await insertScimGroup(tx, input.displayName, input.externalId, nowIso());
      await recordAudit(tx, { actorId: null, action: "directory-sync.group-created", entityType: "scim_group", entityId: groupId, detail: { displayName: input.displayName, source: SOURCE, tokenId: ctx.tokenId } });
    } else {
      const group = (await listScimGroups(tx, { id }))[0];
      if (!group) return fail(404, null, `Resource ${id} not found`);
      groupId = id;
      if (group.displayName !== input.displayName || group.externalId !== input.externalId) {
        await updateScimGroup(tx, id, input.displayName, input.externalId);
        // A renamed group may now mean another role or department.
        const members = ((await listScimGroupMembers(tx, [id])).get(id) ?? []).map((m) => m.id);
        const refused = await applyGroupMaps(tx, members, ctx);
        if (refused) return refused;
      }
    }
    const refused = await setMembers(tx, groupId, input.memberIds, ctx);
    return refused ?? { ok: true, id: groupId };
  });
}

export async function scimDeleteGroup(id: number, ctx: ScimContext): Promise<ScimResult> {
  return inOneTransaction(async (tx) => {
    const group = (await listScimGroups(tx, { id }))[0];
    if (!group) return fail(404, null, `Resource ${id} not found`);
    const members = ((await listScimGroupMembers(tx, [id])).get(id) ?? []).map((m) => m.id);
    await deleteScimGroup(tx, id);
    await recordAudit(tx, { actorId: null, action: "directory-sync.group-deleted", entityType: "scim_group", entityId: id, detail: { displayName: group.displayName, source: SOURCE, tokenId: ctx.tokenId } });
    return (await applyGroupMaps(tx, members, ctx)) ?? { ok: true };
  });
}
