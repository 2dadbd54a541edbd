/**
 * Reactions on announcements, guides and comments (issue 23, decision 170): like, thanks,
 * helpful, celebrate; one of each per person (the table's key: a second or concurrent
 * click changes nothing); counts for everyone, names for signed-in staff.
 */
import { canSeeItem } from "~/access/audience.server";
import { findComment } from "~/models/comment.server";
import { areConversationsPaused } from "~/models/conversation-pause.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { addReaction, listReactions, REACTION_KINDS, removeReaction, type ReactionKind, type ReactionRow, type ReactionTarget } from "~/models/reaction.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId">;

export const REACTION_LABELS: Record<ReactionKind, string> = { like: "Like", thanks: "Thanks", helpful: "Helpful", celebrate: "Celebrate" };

export type ReactionsView = { kinds: { kind: ReactionKind; label: string; count: number; mine: boolean; names: string[] }[] };

export function isReactionKind(value: unknown): value is ReactionKind {
  return typeof value === "string" && (REACTION_KINDS as readonly string[]).includes(value);
}

/**
 * Reactions on several things at once, for one reader. `withReactions`: those of `ids` that
 * have any (a page's statement said so, decision 265); only they are read, the rest show none.
 */
export async function listReactionsView(
  q: Queryable, actor: Actor, target: ReactionTarget, ids: number[], withReactions: number[] = ids,
): Promise<Map<number, ReactionsView>> {
  return reactionsViewOf(actor, ids, await listReactions(q, target, withReactions));
}

/** The reactions view of each of `ids` from the rows read (none read: every kind at 0). */
function reactionsViewOf(actor: Actor, ids: number[], rows: ReactionRow[]): Map<number, ReactionsView> {
  const out = new Map<number, ReactionsView>();
  for (const id of ids) {
    const mine = rows.filter((r) => r.targetId === id);
    out.set(id, {
      kinds: REACTION_KINDS.map((kind) => {
        const of = mine.filter((r) => r.kind === kind);
        return { kind, label: REACTION_LABELS[kind], count: of.length, mine: of.some((r) => r.userId === actor.id), names: of.map((r) => r.name) };
      }),
    });
  }
  return out;
}

export type ReactResult = { ok: true; changed: boolean; itemId: number } | { ok: false; status: 400 | 404 | 409; message: string };

/** The item the reaction is about (itself, or the comment's), if the reader may open it and it takes reactions. */
async function reactableItemId(q: Queryable, actor: Actor, target: ReactionTarget, targetId: number, now: Date): Promise<number | null> {
  let itemId = targetId;
  if (target === "comment") {
    const c = await findComment(q, targetId);
    if (!c || c.status !== "published") return null;
    itemId = c.itemId;
  }
  const item = await findItemById(q, itemId);
  if (!item || (item.type !== "announcement" && item.type !== "guide")) return null;
  return canSeeItem(actor, await getAudienceFacts(q, item), now) ? item.id : null;
}

export async function react(actor: Actor, target: ReactionTarget, targetId: number, kind: string, on: boolean, now = new Date()): Promise<ReactResult> {
  if (!isReactionKind(kind)) return { ok: false, status: 400, message: "Choose a reaction." };
  const db = await getDb();
  return db.transaction(async (tx): Promise<ReactResult> => {
    const itemId = await reactableItemId(tx, actor, target, targetId, now);
    if (!itemId) return { ok: false, status: 404, message: "We could not find that." };
    const pause = await areConversationsPaused(tx, itemId, now.toISOString());
    if (pause.paused) return { ok: false, status: 409, message: pause.reason };
    const changed = on ? await addReaction(tx, target, targetId, actor.id, kind, now.toISOString()) : await removeReaction(tx, target, targetId, actor.id, kind);
    return { ok: true, changed, itemId };
  });
}
