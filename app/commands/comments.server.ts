/**
 * Comments on announcements and guides (issue 23, decision 170).
 *
 * - Announcements take comments unless turned off; guides only when turned on per guide;
 *   policies never. Anyone who may edit the item (and comms editors) turns them on or
 *   off and closes them. One level of replies.
 * - Authors edit freely for EDIT_WINDOW_MS; later edits show "edited" and keep the earlier
 *   wording. Deleting removes the text and leaves "comment deleted" in its place.
 * - Comms editors hide a comment with a reason the author is told, approve comments that
 *   wait (pre-moderated channels) and clear reports. Every moderation step is audited.
 * - Mentions (`@Name` chosen in the people picker) notify the person through the outbox,
 *   if they may open the item. Owners, authors and thread followers are told of new
 *   comments by an hourly digest (sendCommentDigests), never one email per comment.
 * - Comments are not content: no change-feed rows, never in search.
 */
import { canSeeItem } from "~/access/audience.server";
import { can, type Actor as PermissionActor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import {
  countCommentsBySince, findComment, findPeopleByIds, findPeopleByName, followThread, getItemCommentState, insertComment, insertReport,
  listCommentsOnItemFor, listCommentVersions, listMentions, listModerationQueue, listThreadFollowers,
  listUntoldComments, markCommentDeleted, markCommentsTold, resolveReports, setChannelPremoderated, setCommentModeration, setItemCommentSetting,
  setMentions, unfollowThread, updateCommentBody, type CommentOnPage, type CommentRow, type CommentStatus, type ItemCommentState, type PersonChoice,
} from "~/models/comment.server";
import { areConversationsPaused } from "~/models/conversation-pause.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { findUserByEmail, type SessionSight } from "~/models/user.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { renderLiteMarkdown } from "~/utils/markdown.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { listReactionsView, type ReactionsView } from "./reactions.server";

export type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"]; sight?: SessionUser["sight"] };

export const COMMENT_MAX = 2000;
export const REASON_MAX = 300;
export const EDIT_WINDOW_MS = 15 * 60 * 1000;
/** Per person, across the intranet: at most this many comments in the window. */
export const COMMENT_RATE = { count: 8, windowMs: 10 * 60 * 1000 };
export const HOUSE_RULES_PATH = "/comments/house-rules";

export type CommentResult = { ok: true; commentId: number; status?: CommentStatus } | { ok: false; status: 400 | 403 | 404 | 409 | 429; message: string };

/** Comms editors (and admins) moderate comments everywhere. */
export function canModerateComments(actor: Actor): boolean {
  return can(actor, "review", "announcement", { departmentId: null });
}

/** Who may turn comments on or off and close them on an item: its editors, and comms editors. */
export function canManageComments(actor: Actor, item: Pick<ItemRow, "type" | "departmentId" | "authorId">): boolean {
  if (canModerateComments(actor)) return true;
  if (item.type !== "announcement" && item.type !== "guide") return false;
  if (item.authorId !== null && item.authorId === actor.id) return true;
  return can(actor as PermissionActor, "update", item.type, { departmentId: item.departmentId, authorId: item.authorId });
}

/** Comments on or off for this item when nobody chose (announcements on, guides off, policies never). */
export function commentsOnByDefault(type: ItemRow["type"]): boolean {
  return type === "announcement";
}

type ItemState = { enabled: boolean; closed: boolean; premoderated: boolean; paused: string | null };

/**
 * `sight`: the reading person's session facts (a page), so no period is read when none is on (decision 245).
 * `known`: the item's settings as the page's one statement read them (decision 265).
 */
async function itemState(q: Queryable, item: ItemRow, now: string, sight?: SessionSight, known?: ItemCommentState): Promise<ItemState> {
  if (item.type !== "announcement" && item.type !== "guide") return { enabled: false, closed: true, premoderated: false, paused: null };
  const [setting, pause] = await Promise.all([known ?? getItemCommentState(q, item.id), areConversationsPaused(q, item.id, now, sight)]);
  return {
    enabled: setting.enabled !== null ? setting.enabled === 1 : commentsOnByDefault(item.type),
    closed: setting.closed === 1,
    premoderated: setting.premoderated,
    paused: pause.paused ? pause.reason : null,
  };
}

/** The item if this person may open it and it can carry comments (an announcement or a guide). */
export async function commentableItem(q: Queryable, actor: Actor, itemId: number, now = new Date()): Promise<ItemRow | null> {
  const item = await findItemById(q, itemId);
  if (!item || (item.type !== "announcement" && item.type !== "guide")) return null;
  return canSeeItem(actor, await getAudienceFacts(q, item), now) ? item : null;
}

/* ---- What a reader sees ---- */

export type CommentView = {
  id: number;
  parentId: number | null;
  /** Sanitised HTML (empty when deleted, or hidden from this reader). */
  html: string;
  /** The Markdown source: only for the author's own edit form. */
  source: string | null;
  authorName: string | null;
  authorId: number | null;
  mine: boolean;
  status: CommentStatus;
  hiddenReason: string;
  createdAt: string;
  editedAt: string | null;
  canEdit: boolean;
  canDelete: boolean;
  canReport: boolean;
  history: { html: string; writtenAt: string; replacedAt: string }[];
  mentions: { id: number; name: string }[];
  reactions: ReactionsView;
};

export type Thread = CommentView & { replies: CommentView[]; following: boolean };

export type CommentsView = {
  itemId: number;
  itemType: "announcement" | "guide";
  returnTo: string;
  enabled: boolean;
  closed: boolean;
  premoderated: boolean;
  paused: string | null;
  canPost: boolean;
  canManage: boolean;
  canModerate: boolean;
  houseRules: string;
  threads: Thread[];
  count: number;
};

/** Which comments this reader sees: published and deleted ones; their own waiting or hidden ones; all for moderators. */
function seen(c: CommentRow, actor: Actor, moderator: boolean): boolean {
  if (c.status === "published" || c.status === "deleted") return true;
  return moderator || c.authorId === actor.id;
}

/**
 * What the comments part of an item's page shows this reader. `known`: what the page's one
 * statement read (decision 265): the item's comment settings and whether it has any comments.
 */
export async function getCommentsView(q: Queryable, actor: Actor, item: ItemRow, now = new Date(), known?: KnownConversation): Promise<CommentsView | null> {
  if (item.type !== "announcement" && item.type !== "guide") return null;
  const [state, all] = await Promise.all([
    itemState(q, item, now.toISOString(), actor.sight, known?.setting),
    known && !known.hasComments ? ([] as CommentOnPage[]) : listCommentsOnItemFor(q, item.id, actor.id),
  ]);
  const moderator = canModerateComments(actor);
  const manage = canManageComments(actor, item);
  if (!state.enabled && all.length === 0 && !manage) return null;
  const rows = all.filter((c) => seen(c, actor, moderator));
  const ids = rows.map((r) => r.id);
  // Earlier wording, mentions and reactions: read only for the comments that have them; follows came with the rows (decision 265).
  const having = (flag: "hasVersions" | "hasMentions" | "hasReactions") => rows.filter((r) => r[flag] === 1).map((r) => r.id);
  const [versions, mentions, reactions] = await Promise.all([
    listCommentVersions(q, having("hasVersions")), listMentions(q, having("hasMentions")), listReactionsView(q, actor, "comment", ids, having("hasReactions")),
  ]);
  const followed = rows.filter((r) => r.following === 1).map((r) => r.id);
  const open = state.enabled && !state.closed && !state.paused;
  const view = (c: CommentRow): CommentView => {
    const own = c.authorId === actor.id;
    const names = mentions.filter((m) => m.commentId === c.id);
    const showText = c.status !== "deleted";
    return {
      id: c.id, parentId: c.parentId, html: showText ? renderLiteMarkdown(c.body, names.map((m) => m.name)) : "",
      source: own && c.status !== "deleted" ? c.body : null,
      authorName: c.status === "deleted" ? null : c.authorName, authorId: c.status === "deleted" ? null : c.authorId, mine: own,
      status: c.status, hiddenReason: own || moderator ? c.hiddenReason : "",
      createdAt: c.createdAt, editedAt: c.editedAt,
      canEdit: own && open && (c.status === "published" || c.status === "pending"),
      canDelete: own && c.status !== "deleted",
      canReport: !own && c.status === "published",
      history: showText ? versions.filter((v) => v.commentId === c.id).map((v) => ({ html: renderLiteMarkdown(v.body), writtenAt: v.writtenAt, replacedAt: v.replacedAt })) : [],
      mentions: names.map((m) => ({ id: m.userId, name: m.name })),
      reactions: reactions.get(c.id) ?? { kinds: [] },
    };
  };
  const threads: Thread[] = rows
    .filter((c) => c.parentId === null)
    .map((c) => ({ ...view(c), following: followed.includes(c.id), replies: rows.filter((r) => r.parentId === c.id).map(view) }));
  return {
    itemId: item.id, itemType: item.type, returnTo: itemPath(item.type, item.slug),
    enabled: state.enabled, closed: state.closed, premoderated: state.premoderated, paused: state.paused,
    canPost: open, canManage: manage, canModerate: moderator, houseRules: HOUSE_RULES_PATH,
    threads, count: rows.filter((r) => r.status === "published").length,
  };
}

/* ---- Writing ---- */

function checkBody(body: string): { ok: true; text: string } | { ok: false; message: string } {
  const text = body.replace(/\r\n?/g, "\n").trim();
  if (!text) return { ok: false, message: "Enter your comment" };
  if (text.length > COMMENT_MAX) return { ok: false, message: `Your comment must be ${COMMENT_MAX} characters or fewer` };
  return { ok: true, text };
}

/** Mentions are kept only for people chosen in the picker whose `@Name` is still in the text. */
async function resolveMentions(q: Queryable, text: string, mentionIds: number[], authorId: number): Promise<number[]> {
  const people = await findPeopleByIds(q, [...new Set(mentionIds)].filter((id) => id !== authorId).slice(0, 20));
  return people.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id);
}

