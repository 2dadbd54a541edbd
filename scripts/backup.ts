/**
 * npm run backup [-- --out DIR] [--database FILE]
 *
 * Copies the live database with SQLite's online backup API, which is safe while the
 * intranet is running and writing: the copy is one consistent moment, never a file
 * caught half-written. Writes data/backups/intranet-YYYYMMDD-HHMMSS.db (UTC), checks the
 * copy (integrity_check, migrations table, every attached file's SHA-256) and prints where it
 * went. With FILE_STORAGE=s3 the files kept in the object store are copied (and checked)
 * into intranet-….db.files/ beside it, one file per SHA-256 (decision 155).
 *
 * On PostgreSQL (DATABASE_URL): pg_dump and the object-store files from one snapshot, into
 * intranet-….dump and intranet-….dump.files/ (`--files-only`: the files alone), decision 235
 * and scripts/lib/postgres-backup.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sqlite3 from "sqlite3";
import { Database } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { redactDatabaseUrl } from "~/utils/database-url";
import { backupPostgres } from "./lib/postgres-backup";
import { checkDatabaseFile, copyObjectsBeside, objectCopiesDir, timestamp } from "./restore";

export async function backupDatabase(source: string, outDir: string, prefix = "intranet"): Promise<string> {
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source}.`);
  fs.mkdirSync(outDir, { recursive: true });
  let target = path.join(outDir, `${prefix}-${timestamp()}.db`);
  for (let n = 1; fs.existsSync(target); n++) target = path.join(outDir, `${prefix}-${timestamp()}-${n}.db`);
  const db = await Database.open(source);
  try {
    await db.backupTo(target);
  } finally {
    await db.close();
  }
  // The copy carries the WAL flag of its source; make it one self-contained file.
  await new Promise<void>((resolve, reject) => {
    const copy = new sqlite3.Database(target, sqlite3.OPEN_READWRITE, (err) => {
      if (err) return reject(err);
      copy.exec("PRAGMA journal_mode = DELETE", (e) => copy.close((e2) => (e || e2 ? reject(e ?? e2) : resolve())));
    });
  });
  for (const extra of ["-wal", "-shm"]) fs.rmSync(`${target}${extra}`, { force: true });
  // Files kept in an object store (decision 155) are copied beside it: a backup holds every file.
  try {
    await copyObjectsBeside(target);
  } catch (err) {
    fs.rmSync(target, { force: true });
    fs.rmSync(objectCopiesDir(target), { recursive: true, force: true });
    throw err;
  }
  await checkDatabaseFile(target);
  return target;
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, database: { type: "string" }, "files-only": { type: "boolean", default: false } } });
  const url = getEnv().DATABASE_URL;
  if (url && !values.database) {
    const started = Date.now();
    const result = await backupPostgres(url, values.out ?? path.join("data", "backups"), { filesOnly: values["files-only"] });
    if (result.dump) console.log(`Backed up ${redactDatabaseUrl(url)} to ${result.dump} (${(fs.statSync(result.dump).size / 1024 / 1024).toFixed(1)} MB in ${Date.now() - started} ms), checked with pg_restore --list.`);
    console.log(`It holds ${result.files} attached files, each checked against its SHA-256; the ${result.objects} kept in the object store were copied to ${result.copies} from the same moment${result.dump ? ": keep that folder with the dump" : ""}.`);
    console.log(`To restore it: npm run restore -- ${result.dump ?? result.copies}`);
    return;
  }
  const source = values.database ?? getEnv().DATABASE_PATH;
  const outDir = values.out ?? path.join(path.dirname(source), "backups");
  const started = Date.now();
  const target = await backupDatabase(source, outDir);
  const size = fs.statSync(target).size;
  console.log(`Backed up ${source} to ${target} (${(size / 1024 / 1024).toFixed(1)} MB in ${Date.now() - started} ms).`);
  const { files } = await checkDatabaseFile(target);
  if (files) console.log(`It holds ${files} attached files, each checked against its SHA-256.`);
  if (fs.existsSync(objectCopiesDir(target))) console.log(`Files kept in the object store were copied to ${objectCopiesDir(target)}: keep that folder with the database copy.`);
  console.log(`To restore it: npm run restore -- ${target}`);
}

if (process.argv[1]?.endsWith("backup.ts")) {
  main().catch((err) => {
    console.error(`Backup failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
