/**
 * Backups round-trip: `npm run backup` runs while the server is up and a second process
 * writes; the copy passes integrity_check; `npm run restore` puts it into a new place and
 * the restored database has exactly the backup's rows (counts and hashes per table), and
 * the backup agrees with the live database on everything that existed when it was taken.
 * Restore refuses damaged or foreign files, and a running server unless --force (and keeps
 * a copy of what it replaced).
 */
import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database } from "~/utils/db.server";
import { startServer, type RunningServer } from "../e2e/server";
import { ensureBuild, rawRequest } from "../security/support";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-backup-"));
let server: RunningServer;
const livePath = path.join(dir, "live", "intranet.db");

beforeAll(async () => {
  ensureBuild();
  server = await startServer({ DATABASE_PATH: livePath });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function script(name: string, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["--import", "tsx", path.join("scripts", `${name}.ts`), ...args], {
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", ...env },
  });
}

async function failingScript(name: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    await script(name, args, env);
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
  throw new Error(`${name} ${args.join(" ")} should have failed`);
}

/** Row count and a hash of every row, per table, in a stable order. */
async function fingerprint(file: string, filter?: Record<string, string>): Promise<Record<string, { rows: number; hash: string }>> {
  const db = await Database.open(file);
  try {
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const out: Record<string, { rows: number; hash: string }> = {};
    for (const { name } of tables) {
      const where = filter?.[name] ? ` WHERE ${filter[name]}` : "";
      const rows = await db
        .all<Record<string, unknown>>(`SELECT * FROM "${name}"${where} ORDER BY rowid`)
        .catch(() => db.all<Record<string, unknown>>(`SELECT * FROM "${name}"${where} ORDER BY 1`));
      const hash = crypto.createHash("sha256");
      for (const row of rows) hash.update(JSON.stringify(row));
      out[name] = { rows: rows.length, hash: hash.digest("hex") };
    }
    return out;
  } finally {
    await db.close();
  }
}

describe("backup and restore", () => {
  it("backs up while writes are happening, and restores exactly that copy into a new place", async () => {
    const writer = spawn(process.execPath, ["--import", "tsx", path.join("tests", "reliability", "writer.ts"), "bk", "2"], {
      env: { ...process.env, DATABASE_PATH: livePath, NODE_ENV: "production", LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let written = 0;
    writer.stdout!.on("data", (d: Buffer) => (written += d.toString().split("\n").filter((l) => l.startsWith("ok ")).length));
    try {
      while (written < 20) await new Promise((r) => setTimeout(r, 25));
      const outDir = path.join(dir, "backups");
      const { stdout } = await script("backup", ["--out", outDir], { DATABASE_PATH: livePath });
      expect(stdout).toMatch(/Backed up/);
      const files = fs.readdirSync(outDir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^intranet-\d{8}-\d{6}\.db$/);
      const backup = path.join(outDir, files[0]);
      expect(fs.existsSync(`${backup}-wal`)).toBe(false);
      // Writes went on during and after the backup.
      const before = written;
      while (written < before + 10) await new Promise((r) => setTimeout(r, 25));
    } finally {
      writer.kill("SIGKILL");
    }
    const backup = path.join(dir, "backups", fs.readdirSync(path.join(dir, "backups"))[0]);
    const check = await Database.open(backup);
    expect(await check.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    const maxItem = (await check.get<{ id: number }>("SELECT MAX(id) AS id FROM items"))!.id;
    const maxRevision = (await check.get<{ id: number }>("SELECT MAX(id) AS id FROM revisions"))!.id;
    await check.close();

    const restoredPath = path.join(dir, "elsewhere", "restored.db");
    const { stdout } = await script("restore", [backup, "--database", restoredPath]);
    expect(stdout).toMatch(/Restored/);
    const fromBackup = await fingerprint(backup);
    expect(await fingerprint(restoredPath)).toEqual(fromBackup);
    expect(fromBackup.items.rows).toBeGreaterThan(20);

    // The live database agrees with the backup on every row that existed when it was taken
    // (later writes touch earlier items only by adding revisions; leave those items out).
    const liveDb = await Database.open(livePath);
    const touched = (await liveDb.all<{ id: number }>("SELECT DISTINCT item_id AS id FROM revisions WHERE id > ?", [maxRevision])).map((r) => r.id);
    await liveDb.close();
    const sameRows = { revisions: `id <= ${maxRevision}`, items: `id <= ${maxItem} AND id NOT IN (${[0, ...touched].join(",")})` };
    const live = await fingerprint(livePath, sameRows);
    const snapshot = await fingerprint(backup, sameRows);
    for (const table of ["items", "revisions", "users", "departments", "channels", "schema_migrations"]) expect(live[table], table).toEqual(snapshot[table]);
    expect((await fingerprint(livePath)).items.rows).toBeGreaterThan(fromBackup.items.rows);
  }, 120_000);

  it("refuses damaged and foreign files", async () => {
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "this is not a database");
    expect(await failingScript("restore", [junk, "--database", path.join(dir, "x.db")])).toMatch(/not an SQLite database/);
    const foreign = path.join(dir, "foreign.db");
    const db = await Database.open(foreign);
    await db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    await db.close();
    expect(await failingScript("restore", [foreign, "--database", path.join(dir, "x.db")])).toMatch(/not an intranet database/);
    const broken = path.join(dir, "broken.db");
    const backup = path.join(dir, "backups", fs.readdirSync(path.join(dir, "backups"))[0]);
    const bytes = fs.readFileSync(backup);
    for (let i = 8192; i < bytes.length; i += 4096) bytes.fill(0x5a, i + 100, i + 400); // scribble over every page after the first two
    fs.writeFileSync(broken, bytes);
    expect(await failingScript("restore", [broken, "--database", path.join(dir, "x.db")])).toMatch(/damaged|malformed|not a database/i);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 60_000);

  it("refuses to replace the database of a running server unless forced, keeping a copy of it", async () => {
    const backup = path.join(dir, "backups", fs.readdirSync(path.join(dir, "backups")).find((f) => f.startsWith("intranet-"))!);
    expect(await failingScript("restore", [backup, "--database", livePath])).toMatch(/seems to be running/);
    expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
    const { stdout } = await script("restore", [backup, "--database", livePath, "--force"]);
    expect(stdout).toMatch(/Kept the database as it was in .*pre-restore-\d{8}-\d{6}\.db/);
    const kept = path.join(path.dirname(livePath), "backups", fs.readdirSync(path.join(path.dirname(livePath), "backups"))[0]);
    expect((await fingerprint(kept)).items.rows).toBeGreaterThan((await fingerprint(backup)).items.rows);
    // The running server now holds a file nobody reads: its health check says so, whichever
    // worker answers (each connection goes to the next worker), even one never asked before.
    for (let i = 0; i < 4; i++) expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(503);
    await server.stop();
    server = await startServer({ DATABASE_PATH: livePath });
    expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
    expect((await fingerprint(livePath)).items.rows).toBe((await fingerprint(backup)).items.rows);
  }, 120_000);
});
