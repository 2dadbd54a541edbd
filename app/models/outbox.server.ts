/**
 * The outbox: every email and Teams post is first a row here, written in the same
 * transaction as the reason for it, then sent by the delivery worker with retries and
 * exponential backoff. Nothing is lost while the mail server is down, and `dedupe_key`
 * makes enqueueing idempotent (an import run twice does not mail twice).
 */
import type { Queryable } from "~/utils/db.server";
import { insertMany } from "./batch.server";

export type OutboxKind = "email" | "teams";
export type OutboxPurpose = "alert" | "reminder" | "digest" | "teams";
export type OutboxStatus = "queued" | "sending" | "sent" | "failed" | "cancelled";

export type NewOutboxMessage = {
  kind: OutboxKind;
  purpose: OutboxPurpose;
  dedupeKey: string;
  userId?: number | null;
  itemId?: number | null;
  channelId?: number | null;
  payload?: Record<string, unknown>;
};

export type OutboxRow = {
  id: number;
  kind: OutboxKind;
  purpose: OutboxPurpose;
  dedupeKey: string;
  userId: number | null;
  itemId: number | null;
  channelId: number | null;
  payloadJson: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

const OUTBOX_COLUMNS = `id, kind, purpose, dedupe_key AS dedupeKey, user_id AS userId, item_id AS itemId, channel_id AS channelId,
  payload_json AS payloadJson, status, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError,
  created_at AS createdAt, sent_at AS sentAt`;

/**
 * Adds a message unless one with the same dedupe key exists. Returns whether it was added.
 * Never for a generated demo person (decision 087) nor for someone without an email address
 * (issue 18: their reminders show on their manager's completion list instead): whatever
 * asks, they are not sent email.
 */
export async function enqueueMessage(q: Queryable, message: NewOutboxMessage, now = new Date().toISOString()): Promise<boolean> {
  const userId = message.userId ?? null;
  const { changes } = await q.run(
    `INSERT INTO outbox (kind, purpose, dedupe_key, user_id, item_id, channel_id, payload_json, next_attempt_at, created_at)
     SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER),
            CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)
      WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = ? AND (generated = 1 OR email_missing = 1))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      message.kind, message.purpose, message.dedupeKey, userId, message.itemId ?? null, message.channelId ?? null,
      JSON.stringify(message.payload ?? {}), now, now, userId,
    ],
  );
  return changes > 0;
}

/**
 * The demo's history of weekly digests (decision 087): one row per generated person who had
 * joined by `queuedAt`, written as already sent (sent_at paced `perMinute` from `queuedAt`),
 * with the dedupe key the live digest uses for that day. Nothing is sent: rows are written
 * `sent`, and only for generated people, whom the outbox never mails.
 */
export async function recordGeneratedDigestHistory(
  q: Queryable, digest: { day: string; queuedAt: string; since: string; perMinute: number },
): Promise<number> {
  // Portable (decision 100): the payload and the paced sent_at are computed here, not in SQL.
  const people = await q.all<{ id: number; createdAt: string }>(
    "SELECT id, created_at AS createdAt FROM users WHERE generated = 1 AND active = 1 AND created_at <= ? ORDER BY id",
    [digest.queuedAt],
  );
  const start = Date.parse(digest.queuedAt);
  const rows = people.map((u, i) => {
    const payload = JSON.stringify({ frequency: "weekly", since: digest.since > u.createdAt ? digest.since : u.createdAt, until: digest.queuedAt });
    const sentAt = new Date(start + Math.floor(i / digest.perMinute) * 60_000).toISOString();
    return ["email", "digest", `digest:weekly:${u.id}:${digest.day}`, u.id, payload, "sent", 1, digest.queuedAt, digest.queuedAt, sentAt];
  });
  const changes = await insertMany(
    q,
    "INSERT INTO outbox (kind, purpose, dedupe_key, user_id, payload_json, status, attempts, next_attempt_at, created_at, sent_at)",
    10,
    rows,
    "ON CONFLICT DO NOTHING",
  );
  return changes;
}

/**
 * Claims up to `limit` due messages by marking them `sending`, so a second worker (or a
 * second tick) does not send them too. Returns the claimed rows. `kinds` limits which
 * (email stays queued, untouched, while no mail server is set); `purposes` too (scheduled
 * mail is claimed separately, within its per-minute allowance). On PostgreSQL the rows are
 * read `FOR UPDATE SKIP LOCKED` (dropped on SQLite, whose writer is alone): two instances
 * claiming at once, as during a change of leader, never get the same row (decision 205).
 */
export async function claimDueMessages(
  q: Queryable, now: string, limit: number, kinds: ReadonlyArray<OutboxKind> = ["email", "teams"],
  purposes: ReadonlyArray<OutboxPurpose> = ["alert", "reminder", "digest", "teams"],
): Promise<OutboxRow[]> {
  if (kinds.length === 0 || purposes.length === 0 || limit <= 0) return [];
  const rows = await q.all<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? AND kind IN (${kinds.map(() => "?").join(", ")})
       AND purpose IN (${purposes.map(() => "?").join(", ")})
     ORDER BY next_attempt_at, id LIMIT ?
     FOR UPDATE SKIP LOCKED`,
    [now, ...kinds, ...purposes, limit],
  );
  for (const row of rows) await q.run("UPDATE outbox SET status = 'sending' WHERE id = ? AND status = 'queued'", [row.id]);
  return rows.map((r) => ({ ...r, status: "sending" as const }));
}

export async function markSent(q: Queryable, id: number, now: string): Promise<void> {
  await q.run("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?", [now, id]);
}

/** Records a failed attempt: back to `queued` for `nextAttemptAt`, or `failed` when giving up. */
export async function markAttemptFailed(q: Queryable, id: number, error: string, nextAttemptAt: string | null): Promise<void> {
  await q.run(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?,
       status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'queued' END, next_attempt_at = COALESCE(?, next_attempt_at)
     WHERE id = ?`,
    [error.slice(0, 500), nextAttemptAt, nextAttemptAt, id],
  );
}

/** Nothing to send any more (the item was withdrawn or restricted, the person opted out). */
export async function markCancelled(q: Queryable, id: number, reason: string): Promise<void> {
  await q.run("UPDATE outbox SET status = 'cancelled', last_error = ? WHERE id = ?", [reason.slice(0, 500), id]);
}

/** How many emails of these purposes were sent at or after `since` (the per-minute allowance). */
export async function countEmailSentSince(q: Queryable, since: string, purposes: ReadonlyArray<OutboxPurpose>): Promise<number> {
  if (purposes.length === 0) return 0;
  const row = await q.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM outbox WHERE kind = 'email' AND status = 'sent' AND sent_at >= ? AND purpose IN (${purposes.map(() => "?").join(", ")})`,
    [since, ...purposes],
  );
  return row?.n ?? 0;
}

/** The reason recorded on email that waited too long; the admin home page counts these. */
export const TOO_OLD_TO_SEND = "too old to send";

/** Queued email queued before `before` is cancelled, never sent late. Returns how many. */
export async function cancelEmailQueuedBefore(q: Queryable, before: string): Promise<number> {
  const { changes } = await q.run(
    "UPDATE outbox SET status = 'cancelled', last_error = ? WHERE kind = 'email' AND status = 'queued' AND created_at < ?",
    [TOO_OLD_TO_SEND, before],
  );
  return changes;
}

/** Email still to send: how many, and how many of those were queued before `staleBefore` (they will be dropped). */
export async function countWaitingEmail(q: Queryable, staleBefore: string): Promise<{ waiting: number; stale: number }> {
  const row = await q.get<{ waiting: number; stale: number | null }>(
    `SELECT COUNT(*) AS waiting, SUM(CASE WHEN created_at < ? THEN 1 ELSE 0 END) AS stale
       FROM outbox WHERE kind = 'email' AND status IN ('queued', 'sending')`,
    [staleBefore],
  );
  return { waiting: row?.waiting ?? 0, stale: row?.stale ?? 0 };
}

export type DroppedEmailGroup = { purpose: OutboxPurpose; itemId: number | null; itemTitle: string | null; subject: string | null; emails: number; firstQueuedAt: string; lastQueuedAt: string };

/**
 * Email dropped as too old to send, grouped by what it was about (an item, or a notice's
 * subject), newest first. Kept as long as cancelled rows are (OUTBOX_RETENTION_DAYS).
 */
export async function listEmailDroppedAsTooOld(q: Queryable, limit = 10): Promise<{ total: number; groups: DroppedEmailGroup[] }> {
  const total = (await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'email' AND status = 'cancelled' AND last_error = ?", [TOO_OLD_TO_SEND]))?.n ?? 0;
  const rows = await q.all<{ purpose: OutboxPurpose; itemId: number | null; itemTitle: string | null; payloadJson: string; createdAt: string }>(
    `SELECT o.purpose, o.item_id AS itemId, i.title AS itemTitle, o.payload_json AS payloadJson, o.created_at AS createdAt
       FROM outbox o LEFT JOIN items i ON i.id = o.item_id
      WHERE o.kind = 'email' AND o.status = 'cancelled' AND o.last_error = ? ORDER BY o.created_at DESC, o.id DESC LIMIT 2000`,
    [TOO_OLD_TO_SEND],
  );
  const groups = new Map<string, DroppedEmailGroup>();
  for (const r of rows) {
    let subject: string | null = null;
    try {
      const s = (JSON.parse(r.payloadJson) as { subject?: unknown }).subject;
      subject = typeof s === "string" ? s : null;
    } catch {
      /* not a notice */
    }
    const key = JSON.stringify([r.purpose, r.itemId, subject]);
    const g = groups.get(key);
    if (g) {
      g.emails++;
      g.firstQueuedAt = r.createdAt;
    } else {
      groups.set(key, { purpose: r.purpose, itemId: r.itemId, itemTitle: r.itemTitle, subject, emails: 1, firstQueuedAt: r.createdAt, lastQueuedAt: r.createdAt });
    }
  }
  return { total, groups: [...groups.values()].slice(0, limit) };
}

/** Messages left `sending` by a process that stopped mid-send go back in the queue at start-up. */
export async function requeueStuckMessages(q: Queryable, olderThan: string): Promise<number> {
  const { changes } = await q.run("UPDATE outbox SET status = 'queued' WHERE status = 'sending' AND next_attempt_at <= ?", [olderThan]);
  return changes;
}

export async function findOutboxMessage(q: Queryable, id: number): Promise<OutboxRow | undefined> {
  return q.get<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = ?`, [id]);
}

export async function listOutbox(q: Queryable, filter: { status?: OutboxStatus; purpose?: OutboxPurpose } = {}): Promise<OutboxRow[]> {
  return q.all<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE (? IS NULL OR status = ?) AND (? IS NULL OR purpose = ?) ORDER BY id`,
    [filter.status ?? null, filter.status ?? null, filter.purpose ?? null, filter.purpose ?? null],
  );
}

/** When the next queued message is due (for the worker's sleep), or null when the queue is empty. */
export async function nextDueAt(q: Queryable): Promise<string | null> {
  return (await q.get<{ at: string | null }>("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'queued'"))?.at ?? null;
}

/** Sent and cancelled messages older than `before` are removed (retention, docs/privacy.md). */
export async function deleteOldMessages(q: Queryable, before: string): Promise<number> {
  const { changes } = await q.run("DELETE FROM outbox WHERE status IN ('sent', 'cancelled') AND created_at < ?", [before]);
  return changes;
}

/* ---- Teams webhooks, a channel setting ---- */

export async function getChannelWebhook(q: Queryable, channelId: number): Promise<string | null> {
  const row = await q.get<{ url: string | null }>("SELECT teams_webhook_url AS url FROM channels WHERE id = ? AND archived_at IS NULL", [channelId]);
  return row?.url ?? null;
}

/** Sets or (with null) removes a channel's Teams webhook. Validate with parseWebhookUrl first. */
export async function setChannelWebhook(q: Queryable, channelId: number, url: string | null): Promise<void> {
  await q.run("UPDATE channels SET teams_webhook_url = ? WHERE id = ?", [url, channelId]);
}

export async function listItemChannelIds(q: Queryable, itemId: number): Promise<number[]> {
  return (await q.all<{ id: number }>("SELECT channel_id AS id FROM item_channels WHERE item_id = ?", [itemId])).map((r) => r.id);
}

/** A department's channels that have a Teams webhook (campaign reminders to a department). */
export async function listDepartmentTeamsChannels(q: Queryable, departmentId: number): Promise<{ id: number; name: string }[]> {
  return q.all("SELECT id, name FROM channels WHERE department_id = ? AND archived_at IS NULL AND teams_webhook_url IS NOT NULL ORDER BY name", [departmentId]);
}

export async function findChannelName(q: Queryable, channelId: number): Promise<string | null> {
  return (await q.get<{ name: string }>("SELECT name FROM channels WHERE id = ?", [channelId]))?.name ?? null;
}
