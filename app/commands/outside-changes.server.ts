/**
 * Changes made outside the running intranet. `npm run import` runs in its own process,
 * where nobody listens for "content changed"; it records the changed items in
 * content_change_log instead, and the server's leader (or single process) follows that
 * table every few seconds and announces them as if they had been made inside: the
 * search index re-reads them and delivery alerts for new urgent items, as after an
 * import at start-up.
 */
import { latestContentChangeId, listContentChangesAfter, logContentChange, pruneContentChanges } from "~/models/content-change-log.server";
import { getDb } from "~/utils/db.server";
import { CHANGE_REASONS, emitContentChanged, type ContentChanged } from "~/utils/events.server";
import { log } from "~/utils/log.server";
import { repeat } from "~/utils/repeat.server";

const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const BATCH = 100;

/** Called by a command-line tool after it changed items, so a running server hears of it. */
export async function recordOutsideChanges(itemIds: number[], reason: ContentChanged["reason"]): Promise<void> {
  if (itemIds.length === 0) return;
  await logContentChange(await getDb(), [...new Set(itemIds)], reason);
}

/**
 * Boot step: from now on, every row added to content_change_log becomes a content-changed
 * event here. Rows from before the start are skipped (start-up compares every item with
 * the search index anyway). Returns the stop function.
 */
export async function followOutsideChanges(options: { everyMs?: number } = {}): Promise<() => Promise<void>> {
  const everyMs = options.everyMs ?? 2_000;
  const db = await getDb();
  let cursor = await latestContentChangeId(db);
  let lastPrune = 0;
  const tick = async () => {
    for (;;) {
      const rows = await listContentChangesAfter(db, cursor, BATCH);
      for (const row of rows) {
        cursor = row.id;
        const reason = (CHANGE_REASONS as readonly string[]).includes(row.reason) ? (row.reason as ContentChanged["reason"]) : "edit";
        if (row.itemIds.length) emitContentChanged({ itemIds: row.itemIds, reason });
      }
      if (rows.length) log.info("changes from outside the server", { rows: rows.length, items: rows.reduce((n, r) => n + r.itemIds.length, 0) });
      if (rows.length < BATCH) break;
    }
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await pruneContentChanges(db, new Date(Date.now() - KEEP_MS).toISOString());
    }
  };
  return repeat(everyMs, tick, { failure: "could not read changes made outside the server", now: false });
}
