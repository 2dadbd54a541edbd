/**
 * A real PostgreSQL server on loopback (the one starter, scripts/lib/postgres-server.ts) that a
 * test may stop and start again with its data kept: a database outage for the app servers.
 */
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/lib/postgres-server";

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
  // Durable writes (unlike the unit-test server): what a test kills must be what production would keep.
  const server = await startEmbeddedPostgres({
    name: "the test PostgreSQL server", dirPrefix: "intranet-pg-outage-", passwordPrefix: "t",
    durable: true, maxConnections: 200, keepData: true, createDatabase: "intranet",
  });
  const url = server.urlFor("intranet");
  return {
    url,
    port: server.port,
    stop: server.stop,
    start: server.start,
    remove: server.remove,
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
