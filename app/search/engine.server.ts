/**
 * Answers a planned query from the main index and the delta index, then applies the
 * audience rule, filters, ranking, facets and paging. No database access: everything
 * it needs (the facts each item's audience and filters depend on) is held in memory
 * and kept current by the index manager (index-manager.server.ts).
 *
 * Permission: a result is kept only when `isListed(item) && inAudience(viewer, item)`,
 * the rule behind `visibleItemsSql`, evaluated on facts that are refreshed on every
 * content change. Items whose facts are being refreshed are left out until they are.
 *
 * The per-result loop runs over thousands of matches for a common word, so the facts it
 * needs are also kept as typed arrays by item id, rebuilt whenever content changes.
 */
import { inAudience, isListed, seesAllAudiences, type AudienceFacts, type Viewer } from "~/access/audience.server";
import type { Analyzer } from "./analyzer.server";
import { FIELD_NUMBER, FIELDS } from "./fields.server";
import type { PackedIndex } from "./packed-index.server";
import type { QueryPlan, SearchClause } from "./query.server";
import { popcount, rank } from "./ranking.server";
import { typoMatches } from "./typos.server";

export type SearchFacts = AudienceFacts & {
  id: number;
  type: "announcement" | "policy" | "guide";
  slug: string;
  title: string;
  /** The title's words joined by spaces, for exact-title matches. */
  titleKey: string;
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  /** The date shown and filtered on: publication for news, effective date for policies, last review for guides. */
  date: string | null;
  /** `date` as milliseconds (NaN when there is none), for ranking and date filters. */
  dateMs: number;
  /** Changes when the indexed text changes, so a status-only change does not re-index. */
  stamp: string;
  /** The current revision (snippets are cut from its text), as of the last change the index saw. */
  revisionId: number | null;
  /** Whether the item has attached documents with words in them (only then are they read for a snippet). */
  hasDocuments: boolean;
};

export type SearchFilters = { type?: string | null; department?: string | null; from?: string | null; to?: string | null };

export type Facets = { types: Record<string, number>; departments: { slug: string; name: string; count: number }[] };

export type EngineResult = {
  total: number;
  /** Results that matched every word of the query (or a glossary name standing for it). */
  complete: number;
  hits: { id: number; score: number }[];
  facets: Facets;
  /** Index terms the query matched, for highlighting. */
  matchedTerms: Set<string>;
};

const PREFIX_LIMIT = 40;
const FUZZY_LIMIT = 12;
const TITLE = FIELD_NUMBER.title;
const TYPES = ["", "announcement", "policy", "guide"] as const;
const TYPE_CODE: Record<string, number> = { announcement: 1, policy: 2, guide: 3 };
const DAY_MS = 24 * 3600 * 1000;

type Visibility = { generation: number; validUntil: number; visible: Uint8Array };

/** Facts as arrays by item id, for the scoring loop. */
type Table = {
  generation: number;
  rows: (SearchFacts | undefined)[];
  typeCode: Uint8Array;
  department: Int32Array;
  dateMs: Float64Array;
  departments: { slug: string; name: string }[];
  departmentIndex: Map<string, number>;
};

export class SearchEngine {
  private _facts = new Map<number, SearchFacts>();
  /** Items whose facts are being re-read after a change: never shown until that is done. */
  readonly hidden = new Set<number>();
  private _main: PackedIndex | null = null;
  private _delta: PackedIndex | null = null;
  private generation = 0;
  private visibility = new Map<string, Visibility>();
  private table?: Table;
  /** Item id of each document number across main then delta. */
  private docItems = new Int32Array(0);
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  private titleMasks = new Uint32Array(0);
  private touched = new Int32Array(1024);

  constructor(private readonly analyzer: Analyzer) {}

  /** What search knows about each indexed item, by id. */
  get facts(): Map<number, SearchFacts> {
    return this._facts;
  }

  /** Replaces every item's facts at once (after a full build or at start-up). */
  replaceFacts(facts: Map<number, SearchFacts>): void {
    this._facts = facts;
    this.generation++;
  }

