/**
 * Administering people: invite, change role and department, grant departments, switch
 * accounts off and on, and one-time links to set a password. Each change is one
 * transaction with its audit entry. Guard rails: nobody switches themselves off or takes
 * away their own admin role, and the last active administrator always stays.
 */
import crypto from "node:crypto";
import { reassignOwnership } from "~/commands/ownership.server";
import { recordAudit } from "~/models/audit.server";
import { findDepartmentForAdmin } from "~/models/organisation-admin.server";
import {
  countActiveAdmins, deleteDepartmentGrant, deleteSessionsOfUser, findPasswordLink, findUserByEmail, findUserById, getPasswordHash, insertPasswordLink,
  insertUser, listDepartmentGrants, setPasswordHash, setUserActive, updateUserProfile, upsertDepartmentGrant, usePasswordLink, type UserRow,
} from "~/models/user.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { checkNewPassword, hashPassword, verifyPassword } from "~/utils/password.server";
import type { Actor } from "~/access/permissions.server";
import type { Role } from "~/utils/roles";

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string> };

const DAY = 24 * 60 * 60 * 1000;
export const LINK_LIFETIME = { invite: 7 * DAY, reset: DAY } as const;

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

async function newPasswordLink(tx: Queryable, userId: number, purpose: "invite" | "reset", actorId: number | null, now: Date): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await insertPasswordLink(tx, {
    id: hashToken(token), userId, purpose, createdBy: actorId, createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LINK_LIFETIME[purpose]).toISOString(),
  });
  return token;
}

export type InviteInput = { email: string; name: string; role: Role; departmentId: number | null; jobTitle: string };

/** Creates the account (no password yet) and a one-time link for the person to set one. */
export async function inviteUser(actor: Actor, input: InviteInput, now = new Date()): Promise<Outcome<{ userId: number; token: string }>> {
  const db = await getDb();
  if (input.departmentId !== null && !(await findDepartmentForAdmin(db, input.departmentId)))
    return { ok: false, errors: { departmentId: "Choose a department from the list" } };
  return db.transaction(async (tx): Promise<Outcome<{ userId: number; token: string }>> => {
    if (await findUserByEmail(tx, input.email)) return { ok: false, errors: { email: "Someone already has an account with that email address" } };
    const userId = await insertUser(tx, { ...input, passwordHash: null });
    const token = await newPasswordLink(tx, userId, "invite", actor.id, now);
    await recordAudit(tx, {
      actorId: actor.id, action: "user.invited", entityType: "user", entityId: userId,
      detail: { email: input.email, role: input.role, departmentId: input.departmentId },
    }, now.toISOString());
    return { ok: true, userId, token };
  });
}

/** A new one-time link for someone who forgot their password (earlier links stop working). */
export async function createPasswordReset(actor: Actor, userId: number, now = new Date()): Promise<Outcome<{ token: string }>> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome<{ token: string }>> => {
    const user = await findUserById(tx, userId);
    if (!user) return { ok: false, errors: { form: "That person no longer exists" } };
    if (!user.active) return { ok: false, errors: { form: "Switch the account on before making a link to set a password" } };
    const token = await newPasswordLink(tx, userId, "reset", actor.id, now);
    await recordAudit(tx, { actorId: actor.id, action: "user.password-link-created", entityType: "user", entityId: userId }, now.toISOString());
    return { ok: true, token };
  });
}

async function wouldRemoveLastAdmin(tx: Queryable, user: UserRow): Promise<boolean> {
  return user.role === "admin" && !!user.active && (await countActiveAdmins(tx)) <= 1;
}

export type AccessInput = { name: string; role: Role; departmentId: number | null; jobTitle: string };

/** Name, job title, role and home department; each change that matters gets its own audit entry. */
export async function updateUserAccess(actor: Actor, userId: number, input: AccessInput): Promise<Outcome> {
  const db = await getDb();
  if (input.departmentId !== null && !(await findDepartmentForAdmin(db, input.departmentId)))
    return { ok: false, errors: { departmentId: "Choose a department from the list" } };
  return db.transaction(async (tx): Promise<Outcome> => {
    const user = await findUserById(tx, userId);
    if (!user) return { ok: false, errors: { form: "That person no longer exists" } };
    if (input.role !== user.role && user.role === "admin") {
      if (user.id === actor.id) return { ok: false, errors: { role: "You cannot take away your own administrator role. Ask another administrator" } };
      if (await wouldRemoveLastAdmin(tx, user)) return { ok: false, errors: { role: "This is the last administrator. Make someone else an administrator first" } };
    }
    await updateUserProfile(tx, userId, input);
    if (input.role !== user.role)
      await recordAudit(tx, { actorId: actor.id, action: "user.role-changed", entityType: "user", entityId: userId, detail: { from: user.role, to: input.role } });
    if (input.departmentId !== user.departmentId)
      await recordAudit(tx, { actorId: actor.id, action: "user.department-changed", entityType: "user", entityId: userId, detail: { from: user.departmentId, to: input.departmentId } });
    // Pages of the department they left pass to the deputy, a champion, the manager (docs/decisions/081).
    if (input.departmentId !== user.departmentId || input.role !== user.role)
      await reassignOwnership(tx, userId, input.departmentId !== user.departmentId ? "department-change" : "role-change", {
        actorId: actor.id, previousDepartmentId: user.departmentId,
      });
    if (input.name !== user.name || input.jobTitle !== user.jobTitle)
      await recordAudit(tx, { actorId: actor.id, action: "user.details-changed", entityType: "user", entityId: userId, detail: { name: input.name, jobTitle: input.jobTitle } });
    return { ok: true };
  });
}

