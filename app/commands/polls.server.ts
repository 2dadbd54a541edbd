/**
 * Quick polls on announcements: one question, one choice, anonymous. Results are shown to
 * a person after they vote (and to the announcement's author and comms editors, and to
 * everyone once the poll is closed). Voting is one transaction: mark "has voted", then
 * add one to the option, so a second vote and a lost count are both impossible.
 */
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { countVote, findPoll, findPollForItem, hasVotedInPoll, insertPoll, listPollOptions, markVoted, setPollClosed } from "~/models/poll.server";
import { canSeeItem } from "~/access/audience.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { can } from "~/access/permissions.server";
import { pausedMessage, pausingPeriod } from "./publicity.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

export const PollSchema = z.object({
  question: z.string().trim().min(1, "Enter the question").max(200, "The question must be 200 characters or fewer"),
  options: z
    .array(z.string().trim().max(100, "Each answer must be 100 characters or fewer"))
    .transform((o) => o.filter(Boolean))
    .refine((o) => o.length >= 2, "Give at least 2 answers")
    .refine((o) => o.length <= 6, "Give at most 6 answers")
    .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, "Each answer must be different"),
});

/** The author of an announcement, and those who may edit it (its department's managers, comms editors). */
export function canRunEngagement(actor: Actor, item: Pick<ItemRow, "authorId" | "departmentId">): boolean {
  if (item.authorId !== null && item.authorId === actor.id) return true;
  return can(actor, "update", "announcement", { departmentId: item.departmentId, authorId: item.authorId });
}

export async function visibleAnnouncement(q: Queryable, actor: Actor, itemId: number): Promise<ItemRow | null> {
  const item = await findItemById(q, itemId);
  if (!item || item.type !== "announcement") return null;
  return canSeeItem(actor, await getAudienceFacts(q, item)) ? item : null;
}

export type PollView = {
  id: number;
  question: string;
  closed: boolean;
  hasVoted: boolean;
  showResults: boolean;
  canManage: boolean;
  totalVotes: number | null;
  /** votes is null until results may be shown. */
  options: { id: number; label: string; votes: number | null; percent: number | null }[];
};

export async function getPollView(q: Queryable, actor: Actor, item: ItemRow): Promise<PollView | null> {
  const poll = await findPollForItem(q, item.id);
  if (!poll) return null;
  const [options, hasVoted] = await Promise.all([listPollOptions(q, poll.id), hasVotedInPoll(q, poll.id, actor.id)]);
  const canManage = canRunEngagement(actor, item);
  const closed = poll.closedAt !== null;
  const showResults = hasVoted || closed || canManage;
  const total = options.reduce((n, o) => n + o.votes, 0);
  return {
    id: poll.id, question: poll.question, closed, hasVoted, showResults, canManage,
    totalVotes: showResults ? total : null,
    options: options.map((o) => ({
      id: o.id, label: o.label,
      votes: showResults ? o.votes : null,
      percent: showResults ? (total ? Math.round((100 * o.votes) / total) : 0) : null,
    })),
  };
}

export type PollResult = { ok: true; pollId?: number } | { ok: false; status: 400 | 403 | 404 | 409; message: string; errors?: Record<string, string> };

export async function createPoll(actor: Actor, itemId: number, input: { question: string; options: string[] }, now = new Date()): Promise<PollResult> {
  const parsed = PollSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, status: 400, message: "Check the poll", errors };
  }
  const db = await getDb();
  return db.transaction(async (tx): Promise<PollResult> => {
    const item = await visibleAnnouncement(tx, actor, itemId);
    if (!item) return { ok: false, status: 404, message: "We could not find that announcement." };
    if (!canRunEngagement(actor, item)) return { ok: false, status: 403, message: "Only the announcement's author or an editor can add a poll." };
    if (await findPollForItem(tx, item.id)) return { ok: false, status: 409, message: "This announcement already has a poll." };
    const paused = await pausingPeriod(tx, item.id, now);
    if (paused) return { ok: false, status: 409, message: pausedMessage(paused) };
    const pollId = await insertPoll(tx, { itemId: item.id, question: parsed.data.question, options: parsed.data.options, createdBy: actor.id }, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: "poll.created", entityType: "item", entityId: item.id, detail: { pollId } }, now.toISOString());
    return { ok: true, pollId };
  });
}

export async function vote(actor: Actor, pollId: number, optionId: number, now = new Date()): Promise<PollResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<PollResult> => {
    const poll = await findPoll(tx, pollId);
    const item = poll ? await visibleAnnouncement(tx, actor, poll.itemId) : null;
    if (!poll || !item) return { ok: false, status: 404, message: "We could not find that poll." };
    if (poll.closedAt) return { ok: false, status: 409, message: "This poll has closed." };
    const paused = await pausingPeriod(tx, item.id, now);
    if (paused) return { ok: false, status: 409, message: pausedMessage(paused) };
    if (!(await markVoted(tx, poll.id, actor.id))) return { ok: false, status: 409, message: "You have already voted in this poll." };
    // Throwing rolls back the "has voted" mark too.
    if (!(await countVote(tx, poll.id, optionId))) throw new PollOptionError();
    return { ok: true, pollId: poll.id };
  }).catch((err) => {
    if (err instanceof PollOptionError) return { ok: false as const, status: 400 as const, message: "Choose one of the answers", errors: { optionId: "Choose one of the answers" } };
    throw err;
  });
}

class PollOptionError extends Error {}

export async function closePoll(actor: Actor, pollId: number, closed: boolean, now = new Date()): Promise<PollResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<PollResult> => {
    const poll = await findPoll(tx, pollId);
    const item = poll ? await visibleAnnouncement(tx, actor, poll.itemId) : null;
    if (!poll || !item) return { ok: false, status: 404, message: "We could not find that poll." };
    if (!canRunEngagement(actor, item)) return { ok: false, status: 403, message: "Only the announcement's author or an editor can close the poll." };
    await setPollClosed(tx, poll.id, closed ? now.toISOString() : null);
    return { ok: true, pollId: poll.id };
  });
}
