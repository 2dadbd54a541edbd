/**
 * Backups on PostgreSQL (DATABASE_URL, decision 100) with every attached file (decision 235).
 *
 * `npm run backup` on PostgreSQL opens ONE read-only snapshot of the database
 * (REPEATABLE READ, `pg_export_snapshot`) and, in that same moment:
 * - dumps the database with `pg_dump --snapshot` (custom format) to intranet-<time>.dump, and
 *   checks the dump is readable (`pg_restore --list`);
 * - copies every file kept in the object store (FILE_STORAGE=s3) from the bucket into
 *   intranet-<time>.dump.files/<sha256>, each checked against its SHA-256 and size, with a
 *   manifest.json listing them; files kept in the database are checked in the snapshot (their
 *   bytes are in the dump).
 * So the dump and the copies describe the same moment: every file the dump names is beside it.
 * `--files-only` skips pg_dump (a council whose database team dumps the server its own way):
 * the copies go to intranet-<time>.files/.
 *
 * `npm run restore -- intranet-<time>.dump` checks the dump and every copy BEFORE changing
 * anything, puts back into the bucket every file it lacks or holds changed, restores the dump
 * (`pg_restore --clean --if-exists --no-owner --single-transaction`), then checks every
 * attached file of the restored database (in the database or in the bucket) against its
 * SHA-256. `npm run restore -- intranet-<time>.files` does the same for the files alone, after
 * the database was restored by other means.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { redactDatabaseUrl } from "~/utils/database-url";
import { objectStore, type ObjectStore } from "~/utils/object-store.server";

const sha256Of = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");

/** "20261125-143005" in UTC, for file names that sort by time. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

export const MANIFEST = "manifest.json";
type Manifest = { format: "intranet-object-copies/1"; takenAt: string; files: Array<{ sha256: string; size: number }> };

function installed(tool: string): string {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? `${r.stdout.trim()} is installed here` : `${tool} is NOT installed here (Debian: apt-get install postgresql-client)`;
}

/** What to do by hand (printed when the tools are missing), with the address's password hidden. */
export function postgresBackupAdvice(url: string, what: "backup" | "restore"): string {
  const shown = redactDatabaseUrl(url);
  const lines =
    what === "backup"
      ? [
          "Or back the database up by hand with pg_dump, which is safe while it runs:",
          `  pg_dump --format=custom --file=intranet-$(date -u +%Y%m%d-%H%M%S).dump '${shown}'`,
          "and the files kept in the object store with: npm run backup -- --files-only",
          installed("pg_dump"),
        ]
      : [
          "Or restore the database by hand with pg_restore, with every instance stopped:",
          `  pg_restore --clean --if-exists --no-owner --dbname='${shown}' intranet-….dump`,
          "then the files kept in the object store with: npm run restore -- intranet-….dump.files",
          installed("pg_restore"),
        ];
  return lines.join("\n");
}

/** The connection string without its password, and the password for PGPASSWORD: never on a command line. */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function majorOf(versionText: string): number | null {
  const m = /(\d+)(?:\.\d+)?/.exec(versionText.replace(/^[^\d]*/, ""));
  return m ? Number(m[1]) : null;
}

/**
 * Why `tool` (pg_dump or pg_restore, from PG_BIN_DIR when set) cannot work with the server at
 * `url`, or null when it can: it must be installed and at least the server's major version.
 */
export async function pgToolProblem(tool: "pg_dump" | "pg_restore", url: string): Promise<string | null> {
  const bin = pgTool(tool);
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  if (r.status !== 0) return `${bin} is not installed here (Debian: apt-get install postgresql-client; or set PG_BIN_DIR to the folder that has it).`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    const server = Math.floor(Number(rows[0].server_version_num) / 10000);
    const mine = majorOf(r.stdout);
    if (mine !== null && mine < server)
      return `${bin} is version ${mine} but the database server is version ${server}: install the client tools of version ${server} or later (or set PG_BIN_DIR to their folder).`;
    return null;
  } finally {
    await client.end();
  }
}