async function tellMentioned(q: Queryable, item: ItemRow, comment: { id: number; authorName: string }, userIds: number[], at: string): Promise<void> {
  for (const userId of userIds)
    await queueKnowledgeMail(q, {
      purpose: "alert",
      dedupeKey: `comment-mention:${comment.id}:${userId}`,
      userId,
      itemId: item.id,
      subject: `${comment.authorName} mentioned you in a comment`,
      lines: [`${comment.authorName} mentioned you in a comment on “${item.title}”.`],
      link: { text: "Read the comment", path: `${itemPath(item.type, item.slug)}#comment-${comment.id}` },
    }, at);
}

export async function postComment(
  actor: Actor,
  itemId: number,
  input: { body: string; parentId?: number | null; mentionIds?: number[] },
  now = new Date(),
): Promise<CommentResult> {
  const checked = checkBody(input.body);
  if (!checked.ok) return { ok: false, status: 400, message: checked.message };
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const item = await commentableItem(tx, actor, itemId, now);
    if (!item) return { ok: false, status: 404, message: "We could not find that page." };
    const state = await itemState(tx, item, at);
    if (state.paused) return { ok: false, status: 409, message: state.paused };
    if (!state.enabled || state.closed) return { ok: false, status: 409, message: "Comments are closed on this page." };
    let parentId: number | null = null;
    if (input.parentId) {
      const parent = await findComment(tx, input.parentId);
      if (!parent || parent.itemId !== item.id || !seen(parent, actor, canModerateComments(actor))) return { ok: false, status: 404, message: "We could not find the comment you are replying to." };
      parentId = parent.parentId ?? parent.id; // one level of replies: a reply to a reply joins the same thread
    }
    const recent = await countCommentsBySince(tx, actor.id, new Date(now.getTime() - COMMENT_RATE.windowMs).toISOString());
    if (recent >= COMMENT_RATE.count) return { ok: false, status: 429, message: "You have written a lot of comments in the last few minutes. Please wait a few minutes and try again." };
    const status = state.premoderated && !canModerateComments(actor) ? "pending" : "published";
    const id = await insertComment(tx, { itemId: item.id, parentId, authorId: actor.id, body: checked.text, status }, at);
    await followThread(tx, parentId ?? id, actor.id, at);
    const mentioned = await setMentions(tx, id, await resolveMentions(tx, checked.text, input.mentionIds ?? [], actor.id));
    if (status === "published") await tellMentioned(tx, item, { id, authorName: actor.name }, mentioned, at);
    return { ok: true, commentId: id, status };
  });
}

