/**
 * The PostgreSQL side of the data layer (decision 100), selected by DATABASE_URL. Same shape
 * as the SQLite `Database`: `get`/`all` on any pooled connection (committed data only), `run`
 * and `transaction` behind this process's write queue, `onCommit` listeners. A transaction runs
 * on one client at SERIALIZABLE and is re-run on a serialization failure or deadlock, so its
 * `work` must do database work only.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Params, Queryable, RunResult } from "./db.server";
import { databaseUrlProblem, redactDatabaseUrl } from "./database-url";
import { migrationFiles, migrationSource } from "./migrate.server";
import { migrationToPostgres, toPostgres, type Translated } from "./sql-dialect.server";
import { noteStatement } from "./statement-listeners.server";
import { WriteQueue, type CommitListener } from "./write-queue.server";

/** Results come back as SQLite gives them: 64-bit integers and sums as numbers, booleans as 1/0. */
const TYPES: Record<number, (v: string) => unknown> = {
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
  16: (v) => (v === "t" ? 1 : 0), // bool
};
const types = {
  getTypeParser: ((oid: number, format?: string) => TYPES[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs after which a transaction may simply be run again. */
const RETRYABLE = new Set(["40001", "40P01"]);
/**
 * Statements run as named prepared statements (decision 246): each connection parses and
 * plans a statement's text once, then only binds and runs it. At most this many texts per
 * process are named (IN-lists of every length would otherwise name without end); the rest
 * run unnamed, parsed each time, as before.
 */
const MAX_NAMED_STATEMENTS = 2000;

/** A prepared statement whose tables changed shape under it (PostgreSQL will not run its kept plan). */
function stalePlan(err: unknown): boolean {
  return (err as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String((err as Error).message));
}

/** Worth running the transaction or statement again: a conflict, a deadlock, or a stale prepared plan (now run unnamed). */
function retryable(err: unknown): boolean {
  return RETRYABLE.has((err as { code?: string }).code ?? "") || stalePlan(err);
}
/** Texts remembered as named or not; past this, new texts run unnamed without being remembered. */
const MAX_REMEMBERED_TEXTS = 20_000;
const TX_ATTEMPTS = 5;


function withSql(err: unknown, sql: string): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  (e as Error & { sql?: string }).sql = sql;
  // Tests show the statement with the error; not for RAISE in a trigger (P0001), whose message is the answer.
  const code = (e as { code?: string }).code;
  if (process.env.NODE_ENV === "test" && code !== "P0001" && !e.message.includes("\n  in: ")) e.message += `\n  in: ${sql.replace(/\s+/g, " ").slice(0, 600)}`;
  return e;
}

function toSqlValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  // PostgreSQL text cannot hold NUL (SQLite can): it is dropped, never an error for the writer.
  if (typeof v === "string" && v.includes("\u0000")) return v.replace(/\u0000/g, "");
  return v;
}

/** A session-level advisory lock held on a connection of its own (`tryHoldLock`). */
export type HeldLock = { release: () => Promise<void>; backendPid: number };

export class PostgresDatabase implements Queryable {
  readonly dialect = "postgres" as const;
  /** Shown in logs and messages: the address without its password. */
  readonly file: string;
  readonly opened = null;
  private writeQueue = new WriteQueue();
  private translated = new Map<string, Translated>();
  /** Tables with a generated `id` column (for RETURNING id), refreshed after migrations. */
  private idTables: Set<string> | null = null;

  /** Stop functions of `listen` connections, ended by `close`. */
  private listeners = new Set<() => Promise<void>>();

  private constructor(
    readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.file = redactDatabaseUrl(url);
  }

  /** Connects (checking the server answers) and makes sure the `nocase` collation exists. */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresDatabase> {
    const problem = databaseUrlProblem(url);
    if (problem) throw new Error(problem);
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000, types });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    const db = new PostgresDatabase(pool, url);
    try {
      await pool.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'nocase') THEN
             CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
           END IF;
         EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
         END $$`,
      );
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`DATABASE_URL: cannot use the PostgreSQL database at ${db.file}: ${(err as Error).message}`);
    }
    return db;
  }

  private translate(sql: string): Translated {
    let t = this.translated.get(sql);
    if (!t) {
      t = toPostgres(sql);
      if (this.translated.size > 5000) this.translated.clear();
      this.translated.set(sql, t);
    }
    return t;
  }

  private values(t: Translated, params: Params = []): unknown[] {
    if (Array.isArray(params)) return params.map(toSqlValue);
    const record = params as Record<string, unknown>;
    const byName = new Map<string, unknown>();
    for (const [k, v] of Object.entries(record)) byName.set(k.replace(/^[$:@]/, ""), v);
    return (t.names ?? []).map((n) => toSqlValue(byName.get(n)));
  }

  private names = new Map<string, string | null>();
  private namedCount = 0;

  /**
   * The statement's text and values, named when it may be prepared: one statement (a text
   * with several runs by the simple protocol only), and fewer than MAX_NAMED_STATEMENTS
   * named so far. The name is the text's hash, so every connection and process names a text
   * alike.
   */
  private statement(text: string, values: unknown[]): pg.QueryConfig {
    let name = this.names.get(text);
    if (name === undefined) {
      name = this.namedCount < MAX_NAMED_STATEMENTS && !/;\s*\S/.test(text) ? `s_${createHash("sha1").update(text).digest("hex").slice(0, 24)}` : null;
      if (this.names.size < MAX_REMEMBERED_TEXTS) {
        this.names.set(text, name);
        if (name) this.namedCount++;
      } else name = null;
    }
    return name ? { name, text, values } : { text, values };
  }

  /**
   * Runs a statement, named when it may be. A prepared statement whose tables changed shape
   * under it (another instance migrated while this one ran: "cached plan must not change
   * result type") is run unnamed from then on, this time too.
   */
  private async send<T extends pg.QueryResultRow>(client: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    try {
      return await client.query<T>(this.statement(text, values));
    } catch (err) {
      if (!stalePlan(err) || !this.names.get(text)) throw err;
      this.names.set(text, null);
      // Inside a transaction the statement's failure ended it: the transaction runs again (retryable).
      if (!(client instanceof pg.Pool)) throw err;
      return client.query<T>(text, values);
    }
  }

  private async query<T>(client: pg.Pool | pg.PoolClient, sql: string, params?: Params): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    noteStatement(sql);
    const t = this.translate(sql);
    try {
      return await this.send<T & pg.QueryResultRow>(client, t.text, this.values(t, params));
    } catch (err) {
      throw withSql(err, t.text);
    }
  }

  /**
   * Tables an INSERT went to that the last look at the catalogue found without a generated id
   * (link tables, counters keyed by day): not looked up again until the catalogue is read
   * again after migrations or `exec`. Before, every INSERT into one read information_schema again
   * (decision 250: a catalogue query per counted search or page view).
   */
  private tablesWithoutId = new Set<string>();

  private async loadIdTables(client: pg.Pool | pg.PoolClient): Promise<Set<string>> {
    const rows = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' AND is_identity = 'YES' AND table_schema = current_schema()",
    );
    this.idTables = new Set(rows.rows.map((r) => r.table_name));
    return this.idTables;
  }

  /** Whether `table` has a generated id (INSERTs into it answer RETURNING id); the catalogue is read only for a table not seen since its last reading. */
  private async hasIdColumn(client: pg.Pool | pg.PoolClient, table: string): Promise<boolean> {
    if (this.idTables?.has(table)) return true;
    if (this.idTables && this.tablesWithoutId.has(table)) return false;
    if ((await this.loadIdTables(client)).has(table)) return true;
    this.tablesWithoutId.add(table);
    return false;
  }

  private async runOn(client: pg.Pool | pg.PoolClient, sql: string, params?: Params): Promise<RunResult> {
    noteStatement(sql);
    const t = this.translate(sql);
    let text = t.text;
    let withId = false;
    if (t.insertInto && !t.hasReturning) {
      if (await this.hasIdColumn(client, t.insertInto)) {
        text = `${text.replace(/[\s;]+$/, "")} RETURNING id`;
        withId = true;
      }
    }
    let result: pg.QueryResult;
    try {
      result = await this.send(client, text, this.values(t, params));
    } catch (err) {
      throw withSql(err, text);
    }
    if (withId && t.explicitId && (result.rowCount ?? 0) > 0) {
      // Rows inserted with their own id must not collide with the next generated one.
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${t.insertInto}', 'id'), GREATEST((SELECT MAX(id) FROM ${t.insertInto}), 1))`,
      );
    }
    const lastID = withId && result.rows.length ? Number(result.rows[result.rows.length - 1].id) : 0;
    return { lastID, changes: result.rowCount ?? 0 };
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.query<T>(this.pool, sql, params)).rows[0];
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await this.query<T>(this.pool, sql, params)).rows;
  }

  async run(sql: string, params?: Params): Promise<RunResult> {
    return this.writeQueue.write(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.runOn(this.pool, sql, params);
        } catch (err) {
          if (attempt >= TX_ATTEMPTS || !retryable(err)) throw err;
        }
      }
    });
  }

  onCommit(listener: CommitListener): () => void {
    return this.writeQueue.onCommit(listener);
  }

  /** Runs raw SQL (several statements, no parameters) as a migration would be: translated DDL and triggers. */
  exec(sql: string): Promise<void> {
    return this.writeQueue.run(async () => {
      await this.pool.query(migrationToPostgres(sql));
      // It may have made tables: the next INSERT into one not known to have an id looks again.
      this.tablesWithoutId.clear();
    });
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.writeQueue.write(async () => {
      for (let attempt = 1; ; attempt++) {
        const client = await this.pool.connect();
        let broken = false;
        try {
          // One client runs one statement at a time: work that starts several at once
          // (Promise.all over departments, say) has them queued here in the order asked,
          // instead of relying on the driver's deprecated implicit queue.
          // COMMIT or ROLLBACK waits for every statement asked for, so none runs after them.
          let last: Promise<unknown> = Promise.resolve();
          let ended = false;
          const inTurn = <R>(op: () => Promise<R>): Promise<R> => {
            if (ended) return Promise.reject(new Error("This transaction has already ended: a statement was started after its work returned."));
            const next = last.then(op, op);
            last = next.catch(() => undefined);
            return next;
          };
          const tx: Queryable = {
            get: <R>(sql: string, params?: Params) => inTurn(async () => (await this.query<R>(client, sql, params)).rows[0]),
            all: <R>(sql: string, params?: Params) => inTurn(async () => (await this.query<R>(client, sql, params)).rows),
            run: (sql: string, params?: Params) => inTurn(() => this.runOn(client, sql, params)),
          };
          await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
          const settle = async () => {
            await last;
            ended = true;
          };
          try {
            const value = await work(tx);
            await settle();
            await client.query("COMMIT");
            return value;
          } catch (err) {
            await settle();
            await client.query("ROLLBACK").catch(() => {
              broken = true;
            });
            if (attempt < TX_ATTEMPTS && retryable(err)) continue;
            throw err;
          }
        } finally {
          client.release(broken);
        }
      }
    });
  }

  /**
   * Runs `work` on one consistent snapshot, reading only (REPEATABLE READ, READ ONLY) on one
   * client: writers elsewhere go on, unseen. `npm run db:copy` reads its source so.
   */
  async snapshot<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      // One statement at a time on the one client, in the order asked.
      let last: Promise<unknown> = Promise.resolve();
      const inTurn = <R>(op: () => Promise<R>): Promise<R> => {
        const next = last.then(op, op);
        last = next.catch(() => undefined);
        return next;
      };
      const q: Queryable = {
        get: <R>(sql: string, params?: Params) => inTurn(async () => (await this.query<R>(client, sql, params)).rows[0]),
        all: <R>(sql: string, params?: Params) => inTurn(async () => (await this.query<R>(client, sql, params)).rows),
        run: () => Promise.reject(new Error("A snapshot only reads.")),
      };
      try {
        return await work(q);
      } finally {
        await last;
        await client.query("COMMIT").catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  /** Applies migrations not yet recorded (decision 100), each file in its own transaction. */
  async migrate(dir: string): Promise<string[]> {
    return this.writeQueue.run(async () => {
      const client = await this.pool.connect();
      try {
        // Two instances starting at once: one migrates, the other waits for it.
        await client.query("SELECT pg_advisory_lock(764101)");
        await client.query(
          `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`,
        );
        await client.query(SQLITE_CATALOG);
        const applied = new Set((await client.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name));
        const done: string[] = [];
        for (const file of migrationFiles(dir)) {
          if (applied.has(file)) continue;
          const source = migrationSource(dir, file, "postgres");
          const raw = fs.readFileSync(path.join(dir, source), "utf8");
          const sql = source.endsWith(".postgres.sql") ? raw : migrationToPostgres(raw);
          try {
            await client.query("BEGIN");
            await client.query(sql);
            await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
            await syncIdentities(client);
            await client.query("COMMIT");
          } catch (err) {
            await client.query("ROLLBACK").catch(() => undefined);
            throw new Error(`Migration ${file} failed on PostgreSQL: ${(err as Error).message}`);
          }
          done.push(file);
        }
        await this.loadIdTables(client);
        this.tablesWithoutId.clear();
        return done;
      } finally {
        await client.query("SELECT pg_advisory_unlock(764101)").catch(() => undefined);
        client.release();
      }
    });
  }

  /**
   * Calls `onNotify` on each NOTIFY on `channel` (from any instance), on a connection of its
   * own outside the pool. A lost connection is opened again every few seconds; `onNotify` is
   * also called after each (re)connect, since notifications sent meanwhile are lost. Returns
   * the stop function.
   */
  listen(channel: string, onNotify: () => void): () => Promise<void> {
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const again = () => {
      if (!stopped) retry = setTimeout(() => void connect(), 2_000);
    };
    const connect = async () => {
      if (stopped) return;
      const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
      c.on("notification", () => onNotify());
      c.on("error", () => undefined);
      c.on("end", () => {
        if (client !== c) return;
        client = null;
        again();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        if (stopped) return void (await c.end().catch(() => undefined));
        client = c;
        onNotify();
      } catch {
        await c.end().catch(() => undefined);
        again();
      }
    };
    void connect();
    const stop = async () => {
      stopped = true;
      clearTimeout(retry);
      this.listeners.delete(stop);
      await client?.end().catch(() => undefined);
    };
    this.listeners.add(stop);
    return stop;
  }

  /**
   * Tries once to take the session-level advisory lock `key` on a connection of its own
   * (outside the pool): the lock lives exactly as long as that connection (decision 205).
   * Returns null when another session holds it. Otherwise the lock is held until `release`,
   * or until the connection is found lost (a failed or unanswered heartbeat every
   * `heartbeatMs`, or the connection ending): then `onLost` is called once. The server is
   * asked to notice a vanished holder within about 20 s (TCP keepalives on its side), so a
   * holder on a machine that died does not keep the lock for hours.
   */
  async tryHoldLock(key: number, options: { onLost: (why: string) => void; heartbeatMs?: number }): Promise<HeldLock | null> {
    const heartbeatMs = options.heartbeatMs ?? 2_000;
    const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, keepAlive: true, keepAliveInitialDelayMillis: 5_000, query_timeout: Math.max(3_000, heartbeatMs * 2) });
    let state: "trying" | "held" | "done" = "trying";
    let timer: NodeJS.Timeout | undefined;
    const lost = (why: string) => {
      if (state !== "held") return;
      state = "done";
      clearInterval(timer);
      this.listeners.delete(release);
      void c.end().catch(() => undefined);
      options.onLost(why);
    };
    c.on("error", (err) => lost(`connection error: ${err.message}`));
    c.on("end", () => lost("connection closed"));
    const release = async () => {
      if (state === "done") return;
      state = "done";
      clearInterval(timer);
      this.listeners.delete(release);
      await c.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => undefined);
      await c.end().catch(() => undefined);
    };
    try {
      await c.connect();
      // Server-side keepalives (PostgreSQL settings any session may change); ignored over a Unix socket.
      await c.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 15000").catch(() => undefined);
      const { rows } = await c.query<{ ok: boolean | number }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
      if (!rows[0]?.ok) {
        state = "done";
        await c.end().catch(() => undefined);
        return null;
      }
    } catch (err) {
      state = "done";
      await c.end().catch(() => undefined);
      throw err;
    }
    state = "held";
    this.listeners.add(release);
    timer = setInterval(() => {
      c.query("SELECT 1").catch((err: Error) => lost(`heartbeat failed: ${err.message}`));
    }, heartbeatMs);
    timer.unref();
    return { release, backendPid: (c as unknown as { processID: number }).processID };
  }

  /**
   * Runs `work` while holding the session-level advisory lock `key` (waiting for it), on a
   * pooled connection of its own: start-up work that two instances must not do at once.
   */
  async whileLocked<T>(key: number, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [key]);
      try {
        return await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    for (const stop of [...this.listeners]) await stop();
    await this.writeQueue.settled();
    await this.writeQueue.run(() => this.pool.end());
  }
}

