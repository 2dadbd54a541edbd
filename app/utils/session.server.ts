/**
 * Server-side sessions. The cookie carries a random token; the database stores its
 * SHA-256. Sessions end after IDLE_MS without use or ABSOLUTE_MS after sign-in, and
 * deleting the row ends them everywhere at once. The rows are read and written by
 * app/models/session.server.ts.
 */
import crypto from "node:crypto";
import { deleteSessionsOfUser } from "~/models/user.server";
import {
  countLiveSessions, deleteEndedSessions, deleteSession, findSession, findSessionMethod, insertSession, touchSession,
  type SessionRow, type SignInMethod,
} from "~/models/session.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "intranet_session";
export const IDLE_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type { SessionRow, SignInMethod };

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function isHttps(request: Request): boolean {
  const publicUrl = getEnv().PUBLIC_URL;
  if (publicUrl) return publicUrl.startsWith("https:");
  return new URL(request.url).protocol === "https:";
}

/** Sessions that ended without being seen again are removed now and then, at sign-in. */
const PRUNE_EVERY = 50;
let created = 0;

export async function createSession(
  userId: number, now = new Date(), method: SignInMethod = "password", sharedDeviceId: number | null = null,
): Promise<{ token: string; csrfToken: string }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const csrfToken = crypto.randomBytes(24).toString("base64url");
  const db = await getDb();
  if (++created % PRUNE_EVERY === 0) await deleteEndedSessions(db, now.toISOString(), new Date(now.getTime() - IDLE_MS).toISOString());
  await insertSession(db, {
    id: hashToken(token), userId, csrfToken, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ABSOLUTE_MS).toISOString(), method, sharedDeviceId,
  });
  return { token, csrfToken };
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** The live session for this request, or null. Expired sessions are deleted when seen. */
export async function getSession(request: Request, now = new Date()): Promise<SessionRow | null> {
  const id = sessionIdOf(request);
  if (!id) return null;
  const db = await getDb();
  const row = await findSession(db, id);
  return row && (await keepSessionAlive(row, now)) ? row : null;
}

/** The stored id (SHA-256 of the token) of the session this request's cookie names, or null. */
export function sessionIdOf(request: Request): string | null {
  const token = readSessionToken(request);
  return token ? hashToken(token) : null;
}

/**
 * Whether a session read from the database is still live. An expired one is deleted;
 * a live one has last_seen_at moved on, at most every few minutes.
 */
export async function keepSessionAlive(session: Pick<SessionRow, "id" | "lastSeenAt" | "expiresAt">, now = new Date(), idleMs = IDLE_MS): Promise<boolean> {
  const db = await getDb();
  const idleExpired = now.getTime() - Date.parse(session.lastSeenAt) > idleMs;
  if (idleExpired || session.expiresAt <= now.toISOString()) {
    await deleteSession(db, session.id);
    return false;
  }
  // A shared device's few minutes of idle time need a finer record of the last visit.
  if (now.getTime() - Date.parse(session.lastSeenAt) > Math.min(TOUCH_EVERY_MS, idleMs / 20)) await touchSession(db, session.id, now.toISOString());
  return true;
}

/** Ends this request's session on the server; says how it had been signed in (null: there was none). */
export async function destroySession(request: Request): Promise<SignInMethod | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const db = await getDb();
  const id = hashToken(token);
  const method = await findSessionMethod(db, id);
  await deleteSession(db, id);
  return method;
}

export async function destroyAllSessionsOf(userId: number): Promise<void> {
  const db = await getDb();
  await deleteSessionsOfUser(db, userId);
}

/** On a shared device (`persist: false`) the cookie lasts only as long as the browser is open: no "keep me signed in". */
export function sessionCookie(request: Request, token: string, persist = true): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${persist ? `; Max-Age=${ABSOLUTE_MS / 1000}` : ""}${isHttps(request) ? "; Secure" : ""}`;
}

export function clearSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${isHttps(request) ? "; Secure" : ""}`;
}

/** How many live sessions (browsers, devices) a person has, for "sign out everywhere". */
export async function countSessionsOf(userId: number, now = new Date()): Promise<number> {
  const idleCutoff = new Date(now.getTime() - IDLE_MS).toISOString();
  return countLiveSessions(await getDb(), userId, now.toISOString(), idleCutoff);
}
