/**
 * How each person wants to hear about things: digest frequency and immediate alerts; the
 * secret token in their feed addresses; and the key that signs one-click unsubscribe links.
 * No row means the defaults (weekly digest, alerts on).
 */
import crypto from "node:crypto";
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

export const DIGEST_CHOICES = ["off", "daily", "weekly"] as const;
export type DigestChoice = (typeof DIGEST_CHOICES)[number];
export type NotificationPrefs = { digest: DigestChoice; alerts: boolean; lastDigestAt: string | null };

export const DEFAULT_PREFS: NotificationPrefs = { digest: "weekly", alerts: true, lastDigestAt: null };

export async function getNotificationPrefs(q: Queryable, userId: number): Promise<NotificationPrefs> {
  const row = await q.get<{ digest: DigestChoice; alerts: number; lastDigestAt: string | null }>(
    "SELECT digest, alerts, last_digest_at AS lastDigestAt FROM notification_prefs WHERE user_id = ?",
    [userId],
  );
  return row ? { digest: row.digest, alerts: row.alerts === 1, lastDigestAt: row.lastDigestAt } : { ...DEFAULT_PREFS };
}

export async function saveNotificationPrefs(
  q: Queryable,
  userId: number,
  prefs: Partial<Pick<NotificationPrefs, "digest" | "alerts">>,
  now = new Date().toISOString(),
): Promise<void> {
  const current = await getNotificationPrefs(q, userId);
  const next = { ...current, ...prefs };
  await q.run(
    `INSERT INTO notification_prefs (user_id, digest, alerts, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, alerts = excluded.alerts, updated_at = excluded.updated_at`,
    [userId, next.digest, next.alerts ? 1 : 0, now],
  );
}

export async function markDigestSent(q: Queryable, userId: number, at: string): Promise<void> {
  await q.run(
    `INSERT INTO notification_prefs (user_id, last_digest_at) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at`,
    [userId, at],
  );
}

export type DigestSubscriber = { id: number; email: string; name: string; role: Role; departmentId: number | null; lastDigestAt: string | null };

/** Active people whose digest frequency is `digest` (people without a row get the default); generated demo people are never mailed (decision 087). */
export async function listDigestSubscribers(q: Queryable, digest: Exclude<DigestChoice, "off">): Promise<DigestSubscriber[]> {
  return q.all<DigestSubscriber>(
    `SELECT u.id, u.email, u.name, u.role, u.department_id AS departmentId, p.last_digest_at AS lastDigestAt
       FROM users u LEFT JOIN notification_prefs p ON p.user_id = u.id
      WHERE u.active = 1 AND u.generated = 0 AND COALESCE(p.digest, ?) = ? ORDER BY u.id`,
    [DEFAULT_PREFS.digest, digest],
  );
}

/** Ids of the given people who turned immediate alerts off. */
export async function listAlertOptOuts(q: Queryable): Promise<Set<number>> {
  const rows = await q.all<{ id: number }>("SELECT user_id AS id FROM notification_prefs WHERE alerts = 0");
  return new Set(rows.map((r) => r.id));
}

/* ---- Feed tokens ---- */

function newToken(): string {
  return crypto.randomBytes(24).toString("base64url");
}

/** The person's feed token, created on first use. */
export async function getOrCreateFeedToken(q: Queryable, userId: number): Promise<string> {
  const row = await q.get<{ token: string }>("SELECT token FROM feed_tokens WHERE user_id = ?", [userId]);
  if (row) return row.token;
  await q.run("INSERT INTO feed_tokens (user_id, token) VALUES (?, ?) ON CONFLICT DO NOTHING", [userId, newToken()]);
  return (await q.get<{ token: string }>("SELECT token FROM feed_tokens WHERE user_id = ?", [userId]))!.token;
}

/** Replaces the person's feed token; feed addresses with the old one stop working at once. */
export async function resetFeedToken(q: Queryable, userId: number, now = new Date().toISOString()): Promise<string> {
  const token = newToken();
  await q.run(
    `INSERT INTO feed_tokens (user_id, token, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at`,
    [userId, token, now],
  );
  return token;
}

export async function findFeedTokenOwner(q: Queryable, token: string): Promise<number | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const row = await q.get<{ userId: number }>("SELECT user_id AS userId FROM feed_tokens WHERE token = ?", [token]);
  return row?.userId ?? null;
}

/* ---- Signing keys ---- */

/** A named secret for signing links, created (randomly) the first time it is needed. */
export async function getOrCreateSigningKey(q: Queryable, name: string): Promise<string> {
  const row = await q.get<{ secret: string }>("SELECT secret FROM signing_keys WHERE name = ?", [name]);
  if (row) return row.secret;
  await q.run("INSERT INTO signing_keys (name, secret) VALUES (?, ?) ON CONFLICT DO NOTHING", [name, crypto.randomBytes(32).toString("base64url")]);
  return (await q.get<{ secret: string }>("SELECT secret FROM signing_keys WHERE name = ?", [name]))!.secret;
}