export async function editComment(actor: Actor, commentId: number, input: { body: string; mentionIds?: number[] }, now = new Date()): Promise<CommentResult> {
  const checked = checkBody(input.body);
  if (!checked.ok) return { ok: false, status: 400, message: checked.message };
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const comment = await findComment(tx, commentId);
    const item = comment ? await commentableItem(tx, actor, comment.itemId, now) : null;
    if (!comment || !item || comment.authorId !== actor.id || comment.status === "deleted") return { ok: false, status: 404, message: "We could not find that comment." };
    if (comment.status === "hidden") return { ok: false, status: 409, message: "A hidden comment cannot be changed." };
    const state = await itemState(tx, item, at);
    if (!state.enabled || state.closed || state.paused) return { ok: false, status: 409, message: state.paused ?? "Comments are closed on this page." };
    if (checked.text === comment.body) return { ok: true, commentId };
    const free = now.getTime() - Date.parse(comment.createdAt) <= EDIT_WINDOW_MS;
    await updateCommentBody(tx, commentId, checked.text, at, free ? null : { body: comment.body, writtenAt: comment.editedAt ?? comment.createdAt });
    const mentioned = await setMentions(tx, commentId, await resolveMentions(tx, checked.text, input.mentionIds ?? [], actor.id));
    if (comment.status === "published") await tellMentioned(tx, item, { id: commentId, authorName: actor.name }, mentioned, at);
    return { ok: true, commentId };
  });
}

