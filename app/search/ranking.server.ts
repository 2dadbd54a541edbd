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

const DAY = 24 * 3600 * 1000;
const EXACT_TITLE = 1000;

/**
 * The final score of one result. Plain numbers in, one number out: it runs for every
 * matching item of every search.
 *
 * @param score lunr's relevance score
 * @param words how many words the query has; `matched` and `matchedInTitle` how many of them the item matched anywhere, and in its title
 * @param dateMs an announcement's publication time (NaN when unknown)
 */
export function rank(
  score: number,
  words: number,
  matched: number,
  matchedInTitle: number,
  exactTitle: boolean,
  isAnnouncement: boolean,
  dateMs: number,
  now: number,
): number {
  if (words === 0) return score;
  const coverage = matched / words;
  let s = score * coverage * coverage;
  if (matchedInTitle === words) s *= 1.5;
  if (isAnnouncement && dateMs === dateMs) s *= 0.85 + 0.3 * Math.pow(2, -Math.max(0, now - dateMs) / DAY / 90);
  if (exactTitle) s += EXACT_TITLE;
  return s;
}

export function popcount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
