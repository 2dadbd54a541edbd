/**
 * Microsoft Teams: a channel with an incoming webhook (set by an administrator) gets a
 * card for each newly published item posted in it. Posts go through the outbox like mail.
 *
 * A Teams channel's members are not the intranet's audience rule, so only items for
 * everyone are posted, and only their title, summary and link (never the body).
 */
import { recordAudit } from "~/models/audit.server";
import type { ItemRow } from "~/models/item.server";
import { enqueueMessage, getChannelWebhook, listDepartmentTeamsChannels, setChannelWebhook, type OutboxRow } from "~/models/outbox.server";
import { listCampaignItemIds } from "~/models/campaign.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { isListed } from "~/access/audience.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { assertCan, type Actor } from "~/access/permissions.server";
import { absoluteUrl } from "~/utils/mail.server";
import { logPeriod } from "~/models/election.server";
import { pausingPeriod } from "./publicity.server";


/** May this item be posted to Teams at all? */
export function isTeamsPostable(item: Pick<ItemRow, "audience">): boolean {
  return item.audience === "everyone";
}

/** Queues one post per channel of the item that has a webhook. */
export async function enqueueTeamsPosts(q: Queryable, item: ItemRow, channelIds: number[], now = new Date()): Promise<number> {
  if (!isTeamsPostable(item)) return 0;
  // Paused during a pre-election period that covers the item (decision 161); the period's log says so.
  const paused = await pausingPeriod(q, item.id, now);
  if (paused) {
    await logPeriod(q, { periodId: paused.id, event: "paused", itemId: item.id, itemTitle: item.title, detail: "Teams post not sent" }, now.toISOString());
    return 0;
  }
  let added = 0;
  for (const channelId of channelIds) {
    if (!(await getChannelWebhook(q, channelId))) continue;
    const key = `teams:${item.id}:${channelId}`;
    if (await enqueueMessage(q, { kind: "teams", purpose: "teams", dedupeKey: key, itemId: item.id, channelId })) added++;
  }
  return added;
}

export type TeamsCard = Record<string, unknown>;

/**
 * An Adaptive Card message, the format Teams incoming webhooks and Workflows accept: the
 * channel's name, a bold title, then the given lines, with one button to the intranet.
 */
function adaptiveCard(channelName: string, title: string, lines: string[], link: string | null): TeamsCard {
  return {
    type: "message",
    summary: title,
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: channelName, size: "Small", isSubtle: true, wrap: true },
            { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true },
            ...lines.map((text) => ({ type: "TextBlock", text, wrap: true })),
          ],
          actions: link ? [{ type: "Action.OpenUrl", title: "Read it on the intranet", url: link }] : [],
        },
      },
    ],
  };
}

/** The card for one item (or a correction of it). */
export function teamsCard(item: Pick<ItemRow, "type" | "slug" | "title" | "summary" | "priority">, channelName: string, correction?: string): TeamsCard {
  const flag = correction !== undefined ? "Correction: " : item.priority === "urgent" ? "Urgent: " : item.priority === "need-to-know" ? "Need to know: " : "";
  return adaptiveCard(channelName, `${flag}${item.title}`, [correction ?? item.summary], absoluteUrl(itemPath(item.type, item.slug)));
}

/** Posts a card to a webhook; throws unless Teams accepts it (the outbox retries). */
export async function postToTeams(webhookUrl: string, card: TeamsCard): Promise<void> {
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(card),
    signal: AbortSignal.timeout(10_000),
    redirect: "error",
  });
  if (!res.ok) throw new Error(`Teams answered ${res.status}`);
  await res.arrayBuffer().catch(() => undefined);
}

/** Where a queued Teams row goes, or why it should not go any more. */
export async function resolveTeamsTarget(q: Queryable, row: OutboxRow): Promise<{ url: string } | { cancel: string }> {
  if (!row.channelId) return { cancel: "no channel" };
  if (row.itemId && (await pausingPeriod(q, row.itemId))) return { cancel: "paused: pre-election period" };
  const url = await getChannelWebhook(q, row.channelId);
  return url ? { url } : { cancel: "the channel no longer has a Teams webhook" };
}

