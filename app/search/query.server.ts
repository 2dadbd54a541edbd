/**
 * What a person typed → a lunr.Query built clause by clause with `query.term(...)`.
 *
 * User text never reaches lunr's query parser: `title:`, `foo^2`, `bin~`, `-pay`, `*`,
 * unbalanced quotes and the like are not syntax here, just punctuation between words.
 * Text is cut to a sane length, control and invisible formatting characters (including
 * right-to-left overrides) are removed, and what remains is split into words the way the
 * index splits them, so anything a person can type gives words or nothing, never an error.
 */
import lunr from "lunr";
import type { Analyzer } from "./analyzer.server";
import { FIELDS } from "./fields.server";
import { editBudget } from "./typos.server";

/** Longest typed word that gets typo matching ("responsibilities" has 16 letters). */
export const MAX_FUZZY_WORD = 20;

export const MAX_QUERY_LENGTH = 200;
const MAX_KEYWORDS = 10;
const MAX_WORD_LENGTH = 40;

export type UserQuery = {
  /** The text as shown back and recorded: invisible characters removed, spaces collapsed, at most 200 characters. */
  text: string;
  /** Every word, lower case, stop words included: for exact title matching. */
  words: string[];
  /** The words that carry meaning (no stop words, no repeats), at most ten. */
  keywords: string[];
};

// Control, format (bidi overrides, zero-width), private-use and lone surrogate code points.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const NOT_WORD_CHAR = /[^\p{L}\p{N}'._@&]+/u;

/** Cleans text for display and recording; never throws, whatever it is given. */
export function cleanQueryText(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0) return "";
  const cut = raw.slice(0, MAX_QUERY_LENGTH * 5).normalize("NFKC").replace(INVISIBLE, " ").replace(/\s+/g, " ").trim();
  // Cut by code point so an emoji is never split in half.
  return Array.from(cut).slice(0, MAX_QUERY_LENGTH).join("").trim();
}

/** Words of a text as the index sees them: split on spaces and hyphens, punctuation trimmed, lower case. */
export function wordsOf(text: string, analyzer: Analyzer): string[] {
  const words: string[] = [];
  for (const token of text.toLowerCase().replace(/[’‘]/g, "'").split(/[\s-]+/)) {
    if (!token) continue;
    for (const piece of token.split(NOT_WORD_CHAR)) {
      const word = analyzer.trim(piece).slice(0, MAX_WORD_LENGTH);
      if (word) words.push(word);
    }
  }
  return words;
}

export function parseUserQuery(raw: unknown, analyzer: Analyzer): UserQuery {
  const text = cleanQueryText(raw);
  const words = wordsOf(text, analyzer);
  const keywords = [...new Set(words.filter((w) => !analyzer.isStopWord(w)))].slice(0, MAX_KEYWORDS);
  return { text, words, keywords };
}

/**
 * A lunr clause plus the query words it stands for (a bit per word), so ranking can tell
 * how much of the query a result covers. A fuzzy clause also carries the word as typed:
 * typo matching needs it as well as the stem (typos.server.ts).
 */
export type SearchClause = lunr.Query.Clause & { mask: number; typed?: string };

/** Extra words to look for on behalf of query words, e.g. "disclosure barring service" for "dbs". */
export type Expansion = { words: string[]; mask: number };

export type QueryPlan = { clauses: SearchClause[]; wordCount: number };

/**
 * Clauses for each keyword: the word itself (stemmed by lunr's search pipeline), a
 * trailing wildcard so partial words match, and a fuzzy match for typos. Exact matches
 * weigh most, so a typo or a prefix never outranks the word itself. Mode "exact" asks
 * for the words alone (used to check a spelling suggestion finds something).
 */
export function planQuery(
  keywords: string[],
  analyzer: Analyzer,
  options: { mode: "search" | "suggest" | "exact"; expansions?: Expansion[]; fields?: readonly string[] } = { mode: "search" },
): QueryPlan {
  const query = new lunr.Query([...(options.fields ?? FIELDS)]);
  const add = (term: string, mask: number, opts: Partial<SearchClause>) => {
    query.term(term, { ...opts, mask });
  };
  keywords.forEach((word, i) => {
    const mask = 1 << i;
    const stem = analyzer.searchTerm(word);
    const last = i === keywords.length - 1;
    add(word, mask, { boost: 1, usePipeline: true });
    if (options.mode === "exact") return;
    const prefixFrom = options.mode === "suggest" && last ? 2 : 4;
    if (stem.length >= prefixFrom)
      add(stem, mask, { boost: options.mode === "suggest" && last ? 0.8 : 0.25, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
    // Fuzzy matching of a long word walks a huge automaton (a 40-letter word took over a second):
    // words longer than any real one are matched exactly and by prefix only.
    if (word.length >= 5 && word.length <= MAX_FUZZY_WORD && /^[a-z]+$/.test(word))
      add(stem, mask, { boost: 0.15, usePipeline: false, editDistance: editBudget(word), typed: word });
  });
  for (const expansion of options.expansions ?? [])
    for (const word of expansion.words) if (!analyzer.isStopWord(word)) add(word, expansion.mask, { boost: 0.5, usePipeline: true });
  return { clauses: query.clauses as SearchClause[], wordCount: keywords.length };
}