/** Moves every identity sequence past its table's largest id (rows copied with their ids). */
export async function syncIdentities(client: pg.Pool | pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
  );
  for (const r of rows) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"${r.table_name}"', '${r.column_name}'), COALESCE((SELECT MAX("${r.column_name}") FROM "${r.table_name}"), 0) + 1, false)`,
    );
  }
}

/**
 * SQLite's catalogue as PostgreSQL views and functions, so code and tests that list tables,
 * columns, foreign keys or id counters (`sqlite_master`, `PRAGMA table_info(t)`,
 * `PRAGMA foreign_key_list(t)`, `sqlite_sequence`) read the same shape on both databases.
 */
const SQLITE_CATALOG = `
CREATE OR REPLACE VIEW sqlite_master AS
  SELECT 'table'::text AS type, t.table_name::text AS name, t.table_name::text AS tbl_name, NULL::text AS sql
    FROM information_schema.tables t WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
  UNION ALL
  SELECT 'index'::text, i.indexname::text, i.tablename::text, i.indexdef::text FROM pg_indexes i WHERE i.schemaname = current_schema()
  UNION ALL
  SELECT 'table'::text, 'sqlite_sequence'::text, 'sqlite_sequence'::text, NULL::text
  UNION ALL
  SELECT 'trigger'::text, tg.tgname::text, c.relname::text, (pg_get_triggerdef(tg.oid) || E';\n' || pg_get_functiondef(tg.tgfoid))::text
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT tg.tgisinternal AND n.nspname = current_schema();
CREATE OR REPLACE VIEW sqlite_sequence AS
  SELECT c.table_name::text AS name,
         COALESCE(pg_sequence_last_value(pg_get_serial_sequence(quote_ident(c.table_name), c.column_name)::regclass), 0)::bigint AS seq
    FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.is_identity = 'YES';
CREATE OR REPLACE FUNCTION pragma_table_info(tbl text)
  RETURNS TABLE (cid bigint, name text, type text, notnull bigint, dflt_value text, pk bigint) LANGUAGE sql STABLE AS $f$
  SELECT (c.ordinal_position - 1)::bigint, c.column_name::text, upper(c.data_type)::text,
         CASE WHEN c.is_nullable = 'NO' THEN 1 ELSE 0 END::bigint, c.column_default::text,
         COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k
                     JOIN information_schema.table_constraints tc ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema
                    WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name), 0)::bigint
    FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = tbl ORDER BY c.ordinal_position
$f$;
CREATE OR REPLACE FUNCTION pragma_foreign_key_list(tbl text)
  RETURNS TABLE (id bigint, seq bigint, "table" text, "from" text, "to" text, on_update text, on_delete text, match text) LANGUAGE sql STABLE AS $f$
  SELECT (row_number() OVER () - 1)::bigint, (k.n - 1)::bigint, rc.relname::text, a.attname::text, fa.attname::text,
         CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END,
         CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END,
         'NONE'::text
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
    JOIN pg_class rc ON rc.oid = con.confrelid
    CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, fcol, n)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
    JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fcol
   WHERE con.contype = 'f' AND c.relname = tbl AND ns.nspname = current_schema()
$f$;
`;