  get main(): PackedIndex | null {
    return this._main;
  }
  set main(index: PackedIndex | null) {
    this._main = index;
    this.indexesChanged();
  }
  get delta(): PackedIndex | null {
    return this._delta;
  }
  set delta(index: PackedIndex | null) {
    this._delta = index;
    this.indexesChanged();
  }

  private indexesChanged(): void {
    this.generation++;
    const m = this._main?.documentCount ?? 0;
    const n = m + (this._delta?.documentCount ?? 0);
    this.docItems = new Int32Array(n);
    if (this._main) this.docItems.set(this._main.data.docIds, 0);
    if (this._delta) this.docItems.set(this._delta.data.docIds, m);
    if (this.scores.length < n) {
      this.scores = new Float64Array(n);
      this.masks = new Uint32Array(n);
      this.titleMasks = new Uint32Array(n);
    }
  }

  /** Anything that may change who sees what calls this, so cached visibility is recomputed. */
  invalidate(): void {
    this.generation++;
  }

  private expand(index: PackedIndex, clause: SearchClause, term: string): number[] {
    if (clause.wildcard & 2 /* TRAILING */) return index.prefix(term.replace(/\*+$/, ""), PREFIX_LIMIT);
    if (clause.editDistance > 0)
      return clause.typed
        ? typoMatches(index, this.analyzer, clause.typed, term, clause.editDistance, FUZZY_LIMIT).map((m) => m.term)
        : index.fuzzy(term, clause.editDistance, FUZZY_LIMIT);
    const t = index.term(term);
    return t < 0 ? [] : [t];
  }

  /**
   * Runs the clauses the way lunr.Index#query does: every expanded term adds its clause's
   * boost to the query vector of each field it targets; a document scores
   * Σ fields dot(queryVector, fieldVector) / |queryVector|. Also records which query
   * words each document matched (all fields, and title alone).
   */
  private execute(plan: QueryPlan, matchedTerms: Set<string>): number {
    const { scores, masks, titleMasks } = this;
    const parts: [PackedIndex, number][] = [];
    if (this._main) parts.push([this._main, 0]);
    if (this._delta) parts.push([this._delta, this._main?.documentCount ?? 0]);
    // Pass 1: expand each clause and build the per-field query vectors.
    const queryVectors = FIELDS.map(() => new Map<string, number>());
    const expanded: { clause: SearchClause; fieldMask: number; terms: number[][] }[] = [];
    for (const clause of plan.clauses) {
      const term = clause.usePipeline ? this.analyzer.searchTerm(clause.term) : clause.term;
      if (!term) continue;
      // Typo tolerance is for words the index does not know (or barely knows): a known
      // word's near neighbours are other words, and expanding them costs time for noise.
      if (clause.editDistance > 0 && parts.some(([index]) => index.df(term) >= 2)) continue;
      let fieldMask = 0;
      for (const f of clause.fields) fieldMask |= 1 << FIELD_NUMBER[f as keyof typeof FIELD_NUMBER];
      const terms = parts.map(([index]) => this.expand(index, clause, term));
      const names = new Set<string>();
      terms.forEach((ids, i) => ids.forEach((t) => names.add(parts[i][0].data.terms[t])));
      for (const name of names) {
        matchedTerms.add(name);
        for (let f = 0; f < FIELDS.length; f++) if (fieldMask & (1 << f)) queryVectors[f].set(name, (queryVectors[f].get(name) ?? 0) + clause.boost);
      }
      expanded.push({ clause, fieldMask, terms });
    }
    const inverseNorm = queryVectors.map((v) => {
      let sum = 0;
      for (const x of v.values()) sum += x * x;
      return sum > 0 ? 1 / Math.sqrt(sum) : 0;
    });
    // Pass 2: add up the postings.
    let count = 0;
    for (const { clause, fieldMask, terms } of expanded) {
      const fieldScale = inverseNorm.map((n) => n * clause.boost);
      for (let i = 0; i < parts.length; i++) {
        const [index, base] = parts[i];
        const { termOffsets, postDocs, postFields, postWeights } = index.data;
        const dead = index.dead;
        for (const t of terms[i]) {
          const end = termOffsets[t + 1];
          for (let p = termOffsets[t]; p < end; p++) {
            const f = postFields[p];
            if (!(fieldMask & (1 << f))) continue;
            const d = postDocs[p];
            if (dead[d]) continue;
            const g = base + d;
            if (masks[g] === 0) {
              if (count === this.touched.length) {
                const grown = new Int32Array(count * 2);
                grown.set(this.touched);
                this.touched = grown;
              }
              this.touched[count++] = g;
            }
            scores[g] += fieldScale[f] * postWeights[p];
            masks[g] |= clause.mask;
            if (f === TITLE) titleMasks[g] |= clause.mask;
          }
        }
      }
    }
    return count;
  }

