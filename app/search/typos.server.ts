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
 *   strings, about a millisecond, so only for words the index does not know and only
 *   when the first net found no word one edit away; they are remembered for recent
 *   words, as one search asks twice (results, "did you mean").
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
 * Terms of `index` that `word` (lower case, as typed) may be a typo of, at most `limit`,
 * closest first, then most common. `stem` is the word's own stem (the caller has it).
 * The stem's fuzzy matches come first; the word's neighbours are looked at only when
 * those hold no word one edit from what was typed (a slip in the body, "bugdet", is found
 * by the stem alone, and most slips are there).
 */
export function typoMatches(index: PackedIndex, analyzer: Analyzer, word: string, stem: string, budget: number, limit: number): TypoMatch[] {
  const found = new Map<number, TypoMatch>();
  for (const term of index.fuzzy(stem, budget, limit)) found.set(term, { term, word: index.wordFor(term), distance: editDistance(word, index.wordFor(term), budget + 1) });
  if (/^[a-z]+$/.test(word) && ![...found.values()].some((m) => m.distance <= 1))
    for (const [nearStem, near] of stemsOneEditAway(word, analyzer)) {
      const term = index.term(nearStem);
      if (term < 0) continue;
      const seen = found.get(term);
      if (seen && seen.distance <= 1) continue;
      // The word the index shows for a term is its shortest form ("grit" for "gritting"); when that is
      // further from what was typed than the one neighbour that found the term, the neighbour reads better.
      const shown = index.wordFor(term);
      const distance = editDistance(word, shown, budget + 1);
      found.set(term, near !== null && distance > 1 ? { term, word: near, distance: 1 } : { term, word: shown, distance });
    }
  const df = index.data.termDf;
  return [...found.values()].sort((a, b) => a.distance - b.distance || df[b.term] - df[a.term]).slice(0, limit);
}
