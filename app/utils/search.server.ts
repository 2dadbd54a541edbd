/**
 * Search, as routes use it: `searchItems` for the results page, `suggestItems` for the
 * typeahead, `startSearch`/`stopSearch` for boot and shutdown. The index lives in
 * app/search/ (one concept per file); this module wires it to the database, the glossary,
 * the audience rule and search insight.
 *
 * Every result is permission-checked twice: in memory by the engine (the audience rule
 * on facts kept current by the change feed's search follower) and again in the database with the
 * viewer's `visibleItemsSql` for the page actually shown.
 */
import path from "node:path";
import { listGlossaryTerms } from "~/models/glossary.server";
import type { ItemType } from "~/models/item.server";
import { itemPath } from "./item-path";
import { listRevisionHtml, listVisibleResults, type SearchResultRow } from "~/models/search.server";
import type { Facets, SearchFacts } from "~/search/engine.server";
import { GlossaryMatcher, type GlossaryEntry } from "~/search/glossary.server";
import { SearchIndexManager, type IndexManagerOptions } from "~/search/index-manager.server";
import { LOW_RESULTS, SearchRecorder } from "~/search/insights.server";
import { parseUserQuery, planQuery, type UserQuery } from "~/search/query.server";
import { highlight, MatchFinder, snippet } from "~/search/snippet.server";
import type { SearchHit } from "~/search/types";
import { suggestSpelling } from "~/search/spelling.server";
import { htmlToText } from "~/search/text.server";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { onLeader } from "./cluster.server";
import { getDb, type Queryable } from "./db.server";
import { fileHref } from "./file-path";
import { documentTextsOf } from "~/search/documents.server";
import { getEnv } from "./env.server";
import { registerCacheCounters } from "./cache-stats.server";
import { log } from "./log.server";

import type { Segment } from "~/search/types";
export type { Segment, SearchHit } from "~/search/types";
export type { Facets } from "~/search/engine.server";

export const PAGE_SIZE = 10;
const GLOSSARY_TTL_MS = 30_000;
/**
 * Plain text of recently shown revisions, so popular results are not re-read and re-stripped
 * on every search. Small on purpose (decision 190): a text kept for hundreds of searches
 * outlives the young generation and piles up as old-generation garbage when it is evicted
 * (500 kept the index process's heap about 40 MB larger), while a miss now costs only the
 * bytes read with the results' own query.
 */
const TEXT_CACHE_SIZE = 50;
/**
 * The snippet shown for a revision when a query matched these index terms: the same words
 * searched again (most searches are) need no text at all. A snippet is about 220 characters,
 * so many more are kept than texts.
 */
const SNIPPET_CACHE_SIZE = 2_000;

export type SearchRequest = {
  q: unknown;
  type?: ItemType | null;
  department?: string | null;
  from?: string | null;
  to?: string | null;
  page?: number;
  /** Count this search in search insight (the results page does; tests and benchmarks may not). */
  record?: boolean;
};

export type GlossaryCard = { slug: string; term: string; standsFor: string; definitionHtml: string };

export type SearchPage = {
  /** "empty": nothing to search for; "starting": the index is not loaded yet (only in the first moments after start-up). */
  status: "ok" | "empty" | "starting";
  query: string;
  total: number;
  /** How many results matched every word (the rest matched some). */
  complete: number;
  page: number;
  pageSize: number;
  pageCount: number;
  hits: SearchHit[];
  facets: Facets;
  didYouMean: string | null;
  glossary: GlossaryCard[];
};

export type Suggestions = {
  items: { title: string; type: ItemType; url: string }[];
  terms: { term: string; standsFor: string; url: string }[];
};

let manager: SearchIndexManager | null = null;
let glossary: { at: number; matcher: GlossaryMatcher } | null = null;
const textCache = new Map<number, string>();
const textCacheCounters = { hits: 0, lookups: 0 };
registerCacheCounters("search snippet texts", () => textCacheCounters);
const snippetCache = new Map<string, Segment[] | null>();
const snippetCacheCounters = { hits: 0, lookups: 0 };
registerCacheCounters("search snippets", () => snippetCacheCounters);
const snippetKey = (revisionId: number, termsKey: string) => `${revisionId}|${termsKey}`;
const recorder = new SearchRecorder();

