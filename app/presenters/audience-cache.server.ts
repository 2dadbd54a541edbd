/**
 * Lists that are the same for everyone with the same audience key (app/access: the key
 * says what `visibleItemsSql` depends on), computed once per key and process and kept
 * until the next change (decision 065, third pass):
 *
 * - **through the durable change feed**: every write readers could see appends to
 *   `change_feed` in its own transaction (decision 090), so before answering from the cache
 *   a page reads the feed's newest id (one indexed read) and, if it moved, drops every
 *   entry. A restriction is therefore on the next page, in every process, whoever wrote it
 *   (a worker, the leader, `npm run import`).
 * - **by the clock**: an item's publish or expiry time (and a policy version's) changes what
 *   the audience rule admits without a write; entries are dropped at the next such instant.
 *
 * A list computed while a write commits is tagged with the feed id read before it, so it
 * is recomputed on the next page. Only lists read through the viewer's own clause belong
 * here, never anything personal (what a person dismissed, confirmed or follows).
 *
 * `forEveryone` keeps, under the same rules, what is the same for every reader because no
 * audience clause is in it: an item page's own rows (decision 245), read only from tables
 * that feed the change feed. Whoever uses it still asks the access module on every request
 * whether this reader may see the item (canSeeItem on the cached facts, with today's clock).
 * At most MAX_ENTRIES entries in all and MAX_ITEM_PAGES item pages; past either the cache is
 * emptied (always safe).
 * tests/access/cache-leaks.test.ts runs the leak checks with the cache warm and with
 * people of different departments interleaved.
 */
import { audienceKey, visibleItemsSql, type Viewer } from "~/access/audience.server";
import { latestChangeId } from "~/models/change-feed.server";
import type { Visibility } from "~/models/follow.server";
import { nextVisibilityChangeAt } from "~/models/item.server";
import { keptOrLoad } from "~/utils/kept-promises";
import type { Queryable } from "~/utils/db.server";
import { registerCacheCounters } from "~/utils/cache-stats.server";

type Generation = { feedId: number; validUntil: number };

let generation: Generation | null = null;
/** The generation being read, shared by the pages that ask at the same moment. */
let checking: Promise<void> | null = null;
const entries = new Map<string, Promise<unknown>>();
/** Hits and lookups by kind (a part's first segment: home, item-page, related, …), each reported to the bench under its own name. */
const counters = new Map<string, { hits: number; lookups: number }>();
/** Entries kept at most (item pages × audience keys can be many); emptied past it. */
const MAX_ENTRIES = 5_000;
/**
 * Item pages and bodies (per audience key, decision 255) kept at most: each holds its page's text (tens of KB), so a crawl of every page
 * would otherwise keep the whole intranet's text in every process until the next change.
 */
const MAX_ITEM_PAGES = 1_000;
let itemPages = 0;

function countersFor(kind: string, scope: "per audience" | "for everyone"): { hits: number; lookups: number } {
  const name = `${kind}, kept ${scope}`;
  const found = counters.get(name);
  if (found) return found;
  const made = { hits: 0, lookups: 0 };
  counters.set(name, made);
  registerCacheCounters(name, () => made);
  return made;
}

async function refresh(q: Queryable, seenFeedId?: number): Promise<void> {
  const feedId = seenFeedId ?? (await latestChangeId(q));
  const now = Date.now();
  if (generation && generation.feedId === feedId && now < generation.validUntil) return;
  // Dropped before the clock boundary is read, so a page asking meanwhile recomputes.
  forgetEntries();
  generation = { feedId, validUntil: now };
  const next = await nextVisibilityChangeAt(q, new Date(now).toISOString());
  if (generation.feedId === feedId) generation.validUntil = next ? Date.parse(next) : Number.POSITIVE_INFINITY;
}

/**
 * `load(visibility)` for this viewer's audience: from the cache when nothing changed since
 * it was computed, else computed now (once, however many pages ask at the same time).
 */
export async function forAudience<T>(
  q: Queryable,
  part: string,
  viewer: Viewer,
  load: (visibility: Visibility) => Promise<T>,
  seenFeedId?: number
): Promise<T> {
  return cached(q, `${part}|${audienceKey(viewer)}`, countersFor(kindOf(part), "per audience"), () => load(visibleItemsSql(viewer)), seenFeedId);
}

/**
 * `load()` for what has no audience clause in it (the same for every reader), kept as the
 * audience lists are. The caller checks, on every request, that this reader may see it.
 */
export async function forEveryone<T>(q: Queryable, part: string, load: () => Promise<T>, seenFeedId?: number): Promise<T> {
  return cached(q, `${part}|everyone`, countersFor(kindOf(part), "for everyone"), load, seenFeedId);
}

function kindOf(part: string): string {
  return part.split("|")[0];
}

function forgetEntries(): void {
  entries.clear();
  itemPages = 0;
}

async function cached<T>(q: Queryable, key: string, counter: { hits: number; lookups: number }, load: () => Promise<T>, seenFeedId: number | undefined): Promise<T> {
  // The feed's newest id as this request's session look-up read it (decision 230): when the
  // cache was filled at that id or later, nothing this page must show changed since; else
  // the cache is emptied and filled again.
  if (seenFeedId === undefined || !generation || seenFeedId > generation.feedId || Date.now() >= generation.validUntil || checking) {
    checking ??= refresh(q, seenFeedId).finally(() => (checking = null));
    await checking;
  }
  if (!generation || Date.now() >= generation.validUntil) {
    // The clock passed a boundary while we waited: answer fresh, cache nothing.
    return load();
  }
  return keptOrLoad(entries, key, counter, load, () => {
    // Item pages and bodies hold a page's text: both count against MAX_ITEM_PAGES.
    const itemPage = key.startsWith("item-page|") || key.startsWith("body|");
    if (entries.size >= MAX_ENTRIES || (itemPage && itemPages >= MAX_ITEM_PAGES)) forgetEntries();
    if (itemPage) itemPages++;
  });
}

/** Forgets everything (tests). */
export function clearAudienceCache(): void {
  forgetEntries();
  generation = null;
}

/** Hits and lookups of every kind together, and the entries kept now (tests). */
export function audienceCacheCounters(): { hits: number; lookups: number; entries: number } {
  let hits = 0;
  let lookups = 0;
  for (const c of counters.values()) {
    hits += c.hits;
    lookups += c.lookups;
  }
  return { hits, lookups, entries: entries.size };
}
