/**
 * Web Push (issue 18, decision 125), with the `web-push` package.
 *
 * - Keys: one VAPID key pair, made at first start (boot step "push keys") and kept in the
 *   database (`push_keys`), never in the environment or a file.
 * - Subscriptions: a person turns notifications on for a browser on /me (the page's small
 *   script asks the browser's PushManager and posts the subscription); they are listed and
 *   removed there without any script. Never on a shared device.
 * - Queueing: the delivery follower of the change feed (deliver.server.ts, enqueueForItems)
 *   hands over the people it found for an urgent notice, a must-read or a material policy
 *   version, each already let through by the access rule (canSeeItem); one row per
 *   subscription, with a dedupe key, so a replayed feed pushes nothing twice. A browser
 *   subscribed after the item was published is not pushed it (as people who join later are
 *   not alerted, decision 079): otherwise a replay of the feed would push old notices to it.
 * - Sending: the outbox worker's tick sends what is due. The audience rule is asked again
 *   (the item may have been restricted since). The payload is the title and the link only,
 *   never the text. A push service that answers 404 or 410 has dropped the subscription:
 *   it is removed. Other failures are retried with backoff; a notification more than a day
 *   old is dropped rather than sent late.
 */
import { mayDoLeaderWork } from "~/utils/leadership.server";
import crypto from "node:crypto";
import webpush from "web-push";
import { canSeeItem, isListed, type Viewer } from "~/access/audience.server";
import { getAcknowledgementStatus } from "~/models/acknowledgement.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import {
  claimDuePushMessages, deletePushSubscription, enqueuePushMessage, findPushKeys, findPushSubscription, findPushSubscriptionByEndpoint, insertPushKeysOnce,
  movePendingPushMessages,
  listPushSubscriptions, listPushSubscriptionsOf, markPushAttemptFailed, markPushCancelled, markPushSent, prunePushMessages,
  removeSubscription, requeueStuckPushMessages, upsertPushSubscription, type PushKeys, type PushMessageRow, type PushSubscriptionRow,
} from "~/models/push.server";
import { findUserById } from "~/models/user.server";
import type { PushSubscriptionInput } from "~/schemas/push";
import { getDb, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { itemPath } from "~/utils/item-path";
import { log } from "~/utils/log.server";

export type PushWhat = PushMessageRow["what"];

/** Notifications older than this are dropped, never shown late (the push service keeps them this long too). */
export const PUSH_MAX_AGE_SECONDS = 24 * 60 * 60;
const MAX_ATTEMPTS = 10;
const KEEP_RECORDS_DAYS = 30;

/* ---- Keys ---- */

let cachedKeys: PushKeys | undefined;

/** The VAPID key pair: made and stored the first time (first start), read back afterwards. */
export async function ensurePushKeys(q?: Queryable): Promise<PushKeys> {
  if (cachedKeys) return cachedKeys;
  const db = q ?? (await getDb());
  let keys = await findPushKeys(db);
  if (!keys) {
    const made = webpush.generateVAPIDKeys();
    await insertPushKeysOnce(db, { publicKey: made.publicKey, privateKey: made.privateKey }, new Date().toISOString());
    keys = (await findPushKeys(db))!;
    log.info("push: made the VAPID key pair (kept in the database)");
  }
  cachedKeys = keys;
  return keys;
}

/** For tests that open a fresh database in the same process. */
export function forgetCachedPushKeys(): void {
  cachedKeys = undefined;
}

/**
 * Who push services may contact about our notifications (the VAPID "subject"): the
 * intranet's https address, else the address mail is sent from.
 */
export function vapidSubject(): string {
  const env = getEnv();
  if (env.PUBLIC_URL?.startsWith("https://")) return env.PUBLIC_URL;
  const from = /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
  return `mailto:${from.trim()}`;
}

/* ---- Subscriptions ---- */

export async function subscribeToPush(userId: number, s: PushSubscriptionInput, now = new Date()): Promise<void> {
  const db = await getDb();
  await db.transaction((tx) => upsertPushSubscription(tx, { userId, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth }, now.toISOString()));
}

export async function unsubscribeFromPush(userId: number, by: { id: number } | { endpoint: string }): Promise<boolean> {
  const db = await getDb();
  return db.transaction((tx) => deletePushSubscription(tx, userId, by));
}

/**
 * A browser replaced its subscription (the service worker's `pushsubscriptionchange`,
 * decision 215): the new one takes the old one's place, for the same person, with the
 * notifications still waiting for it; the old one is removed. The old endpoint is the proof
 * (only this browser, its push service and we know it), so no session is needed: the event
 * may come long after the person signed in. False when the old endpoint is not ours (or
 * was removed since). One transaction.
 */
export async function renewPushSubscription(oldEndpoint: string, s: PushSubscriptionInput, now = new Date()): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const old = await findPushSubscriptionByEndpoint(tx, oldEndpoint);
    if (!old) return false;
    await upsertPushSubscription(tx, { userId: old.userId, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth }, now.toISOString());
    if (s.endpoint === oldEndpoint) return true; // the same endpoint with new keys
    const renewed = await findPushSubscriptionByEndpoint(tx, s.endpoint);
    if (renewed) await movePendingPushMessages(tx, old.id, renewed.id);
    await removeSubscription(tx, old.id, "the browser replaced this subscription with a new one");
    return true;
  });
}

