/**
 * Are conversations (new comments, replies and reactions) paused on this item? Issue 23:
 * "they pause automatically during a pre-election period". A period that is on (notice day
 * to polling day, UK calendar days, decision 161) pauses conversations on every item in its
 * scope: the whole council, its departments, or items tagged with its wards. Reading what
 * was already said is never paused.
 */
import type { Queryable } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { inScope, itemScopeFacts, listPeriodsOn } from "./election.server";
import type { SessionSight } from "./user.server";

export type ConversationPause = { paused: false } | { paused: true; reason: string };

/**
 * True when the session's own statement counted no pre-election period on today (decision 230),
 * so nothing can be paused and the periods need not be read (decision 245). A page asks with
 * the signed-in person's `sight`; without one (a write, a job) the periods are read.
 */
export function noPeriodsOn(sight: SessionSight | undefined, now: Date): boolean {
  return !!sight && sight.electionPeriodsOn === 0 && sight.day === ukTodayIso(now);
}

export async function areConversationsPaused(q: Queryable, itemId: number, now: string, sight?: SessionSight): Promise<ConversationPause> {
  if (noPeriodsOn(sight, new Date(now))) return { paused: false };
  const periods = await listPeriodsOn(q, ukTodayIso(new Date(now)));
  if (periods.length === 0) return { paused: false };
  const facts = await itemScopeFacts(q, itemId);
  const period = periods.find((p) => inScope(p, facts));
  if (!period) return { paused: false };
  return {
    paused: true,
    reason: `Comments and reactions are paused during the pre-election period (${period.title}, until polling day ${period.pollingOn}). What was already said stays here.`,
  };
}
