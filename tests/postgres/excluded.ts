/**
 * The unit suite runs a second time on PostgreSQL (`npm run test:unit:pg`, decision 200):
 * every test file runs there except the ones below, each with the reason the run prints at the
 * end (tests/postgres/reporter.ts). Keep this list short and exact: a file belongs here only
 * when it cannot mean anything on PostgreSQL. A single test that cannot (it tests SQLite's own
 * file) calls sqliteOnly(ctx, reason) from tests/postgres/only.ts instead, and the rest of its
 * file still runs. `PG_TESTS=all` runs every file, these too.
 */
export const NOT_ON_POSTGRES: Record<string, string> = {
  // SQLite only: what they test is SQLite's own file.
  "tests/unit/db.test.ts": "SQLite only: asks PRAGMA journal_mode/foreign_keys and tests the sqlite3 wrapper itself",
  "tests/pages/home-statement-plan.test.ts": "SQLite only: reads SQLite's query plan (PostgreSQL plans by its statistics; the same statements' results are tested on both)",
  "tests/unit/healthcheck.test.ts": "SQLite only: answers 503 when the database FILE is replaced (every test in it is SQLite-only)",
  "tests/documents/backup-files.test.ts": "SQLite only: backs up the database file with the files (PostgreSQL: tests/documents/postgres-backup.test.ts)",
  "tests/reliability/backup.test.ts": "SQLite only: file backups and restores (PostgreSQL: pg_dump, docs/operations.md)",
  "tests/reliability/crash.test.ts": "SQLite only: SIGKILLs a server writing its SQLite file (PostgreSQL's crash safety is the server's)",
  "tests/reliability/build-if-stale.test.ts": "no database: builds the app (nothing to test twice)",
  "tests/reliability/postgres-faults.test.ts": "starts PostgreSQL servers of its own whatever the run: it runs once, in the SQLite run",
  "tests/reliability/db-copy.test.ts": "copies a SQLite file to a PostgreSQL server of its own and back whatever the run: it runs once, in the SQLite run",
};