export type MyPushSubscription = { id: number; createdAt: string; lastSentAt: string | null; endpointHash: string };

/** SHA-256 of an endpoint, in hex: the page's script finds "this device" by it without the page carrying endpoints. */
export function endpointHash(endpoint: string): string {
  return crypto.createHash("sha256").update(endpoint).digest("hex");
}

/** The person's subscriptions for /me: when each was added and last used. */
export async function listMyPushSubscriptions(q: Queryable, userId: number): Promise<MyPushSubscription[]> {
  return (await listPushSubscriptions(q, userId)).map((s) => ({ id: s.id, createdAt: s.createdAt, lastSentAt: s.lastSentAt, endpointHash: endpointHash(s.endpoint) }));
}

/* ---- Queueing (from the delivery follower) ---- */

/**
 * Queues a notification to every subscription of `recipients` about `item` (version
 * `version`). Callers pass only people the access rule lets open the item. Runs in the
 * caller's transaction; returns how many were new.
 */
export async function enqueuePushes(
  q: Queryable,
  item: Pick<ItemRow, "id">,
  alert: { version: number; what: PushWhat; askedAt: string },
  recipientIds: number[],
  now: Date,
): Promise<number> {
  const subs = await listPushSubscriptionsOf(q, recipientIds, alert.askedAt);
  let added = 0;
  for (const s of subs) {
    const fresh = await enqueuePushMessage(
      q,
      { dedupeKey: `push:${item.id}:v${alert.version}:${s.id}`, subscriptionId: s.id, userId: s.userId, itemId: item.id, what: alert.what },
      now.toISOString(),
    );
    if (fresh) added++;
  }
  return added;
}

/* ---- The payload ---- */

export type PushPayload = { title: string; url: string };

/** Title and link only: the text of a notice never goes through a push service. */
export function pushPayload(item: Pick<ItemRow, "type" | "slug" | "title">, what: PushWhat): PushPayload {
  const lead = what === "urgent" ? "Urgent" : what === "policy" ? "Policy change to read and confirm" : "Please read and confirm";
  return { title: `${lead}: ${item.title}`.slice(0, 200), url: itemPath(item.type, item.slug) };
}

/* ---- Sending ---- */

function toViewer(u: { id: number; email: string; name: string; role: Viewer["role"]; departmentId: number | null }): Viewer {
  return { id: u.id, email: u.email, name: u.name, role: u.role, departmentId: u.departmentId };
}

type Outcome = { sent: PushSubscriptionRow } | { cancel: string } | { gone: PushSubscriptionRow; status: number };

