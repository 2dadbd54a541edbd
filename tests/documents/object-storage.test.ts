/**
 * Files in S3-compatible object storage (decision 155), against a real S3-compatible server
 * on a free loopback port (tests/documents/s3-server.ts): the normal attach path stores the
 * bytes in the bucket (not the database), serving reads them back behind the same audience
 * check, replacing keeps versions, extraction reads from the bucket, and backup copies the
 * objects beside the database copy so restore can check them and put back what is missing.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachFile, openFile, replaceFile } from "~/commands/attachments.server";
import { extractPendingTexts } from "~/commands/document-text.server";
import { BUCKET_SWEEP_GRACE_MS, sweepBucket, sweepOrphanObjects, withFileObjects } from "~/commands/file-objects.server";
import { noteOrphanObject, storeBytes } from "~/models/attachment.server";
import { createFromEditor } from "~/commands/edit.server";
import { loader as fileLoader } from "~/routes/files.$id.$name";
import { getDb } from "~/utils/db.server";
import { parseEnv, resetEnvForTests } from "~/utils/env.server";
import { backupDatabase } from "../../scripts/backup";
import { checkDatabaseFile, objectCopiesDir, restoreDatabase } from "../../scripts/restore";
import { createUser, requestAs } from "../factories";
import { buildWorld, editorData, type World } from "../editor/world";
import { makeExe, makePdf, makePng } from "./fixtures";
import { onPostgres, sqliteOnly } from "../postgres/only";
import { startLocalS3, useDatabaseStore, useObjectStore, type LocalS3 } from "./s3-server";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let s3: LocalS3;
let w: World;
beforeAll(async () => {
  s3 = await startLocalS3();
  w = await buildWorld();
  useObjectStore(s3);
});
afterAll(async () => {
  useDatabaseStore();
  await s3?.stop();
});

async function blobRow(hash: string) {
  const db = await getDb();
  return db.get<{ storedIn: string; bytes: Uint8Array; size: number }>("SELECT stored_in AS storedIn, bytes, size FROM file_blobs WHERE sha256 = ?", [hash]);
}

async function get(userId: number, id: number, name: string, v?: number) {
  try {
    return await fileLoader({ request: await requestAs(userId, `/files/${id}/${name}${v ? `?v=${v}` : ""}`), params: { id: String(id), name }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("files in an S3-compatible object store", () => {
  it("stores an upload in the bucket and serves it behind the item's audience, also after it is restricted", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Depot evacuation" }), "publish");
    const pdf = await makePdf(["Assemble at the depot gate"]);
    const image = await makePng(30, 20);
    const doc = await attachFile(w.comms, itemId, { fileName: "plan.pdf", bytes: pdf, title: "Plan", alt: "" });
    const pic = await attachFile(w.comms, itemId, { fileName: "map.png", bytes: image, title: "Map", alt: "Map of the depot" });
    if (!doc.ok || !pic.ok) throw new Error("not attached");

    // In the bucket under its hash; the database row holds no bytes.
    expect((await s3.object(sha(pdf)))?.equals(pdf)).toBe(true);
    expect(await blobRow(sha(pdf))).toMatchObject({ storedIn: "object-store", size: pdf.length });
    expect(Buffer.from((await blobRow(sha(pdf)))!.bytes).length).toBe(0);

    const financeStaff = await createUser({ role: "staff", departmentId: w.finance.id });
    const open = await get(financeStaff.id, doc.attachmentId, "plan.pdf");
    expect(open.status).toBe(200);
    expect(Buffer.from(await open.arrayBuffer()).equals(pdf)).toBe(true);
    expect(open.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(open.headers.get("cache-control")).toBe("private, no-store");
    expect((await get(financeStaff.id, pic.attachmentId, "map.png")).status).toBe(200);

    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.run("UPDATE items SET audience = 'departments' WHERE id = ?", [itemId]);
      await tx.run("INSERT INTO item_audience_departments (item_id, department_id) VALUES (?, ?)", [itemId, w.housing.id]);
    });
    expect((await get(financeStaff.id, doc.attachmentId, "plan.pdf")).status).toBe(404);
    expect((await get(w.staff.id, doc.attachmentId, "plan.pdf")).status).toBe(200);

    // The words are read from the bucket, off the request path.
    const report = await extractPendingTexts();
    expect(report.files).toEqual(expect.arrayContaining([expect.objectContaining({ name: "plan.pdf", status: "done" })]));
    const text = await db.get<{ text: string }>("SELECT text FROM attachment_versions v JOIN attachments a ON a.current_version_id = v.id WHERE a.id = ?", [doc.attachmentId]);
    expect(text!.text).toContain("Assemble at the depot gate");
  });

  it("replacing keeps the address and every version, each in the bucket; a refused file stores nothing", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Bin rota" }), "publish");
    const week1 = await makePdf(["Week 1"]);
    const week2 = await makePdf(["Week 2"]);
    const first = await attachFile(w.comms, itemId, { fileName: "rota.pdf", bytes: week1, title: "Rota", alt: "" });
    if (!first.ok) throw new Error("not attached");
    expect(await replaceFile(w.comms, first.attachmentId, { fileName: "rota.pdf", bytes: week2 })).toMatchObject({ ok: true, attachmentId: first.attachmentId });
    expect((await openFile(w.comms, String(first.attachmentId), null)).bytes.equals(week2)).toBe(true);
    expect((await openFile(w.comms, String(first.attachmentId), "1")).bytes.equals(week1)).toBe(true);
    expect((await s3.object(sha(week1)))?.equals(week1)).toBe(true);
    expect((await s3.object(sha(week2)))?.equals(week2)).toBe(true);

    const before = (await (await getDb()).get<{ n: number }>("SELECT COUNT(*) AS n FROM file_blobs"))!.n;
    const renamed = makeExe();
    const refused = await replaceFile(w.comms, first.attachmentId, { fileName: "rota.pdf", bytes: renamed });
    expect(refused.ok).toBe(false);
    expect(await s3.object(sha(renamed))).toBeUndefined();
    expect((await (await getDb()).get<{ n: number }>("SELECT COUNT(*) AS n FROM file_blobs"))!.n).toBe(before);
  });

  it("a changed or missing object is never served", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Tampered" }), "publish");
    const pdf = await makePdf(["Original words"]);
    const doc = await attachFile(w.comms, itemId, { fileName: "orig.pdf", bytes: pdf, title: "Original", alt: "" });
    if (!doc.ok) throw new Error("not attached");
    await s3.putObject(sha(pdf), Buffer.from("something else"));
    await expect(openFile(w.comms, String(doc.attachmentId), null)).rejects.toThrow(/does not match what was stored/);
    await s3.deleteObject(sha(pdf));
    await expect(openFile(w.comms, String(doc.attachmentId), null)).rejects.toThrow(/is missing from the object store/);
    await s3.putObject(sha(pdf), pdf);
    expect((await openFile(w.comms, String(doc.attachmentId), null)).bytes.equals(pdf)).toBe(true);
  });

  it("backup copies the objects beside the database; restore checks them and puts back what the bucket lost", async (ctx) => {
    sqliteOnly(ctx, "`npm run backup` copies the database file and the objects beside it (PostgreSQL: tests/documents/postgres-backup.test.ts)");
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Backed up to the bucket" }), "publish");
    const pdf = await makePdf(["Fire drill rota in the bucket"]);
    const doc = await attachFile(w.comms, itemId, { fileName: "drill.pdf", bytes: pdf, title: "Drill", alt: "" });
    if (!doc.ok) throw new Error("not attached");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-s3-backup-"));
    try {
      const backup = await backupDatabase(process.env.DATABASE_PATH!, dir);
      const copy = path.join(objectCopiesDir(backup), sha(pdf));
      expect(fs.readFileSync(copy).equals(pdf)).toBe(true);
      const facts = await checkDatabaseFile(backup);
      const db = await getDb();
      expect(facts.files).toBe((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM file_blobs"))!.n);

      // The bucket loses the object: restore puts it back from the backup's copy, then checks every file in the bucket.
      await s3.deleteObject(sha(pdf));
      const restored = path.join(dir, "restored.db");
      const result = await restoreDatabase(backup, restored, { force: true });
      expect(result.objectsPutBack).toBe(1);
      expect((await s3.object(sha(pdf)))?.equals(pdf)).toBe(true);

      // A damaged copy in the backup is named; so is an object changed in the bucket when the live database is checked.
      fs.writeFileSync(copy, "not the PDF");
      await expect(checkDatabaseFile(backup)).rejects.toThrow(/attached file \d+ does not match what was stored in .*\.files/);
      await s3.putObject(sha(pdf), Buffer.from("not the PDF either"));
      await expect(checkDatabaseFile(restored)).rejects.toThrow(/attached file \d+ does not match what was stored in the object store/);
      await s3.putObject(sha(pdf), pdf);

      // A backup whose object is missing from the bucket is refused, and leaves nothing half-made.
      await s3.deleteObject(sha(pdf));
      const empty = path.join(dir, "second");
      await expect(backupDatabase(process.env.DATABASE_PATH!, empty)).rejects.toThrow(/is missing from the object store/);
      expect(fs.readdirSync(empty)).toEqual([]);
      await s3.putObject(sha(pdf), pdf);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("files stored in the database before the switch are still served", async () => {
    useDatabaseStore();
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Before the switch" }), "publish");
    const pdf = await makePdf(["Kept in the database"]);
    const doc = await attachFile(w.comms, itemId, { fileName: "old.pdf", bytes: pdf, title: "Old", alt: "" });
    if (!doc.ok) throw new Error("not attached");
    expect(await blobRow(sha(pdf))).toMatchObject({ storedIn: "database" });
    useObjectStore(s3);
    expect((await openFile(w.staff, String(doc.attachmentId), null)).bytes.equals(pdf)).toBe(true);
    expect(await s3.object(sha(pdf))).toBeUndefined();
  });
});

describe("objects of uploads that roll back (decision 221)", () => {
  const failedUpload = async (bytes: Buffer, before?: () => void) => {
    const db = await getDb();
    await expect(
      withFileObjects(db, async (tx) => {
        await storeBytes(tx, bytes, new Date().toISOString());
        before?.();
        throw new Error("the upload's transaction failed");
      }),
    ).rejects.toThrow("the upload's transaction failed");
  };
  const noted = async () => (await getDb()).all<{ sha256: string }>("SELECT sha256 FROM object_store_orphans ORDER BY sha256");

  it("removes the object a rolled-back upload put, and keeps one that a stored file uses", async () => {
    const lost = await makePdf(["Rolled back"]);
    await failedUpload(lost);
    expect(await blobRow(sha(lost))).toBeUndefined();
    expect(await s3.object(sha(lost))).toBeUndefined();

    // The same bytes already stored by another upload: its object must stay.
    const kept = await makePdf(["Already attached elsewhere"]);
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Kept object" }), "publish");
    expect((await attachFile(w.comms, itemId, { fileName: "kept.pdf", bytes: kept, title: "Kept", alt: "" })).ok).toBe(true);
    await failedUpload(kept);
    expect((await s3.object(sha(kept)))?.equals(kept)).toBe(true);
    expect(await noted()).toEqual([]);
  });

  it("notes an object the store would not remove then; the hourly sweep removes it an hour later", async () => {
    const bytes = await makePdf(["Store away at the time"]);
    // The store stops answering for that bucket between the put and the clean-up.
    await failedUpload(bytes, () => {
      process.env.S3_BUCKET = "no-such-bucket";
      resetEnvForTests();
    });
    useObjectStore(s3);
    expect((await s3.object(sha(bytes)))?.equals(bytes)).toBe(true);
    expect(await noted()).toEqual([{ sha256: sha(bytes) }]);

    expect(await sweepOrphanObjects(new Date())).toEqual({ removed: 0, kept: 0 }); // not an hour yet
    expect(await s3.object(sha(bytes))).toBeDefined();
    expect(await sweepOrphanObjects(new Date(Date.now() + 61 * 60 * 1000))).toEqual({ removed: 1, kept: 0 });
    expect(await s3.object(sha(bytes))).toBeUndefined();
    expect(await noted()).toEqual([]);
  });

  it("the sweep keeps a noted object that a file has come to use", async () => {
    const bytes = await makePdf(["Uploaded again later"]);
    await failedUpload(bytes, () => {
      process.env.S3_BUCKET = "no-such-bucket";
      resetEnvForTests();
    });
    useObjectStore(s3);
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Uploaded again" }), "publish");
    expect((await attachFile(w.comms, itemId, { fileName: "again.pdf", bytes, title: "Again", alt: "" })).ok).toBe(true);
    expect(await sweepOrphanObjects(new Date(Date.now() + 61 * 60 * 1000))).toEqual({ removed: 0, kept: 1 });
    expect((await s3.object(sha(bytes)))?.equals(bytes)).toBe(true);
    expect(await noted()).toEqual([]);
  });
});

describe("the bucket sweep (decision 236)", () => {
  it("lists the whole bucket with signed requests and removes, audited, only old objects no file uses", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Swept bucket" }), "publish");
    const used = await makePdf(["A file in use"]);
    expect((await attachFile(w.comms, itemId, { fileName: "used.pdf", bytes: used, title: "Used", alt: "" })).ok).toBe(true);
    // Left by a process killed between its put and its commit: nothing noted it anywhere.
    const crashed = await makePdf(["Put, then the process died"]);
    await s3.putObject(sha(crashed), crashed);
    await s3.putObject("notes.txt", Buffer.from("not a file's object")); // another key under the prefix
    const db = await getDb();
    const objectsInUse = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM file_blobs WHERE stored_in = 'object-store'"))!.n;

    // Today: every object is younger than the grace period (an upload may be in progress).
    const today = await sweepBucket(new Date());
    expect(today).toMatchObject({ removed: 0, inUse: 0, others: 1, failed: 0 });
    expect(today.young).toBe(today.listed);
    expect(today.listed).toBeGreaterThanOrEqual(objectsInUse + 1);
    expect((await s3.object(sha(crashed)))?.equals(crashed)).toBe(true);

    // A day and more later: the object no file uses goes, the others stay.
    const later = new Date(Date.now() + BUCKET_SWEEP_GRACE_MS + 60_000);
    const swept = await sweepBucket(later);
    expect(swept).toMatchObject({ removed: 1, inUse: objectsInUse, young: 0, others: 1, failed: 0 });
    expect(await s3.object(sha(crashed))).toBeUndefined();
    expect((await s3.object(sha(used)))?.equals(used)).toBe(true);
    expect((await s3.object("notes.txt"))?.toString()).toBe("not a file's object");
    const audit = await db.all<{ action: string; actorId: number | null; detail: string }>("SELECT action, actor_id AS actorId, detail_json AS detail FROM audit_log WHERE action = 'file-object.remove'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail)).toMatchObject({ sha256: sha(crashed), size: crashed.length, why: "no file uses it" });
    expect(audit[0].actorId).toBeNull();
    expect((await sweepBucket(later)).removed).toBe(0);
    await s3.deleteObject("notes.txt");
  });

  it("a removal whose transaction is run again (PostgreSQL: a serialization failure) is audited exactly once", async (ctx) => {
    ctx.skip(!onPostgres, "PostgreSQL only: SQLite's one writer never runs a transaction again");
    // An object noted as an orphan (decision 221), a day old for the sweep.
    const orphan = await makePdf(["Removed, then its transaction ran again"]);
    await s3.putObject(sha(orphan), orphan);
    const db = await getDb();
    await noteOrphanObject(db, sha(orphan), new Date().toISOString());
    const later = new Date(Date.now() + BUCKET_SWEEP_GRACE_MS + 60_000);
    // Another session changes the orphan's row and commits only once the sweep's transaction,
    // having removed the object, waits for that row: that attempt cannot serialize and runs again.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    let swept: Awaited<ReturnType<typeof sweepBucket>>;
    try {
      await other.query("BEGIN");
      await other.query("UPDATE object_store_orphans SET noted_at = noted_at WHERE sha256 = $1", [sha(orphan)]);
      const sweeping = sweepBucket(later);
      const waiting = async () => (await other.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).rows[0].n;
      await expect.poll(waiting, { timeout: 60_000, interval: 50 }).toBe(1);
      expect(await s3.object(sha(orphan)), "removed by the first attempt").toBeUndefined();
      await other.query("COMMIT");
      swept = await sweeping;
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      await other.end();
    }
    expect(swept).toMatchObject({ failed: 0 });
    expect(swept.removed).toBeGreaterThanOrEqual(1);
    const audit = (await db.all<{ detail: string }>("SELECT detail_json AS detail FROM audit_log WHERE action = 'file-object.remove'"))
      .map((r) => JSON.parse(r.detail) as { sha256: string; size: number })
      .filter((d) => d.sha256 === sha(orphan));
    expect(audit, "one audit entry for the one removal").toHaveLength(1);
    expect(audit[0].size).toBe(orphan.length);
    expect(await db.get("SELECT sha256 FROM object_store_orphans WHERE sha256 = ?", [sha(orphan)]), "its orphan note gone with it").toBeUndefined();
  });

  it("does nothing when files are kept in the database", async () => {
    useDatabaseStore();
    try {
      expect(await sweepBucket(new Date(Date.now() + 2 * BUCKET_SWEEP_GRACE_MS))).toEqual({ listed: 0, removed: 0, inUse: 0, young: 0, others: 0, failed: 0 });
    } finally {
      useObjectStore(s3);
    }
  });
});

describe("object storage settings", () => {
  const base = { FILE_STORAGE: "s3", S3_BUCKET: "council-files", S3_ENDPOINT: "http://127.0.0.1:9000" };
  const problem = (env: Record<string, string>) => {
    try {
      parseEnv(env);
      return "";
    } catch (err) {
      return (err as Error).message;
    }
  };

  it("names the variable to fix and never prints the secret", () => {
    expect(problem({ FILE_STORAGE: "s3" })).toMatch(/S3_BUCKET: S3_BUCKET must name the bucket when FILE_STORAGE=s3/);
    expect(problem({ FILE_STORAGE: "bucket" })).toMatch(/FILE_STORAGE: FILE_STORAGE must be database or s3/);
    expect(problem({ ...base, S3_ENDPOINT: "objects.example" })).toMatch(/S3_ENDPOINT: S3_ENDPOINT must be the object store's address/);
    expect(problem({ ...base, S3_BUCKET: "Council_Files" })).toMatch(/S3_BUCKET: S3_BUCKET must be a bucket name/);
    const secret = "TOP-SECRET-KEY-1234567890";
    const withoutId = problem({ ...base, S3_SECRET_ACCESS_KEY: secret });
    expect(withoutId).toMatch(/S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID must be set when S3_SECRET_ACCESS_KEY is/);
    expect(withoutId).not.toContain(secret);
    expect(problem({ ...base, S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: secret.repeat(30) })).not.toContain(secret);
    expect(problem({ ...base, S3_ACCESS_KEY_ID: "id" })).toMatch(/S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY must be set when S3_ACCESS_KEY_ID is/);
    expect(problem(base)).toBe("");
    expect(parseEnv({}).FILE_STORAGE).toBe("database");
  });
});
