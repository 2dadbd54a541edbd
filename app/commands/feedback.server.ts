/**
 * "Was this page helpful?" on guides and policies.
 *
 * Who sees what:
 * - the person who left a comment sees it and the replies to it, while they may open the page;
 * - the page's owner and deputy see every comment on their pages, reply and resolve, while
 *   the page's audience admits them (the ownership rule, app/access/ownership.server.ts);
 * - comms editors and admins see everything (read:feedback:any);
 * - nobody else, and readers never see the totals.
 */
import { recordAudit } from "~/models/audit.server";
import {
  findFeedback,
  findRating,
  ratingAndHelpfulnessOf,
  insertFeedback,
  insertReply,
  setFeedbackStatus,
  upsertRating,
  type FeedbackRow,
  type Helpfulness,
} from "~/models/feedback.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { findPersonByEmail } from "~/models/ownership.server";
import { canSeeItem } from "~/access/audience.server";
import { mayBeToldAbout } from "~/access/ownership.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { ROLE_PERMISSIONS } from "~/access/permissions.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId">;

export const COMMENT_MAX = 2000;

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Comms editors and admins read all feedback. */
export function readsAllFeedback(actor: Actor): boolean {
  return ROLE_PERMISSIONS[actor.role].has("read:feedback:any");
}

export function isPageKeeper(actor: Actor, page: { ownerEmail: string | null; deputyEmail: string | null }): boolean {
  return same(actor.email, page.ownerEmail) || same(actor.email, page.deputyEmail);
}

/** May see the totals and comments of a page. */
export function seesHelpfulness(actor: Actor, page: { ownerEmail: string | null; deputyEmail: string | null }): boolean {
  return isPageKeeper(actor, page) || readsAllFeedback(actor);
}

export type FeedbackAccess = { see: boolean; resolve: boolean };

/**
 * What this person may do with a comment: comms editors everything; its author and the
 * page's owner and deputy only while the access rule lets them be told about the page.
 */
export async function feedbackAccess(q: Queryable, actor: Actor, fb: FeedbackRow): Promise<FeedbackAccess> {
  if (readsAllFeedback(actor)) return { see: true, resolve: true };
  const keeper = isPageKeeper(actor, fb);
  if (fb.authorId !== actor.id && !keeper) return { see: false, resolve: false };
  const item = await findItemById(q, fb.itemId);
  const page = item && { type: item.type, departmentId: item.departmentId, authorId: item.authorId, ownerEmail: item.ownerEmail, deputyEmail: item.deputyEmail };
  const allowed = !!item && !!page && mayBeToldAbout({ ...actor, active: true }, page, await getAudienceFacts(q, item));
  return { see: allowed, resolve: allowed && keeper };
}

async function visiblePage(q: Queryable, actor: Actor, itemId: number): Promise<ItemRow | null> {
  const item = await findItemById(q, itemId);
  if (!item || (item.type !== "guide" && item.type !== "policy")) return null;
  return canSeeItem(actor, await getAudienceFacts(q, item)) ? item : null;
}

export type FeedbackPanel = {
  itemId: number;
  /** What this person answered before, if anything. */
  myRating: boolean | null;
  /** Totals, only for the owner, deputy and comms editors. */
  helpfulness: Helpfulness | null;
};

/**
 * What the "Was this page helpful?" box needs for one reader. `known`: this reader's own rating
 * and (for those who see them) the page's counts as the page's one statement read them (decision 265).
 */
export async function getFeedbackPanel(
  actor: Actor, item: Pick<ItemRow, "id" | "ownerEmail" | "deputyEmail">, known?: { myRating: boolean | null; helpfulness: Helpfulness | null },
): Promise<FeedbackPanel> {
  const db = await getDb();
  if (seesHelpfulness(actor, item)) {
    if (known?.helpfulness) return { itemId: item.id, myRating: known.myRating, helpfulness: known.helpfulness };
    return { itemId: item.id, ...(await ratingAndHelpfulnessOf(db, item.id, actor.id)) };
  }
  return { itemId: item.id, myRating: known ? known.myRating : await findRating(db, item.id, actor.id), helpfulness: null };
}

