/**
 * Delivery: what goes into the outbox when content is published, and the worker that
 * empties it.
 *
 * - When items are published, imported or go live on schedule (the content-changed event), urgent and
 *   must-read announcements and material policy versions are queued as one email per
 *   person in scope, and items in channels with a Teams webhook as one post per channel.
 *   Only recently published items are announced, so a first import of old content does
 *   not mail everyone about last year's news.
 * - The worker claims due rows, composes each message at send time (so the audience and
 *   preferences are checked again then: a message about an item restricted meanwhile is
 *   cancelled, never sent), sends it, and on failure retries with exponential backoff.
 * - Without a mail server, email waits in the outbox; email that waited longer than
 *   ALERT_MAX_AGE_DAYS is dropped ("too old to send"), never sent late. Scheduled email is
 *   paced (MAIL_PER_MINUTE); alerts are not.
 */
import {
  currentPolicyVersion, getAcknowledgementStatus, latestPolicyVersion, listRecipientsInScope,
} from "~/models/acknowledgement.server";
import { listTargetDepartmentNames } from "~/models/follow.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { getNotificationPrefs, listAlertOptOuts } from "~/models/notification-prefs.server";
import {
  cancelEmailQueuedBefore, claimDueMessages, countEmailSentSince, enqueueMessage, findChannelName, listItemChannelIds,
  markAttemptFailed, markCancelled, markSent, requeueStuckMessages, type OutboxPurpose, type OutboxRow,
} from "~/models/outbox.server";
import { findUserById, listJoinedAfter, type UserRow } from "~/models/user.server";
import { canSeeItem, isListed, type Viewer } from "~/access/audience.server";
import { onLeaderNotify } from "~/utils/cluster.server";
import { mayDoLeaderWork } from "~/utils/leadership.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { followChanges } from "./change-feed.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import {
  absoluteUrl, closeMailTransport, isMailConfigured, mailSettingWarnings, messageIdFor, renderMail, sendMail,
} from "~/utils/mail.server";
import { composeDigestMail, startDeliveryScheduler, unsubscribeUrl, type Composed } from "./digest.server";
import { mayBeToldAboutItem } from "./knowledge-mail.server";
import { recordAlerted } from "~/models/correction.server";
import { campaignCard, campaignOf, campaignTeamsItems, enqueueTeamsPosts, isTeamsPostable, postToTeams, resolveTeamsTarget, teamsCard } from "./teams.server";
import { findCampaign } from "~/models/campaign.server";
import { deliverDuePushes, enqueuePushes, requeueStuckPushes } from "./push.server";

/** Items published longer ago than this are not announced by email or Teams. */
export const ANNOUNCE_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;

export type Backoff = { baseMs: number; maxMs: number; maxAttempts: number };
/** 30 s, 1 min, 2 min … capped at 6 hours; given up after 20 attempts (about three days). */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 6 * 60 * 60 * 1000, maxAttempts: 20 };

/** Wait before the next attempt, after `attempts` failed ones. */
export function retryDelayMs(attempts: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.baseMs * 2 ** Math.max(0, attempts - 1), backoff.maxMs);
}


export function toViewer(user: Pick<UserRow, "id" | "email" | "name" | "role" | "departmentId">): Viewer {
  return { id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId };
}

/* ---- Queueing, when content is published ---- */

/** `askedAt`: when the item (or the policy version) was published, the moment the alert is about. */
type AlertKind = { version: number; what: "urgent" | "must-read" | "policy"; askedAt: string };

/** Whether a just-published item calls for an immediate email, and for which version. */
async function alertFor(q: Queryable, item: ItemRow, now: Date): Promise<AlertKind | null> {
  const recent = (at: string | null) => !!at && Date.parse(at) >= now.getTime() - ANNOUNCE_WITHIN_DAYS * DAY_MS;
  if (item.type === "announcement") {
    const askedAt = item.publishedAt ?? item.publishAt;
    if (!askedAt || !recent(askedAt)) return null;
    if (item.priority === "urgent") return { version: 0, what: "urgent", askedAt };
    if (item.mustRead === 1) return { version: 0, what: "must-read", askedAt };
    return null;
  }
  if (item.type === "policy") {
    const latest = await latestPolicyVersion(q, item.id);
    if (latest && latest.isMaterial === 1 && recent(latest.publishedAt)) return { version: latest.version, what: "policy", askedAt: latest.publishedAt };
  }
  return null;
}

