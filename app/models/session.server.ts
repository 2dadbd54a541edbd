/**
 * The sessions table: one row per signed-in browser, keyed by the SHA-256 of its cookie
 * token (the token itself is never stored). The rules (expiry, when to touch, cookies) are
 * in app/utils/session.server.ts; this file only reads and writes rows.
 */
import type { Queryable } from "~/utils/db.server";

/** "access-code": a first sign-in with a printed code; "pin": employee number and PIN on a shared device (issue 18). */
export type SignInMethod = "password" | "oidc" | "access-code" | "pin";

export type SessionRow = { id: string; userId: number; csrfToken: string; createdAt: string; lastSeenAt: string; expiresAt: string };

export async function insertSession(
  q: Queryable,
  s: { id: string; userId: number; csrfToken: string; createdAt: string; expiresAt: string; method: SignInMethod; sharedDeviceId?: number | null },
): Promise<void> {
  await q.run(
    "INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, sign_in_method, shared_device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [s.id, s.userId, s.csrfToken, s.createdAt, s.createdAt, s.expiresAt, s.method, s.sharedDeviceId ?? null],
  );
}

/** Removes sessions past their absolute expiry, or not seen since `idleBefore`. */
export async function deleteEndedSessions(q: Queryable, now: string, idleBefore: string): Promise<number> {
  return (await q.run("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?", [now, idleBefore])).changes;
}

export async function findSession(q: Queryable, id: string): Promise<SessionRow | undefined> {
  return q.get<SessionRow>(
    `SELECT id, user_id AS userId, csrf_token AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt,
       expires_at AS expiresAt FROM sessions WHERE id = ?`,
    [id],
  );
}

export async function findSessionMethod(q: Queryable, id: string): Promise<SignInMethod | null> {
  const row = await q.get<{ method: SignInMethod }>("SELECT sign_in_method AS method FROM sessions WHERE id = ?", [id]);
  return row?.method ?? null;
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.run("DELETE FROM sessions WHERE id = ?", [id]);
}

export async function touchSession(q: Queryable, id: string, at: string): Promise<void> {
  await q.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [at, id]);
}

/** Live sessions of a person: not expired, and seen since `idleAfter`. */
export async function countLiveSessions(q: Queryable, userId: number, now: string, idleAfter: string): Promise<number> {
  const row = await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at > ?", [userId, now, idleAfter]);
  return row?.n ?? 0;
}