/** Where the persisted index lives: next to the database file. */
export function defaultIndexPath(databasePath = getEnv().DATABASE_PATH): string | null {
  if (databasePath === ":memory:" || databasePath.startsWith("file::memory:")) return null;
  return path.join(path.dirname(path.resolve(databasePath)), `${path.basename(databasePath)}.search-index`);
}

/** Boot step: load (or build) the index and start following content changes. */
export async function startSearch(options: Partial<IndexManagerOptions> = {}): Promise<SearchIndexManager> {
  if (manager) return manager;
  const m = new SearchIndexManager({ persistPath: defaultIndexPath(), ...options });
  manager = m;
  try {
    await m.start();
  } catch (err) {
    manager = null;
    await m.stop().catch(() => undefined);
    throw err;
  }
  return m;
}

/**
 * The boot step. Search failing to start must not keep the intranet down: the failure is
 * logged, the search page says search is getting ready, and starting is tried again every
 * 30 seconds. Returns the shutdown hook.
 */
export async function bootSearch(): Promise<() => Promise<void>> {
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  const attempt = async () => {
    try {
      await startSearch();
    } catch (err) {
      log.error("search could not start; trying again in 30 s", { error: String(err) });
      if (!stopped) {
        retry = setTimeout(() => void attempt(), 30_000);
        retry.unref();
      }
    }
  };
  await attempt();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await stopSearch();
  };
}

export async function stopSearch(): Promise<void> {
  const m = manager;
  manager = null;
  glossary = null;
  await m?.stop();
  await recorder.flush();
}

/** Waits until the index holds every change up to `seenFeedId`, or, without it, every change committed so far. */
type Freshness = (seenFeedId?: number) => Promise<unknown>;
let freshness: Freshness | null = null;

/**
 * Registered by the change feed's search follower: what a search awaits first so the index
 * holds every committed change (decision 090). Null when no follower runs (tests, tools).
 * A signed-in search passes the change feed's newest id that its session statement read at
 * the start of the request (decision 230), so it waits for the same changes without asking
 * the database again.
 */
export function setSearchFreshness(wait: Freshness | null): void {
  freshness = wait;
}

/** The glossary changed: the next search reads it again (the change feed's search follower calls this). */
export function forgetSearchGlossary(): void {
  glossary = null;
}

/** The running index (tests and benchmarks wait on it with `whenIdle`). */
export function searchIndex(): SearchIndexManager | null {
  return manager;
}

/** Writes buffered search insight now (tests, shutdown, the insight page). */
export const flushSearchInsight = onLeader<void, void>("search.flush-insight", () => recorder.flush());

async function glossaryMatcher(m: SearchIndexManager): Promise<GlossaryMatcher> {
  if (glossary && Date.now() - glossary.at < GLOSSARY_TTL_MS) return glossary.matcher;
  let entries: GlossaryEntry[] = [];
  try {
    entries = (await listGlossaryTerms()).map((t) => ({ slug: t.slug, term: t.term, standsFor: t.standsFor, also: t.also, definitionHtml: t.definitionHtml }));
  } catch (err) {
    log.error("glossary unavailable to search", { error: String(err) });
  }
  glossary = { at: Date.now(), matcher: new GlossaryMatcher(entries, m.analyzer) };
  return glossary.matcher;
}

function emptyPage(query: string, status: SearchPage["status"]): SearchPage {
  return { status, query, total: 0, complete: 0, page: 1, pageSize: PAGE_SIZE, pageCount: 0, hits: [], facets: { types: {}, departments: [] }, didYouMean: null, glossary: [] };
}

/**
 * A page of results for the viewer. The index lives in the leader process (one copy in
 * memory), so in a cluster the search runs there.
 */
export async function searchItems(viewer: (Viewer & { sight?: { feedId: number } }) | null, request: SearchRequest): Promise<SearchPage> {
  return searchInLeader({ viewer: plainViewer(viewer), request, seenFeedId: viewer?.sight?.feedId });
}

