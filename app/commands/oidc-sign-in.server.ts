/**
 * Signing in through the identity provider: find the person by their provider subject
 * (else by email, then remember the subject), create them on first sign-in, apply the
 * role and department the claims map to, and open a fresh session.
 */
import { reassignOwnership } from "~/commands/ownership.server";
import { recordAudit } from "~/models/audit.server";
import { listOpenDepartments } from "~/models/organisation-admin.server";
import {
  findUserByEmail, findUserById, findUserByOidcSubject, getOidcSubject, insertUser, isGeneratedPerson, linkOidcSubject, markSignedIn, updateUserProfile,
} from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { departmentFromClaims, roleFromClaims, type OidcIdentity } from "~/utils/oidc.server";
import { createSession, destroySession } from "~/utils/session.server";

export type OidcSignInResult = { ok: true; token: string; userId: number } | { ok: false; reason: "deactivated" | "subject-mismatch" };

export async function signInWithIdentity(request: Request, identity: OidcIdentity, address = "unknown"): Promise<OidcSignInResult> {
  const db = await getDb();
  const role = roleFromClaims(identity.claims);
  const departmentId = departmentFromClaims(identity.claims, await listOpenDepartments(db));
  const outcome = await db.transaction(async (tx): Promise<{ ok: true; userId: number } | { ok: false; reason: "deactivated" | "subject-mismatch"; userId: number }> => {
    let user = (await findUserByOidcSubject(tx, identity.subject)) ?? (await findUserByEmail(tx, identity.email));
    if (!user) {
      const id = await insertUser(tx, { email: identity.email, name: identity.name, role: role ?? "staff", departmentId: departmentId ?? null });
      await linkOidcSubject(tx, id, identity.subject);
      await recordAudit(tx, {
        actorId: null, action: "user.created", entityType: "user", entityId: id,
        detail: { email: identity.email, role: role ?? "staff", departmentId: departmentId ?? null, source: "identity-provider" },
      });
      user = (await findUserById(tx, id))!;
    } else {
      const linked = await getOidcSubject(tx, user.id);
      if (linked && linked !== identity.subject) return { ok: false, reason: "subject-mismatch", userId: user.id };
      if (!user.active) return { ok: false, reason: "deactivated", userId: user.id };
      // A generated demo person is nobody: no identity provider signs in as one (decision 088).
      if (await isGeneratedPerson(tx, user.id)) return { ok: false, reason: "deactivated", userId: user.id };
      if (!linked) await linkOidcSubject(tx, user.id, identity.subject);
      const next = { name: identity.name, role: role ?? user.role, departmentId: departmentId === undefined ? user.departmentId : departmentId, jobTitle: user.jobTitle };
      if (next.name !== user.name || next.role !== user.role || next.departmentId !== user.departmentId) {
        await updateUserProfile(tx, user.id, next);
        if (next.role !== user.role)
          await recordAudit(tx, { actorId: null, action: "user.role-changed", entityType: "user", entityId: user.id, detail: { from: user.role, to: next.role, source: "identity-provider" } });
        if (next.departmentId !== user.departmentId)
          await recordAudit(tx, {
            actorId: null, action: "user.department-changed", entityType: "user", entityId: user.id,
            detail: { from: user.departmentId, to: next.departmentId, source: "identity-provider" },
          });
        // Pages of the department they left, and pages they can no longer open (a new role or department
        // outside the audience), pass to the deputy, a champion, the manager (decisions 081, 036).
        if (next.departmentId !== user.departmentId)
          await reassignOwnership(tx, user.id, "department-change", { previousDepartmentId: user.departmentId });
        else if (next.role !== user.role) await reassignOwnership(tx, user.id, "role-change");
      }
    }
    await markSignedIn(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: "sign-in.success", entityType: "user", entityId: user.id, detail: { address, method: "oidc" } });
    return { ok: true, userId: user.id };
  });
  if (!outcome.ok) {
    await recordAudit(db, {
      actorId: outcome.userId, action: "sign-in.failure", entityType: "user", entityId: outcome.userId,
      detail: { email: identity.email, address, method: "oidc", reason: outcome.reason },
    });
    return { ok: false, reason: outcome.reason };
  }
  await destroySession(request);
  const { token } = await createSession(outcome.userId, new Date(), "oidc");
  return { ok: true, token, userId: outcome.userId };
}
