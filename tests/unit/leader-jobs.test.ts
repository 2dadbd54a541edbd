/**
 * The leader rule (decision 205): every periodic background job runs only in the instance
 * that holds the lead, from ONE list (app/commands/background.server.ts).
 *
 * - Every timer in app/ is found and must be either a leader job's (its start function
 *   reached only through LEADER_JOBS) or listed below as per-instance work with a reason:
 *   a new periodic job cannot bypass the rule unnoticed.
 * - On SQLite this process leads at once; on a real PostgreSQL server two "instances" (two
 *   connection pools) compete: exactly one leads, and when its lock connection dies the
 *   other takes over; outbox claims made at the same time never share a row.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEADER_JOBS } from "~/commands/background.server";
import { claimDueMessages, enqueueMessage } from "~/models/outbox.server";
import { forSqlite, getDb } from "~/utils/db.server";
import { PostgresDatabase } from "~/utils/db-postgres.server";
import { runWhileLeader, type Job } from "~/utils/leadership.server";
import { migrate } from "~/utils/migrate.server";
import { adminQuery, startTestPostgres, type TestPostgres } from "../postgres/server";

const APP = path.resolve("app");

/** Files with timers that are NOT background jobs of the whole site, each with why it runs in every instance. */
const PER_INSTANCE: Record<string, string> = {
  "utils/repeat.server.ts": "the timer helper the jobs use",
  "utils/leadership.server.ts": "the leader rule itself: followers try for the lead on a timer",
  "utils/db-postgres.server.ts": "reconnecting LISTEN connections and the lock heartbeat of this instance",
  "utils/cluster.server.ts": "a time limit on a call to this instance's cluster leader",
  "utils/extract-text.server.ts": "a time limit on reading one file",
  "utils/search.server.ts": "each instance keeps its own search index: retries loading it",
  "search/index-manager.server.ts": "each instance keeps its own search index: retries and quiet-time saves",
  "search/insights.server.ts": "buffers this process's search log and writes it shortly after",
  "models/reach.server.ts": "page views are counted in the process that served them and flushed every few seconds",
  "utils/cache-stats.server.ts": "this process's cache counters for npm run bench:http (only with PAGE_CACHE_STATS_DIR)",
  "commands/change-feed.server.ts": "change-feed followers poll; the search follower runs in every instance (its own index), delivery's only in the leader",
  "routes/healthcheck.tsx": "a time limit on the database probe",
};

/** Modules whose periodic work runs only as a leader job (started from LEADER_JOBS, directly or through another of them). */
const LEADER_JOB_MODULES = [
  "commands/deliver.server.ts",
  "commands/digest.server.ts",
  "commands/scheduler.server.ts",
  "commands/document-text.server.ts",
  "commands/knowledge-sweep.server.ts",
  "commands/access-codes.server.ts",
  "commands/file-objects.server.ts",
];