async function sendOne(q: Queryable, row: PushMessageRow, keys: PushKeys, now: Date): Promise<Outcome> {
  const sub = row.subscriptionId === null ? undefined : await findPushSubscription(q, row.subscriptionId);
  if (!sub || sub.userId !== row.userId) return { cancel: "the subscription was removed" };
  const user = await findUserById(q, row.userId);
  if (!user || !user.active) return { cancel: "the person's account is closed" };
  const item = row.itemId === null ? undefined : await findItemById(q, row.itemId);
  if (!item) return { cancel: "the item was removed" };
  const facts = await getAudienceFacts(q, item);
  // Asked again as it goes: the item may have been restricted or withdrawn since it was queued.
  if (!isListed(facts, now) || !canSeeItem(toViewer(user), facts, now)) return { cancel: "the person may no longer see the item" };
  if (row.what !== "urgent" && (await getAcknowledgementStatus(q, user.id, item.id)).confirmedAt) return { cancel: "already confirmed" };
  try {
    await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(pushPayload(item, row.what)), {
      vapidDetails: { subject: vapidSubject(), publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: PUSH_MAX_AGE_SECONDS,
      urgency: row.what === "urgent" ? "high" : "normal",
      timeout: 15_000,
    });
    return { sent: sub };
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || status === 410) return { gone: sub, status };
    throw err;
  }
}

/** At worker start: what a stopped process left half-sent goes again. */
export async function requeueStuckPushes(): Promise<void> {
  const db = await getDb();
  await db.transaction((tx) => requeueStuckPushMessages(tx));
}

export type PushResult = { sent: number; removed: number; cancelled: number; retrying: number; failed: number };

/** Retry after 30 s, 1 min, 2 min … at most an hour apart. */
function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

let lastPrune = 0;

/** Sends the notifications due now. One failure does not stop the others. */
export async function deliverDuePushes(options: { now?: Date; limit?: number } = {}): Promise<PushResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const db = await getDb();
  const result: PushResult = { sent: 0, removed: 0, cancelled: 0, retrying: 0, failed: 0 };
  const rows = await db.transaction((tx) => claimDuePushMessages(tx, at, options.limit ?? 100));
  if (rows.length === 0) return result;
  const keys = await ensurePushKeys(db);
  for (const row of rows) {
    // Lost the lead meanwhile (decision 205): the new leader queues the rest again and sends them.
    if (!mayDoLeaderWork()) break;
    try {
      const outcome = Date.parse(row.createdAt) < now.getTime() - PUSH_MAX_AGE_SECONDS * 1000
        ? { cancel: "too old to send" }
        : await sendOne(db, row, keys, now);
      if ("sent" in outcome) {
        await db.transaction((tx) => markPushSent(tx, row.id, outcome.sent.id, at));
        result.sent++;
      } else if ("gone" in outcome) {
        await db.transaction(async (tx) => {
          await removeSubscription(tx, outcome.gone.id, `the push service answered ${outcome.status}: subscription gone`);
          await markPushCancelled(tx, row.id, `the push service answered ${outcome.status}: subscription removed`);
        });
        result.removed++;
      } else {
        await db.transaction((tx) => markPushCancelled(tx, row.id, outcome.cancel));
        result.cancelled++;
      }
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      const attempts = row.attempts + 1;
      // 4xx other than 429: the request itself is wrong; trying again will not help.
      const giveUp = attempts >= MAX_ATTEMPTS || (status !== undefined && status >= 400 && status < 500 && status !== 429);
      const next = giveUp ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
      const message = status ? `push service answered ${status}` : err instanceof Error ? err.message : String(err);
      await db.transaction((tx) => markPushAttemptFailed(tx, row.id, message, next));
      if (giveUp) result.failed++;
      else result.retrying++;
      log.error("push attempt failed", { push: row.id, attempts, error: message, giveUp });
    }
  }
  if (Date.now() - lastPrune > 60 * 60 * 1000) {
    lastPrune = Date.now();
    await db.transaction((tx) => prunePushMessages(tx, new Date(now.getTime() - KEEP_RECORDS_DAYS * 86_400_000).toISOString()));
  }
  return result;
}
