/**
 * Answers a planned query from the main index and the delta index, then applies the
 * audience rule, filters, ranking, facets and paging. No database access: everything
 * it needs (the facts each item's audience and filters depend on) is held in memory
 * and kept current by the search service (utils/search.server.ts).
 *
 * Permission: a result is kept only when `isListed(item) && inAudience(viewer, item)`,
 * the rule behind `visibleItemsSql`, evaluated on facts that are refreshed on every
 * content change. Items whose facts are being refreshed are left out until they are.
 */
import { inAudience, isListed, seesAllAudiences, type AudienceFacts, type Viewer } from "~/utils/audience.server";
import { FIELD_NUMBER, FIELDS } from "./fields.server";
import type { PackedIndex } from "./packed-index.server";
import type { QueryPlan, SearchClause } from "./query.server";
import { popcount, rank } from "./ranking.server";
import type { Analyzer } from "./analyzer.server";

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
};

export type SearchFilters = { type?: string | null; department?: string | null; from?: string | null; to?: string | null };

export type Facets = { types: Record<string, number>; departments: { slug: string; name: string; count: number }[] };

export type EngineResult = {
  total: number;
  hits: { id: number; score: number }[];
  facets: Facets;
  /** Index terms the query matched, for highlighting. */
  matchedTerms: Set<string>;
};

const PREFIX_LIMIT = 40;
const FUZZY_LIMIT = 12;
const TITLE = FIELD_NUMBER.title;

type Visibility = { generation: number; validUntil: number; visible: Uint8Array };

export class SearchEngine {
  main: PackedIndex | null = null;
  delta: PackedIndex | null = null;
  readonly facts = new Map<number, SearchFacts>();
  /** Items whose facts are being re-read after a change: never shown until that is done. */
  readonly hidden = new Set<number>();
  private generation = 0;
  private visibility = new Map<string, Visibility>();
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  private titleMasks = new Uint32Array(0);
  private touched = new Int32Array(1024);

  constructor(private readonly analyzer: Analyzer) {}

  /** Anything that may change who sees what calls this, so cached visibility is recomputed. */
  invalidate(): void {
    this.generation++;
  }

  private ensureCapacity(): void {
    const n = (this.main?.documentCount ?? 0) + (this.delta?.documentCount ?? 0);
    if (this.scores.length < n) {
      this.scores = new Float64Array(n);
      this.masks = new Uint32Array(n);
      this.titleMasks = new Uint32Array(n);
    }
  }

  private itemIdOf(globalDoc: number): number {
    const m = this.main?.documentCount ?? 0;
    return globalDoc < m ? this.main!.data.docIds[globalDoc] : this.delta!.data.docIds[globalDoc - m];
  }

  private expand(index: PackedIndex, clause: SearchClause, term: string): number[] {
    if (clause.wildcard & 2 /* TRAILING */) return index.prefix(term.replace(/\*+$/, ""), PREFIX_LIMIT);
    if (clause.editDistance > 0) return index.fuzzy(term, clause.editDistance, FUZZY_LIMIT);
    const t = index.term(term);
    return t < 0 ? [] : [t];
  }

