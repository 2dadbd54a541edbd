/**
 * The server's life: structured request logs with timing, a health check that fails when
 * the database cannot be written, and a graceful stop on SIGTERM that finishes requests
 * in flight, refuses new ones, closes the database (SQLite: WAL checkpointed) and exits 0.
 * Runs on both databases: in the PostgreSQL run the servers use that file's database.
 */
import fs from "node:fs";
import http from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/utils/db.server";
import { startServer, type RunningServer } from "../e2e/server";
import { onPostgres } from "../postgres/only";
import { ensureBuild, openServerDatabase, rawRequest } from "../security/support";

/** Nothing here needs the demo council: a production start is quicker (on PostgreSQL especially). */
const NO_DEMO = { DEMO: "false" };

let server: RunningServer | undefined;
beforeAll(() => ensureBuild());
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/**
 * Another process takes what the health check's probes need and keeps it until released:
 * SQLite's write lock (BEGIN IMMEDIATE); on PostgreSQL, an exclusive lock on the table the
 * probes read (a stuck migration or maintenance job behaves alike).
 */
async function holdDatabase(db: Database): Promise<() => Promise<void>> {
  if (db.dialect === "sqlite") {
    await db.exec("BEGIN IMMEDIATE");
    return () => db.exec("ROLLBACK");
  }
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const held = new Promise<void>((r) => (locked = r));
  const tx = db.transaction(async (t) => {
    await t.run("LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE");
    locked();
    await released;
  });
  await Promise.race([held, tx]);
  return async () => {
    release();
    await tx;
  };
}

function exited(s: RunningServer): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (s.process.exitCode !== null) return resolve({ code: s.process.exitCode, ms: 0 });
    s.process.once("exit", (code) => resolve({ code, ms: Date.now() - started }));
  });
}

describe("request logs", () => {
  it("writes one JSON line per request with method, path (no query), status and time taken", async () => {
    server = await startServer({ ...NO_DEMO, LOG_LEVEL: "info" });
    await rawRequest(server.url, { path: "/login" });
    await rawRequest(server.url, { path: "/no-such-page?secret=do-not-log-me" });
    await rawRequest(server.url, { path: "/favicon.svg" });
    await rawRequest(server.url, { path: "/%" });
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.logs();
    const requests = lines.filter((l) => l.msg === "request");
    const byPath = (p: string) => requests.find((r) => r.path === p);
    // (a signed-out visitor's unknown page is a redirect to sign in)
    for (const [path, status] of [["/login", 200], ["/no-such-page", 302], ["/favicon.svg", 200], ["/%", 400]] as const) {
      const line = byPath(path);
      expect(line, path).toBeDefined();
      expect(line).toMatchObject({ level: "info", method: "GET", status });
      expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
      expect(typeof line!.ms).toBe("number");
      expect(line!.ms as number).toBeGreaterThanOrEqual(0);
      expect(line!.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    }
    expect(server.output()).not.toContain("do-not-log-me");
    // Answers carry the same id, so a complaint can be matched to its log line.
    const res = await rawRequest(server.url, { path: "/login" });
    expect(res.headers["x-request-id"]).toMatch(/^[A-Za-z0-9_-]{8}$/);
    // A 404 is an answer, not a fault: no error lines.
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
  });
});

describe("health check", () => {
  it("answers 503 while the database cannot be written, and 200 again when it can", async () => {
    server = await startServer(NO_DEMO);
    expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
    // Another process holds the write lock (a stuck job, a copy tool, a full disk behaves alike).
    const other = await openServerDatabase(server.databasePath);
    const release = await holdDatabase(other);
    try {
      const started = Date.now();
      const res = await rawRequest(server.url, { path: "/healthcheck" });
      expect(res.status).toBe(503);
      expect(res.body).toMatch(/unavailable/i);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      await release();
      await other.close();
    }
    await expect.poll(async () => (await rawRequest(server!.url, { path: "/healthcheck" })).status, { timeout: 15_000, interval: 500 }).toBe(200);
  }, 60_000);
});

describe("graceful shutdown", () => {
  it("on SIGTERM finishes the request in flight, refuses new connections, closes the database and exits 0", async () => {
    server = await startServer({ ...NO_DEMO, LOG_LEVEL: "info" });
    const s = server;
    // Some writes, so there is WAL content to checkpoint at close.
    for (let i = 0; i < 3; i++)
      await rawRequest(s.url, { method: "POST", path: "/login", headers: { "content-type": "application/x-www-form-urlencoded", origin: s.url }, body: "email=nobody%40riverside.gov.uk&password=wrong-password" });
    // An idle keep-alive connection must not hold the shutdown up.
    const agent = new http.Agent({ keepAlive: true });
    await new Promise((resolve) => http.get(`${s.url}/login`, { agent }, (res) => res.resume().on("end", resolve)));

    // A request in flight: headers and half the body sent, the rest comes after SIGTERM.
    const body = "email=staff%40riverside.gov.uk&password=not-the-right-one";
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request(`${s.url}/login`, {
        method: "POST", agent: false,
        headers: { "content-type": "application/x-www-form-urlencoded", origin: s.url, "content-length": String(body.length) },
      }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 1_000);
    });
    await new Promise((r) => setTimeout(r, 200));
    const exit = exited(s);
    s.process.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    // New connections are refused while the last request finishes.
    await expect(rawRequest(s.url, { path: "/login" })).rejects.toThrow(/ECONNREFUSED/);
    const status = await answer; // answered at all…
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500); // …and properly (a wrong password)
    const { code, ms } = await exit;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000);
    agent.destroy();
    const logs = s.logs();
    const order = logs.map((l) => l.msg);
    expect(order).toContain("shutting down");
    expect(order.indexOf("stopped")).toBeGreaterThan(order.lastIndexOf("request"));
    // The in-flight sign-in was logged after the signal: it was finished, not dropped.
    expect(order.lastIndexOf("request")).toBeGreaterThan(order.indexOf("shutting down"));
    if (onPostgres) {
      // No file of ours to checkpoint: the server keeps the data. Its connections are closed.
      const db = await openServerDatabase(s.databasePath);
      await expect.poll(() => db.get<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()").then((r) => Number(r!.n)), { timeout: 10_000 }).toBe(0);
      await db.close();
      return;
    }
    // Closing the database checkpointed the WAL into the main file.
    const wal = `${s.databasePath}-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    const db = await openServerDatabase(s.databasePath);
    expect(await db.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    await db.close();
  }, 60_000);
});
