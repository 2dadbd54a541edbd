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
 * - The daily bucket sweep (decision 236, a leader job) lists the whole prefix and removes every
 *   object no row uses that was last written more than a day before (a process killed between
 *   its put and its commit leaves one that nobody noted). The day of grace keeps any upload in
 *   progress (its put is minutes old at most; putting the same bytes again renews the date),
 *   and the age is asked again just before the removal. Each removal is in the audit log.
 */
import { blobExists, blobHashesAmong, forgetOrphanObject, listOrphanObjects, noteOrphanObject } from "~/models/attachment.server";
import { recordAudit } from "~/models/audit.server";
import { getDb, type Database, type Queryable } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { objectStore, trackObjectPuts } from "~/utils/object-store.server";
import { repeat } from "~/utils/repeat.server";

const HOUR_MS = 60 * 60 * 1000;
/** Objects younger than this are never removed by the bucket sweep: an upload may be in progress. */
export const BUCKET_SWEEP_GRACE_MS = 24 * HOUR_MS;

/** `db.transaction(work)`, removing the objects it put when it fails. */
export async function withFileObjects<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return trackObjectPuts(
    (track) =>
      db.transaction((tx) => {
        track(tx);
        return work(tx);
      }),
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

export type BucketSweep = { listed: number; removed: number; inUse: number; young: number; others: number; failed: number };

/**
 * The bucket sweep: every object under the prefix that no file row uses and that was last
 * written more than `graceMs` before `now` is removed, each in the audit log
 * (`file-object.remove`). Objects in use, younger ones, and keys that are not a file's hash are
 * left alone. With files kept in the database (no store) there is nothing to do.
 */
export async function sweepBucket(now = new Date(), graceMs = BUCKET_SWEEP_GRACE_MS): Promise<BucketSweep> {
  const result: BucketSweep = { listed: 0, removed: 0, inUse: 0, young: 0, others: 0, failed: 0 };
  const store = objectStore();
  if (!store) return result;
  const db = await getDb();
  const cutoff = now.getTime() - graceMs;
  for await (const page of store.list()) {
    result.listed += page.objects.length;
    result.others += page.others;
    const old = page.objects.filter((o) => {
      if (o.modifiedAt.getTime() <= cutoff) return true;
      result.young++;
      return false;
    });
    const used = await blobHashesAmong(db, old.map((o) => o.sha256));
    for (const o of old) {
      if (used.has(o.sha256)) {
        result.inUse++;
        continue;
      }
      // When the object was removed (the store does not roll back), the date it was last written:
      // the removal's record is then owed, whatever the transaction's attempts see of the store.
      let removedWritten: Date | null = null;
      const recordRemoval = async (tx: Queryable, written: Date) => {
        await forgetOrphanObject(tx, o.sha256);
        await recordAudit(tx, { actorId: null, action: "file-object.remove", entityType: "file-object", detail: { sha256: o.sha256, size: o.size, lastWritten: written.toISOString(), why: "no file uses it" } }, now.toISOString());
      };
      try {
        // In a write transaction, checked again: on SQLite no upload is between its put and its commit meanwhile.
        // On PostgreSQL the transaction may be run again (a serialization failure): an attempt after
        // the one that removed the object finds it gone, so it writes the removal's record itself;
        // only the attempt that commits leaves one, so it is written exactly once.
        const outcome = await db.transaction(async (tx) => {
          if (removedWritten) {
            await recordRemoval(tx, removedWritten);
            return "removed" as const;
          }
          if (await blobExists(tx, o.sha256)) return "inUse" as const;
          const written = await store.modifiedAt(o.sha256);
          if (!written) return "gone" as const;
          if (written.getTime() > cutoff) return "young" as const; // put again since the listing: an upload in progress
          await store.remove(o.sha256);
          removedWritten = written;
          await recordRemoval(tx, written);
          return "removed" as const;
        });
        if (outcome === "removed") result.removed++;
        else if (outcome === "inUse") result.inUse++;
        else if (outcome === "young") result.young++;
      } catch (err) {
        if (removedWritten) {
          // Removed, but no attempt could commit its record: write it on its own.
          const written: Date = removedWritten;
          result.removed++;
          await db.transaction((tx) => recordRemoval(tx, written)).catch((again: unknown) =>
            log.error("bucket sweep: an object was removed but its audit entry could not be written", { sha256: o.sha256, error: again instanceof Error ? again.message : String(again) }),
          );
          continue;
        }
        result.failed++;
        log.warn("bucket sweep: object not removed; the next sweep tries again", { sha256: o.sha256.slice(0, 12), error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  if (result.removed || result.failed) log.info("bucket sweep", result);
  return result;
}

/** The leader job: daily. */
export function startBucketSweep(everyMs = 24 * HOUR_MS): () => Promise<void> {
  return repeat(everyMs, () => sweepBucket(), { failure: "sweeping the object store's bucket failed" });
}
