/** Signing in with a local account: check the password, record the attempt, open a session. */
import { recordAudit } from "~/models/audit.server";
import { findUserByEmail, getPasswordHash } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { createSession } from "~/utils/session.server";

export type SignInResult = { ok: true; token: string; userId: number } | { ok: false; status: number; message: string };

const WRONG = "The email address or password is not right. Check them and try again.";

export async function signIn(request: Request, email: string, password: string): Promise<SignInResult> {
  void request;
  const db = await getDb();
  const user = await findUserByEmail(db, email);
  const hash = user ? await getPasswordHash(db, user.id) : null;
  const ok = await verifyPassword(password, hash);
  if (!user || !ok || !user.active) {
    await recordAudit(db, { actorId: user?.id ?? null, action: "sign-in.failure", entityType: "user", entityId: user?.id ?? null, detail: { email: email.slice(0, 254) } });
    return { ok: false, status: 401, message: WRONG };
  }
  const { token } = await createSession(user.id);
  await recordAudit(db, { actorId: user.id, action: "sign-in.success", entityType: "user", entityId: user.id });
  return { ok: true, token, userId: user.id };
}
