/**
 * "Did you mean": for a query word the index has never seen, the closest word it has
 * (fewest edits, then one starting with the same letter, as people seldom slip on the
 * first, then the most widely used), found the way search finds typos
 * (typos.server.ts), so a word search forgives is also a word it suggests. The caller
 * only offers the suggestion when each replacement word finds something the viewer may
 * open, so the vocabulary of restricted items never shows through.
 */
import type { Analyzer } from "./analyzer.server";
import type { PackedIndex } from "./packed-index.server";
import { MAX_FUZZY_WORD } from "./query.server";
import { editBudget, typoMatches } from "./typos.server";

export type SpellingSuggestion = { words: string[]; replaced: string[] };

const CANDIDATES = 20;

export function suggestSpelling(words: string[], keywords: string[], indexes: PackedIndex[], analyzer: Analyzer): SpellingSuggestion | null {
  const replacements = new Map<string, string>();
  for (const word of keywords) {
    if (word.length < 3 || word.length > MAX_FUZZY_WORD || !/^[a-z]+$/.test(word)) continue;
    const stem = analyzer.searchTerm(word);
    if (indexes.some((ix) => ix.term(stem) >= 0)) continue;
    const max = editBudget(word);
    let best: { word: string; distance: number; first: boolean; df: number } | null = null;
    for (const ix of indexes)
      for (const match of typoMatches(ix, analyzer, word, stem, max, CANDIDATES)) {
        // One more edit than search allows, measured on the plain word: the stem was within budget.
        if (match.distance > max + 1) continue;
        const candidate = { word: match.word, distance: match.distance, first: match.word[0] === word[0], df: ix.data.termDf[match.term] };
        if (!best || closer(candidate, best)) best = candidate;
      }
    if (best) replacements.set(word, best.word);
  }
  if (replacements.size === 0) return null;
  return { words: words.map((w) => replacements.get(w) ?? w), replaced: [...replacements.values()] };
}

function closer(a: { distance: number; first: boolean; df: number }, b: { distance: number; first: boolean; df: number }): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.first !== b.first) return a.first;
  return a.df > b.df;
}