/**
 * Queues the alerts and Teams posts for items that were just published or imported.
 * Safe to call again for the same items: dedupe keys keep one message per person per version.
 * Alerts are queued whether or not a mail server is set: they wait in the outbox until one
 * is, and are dropped if that takes longer than ALERT_MAX_AGE_DAYS (decision 078). People
 * whose account was created after the item was published are not alerted (decision 079).
 */
export async function enqueueForItems(itemIds: number[], now = new Date()): Promise<{ alerts: number; teams: number; pushes: number }> {
  const db = await getDb();
  let alerts = 0;
  let teams = 0;
  let pushes = 0;
  const optOuts = await listAlertOptOuts(db);
  for (const itemId of itemIds) {
    const item = await findItemById(db, itemId);
    if (!item) continue;
    const facts = await getAudienceFacts(db, item);
    if (!isListed(facts, now)) continue;
    const alert = await alertFor(db, item, now);
    const joinedLater = alert ? await listJoinedAfter(db, alert.askedAt) : new Map<number, string>();
    // Only people the audience rule lets open the item: never mail or push about what someone may not see.
    const inScope = alert
      ? (await listRecipientsInScope(db, item.id)).filter((r) => !joinedLater.has(r.id) && canSeeItem(toViewer(r), facts, now))
      : [];
    // Turning alert email off leaves push alone: a browser's notifications are turned off on /me, for that browser.
    const recipients = inScope.filter((r) => !optOuts.has(r.id));
    const announceInTeams = isTeamsPostable(item) && Date.parse(item.publishedAt ?? item.updatedAt) >= now.getTime() - ANNOUNCE_WITHIN_DAYS * DAY_MS;
    const channelIds = announceInTeams ? await listItemChannelIds(db, item.id) : [];
    if (inScope.length === 0 && channelIds.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const r of recipients) {
        const added = await enqueueMessage(
          tx,
          { kind: "email", purpose: "alert", dedupeKey: `alert:${item.id}:v${alert!.version}:${r.id}`, userId: r.id, itemId: item.id, payload: { version: alert!.version, what: alert!.what } },
          now.toISOString(),
        );
        if (added) alerts++;
      }
      teams += await enqueueTeamsPosts(tx, item, channelIds, now);
      // Web Push (decision 125): title and link only, to the browsers of the same people.
      if (alert) pushes += await enqueuePushes(tx, item, alert, inScope.map((r) => r.id), now);
    });
  }
  if (alerts + teams + pushes > 0) wakeDeliveryWorker();
  return { alerts, teams, pushes };
}

/* ---- Composing, at send time ---- */

const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
export function formatDay(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? "" : dayFormat.format(d);
}

/** In plain words, why this person got a message about this item. */
async function reasonFor(q: Queryable, item: ItemRow, user: UserRow): Promise<string> {
  const targets = await listTargetDepartmentNames(q, item.id);
  if (user.departmentId !== null && targets.some((t) => t.id === user.departmentId))
    return `You are getting this because it was sent to everyone in ${user.departmentName}.`;
  if (item.audience === "departments" && user.departmentName) return `You are getting this because it is for everyone in ${user.departmentName}.`;
  if (item.audience === "roles") return "You are getting this because it is for people in your role.";
  return "You are getting this because it is for all staff.";
}

