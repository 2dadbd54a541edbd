/**
 * npm run restore -- FILE [--database FILE] [--force]
 *
 * Puts a backup made by `npm run backup` back as the live database:
 * 1. checks the backup (SQLite integrity_check passes, it has the intranet's
 *    schema_migrations, items and users tables) and refuses anything else;
 * 2. refuses while the intranet seems to be running on the database (a process has the
 *    file open, or something answers /healthcheck on PORT), unless --force: a running
 *    server would go on writing to the replaced file (its /healthcheck turns 503);
 * 3. keeps a copy of the current database (online backup) as pre-restore-….db beside the backups;
 * 4. with files in an object store (FILE_STORAGE=s3): puts back from the backup's copies any
 *    file the store lacks or holds changed, so every file the restored database names exists;
 * 5. swaps the file in atomically (copy to a temporary name, then rename) and removes the
 *    old WAL files, so nothing of the previous database leaks into the restored one.
 * The restored database's files are checked against their SHA-256 (in the store too).
 * Start the intranet afterwards; migrations newer than the backup are applied at start-up.
 *
 * On PostgreSQL (DATABASE_URL): FILE.dump (pg_restore, and the files from FILE.dump.files/) or
 * FOLDER.files (the object-store files alone): scripts/lib/postgres-backup.ts, decision 235.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { restorePostgres } from "./lib/postgres-backup";
import sqlite3 from "sqlite3";
import { Database } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { objectStore } from "~/utils/object-store.server";

/** "20261125-143005" in UTC, for file names that sort by time. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

function openRaw(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

/** Throws with a plain message unless `file` is a sound intranet database. */
export async function checkDatabaseFile(file: string): Promise<{ migrations: number; items: number; users: number; files: number }> {
  if (!fs.existsSync(file)) throw new Error(`There is no file at ${file}.`);
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  if (header.toString("latin1") !== "SQLite format 3\u0000") throw new Error(`${file} is not an SQLite database.`);
  const db = await openRaw(file, sqlite3.OPEN_READONLY);
  try {
    const check = await all<{ integrity_check: string }>(db, "PRAGMA integrity_check");
    if (check.length !== 1 || check[0].integrity_check !== "ok")
      throw new Error(`${file} is damaged: ${check.slice(0, 5).map((r) => r.integrity_check).join("; ")}`);
    const tables = new Set((await all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name));
    for (const needed of ["schema_migrations", "items", "users"])
      if (!tables.has(needed)) throw new Error(`${file} is not an intranet database: it has no ${needed} table.`);
    const [{ n: migrations }] = await all<{ n: number }>(db, "SELECT COUNT(*) AS n FROM schema_migrations");
    if (migrations === 0) throw new Error(`${file} is not an intranet database: no migrations were ever applied to it.`);
    const [{ n: items }] = await all<{ n: number }>(db, "SELECT COUNT(*) AS n FROM items");
    const [{ n: users }] = await all<{ n: number }>(db, "SELECT COUNT(*) AS n FROM users");
    const files = tables.has("file_blobs") ? await checkFiles(db, file) : 0;
    return { migrations, items, users, files };
  } finally {
    await close(db);
  }
}

const sha256Of = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");

/**
 * Files kept in an object store (FILE_STORAGE=s3, decision 155) are copied beside the
 * database copy by `npm run backup`, one file per SHA-256 in this folder.
 */
export function objectCopiesDir(backupFile: string): string {
  return `${backupFile}.files`;
}

type ObjectBlob = { id: number; sha256: string; size: number };

async function objectBlobs(db: sqlite3.Database): Promise<ObjectBlob[]> {
  const columns = await all<{ name: string }>(db, "SELECT name FROM pragma_table_info('file_blobs')");
  if (!columns.some((c) => c.name === "stored_in")) return [];
  return all<ObjectBlob>(db, "SELECT id, sha256, size FROM file_blobs WHERE stored_in = 'object-store' ORDER BY id");
}

