/**
 * What the mentoring pages show (decision 136), allow-listed per viewer: a person's own
 * pairs, offer and asks; a pair's goals and log for the two of them only; the
 * coordinator's counts, queue and end feedback (never goals or logs).
 */
import { canCoordinateMentoring, canReadPair } from "~/access/mentoring.server";
import type { Actor } from "~/access/permissions.server";
import {
  findOfferByMentor, findPairPrivate, getMentoringSetting, listAsksOf, listEndFeedback, listKnownTopics, listLogEntries, listOpenAsks, listOpenOffers,
  listPairsOf, mentoringCounts, type OfferRow,
} from "~/models/mentoring.server";
import { addDays, ukTodayIso } from "~/utils/dates";
import type { Queryable } from "~/utils/db.server";

export type OfferView = {
  id: number; mentorName: string; mentorUrl: string; departmentName: string | null; jobTitle: string; topics: string[]; format: OfferRow["format"];
  about: string; freePlaces: number;
};

export function personUrl(handle: string | null, id: number): string {
  return `/people/${handle ?? id}`;
}

function offerView(o: OfferRow): OfferView {
  return {
    id: o.id, mentorName: o.mentorName, mentorUrl: personUrl(o.mentorHandle, o.mentorId), departmentName: o.departmentName, jobTitle: o.jobTitle,
    topics: o.topics, format: o.format, about: o.about, freePlaces: Math.max(0, o.capacity - o.active),
  };
}

/** Open offers with a free place (optionally on a topic), not the viewer's own. */
export async function offersWithPlaces(q: Queryable, viewerId: number, tag?: string): Promise<OfferView[]> {
  return (await listOpenOffers(q, { tag })).filter((o) => o.mentorId !== viewerId && o.active < o.capacity).map(offerView);
}

export async function loadMentoringHome(q: Queryable, viewer: Actor) {
  const [pairs, offer, asks, selfMatch, topics] = await Promise.all([
    listPairsOf(q, viewer.id), findOfferByMentor(q, viewer.id), listAsksOf(q, viewer.id), getMentoringSetting(q, "self_match"), listKnownTopics(q),
  ]);
  return {
    pairs: pairs.map((p) => ({
      id: p.id, tag: p.tag, status: p.status, role: p.mentorId === viewer.id ? ("mentor" as const) : ("mentee" as const),
      otherName: p.mentorId === viewer.id ? p.menteeName : p.mentorName, startedAt: p.startedAt, endedAt: p.endedAt,
    })),
    offer: offer ? { ...offerView(offer), capacity: offer.capacity, isOpen: offer.isOpen, active: offer.active } : null,
    asks: asks.map((a) => ({ id: a.id, tag: a.tag, format: a.format, hopes: a.hopes, createdAt: a.createdAt })),
    selfMatch: selfMatch === "on",
    canCoordinate: canCoordinateMentoring(viewer),
    topics,
  };
}

/** The pair's page: undefined unless the viewer is one of the pair (the route answers 404). */
export async function loadPairPage(q: Queryable, viewer: Actor, pairId: number) {
  const pair = await findPairPrivate(q, pairId);
  if (!pair || !canReadPair(viewer, pair)) return undefined;
  const log = await listLogEntries(q, pairId);
  const lastMetOn = log[0]?.metOn ?? null;
  return {
    id: pair.id, tag: pair.tag, status: pair.status, goals: pair.goals, meetEveryDays: pair.meetEveryDays, startedAt: pair.startedAt, endedAt: pair.endedAt,
    mentorName: pair.mentorName, menteeName: pair.menteeName, youAre: pair.mentorId === viewer.id ? ("mentor" as const) : ("mentee" as const),
    log: log.map((l) => ({ id: l.id, metOn: l.metOn, notes: l.notes, byYou: l.authorId === viewer.id, authorName: l.authorName })),
    lastMetOn,
    nextDue: addDays(lastMetOn ?? pair.startedAt.slice(0, 10), pair.meetEveryDays),
  };
}

/** The coordinator's page: counts, the queue of open asks with offers that fit, feedback left at the end. No goals, no logs. */
export async function loadCoordination(q: Queryable, now = new Date()) {
  const since = addDays(ukTodayIso(now), -90);
  const [counts, asks, offers, feedback, selfMatch] = await Promise.all([
    mentoringCounts(q, since), listOpenAsks(q), listOpenOffers(q), listEndFeedback(q), getMentoringSetting(q, "self_match"),
  ]);
  return {
    counts, since, selfMatch: selfMatch === "on", feedback,
    queue: asks.map((a) => ({
      id: a.id, menteeName: a.menteeName, departmentName: a.departmentName, tag: a.tag, format: a.format, hopes: a.hopes, createdAt: a.createdAt,
      candidates: offers.filter((o) => o.mentorId !== a.menteeId && o.active < o.capacity && o.topics.includes(a.tag)).map(offerView),
    })),
    offers: offers.map(offerView),
  };
}