const searchInLeader = onLeader<{ viewer: Viewer | null; request: SearchRequest; seenFeedId?: number }, SearchPage>("search.items", ({ viewer, request, seenFeedId }) =>
  searchHere(viewer, request, seenFeedId),
);

/**
 * The viewer's own fields only (callers pass whole user rows), so a worker sends the leader no more than that.
 * `null` is a visitor who is not signed in (public pages): the audience rule gives them public items only.
 */
function plainViewer<V extends Viewer | null>(viewer: V): V {
  if (!viewer) return viewer;
  return { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role, departmentId: viewer.departmentId } as V;
}

async function searchHere(viewer: Viewer | null, request: SearchRequest, seenFeedId?: number): Promise<SearchPage> {
  const m = manager;
  const analyzer = m?.analyzer;
  if (!m || !analyzer) return emptyPage(typeof request.q === "string" ? request.q.slice(0, 200) : "", "starting");
  const uq = parseUserQuery(request.q, analyzer);
  if (!uq.text) return emptyPage("", "empty");
  if (!m.ready) return emptyPage(uq.text, "starting");
  if (freshness) await freshness(seenFeedId);
  const now = new Date();
  const glossaryMatch = (await glossaryMatcher(m)).match(uq.keywords);
  const plan = planQuery(uq.keywords, analyzer, { mode: "search", expansions: glossaryMatch.expansions });
  const filters = { type: request.type, department: request.department, from: request.from, to: request.to };
  const filtered = !!(filters.type || filters.department || filters.from || filters.to);
  const requestedPage = Math.max(1, Math.floor(request.page ?? 1));
  let result = m.engine.search(viewer, plan, { filters, offset: (requestedPage - 1) * PAGE_SIZE, limit: PAGE_SIZE, titleKey: uq.words.join(" "), now });
  const pageCount = Math.ceil(result.total / PAGE_SIZE);
  const page = Math.min(requestedPage, Math.max(1, pageCount));
  if (page !== requestedPage)
    result = m.engine.search(viewer, plan, { filters, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, titleKey: uq.words.join(" "), now });

  const db = await getDb();
  const termsKey = [...result.matchedTerms].sort().join(" ");
  // The results' visibility and the text of those with neither a kept snippet for these words nor a kept text: one statement.
  const uncached = result.hits.flatMap((h) => {
    const revisionId = m.engine.facts.get(h.id)?.revisionId;
    return revisionId && !snippetCache.has(snippetKey(revisionId, termsKey)) && !textCache.has(revisionId) ? [revisionId] : [];
  });
  const rows = new Map((await listVisibleResults(db, visibleItemsSql(viewer, "i", { now }), result.hits.map((h) => h.id), uncached)).map((r) => [r.id, r]));
  const finder = new MatchFinder(result.matchedTerms, matcherFor(m, result.matchedTerms));
  const own = await ownSnippets([...rows.values()], termsKey, finder);
  const hits = result.hits.flatMap((h) => {
    const row = rows.get(h.id);
    return row ? [presentHit(row, m.engine.facts.get(h.id), own.get(row.revisionId ?? 0) ?? null, finder)] : [];
  });
  // A hit whose words are not in the page's own text was found inside an attached document: say which (signed-in staff).
  // Only items the index knows to have documents (or does not know yet) are looked at.
  if (viewer) await findInDocuments(db, hits.filter((h) => h.snippetFrom === "summary" && m.engine.facts.get(h.id)?.hasDocuments !== false), finder);

  // Offered when little was found, and also when a word is unknown (its results then came only from fuzzy matching).
  const didYouMean = await spellingSuggestion(m, viewer, uq, now, result.total < LOW_RESULTS);
  // What counts for insight is how many results have every word: "parking permits for bikes" answered only by
  // pages about parking, or about bikes, is knowledge that is missing.
  if (request.record && page === 1 && !filtered) recorder.record(uq.text, uq.words.join(" "), result.complete, now);
  return {
    status: "ok",
    query: uq.text,
    total: result.total,
    complete: result.complete,
    page,
    pageSize: PAGE_SIZE,
    pageCount,
    hits,
    facets: result.facets,
    didYouMean,
    // The glossary is the council's own jargon, for staff: visitors who are not signed in get none.
    glossary: !viewer ? [] : glossaryMatch.entries.map((e) => ({ slug: e.slug, term: e.term, standsFor: e.standsFor, definitionHtml: e.definitionHtml })),
  };
}