export async function deleteComment(actor: Actor, commentId: number, now = new Date()): Promise<CommentResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const comment = await findComment(tx, commentId);
    if (!comment || comment.authorId !== actor.id || comment.status === "deleted") return { ok: false, status: 404, message: "We could not find that comment." };
    await markCommentDeleted(tx, commentId, now.toISOString());
    return { ok: true, commentId };
  });
}

export async function reportComment(actor: Actor, commentId: number, reason: string, now = new Date()): Promise<CommentResult> {
  const text = reason.trim();
  if (!text) return { ok: false, status: 400, message: "Tell us what is wrong with this comment" };
  if (text.length > REASON_MAX) return { ok: false, status: 400, message: `The reason must be ${REASON_MAX} characters or fewer` };
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const comment = await findComment(tx, commentId);
    const item = comment ? await commentableItem(tx, actor, comment.itemId, now) : null;
    if (!comment || !item || comment.status !== "published") return { ok: false, status: 404, message: "We could not find that comment." };
    await insertReport(tx, commentId, actor.id, text, now.toISOString());
    return { ok: true, commentId };
  });
}

/** Hide (with a reason the author is told), show again, or approve a waiting comment. Comms editors only. */
export async function moderateComment(actor: Actor, commentId: number, decision: "hide" | "show" | "approve" | "dismiss", reason = "", now = new Date()): Promise<CommentResult> {
  const at = now.toISOString();
  const text = reason.trim().slice(0, REASON_MAX);
  if (decision === "hide" && !text) return { ok: false, status: 400, message: "Give the reason: the author is told it" };
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const comment = await findComment(tx, commentId);
    const item = comment ? await commentableItem(tx, actor, comment.itemId, now) : null;
    if (!comment || !item || comment.status === "deleted") return { ok: false, status: 404, message: "We could not find that comment." };
    if (!canModerateComments(actor)) return { ok: false, status: 403, message: "Only the communications team moderates comments." };
    if (decision !== "dismiss") await setCommentModeration(tx, commentId, decision === "hide" ? "hidden" : "published", text, actor.id, at);
    await resolveReports(tx, commentId, actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: `comment.${decision}`, entityType: "item", entityId: item.id, detail: { commentId, reason: text } }, at);
    if (decision === "hide" && comment.authorId && comment.authorId !== actor.id)
      await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `comment-hidden:${commentId}:${at}`,
        userId: comment.authorId,
        itemId: item.id,
        subject: `Your comment on “${item.title}” was hidden`,
        lines: [
          `The communications team hid your comment on “${item.title}”.`,
          `The reason they gave: ${text}`,
          "You can still see it, marked hidden. If you think this is a mistake, reply to the communications team.",
        ],
        link: { text: "See your comment", path: `${itemPath(item.type, item.slug)}#comment-${commentId}` },
      }, at);
    if (decision === "approve" && comment.status === "pending" && comment.authorId) {
      const mentioned = (await listMentions(tx, [commentId])).map((m) => m.userId);
      await tellMentioned(tx, item, { id: commentId, authorName: comment.authorName ?? "A colleague" }, mentioned, at);
    }
    return { ok: true, commentId };
  });
}

