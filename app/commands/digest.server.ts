/**
 * The delivery schedule, run every minute: daily and weekly digests (at DIGEST_HOUR, UK
 * time; weekly ones on Mondays), reminders to people who have not confirmed a must-read
 * item REMINDER_AFTER_DAYS after it was published, and the daily clean-up of old rows.
 * It only queues: the outbox worker sends (commands/deliver.server.ts), paced.
 *
 * Both look forward from when a person joined (their account was created): a digest covers
 * only what was published since, and a reminder follows up only an item asked for after
 * they joined, so a new install, or a new starter, does not begin with a backlog (decision 079).
 */
import { whyLabels, splitNames } from "~/presenters/why";
import { listMustReadPublishedBetween, listOutstandingForUser, listOutstandingRecipients } from "~/models/acknowledgement.server";
import { deleteStaleDismissals } from "~/models/banner.server";
import { countDepartments, listForYou } from "~/models/follow.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import {
  getNotificationPrefs, getOrCreateSigningKey, listAlertOptOuts, listDigestSubscribers, markDigestSent, type DigestChoice,
} from "~/models/notification-prefs.server";
import { cancelEmailQueuedBefore, deleteOldMessages, enqueueMessage, type OutboxRow } from "~/models/outbox.server";
import { findUserById, listJoinedAfter } from "~/models/user.server";
import { canSeeItem, visibleItemsSql, type Viewer } from "~/access/audience.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { repeat } from "~/utils/repeat.server";
import {
  absoluteUrl, isMailConfigured, messageIdFor, renderMail, signUnsubscribeToken, type MailList, type OutgoingMail,
} from "~/utils/mail.server";

/** A message ready to send, or why it should not be sent any more. */
export type Composed = { mail: OutgoingMail } | { cancel: string };

const DAY_MS = 86_400_000;
/** Reminders are sent for items asked for in this many days after the reminder is due, not for old ones. */
const REMINDER_WINDOW_DAYS = 28;
/** How long sent messages and stale banner dismissals are kept (docs/privacy.md). */
export const OUTBOX_RETENTION_DAYS = 90;
export const DISMISSAL_RETENTION_DAYS = 30;

const ukParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23", weekday: "short",
});

/** The UK calendar day ("YYYY-MM-DD"), hour (0–23) and weekday ("Mon") of an instant. */
export function ukClock(at: Date): { day: string; hour: number; weekday: string } {
  const parts = Object.fromEntries(ukParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: parts.weekday };
}

/** A viewer who may see every live item: used only to list candidates, each checked per person afterwards. */
const EVERY_LIVE_ITEM: Viewer = { id: 0, email: "", name: "delivery", role: "admin", departmentId: null };

/* ---- Digests ---- */

/** Queues the digests due at `now`. Each person gets at most one per UK day per frequency. */
export async function enqueueDigests(now = new Date()): Promise<number> {
  const clock = ukClock(now);
  if (clock.hour < getEnv().DIGEST_HOUR) return 0;
  const db = await getDb();
  let added = 0;
  for (const frequency of ["daily", "weekly"] as const) {
    if (frequency === "weekly" && clock.weekday !== "Mon") continue;
    const span = frequency === "daily" ? DAY_MS : 7 * DAY_MS;
    const due = (await listDigestSubscribers(db, frequency)).filter((s) => !s.lastDigestAt || ukClock(new Date(s.lastDigestAt)).day !== clock.day);
    if (due.length === 0) continue;
    const periodStart = new Date(now.getTime() - span).toISOString();
    const joinedSince = await listJoinedAfter(db, periodStart);
    await db.transaction(async (tx) => {
      for (const s of due) {
        // The period: since the last digest, at most one span back, and never before the person joined.
        const since = [s.lastDigestAt, joinedSince.get(s.id)].reduce<string>((a, b) => (b && b > a ? b : a), periodStart);
        const payload = { frequency, since, until: now.toISOString() };
        if (await enqueueMessage(tx, { kind: "email", purpose: "digest", dedupeKey: `digest:${frequency}:${s.id}:${clock.day}`, userId: s.id, payload }, now.toISOString()))
          added++;
        await markDigestSent(tx, s.id, now.toISOString());
      }
    });
  }
  return added;
}

type DigestPayload = { frequency: Exclude<DigestChoice, "off">; since: string; until: string };

