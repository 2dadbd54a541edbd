/**
 * The champions network page and thank-you notes, shaped per viewer (decision 137): guides
 * only those the viewer may open (visibleItemsSql), events only those canSeeEvent admits,
 * a thank-you note's guide or event only when the viewer may open it.
 */
import { visibleItemsSql } from "~/access/audience.server";
import { canSeeEvent } from "~/access/events.server";
import type { Actor } from "~/access/permissions.server";
import { countRequestsAnsweredBy, listChampions, listEventIdsRunBy, listExpertiseFor, listGuidesOfPeople, listVisibleItemsByIds } from "~/models/champions.server";
import { listDepartments } from "~/models/department.server";
import { listEventsBetween } from "~/models/event.server";
import { listOpenOffers } from "~/models/mentoring.server";
import { listThanksReceived, listThanksSent, type ThanksRow } from "~/models/thanks.server";
import type { Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { personUrl } from "./mentoring.server";

export type ChampionView = {
  id: number; name: string; url: string; jobTitle: string; topics: string[];
  guides: { title: string; url: string }[]; guideCount: number;
  events: { title: string; url: string; startsAt: string }[]; eventCount: number;
  requestsAnswered: number;
  offer: { topics: string[]; freePlaces: number; format: string } | null;
  askUrl: string;
};

export async function loadChampions(q: Queryable, viewer: Actor, filter: { department?: string; topic?: string }, now = new Date()) {
  const [champions, departments] = await Promise.all([listChampions(q), listDepartments(q)]);
  const ids = champions.map((c) => c.id);
  const [expertise, offers, guides, eventLinks, answered] = await Promise.all([
    listExpertiseFor(q, ids), listOpenOffers(q, { mentorIds: ids }), listGuidesOfPeople(q, visibleItemsSql(viewer, "i", { now }), champions),
    listEventIdsRunBy(q, ids), countRequestsAnsweredBy(q, ids),
  ]);
  const events = (await listEventsBetween(q, { ids: [...new Set(eventLinks.map((e) => e.eventId))] })).filter((e) => canSeeEvent(viewer, e));
  const at = now.toISOString();
  const views: (ChampionView & { departmentSlug: string | null })[] = champions.map((c) => {
    const offer = offers.find((o) => o.mentorId === c.id);
    const mine = guides.filter((g) => g.authorId === c.id || g.ownerEmail === c.email.toLowerCase());
    const runIds = new Set(eventLinks.filter((e) => e.userId === c.id).map((e) => e.eventId));
    const run = events.filter((e) => runIds.has(e.id));
    const upcoming = run.filter((e) => e.endsAt > at && e.status === "published");
    const topics = [...new Set([...expertise.filter((e) => e.userId === c.id).map((e) => e.tag), ...(offer?.topics ?? [])])].sort();
    return {
      id: c.id, name: c.name, url: personUrl(c.handle, c.id), jobTitle: c.jobTitle, topics, departmentSlug: c.departmentSlug,
      guides: mine.slice(0, 3).map((g) => ({ title: g.title, url: itemPath("guide", g.slug) })), guideCount: mine.length,
      events: upcoming.slice(0, 2).map((e) => ({ title: e.title, url: `/events/${e.id}`, startsAt: e.startsAt })), eventCount: run.length,
      requestsAnswered: answered.get(c.id) ?? 0,
      offer: offer ? { topics: offer.topics, freePlaces: Math.max(0, offer.capacity - offer.active), format: offer.format } : null,
      askUrl: `/requests/new?champion=${c.id}`,
    };
  });
  const topics = [...new Set(views.flatMap((v) => v.topics))].sort();
  const shown = views.filter((v) => (!filter.department || v.departmentSlug === filter.department) && (!filter.topic || v.topics.includes(filter.topic)));
  const groups = departments
    .filter((d) => !filter.department || d.slug === filter.department)
    .map((d) => ({ slug: d.slug, name: d.name, champions: shown.filter((v) => v.departmentSlug === d.slug) }))
    .filter((g) => g.champions.length > 0 || !filter.topic);
  return {
    groups, topics, departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    total: shown.length, withoutChampion: departments.filter((d) => !views.some((v) => v.departmentSlug === d.slug)).map((d) => d.name),
  };
}

export type ThanksView = {
  id: number; fromName: string; fromUrl: string; toName: string; toUrl: string; body: string; createdAt: string; onProfile: ThanksRow["onProfile"];
  about: { title: string; url: string } | null;
};

/** Resolves each note's guide or event for this viewer: shown only when they may open it. */
async function present(q: Queryable, viewer: Actor, rows: ThanksRow[], now: Date): Promise<ThanksView[]> {
  const items = await listVisibleItemsByIds(q, visibleItemsSql(viewer, "i", { includeExpired: true, now }), [...new Set(rows.flatMap((r) => (r.itemId ? [r.itemId] : [])))]);
  const eventIds = [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))];
  const events = eventIds.length ? (await listEventsBetween(q, { ids: eventIds })).filter((e) => canSeeEvent(viewer, e)) : [];
  return rows.map((r) => {
    const item = r.itemId ? items.find((i) => i.id === r.itemId) : undefined;
    const event = r.eventId ? events.find((e) => e.id === r.eventId) : undefined;
    return {
      id: r.id, fromName: r.senderName, fromUrl: personUrl(r.senderHandle, r.senderId), toName: r.recipientName, toUrl: personUrl(r.recipientHandle, r.recipientId),
      body: r.body, createdAt: r.createdAt, onProfile: r.onProfile,
      about: item ? { title: item.title, url: itemPath(item.type, item.slug) } : event ? { title: event.title, url: `/events/${event.id}` } : null,
    };
  });
}

/** The notes a person chose to show, as a viewer of their profile sees them. */
export async function thanksForProfile(q: Queryable, viewer: Actor, personId: number, now = new Date()): Promise<ThanksView[]> {
  return present(q, viewer, await listThanksReceived(q, personId, true, 20), now);
}

/** /thanks: notes the viewer received (with their choices) and sent. */
export async function thanksOfViewer(q: Queryable, viewer: Actor, now = new Date()) {
  const [received, sent] = await Promise.all([listThanksReceived(q, viewer.id, false), listThanksSent(q, viewer.id)]);
  return { received: await present(q, viewer, received, now), sent: await present(q, viewer, sent, now) };
}
