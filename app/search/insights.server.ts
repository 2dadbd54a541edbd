/**
 * Records what staff search for, so the communications team can see what is missing:
 * every search is counted per query per day, and those where fewer than three results
 * had every word searched for are kept one by one with their time. Never who searched.
 *
 * Writes are batched (one transaction a second at most, a few statements: each query's count
 * for the day, then the low-result searches) so searching never waits for the disk and a
 * burst of searches costs one write, not hundreds.
 */
import { addSearchCounts, recordSearchMisses } from "~/models/search.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";

/** Fewer results than this (with every word searched for) counts as a "low-result" search. */
export const LOW_RESULTS = 3;
const MAX_BUFFER = 1000;

type Entry = { query: string; queryKey: string; resultCount: number; at: string };

export class SearchRecorder {
  private buffer: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly delayMs = 1000) {}

  record(query: string, queryKey: string, resultCount: number, at = new Date()): void {
    if (!queryKey || this.buffer.length >= MAX_BUFFER) return;
    this.buffer.push({ query, queryKey, resultCount, at: at.toISOString() });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer.splice(0);
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        const db = await getDb();
        // One row per query per day, in key order, and the misses in one go: a few statements
        // per batch, not two per search; and instances sharing PostgreSQL lock the same rows in
        // the same order, so their batches wait for each other instead of deadlocking (decision 250).
        const perDay = new Map<string, { day: string; query: string; queryKey: string; searches: number }>();
        for (const e of batch) {
          const day = e.at.slice(0, 10);
          const key = `${day}\u0000${e.queryKey}`;
          const row = perDay.get(key);
          if (row) {
            row.searches++;
            row.query = e.query;
          } else perDay.set(key, { day, query: e.query, queryKey: e.queryKey, searches: 1 });
        }
        // The key is the day (always ten characters) then the query's key: its order is (day, query key).
        const counts = [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
        const misses = batch.filter((e) => e.resultCount < LOW_RESULTS);
        await db.transaction(async (tx) => {
          await addSearchCounts(tx, counts);
          await recordSearchMisses(tx, misses);
        });
      } catch (err) {
        log.error("search insight not recorded", { error: String(err), count: batch.length });
      }
    });
    return this.flushing;
  }
}