export type LeaveFeedbackResult = { ok: true; item: ItemRow; feedbackId: number | null } | { ok: false; status: 404 };

/** Records the answer (replacing this person's earlier one) and, with a comment, tells the owner. */
export async function leaveFeedback(actor: Actor, itemId: number, input: { helpful: boolean; comment: string }, now = new Date()): Promise<LeaveFeedbackResult> {
  const db = await getDb();
  const at = now.toISOString();
  const comment = input.comment.trim().slice(0, COMMENT_MAX);
  return db.transaction(async (tx): Promise<LeaveFeedbackResult> => {
    const item = await visiblePage(tx, actor, itemId);
    if (!item) return { ok: false, status: 404 };
    await upsertRating(tx, item.id, actor.id, input.helpful, at);
    if (!comment) return { ok: true, item, feedbackId: null };
    const feedbackId = await insertFeedback(tx, { itemId: item.id, authorId: actor.id, helpful: input.helpful, comment }, at);
    for (const email of [item.ownerEmail, item.deputyEmail]) {
      const keeper = email ? await findPersonByEmail(tx, email) : undefined;
      if (!keeper || keeper.active !== 1 || keeper.id === actor.id) continue;
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `feedback:${feedbackId}:${keeper.id}`,
        userId: keeper.id,
        itemId: item.id,
        subject: `New feedback on "${item.title}"`,
        lines: [
          `Someone said "${item.title}" was ${input.helpful ? "helpful" : "not helpful"} and left a comment for you.`,
          "Only you, the page's deputy and the communications team can read it.",
        ],
        link: { text: "Read and reply", path: `/feedback/${feedbackId}` },
      }, at);
    }
    return { ok: true, item, feedbackId };
  });
}

export type FeedbackActionResult = { ok: true } | { ok: false; status: 403 | 404; message: string };

export async function replyToFeedback(actor: Actor, feedbackId: number, body: string, now = new Date()): Promise<FeedbackActionResult> {
  const db = await getDb();
  const at = now.toISOString();
  const text = body.trim().slice(0, COMMENT_MAX);
  return db.transaction(async (tx): Promise<FeedbackActionResult> => {
    const fb = await findFeedback(tx, feedbackId);
    if (!fb || !(await feedbackAccess(tx, actor, fb)).see) return { ok: false, status: 404, message: "We could not find that feedback." };
    const replyId = await insertReply(tx, fb.id, actor.id, text, at);
    // Tell the other side of the conversation.
    const recipients: number[] = [];
    if (fb.authorId && fb.authorId !== actor.id) recipients.push(fb.authorId);
    if (fb.authorId === actor.id)
      for (const email of [fb.ownerEmail, fb.deputyEmail]) {
        const keeper = email ? await findPersonByEmail(tx, email) : undefined;
        if (keeper && keeper.active === 1 && keeper.id !== actor.id) recipients.push(keeper.id);
      }
    for (const userId of recipients)
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `feedback-reply:${replyId}:${userId}`,
        userId,
        itemId: fb.itemId,
        subject: `Reply about "${fb.itemTitle}"`,
        lines: [`${actor.name} replied to feedback about "${fb.itemTitle}".`],
        link: { text: "Read the reply", path: `/feedback/${fb.id}` },
      }, at);
    return { ok: true };
  });
}

export async function setFeedbackResolved(actor: Actor, feedbackId: number, resolved: boolean, now = new Date()): Promise<FeedbackActionResult> {
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<FeedbackActionResult> => {
    const fb = await findFeedback(tx, feedbackId);
    const access = fb ? await feedbackAccess(tx, actor, fb) : { see: false, resolve: false };
    if (!fb || !access.see) return { ok: false, status: 404, message: "We could not find that feedback." };
    if (!access.resolve) return { ok: false, status: 403, message: "Only the page's owner can resolve feedback." };
    await setFeedbackStatus(tx, fb.id, resolved ? "resolved" : "open", actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: resolved ? "feedback.resolved" : "feedback.reopened", entityType: "feedback", entityId: fb.id }, at);
    return { ok: true };
  });
}
