/**
 * Signing in with a local account: throttle, check the password, record the attempt,
 * and open a fresh session (the session presented with the request, if any, is ended
 * first, so a cookie planted before sign-in never becomes a signed-in session).
 */
import { recordAudit } from "~/models/audit.server";
import { findPersonByEmployeeNumber, getPinHash } from "~/models/access-code.server";
import { findUserByEmail, findUserById, getPasswordHash, markSignedIn } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { lockedMessage, normaliseAccount, reserveSignInAttempt, settleSignInAttempt } from "~/utils/rate-limit.server";
import { createSession, destroySession } from "~/utils/session.server";

export type SignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; status: number; message: string; retryAfterSeconds?: number };

const WRONG = "The email address (or employee number) or password is not right. Check them and try again.";
const SWITCHED_OFF = "Your account has been switched off. Contact the ICT service desk on extension 4357 if you still need it.";

async function findUserByEmployeeNumber(account: string) {
  const db = await getDb();
  const person = await findPersonByEmployeeNumber(db, account.toUpperCase());
  return person ? findUserById(db, person.id) : undefined;
}

/**
 * On a shared device (decision 121) a 6-digit secret is the person's PIN (a password is
 * never 6 characters: the rules ask for 12 or more); elsewhere PINs are never accepted.
 * The session is tied to the device: short idle timeout, ended on "Done".
 */
export async function signIn(
  request: Request, email: string, password: string, address = "unknown", options: { sharedDeviceId?: number | null } = {},
): Promise<SignInResult> {
  const sharedDeviceId = options.sharedDeviceId ?? null;
  const byPin = sharedDeviceId !== null && /^\d{6}$/.test(password);
  const account = normaliseAccount(email);
  const reservation = await reserveSignInAttempt(account, address);
  if (!reservation.ok) {
    const retryAfterSeconds = Math.max(1, Math.ceil((reservation.lockedUntil.getTime() - Date.now()) / 1000));
    return { ok: false, status: 429, message: lockedMessage(reservation), retryAfterSeconds };
  }
  const db = await getDb();
  // People without a council email sign in with their employee number (issue 18).
  const user = account.includes("@") ? await findUserByEmail(db, account) : await findUserByEmployeeNumber(account);
  const hash = user ? (byPin ? await getPinHash(db, user.id) : await getPasswordHash(db, user.id)) : null;
  const passwordRight = await verifyPassword(password, hash);
  const ok = !!user && passwordRight && !!user.active;
  await settleSignInAttempt(reservation.attemptId, ok);
  if (!ok) {
    await recordAudit(db, {
      actorId: user?.id ?? null, action: "sign-in.failure", entityType: "user", entityId: user?.id ?? null,
      detail: { email: account, address, method: byPin ? "pin" : "password", reason: !user ? "unknown-account" : !passwordRight ? "wrong-password" : "deactivated" },
    });
    return { ok: false, status: 401, message: user && passwordRight && !user.active ? SWITCHED_OFF : WRONG };
  }
  await destroySession(request);
  const { token } = await createSession(user.id, new Date(), byPin ? "pin" : "password", sharedDeviceId);
  await markSignedIn(db, user.id);
  await recordAudit(db, { actorId: user.id, action: "sign-in.success", entityType: "user", entityId: user.id, detail: { address, method: byPin ? "pin" : "password", sharedDevice: sharedDeviceId } });
  return { ok: true, token, userId: user.id };
}