/** An alert (just published) or a reminder (still not confirmed) about one item. */
async function composeItemMail(q: Queryable, row: OutboxRow, now: Date): Promise<Composed> {
  const user = row.userId ? await findUserById(q, row.userId) : undefined;
  if (!user || !user.active) return { cancel: "the person's account is closed" };
  if (!(await getNotificationPrefs(q, user.id)).alerts) return { cancel: "the person turned these emails off" };
  const item = row.itemId ? await findItemById(q, row.itemId) : undefined;
  if (!item) return { cancel: "the item was removed" };
  const facts = await getAudienceFacts(q, item);
  if (!isListed(facts, now) || !canSeeItem(toViewer(user), facts, now)) return { cancel: "the person may no longer see the item" };
  const status = await getAcknowledgementStatus(q, user.id, item.id);
  if (status.confirmedAt) return { cancel: "already confirmed" };
  if (row.purpose === "reminder" && (status.requiredVersion === null || !status.inScope)) return { cancel: "nothing to confirm any more" };

  const url = absoluteUrl(itemPath(item.type, item.slug));
  const asksConfirmation = status.requiredVersion !== null && status.inScope;
  const confirmLine = "Open it on the intranet and select “I have read and understood this” at the end of the page.";
  let subject: string;
  let heading: string;
  const intro: string[] = [];
  let note = `Published ${formatDay(item.publishedAt)}`;
  if (row.purpose === "reminder") {
    subject = `Reminder: please read and confirm “${item.title}”`;
    heading = "Please read and confirm";
    intro.push(`You have not yet confirmed that you have read this ${item.type === "policy" ? "policy" : "notice"}.`, confirmLine);
  } else if (item.type === "policy") {
    const latest = await latestPolicyVersion(q, item.id);
    const version = (await currentPolicyVersion(q, item.id)) ?? 0;
    subject = `Policy change to read and confirm: ${item.title}${item.reference ? ` (${item.reference})` : ""}`;
    heading = `${item.title} has changed`;
    intro.push(`Version ${version} of this policy changes what you need to do.`);
    if (latest?.whatChanged) intro.push(`What changed: ${latest.whatChanged}`);
    if (latest?.effectiveOn) note = `Takes effect ${formatDay(latest.effectiveOn)}`;
    if (asksConfirmation) intro.push(confirmLine);
  } else if (item.priority === "urgent") {
    subject = `Urgent: ${item.title}`;
    heading = `Urgent: ${item.title}`;
    intro.push("This is an urgent notice from the intranet.");
    if (asksConfirmation) intro.push(confirmLine);
  } else {
    subject = `Please read and confirm: ${item.title}`;
    heading = "Please read and confirm";
    intro.push(confirmLine);
  }
  const content = renderMail({
    heading,
    intro,
    items: [{ title: item.title, url, summary: item.summary, note }],
    reason: await reasonFor(q, item, user),
    unsubscribe: { url: await unsubscribeUrl(q, user.id, "alerts"), label: "Stop urgent, must-read and reminder emails" },
  });
  return {
    mail: {
      to: user.email, subject, ...content, messageId: messageIdFor(`outbox-${row.id}`), unsubscribeUrl: await unsubscribeUrl(q, user.id, "alerts"),
    },
  };
}

/**
 * A work notice queued by another part of the intranet (review reminders, hand-overs):
 * payload `{ template: "notice", subject, lines, link?, tables? }`. These are about the
 * person's own duties, so they are sent whatever the digest and alert preferences.
 */
async function composeNoticeMail(q: Queryable, row: OutboxRow): Promise<Composed> {
  const user = row.userId ? await findUserById(q, row.userId) : undefined;
  if (!user || !user.active) return { cancel: "the person's account is closed" };
  // A notice about a page is checked again as it goes: its audience, or the person, may have changed since it was queued.
  if (row.itemId != null && !(await mayBeToldAboutItem(q, user.id, row.itemId))) return { cancel: "the person may no longer be told about the page" };
  const p = JSON.parse(row.payloadJson) as {
    subject?: string; lines?: string[]; link?: { text: string; path: string } | null;
    tables?: { caption: string; head: string[]; rows: (string | number)[][] }[];
  };
  const subject = String(p.subject ?? "A message from the intranet").slice(0, 200);
  const content = renderMail({
    heading: subject,
    intro: (p.lines ?? []).map(String),
    items: [],
    tables: p.tables ?? [],
    action: p.link ? { text: p.link.text, url: absoluteUrl(p.link.path) } : undefined,
    reason: "You are getting this because of your role on the intranet.",
  });
  return { mail: { to: user.email, subject, ...content, messageId: messageIdFor(`outbox-${row.id}`) } };
}