/** "Mileage" matches when its stem is one of the index terms the query matched. Remembered per word: snippets ask a lot. */
function matcherFor(m: SearchIndexManager, matchedTerms: Set<string>): (word: string) => boolean {
  const a = m.analyzer;
  const known = new Map<string, boolean>();
  return (word) => {
    let hit = known.get(word);
    if (hit === undefined) {
      const t = a.trim(word);
      hit = !!t && !a.isStopWord(t) && matchedTerms.has(a.searchTerm(t));
      known.set(word, hit);
    }
    return hit;
  };
}

/** A kept value, counted, and moved to most recently used (last), so the oldest is evicted first. */
function keptValue<K, V>(cache: Map<K, V>, key: K, counters: { hits: number; lookups: number }): V | undefined {
  const value = cache.get(key);
  counters.lookups++;
  if (value === undefined) return undefined;
  counters.hits++;
  cache.delete(key);
  cache.set(key, value);
  return value;
}

/**
 * Each result's snippet from its own text for the words matched (`termsKey`): kept from an
 * earlier search for the same words, or cut from the revision's text (`revisionTexts`).
 * A revision's text never changes (an edit is a new revision), so neither does its snippet.
 */
async function ownSnippets(rows: Pick<SearchResultRow, "revisionId" | "html">[], termsKey: string, finder: MatchFinder): Promise<Map<number, Segment[] | null>> {
  const out = new Map<number, Segment[] | null>();
  const cut: Pick<SearchResultRow, "revisionId" | "html">[] = [];
  for (const row of rows) {
    if (row.revisionId === null) continue;
    const kept = keptValue(snippetCache, snippetKey(row.revisionId, termsKey), snippetCacheCounters);
    if (kept !== undefined) out.set(row.revisionId, kept);
    else cut.push(row);
  }
  const texts = await revisionTexts(cut);
  for (const [id, text] of texts) {
    const found = snippet(text, finder);
    out.set(id, found);
    snippetCache.set(snippetKey(id, termsKey), found);
  }
  while (snippetCache.size > SNIPPET_CACHE_SIZE) snippetCache.delete(snippetCache.keys().next().value!);
  return out;
}

/**
 * Plain text of the results' revisions: from the cache, from the HTML read with the results
 * (`listVisibleResults`' `withHtmlOf`), or, for a revision the index did not know yet, read now.
 */
