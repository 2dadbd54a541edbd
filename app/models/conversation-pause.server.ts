/**
 * Are conversations (new comments, replies and reactions) paused on this item? The hook
 * for the pre-election period (issue 23: "they pause automatically during a pre-election
 * period when that feature exists"). Until that feature fills this in, nothing is paused.
 * Reading what was already said is never paused.
 */
import type { Queryable } from "~/utils/db.server";

export type ConversationPause = { paused: false } | { paused: true; reason: string };

export async function areConversationsPaused(_q: Queryable, _itemId: number, _now: string): Promise<ConversationPause> {
  return { paused: false };
}