export async function setItemComments(actor: Actor, itemId: number, choice: { enabled: boolean; closed: boolean }, now = new Date()): Promise<CommentResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const item = await commentableItem(tx, actor, itemId, now);
    if (!item) return { ok: false, status: 404, message: "We could not find that page." };
    if (!canManageComments(actor, item)) return { ok: false, status: 403, message: "Only the page's editors and the communications team can change this." };
    await setItemCommentSetting(tx, item.id, choice, actor.id, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: "comment.settings", entityType: "item", entityId: item.id, detail: choice }, now.toISOString());
    return { ok: true, commentId: 0 };
  });
}

export async function setChannelPremoderation(actor: Actor, channelId: number, premoderated: boolean, now = new Date()): Promise<CommentResult> {
  if (!canModerateComments(actor)) return { ok: false, status: 403, message: "Only the communications team can change this." };
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    await setChannelPremoderated(tx, channelId, premoderated, actor.id, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: "comment.premoderation", entityType: "channel", entityId: channelId, detail: { premoderated } }, now.toISOString());
    return { ok: true, commentId: 0 };
  });
}

export async function setThreadFollow(actor: Actor, commentId: number, follow: boolean, now = new Date()): Promise<CommentResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<CommentResult> => {
    const comment = await findComment(tx, commentId);
    const item = comment ? await commentableItem(tx, actor, comment.itemId, now) : null;
    if (!comment || !item) return { ok: false, status: 404, message: "We could not find that comment." };
    const threadId = comment.parentId ?? comment.id;
    if (follow) await followThread(tx, threadId, actor.id, now.toISOString());
    else await unfollowThread(tx, threadId, actor.id);
    return { ok: true, commentId: threadId };
  });
}

/* ---- The moderation queue ---- */

export type QueueView = {
  id: number; itemTitle: string; itemHref: string; authorName: string | null; html: string; status: CommentStatus;
  createdAt: string; reports: { reason: string; createdAt: string }[];
};

export async function getModerationQueue(q: Queryable, actor: Actor, now = new Date()): Promise<QueueView[]> {
  if (!canModerateComments(actor)) return [];
  const rows = await listModerationQueue(q);
  const out: QueueView[] = [];
  const items = new Map<number, ItemRow | null>();
  for (const r of rows) {
    if (!items.has(r.itemId)) items.set(r.itemId, await commentableItem(q, actor, r.itemId, now));
    const item = items.get(r.itemId);
    if (!item) continue;
    out.push({
      id: r.id, itemTitle: item.title, itemHref: `${itemPath(item.type, item.slug)}#comment-${r.id}`, authorName: r.authorName,
      html: renderLiteMarkdown(r.body), status: r.status, createdAt: r.createdAt, reports: r.reports,
    });
  }
  return out;
}

/** The people picker: names only, for signed-in staff. */
export async function searchPeople(q: Queryable, text: string): Promise<PersonChoice[]> {
  return findPeopleByName(q, text);
}

