/**
 * Numbered SQL migrations in `migrations/`, applied in file-name order at start-up (and by
 * `npm run migrate`). Applied names are recorded, not just a counter, so migrations added
 * on parallel branches both apply. Decision 100:
 *
 * - `NNN_name.sql`          portable SQL, both databases;
 * - `NNN_name.sqlite.sql`   SQLite only (triggers); on PostgreSQL its `.postgres.sql` twin, or a
 *                           mechanical translation of its triggers, is applied under the same name;
 * - `NNN_name.postgres.sql` replaces the same-named `.sql`/`.sqlite.sql` on PostgreSQL.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./db.server";

export function migrationsDir(): string {
  return process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), "migrations");
}

/** The migrations to apply, by recorded name, in order (`.postgres.sql` files are twins, never names). */
export function migrationFiles(dir = migrationsDir()): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+(\.sqlite)?\.sql$/.test(f))
    .sort();
}

/** The file holding the SQL for migration `name` on `dialect`. */
export function migrationSource(dir: string, name: string, dialect: "sqlite" | "postgres"): string {
  if (dialect === "postgres") {
    const twin = name.replace(/(\.sqlite)?\.sql$/, ".postgres.sql");
    if (fs.existsSync(path.join(dir, twin))) return twin;
  }
  return name;
}

export async function migrate(db: Database, dir = migrationsDir()): Promise<string[]> {
  if (db.dialect === "postgres") return db.migrate(dir);
  await db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
  );
  const applied = new Set((await db.all<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
  const done: string[] = [];
  for (const file of migrationFiles(dir)) {
    if (applied.has(file)) continue;
    const sql = fs.readFileSync(path.join(dir, migrationSource(dir, file, "sqlite")), "utf8");
    // exec cannot take part in the statement cache, so wrap the whole file by hand.
    await db.exec(`BEGIN IMMEDIATE;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${file}');\nCOMMIT;`).catch(async (err) => {
      await db.exec("ROLLBACK").catch(() => undefined);
      throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
    });
    done.push(file);
  }
  return done;
}