function pgTool(tool: string): string {
  const dir = process.env.PG_BIN_DIR;
  return dir ? path.join(dir, tool) : tool;
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pgTool(tool), args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr = (stderr + String(d)).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`))));
  });
}

export type PostgresBackup = { dump: string | null; copies: string; files: number; objects: number };

/** Copies (and checks) every attached file of the snapshot `client` is in; returns the manifest. */
async function copyFiles(client: pg.Client, dir: string, store: ObjectStore | null): Promise<{ files: number; manifest: Manifest }> {
  const { rows } = await client.query<{ id: number; sha256: string; size: string; stored_in: string }>("SELECT id, sha256, size, stored_in FROM file_blobs ORDER BY id");
  const manifest: Manifest = { format: "intranet-object-copies/1", takenAt: new Date().toISOString(), files: [] };
  fs.mkdirSync(dir, { recursive: true });
  for (const b of rows) {
    let bytes: Buffer | undefined;
    let where = "in the database";
    if (b.stored_in === "object-store") {
      if (!store) throw new Error(`The database has attached files in an object store, but FILE_STORAGE is not s3 here: set the S3_ settings so the backup can copy them.`);
      where = `in the object store (${store.where})`;
      bytes = await store.get(b.sha256);
    } else {
      const r = await client.query<{ bytes: Buffer }>("SELECT bytes FROM file_blobs WHERE id = $1", [b.id]);
      bytes = r.rows[0]?.bytes;
    }
    if (!bytes) throw new Error(`Attached file ${b.id} (${b.sha256.slice(0, 12)}…) is missing ${where}.`);
    if (bytes.length !== Number(b.size) || sha256Of(bytes) !== b.sha256) throw new Error(`Attached file ${b.id} ${where} does not match what was stored (size or SHA-256 differs).`);
    if (b.stored_in === "object-store" && !manifest.files.some((f) => f.sha256 === b.sha256)) {
      fs.writeFileSync(path.join(dir, b.sha256), bytes);
      manifest.files.push({ sha256: b.sha256, size: bytes.length });
    }
  }
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return { files: rows.length, manifest };
}

/** `npm run backup` on PostgreSQL: the dump (unless filesOnly) and every object-store file, from one snapshot. */
export async function backupPostgres(url: string, outDir: string, options: { filesOnly?: boolean } = {}): Promise<PostgresBackup> {
  if (!options.filesOnly) {
    const problem = await pgToolProblem("pg_dump", url);
    if (problem) throw new Error(`${problem}\n${postgresBackupAdvice(url, "backup")}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const ext = options.filesOnly ? "" : ".dump";
  let base = path.join(outDir, `intranet-${timestamp()}`);
  for (let n = 1; fs.existsSync(`${base}${ext}`) || fs.existsSync(`${base}${ext}.files`); n++) base = path.join(outDir, `intranet-${timestamp()}-${n}`);
  const dump = options.filesOnly ? null : `${base}.dump`;
  const copies = `${base}${ext}.files`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows } = await client.query<{ snapshot: string }>("SELECT pg_export_snapshot() AS snapshot");
    const conn = toolConnection(url);
    // pg_dump reads the very snapshot this transaction holds, while the files are copied from it.
    const dumping = dump
      ? runTool("pg_dump", ["--format=custom", `--snapshot=${rows[0].snapshot}`, `--file=${dump}`, `--dbname=${conn.dbname}`], conn.env)
      : Promise.resolve();
    const copied = copyFiles(client, copies, objectStore()).then(
      (r) => r,
      async (err) => {
        await dumping.catch(() => undefined);
        throw err;
      },
    );
    const [{ files, manifest }] = await Promise.all([copied, dumping]);
    if (dump) await runTool("pg_restore", ["--list", dump], process.env);
    await client.query("COMMIT");
    return { dump, copies, files, objects: manifest.files.length };
  } catch (err) {
    if (dump) fs.rmSync(dump, { force: true });
    fs.rmSync(copies, { recursive: true, force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Every attached file of the database at `url`, checked where it is kept (the database, or the bucket). */
export async function checkPostgresFiles(url: string): Promise<number> {
  const store = objectStore();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number; sha256: string; size: string; stored_in: string }>("SELECT id, sha256, size, stored_in FROM file_blobs ORDER BY id");
    for (const b of rows) {
      let bytes: Buffer | undefined;
      let where = "in the database";
      if (b.stored_in === "object-store") {
        if (!store) throw new Error(`The database has attached files in an object store: set FILE_STORAGE=s3 and the S3_ settings to check them.`);
        where = `in the object store (${store.where})`;
        bytes = await store.get(b.sha256);
      } else bytes = (await client.query<{ bytes: Buffer }>("SELECT bytes FROM file_blobs WHERE id = $1", [b.id])).rows[0]?.bytes;
      if (!bytes) throw new Error(`Attached file ${b.id} (${b.sha256.slice(0, 12)}…) is missing ${where}.`);
      if (bytes.length !== Number(b.size) || sha256Of(bytes) !== b.sha256) throw new Error(`Attached file ${b.id} ${where} does not match what was stored (size or SHA-256 differs).`);
    }
    return rows.length;
  } finally {
    await client.end();
  }
}

/** Other sessions on the database (every instance should be stopped while a dump is restored). */
async function otherSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

export type PostgresRestore = { objectsPutBack: number; files: number; dumpRestored: boolean };

/**
 * `npm run restore` on PostgreSQL: FILE.dump (database and files) or FOLDER.files (the files
 * alone). Every copy is checked before anything changes; then the bucket gets back what it
 * lacks, the dump is restored, and every file of the restored database is checked.
 */
export async function restorePostgres(url: string, source: string, options: { force?: boolean } = {}): Promise<PostgresRestore> {
  if (!fs.existsSync(source)) throw new Error(`There is no backup at ${source}.`);
  const filesOnly = fs.statSync(source).isDirectory();
  const dump = filesOnly ? null : source;
  const copies = filesOnly ? source : `${source}.files`;
  if (dump) {
    const problem = await pgToolProblem("pg_restore", url);
    if (problem) throw new Error(`${problem}\n${postgresBackupAdvice(url, "restore")}`);
    await runTool("pg_restore", ["--list", dump], process.env).catch((err) => {
      throw new Error(`${dump} is not a readable dump: ${(err as Error).message}`);
    });
  }
  const manifestFile = path.join(copies, MANIFEST);
  if (filesOnly && !fs.existsSync(manifestFile)) throw new Error(`${source} is not a backup's files folder: it has no ${MANIFEST}.`);
  const manifest: Manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, "utf8")) : { format: "intranet-object-copies/1", takenAt: "", files: [] };
  if (manifest.format !== "intranet-object-copies/1") throw new Error(`${manifestFile} is not a manifest this version reads.`);
  // 1. Every copy, before anything changes.
  for (const f of manifest.files) {
    const copy = path.join(copies, f.sha256);
    if (!fs.existsSync(copy)) throw new Error(`The backup is incomplete: ${copy} is missing. Nothing was changed.`);
    const bytes = fs.readFileSync(copy);
    if (bytes.length !== f.size || sha256Of(bytes) !== f.sha256) throw new Error(`The backup is damaged: ${copy} does not match its SHA-256. Nothing was changed.`);
  }
  if (dump && !options.force) {
    const others = await otherSessions(url);
    if (others) throw new Error(`${others} other connection(s) use the database: stop every instance of the intranet first, or use --force.`);
  }
  // 2. The bucket gets back every file it lacks or holds changed.
  let objectsPutBack = 0;
  if (manifest.files.length) {
    const store = objectStore();
    if (!store) throw new Error(`The backup has ${manifest.files.length} files kept in an object store: set FILE_STORAGE=s3 and the S3_ settings before restoring it.`);
    for (const f of manifest.files) {
      const current = await store.get(f.sha256);
      if (current && current.length === f.size && sha256Of(current) === f.sha256) continue;
      await store.put(f.sha256, fs.readFileSync(path.join(copies, f.sha256)));
      objectsPutBack++;
    }
  }
  // 3. The database, in one transaction: a failure leaves it as it was.
  if (dump) {
    const conn = toolConnection(url);
    await runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${conn.dbname}`, dump], conn.env);
  }
  // 4. Every file of the database as it now is.
  const files = await checkPostgresFiles(url);
  return { objectsPutBack, files, dumpRestored: Boolean(dump) };
}
