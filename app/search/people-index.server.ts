/**
 * People in search (issue 20, decision 141): a small in-memory inverted index over what the
 * directory shows every signed-in person (name, preferred name, job title, team, department,
 * "ask me about" tags). Terms come from the same lunr analyzer as the item index (English
 * stemming, stop words), plus each word as typed, so "kowal" finds Kowalski by prefix and
 * "safeguard" finds "safeguarding" by stem.
 *
 * Why not the packed item index: people change one at a time and must be searchable at
 * once; a few thousand short documents are updated in place here (remove, add) in
 * microseconds, where the item index is built for 10,000 long pages. No database access:
 * app/utils/people-search.server.ts feeds it from people_changes.
 *
 * Only active people are held: a switched-off account is removed, so it can never appear.
 */
import type { Analyzer } from "./analyzer.server";

export type PersonDoc = {
  id: number;
  name: string;
  preferredName: string;
  jobTitle: string;
  teamName: string | null;
  departmentName: string | null;
  expertise: string[];
};

/** Weights per field: a name match outranks a job title, which outranks a department. */
const WEIGHTS = { name: 10, expertise: 6, jobTitle: 4, team: 3, department: 1 } as const;
const PREFIX_FACTOR = 0.6;
const MIN_PREFIX = 2;
const MAX_WORDS = 8;

type Postings = Map<number, number>;

export type PeopleHit = { id: number; score: number; matchedExpertise: string[] };

export class PeopleIndex {
  private postings = new Map<string, Postings>();
  /** Each person's terms, to take them out again (the weights live in the postings). */
  private termsOf = new Map<number, string[]>();
  /**
   * A word's index terms (as typed, stemmed), worked out once: names, job titles, teams and
   * topics repeat across thousands of people, and stemming is most of the cost of a put.
   */
  private termsOfWord = new Map<string, string[]>();
  private expertiseOf = new Map<number, string[]>();
  private names = new Map<number, string>();
  private sorted: string[] | null = null;

  constructor(private readonly analyzer: Analyzer) {}

  get size(): number {
    return this.termsOf.size;
  }

  /** Adds or replaces a person. */
  put(doc: PersonDoc): void {
    this.remove(doc.id);
    const terms = new Map<string, number>();
    const add = (text: string | null | undefined, weight: number) => {
      if (!text) return;
      for (const word of text.toLowerCase().split(/[\s\-/,.()&']+/)) {
        let expanded = this.termsOfWord.get(word);
        if (!expanded) {
          const w = this.analyzer.trim(word);
          expanded = w ? [...new Set([w, ...this.analyzer.terms(w)])].filter(Boolean) : [];
          if (this.termsOfWord.size < 50_000) this.termsOfWord.set(word, expanded);
        }
        for (const term of expanded) if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
      }
    };
    add(doc.name, WEIGHTS.name);
    add(doc.preferredName, WEIGHTS.name);
    add(doc.jobTitle, WEIGHTS.jobTitle);
    add(doc.teamName, WEIGHTS.team);
    add(doc.departmentName, WEIGHTS.department);
    for (const tag of doc.expertise) add(tag, WEIGHTS.expertise);
    for (const [term, weight] of terms) {
      let p = this.postings.get(term);
      if (!p) {
        p = new Map();
        this.postings.set(term, p);
        this.sorted = null;
      }
      p.set(doc.id, weight);
    }
    this.termsOf.set(doc.id, [...terms.keys()]);
    this.expertiseOf.set(doc.id, doc.expertise);
    this.names.set(doc.id, doc.name.toLowerCase());
  }

  remove(id: number): void {
    const terms = this.termsOf.get(id);
    if (!terms) return;
    for (const term of terms) {
      const p = this.postings.get(term);
      p?.delete(id);
      if (p && p.size === 0) {
        this.postings.delete(term);
        this.sorted = null;
      }
    }
    this.termsOf.delete(id);
    this.expertiseOf.delete(id);
    this.names.delete(id);
  }

  /** Terms starting with `prefix`, from the sorted term list (rebuilt after terms come or go). */
  private withPrefix(prefix: string): string[] {
    this.sorted ??= [...this.postings.keys()].sort();
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < s.length && s[i].startsWith(prefix) && out.length < 200; i++) out.push(s[i]);
    return out;
  }

  /**
   * People matching every word of `text` (by stem, as typed, or by prefix), best first,
   * then by name. `total` counts them all; `hits` holds the first `limit`.
   */
  search(text: string, limit: number): { total: number; hits: PeopleHit[] } {
    const words = text
      .toLowerCase()
      .split(/[\s\-/,.()&]+/)
      .map((w) => this.analyzer.trim(w))
      .filter((w) => w && !this.analyzer.isStopWord(w))
      .slice(0, MAX_WORDS);
    if (words.length === 0) return { total: 0, hits: [] };
    let scores: Map<number, number> | null = null;
    for (const word of words) {
      const here = new Map<number, number>();
      const exact = new Set([word, this.analyzer.searchTerm(word)]);
      for (const term of exact) for (const [id, w] of this.postings.get(term) ?? []) here.set(id, Math.max(here.get(id) ?? 0, w));
      if (word.length >= MIN_PREFIX)
        for (const term of this.withPrefix(word))
          if (!exact.has(term)) for (const [id, w] of this.postings.get(term)!) here.set(id, Math.max(here.get(id) ?? 0, w * PREFIX_FACTOR));
      if (scores === null) scores = here;
      else {
        const next = new Map<number, number>();
        for (const [id, s] of scores) {
          const add = here.get(id);
          if (add !== undefined) next.set(id, s + add);
        }
        scores = next;
      }
      if (scores.size === 0) break;
    }
    const all = [...(scores ?? new Map<number, number>())];
    all.sort((a, b) => b[1] - a[1] || (this.names.get(a[0]) ?? "").localeCompare(this.names.get(b[0]) ?? "") || a[0] - b[0]);
    const stems = new Set(words.map((w) => this.analyzer.searchTerm(w)));
    const hits = all.slice(0, limit).map(([id, score]) => ({
      id,
      score,
      matchedExpertise: (this.expertiseOf.get(id) ?? []).filter((tag) => tag.split(/\s+/).some((t) => stems.has(this.analyzer.searchTerm(t)) || words.some((w) => t.startsWith(w)))),
    }));
    return { total: all.length, hits };
  }
}
