/**
 * Records what staff search for, so the communications team can see what is missing:
 * every search is counted per query per day, and those where fewer than three results
 * had every word searched for are kept one by one with their time. Never who searched.
 *
 * Writes are batched (one transaction a second at most) so searching never waits for
 * the disk and a burst of searches costs one write, not hundreds.
 */
import { countSearch, recordSearchMiss } from "~/models/search.server";
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
        await db.transaction(async (tx) => {
          for (const e of batch) {
            await countSearch(tx, { query: e.query, queryKey: e.queryKey, at: e.at });
            if (e.resultCount < LOW_RESULTS) await recordSearchMiss(tx, e);
          }
        });
      } catch (err) {
        log.error("search insight not recorded", { error: String(err), count: batch.length });
      }
    });
    return this.flushing;
  }
}
