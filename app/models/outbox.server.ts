/**
 * The outbox: every email and Teams post is first a row here, written in the same
 * transaction as the reason for it, then sent by the delivery worker with retries and
 * exponential backoff. Nothing is lost while the mail server is down, and `dedupe_key`
 * makes enqueueing idempotent (an import run twice does not mail twice).
 */
import type { Queryable } from "~/utils/db.server";

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

/** Adds a message unless one with the same dedupe key exists. Returns whether it was added. */
export async function enqueueMessage(q: Queryable, message: NewOutboxMessage, now = new Date().toISOString()): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT OR IGNORE INTO outbox (kind, purpose, dedupe_key, user_id, item_id, channel_id, payload_json, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      message.kind, message.purpose, message.dedupeKey, message.userId ?? null, message.itemId ?? null, message.channelId ?? null,
      JSON.stringify(message.payload ?? {}), now, now,
    ],
  );
  return changes > 0;
}

/**
 * Claims up to `limit` due messages by marking them `sending`, so a second worker (or a
 * second tick) does not send them too. Returns the claimed rows.
 */
/** Claims due rows; `kinds` limits which (email stays queued, untouched, while no mail server is set). */
export async function claimDueMessages(q: Queryable, now: string, limit: number, kinds: ReadonlyArray<"email" | "teams"> = ["email", "teams"]): Promise<OutboxRow[]> {
  if (kinds.length === 0) return [];
  const rows = await q.all<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? AND kind IN (${kinds.map(() => "?").join(", ")})
     ORDER BY next_attempt_at, id LIMIT ?`,
    [now, ...kinds, limit],
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

export async function findChannelName(q: Queryable, channelId: number): Promise<string | null> {
  return (await q.get<{ name: string }>("SELECT name FROM channels WHERE id = ?", [channelId]))?.name ?? null;
}
