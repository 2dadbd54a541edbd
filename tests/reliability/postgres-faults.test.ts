/**
 * Faults on PostgreSQL (issue 16, decision 205), with the built server and a real server:
 *
 * - a DATABASE_URL that is not usable stops start-up with a message naming the variable,
 *   never printing the password;
 * - when the database goes away, /healthcheck answers 503 (so a load balancer stops sending
 *   people here) and pages show the friendly error page; when it comes back the instance
 *   recovers by itself, and what it acknowledged before (an account, a session) is there.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser } from "~/models/user.server";
import { PostgresDatabase } from "~/utils/db-postgres.server";
import { hashPassword } from "~/utils/password.server";
import { freePort } from "../../scripts/lib/processes";
import { startServer, type RunningServer } from "../e2e/server";
import { ensureBuild, rawRequest, signInViaForm } from "../security/support";
import { startOutagePostgres, type OutagePostgres } from "./postgres-server";

beforeAll(() => ensureBuild());

/** Starts server.js with `env` and waits for it to exit: its exit code and everything it printed. */
function startAndExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["server.js"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", WORKERS: "1", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("a bad DATABASE_URL", () => {
  const SECRET = "Sup3rSecretPassw0rd";
  it("stops start-up with a message naming DATABASE_URL, never the password", async () => {
    const closed = await freePort();
    for (const [url, says] of [
      [`mysql://admin:${SECRET}@db.example/intranet`, /DATABASE_URL must start with postgres:\/\//],
      [`postgres://admin:${SECRET}@127.0.0.1:${closed}`, /DATABASE_URL names no database/],
      // A server that is not there: the address is shown with the password hidden.
      [`postgres://admin:${SECRET}@127.0.0.1:${closed}/intranet`, /DATABASE_URL: cannot use the PostgreSQL database at postgres:\/\/admin:\*\*\*@127\.0\.0\.1/],
    ] as const) {
      const run = await startAndExit({ DATABASE_URL: url });
      expect(run.code, run.output).not.toBe(0);
      expect(run.output).toMatch(says);
      expect(run.output).not.toContain(SECRET);
      expect(run.output).not.toContain("is running at");
    }
  }, 120_000);
});

describe("the database goes away and comes back", () => {
  let pg: OutagePostgres;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    pg = await startOutagePostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await pg?.remove();
  });

  it("answers 503 and a friendly page meanwhile, recovers by itself, and keeps what it acknowledged", async () => {
    server = await startServer({ DATABASE_URL: pg.url, DEMO: "false", IMPORT_ON_START: "false", WORKERS: "1", LOG_LEVEL: "error" });
    const s = server;
    const db = await PostgresDatabase.open(pg.url);
    const password = "a long enough password for tests";
    await insertUser(db, { email: "outage@riverside.gov.uk", name: "Olu Tage", role: "staff", departmentId: null, passwordHash: await hashPassword(password) });
    await db.close();
    // Acknowledged writes: a session (sign-in) made through the server.
    const cookie = await signInViaForm(s.url, "outage@riverside.gov.uk", password);
    expect((await rawRequest(s.url, { path: "/", headers: { cookie } })).status).toBe(200);

    await pg.stop();
    await expect.poll(async () => (await rawRequest(s.url, { path: "/healthcheck" })).status, { timeout: 15_000, interval: 200 }).toBe(503);
    const page = await rawRequest(s.url, { path: "/", headers: { cookie } });
    expect(page.status).toBeGreaterThanOrEqual(500);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toMatch(/Sorry|problem|try again/i);
    expect(page.body).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);

    await pg.start();
    // Back by itself: no restart of the app server.
    await expect.poll(async () => (await rawRequest(s.url, { path: "/healthcheck" })).status, { timeout: 30_000, interval: 250 }).toBe(200);
    const again = await rawRequest(s.url, { path: "/", headers: { cookie } });
    expect(again.status, "the session made before the outage still signs in").toBe(200);
    expect(again.body).toContain("Olu Tage");
    expect(s.process.exitCode).toBeNull();
  }, 180_000);
});
