/**
 * "Did you mean": for a query word the index has never seen, the closest word it has
 * (fewest edits, then the most widely used). The caller only offers the suggestion when
 * each replacement word finds something the viewer may open, so the vocabulary of
 * restricted items never shows through.
 */
import type { Analyzer } from "./analyzer.server";
import { editDistance } from "./edit-distance.server";
import type { PackedIndex } from "./packed-index.server";

export type SpellingSuggestion = { words: string[]; replaced: string[] };

export function suggestSpelling(words: string[], keywords: string[], indexes: PackedIndex[], analyzer: Analyzer): SpellingSuggestion | null {
  const replacements = new Map<string, string>();
  for (const word of keywords) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) continue;
    const stem = analyzer.searchTerm(word);
    if (indexes.some((ix) => ix.term(stem) >= 0)) continue;
    const max = word.length >= 9 ? 2 : 1;
    let best: { word: string; distance: number; df: number } | null = null;
    for (const ix of indexes)
      for (const t of ix.fuzzy(stem, max, 20)) {
        const candidate = ix.wordFor(t);
        const distance = editDistance(word, candidate, max + 1);
        const df = ix.data.termDf[t];
        if (distance <= max + 1 && (!best || distance < best.distance || (distance === best.distance && df > best.df))) best = { word: candidate, distance, df };
      }
    if (best) replacements.set(word, best.word);
  }
  if (replacements.size === 0) return null;
  return { words: words.map((w) => replacements.get(w) ?? w), replaced: [...replacements.values()] };
}
