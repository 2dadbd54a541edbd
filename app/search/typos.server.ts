/**
 * The index terms a mistyped word may stand for, within the word's edit budget (one edit
 * below nine letters, two from nine: `editBudget`), where dropping, doubling or changing
 * a letter or swapping two neighbours is one edit (edit-distance.server.ts).
 *
 * Two nets, because the index holds stems, not words:
 *
 * - the stem as typed, matched against the index's terms by lunr's fuzzy automaton. This
 *   catches a slip in the body of a word ("bugdet" → "budget", "milage" → "mileag");
 * - the word as typed, one edit at a time: words one edit away are stemmed and looked up
 *   exactly. This catches a slip the stemmer reads differently, which is a slip near the
 *   end: "polciy" keeps its "y" and stems to "polciy" while "policy" stems to "polici", so
 *   the stems are two edits apart although the words are one ("parkign" → "parking" →
 *   "park" is three). Swaps and dropped letters are tried everywhere; added and changed
 *   letters (26 tries a place) only among the last four, since one in the body changes
 *   the stem the same way and the first net finds it. About 250 stemmings of short
 *   strings, under a millisecond, only for words the index does not know; they are
 *   remembered for recent words, as one search asks twice (results, "did you mean").
 */
import type { Analyzer } from "./analyzer.server";
import { editDistance, oneEditAway } from "./edit-distance.server";
import type { PackedIndex } from "./packed-index.server";

/** A term a typo may stand for; `word` is the plain word to offer for it, `distance` its edits from what was typed. */
export type TypoMatch = { term: number; word: string; distance: number };

/** How many edits a typed word of this length may be from the word meant. */
export function editBudget(word: string): number {
  return word.length >= 9 ? 2 : 1;
}

/** Letters at the end of a word where the stemmer reads a slip differently from the same slip in the body. */
const TAIL = 4;
/**
 * The stems of recent words' one-edit neighbours, each with the neighbour giving it. When
 * several neighbours give one stem, the first kind of slip wins (swapped, changed,
 * dropped, added: "trainnig" is "training" swapped rather than "trainning" with a letter
 * added); two of the same kind leave null, since the neighbour shown might be no word.
 */
const NEIGHBOURS_KEPT = 64;
const neighbourStems = new Map<string, Map<string, string | null>>();

function stemsOneEditAway(word: string, analyzer: Analyzer): Map<string, string | null> {
  let stems = neighbourStems.get(word);
  if (stems) {
    // Most recently used last, so the oldest is evicted first.
    neighbourStems.delete(word);
    neighbourStems.set(word, stems);
    return stems;
  }
  stems = new Map();
  const near = oneEditAway(word, TAIL);
  for (const kind of [near.swapped, near.changed, near.dropped, near.added]) {
    const thisKind = new Map<string, string | null>();
    for (const w of kind) {
      const stem = analyzer.searchTermUncached(w);
      if (!stems.has(stem)) thisKind.set(stem, thisKind.has(stem) ? null : w);
    }
    for (const [stem, w] of thisKind) stems.set(stem, w);
  }
  neighbourStems.set(word, stems);
  if (neighbourStems.size > NEIGHBOURS_KEPT) neighbourStems.delete(neighbourStems.keys().next().value!);
  return stems;
}

/**
 * Terms of `index` that `word` (lower case, as typed) may be a typo of, at most `limit`:
 * the words one edit away first, then the stem's fuzzy matches within `budget`, each
 * group most common first. `stem` is the word's own stem (the caller has it already).
 */
export function typoMatches(index: PackedIndex, analyzer: Analyzer, word: string, stem: string, budget: number, limit: number): TypoMatch[] {
  const found = new Map<number, TypoMatch>();
  const offer = (term: number, near: string | null) => {
    if (found.has(term)) return;
    // The word the index shows for a term is its shortest form ("grit" for "gritting"); when that is
    // further from what was typed than the one neighbour that found the term, the neighbour reads better.
    const shown = index.wordFor(term);
    const shownDistance = editDistance(word, shown, budget + 1);
    if (near !== null && shownDistance > 1) found.set(term, { term, word: near, distance: 1 });
    else found.set(term, { term, word: shown, distance: shownDistance });
  };
  if (/^[a-z]+$/.test(word))
    for (const [nearStem, near] of stemsOneEditAway(word, analyzer)) {
      const t = index.term(nearStem);
      if (t >= 0) offer(t, near);
    }
  const matches = [...found.values()].sort((a, b) => index.data.termDf[b.term] - index.data.termDf[a.term]).slice(0, limit);
  for (const t of matches.length < limit ? index.fuzzy(stem, budget, limit) : []) {
    if (matches.length >= limit) break;
    if (found.has(t)) continue;
    offer(t, null);
    matches.push(found.get(t)!);
  }
  return matches;
}