/** A Teams post about a correction carries its sentence (decision 171). */
function correctionOf(row: OutboxRow): string | undefined {
  try {
    const c = (JSON.parse(row.payloadJson) as { correction?: unknown }).correction;
    return typeof c === "string" ? c : undefined;
  } catch {
    return undefined;
  }
}

function isNotice(row: OutboxRow): boolean {
  try {
    return (JSON.parse(row.payloadJson) as { template?: string }).template === "notice";
  } catch {
    return false;
  }
}

/* ---- Sending ---- */

async function sendOne(q: Queryable, row: OutboxRow, now: Date): Promise<"sent" | { cancel: string }> {
  if (row.kind === "teams") {
    const target = await resolveTeamsTarget(q, row);
    if ("cancel" in target) return target;
    const campaignId = campaignOf(row);
    if (campaignId !== null) {
      const campaign = await findCampaign(q, campaignId);
      const items = campaign ? await campaignTeamsItems(q, campaignId, now) : [];
      if (!campaign || !items.length) return { cancel: "the campaign has no item for everyone to post" };
      await postToTeams(target.url, campaignCard(campaign, items, (await findChannelName(q, row.channelId!)) ?? ""));
      return "sent";
    }
    const item = row.itemId ? await findItemById(q, row.itemId) : undefined;
    if (!item || !isTeamsPostable(item) || !isListed(await getAudienceFacts(q, item), now)) return { cancel: "the item is no longer for everyone" };
    await postToTeams(target.url, teamsCard(item, (await findChannelName(q, row.channelId!)) ?? "", correctionOf(row)));
    return "sent";
  }
  if (!isMailConfigured()) throw new Error("SMTP_HOST is not set");
  const composed = isNotice(row)
    ? await composeNoticeMail(q, row)
    : row.purpose === "digest"
      ? await composeDigestMail(q, row, now)
      : await composeItemMail(q, row, now);
  if ("cancel" in composed) return composed;
  await sendMail(composed.mail);
  return "sent";
}

export type DeliveryResult = { sent: number; retrying: number; failed: number; cancelled: number; tooOld: number };

/**
 * Scheduled email (must-read reminders, review notices, digests, the weekly summary) goes
 * out at most MAIL_PER_MINUTE a minute, so a busy morning does not flood the mail server.
 * Alerts (and notices caused by someone's action, which share the purpose) and Teams posts
 * are not held back, and are claimed first (decision 079).
 */
export const PACED_PURPOSES: readonly OutboxPurpose[] = ["reminder", "digest"];
const UNPACED_PURPOSES: readonly OutboxPurpose[] = ["alert", "teams"];

/** Sends what is due now. One failure does not stop the others. */
export async function deliverDueMessages(options: { now?: Date; limit?: number; backoff?: Backoff } = {}): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const limit = options.limit ?? 50;
  const env = getEnv();
  const db = await getDb();
  let tooOld = 0;
  const rows = await db.transaction(async (tx) => {
    // Without a mail server, email waits in the outbox, untouched (nothing lost, no failed attempts), until one is set.
    if (!isMailConfigured()) return claimDueMessages(tx, at, limit, ["teams"]);
    // Email that waited longer than ALERT_MAX_AGE_DAYS is dropped, never sent late (decision 078).
    tooOld = await cancelEmailQueuedBefore(tx, new Date(now.getTime() - env.ALERT_MAX_AGE_DAYS * DAY_MS).toISOString());
    const first = await claimDueMessages(tx, at, limit, ["email", "teams"], UNPACED_PURPOSES);
    const sentThisMinute = await countEmailSentSince(tx, new Date(now.getTime() - 60_000).toISOString(), PACED_PURPOSES);
    const allowance = Math.min(limit - first.length, env.MAIL_PER_MINUTE - sentThisMinute);
    return [...first, ...(await claimDueMessages(tx, at, allowance, ["email"], PACED_PURPOSES))];
  });
  if (tooOld > 0) log.info("email dropped: too old to send", { emails: tooOld, maxAgeDays: env.ALERT_MAX_AGE_DAYS });
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, cancelled: 0, tooOld };
  for (const row of rows) {
    // This process lost the lead while sending (decision 205): stop; the new leader puts the
    // rows still claimed back in the queue when it starts, and sends them.
    if (!mayDoLeaderWork()) break;
    try {
      const outcome = await sendOne(db, row, now);
      if (outcome === "sent") {
        await db.transaction(async (tx) => {
          await markSent(tx, row.id, at);
          // Who was alerted, by which route: a correction later reaches exactly them (decision 171).
          if (row.itemId != null && row.kind === "email" && row.dedupeKey.startsWith("alert:")) await recordAlerted(tx, { itemId: row.itemId, userId: row.userId, route: "email" }, at);
          if (row.itemId != null && row.kind === "teams" && row.dedupeKey.startsWith("teams:")) await recordAlerted(tx, { itemId: row.itemId, channelId: row.channelId, route: "teams" }, at);
        });
        result.sent++;
      } else {
        await db.transaction((tx) => markCancelled(tx, row.id, outcome.cancel));
        result.cancelled++;
      }
    } catch (err) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= backoff.maxAttempts;
      const next = giveUp ? null : new Date(now.getTime() + retryDelayMs(attempts, backoff)).toISOString();
      await db.transaction((tx) => markAttemptFailed(tx, row.id, err instanceof Error ? err.message : String(err), next));
      if (giveUp) result.failed++;
      else result.retrying++;
      log.error("delivery attempt failed", { outbox: row.id, kind: row.kind, attempts, error: String(err), giveUp });
    }
  }
  return result;
}

