/**
 * A built index held in memory: term lookup, prefix expansion (binary search in the
 * sorted terms), fuzzy expansion (lunr's TokenSet automaton, built once per index), and
 * the "dead" flags (tombstones) that hide documents whose newer text lives in the delta
 * index. The persisted copy's format is in index-file.server.ts.
 */
import lunr from "lunr";
import type { CorpusStats, PackedIndexData } from "./packed-builder.server";

/** The parts of lunr.TokenSet used here (lunr's own type definitions leave them out). */
type TokenSetStatics = {
  Builder: new () => { insert(word: string): void; finish(): void; root: lunr.TokenSet };
  fromArray(words: string[]): lunr.TokenSet;
  fromFuzzyString(text: string, editDistance: number): lunr.TokenSet;
};
const TokenSet = lunr.TokenSet as unknown as TokenSetStatics;
const FUZZY_MEMO_SIZE = 64;

export class PackedIndex {
  readonly dead: Uint8Array;
  private readonly termIds = new Map<string, number>();
  private readonly docNumbers = new Map<number, number>();
  private tokenSet: lunr.TokenSet | null = null;
  /** Recent fuzzy lookups, all matches most common first: one search asks twice (results, then "did you mean"). */
  private readonly fuzzyMemo = new Map<string, number[]>();

  constructor(readonly data: PackedIndexData) {
    data.terms.forEach((t, i) => this.termIds.set(t, i));
    data.docIds.forEach((id, n) => this.docNumbers.set(id, n));
    this.dead = new Uint8Array(data.documentCount);
  }

  get documentCount(): number {
    return this.data.documentCount;
  }

  /** Document number of an item, or -1. */
  docNumber(itemId: number): number {
    return this.docNumbers.get(itemId) ?? -1;
  }

  term(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  /** lunr's "documents with term" (postings across fields), 0 for an unknown term. */
  df(term: string): number {
    const t = this.term(term);
    return t < 0 ? 0 : this.data.termDf[t];
  }

  /** Terms starting with `prefix` (binary search in the sorted list), the `limit` most common first. */
  prefix(prefix: string, limit: number): number[] {
    const terms = this.data.terms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < terms.length && terms[i].startsWith(prefix); i++) found.push(i);
    return this.mostCommon(found, limit);
  }

  /**
   * Builds the TokenSet fuzzy matching walks, in slices so a big index does not hold up
   * requests; the index is swapped in only once this is done.
   */
  async prepare(sliceSize = 4000): Promise<void> {
    if (this.tokenSet) return;
    const builder = new TokenSet.Builder();
    const terms = this.data.terms;
    for (let i = 0; i < terms.length; i++) {
      builder.insert(terms[i]);
      if (i % sliceSize === sliceSize - 1) await new Promise((r) => setImmediate(r));
    }
    builder.finish();
    this.tokenSet = builder.root;
  }

  /** The same, at once (small delta indexes). */
  prepareNow(): void {
    if (this.tokenSet) return;
    this.tokenSet = TokenSet.fromArray(this.data.terms);
  }

  /** Terms within `distance` edits of `term` (lunr's fuzzy matching), the `limit` most common first. */
  fuzzy(term: string, distance: number, limit: number): number[] {
    const key = `${distance}:${term}`;
    let all = this.fuzzyMemo.get(key);
    if (all) {
      this.fuzzyMemo.delete(key);
    } else {
      if (!this.tokenSet) this.prepareNow();
      // As lunr.Index#query does: the index's set intersected with the query's automaton (the order matters).
      const found = this.tokenSet!.intersect(TokenSet.fromFuzzyString(term, distance)).toArray();
      const df = this.data.termDf;
      all = found
        .map((t: string) => this.term(t))
        .filter((t: number) => t >= 0)
        .sort((a, b) => df[b] - df[a]);
      if (this.fuzzyMemo.size >= FUZZY_MEMO_SIZE) this.fuzzyMemo.delete(this.fuzzyMemo.keys().next().value!);
    }
    // Most recently used last, so the oldest is forgotten first.
    this.fuzzyMemo.set(key, all);
    return all.slice(0, limit);
  }

  /** The plain word to show for a term ("mileage" for "mileag"). */
  wordFor(term: number): string {
    return this.data.termWords[term] || this.data.terms[term];
  }

  private mostCommon(ids: number[], limit: number): number[] {
    if (ids.length <= limit) return ids;
    const df = this.data.termDf;
    return ids.sort((a, b) => df[b] - df[a]).slice(0, limit);
  }

  /** Statistics a delta index borrows so its scores compare with this one's. */
  stats(): CorpusStats {
    return {
      documentCount: this.data.documentCount,
      avgFieldLength: this.data.avgFieldLength,
      df: (term) => this.df(term),
    };
  }
}
