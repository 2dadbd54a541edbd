/**
 * Objects in the object store that no file row uses (decision 221). `storeBlob` puts a
 * file's object before its row, inside the caller's transaction; when that transaction rolls
 * back, the object is left with nothing pointing at it.
 *
 * - `withFileObjects` runs a transaction that may store files; if it fails, each object it
 *   put is removed, in a write transaction of its own that first checks no row has come to
 *   use the hash (another upload of the same bytes). If the store does not answer, the hash
 *   is noted in object_store_orphans for the sweep.
 * - The hourly sweep (a leader job) removes noted objects an hour after they were noted,
 *   unless a row uses the hash by then.
 */
import { blobExists, forgetOrphanObject, listOrphanObjects, noteOrphanObject } from "~/models/attachment.server";
import { getDb, type Database, type Queryable } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { objectStore, trackObjectPuts } from "~/utils/object-store.server";
import { repeat } from "~/utils/repeat.server";

const HOUR_MS = 60 * 60 * 1000;

/** `db.transaction(work)`, removing the objects it put when it fails. */
export async function withFileObjects<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return trackObjectPuts(
    () => db.transaction(work),
    async (puts) => void (await removeUnused(db, puts, new Date())),
  );
}

/** Removes each object no row uses; one the store will not remove now is noted for the sweep. Never throws. */
async function removeUnused(db: Database, hashes: string[], now: Date): Promise<{ removed: number; kept: number }> {
  const store = objectStore();
  let removed = 0;
  let kept = 0;
  for (const sha256 of hashes) {
    try {
      // In a write transaction: on SQLite no other upload can be between its put and its commit.
      const gone = await db.transaction(async (tx) => {
        if (await blobExists(tx, sha256)) {
          await forgetOrphanObject(tx, sha256);
          return false;
        }
        try {
          if (!store) throw new Error("FILE_STORAGE is not s3 here");
          await store.remove(sha256);
          await forgetOrphanObject(tx, sha256);
          return true;
        } catch (err) {
          await noteOrphanObject(tx, sha256, now.toISOString());
          log.warn("object not removed; the hourly sweep tries again", { sha256: sha256.slice(0, 12), error: err instanceof Error ? err.message : String(err) });
          return false;
        }
      });
      if (gone) removed++;
      else kept++;
    } catch (err) {
      kept++;
      log.error("object left by a failed upload not checked", { sha256: sha256.slice(0, 12), error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { removed, kept };
}

/** The sweep: objects noted at least an hour before `now` that no row uses are removed. */
export async function sweepOrphanObjects(now = new Date()): Promise<{ removed: number; kept: number }> {
  const db = await getDb();
  const due = await listOrphanObjects(db, new Date(now.getTime() - HOUR_MS).toISOString());
  if (due.length === 0) return { removed: 0, kept: 0 };
  const result = await removeUnused(db, due, now);
  if (result.removed) log.info("orphan objects removed", result);
  return result;
}

/** The leader job: hourly. */
export function startOrphanObjectSweep(everyMs = HOUR_MS): () => Promise<void> {
  return repeat(everyMs, () => sweepOrphanObjects(), { failure: "sweeping orphan objects failed" });
}
