/**
 * What `npm run db:copy` (app/commands/database-copy.server.ts, decision 225) asks of either
 * database: its tables, columns, foreign keys and id counters through the SQLite catalogue
 * (PostgreSQL offers the same views and functions, app/utils/db-postgres.server.ts), rows read
 * in key order and written in batches with their own ids, and the few statements that differ
 * by database (triggers off for the copy, id counters moved past the copied ids).
 *
 * Table and column names come from the catalogue, never from a person, and are quoted.
 */
import type { Queryable } from "~/utils/db.server";

export type Dialect = "sqlite" | "postgres";
export type ColumnInfo = { name: string; pk: number; notnull: number };
export type ForeignKey = { parent: string; column: string };
export type Row = Record<string, unknown>;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the intranet (not the database's own catalogue tables), by name. */
export async function listTables(q: Queryable): Promise<string[]> {
  const rows = await q.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' ORDER BY name");
  return rows.map((r) => r.name);
}

/** A table's columns in order; `pk` is the column's place in the primary key (0: not in it). */
export function listColumns(q: Queryable, table: string): Promise<ColumnInfo[]> {
  return q.all<ColumnInfo>("SELECT name, pk, \"notnull\" AS \"notnull\" FROM pragma_table_info(?) ORDER BY cid", [table]);
}

/** The tables `table` points at, and through which column. */
export function listForeignKeys(q: Queryable, table: string): Promise<ForeignKey[]> {
  return q.all<ForeignKey>(`SELECT "table" AS parent, "from" AS "column" FROM pragma_foreign_key_list(?)`, [table]);
}

export async function countRows(q: Queryable, table: string): Promise<number> {
  return Number((await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(table)}`))?.n ?? 0);
}

/** Names of the migrations recorded as applied. */
export async function listAppliedMigrations(q: Queryable): Promise<string[]> {
  const has = await q.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has) return [];
  return (await q.all<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")).map((r) => r.name);
}

/** One page of a table's rows in the order of `orderBy` (its key columns). */
export function readRows(q: Queryable, table: string, columns: string[], orderBy: string[], limit: number, offset: number): Promise<Row[]> {
  return q.all<Row>(
    `SELECT ${columns.map(quote).join(", ")} FROM ${quote(table)} ORDER BY ${orderBy.map(quote).join(", ")} LIMIT ? OFFSET ?`,
    [limit, offset],
  );
}

/** Inserts `rows` as they are (ids included), in one statement. */
export async function insertRows(q: Queryable, table: string, columns: string[], rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const one = `(${columns.map(() => "?").join(", ")})`;
  await q.run(
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${rows.map(() => one).join(", ")}`,
    rows.flatMap((r) => columns.map((c) => r[c])),
  );
}

/** Sets `column` of each row named by its `key` (a second pass for links copied as NULL first). */
export async function setColumnByKey(q: Queryable, table: string, key: string, column: string, values: Array<[unknown, unknown]>): Promise<void> {
  for (const [k, v] of values) await q.run(`UPDATE ${quote(table)} SET ${quote(column)} = ? WHERE ${quote(key)} = ?`, [v, k]);
}

export async function deleteAllRows(q: Queryable, table: string): Promise<void> {
  await q.run(`DELETE FROM ${quote(table)}`);
}

/** Id counters as SQLite keeps them (AUTOINCREMENT tables; on PostgreSQL every identity column). */
export async function listIdCounters(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.all<{ name: string; seq: number }>("SELECT name, seq FROM sqlite_sequence");
  return new Map(rows.map((r) => [r.name, Number(r.seq)]));
}

/** The largest value of `column` in `table` (0 when empty). */
export async function largestValue(q: Queryable, table: string, column: string): Promise<number> {
  return Number((await q.get<{ n: number | null }>(`SELECT MAX(${quote(column)}) AS n FROM ${quote(table)}`))?.n ?? 0);
}

export type SqliteTrigger = { name: string; sql: string };

/**
 * Switches off the triggers the copy must not fire (the change feed's, which would add rows
 * and, on PostgreSQL, give change_feed rows new ids): on PostgreSQL every user trigger of the
 * tables (ALTER TABLE … DISABLE TRIGGER USER, undone by `triggersOn` or by a rollback); on
 * SQLite the triggers are dropped and returned, to be created again by `triggersOn`. Foreign
 * keys stay checked (on SQLite at commit: PRAGMA defer_foreign_keys).
 */
export async function triggersOff(q: Queryable, dialect: Dialect, tables: string[]): Promise<SqliteTrigger[]> {
  if (dialect === "postgres") {
    for (const t of tables) await q.run(`ALTER TABLE ${quote(t)} DISABLE TRIGGER USER`);
    return [];
  }
  await q.run("PRAGMA defer_foreign_keys = ON");
  const triggers = await q.all<SqliteTrigger>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
  for (const t of triggers) await q.run(`DROP TRIGGER ${quote(t.name)}`);
  return triggers;
}

export async function triggersOn(q: Queryable, dialect: Dialect, tables: string[], dropped: SqliteTrigger[]): Promise<void> {
  if (dialect === "postgres") {
    for (const t of tables) await q.run(`ALTER TABLE ${quote(t)} ENABLE TRIGGER USER`);
    return;
  }
  for (const t of dropped) await q.run(t.sql);
}

/**
 * Moves the target's id counter of each table past `floors` (the largest id copied, or the
 * source's own counter when that is higher: ids are never handed out twice, and the change
 * feed's followers never find a new row below their cursor). PostgreSQL: every identity
 * column's sequence; SQLite: sqlite_sequence of AUTOINCREMENT tables (other tables take the
 * largest id + 1 by themselves).
 */
export async function moveIdCounters(q: Queryable, dialect: Dialect, floors: Map<string, number>): Promise<void> {
  if (dialect === "postgres") {
    const identities = await q.all<{ tableName: string; columnName: string }>(
      "SELECT table_name AS tableName, column_name AS columnName FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    );
    for (const { tableName, columnName } of identities) {
      const floor = Math.max(floors.get(tableName) ?? 0, await largestValue(q, tableName, columnName));
      await q.get(`SELECT setval(pg_get_serial_sequence(?, ?), ?, false) AS v`, [quote(tableName), columnName, floor + 1]);
    }
    return;
  }
  const counters = await q.all<{ name: string; seq: number }>("SELECT name, seq FROM sqlite_sequence");
  const known = new Set(counters.map((c) => c.name));
  for (const [table, floor] of floors) {
    if (known.has(table)) await q.run("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", [floor, table]);
    else if (await isAutoincrement(q, table)) await q.run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, floor]);
  }
}

async function isAutoincrement(q: Queryable, table: string): Promise<boolean> {
  const row = await q.get<{ sql: string | null }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  return /\bAUTOINCREMENT\b/i.test(row?.sql ?? "");
}
