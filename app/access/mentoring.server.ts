/**
 * Who may read and do what in mentoring (decision 136).
 *
 * A pair's goals and session log are the pair's: only its mentor and mentee read them. No
 * role or permission opens them — not the coordinator, not an administrator (the pages
 * answer 404), not search (nothing of mentoring is indexed), not an export other than the
 * subject access export of one of the pair, which gives that person their own entries.
 * Coordinators (`manage:learning`: communications editors and holders of the `learning`
 * permission) match people and see counts.
 */
import type { Actor } from "./permissions.server";
import { canCoordinateLearning } from "./events.server";

export type PairFacts = { mentorId: number; menteeId: number };

export function canReadPair(actor: Pick<Actor, "id"> | null, pair: PairFacts): boolean {
  return !!actor && (actor.id === pair.mentorId || actor.id === pair.menteeId);
}

/** Matching people and seeing the counts. */
export function canCoordinateMentoring(actor: Actor | null): boolean {
  return canCoordinateLearning(actor);
}
