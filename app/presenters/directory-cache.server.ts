/**
 * What a page shows of the staff directory and is the same for every reader (decision 255):
 * a guide's "who to ask" cards and the names of its owner and deputy. They are read only from
 * the directory's tables (users, people_profiles, people_expertise, people_teams, departments'
 * names), and every write to those appends to `people_changes` in its own transaction
 * (triggers of decision 140, the feed people search follows). So they are kept per process
 * until that feed's newest id moves, which every page's session statement reads anyway
 * (`sight.peopleId`, app/models/user.server.ts): a warm guide reads nothing here.
 *
 * The same rules as the audience cache (app/presenters/audience-cache.server.ts): a request
 * that saw a newer id than the cache's empties it first; one that saw an older id answers
 * from the cache (which is newer than what it saw); an entry read while a change commits is
 * tagged with the id read before it, so the next page reads it again. `people_changes` ids
 * only grow (AUTOINCREMENT; rows are never reused). At most MAX_ENTRIES entries, then emptied.
 * Nothing personal and nothing about items belongs here: keys name the item's fields they use.
 */
import { latestPeopleChange } from "~/models/people.server";
import { registerCacheCounters } from "~/utils/cache-stats.server";
import type { Queryable } from "~/utils/db.server";
import { keptOrLoad } from "~/utils/kept-promises";

const MAX_ENTRIES = 2_000;
let generation: number | null = null;
const entries = new Map<string, Promise<unknown>>();
const counters = { hits: 0, lookups: 0 };
registerCacheCounters("who to ask, kept per directory change", () => counters);
let enabled = true;

/** `load()` kept until the directory changes. `seenPeopleId`: the session statement's `sight.peopleId` (read here when absent). */
export async function forDirectory<T>(q: Queryable, key: string, load: () => Promise<T>, seenPeopleId?: number): Promise<T> {
  if (!enabled) return load();
  const seen = seenPeopleId ?? (await latestPeopleChange(q));
  if (generation === null || seen > generation) {
    entries.clear();
    generation = seen;
  }
  // Loaded after `seen` was read: anything committed since moves the id, and the next page reads again.
  return keptOrLoad(entries, key, counters, load, () => {
    if (entries.size >= MAX_ENTRIES) entries.clear();
  });
}

/** Tests: forget everything; `on` false reads every time (nothing kept). */
export function clearDirectoryCache(on = true): void {
  entries.clear();
  generation = null;
  enabled = on;
}

export function directoryCacheCounters(): { hits: number; lookups: number; entries: number } {
  return { ...counters, entries: entries.size };
}