/**
 * Attached files (decision 150): each must still hash to the SHA-256 it was stored under,
 * with its recorded size. Read one at a time. Bytes in the database are checked there;
 * bytes in an object store are checked in the backup's copies folder when there is one
 * (a backup), else in the store itself (the live database after a restore).
 */
async function checkFiles(db: sqlite3.Database, file: string): Promise<number> {
  const ids = await all<{ id: number }>(db, "SELECT id FROM file_blobs ORDER BY id");
  const inStore = new Set((await objectBlobs(db)).map((b) => b.id));
  const copies = objectCopiesDir(file);
  const store = inStore.size && !fs.existsSync(copies) ? objectStore() : null;
  if (inStore.size && !fs.existsSync(copies) && !store)
    throw new Error(`${file} has ${inStore.size} attached files in an object store, but FILE_STORAGE is not s3 here and there is no ${copies} folder: set the S3_ settings to check them.`);
  for (const { id } of ids) {
    const [blob] = await all<{ sha256: string; size: number; bytes: Buffer }>(db, "SELECT sha256, size, bytes FROM file_blobs WHERE id = ?", [id]);
    let bytes: Buffer | undefined;
    let where = "";
    if (!inStore.has(id)) bytes = Buffer.from(blob.bytes);
    else if (store) {
      where = ` in the object store (${store.where})`;
      bytes = await store.get(blob.sha256);
    } else {
      where = ` in ${copies}`;
      const copy = path.join(copies, blob.sha256);
      bytes = fs.existsSync(copy) ? fs.readFileSync(copy) : undefined;
    }
    if (!bytes) throw new Error(`${file} is incomplete: attached file ${id} (${blob.sha256.slice(0, 12)}…) is missing${where}.`);
    if (bytes.length !== Number(blob.size) || sha256Of(bytes) !== blob.sha256)
      throw new Error(`${file} is damaged: attached file ${id} does not match what was stored${where} (size or SHA-256 differs).`);
  }
  return ids.length;
}

/** Backup: copies every file the database keeps in the object store into the backup's copies folder, checked on the way. */
export async function copyObjectsBeside(backupFile: string): Promise<number> {
  const db = await openRaw(backupFile, sqlite3.OPEN_READONLY);
  try {
    const blobs = await objectBlobs(db);
    if (!blobs.length) return 0;
    const store = objectStore();
    if (!store) throw new Error(`The database has ${blobs.length} attached files in an object store, but FILE_STORAGE is not s3 here: set the S3_ settings so the backup can copy them.`);
    const dir = objectCopiesDir(backupFile);
    fs.mkdirSync(dir, { recursive: true });
    for (const b of blobs) {
      const bytes = await store.get(b.sha256);
      if (!bytes) throw new Error(`Attached file ${b.id} (${b.sha256.slice(0, 12)}…) is missing from the object store (${store.where}).`);
      if (bytes.length !== Number(b.size) || sha256Of(bytes) !== b.sha256)
        throw new Error(`Attached file ${b.id} in the object store (${store.where}) does not match what was stored (size or SHA-256 differs).`);
      fs.writeFileSync(path.join(dir, b.sha256), bytes);
    }
    return blobs.length;
  } finally {
    await close(db);
  }
}

/** Restore: puts back into the object store every file of the backup that the store lacks or holds changed. */
async function putBackObjects(backupFile: string): Promise<number> {
  const db = await openRaw(backupFile, sqlite3.OPEN_READONLY);
  try {
    const blobs = await objectBlobs(db);
    if (!blobs.length) return 0;
    const store = objectStore();
    if (!store) throw new Error(`${backupFile} has ${blobs.length} attached files in an object store: set FILE_STORAGE=s3 and the S3_ settings before restoring it.`);
    let restored = 0;
    for (const b of blobs) {
      const current = await store.get(b.sha256);
      if (current && current.length === Number(b.size) && sha256Of(current) === b.sha256) continue;
      const copy = path.join(objectCopiesDir(backupFile), b.sha256);
      if (!fs.existsSync(copy)) throw new Error(`Attached file ${b.id} is not in the object store (${store.where}) and ${copy} is missing: restore refused.`);
      await store.put(b.sha256, fs.readFileSync(copy));
      restored++;
    }
    return restored;
  } finally {
    await close(db);
  }
}

