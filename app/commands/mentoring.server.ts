/**
 * Mentoring (issue 19, decision 136): offers, asks, matching (by a coordinator, or by the
 * person from the offers when the coordinator allows it), goals, the private session log,
 * ending with feedback for the coordinator, and reminders to pairs that have not logged a
 * meeting for their agreed interval (from the hourly knowledge sweep). Each change is ONE
 * transaction; email goes through the outbox in it (`queueKnowledgeMail`) and never carries
 * goals or log text.
 */
import { canCoordinateMentoring, canReadPair } from "~/access/mentoring.server";
import { recordDenied, type Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import {
  countActivePairsOfMentor, findAsk, findOfferById, findPair, getMentoringSetting, hasActivePair, insertAsk, insertLogEntry,
  insertPair, listActivePairsWithLastMeeting, markPairEnded, recordReminder, saveOffer, setAskStatus, setMentoringSetting, setPairGoals,
  type AskRow, type OfferRow, type PairRow,
} from "~/models/mentoring.server";
import { findUserById } from "~/models/user.server";
import type { MentoringFormat } from "~/schemas/mentoring";
import { addDays, formatDate, isoDay, ukTodayIso } from "~/utils/dates";
import { getDb, type Queryable } from "~/utils/db.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export class MentoringProblem extends Error {
  constructor(message: string, readonly status = 400, readonly field?: string) {
    super(message);
  }
}

/** A rule the person ran into as the status, field and message a page shows; anything else is rethrown. */
export function mentoringProblem(err: unknown): { status: number; message: string; field?: string } {
  if (err instanceof MentoringProblem) return { status: err.status, message: err.message, field: err.field };
  throw err;
}

const NOT_FOUND = () => new MentoringProblem("We could not find that mentoring pair.", 404);

async function tell(q: Queryable, userId: number, key: string, subject: string, lines: string[], path: string, at: string, purpose: "alert" | "reminder" = "alert") {
  const person = await findUserById(q, userId);
  if (!person || person.active !== 1) return;
  await queueKnowledgeMail(q, { purpose, dedupeKey: `mentoring:${key}:${userId}`, userId, subject, lines, link: { text: "Open mentoring", path } }, at);
}

/** Whether people may choose a mentor from the offers themselves (the coordinator's setting; off by default). */
export async function selfMatchAllowed(q?: Queryable): Promise<boolean> {
  return (await getMentoringSetting(q ?? (await getDb()), "self_match")) === "on";
}

export async function setSelfMatch(actor: Actor, on: boolean, now = new Date()): Promise<void> {
  if (!canCoordinateMentoring(actor)) {
    recordDenied(actor, "manage:learning");
    throw new MentoringProblem("Only mentoring coordinators can change this.", 403);
  }
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setMentoringSetting(tx, "self_match", on ? "on" : "off", actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: "mentoring.self-match", detail: { on } }, at);
  });
}

export type OfferInput = { topics: string[]; capacity: number; format: MentoringFormat; about: string; isOpen: boolean };

/** Creates or changes the person's own offer. Lowering the capacity never ends a pair. */
export async function saveMentoringOffer(actor: Actor, input: OfferInput, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const id = await saveOffer(tx, actor.id, input, at);
    await recordAudit(tx, { actorId: actor.id, action: "mentoring.offer", entityType: "mentoring-offer", entityId: id, detail: { topics: input.topics, isOpen: input.isOpen } }, at);
    return id;
  });
}

export async function askForMentor(actor: Actor, input: { topic: string; format: MentoringFormat; hopes: string }, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const id = await insertAsk(tx, { menteeId: actor.id, tag: input.topic, format: input.format, hopes: input.hopes }, at);
    await recordAudit(tx, { actorId: actor.id, action: "mentoring.ask", entityType: "mentoring-ask", entityId: id, detail: { topic: input.topic } }, at);
    return id;
  });
}

export async function withdrawAsk(actor: Actor, askId: number, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const ask = await findAsk(tx, askId);
    if (!ask || ask.menteeId !== actor.id) throw new MentoringProblem("We could not find that request.", 404);
    if (ask.status === "open") await setAskStatus(tx, askId, "withdrawn", at);
  });
}

