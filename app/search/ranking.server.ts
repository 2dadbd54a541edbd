/**
 * From lunr's relevance score to the order people see. Three adjustments, each for a
 * reason staff would recognise:
 *
 * - coverage: a page matching every word of "bank holiday rota bins" beats one that
 *   mentions "bank" forty times (lunr alone adds up term scores, so it can't tell);
 * - the title: a page whose title is exactly the query comes first, and one whose title
 *   holds every word comes before one that only mentions them further down;
 * - freshness: between two similar announcements the newer one wins; guides and policies
 *   are not news and keep their score (superseded policy versions are not indexed at all,
 *   see docs/decisions/051-search-ranking.md).
 */

export type RankInput = {
  score: number;
  wordCount: number;
  /** How many query words the item matched anywhere, and in its title. */
  matched: number;
  matchedInTitle: number;
  exactTitle: boolean;
  type: string;
  /** An announcement's publication time (ms), NaN when unknown. */
  dateMs: number;
};

const DAY = 24 * 3600 * 1000;
const EXACT_TITLE = 1000;

export function rank(input: RankInput, now: number): number {
  if (input.wordCount === 0) return input.score;
  const coverage = input.matched / input.wordCount;
  let score = input.score * coverage * coverage;
  if (input.matchedInTitle === input.wordCount) score *= 1.5;
  if (input.type === "announcement" && input.dateMs === input.dateMs) {
    const age = Math.max(0, (now - input.dateMs) / DAY);
    score *= 0.85 + 0.3 * Math.pow(2, -age / 90);
  }
  if (input.exactTitle) score += EXACT_TITLE;
  return score;
}

export function popcount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