async function revisionTexts(rows: Pick<SearchResultRow, "revisionId" | "html">[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const missing: number[] = [];
  const remember = (id: number, text: string) => {
    out.set(id, text);
    textCache.set(id, text);
  };
  for (const { revisionId: id, html } of rows) {
    if (id === null) continue;
    const text = keptValue(textCache, id, textCacheCounters);
    if (text !== undefined) out.set(id, text);
    else if (typeof html === "string") remember(id, htmlToText(html));
    else missing.push(id);
  }
  if (missing.length) for (const { id, html } of await listRevisionHtml(await getDb(), missing)) remember(id, htmlToText(html));
  while (textCache.size > TEXT_CACHE_SIZE) textCache.delete(textCache.keys().next().value!);
  return out;
}

/** Snippets from the attached documents of hits whose own text did not match (decision 151). */
async function findInDocuments(db: Queryable, hits: SearchHit[], finder: MatchFinder): Promise<void> {
  if (!hits.length) return;
  const documents = await documentTextsOf(db, hits.map((h) => h.id));
  for (const hit of hits) {
    for (const d of documents.get(hit.id) ?? []) {
      const found = snippet(d.text, finder) ?? (snippet(d.title, finder) ? highlight(d.title, finder) : null);
      if (!found) continue;
      hit.snippet = found;
      hit.document = { title: d.title, url: fileHref({ id: d.attachmentId, name: d.name }) };
      break;
    }
  }
}

function presentHit(row: SearchResultRow, facts: SearchFacts | undefined, own: Segment[] | null, finder: MatchFinder): SearchHit {
  return {
    id: row.id,
    type: row.type,
    url: itemPath(row.type, row.slug),
    title: highlight(row.title, finder),
    snippetFrom: own ? "text" : "summary",
    document: null,
    snippet: own ?? highlight(row.summary, finder),
    department: row.departmentName,
    date: facts?.date ?? row.publishedAt,
    reference: row.reference,
  };
}

/** How many of a replacement word's results are checked in the database before "did you mean" gives up on it. */
const SPELLING_CHECKED = 20;

/**
 * A corrected query, offered only when each replacement word on its own finds something
 * this viewer may open (so words of restricted items never show through). Like the hits,
 * that is checked in the database too: the engine's facts lag behind a change of audience
 * until the change feed's follower catches up, and in between the word of a page just
 * restricted would still be offered (issue 14).
 */
async function spellingSuggestion(m: SearchIndexManager, viewer: Viewer | null, uq: UserQuery, now: Date, fewResults: boolean): Promise<string | null> {
  const indexes = [m.engine.main, m.engine.delta].filter((ix) => ix !== null);
  if (!fewResults && uq.keywords.every((k) => indexes.some((ix) => ix.term(m.analyzer.searchTerm(k)) >= 0))) return null;
  const suggestion = suggestSpelling(uq.words, uq.keywords, indexes, m.analyzer);
  if (!suggestion) return null;
  const db = await getDb();
  for (const word of suggestion.replaced) {
    const found = m.engine.search(viewer, planQuery([word], m.analyzer, { mode: "exact" }), { limit: SPELLING_CHECKED, now });
    if (found.total === 0) return null;
    const visible = await listVisibleResults(db, visibleItemsSql(viewer, "i", { now }), found.hits.map((h) => h.id));
    if (visible.length === 0) return null;
  }
  return suggestion.words.join(" ");
}

/** Typeahead: titles of items the viewer may open that match what has been typed so far, and glossary terms. */
export async function suggestItems(viewer: Viewer & { sight?: { feedId: number } }, q: unknown, limit = 6): Promise<Suggestions> {
  return suggestInLeader({ viewer: plainViewer(viewer), q, limit, seenFeedId: viewer.sight?.feedId });
}

const suggestInLeader = onLeader<{ viewer: Viewer; q: unknown; limit: number; seenFeedId?: number }, Suggestions>("search.suggest", ({ viewer, q, limit, seenFeedId }) =>
  suggestHere(viewer, q, limit, seenFeedId),
);

async function suggestHere(viewer: Viewer, q: unknown, limit: number, seenFeedId?: number): Promise<Suggestions> {
  const m = manager;
  if (!m?.ready) return { items: [], terms: [] };
  const uq = parseUserQuery(q, m.analyzer);
  if (uq.keywords.length === 0) return { items: [], terms: [] };
  if (freshness) await freshness(seenFeedId);
  const now = new Date();
  const plan = planQuery(uq.keywords, m.analyzer, { mode: "suggest", fields: ["title", "summary", "tags"] });
  const result = m.engine.search(viewer, plan, { limit, titleKey: uq.words.join(" "), now });
  const db = await getDb();
  const rows = new Map((await listVisibleResults(db, visibleItemsSql(viewer, "i", { now }), result.hits.map((h) => h.id))).map((r) => [r.id, r]));
  const items = result.hits.flatMap((h) => {
    const row = rows.get(h.id);
    return row ? [{ title: row.title, type: row.type, url: itemPath(row.type, row.slug) }] : [];
  });
  const terms = (await glossaryMatcher(m)).startingWith(uq.text, 2).map((e) => ({ term: e.term, standsFor: e.standsFor, url: `/glossary#${e.slug}` }));
  return { items, terms };
}