/* ---- The worker ---- */

let worker: { timer: NodeJS.Timeout; running: Promise<unknown> | null; again: boolean } | undefined;

function tick(): void {
  if (!worker) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  const w = worker;
  w.running = Promise.all([
    deliverDueMessages().catch((err) => log.error("delivery worker failed", { error: String(err) })),
    deliverDuePushes().catch((err) => log.error("push worker failed", { error: String(err) })),
  ])
    .catch((err) => log.error("delivery worker failed", { error: String(err) }))
    .finally(() => {
      w.running = null;
      if (w.again) {
        w.again = false;
        setImmediate(tick);
      }
    });
}

/** Sends soon instead of at the next tick (after something was queued). The outbox worker runs in the leader process. */
export const wakeDeliveryWorker: () => void = onLeaderNotify<void>(
  "delivery.wake",
  () => {
    if (worker) setImmediate(tick);
  },
  (err) => log.error("could not wake the outbox worker", { error: String(err) }),
);

/**
 * Starts the outbox worker and the content-changed listener. Returns a stop function that
 * waits for the message being sent.
 */
export async function startDeliveryWorker(intervalMs = 5_000): Promise<() => Promise<void>> {
  const db = await getDb();
  // Anything still "sending" was interrupted when the process stopped: send it again.
  await db.transaction((tx) => requeueStuckMessages(tx, new Date().toISOString()));
  await requeueStuckPushes();
  // Every changed item is offered to enqueueForItems: it queues only for items that are
  // listed, recent and alert-worthy, and its dedupe keys make a replayed row send nothing twice.
  const unfollow = await followChanges(
    "delivery",
    async (rows) => {
      const itemIds = [...new Set(rows.filter((r) => r.entity === "item" && r.change !== "delete").map((r) => r.entityId))];
      if (itemIds.length) await enqueueForItems(itemIds);
    },
    { batch: 200 },
  );
  worker = { timer: setInterval(tick, intervalMs), running: null, again: false };
  worker.timer.unref();
  tick();
  return async () => {
    await unfollow();
    const w = worker;
    worker = undefined;
    if (!w) return;
    clearInterval(w.timer);
    await w.running;
  };
}

/**
 * Everything delivery runs in the background, started once at boot (in the leader
 * process of a cluster): the outbox worker and content-changed listener, and the digest
 * and reminder schedule. Returns one stop function for shutdown.
 */
export async function startDelivery(): Promise<() => Promise<void>> {
  // Said once, by the process that sends: the admin home page shows the same words.
  for (const warning of mailSettingWarnings()) log.warn(warning);
  const stopWorker = await startDeliveryWorker();
  const stopSchedule = startDeliveryScheduler(wakeDeliveryWorker);
  return async () => {
    await stopSchedule();
    await stopWorker();
    closeMailTransport();
  };
}
