import fs from "node:fs";
import { probeInTransaction, probeRead } from "~/models/health.server";
import { getDb } from "~/utils/db.server";

/** How long the database may take to answer before we call it unusable. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Whether DATABASE_PATH is still the file this process opened. If it was removed or
 * replaced (a restore while the server ran), this process would go on writing to a file
 * nobody reads, so the server must be restarted: report unhealthy. (Compared with the
 * file as opened, not as first checked: in a cluster a worker may be asked for the first
 * time only after the restore.)
 */
function sameFileAsOpened(db: { file: string; opened: { dev: number; ino: number } | null }): boolean {
  if (!db.opened) return true;
  const now = fs.statSync(db.file);
  return db.opened.dev === now.dev && db.opened.ino === now.ino;
}

const headers = { "Content-Type": "text/plain", "Cache-Control": "no-store" };

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/**
 * For load balancers and monitoring: 200 only when the database can be read AND written.
 * The read goes through the reader connection; the write probe takes the write lock
 * (BEGIN IMMEDIATE through the write queue) and commits nothing, so it costs no disk
 * write but fails when the file is corrupt, locked by another process or the queue is stuck.
 * server.js answers 503 by itself while the process is shutting down.
 */
export async function loader() {
  try {
    const db = await getDb();
    await withTimeout(
      (async () => {
        await probeRead(db);
        await db.transaction(probeInTransaction);
        if (!sameFileAsOpened(db)) throw new Error("database file replaced");
      })(),
      PROBE_TIMEOUT_MS,
    );
    return new Response("OK", { headers });
  } catch {
    return new Response("Database unavailable", { status: 503, headers });
  }
}
