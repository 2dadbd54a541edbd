/**
 * The comms team's one calendar: every scheduled publish, expiry, review date falling due,
 * event, campaign and pre-election period between two days, with clashes flagged:
 *   - two urgent or must-read items to the same department on the same day;
 *   - a publish during a pre-election period (in its scope);
 *   - a campaign ending before one of its items goes live.
 * Items appear only for those who may open them (canSeeItem, or canOpenInEditor for items
 * not yet live); the figures are dates, no personal data.
 */
import { canSeeItem, type Viewer } from "~/access/audience.server";
import { canOpenInEditor } from "~/access/drafts.server";
import type { Actor } from "~/access/permissions.server";
import { canSeeEvent } from "~/access/events.server";
import { listEventsBetween } from "~/models/event.server";
import { listCampaignsBetween } from "~/models/campaign.server";
import { listPeriods } from "~/models/election.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { campaignItemIdsFor, itemChannelsFor, itemDepartmentsFor, listItemDatesBetween } from "~/models/plan-calendar.server";
import type { Queryable } from "~/utils/db.server";
import { addDays, isoDay } from "~/utils/dates";
import { itemPath } from "~/utils/item-path";

export type EntryKind = "publish" | "expiry" | "review" | "campaign-start" | "campaign-end" | "election" | "event";
export type CalendarEntry = {
  id: string;
  day: string;
  kind: EntryKind;
  title: string;
  href: string;
  detail: string;
  /** Departments it is for; empty: everyone. */
  departmentIds: number[];
  channelIds: number[];
  alert: boolean;
};
export type Clash = { day: string; kind: "alerts" | "election" | "campaign"; message: string };

export const KIND_LABELS: Record<EntryKind, string> = {
  publish: "Publishes", expiry: "Expires", review: "Review due", "campaign-start": "Campaign starts", "campaign-end": "Campaign ends", election: "Pre-election period", event: "Event",
};

const overlaps = (a: number[], b: number[]) => !a.length || !b.length || a.some((x) => b.includes(x));