/** Processes (other than this one) that have the database or its WAL open: Linux /proc, else none known. */
export function processesUsing(file: string): number[] {
  const wanted = new Set([path.resolve(file), `${path.resolve(file)}-wal`]);
  const found: number[] = [];
  let pids: string[] = [];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return found;
  }
  for (const pid of pids) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (wanted.has(target)) {
          found.push(Number(pid));
          break;
        }
      }
    } catch {
      /* gone, or not ours to look at */
    }
  }
  return found;
}

async function answersHealthcheck(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthcheck`, { signal: AbortSignal.timeout(1500) });
    return res.status < 600;
  } catch {
    return false;
  }
}

export type RestoreResult = { restored: string; previousCopy: string | null; objectsPutBack: number };

export async function restoreDatabase(backup: string, target: string, options: { force?: boolean; port?: number; backupsDir?: string } = {}): Promise<RestoreResult> {
  const facts = await checkDatabaseFile(backup);
  void facts;
  if (!options.force) {
    const users = processesUsing(target);
    if (users.length) throw new Error(`The intranet seems to be running on ${target} (process ${users.join(", ")}). Stop it first, or use --force.`);
    if (options.port && fs.existsSync(target) && (await answersHealthcheck(options.port)))
      throw new Error(`Something answers on port ${options.port}; if it is the intranet, stop it first, or use --force.`);
  }
  let previousCopy: string | null = null;
  if (fs.existsSync(target)) {
    const dir = options.backupsDir ?? path.join(path.dirname(target), "backups");
    fs.mkdirSync(dir, { recursive: true });
    previousCopy = path.join(dir, `pre-restore-${timestamp()}.db`);
    for (let n = 1; fs.existsSync(previousCopy); n++) previousCopy = path.join(dir, `pre-restore-${timestamp()}-${n}.db`);
    const current = await Database.open(target);
    try {
      await current.backupTo(previousCopy);
    } finally {
      await current.close();
    }
  }
  // Files in the object store first: the database swapped in must find every one of them.
  const objectsPutBack = await putBackObjects(backup);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.restoring`;
  fs.copyFileSync(backup, temporary);
  for (const extra of ["-wal", "-shm", "-journal"]) fs.rmSync(`${temporary}${extra}`, { force: true });
  // Remove the old WAL first: SQLite would otherwise replay it into the restored file.
  for (const extra of ["-wal", "-shm"]) fs.rmSync(`${target}${extra}`, { force: true });
  fs.renameSync(temporary, target);
  await checkDatabaseFile(target);
  return { restored: target, previousCopy, objectsPutBack };
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { database: { type: "string" }, force: { type: "boolean", default: false } } });
  const url = getEnv().DATABASE_URL;
  const backup = positionals[0];
  if (!backup) {
    console.error(url ? "Usage: npm run restore -- intranet-….dump | intranet-….files [--force]" : "Usage: npm run restore -- FILE [--database FILE] [--force]");
    process.exit(2);
  }
  if (url && !values.database) {
    const result = await restorePostgres(url, backup, { force: values.force });
    if (result.objectsPutBack) console.log(`Put ${result.objectsPutBack} attached files back into the object store from the backup.`);
    console.log(`${result.dumpRestored ? `Restored ${backup} into the database` : "Checked the database"}: its ${result.files} attached files each match their SHA-256. Start the intranet to use it.`);
    return;
  }
  const env = getEnv();
  const target = values.database ?? env.DATABASE_PATH;
  const result = await restoreDatabase(backup, target, { force: values.force, port: values.database ? undefined : env.PORT });
  if (result.previousCopy) console.log(`Kept the database as it was in ${result.previousCopy}.`);
  if (result.objectsPutBack) console.log(`Put ${result.objectsPutBack} attached files back into the object store from the backup.`);
  console.log(`Restored ${backup} to ${result.restored}. Start the intranet to use it.`);
}

if (process.argv[1]?.endsWith("restore.ts")) {
  main().catch((err) => {
    console.error(`Restore refused: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