/** The digest for one person, composed when sent: what reached them in the period, checked against the audience now. */
export async function composeDigestMail(q: Queryable, row: OutboxRow, now: Date): Promise<Composed> {
  const payload = JSON.parse(row.payloadJson) as DigestPayload;
  const user = row.userId ? await findUserById(q, row.userId) : undefined;
  if (!user || !user.active) return { cancel: "the person's account is closed" };
  if ((await getNotificationPrefs(q, user.id)).digest === "off") return { cancel: "the person turned digests off" };
  const viewer: Viewer = { id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId };
  const visibility = visibleItemsSql(viewer, "i", { now });
  const rows = (await listForYou(q, user, visibility, { limit: 40, since: payload.since })).filter(
    (r) => !r.publishedAt || r.publishedAt <= payload.until,
  );
  if (rows.length === 0) return { cancel: "nothing new in the period" };
  const departmentCount = await countDepartments(q);
  const outstanding = await listOutstandingForUser(q, user.id, visibility);
  const digestUnsubscribeUrl = await unsubscribeUrl(q, user.id, "digest");
  const period = payload.frequency === "daily" ? "daily" : "weekly";
  const content = renderMail({
    heading: `Your ${period} intranet digest`,
    intro: [
      `${rows.length} new ${rows.length === 1 ? "update" : "updates"} from the channels you follow and for your department.`,
      ...(outstanding.length > 0
        ? [`You have ${outstanding.length} ${outstanding.length === 1 ? "thing" : "things"} to read and confirm: ${absoluteUrl("/")}`]
        : []),
    ],
    items: rows.map((r) => ({
      title: r.title,
      url: absoluteUrl(`/announcements/${r.slug}`),
      summary: r.summary,
      note: whyLabels(
        {
          targetNames: splitNames(r.targetNames), departmentCount, targetsMine: r.targetsMine === 1,
          followedChannelNames: splitNames(r.followedChannelNames), inMandatoryChannel: r.inMandatoryChannel === 1,
        },
        user.departmentName,
      ).join(" · "),
    })),
    reason: `You are getting this because you chose a ${period} digest.`,
    unsubscribe: { url: digestUnsubscribeUrl, label: "Stop digest emails" },
  });
  return {
    mail: {
      to: user.email,
      subject: `Your ${period} intranet digest: ${rows.length} new ${rows.length === 1 ? "update" : "updates"}`,
      ...content,
      messageId: messageIdFor(`outbox-${row.id}`),
      unsubscribeUrl: digestUnsubscribeUrl,
    },
  };
}

/** A signed one-click unsubscribe address for one person and one kind of mail. */
export async function unsubscribeUrl(q: Queryable, userId: number, list: MailList): Promise<string> {
  const secret = await getOrCreateSigningKey(q, "unsubscribe");
  return absoluteUrl(`/me/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken(secret, userId, list))}`);
}

/* ---- Reminders ---- */

/** Queues one reminder per person per item version for must-read items still not confirmed after REMINDER_AFTER_DAYS. */
export async function enqueueReminders(now = new Date()): Promise<number> {
  const db = await getDb();
  const due = new Date(now.getTime() - getEnv().REMINDER_AFTER_DAYS * DAY_MS);
  const from = new Date(due.getTime() - REMINDER_WINDOW_DAYS * DAY_MS);
  const items = await listMustReadPublishedBetween(db, from.toISOString(), due.toISOString(), visibleItemsSql(EVERY_LIVE_ITEM, "i", { now }));
  const optOuts = await listAlertOptOuts(db);
  let added = 0;
  for (const candidate of items) {
    const item = await findItemById(db, candidate.id);
    if (!item) continue;
    const facts = await getAudienceFacts(db, item);
    // A reminder follows up the alert; whoever joined after the item was asked for finds it on their home page instead.
    const joinedLater = await listJoinedAfter(db, candidate.askedAt);
    const people = (await listOutstandingRecipients(db, item.id)).filter(
      (p) =>
        !optOuts.has(p.id) && !joinedLater.has(p.id) &&
        canSeeItem({ id: p.id, email: p.email, name: p.name, role: p.role, departmentId: p.departmentId }, facts, now),
    );
    if (people.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const p of people) {
        const key = `reminder:${item.id}:v${p.requiredVersion}:${p.id}`;
        if (await enqueueMessage(tx, { kind: "email", purpose: "reminder", dedupeKey: key, userId: p.id, itemId: item.id }, now.toISOString()))
          added++;
      }
    });
  }
  return added;
}

/* ---- The schedule ---- */

let lastCleanupDay: string | null = null;

/** One run of the schedule; returns what it queued. */
export async function runDeliverySchedule(now = new Date()): Promise<{ digests: number; reminders: number }> {
  const db = await getDb();
  const today = ukClock(now).day;
  if (lastCleanupDay !== today) {
    lastCleanupDay = today;
    await db.transaction(async (tx) => {
      // Email that can no longer be sent (too old) is cancelled even while no mail server is set, so the
      // outbox of a site without mail does not grow for ever; cancelled rows then go with the retention below.
      await cancelEmailQueuedBefore(tx, new Date(now.getTime() - getEnv().ALERT_MAX_AGE_DAYS * DAY_MS).toISOString());
      await deleteOldMessages(tx, new Date(now.getTime() - OUTBOX_RETENTION_DAYS * DAY_MS).toISOString());
      await deleteStaleDismissals(tx, new Date(now.getTime() - DISMISSAL_RETENTION_DAYS * DAY_MS).toISOString());
    });
  }
  if (!isMailConfigured()) return { digests: 0, reminders: 0 };
  const digests = await enqueueDigests(now);
  const reminders = await enqueueReminders(now);
  return { digests, reminders };
}

/** Runs the schedule every `everyMs` (and once now). Returns the stop function. */
export function startDeliveryScheduler(onQueued: () => void, everyMs = 60_000): () => Promise<void> {
  return repeat(
    everyMs,
    async () => {
      const r = await runDeliverySchedule();
      if (r.digests + r.reminders > 0) onQueued();
    },
    { failure: "delivery schedule failed" },
  );
}