/**
 * A webhook address an administrator may set: https, or http to this machine (for
 * testing). Returns the normalised URL or null.
 */
export function parseWebhookUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return null;
  if (url.username || url.password) return null;
  return url.toString();
}

/**
 * An administrator sets (or, with an empty value, removes) a channel's Teams webhook.
 * The address is a secret (anyone holding it can post to the Teams channel): it is kept
 * out of the audit log and shown back only shortened.
 */
export async function setTeamsWebhook(
  actor: Actor,
  channelId: number,
  raw: string,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  assertCan(actor, "manage", "channel");
  const value = raw.trim();
  const url = value === "" ? null : parseWebhookUrl(value);
  if (value !== "" && !url)
    return { ok: false, errors: { teamsWebhookUrl: "Enter the webhook address from Teams, starting https://" } };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setChannelWebhook(tx, channelId, url);
    await recordAudit(tx, { actorId: actor.id, action: "channel.teams-webhook", entityType: "channel", entityId: channelId, detail: { set: !!url } });
  });
  return { ok: true };
}

/** "https://council.webhook.office.com/…k3x9" — enough to recognise, not enough to use. */
export function maskWebhookUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…${url.slice(-4)}`;
  } catch {
    return "…";
  }
}

/* ---- Campaign reminders to a department's Teams channel (issue 24) ---- */

/**
 * The campaign's items that may be named in a Teams post now: live, for everyone, not paused by
 * a pre-election period. Anything narrower is never named (Teams membership is not our audience).
 */
export async function campaignTeamsItems(q: Queryable, campaignId: number, now = new Date()): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for (const id of await listCampaignItemIds(q, campaignId)) {
    const item = await findItemById(q, id);
    if (!item || !isTeamsPostable(item) || !isListed(await getAudienceFacts(q, item), now)) continue;
    if (await pausingPeriod(q, item.id, now)) continue;
    out.push(item);
  }
  return out;
}

/** A card asking a department's channel to read a campaign's items. */
export function campaignCard(campaign: { name: string; objective: string }, items: Pick<ItemRow, "type" | "slug" | "title">[], channelName: string): TeamsCard {
  const links = items.map((i) => `- [${i.title.replace(/[[\]]/g, "")}](${absoluteUrl(itemPath(i.type, i.slug))})`);
  const first = items[0];
  return adaptiveCard(channelName, `Reminder: ${campaign.name}`, [campaign.objective, "Please read:", ...links], first ? absoluteUrl(itemPath(first.type, first.slug)) : null);
}

/** The campaign a queued Teams row reminds about, if it is one. */
export function campaignOf(row: Pick<OutboxRow, "payloadJson">): number | null {
  try {
    const p = JSON.parse(row.payloadJson) as { template?: unknown; campaignId?: unknown };
    return p.template === "campaign" && typeof p.campaignId === "number" ? p.campaignId : null;
  } catch {
    return null;
  }
}

/** Queues one post per Teams channel of the department; the items are chosen again when it is sent. */
export async function enqueueCampaignTeamsPosts(q: Queryable, campaignId: number, departmentId: number, now = new Date()): Promise<{ posts: number; channels: number }> {
  const channels = await listDepartmentTeamsChannels(q, departmentId);
  let posts = 0;
  const day = now.toISOString().slice(0, 10);
  for (const channel of channels) {
    const key = `teams-campaign:${campaignId}:${departmentId}:${channel.id}:${day}`;
    if (await enqueueMessage(q, { kind: "teams", purpose: "teams", dedupeKey: key, channelId: channel.id, payload: { template: "campaign", campaignId, departmentId } }, now.toISOString())) posts++;
  }
  return { posts, channels: channels.length };
}