/**
 * Q&A on announcements: any reader asks; the author (or an editor of the announcement)
 * answers; comms editors hide questions that should not be there (the asker still sees
 * their own, marked hidden). The author is told of new questions, the asker of answers.
 */
import { recordAudit } from "~/models/audit.server";
import type { ItemRow } from "~/models/item.server";
import { findQuestion, insertQuestion, listQuestions, setAnswer, setHidden, type QuestionRow } from "~/models/question.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { can } from "~/access/permissions.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { canRunEngagement, getPollView, visibleAnnouncement, type PollView } from "./polls.server";
import { pausedMessage, pausingPeriod } from "./publicity.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"]; sight?: SessionUser["sight"] };

export const QUESTION_MAX = 1000;
export const ANSWER_MAX = 3000;

/** Comms editors (and admins) moderate. */
export function canModerate(actor: Actor): boolean {
  return can(actor, "review", "announcement", { departmentId: null });
}

export type QuestionsView = { canAnswer: boolean; canModerate: boolean; questions: QuestionRow[] };

/** `hasQuestions` false: the page's one statement found none on the item (decision 265), so none are read. */
export async function getQuestionsView(q: Queryable, actor: Actor, item: ItemRow, hasQuestions = true): Promise<QuestionsView> {
  const moderator = canModerate(actor);
  return {
    canAnswer: canRunEngagement(actor, item),
    canModerate: moderator,
    questions: hasQuestions ? await listQuestions(q, item.id, moderator ? "all" : { askerId: actor.id }) : [],
  };
}

export type QuestionResult = { ok: true; questionId: number } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

export async function askQuestion(actor: Actor, itemId: number, body: string, now = new Date()): Promise<QuestionResult> {
  const text = body.trim();
  if (!text) return { ok: false, status: 400, message: "Enter your question" };
  if (text.length > QUESTION_MAX) return { ok: false, status: 400, message: `Your question must be ${QUESTION_MAX} characters or fewer` };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<QuestionResult> => {
    const item = await visibleAnnouncement(tx, actor, itemId);
    if (!item) return { ok: false, status: 404, message: "We could not find that announcement." };
    const paused = await pausingPeriod(tx, item.id, now);
    if (paused) return { ok: false, status: 409, message: pausedMessage(paused) };
    const questionId = await insertQuestion(tx, item.id, actor.id, text, at);
    if (item.authorId && item.authorId !== actor.id)
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `question:${questionId}`,
        userId: item.authorId,
        itemId: item.id,
        subject: `A question about "${item.title}"`,
        lines: [`${actor.name} asked a question about your announcement "${item.title}".`],
        link: { text: "Read and answer it", path: `/questions/${item.id}#question-${questionId}` },
      }, at);
    return { ok: true, questionId };
  });
}

async function loadForChange(tx: Queryable, actor: Actor, questionId: number) {
  const question = await findQuestion(tx, questionId);
  const item = question ? await visibleAnnouncement(tx, actor, question.itemId) : null;
  return question && item ? { question, item } : null;
}

export async function answerQuestion(actor: Actor, questionId: number, answer: string, now = new Date()): Promise<QuestionResult> {
  const text = answer.trim();
  if (!text) return { ok: false, status: 400, message: "Enter your answer" };
  if (text.length > ANSWER_MAX) return { ok: false, status: 400, message: `Your answer must be ${ANSWER_MAX} characters or fewer` };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<QuestionResult> => {
    const found = await loadForChange(tx, actor, questionId);
    if (!found) return { ok: false, status: 404, message: "We could not find that question." };
    if (!canRunEngagement(actor, found.item)) return { ok: false, status: 403, message: "Only the announcement's author or an editor can answer." };
    const paused = await pausingPeriod(tx, found.item.id, now);
    if (paused) return { ok: false, status: 409, message: pausedMessage(paused) };
    await setAnswer(tx, questionId, text, actor.id, at);
    if (found.question.askerId && found.question.askerId !== actor.id)
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `answer:${questionId}:${at}`,
        userId: found.question.askerId,
        itemId: found.item.id,
        subject: `Your question about "${found.item.title}" was answered`,
        lines: [`${actor.name} answered your question about "${found.item.title}".`],
        link: { text: "Read the answer", path: `/questions/${found.item.id}#question-${questionId}` },
      }, at);
    return { ok: true, questionId };
  });
}

export async function moderateQuestion(actor: Actor, questionId: number, hidden: boolean, reason: string, now = new Date()): Promise<QuestionResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<QuestionResult> => {
    const found = await loadForChange(tx, actor, questionId);
    if (!found) return { ok: false, status: 404, message: "We could not find that question." };
    if (!canModerate(actor)) return { ok: false, status: 403, message: "Only the communications team can hide questions." };
    await setHidden(tx, questionId, hidden, reason.trim().slice(0, 300), actor.id);
    await recordAudit(tx, { actorId: actor.id, action: hidden ? "question.hidden" : "question.shown", entityType: "item", entityId: found.item.id, detail: { questionId, reason } }, now.toISOString());
    return { ok: true, questionId };
  });
}

export type EngagementQuestion = {
  id: number;
  body: string;
  /** Shown to the author and moderators only; readers see "a colleague". */
  askerName: string | null;
  mine: boolean;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  hidden: boolean;
  hiddenReason: string;
  createdAt: string;
};

export type Engagement = {
  itemId: number;
  /** Why questions and polls are paused (a pre-election period), or null. */
  paused: string | null;
  poll: PollView | null;
  canAddPoll: boolean;
  canAnswer: boolean;
  canModerate: boolean;
  questions: EngagementQuestion[];
};

/**
 * What an announcement page shows under the text: its poll and its questions, for this reader.
 * `has`: what the page's one statement found on the item (decision 265); what is not there is not read.
 */
export async function getEngagement(q: Queryable, actor: Actor, item: ItemRow, has: { poll: boolean; questions: boolean } = { poll: true, questions: true }): Promise<Engagement> {
  const [poll, view, pausedBy] = await Promise.all([
    has.poll ? getPollView(q, actor, item) : null, getQuestionsView(q, actor, item, has.questions), pausingPeriod(q, item.id, new Date(), actor.sight),
  ]);
  const seesNames = view.canAnswer || view.canModerate;
  return {
    itemId: item.id,
    paused: pausedBy ? pausedMessage(pausedBy) : null,
    poll,
    canAddPoll: !poll && canRunEngagement(actor, item),
    canAnswer: view.canAnswer,
    canModerate: view.canModerate,
    questions: view.questions.map((x) => ({
      id: x.id, body: x.body, askerName: seesNames ? x.askerName : null, mine: x.askerId === actor.id,
      answer: x.answer, answeredByName: x.answeredByName, answeredAt: x.answeredAt,
      hidden: x.hidden === 1, hiddenReason: x.hiddenReason, createdAt: x.createdAt,
    })),
  };
}
