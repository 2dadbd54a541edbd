/**
 * The one wrapper around SQLite. Two connections, on purpose:
 *
 * - a *reader* for every query outside a transaction. In WAL mode it only ever sees
 *   committed data, so a request never reads another request's half-done transaction;
 * - a *writer* used by `run` and `transaction`, behind a queue, so transactions never
 *   interleave on one connection (with node-sqlite3 one request's ROLLBACK could
 *   otherwise undo another's acknowledged write). Writes take `BEGIN IMMEDIATE`.
 *
 * Statements are prepared once per connection and reused. We only use `Statement#all`
 * because it resets the statement; a dangling `get` would pin an old WAL snapshot.
 */
import fs from "node:fs";
import path from "node:path";
import sqlite3 from "sqlite3";
import type { PostgresDatabase } from "./db-postgres.server";
import { noteStatement } from "./statement-listeners.server";
import { WriteQueue, type CommitListener } from "./write-queue.server";

export type Params = ReadonlyArray<unknown> | Record<string, unknown>;
export type RunResult = { lastID: number; changes: number };

/** What models may do with a connection; a transaction hands out the same shape. */
export interface Queryable {
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  run(sql: string, params?: Params): Promise<RunResult>;
}

export { onStatement, type StatementListener } from "./statement-listeners.server";

class Connection {
  /** Promises, not statements, so two callers preparing the same SQL at once share one statement. */
  private statements = new Map<string, Promise<sqlite3.Statement>>();
  constructor(readonly raw: sqlite3.Database) {}

  static open(file: string, mode: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(new Connection(raw))));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.raw.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  private prepare(sql: string): Promise<sqlite3.Statement> {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    if (this.statements.size >= 1000) void this.finalizeAll();
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const stmt = this.raw.prepare(forSqlite(sql), (err) => (err ? reject(withSql(err, sql)) : resolve(stmt)));
    });
    this.statements.set(sql, prepared);
    prepared.catch(() => this.statements.delete(sql));
    return prepared;
  }

  private async finalizeAll(): Promise<void> {
    const all = [...this.statements.values()];
    this.statements.clear();
    for (const p of all) {
      const stmt = await p.catch(() => undefined);
      if (stmt) await new Promise((r) => stmt.finalize(() => r(undefined)));
    }
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    noteStatement(sql);
    const stmt = await this.prepare(sql);
    return new Promise((resolve, reject) => {
      stmt.all(normalise(params), (err: Error | null, rows: T[]) => (err ? reject(withSql(err, sql)) : resolve(rows)));
    });
  }

  async run(sql: string, params: Params = []): Promise<RunResult> {
    noteStatement(sql);
    const stmt = await this.prepare(sql);
    return new Promise((resolve, reject) => {
      stmt.run(normalise(params), function (this: sqlite3.RunResult, err: Error | null) {
        if (err) return reject(withSql(err, sql));
        resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  async close(): Promise<void> {
    await this.finalizeAll();
    await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
  }
}

/**
 * Row locks for claiming work (`SELECT … FOR UPDATE SKIP LOCKED`, decision 205) mean nothing
 * on SQLite: a writing transaction already holds the one write lock (BEGIN IMMEDIATE), so the
 * clause is dropped here and the same model SQL runs on both databases.
 */
export function forSqlite(sql: string): string {
  return /\bFOR\s+UPDATE\b/i.test(sql) ? sql.replace(/\s+FOR\s+UPDATE(\s+SKIP\s+LOCKED)?\b/gi, "") : sql;
}

function normalise(params: Params): unknown {
  if (Array.isArray(params)) return params.map(toSqlValue);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k.startsWith("$") || k.startsWith(":") || k.startsWith("@") ? k : `$${k}`] = toSqlValue(v);
  return out;
}

function toSqlValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v;
}

function withSql(err: Error, sql: string): Error {
  (err as Error & { sql?: string }).sql = sql;
  return err;
}

/** How long one attempt waits for another connection's write lock (the busy handler sleeps meanwhile). */
const BUSY_TIMEOUT_MS = 5000;
/** Attempts before SQLITE_BUSY reaches the caller: three busy timeouts in all. */
const BUSY_ATTEMPTS = 3;

/**
 * Runs `attempt` again while it fails with SQLITE_BUSY, up to BUSY_ATTEMPTS times. Only for
 * work that does nothing when refused: taking the write lock, or one autocommit statement.
 */
async function whileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= BUSY_ATTEMPTS || (err as { code?: string }).code !== "SQLITE_BUSY") throw err;
    }
  }
}

