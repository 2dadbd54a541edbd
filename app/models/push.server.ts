/**
 * Web Push rows (decision 125): the VAPID key pair, people's push subscriptions and the
 * notifications queued for them. Reads no items: the push command asks the access module
 * (canSeeItem) before queueing and again before sending.
 */
import type { Queryable } from "~/utils/db.server";

export type PushKeys = { publicKey: string; privateKey: string };

export async function findPushKeys(q: Queryable): Promise<PushKeys | undefined> {
  return q.get<PushKeys>("SELECT public_key AS publicKey, private_key AS privateKey FROM push_keys WHERE id = 1");
}

/** Stores the key pair unless one is there already (two processes starting at once keep the first). */
export async function insertPushKeysOnce(q: Queryable, keys: PushKeys, at: string): Promise<void> {
  await q.run("INSERT INTO push_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING", [keys.publicKey, keys.privateKey, at]);
}

export type PushSubscriptionRow = {
  id: number;
  userId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: string;
  lastSentAt: string | null;
};

const SUBSCRIPTION_COLUMNS = "id, user_id AS userId, endpoint, p256dh, auth, created_at AS createdAt, last_sent_at AS lastSentAt";

/**
 * Saves a browser's subscription for this person. The same endpoint again (the browser
 * subscribing anew, or another person signing in on that browser) moves it to this person
 * with the new keys: one endpoint never notifies two people.
 */
export async function upsertPushSubscription(q: Queryable, s: { userId: number; endpoint: string; p256dh: string; auth: string }, at: string): Promise<void> {
  await q.run(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at`,
    [s.userId, s.endpoint, s.p256dh, s.auth, at],
  );
}

export async function listPushSubscriptions(q: Queryable, userId: number): Promise<PushSubscriptionRow[]> {
  return q.all<PushSubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE user_id = ? ORDER BY created_at DESC, id DESC`, [userId]);
}

export async function findPushSubscription(q: Queryable, id: number): Promise<PushSubscriptionRow | undefined> {
  return q.get<PushSubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE id = ?`, [id]);
}

/** The subscriptions of these people made by `madeBy` (those an item published then may be pushed to). */
export async function listPushSubscriptionsOf(q: Queryable, userIds: number[], madeBy: string): Promise<PushSubscriptionRow[]> {
  if (userIds.length === 0) return [];
  const out: PushSubscriptionRow[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    out.push(...(await q.all<PushSubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE user_id IN (${chunk.map(() => "?").join(", ")}) AND created_at <= ? ORDER BY id`,
      [...chunk, madeBy],
    )));
  }
  return out;
}

/** Removes one of a person's subscriptions (by id or endpoint); their queued notifications to it are cancelled. */
export async function deletePushSubscription(q: Queryable, userId: number, by: { id: number } | { endpoint: string }): Promise<boolean> {
  const row = "id" in by
    ? await q.get<{ id: number }>("SELECT id FROM push_subscriptions WHERE id = ? AND user_id = ?", [by.id, userId])
    : await q.get<{ id: number }>("SELECT id FROM push_subscriptions WHERE endpoint = ? AND user_id = ?", [by.endpoint, userId]);
  if (!row) return false;
  await removeSubscription(q, row.id, "the person turned notifications off on this device");
  return true;
}

/** The subscription with this endpoint, whoever it belongs to (a browser renewing it: the old endpoint is its proof). */
export async function findPushSubscriptionByEndpoint(q: Queryable, endpoint: string): Promise<PushSubscriptionRow | undefined> {
  return q.get<PushSubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE endpoint = ?`, [endpoint]);
}

/** Moves the notifications still waiting for one subscription to another (a browser's renewed subscription). */
export async function movePendingPushMessages(q: Queryable, fromId: number, toId: number): Promise<number> {
  const { changes } = await q.run("UPDATE push_messages SET subscription_id = ? WHERE subscription_id = ? AND status = 'queued'", [toId, fromId]);
  return changes;
}

/** Removes a subscription (the person's choice, or the push service said it is gone). */
export async function removeSubscription(q: Queryable, id: number, reason: string): Promise<void> {
  await q.run("UPDATE push_messages SET status = 'cancelled', last_error = ? WHERE subscription_id = ? AND status IN ('queued', 'sending')", [reason, id]);
  await q.run("DELETE FROM push_subscriptions WHERE id = ?", [id]);
}

export type PushMessageRow = {
  id: number;
  dedupeKey: string;
  subscriptionId: number | null;
  userId: number;
  itemId: number | null;
  what: "urgent" | "must-read" | "policy";
  status: "queued" | "sending" | "sent" | "failed" | "cancelled";
  attempts: number;
  createdAt: string;
};

/** Queues one notification; false when its dedupe key was queued before (a replay). */
export async function enqueuePushMessage(
  q: Queryable,
  m: { dedupeKey: string; subscriptionId: number; userId: number; itemId: number; what: PushMessageRow["what"] },
  at: string,
): Promise<boolean> {
  const r = await q.run(
    `INSERT INTO push_messages (dedupe_key, subscription_id, user_id, item_id, what, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    [m.dedupeKey, m.subscriptionId, m.userId, m.itemId, m.what, at, at],
  );
  return r.changes > 0;
}

/**
 * Claims the queued notifications due now, oldest first, marking them "sending" so no
 * other run sends them too. Call inside a transaction. On PostgreSQL the rows are read
 * `FOR UPDATE SKIP LOCKED`: two instances claiming at once never get the same row (decision 205).
 */
export async function claimDuePushMessages(q: Queryable, at: string, limit: number): Promise<PushMessageRow[]> {
  const due = await q.all<PushMessageRow>(
    `SELECT id, dedupe_key AS dedupeKey, subscription_id AS subscriptionId, user_id AS userId, item_id AS itemId, what, status, attempts, created_at AS createdAt
       FROM push_messages WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
       FOR UPDATE SKIP LOCKED`,
    [at, limit],
  );
  const claimed: PushMessageRow[] = [];
  for (const row of due) {
    const r = await q.run("UPDATE push_messages SET status = 'sending' WHERE id = ? AND status = 'queued'", [row.id]);
    if (r.changes > 0) claimed.push({ ...row, status: "sending" });
  }
  return claimed;
}

/** Notifications left "sending" by a process that stopped: queued again (at worker start). */
export async function requeueStuckPushMessages(q: Queryable): Promise<number> {
  return (await q.run("UPDATE push_messages SET status = 'queued' WHERE status = 'sending'")).changes;
}

export async function markPushSent(q: Queryable, id: number, subscriptionId: number, at: string): Promise<void> {
  await q.run("UPDATE push_messages SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", [at, id]);
  await q.run("UPDATE push_subscriptions SET last_sent_at = ? WHERE id = ?", [at, subscriptionId]);
}

export async function markPushCancelled(q: Queryable, id: number, reason: string): Promise<void> {
  await q.run("UPDATE push_messages SET status = 'cancelled', last_error = ? WHERE id = ?", [reason, id]);
}

/** A failed attempt: try again at `next`, or give up (`next` null). */
export async function markPushAttemptFailed(q: Queryable, id: number, error: string, next: string | null): Promise<void> {
  await q.run(
    "UPDATE push_messages SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?",
    [error.slice(0, 500), next ? "queued" : "failed", next, id],
  );
}

/** Forgets notification records older than `before` (the retention in docs/privacy.md). */
export async function prunePushMessages(q: Queryable, before: string): Promise<number> {
  return (await q.run("DELETE FROM push_messages WHERE created_at < ? AND status NOT IN ('queued', 'sending')", [before])).changes;
}
