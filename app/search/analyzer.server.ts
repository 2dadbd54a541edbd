/**
 * Text → index terms, exactly as lunr's default English pipeline does it: lunr's
 * tokenizer splits lower-cased text on whitespace and hyphens, then `lunr.trimmer`,
 * `lunr.stopWordFilter` and `lunr.stemmer` run on each token. Queries use lunr's search
 * pipeline (stemming only) after our own sanitising (query.server.ts).
 *
 * Why not call `lunr.tokenizer` directly: it allocates a Token with position metadata
 * per word, and at 10,000 items (5 million words) that is most of the build time. The
 * split below gives the same tokens (tests/search/packed-index.test.ts compares), and a
 * cache means each distinct word is stemmed once.
 *
 * SELF-CONTAINED: no imports and no references outside the function body, because its
 * source text is sent to the index-building worker thread (worker.server.ts).
 */
import type lunrModule from "lunr";

export type Analyzer = {
  /**
   * The index terms of a field's text, in order, stop words dropped. Like lunr, a token
   * that trims to nothing ("|", "—") stays as "": it counts towards the field's length
   * (which BM25 uses) but is never looked up.
   */
  terms(text: string): string[];
  /** Like `terms`, and also calls `onWord` with each term and the plain word it came from ("mileag", "mileage"), for "did you mean". */
  termsAndWords(text: string, onWord: (term: string, word: string) => void): string[];
  /** One query word (already lower case and trimmed) → the term to look up: lunr's search pipeline, i.e. the stemmer. */
  searchTerm(word: string): string;
  /** The same, not remembered: for the hundreds of throwaway spellings typo matching tries (typos.server.ts). */
  searchTermUncached(word: string): string;
  /** True for an English stop word ("the", "how", "do"), which lunr leaves out of the index. */
  isStopWord(word: string): boolean;
  /** lunr.trimmer: strips non-word characters from both ends. */
  trim(word: string): string;
};

export function createAnalyzer(lunr: typeof lunrModule): Analyzer {
  const SEPARATOR = /[\s-]+/;
  const LEADING = /^\W+/;
  const TRAILING = /\W+$/;
  const WORD = /^[a-z][a-z']{2,23}$/;
  // raw token → [index term (null = stop word), vocabulary word ("" = none)]
  const cache = new Map<string, [string | null, string]>();
  const stemCache = new Map<string, string>();

  function stemUncached(word: string): string {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  function stem(word: string): string {
    let s = stemCache.get(word);
    if (s === undefined) {
      s = stemUncached(word);
      if (stemCache.size > 200_000) stemCache.clear();
      stemCache.set(word, s);
    }
    return s;
  }

  function trim(word: string): string {
    return word.replace(LEADING, "").replace(TRAILING, "");
  }

  const stopWords = new Map<string, boolean>();
  function isStopWord(word: string): boolean {
    let stop = stopWords.get(word);
    if (stop === undefined) {
      stop = lunr.stopWordFilter(new lunr.Token(word, {})) === undefined;
      if (stopWords.size > 200_000) stopWords.clear();
      stopWords.set(word, stop);
    }
    return stop;
  }

  function analyse(raw: string): [string | null, string] {
    let hit = cache.get(raw);
    if (hit === undefined) {
      const trimmed = trim(raw);
      if (trimmed === "") hit = ["", ""];
      else if (isStopWord(trimmed)) hit = [null, ""];
      else hit = [stem(trimmed), WORD.test(trimmed) ? trimmed : ""];
      if (cache.size > 200_000) cache.clear();
      cache.set(raw, hit);
    }
    return hit;
  }

  function termsAndWords(text: string, onWord: ((term: string, word: string) => void) | null): string[] {
    const out: string[] = [];
    if (!text) return out;
    const raws = text.toLowerCase().split(SEPARATOR);
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      if (raw === "") continue;
      const [term, word] = analyse(raw);
      if (term === null) continue;
      out.push(term);
      if (onWord && word !== "") onWord(term, word);
    }
    return out;
  }

  return {
    terms: (text) => termsAndWords(text, null),
    termsAndWords,
    searchTerm: stem,
    searchTermUncached: stemUncached,
    isStopWord,
    trim,
  };
}