  private reset(count: number): void {
    for (let i = 0; i < count; i++) {
      const g = this.touched[i];
      this.scores[g] = 0;
      this.masks[g] = 0;
      this.titleMasks[g] = 0;
    }
  }

  /** lunr's score for each matching item, before audience, filters and ranking (tests compare it with lunr's own). */
  rawScores(plan: QueryPlan): Map<number, number> {
    const count = this.execute(plan, new Set());
    const out = new Map<number, number>();
    for (let i = 0; i < count; i++) out.set(this.docItems[this.touched[i]], this.scores[this.touched[i]]);
    this.reset(count);
    return out;
  }

  /**
   * Which items the viewer may find, by item id. Cached per kind of viewer (their role
   * and department decide it) until content changes or a publish/expiry time passes.
   */
  visibleTo(viewer: Viewer | null, now: Date): Uint8Array {
    const key = !viewer ? "public" : seesAllAudiences(viewer) ? "all" : `${viewer.role}:${viewer.departmentId ?? ""}`;
    const at = now.getTime();
    const cached = this.visibility.get(key);
    if (cached && cached.generation === this.generation && at < cached.validUntil) return cached.visible;
    const size = this.byId().typeCode.length;
    const visible = new Uint8Array(size);
    let validUntil = Infinity;
    const iso = now.toISOString();
    for (const f of this.facts.values()) {
      if (isListed(f, now) && inAudience(viewer, f)) visible[f.id] = 1;
      // The answer changes when a scheduled item goes live or a live one expires.
      if (f.publishAt && f.publishAt > iso) validUntil = Math.min(validUntil, Date.parse(f.publishAt));
      if (f.expiresAt && f.expiresAt > iso) validUntil = Math.min(validUntil, Date.parse(f.expiresAt));
    }
    for (const id of this.hidden) if (id < size) visible[id] = 0;
    if (this.visibility.size > 200) this.visibility.clear();
    this.visibility.set(key, { generation: this.generation, validUntil, visible });
    return visible;
  }

  private byId(): Table {
    if (this.table?.generation === this.generation) return this.table;
    let size = 0;
    for (const id of this.facts.keys()) if (id >= size) size = id + 1;
    for (const id of this.docItems) if (id >= size) size = id + 1;
    const t: Table = {
      generation: this.generation,
      rows: new Array(size),
      typeCode: new Uint8Array(size),
      department: new Int32Array(size).fill(-1),
      dateMs: new Float64Array(size).fill(NaN),
      departments: [],
      departmentIndex: new Map(),
    };
    for (const f of this.facts.values()) {
      t.rows[f.id] = f;
      t.typeCode[f.id] = TYPE_CODE[f.type] ?? 0;
      t.dateMs[f.id] = f.dateMs;
      if (f.departmentSlug) {
        let d = t.departmentIndex.get(f.departmentSlug);
        if (d === undefined) {
          d = t.departments.length;
          t.departments.push({ slug: f.departmentSlug, name: f.departmentName ?? f.departmentSlug });
          t.departmentIndex.set(f.departmentSlug, d);
        }
        t.department[f.id] = d;
      }
    }
    this.table = t;
    return t;
  }

