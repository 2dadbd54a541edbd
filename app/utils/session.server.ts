/**
 * Server-side sessions. The cookie carries a random token; the database stores its
 * SHA-256. Sessions end after IDLE_MS without use or ABSOLUTE_MS after sign-in, and
 * deleting the row ends them everywhere at once.
 */
import crypto from "node:crypto";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "intranet_session";
export const IDLE_MS = 12 * 60 * 60 * 1000;
export const ABSOLUTE_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type SessionRow = { id: string; userId: number; csrfToken: string; createdAt: string; lastSeenAt: string; expiresAt: string };

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

export type SignInMethod = "password" | "oidc";

export async function createSession(userId: number, now = new Date(), method: SignInMethod = "password"): Promise<{ token: string; csrfToken: string }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const csrfToken = crypto.randomBytes(24).toString("base64url");
  const db = await getDb();
  if (++created % PRUNE_EVERY === 0)
    await db.run("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?", [now.toISOString(), new Date(now.getTime() - IDLE_MS).toISOString()]);
  await db.run("INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, sign_in_method) VALUES (?, ?, ?, ?, ?, ?, ?)", [
    hashToken(token), userId, csrfToken, now.toISOString(), now.toISOString(), new Date(now.getTime() + ABSOLUTE_MS).toISOString(), method,
  ]);
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
  const row = await db.get<SessionRow>(
    `SELECT id, user_id AS userId, csrf_token AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt,
       expires_at AS expiresAt FROM sessions WHERE id = ?`,
    [id],
  );
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
export async function keepSessionAlive(session: Pick<SessionRow, "id" | "lastSeenAt" | "expiresAt">, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const idleExpired = now.getTime() - Date.parse(session.lastSeenAt) > IDLE_MS;
  if (idleExpired || session.expiresAt <= now.toISOString()) {
    await db.run("DELETE FROM sessions WHERE id = ?", [session.id]);
    return false;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    await db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [now.toISOString(), session.id]);
  }
  return true;
}

/** Ends this request's session on the server; says how it had been signed in (null: there was none). */
export async function destroySession(request: Request): Promise<SignInMethod | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const db = await getDb();
  const id = hashToken(token);
  const row = await db.get<{ method: SignInMethod }>("SELECT sign_in_method AS method FROM sessions WHERE id = ?", [id]);
  await db.run("DELETE FROM sessions WHERE id = ?", [id]);
  return row?.method ?? null;
}

export async function destroyAllSessionsOf(userId: number): Promise<void> {
  const db = await getDb();
  await db.run("DELETE FROM sessions WHERE user_id = ?", [userId]);
}

export function sessionCookie(request: Request, token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ABSOLUTE_MS / 1000}${isHttps(request) ? "; Secure" : ""}`;
}

export function clearSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${isHttps(request) ? "; Secure" : ""}`;
}

/** How many live sessions (browsers, devices) a person has, for "sign out everywhere". */
export async function countSessionsOf(userId: number, now = new Date()): Promise<number> {
  const db = await getDb();
  const idleCutoff = new Date(now.getTime() - IDLE_MS).toISOString();
  const row = await db.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at > ?",
    [userId, now.toISOString(), idleCutoff],
  );
  return row?.n ?? 0;
}