  /**
   * Runs the clauses the way lunr.Index#query does: every expanded term adds its clause's
   * boost to the query vector of each field it targets; a document scores
   * Σ fields dot(queryVector, fieldVector) / |queryVector|. Also records which query
   * words each document matched (all fields, and title alone).
   */
  private execute(plan: QueryPlan, matchedTerms: Set<string>): { count: number } {
    this.ensureCapacity();
    const { scores, masks, titleMasks } = this;
    const parts: [PackedIndex, number][] = [];
    if (this.main) parts.push([this.main, 0]);
    if (this.delta) parts.push([this.delta, this.main?.documentCount ?? 0]);
    // Pass 1: expand each clause and build the per-field query vectors.
    const queryVectors = FIELDS.map(() => new Map<string, number>());
    const expanded: { clause: SearchClause; fieldMask: number; terms: number[][] }[] = [];
    for (const clause of plan.clauses) {
      const term = clause.usePipeline ? this.analyzer.searchTerm(clause.term) : clause.term;
      if (!term) continue;
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
    return { count };
  }

  private reset(count: number): void {
    for (let i = 0; i < count; i++) {
      const g = this.touched[i];
      this.scores[g] = 0;
      this.masks[g] = 0;
      this.titleMasks[g] = 0;
    }
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
    let maxId = 0;
    for (const id of this.facts.keys()) if (id > maxId) maxId = id;
    const visible = new Uint8Array(maxId + 1);
    let validUntil = Infinity;
    const iso = now.toISOString();
    for (const f of this.facts.values()) {
      if (isListed(f, now) && inAudience(viewer, f)) visible[f.id] = 1;
      // The answer changes when a scheduled item goes live or a live one expires.
      if (f.publishAt && f.publishAt > iso) validUntil = Math.min(validUntil, Date.parse(f.publishAt));
      if (f.expiresAt && f.expiresAt > iso) validUntil = Math.min(validUntil, Date.parse(f.expiresAt));
    }
    for (const id of this.hidden) if (id <= maxId) visible[id] = 0;
    if (this.visibility.size > 200) this.visibility.clear();
    this.visibility.set(key, { generation: this.generation, validUntil, visible });
    return visible;
  }

  /** lunr's score for each matching item, before audience, filters and ranking (tests compare it with lunr's own). */
  rawScores(plan: QueryPlan): Map<number, number> {
    const { count } = this.execute(plan, new Set());
    const out = new Map<number, number>();
    for (let i = 0; i < count; i++) out.set(this.itemIdOf(this.touched[i]), this.scores[this.touched[i]]);
    this.reset(count);
    return out;
  }

  /** Facts as an array by item id (faster than a Map in the scoring loop), rebuilt when content changes. */
  private byId(): (SearchFacts | undefined)[] {
    if (this.table?.generation === this.generation) return this.table.rows;
    const rows: (SearchFacts | undefined)[] = [];
    for (const f of this.facts.values()) rows[f.id] = f;
    this.table = { generation: this.generation, rows };
    return rows;
  }
  private table?: { generation: number; rows: (SearchFacts | undefined)[] };

  search(
    viewer: Viewer | null,
    plan: QueryPlan,
    options: { filters?: SearchFilters; offset?: number; limit?: number; titleKey?: string; now?: Date },
  ): EngineResult {
    const now = options.now ?? new Date();
    const filters = options.filters ?? {};
    const matchedTerms = new Set<string>();
    const empty: EngineResult = { total: 0, hits: [], facets: { types: {}, departments: [] }, matchedTerms };
    if (plan.clauses.length === 0) return empty;
    const visible = this.visibleTo(viewer, now);
    const rows = this.byId();
    const { count } = this.execute(plan, matchedTerms);
    const nowMs = now.getTime();
    const fromMs = filters.from ? Date.parse(filters.from) : -Infinity;
    const toMs = filters.to ? Date.parse(filters.to) + 24 * 3600 * 1000 - 1 : Infinity;
    const types: Record<string, number> = {};
    const departments = new Map<string, { slug: string; name: string; count: number }>();
    const ids = new Int32Array(count);
    const ranked = new Float64Array(count);
    let total = 0;
    try {
      for (let i = 0; i < count; i++) {
        const g = this.touched[i];
        const id = this.itemIdOf(g);
        if (visible[id] !== 1) continue;
        const f = rows[id];
        if (!f) continue;
        if (fromMs > -Infinity || toMs < Infinity) {
          if (!(f.dateMs >= fromMs && f.dateMs <= toMs)) continue;
        }
        const typeOk = !filters.type || f.type === filters.type;
        const deptOk = !filters.department || f.departmentSlug === filters.department;
        // Each facet counts with the other filters applied, so its numbers say what choosing it would give.
        if (deptOk) types[f.type] = (types[f.type] ?? 0) + 1;
        if (typeOk && f.departmentSlug) {
          const d = departments.get(f.departmentSlug);
          if (d) d.count++;
          else departments.set(f.departmentSlug, { slug: f.departmentSlug, name: f.departmentName ?? f.departmentSlug, count: 1 });
        }
        if (!typeOk || !deptOk) continue;
        const matchedInTitle = popcount(this.titleMasks[g]);
        ids[total] = id;
        ranked[total++] = rank(
          {
            score: this.scores[g],
            wordCount: plan.wordCount,
            matched: popcount(this.masks[g]),
            matchedInTitle,
            exactTitle: matchedInTitle === plan.wordCount && !!options.titleKey && f.titleKey === options.titleKey,
            type: f.type,
            dateMs: f.dateMs,
          },
          nowMs,
        );
      }
    } finally {
      this.reset(count);
    }
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const order = topK(ids, ranked, total, offset + limit, rows);
    return {
      total,
      hits: order.slice(offset).map((i) => ({ id: ids[i], score: ranked[i] })),
      facets: { types, departments: [...departments.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)) },
      matchedTerms,
    };
  }
}

/**
 * Positions of the best `k` of the first `n` results, best first: by score, then newer,
 * then lower id. A bounded selection, so a common word matching thousands of items
 * costs little more than a rare one.
 */
function topK(ids: Int32Array, scores: Float64Array, n: number, k: number, rows: (SearchFacts | undefined)[]): number[] {
  const better = (a: number, b: number) => {
    if (scores[a] !== scores[b]) return scores[a] > scores[b];
    const da = rows[ids[a]]?.dateMs ?? NaN;
    const db = rows[ids[b]]?.dateMs ?? NaN;
    if (da !== db) return !(db > da) && (da > db || db !== db);
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