/** Switching an account off ends all its sessions at once; switching it on again does not sign anyone in. */
export async function setAccountActive(actor: Actor, userId: number, active: boolean): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    const user = await findUserById(tx, userId);
    if (!user) return { ok: false, errors: { form: "That person no longer exists" } };
    if (!active && user.id === actor.id) return { ok: false, errors: { form: "You cannot switch off your own account" } };
    if (!active && (await wouldRemoveLastAdmin(tx, user))) return { ok: false, errors: { form: "This is the last administrator, so their account stays on" } };
    if (!!user.active === active) return { ok: true };
    await setUserActive(tx, userId, active);
    const ended = active ? 0 : await deleteSessionsOfUser(tx, userId);
    // Their pages pass to the deputy, a champion, the manager, never nobody (docs/decisions/081).
    if (!active) await reassignOwnership(tx, userId, "deactivated", { actorId: actor.id });
    await recordAudit(tx, {
      actorId: actor.id, action: active ? "user.reactivated" : "user.deactivated", entityType: "user", entityId: userId, detail: active ? {} : { sessionsEnded: ended },
    });
    return { ok: true };
  });
}

/** Adds or changes a department grant (and whether they may publish there without review). */
export async function grantDepartment(actor: Actor, userId: number, departmentId: number, canPublishUnreviewed: boolean): Promise<Outcome> {
  const db = await getDb();
  const department = await findDepartmentForAdmin(db, departmentId);
  if (!department || department.archivedAt) return { ok: false, errors: { grantDepartmentId: "Choose a department from the list" } };
  return db.transaction(async (tx): Promise<Outcome> => {
    const user = await findUserById(tx, userId);
    if (!user) return { ok: false, errors: { form: "That person no longer exists" } };
    const before = (await listDepartmentGrants(tx, userId)).find((g) => g.departmentId === departmentId);
    await upsertDepartmentGrant(tx, userId, departmentId, canPublishUnreviewed, actor.id);
    await recordAudit(tx, {
      actorId: actor.id, action: before ? "user.grant-changed" : "user.grant-added", entityType: "user", entityId: userId,
      detail: { departmentId, department: department.slug, canPublishUnreviewed, ...(before ? { before: { canPublishUnreviewed: before.canPublishUnreviewed } } : {}) },
    });
    return { ok: true };
  });
}

export async function revokeDepartment(actor: Actor, userId: number, departmentId: number): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    if ((await deleteDepartmentGrant(tx, userId, departmentId)) === 0) return { ok: true };
    await recordAudit(tx, { actorId: actor.id, action: "user.grant-removed", entityType: "user", entityId: userId, detail: { departmentId } });
    return { ok: true };
  });
}

/* ---- Passwords ---- */

export type LinkState = { ok: true; userId: number; email: string; name: string; purpose: "invite" | "reset" } | { ok: false };

/** Whether a set-password link still works, and for whom. */
export async function checkPasswordLink(token: string, now = new Date()): Promise<LinkState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false };
  const db = await getDb();
  const link = await findPasswordLink(db, hashToken(token));
  if (!link || link.usedAt || link.expiresAt <= now.toISOString()) return { ok: false };
  const user = await findUserById(db, link.userId);
  if (!user || !user.active) return { ok: false };
  return { ok: true, userId: user.id, email: user.email, name: user.name, purpose: link.purpose };
}

/** Sets the password from a one-time link; the link is spent and every existing session ends. */
export async function setPasswordWithLink(token: string, password: string, now = new Date()): Promise<Outcome<{ userId: number }>> {
  const state = await checkPasswordLink(token, now);
  if (!state.ok) return { ok: false, errors: { form: "This link has expired or has already been used. Ask an administrator for a new one" } };
  const rule = checkNewPassword(password, { email: state.email, councilName: getEnv().COUNCIL_NAME });
  if (!rule.ok) return { ok: false, errors: { password: rule.message } };
  const hash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome<{ userId: number }>> => {
    if (!(await usePasswordLink(tx, hashToken(token), now.toISOString())))
      return { ok: false, errors: { form: "This link has expired or has already been used. Ask an administrator for a new one" } };
    await setPasswordHash(tx, state.userId, hash);
    await deleteSessionsOfUser(tx, state.userId);
    await recordAudit(tx, { actorId: state.userId, action: "user.password-set", entityType: "user", entityId: state.userId, detail: { via: state.purpose } }, now.toISOString());
    return { ok: true, userId: state.userId };
  });
}

/** A signed-in person changes their own password; their other sessions end. */
export async function changeOwnPassword(user: Actor, current: string, next: string): Promise<Outcome> {
  const db = await getDb();
  const stored = await getPasswordHash(db, user.id);
  if (!stored) return { ok: false, errors: { form: "Your account signs in through the council’s identity provider, so it has no intranet password" } };
  if (!(await verifyPassword(current, stored))) return { ok: false, errors: { currentPassword: "Your current password is not right" } };
  const rule = checkNewPassword(next, { email: user.email, councilName: getEnv().COUNCIL_NAME });
  if (!rule.ok) return { ok: false, errors: { newPassword: rule.message } };
  const hash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, hash);
    await deleteSessionsOfUser(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "user.password-changed", entityType: "user", entityId: user.id });
  });
  return { ok: true };
}

/** "Sign out everywhere": ends every session of the person, this one included. */
export async function signOutEverywhere(user: Actor): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ended = await deleteSessionsOfUser(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "sign-out.everywhere", entityType: "user", entityId: user.id, detail: { sessionsEnded: ended } });
    return ended;
  });
}
