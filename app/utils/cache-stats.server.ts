/**
 * Every in-process cache's counters under one name each, so `npm run bench:http` can print
 * the hit rate of each cache in each target's run (issue 17: "print the hit rate of any
 * cache you add"). A cache registers a reader of its counters once; when
 * PAGE_CACHE_STATS_DIR is set (the bench sets it), each process writes all of them to
 * `<dir>/<pid>.json` every 500 ms while they move. Nothing is written otherwise.
 */
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "~/utils/env.server";

export type CacheCounters = { hits: number; lookups: number };

const caches = new Map<string, () => CacheCounters>();
let reporting = false;

/** `read` returns the cache's running totals; `name` is what the bench prints (say what is cached). */
export function registerCacheCounters(name: string, read: () => CacheCounters): void {
  caches.set(name, read);
  if (!reporting) startReporting();
}

/** Each registered cache's totals in this process, by name. */
export function cacheCounterSnapshot(): Record<string, CacheCounters> {
  const out: Record<string, CacheCounters> = {};
  for (const [name, read] of caches) {
    const { hits, lookups } = read();
    out[name] = { hits, lookups };
  }
  return out;
}

function startReporting(): void {
  reporting = true;
  const dir = getEnv().PAGE_CACHE_STATS_DIR;
  if (!dir) return;
  let written = "";
  setInterval(() => {
    const text = JSON.stringify(cacheCounterSnapshot());
    if (text === written) return;
    written = text;
    fs.writeFile(path.join(dir, `${process.pid}.json`), text, () => {});
  }, 500).unref();
}