export async function planCalendar(
  q: Queryable,
  viewer: Viewer & Actor,
  range: { from: string; to: string; departmentId?: number | null; channelId?: number | null },
  now = new Date(),
): Promise<{ entries: CalendarEntry[]; clashes: Clash[] }> {
  // Items: a little wider than the range (UK days start up to an hour before UTC ones).
  const fromInstant = new Date(Date.parse(`${range.from}T00:00:00Z`) - 3_600_000).toISOString();
  const toInstant = new Date(Date.parse(`${addDays(range.to, 1)}T00:00:00Z`) + 3_600_000).toISOString();
  const rows = await listItemDatesBetween(q, fromInstant, toInstant);
  const visible: typeof rows = [];
  for (const row of rows) {
    const item = await findItemById(q, row.id);
    if (!item) continue;
    if (canSeeItem(viewer, { ...(await getAudienceFacts(q, item)), publishAt: null, expiresAt: null }, now) || canOpenInEditor(viewer, item)) visible.push(row);
  }
  const ids = visible.map((r) => r.id);
  const [departments, channels] = await Promise.all([itemDepartmentsFor(q, ids), itemChannelsFor(q, ids)]);
  const entries: CalendarEntry[] = [];
  const inRange = (day: string) => day >= range.from && day <= range.to;
  const publishDay = new Map<number, string>();
  for (const r of visible) {
    const base = { title: r.title, href: itemPath(r.type, r.slug), departmentIds: departments.get(r.id) ?? [], channelIds: channels.get(r.id) ?? [] };
    const alert = r.priority === "urgent" || (r.type === "announcement" && !!r.mustRead);
    if (r.publishAt) {
      const day = isoDay(r.publishAt);
      publishDay.set(r.id, day);
      if (inRange(day)) entries.push({ ...base, id: `publish-${r.id}`, day, kind: "publish", alert, detail: `${r.type}${alert ? (r.priority === "urgent" ? ", urgent" : ", must-read") : ""}${r.status !== "published" ? ` (${r.status})` : ""}` });
    }
    if (r.expiresAt) {
      const day = isoDay(r.expiresAt);
      if (inRange(day)) entries.push({ ...base, id: `expiry-${r.id}`, day, kind: "expiry", alert: false, detail: r.type });
    }
    if (r.reviewBy && inRange(r.reviewBy)) entries.push({ ...base, id: `review-${r.id}`, day: r.reviewBy, kind: "review", alert: false, detail: r.ownerEmail ? `owner ${r.ownerEmail}` : "no owner" });
  }
  const campaigns = await listCampaignsBetween(q, range.from, range.to);
  for (const c of campaigns) {
    const base = { title: c.name, href: `/admin/campaigns/${c.id}`, departmentIds: c.departmentId ? [c.departmentId] : [], channelIds: [], alert: false, detail: c.objective };
    if (inRange(c.startsOn)) entries.push({ ...base, id: `campaign-start-${c.id}`, day: c.startsOn, kind: "campaign-start" });
    if (inRange(c.endsOn)) entries.push({ ...base, id: `campaign-end-${c.id}`, day: c.endsOn, kind: "campaign-end" });
  }
  const events = await listEventsBetween(q, { from: fromInstant, to: toInstant, statuses: ["published"] });
  for (const e of events) {
    if (!canSeeEvent(viewer, e)) continue;
    const day = isoDay(e.startsAt);
    if (inRange(day))
      entries.push({
        id: `event-${e.id}`, day, kind: "event", title: e.title, href: `/events/${e.id}`, detail: `${e.type}${e.place ? `, ${e.place}` : ""}`,
        departmentIds: e.audience === "departments" ? e.audienceDepartmentIds : e.departmentId ? [e.departmentId] : [], channelIds: [], alert: false,
      });
  }
  const periods = (await listPeriods(q)).filter((p) => p.noticeOn <= range.to && p.pollingOn >= range.from);
  for (const p of periods) {
    const base = { title: p.title, href: `/admin/elections/${p.id}`, departmentIds: p.scope === "departments" ? p.departmentIds : [], channelIds: [], alert: false };
    if (inRange(p.noticeOn)) entries.push({ ...base, id: `election-start-${p.id}`, day: p.noticeOn, kind: "election", detail: "Pre-election period starts (notice of election)" });
    if (inRange(p.pollingOn)) entries.push({ ...base, id: `election-end-${p.id}`, day: p.pollingOn, kind: "election", detail: "Polling day: the period ends" });
  }

  // Clashes, found before filtering so a filter never hides why something clashes.
  const clashes: Clash[] = [];
  const alerts = entries.filter((e) => e.kind === "publish" && e.alert);
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of alerts) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  for (const [day, list] of byDay)
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (overlaps(list[i].departmentIds, list[j].departmentIds))
          clashes.push({ day, kind: "alerts", message: `Two urgent or must-read items reach the same people on the same day: “${list[i].title}” and “${list[j].title}”.` });
  for (const e of entries.filter((x) => x.kind === "publish"))
    for (const p of periods)
      if (e.day >= p.noticeOn && e.day <= p.pollingOn && (p.scope !== "departments" || overlaps(e.departmentIds, p.departmentIds)))
        clashes.push({ day: e.day, kind: "election", message: `“${e.title}” publishes during the pre-election period “${p.title}”: it needs a publicity review.` });
  const links = await campaignItemIdsFor(q, campaigns.map((c) => c.id));
  for (const c of campaigns)
    for (const link of links.filter((l) => l.campaignId === c.id)) {
      const day = publishDay.get(link.itemId);
      const title = visible.find((r) => r.id === link.itemId)?.title;
      if (day && title && day > c.endsOn)
        clashes.push({ day: c.endsOn, kind: "campaign", message: `The campaign “${c.name}” ends before its item “${title}” goes live.` });
    }

  const keep = (e: CalendarEntry) =>
    (!range.departmentId || !e.departmentIds.length || e.departmentIds.includes(range.departmentId)) &&
    (!range.channelId || e.channelIds.includes(range.channelId));
  const order: EntryKind[] = ["election", "campaign-start", "publish", "event", "expiry", "review", "campaign-end"];
  entries.sort((a, b) => a.day.localeCompare(b.day) || order.indexOf(a.kind) - order.indexOf(b.kind) || a.title.localeCompare(b.title));
  clashes.sort((a, b) => a.day.localeCompare(b.day));
  return { entries: entries.filter(keep), clashes };
}