/** Why this offer cannot take this ask (or null). */
function mismatch(ask: AskRow, offer: OfferRow, active: number): string | null {
  if (ask.status !== "open") return "This request already has a mentor or was withdrawn.";
  if (!offer.isOpen) return "This mentor is not taking anyone new at the moment.";
  if (offer.mentorId === ask.menteeId) return "Someone cannot mentor themselves.";
  if (!offer.topics.includes(ask.tag)) return `This mentor does not offer mentoring on “${ask.tag}”.`;
  if (active >= offer.capacity) return "This mentor has no free place.";
  return null;
}

async function makePair(tx: Queryable, ask: AskRow, offer: OfferRow, matchedBy: number | null, at: string): Promise<number> {
  const problem = mismatch(ask, offer, await countActivePairsOfMentor(tx, offer.mentorId));
  if (problem) throw new MentoringProblem(problem, 409, "offerId");
  if (await hasActivePair(tx, offer.mentorId, ask.menteeId)) throw new MentoringProblem("These two are already a mentoring pair.", 409, "offerId");
  const mentor = await findUserById(tx, offer.mentorId);
  if (!mentor || mentor.active !== 1) throw new MentoringProblem("This mentor is not taking anyone new at the moment.", 409, "offerId");
  const pairId = await insertPair(tx, { mentorId: offer.mentorId, menteeId: ask.menteeId, tag: ask.tag, askId: ask.id, matchedBy }, at);
  await setAskStatus(tx, ask.id, "matched", at);
  await recordAudit(tx, { actorId: matchedBy ?? ask.menteeId, action: "mentoring.match", entityType: "mentoring-pair", entityId: pairId, detail: { topic: ask.tag, chosen: matchedBy === null } }, at);
  const path = `/mentoring/pairs/${pairId}`;
  await tell(tx, offer.mentorId, `paired:${pairId}`, `New mentoring pair: ${ask.menteeName}`,
    [`You are now mentoring ${ask.menteeName} on “${ask.tag}”.`, "Agree your goals and how often you will meet, and write them on your pair's page. Only the two of you can read it."], path, at);
  await tell(tx, ask.menteeId, `paired:${pairId}`, `Your mentor: ${offer.mentorName}`,
    [`${offer.mentorName} will mentor you on “${ask.tag}”.`, "Agree your goals and how often you will meet, and write them on your pair's page. Only the two of you can read it."], path, at);
  return pairId;
}

/** A coordinator matches an open ask with an offer. */
export async function matchMentoring(actor: Actor, askId: number, offerId: number, now = new Date()): Promise<number> {
  if (!canCoordinateMentoring(actor)) {
    recordDenied(actor, "manage:learning");
    throw new MentoringProblem("Only mentoring coordinators can match people.", 403);
  }
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [ask, offer] = await Promise.all([findAsk(tx, askId), findOfferById(tx, offerId)]);
    if (!ask) throw new MentoringProblem("We could not find that request.", 404, "askId");
    if (!offer) throw new MentoringProblem("Choose a mentor for this request", 400, "offerId");
    return makePair(tx, ask, offer, actor.id, at);
  });
}

/** The person chooses a mentor from the offers, when the coordinator allows it. */
export async function chooseMentor(actor: Actor, askId: number, offerId: number, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (!(await selfMatchAllowed(tx))) throw new MentoringProblem("The mentoring coordinator matches people at the moment: they will be in touch.", 403);
    const [ask, offer] = await Promise.all([findAsk(tx, askId), findOfferById(tx, offerId)]);
    if (!ask || ask.menteeId !== actor.id) throw new MentoringProblem("We could not find that request.", 404, "askId");
    if (!offer) throw new MentoringProblem("Choose a mentor", 400, "offerId");
    return makePair(tx, ask, offer, null, at);
  });
}