export class SqliteDatabase implements Queryable {
  readonly dialect = "sqlite" as const;
  private writeQueue = new WriteQueue();
  private constructor(
    readonly file: string,
    private reader: Connection,
    private writer: Connection,
    /** Device and inode of the file as opened (null for ":memory:"): a file replaced under us (a forced restore) has others. */
    readonly opened: { dev: number; ino: number } | null,
  ) {}

  /**
   * `busyTimeoutMs`: how long one attempt waits for another process's write lock (tests shorten it).
   * `readOnly`: an existing file opened for reading only, on one connection, its journal mode left
   * as it is (`npm run db:copy` reads its source so: the source is never changed).
   */
  static async open(file: string, options: { busyTimeoutMs?: number; readOnly?: boolean } = {}): Promise<SqliteDatabase> {
    if (options.readOnly) {
      const only = await Connection.open(file, sqlite3.OPEN_READONLY | sqlite3.OPEN_FULLMUTEX);
      await only.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}; PRAGMA query_only = ON;`);
      const stat = fs.statSync(file);
      return new SqliteDatabase(file, only, only, { dev: stat.dev, ino: stat.ino });
    }
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const busy = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    const modes = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE | sqlite3.OPEN_FULLMUTEX;
    const writer = await Connection.open(file, modes);
    await writer.exec(
      `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${busy};`,
    );
    writer.raw.configure("busyTimeout", busy);
    // ":memory:" cannot be shared between connections, so tests of pure SQL use the writer for both.
    const reader = file === ":memory:" ? writer : await Connection.open(file, modes);
    if (reader !== writer) {
      await reader.exec(`PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${busy}; PRAGMA query_only = ON;`);
      reader.raw.configure("busyTimeout", busy);
    }
    const stat = file === ":memory:" ? null : fs.statSync(file);
    return new SqliteDatabase(file, reader, writer, stat ? { dev: stat.dev, ino: stat.ino } : null);
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.reader.all<T>(sql, params))[0];
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.reader.all<T>(sql, params);
  }

  /** A single write statement, queued behind any running transaction. */
  async run(sql: string, params?: Params): Promise<RunResult> {
    // A statement refused with SQLITE_BUSY did nothing, so it is safe to try again.
    return this.writeQueue.write(() => whileBusy(() => this.writer.run(sql, params)));
  }

  /**
   * Calls `listener` after every write that committed (a transaction or a single `run`).
   * Listeners must be cheap and must not throw; a promise they return is waited for by
   * `close`. The change feed uses this to nudge its followers (app/commands/change-feed.server.ts).
   */
  onCommit(listener: CommitListener): () => void {
    return this.writeQueue.onCommit(listener);
  }

  /** Runs raw SQL (several statements) on the writer, e.g. a migration. */
  exec(sql: string): Promise<void> {
    return this.writeQueue.run(() => this.writer.exec(sql));
  }

  /**
   * Runs `work` inside `BEGIN IMMEDIATE … COMMIT`. Everything inside must use the
   * `tx` it is given (not `db`), or it would deadlock waiting for the queue.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.writeQueue.write(async () => {
      const w = this.writer;
      const tx: Queryable = {
        get: async <R>(sql: string, params?: Params) => (await w.all<R>(sql, params))[0],
        all: <R>(sql: string, params?: Params) => w.all<R>(sql, params),
        run: (sql: string, params?: Params) => w.run(sql, params),
      };
      // BEGIN IMMEDIATE takes the write lock or fails having done nothing: several processes
      // writing one file at once (page workers, the leader) can wait longer than one busy timeout.
      await whileBusy(() => w.exec("BEGIN IMMEDIATE"));
      try {
        const result = await work(tx);
        await w.exec("COMMIT");
        return result;
      } catch (err) {
        await w.exec("ROLLBACK").catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * Runs `work` on one consistent snapshot, reading only (a deferred `BEGIN`: no write lock, so the
   * intranet may go on writing meanwhile; what it writes is not seen). `npm run db:copy` reads its
   * source so.
   */
  async snapshot<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return this.writeQueue.write(async () => {
      const w = this.writer;
      const q: Queryable = {
        get: async <R>(sql: string, params?: Params) => (await w.all<R>(sql, params))[0],
        all: <R>(sql: string, params?: Params) => w.all<R>(sql, params),
        run: () => Promise.reject(new Error("A snapshot only reads.")),
      };
      await w.exec("BEGIN");
      try {
        return await work(q);
      } finally {
        await w.exec("COMMIT").catch(() => undefined);
      }
    });
  }

  /** Online backup through SQLite's backup API: safe while the server is writing. */
  async backupTo(target: string): Promise<void> {
    await this.writeQueue.run(
      () =>
        new Promise<void>((resolve, reject) => {
          // sqlite3's typings lack `backup`; it exists since 5.0.
          const backup = (this.writer.raw as unknown as { backup: (f: string) => Backup }).backup(target);
          backup.step(-1, (err) => {
            if (err) return reject(err);
            backup.finish((e) => (e ? reject(e) : resolve()));
          });
        }),
    );
  }

  async close(): Promise<void> {
    // A read a commit listener started must finish first, or closing fails with SQLITE_BUSY.
    await this.writeQueue.settled();
    await this.writeQueue.run(async () => {
      if (this.reader !== this.writer) await this.reader.close();
      await this.writer.exec("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
      await this.writer.close();
    });
  }
}

interface Backup {
  step(pages: number, cb: (err: Error | null) => void): void;
  finish(cb: (err: Error | null) => void): void;
}

/**
 * The database models are given: SQLite (the default) or PostgreSQL when DATABASE_URL is set
 * (decision 100). Both offer `Queryable`, `transaction`, `onCommit`, `exec` and `close`.
 */
export type Database = SqliteDatabase | PostgresDatabase;
/** `Database.open(file)` opens a SQLite file (scripts and tests that work on files). */
export const Database = SqliteDatabase;

let current: Promise<Database> | undefined;

/** Opens the database the environment names: DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite). */
export async function openConfiguredDatabase(): Promise<Database> {
  const { getEnv } = await import("./env.server");
  const env = getEnv();
  if (env.DATABASE_URL) {
    const { PostgresDatabase } = await import("./db-postgres.server");
    return PostgresDatabase.open(env.DATABASE_URL);
  }
  return SqliteDatabase.open(env.DATABASE_PATH);
}

/**
 * The process-wide database, opened on first use (DATABASE_URL, else DATABASE_PATH). Tests
 * point DATABASE_PATH at a temporary file, or DATABASE_URL at a fresh PostgreSQL database,
 * before first use (see tests/setup.ts).
 */
export function getDb(): Promise<Database> {
  if (!current) {
    current = (async () => {
      const { migrate } = await import("./migrate.server");
      const db = await openConfiguredDatabase();
      try {
        await migrate(db);
      } catch (err) {
        await db.close().catch(() => undefined);
        throw err;
      }
      return db;
    })();
    current.catch(() => (current = undefined));
  }
  return current;
}

/** Closes the process-wide database (graceful shutdown, end of a test file). */
export async function closeDb(): Promise<void> {
  const open = current;
  current = undefined;
  if (open) await (await open).close();
}

export function nowIso(date = new Date()): string {
  return date.toISOString();
}