/* ---- Telling owners, authors and followers (hourly digest) ---- */

/**
 * One notice per person listing the pages with new comments since the last run: the
 * item's author and owner for every new comment, and a thread's followers for its
 * replies. Nobody is told about their own comment. Comments are marked told in the same
 * transaction, so a second run sends nothing.
 */
export async function sendCommentDigests(now = new Date()): Promise<number> {
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const untold = await listUntoldComments(tx, at);
    if (untold.length === 0) return 0;
    const perPerson = new Map<number, Map<number, { count: number; replies: number }>>();
    const add = (userId: number | null | undefined, c: (typeof untold)[number], reply: boolean) => {
      if (!userId || userId === c.authorId) return;
      const items = perPerson.get(userId) ?? new Map<number, { count: number; replies: number }>();
      const e = items.get(c.itemId) ?? { count: 0, replies: 0 };
      if (reply) e.replies++;
      else e.count++;
      items.set(c.itemId, e);
      perPerson.set(userId, items);
    };
    const itemCache = new Map<number, { item: ItemRow; ownerId: number | null } | null>();
    for (const c of untold) {
      if (!itemCache.has(c.itemId)) {
        const item = await findItemById(tx, c.itemId);
        const owner = item?.ownerEmail ? await findUserByEmail(tx, item.ownerEmail) : undefined;
        itemCache.set(c.itemId, item ? { item, ownerId: owner?.id ?? null } : null);
      }
      const entry = itemCache.get(c.itemId);
      if (!entry) continue;
      const told = new Set<number>();
      for (const id of [entry.item.authorId, entry.ownerId]) if (id && !told.has(id)) { told.add(id); add(id, c, false); }
      if (c.parentId) for (const id of await listThreadFollowers(tx, c.parentId)) if (!told.has(id)) { told.add(id); add(id, c, true); }
    }
    let queued = 0;
    const lastId = untold[untold.length - 1].id;
    for (const [userId, items] of perPerson) {
      for (const [itemId, e] of items) {
        const item = itemCache.get(itemId)!.item;
        const parts = [e.count ? `${e.count} new ${e.count === 1 ? "comment" : "comments"}` : "", e.replies ? `${e.replies} new ${e.replies === 1 ? "reply" : "replies"} in a thread you follow` : ""].filter(Boolean);
        const ok = await queueKnowledgeMail(tx, {
          purpose: "digest",
          dedupeKey: `comment-digest:${userId}:${itemId}:${lastId}`,
          userId,
          itemId,
          subject: `New comments on “${item.title}”`,
          lines: [`Since we last wrote: ${parts.join(" and ")} on “${item.title}”.`, "We send at most one of these an hour for each page."],
          link: { text: "Read the comments", path: `${itemPath(item.type, item.slug)}#comments` },
        }, at);
        if (ok) queued++;
      }
    }
    await markCommentsTold(tx, untold.map((c) => c.id), at);
    return queued;
  });
}

export type Conversation = { comments: CommentsView | null; reactions: ReactionsView | null; paused: boolean };

/** What a page's one statement read of an item's conversation (decision 265): settings, and whether it has comments and reactions. */
export type KnownConversation = { setting: ItemCommentState; hasComments: boolean; hasReactions: boolean };

/**
 * What an announcement or guide page shows under its text: reactions to it and its comments.
 * `known`: what the page's one statement read (decision 265); what is not there is not read.
 */
export async function getConversation(q: Queryable, actor: Actor, item: ItemRow, now = new Date(), known?: KnownConversation): Promise<Conversation> {
  if (item.type !== "announcement" && item.type !== "guide") return { comments: null, reactions: null, paused: false };
  const [comments, reactions, pause] = await Promise.all([
    getCommentsView(q, actor, item, now, known),
    listReactionsView(q, actor, "item", [item.id], known && !known.hasReactions ? [] : [item.id]),
    areConversationsPaused(q, item.id, now.toISOString(), actor.sight),
  ]);
  return { comments, reactions: reactions.get(item.id) ?? null, paused: pause.paused };
}