const TIMER = /\bsetInterval\s*\(|\bsetTimeout\s*\(|(?<![.\w])repeat\s*\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Server code only: components and browser hooks time things in the browser, not jobs. */
const serverFiles = sourceFiles(APP).filter((f) => !f.includes(`${path.sep}components${path.sep}`) && (f.includes(".server.") || f.includes(`${path.sep}routes${path.sep}`)));
const rel = (f: string) => path.relative(APP, f).split(path.sep).join("/");
const read = (f: string) => fs.readFileSync(path.join(APP, f), "utf8");

describe("every periodic job goes through the leader rule", () => {
  it("each timer in server code belongs to a leader job or is listed as per-instance work with a reason", () => {
    const withTimers = serverFiles.filter((f) => TIMER.test(fs.readFileSync(f, "utf8"))).map(rel).sort();
    const unexplained = withTimers.filter((f) => !(f in PER_INSTANCE) && !LEADER_JOB_MODULES.includes(f));
    expect(
      unexplained,
      "These files start timers. A job for the whole site goes in LEADER_JOBS (app/commands/background.server.ts, decision 205) and its module in LEADER_JOB_MODULES here; work each instance must do for itself goes in PER_INSTANCE with the reason",
    ).toEqual([]);
    // The lists stay honest: nothing listed that has no timer any more.
    for (const f of [...Object.keys(PER_INSTANCE), ...LEADER_JOB_MODULES]) expect(withTimers, `${f} is listed but starts no timer`).toContain(f);
  });

  it("the leader jobs' start functions are called only from LEADER_JOBS (or from one another), never from boot or elsewhere", () => {
    const starters = LEADER_JOB_MODULES.flatMap((m) => [...read(m).matchAll(/export (?:async )?function (start\w+)/g)].map((x) => ({ name: x[1], module: m })));
    expect(starters.map((s) => s.name).sort()).toEqual(
      ["startAccessCodeExpiry", "startDelivery", "startDeliveryScheduler", "startDeliveryWorker", "startDocumentText", "startKnowledgeSweeps", "startOrphanObjectSweep", "startBucketSweep", "startScheduler"].sort(),
    );
    const allowed = new Set(["commands/background.server.ts", ...LEADER_JOB_MODULES]);
    for (const f of serverFiles.map(rel)) {
      if (allowed.has(f)) continue;
      const text = read(f);
      for (const s of starters) expect(new RegExp(`\\b${s.name}\\b`).test(text), `${f} calls ${s.name}: start it through LEADER_JOBS`).toBe(false);
    }
    const boot = read("boot.server.ts");
    expect(boot.match(/startBackgroundJobs\(/g)?.length, "boot starts the background jobs in one step").toBe(1);
  });

  it("lists each job once", () => {
    expect(LEADER_JOBS.map((j) => j.name)).toEqual(["delivery", "scheduler", "document text", "orphan object sweep", "bucket sweep", "knowledge sweeps", "access code expiry"]);
  });

  it("SQL written with FOR UPDATE SKIP LOCKED runs on SQLite without the clause", () => {
    expect(forSqlite("SELECT id FROM outbox ORDER BY id LIMIT ?\n FOR UPDATE SKIP LOCKED")).toBe("SELECT id FROM outbox ORDER BY id LIMIT ?");
    expect(forSqlite("SELECT 'for update' AS x")).toBe("SELECT 'for update' AS x");
  });
});

/** Fake jobs that record when they run. */
function recorder(name: string, log: string[]): Job {
  return { name, start: async () => (log.push(`${name} started`), () => void log.push(`${name} stopped`)) };
}

describe("on SQLite (one instance)", () => {
  it.skipIf(Boolean(process.env.DATABASE_URL))("this process leads at once and runs every job until stopped", async () => {
    await getDb();
    const log: string[] = [];
    const stop = await runWhileLeader([recorder("a", log), recorder("b", log)]);
    expect(log).toEqual(["a started", "b started"]);
    await stop();
    expect(log).toEqual(["a started", "b started", "b stopped", "a stopped"]);
  });
});

describe("on PostgreSQL (several instances)", () => {
  let server: TestPostgres | undefined;
  let url = "";
  const open: PostgresDatabase[] = [];

  beforeAll(async () => {
    const admin = process.env.TEST_PG_ADMIN_URL ?? (server = await startTestPostgres()).adminUrl;
    const name = `leader_${process.pid}_${Date.now()}`;
    const template = process.env.TEST_PG_TEMPLATE;
    await adminQuery(admin, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    const db = await PostgresDatabase.open(url);
    open.push(db);
    if (!template) await migrate(db);
  }, 180_000);

  afterAll(async () => {
    for (const db of open) await db.close().catch(() => undefined);
    await server?.stop();
  });

  it("exactly one instance leads; when its lock connection dies another takes over within seconds", async () => {
    const [a, b, c] = [await PostgresDatabase.open(url), await PostgresDatabase.open(url), await PostgresDatabase.open(url)];
    open.push(a, b, c);
    const events: string[] = [];
    const leading = { a: false, b: false, c: false };
    // A tries only once (a killed process does not try again); B and C keep trying.
    const stopA = await runWhileLeader([recorder("a-job", events)], { db: a, retryMs: 600_000, heartbeatMs: 100, onChange: (l) => (leading.a = l) });
    const stopB = await runWhileLeader([recorder("b-job", events)], { db: b, retryMs: 100, heartbeatMs: 100, onChange: (l) => (leading.b = l) });
    await new Promise((r) => setTimeout(r, 400));
    expect(leading).toEqual({ a: true, b: false, c: false });
    expect(events).toEqual(["a-job started"]);

    // The leader's lock connection is cut (as when its process is killed): the server frees the lock at once.
    const holder = await a.get<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 764205 AND granted");
    expect(holder).toBeDefined();
    await a.get("SELECT pg_terminate_backend(?)", [holder!.pid]);
    await expect.poll(() => leading.b, { timeout: 10_000, interval: 50 }).toBe(true);
    await expect.poll(() => leading.a, { timeout: 10_000, interval: 50, message: "the old leader stepped down" }).toBe(false);
    await expect.poll(() => [...events].sort(), { timeout: 10_000, interval: 50 }).toEqual(["a-job started", "a-job stopped", "b-job started"]);

    // A leader that stops hands over: the lock is released and a waiting instance leads.
    const stopC = await runWhileLeader([recorder("c-job", events)], { db: c, retryMs: 100, heartbeatMs: 100, onChange: (l) => (leading.c = l) });
    expect(leading.c).toBe(false);
    await stopB();
    await expect.poll(() => leading.c, { timeout: 10_000, interval: 50 }).toBe(true);
    expect(events.slice(-2)).toEqual(["b-job stopped", "c-job started"]);
    expect(leading).toEqual({ a: false, b: false, c: true });
    await stopC();
    await stopA();
    expect(events.at(-1)).toBe("c-job stopped");
  });

  it("two instances claiming the outbox at the same moment never claim the same message (FOR UPDATE SKIP LOCKED)", async () => {
    const [a, b] = [await PostgresDatabase.open(url), await PostgresDatabase.open(url)];
    open.push(a, b);
    const now = new Date().toISOString();
    await a.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await enqueueMessage(tx, { kind: "teams", purpose: "teams", dedupeKey: `skip-locked:${i}`, payload: { i } }, now);
    });
    const claims = await Promise.all(
      [a, b, a, b].map((db) => db.transaction((tx) => claimDueMessages(tx, now, 15, ["teams"], ["teams"]))),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size, "no message claimed twice").toBe(ids.length);
    expect(ids.length).toBe(40);
  });
});
