/**
 * Council jargon in search. Each glossary term has names that mean the same thing: the
 * term ("DBS"), what it stands for ("Disclosure and Barring Service") and its other
 * names ("criminal record check"). When a query contains one name, the others are
 * searched for too, on behalf of the same query words, so "DBS" finds a page that only
 * says "criminal record check" and the other way round. A query that is mostly the term
 * gets its definition shown above the results.
 */
import type { Analyzer } from "./analyzer.server";
import { wordsOf, type Expansion } from "./query.server";

export type GlossaryEntry = { slug: string; term: string; standsFor: string; also: string[]; definitionHtml: string };

type Name = { words: string[]; stems: string[] };

export type GlossaryMatch = { entries: GlossaryEntry[]; expansions: Expansion[] };

const MAX_EXPANSION_WORDS = 24;

export class GlossaryMatcher {
  private readonly names: { entry: GlossaryEntry; names: Name[] }[];

  constructor(
    entries: GlossaryEntry[],
    private readonly analyzer: Analyzer,
  ) {
    this.names = entries.map((entry) => {
      const seen = new Set<string>();
      const names: Name[] = [];
      for (const text of [entry.term, entry.standsFor, ...entry.also]) {
        const words = wordsOf(text, analyzer).filter((w) => !analyzer.isStopWord(w));
        const stems = words.map((w) => analyzer.searchTerm(w));
        const key = stems.join(" ");
        if (words.length === 0 || seen.has(key)) continue;
        seen.add(key);
        names.push({ words, stems });
      }
      return { entry, names };
    });
  }

  /** Glossary names found in the query's keywords, and what to search for on their behalf. */
  match(keywords: string[]): GlossaryMatch {
    const stems = keywords.map((k) => this.analyzer.searchTerm(k));
    const entries: GlossaryEntry[] = [];
    const expansions: Expansion[] = [];
    let budget = MAX_EXPANSION_WORDS;
    for (const { entry, names } of this.names) {
      let best: { mask: number; covered: number; name: Name } | null = null;
      for (const name of names) {
        const at = findRun(stems, name.stems);
        if (at < 0) continue;
        let mask = 0;
        for (let i = at; i < at + name.stems.length; i++) mask |= 1 << i;
        if (!best || name.stems.length > best.covered) best = { mask, covered: name.stems.length, name };
      }
      if (!best) continue;
      if (best.covered * 2 >= keywords.length) entries.push(entry);
      for (const name of names) {
        if (name === best.name || name.words.length > budget) continue;
        budget -= name.words.length;
        expansions.push({ words: name.words, mask: best.mask });
      }
    }
    return { entries, expansions };
  }

  /** Terms whose name starts with the text typed so far (typeahead). */
  startingWith(text: string, limit: number): GlossaryEntry[] {
    const prefix = wordsOf(text, this.analyzer).join(" ");
    if (prefix.length < 2) return [];
    return this.names
      .filter(({ entry }) => [entry.term, entry.standsFor].some((n) => wordsOf(n, this.analyzer).join(" ").startsWith(prefix)))
      .slice(0, limit)
      .map((n) => n.entry);
  }
}

/** Where `run` appears as consecutive items of `list`, or -1. */
function findRun(list: string[], run: string[]): number {
  outer: for (let i = 0; i + run.length <= list.length; i++) {
    for (let j = 0; j < run.length; j++) if (list[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}
