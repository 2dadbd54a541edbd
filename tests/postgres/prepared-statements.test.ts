/**
 * On PostgreSQL statements run as named prepared statements (decision 246): a connection
 * parses and plans a text once, then only binds and runs it. Skipped on SQLite (it prepares
 * every statement once per connection already: app/utils/db.server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresDatabase } from "~/utils/db-postgres.server";
import { onPostgres } from "./only";
import { newTestPostgresDatabase } from "./server";

const ONLY = "PostgreSQL only: prepared statements of the pg driver";
let db: PostgresDatabase | null = null;

beforeAll(async () => {
  if (!onPostgres) return;
  // One connection, so what one statement prepared is there for the next.
  db = await PostgresDatabase.open((await newTestPostgresDatabase())!, { max: 1 });
});
afterAll(async () => {
  await db?.close();
});

describe("named prepared statements on PostgreSQL", () => {
  it("prepares a statement's text once per connection and runs it again by name", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    const sql = "SELECT slug FROM departments WHERE slug = ? OR ? = 'never'";
    expect(await db!.all(sql, ["housing", "x"])).toEqual([]);
    expect(await db!.all(sql, ["planning", "y"])).toEqual([]);
    const prepared = (await db!.all<{ name: string; statement: string }>("SELECT name, statement FROM pg_prepared_statements")).filter((p) => p.statement.startsWith("SELECT slug FROM departments"));
    // The same name for both runs: prepared once.
    expect(prepared).toHaveLength(1);
    expect(prepared[0].name).toMatch(/^s_[0-9a-f]{24}$/);
  });

  it("a text of several statements runs as before, unnamed", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    await db!.exec("CREATE TABLE prep_two (a INTEGER); INSERT INTO prep_two VALUES (1)");
    expect(await db!.all("SELECT a FROM prep_two")).toEqual([{ a: 1 }]);
  });

  it("a table changed under a prepared statement (another instance migrated) answers with its new shape", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    await db!.exec("CREATE TABLE prep_shape (a INTEGER)");
    await db!.run("INSERT INTO prep_shape (a) VALUES (?)", [1]);
    expect(await db!.all("SELECT * FROM prep_shape WHERE a = ?", [1])).toEqual([{ a: 1 }]);
    await db!.exec("ALTER TABLE prep_shape ADD COLUMN b TEXT");
    // PostgreSQL refuses the kept plan ("cached plan must not change result type"); the text then runs unnamed.
    expect(await db!.all("SELECT * FROM prep_shape WHERE a = ?", [1])).toEqual([{ a: 1, b: null }]);
    expect(await db!.all("SELECT * FROM prep_shape WHERE a = ?", [1])).toEqual([{ a: 1, b: null }]);
  });

  it("in a transaction, a table changed under a prepared statement makes the transaction run again, unnamed", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    await db!.exec("CREATE TABLE prep_tx (a INTEGER)");
    await db!.run("INSERT INTO prep_tx (a) VALUES (?)", [1]);
    const read = (tx: Pick<PostgresDatabase, "all">) => tx.all("SELECT * FROM prep_tx WHERE a >= ?", [0]);
    expect(await db!.transaction(read)).toEqual([{ a: 1 }]);
    await db!.exec("ALTER TABLE prep_tx ADD COLUMN b TEXT");
    let attempts = 0;
    const rows = await db!.transaction(async (tx) => {
      attempts++;
      const found = await read(tx);
      await tx.run("INSERT INTO prep_tx (a) VALUES (?)", [2]);
      return found;
    });
    expect(rows).toEqual([{ a: 1, b: null }]);
    expect(attempts).toBe(2);
    expect(await db!.all("SELECT a FROM prep_tx ORDER BY a")).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("reads the catalogue once for a table without a generated id, not at every INSERT into it (decision 250)", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    await db!.exec("CREATE TABLE prep_counts (day TEXT NOT NULL, k TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, k))");
    await db!.exec("CREATE TABLE prep_rows (id INTEGER PRIMARY KEY, a INTEGER)");
    const pool = db!.pool as unknown as { query: (...args: unknown[]) => unknown };
    const query = pool.query;
    let catalogue = 0;
    pool.query = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === "string" && args[0].includes("information_schema.columns")) catalogue++;
      return query.apply(this, args);
    };
    try {
      for (let i = 0; i < 5; i++) {
        expect(await db!.run("INSERT INTO prep_counts (day, k, n) VALUES (?, ?, 1) ON CONFLICT (day, k) DO UPDATE SET n = prep_counts.n + 1", ["2026-01-01", "a"])).toMatchObject({ lastID: 0, changes: 1 });
        // A table with an id, in between, still answers with its new row's id.
        expect((await db!.run("INSERT INTO prep_rows (a) VALUES (?)", [i])).lastID).toBeGreaterThan(0);
      }
      expect(catalogue).toBeLessThanOrEqual(2);
      expect(await db!.get("SELECT n FROM prep_counts")).toEqual({ n: 5 });
      // A table made later (exec) is looked up again: its ids are answered.
      await db!.exec("CREATE TABLE prep_later (id INTEGER PRIMARY KEY, a INTEGER)");
      expect((await db!.run("INSERT INTO prep_later (a) VALUES (?)", [1])).lastID).toBe(1);
    } finally {
      pool.query = query;
    }
  });
});