async function pairFor(tx: Queryable, actor: Actor, pairId: number): Promise<PairRow> {
  const pair = await findPair(tx, pairId);
  // Not theirs: the same answer as no pair at all, for everyone (coordinators and admins too).
  if (!pair || !canReadPair(actor, pair)) throw NOT_FOUND();
  return pair;
}

const other = (pair: PairRow, actor: Actor) => (pair.mentorId === actor.id ? { id: pair.menteeId, name: pair.menteeName } : { id: pair.mentorId, name: pair.mentorName });

export async function setGoals(actor: Actor, pairId: number, goals: string, meetEveryDays: number, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const pair = await pairFor(tx, actor, pairId);
    if (pair.status !== "active") throw new MentoringProblem("This mentoring has ended.", 409);
    await setPairGoals(tx, pairId, goals, meetEveryDays, at);
  });
}

/** One of the pair logs a meeting (on a day not in the future). */
export async function logMeeting(actor: Actor, pairId: number, metOn: string, notes: string, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const pair = await pairFor(tx, actor, pairId);
    if (pair.status !== "active") throw new MentoringProblem("This mentoring has ended.", 409);
    if (metOn > ukTodayIso(now)) throw new MentoringProblem("The date you met cannot be in the future", 400, "metOn");
    if (metOn < isoDay(pair.startedAt)) throw new MentoringProblem(`The date you met cannot be before the pair started (${formatDate(pair.startedAt)})`, 400, "metOn");
    return insertLogEntry(tx, { pairId, authorId: actor.id, metOn, notes }, at);
  });
}

/** Either of the pair ends it; the optional feedback is for the coordinator. The other person is told. */
export async function endPair(actor: Actor, pairId: number, feedback: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const pair = await pairFor(tx, actor, pairId);
    if (pair.status !== "active") return;
    await markPairEnded(tx, pairId, actor.id, feedback, at);
    await recordAudit(tx, { actorId: actor.id, action: "mentoring.end", entityType: "mentoring-pair", entityId: pairId, detail: { feedback: feedback !== "" } }, at);
    const them = other(pair, actor);
    await tell(tx, them.id, `ended:${pairId}`, `Mentoring ended: ${pair.tag}`,
      [`${actor.name} ended your mentoring on “${pair.tag}”. Your log stays readable by the two of you.`, "Thank you for taking part."], `/mentoring/pairs/${pairId}`, at);
  });
}

/** Days between two "YYYY-MM-DD" days. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Pairs that have not logged a meeting for their agreed interval (since the last meeting,
 * or since they started) are reminded: both of them, once per overdue interval
 * (mentoring_reminders; the outbox's dedupe key too). Run by the hourly knowledge sweep.
 */
export async function sendMentoringReminders(now = new Date()): Promise<number> {
  const at = now.toISOString();
  const today = ukTodayIso(now);
  const db = await getDb();
  return db.transaction(async (tx) => {
    let sent = 0;
    for (const p of await listActivePairsWithLastMeeting(tx)) {
      const last = p.lastMetOn ?? isoDay(p.startedAt);
      const overdue = daysBetween(last, today);
      if (overdue < p.meetEveryDays) continue;
      const dueOn = addDays(last, Math.floor(overdue / p.meetEveryDays) * p.meetEveryDays);
      if (!(await recordReminder(tx, p.id, dueOn, at))) continue;
      const since = p.lastMetOn ? `since ${formatDate(p.lastMetOn)}` : `since you were paired on ${formatDate(p.startedAt)}`;
      for (const [userId, otherName] of [[p.mentorId, p.menteeName], [p.menteeId, p.mentorName]] as const) {
        await tell(tx, userId, `reminder:${p.id}:${dueOn}`, `Time to meet: mentoring with ${otherName}`,
          [`You agreed to meet every ${p.meetEveryDays / 7} week${p.meetEveryDays === 7 ? "" : "s"}, and no meeting has been logged ${since}.`,
            "Arrange a meeting, and log it on your pair's page when you have met."], `/mentoring/pairs/${p.id}`, at, "reminder");
        sent++;
      }
    }
    return sent;
  });
}
