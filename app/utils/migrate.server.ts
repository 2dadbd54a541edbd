/**
 * Numbered SQL migrations in `migrations/NNN_name.sql`, applied in file-name order at
 * start-up (and by `npm run migrate`). Applied names are recorded, not just a counter,
 * so migrations added on parallel branches both apply.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./db.server";

export function migrationsDir(): string {
  return process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), "migrations");
}

export async function migrate(db: Database, dir = migrationsDir()): Promise<string[]> {
  await db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
  );
  const applied = new Set((await db.all<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort();
  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = fs.readFileSync(path.join(dir, file), "utf8");
    // exec cannot take part in the statement cache, so wrap the whole file by hand.
    await db.exec(`BEGIN IMMEDIATE;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${file}');\nCOMMIT;`).catch(async (err) => {
      await db.exec("ROLLBACK").catch(() => undefined);
      throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
    });
    done.push(file);
  }
  return done;
}