  search(
    viewer: Viewer | null,
    plan: QueryPlan,
    options: { filters?: SearchFilters; offset?: number; limit?: number; titleKey?: string; now?: Date },
  ): EngineResult {
    const now = options.now ?? new Date();
    const filters = options.filters ?? {};
    const matchedTerms = new Set<string>();
    if (plan.clauses.length === 0) return { total: 0, complete: 0, hits: [], facets: { types: {}, departments: [] }, matchedTerms };
    const visible = this.visibleTo(viewer, now);
    const table = this.byId();
    const { typeCode, department, dateMs, rows } = table;
    const count = this.execute(plan, matchedTerms);
    const nowMs = now.getTime();
    const fromMs = filters.from ? Date.parse(filters.from) : -Infinity;
    const toMs = filters.to ? Date.parse(filters.to) + DAY_MS - 1 : Infinity;
    const byDate = fromMs > -Infinity || toMs < Infinity;
    const typeWanted = filters.type ? (TYPE_CODE[filters.type] ?? -1) : 0;
    const deptWanted = filters.department ? (table.departmentIndex.get(filters.department) ?? -2) : -1;
    const typeCounts = new Int32Array(TYPES.length);
    const deptCounts = new Int32Array(table.departments.length);
    const ids = new Int32Array(count);
    const ranked = new Float64Array(count);
    const words = plan.wordCount;
    let total = 0;
    let complete = 0;
    for (let i = 0; i < count; i++) {
      const g = this.touched[i];
      const id = this.docItems[g];
      if (visible[id] !== 1) continue;
      const type = typeCode[id];
      if (type === 0) continue;
      if (byDate && !(dateMs[id] >= fromMs && dateMs[id] <= toMs)) continue;
      const dept = department[id];
      const typeOk = typeWanted === 0 || type === typeWanted;
      const deptOk = deptWanted === -1 || dept === deptWanted;
      // Each facet counts with the other filters applied, so its numbers say what choosing it would give.
      if (deptOk) typeCounts[type]++;
      if (typeOk && dept >= 0) deptCounts[dept]++;
      if (!typeOk || !deptOk) continue;
      const inTitle = popcount(this.titleMasks[g]);
      const matched = popcount(this.masks[g]);
      if (matched === words) complete++;
      const exactTitle = inTitle === words && !!options.titleKey && rows[id]!.titleKey === options.titleKey;
      ids[total] = id;
      ranked[total++] = rank(this.scores[g], words, matched, inTitle, exactTitle, type === 1, dateMs[id], nowMs);
    }
    this.reset(count);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const order = topK(ids, ranked, total, offset + limit, dateMs);
    const types: Record<string, number> = {};
    for (let t = 1; t < TYPES.length; t++) if (typeCounts[t]) types[TYPES[t]] = typeCounts[t];
    const departments: Facets["departments"] = [];
    table.departments.forEach((d, i) => deptCounts[i] && departments.push({ ...d, count: deptCounts[i] }));
    departments.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { total, complete, hits: order.slice(offset).map((i) => ({ id: ids[i], score: ranked[i] })), facets: { types, departments }, matchedTerms };
  }
}

/**
 * Positions of the best `k` of the first `n` results, best first: by score, then newer,
 * then lower id. A bounded insertion, so a common word matching thousands of items costs
 * little more than a rare one.
 */
function topK(ids: Int32Array, scores: Float64Array, n: number, k: number, dateMs: Float64Array): number[] {
  const better = (a: number, b: number) => {
    if (scores[a] !== scores[b]) return scores[a] > scores[b];
    const da = dateMs[ids[a]];
    const db = dateMs[ids[b]];
    if (da !== db && !(Number.isNaN(da) && Number.isNaN(db))) return Number.isNaN(db) || da > db;
    return ids[a] < ids[b];
  };
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep.length === k && !better(i, keep[k - 1])) continue;
    let at = keep.length === k ? k - 1 : keep.length;
    if (keep.length < k) keep.push(i);
    while (at > 0 && better(i, keep[at - 1])) {
      keep[at] = keep[at - 1];
      at--;
    }
    keep[at] = i;
  }
  return keep;
}
