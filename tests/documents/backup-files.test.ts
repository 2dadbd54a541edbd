/** Attached files live in the database (decision 150): a backup holds them, and restore checks each against its SHA-256. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { attachFile, openFile } from "~/commands/attachments.server";
import { createFromEditor } from "~/commands/edit.server";
import { Database, getDb } from "~/utils/db.server";
import { backupDatabase } from "../../scripts/backup";
import { checkDatabaseFile, restoreDatabase } from "../../scripts/restore";
import { buildWorld, editorData } from "../editor/world";
import { makePdf } from "./fixtures";

it("backs up the files with the database; restore brings them back and refuses a damaged one", async () => {
  const w = await buildWorld();
  const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Backed up" }), "publish");
  const pdf = await makePdf(["Fire drill rota"]);
  const attached = await attachFile(w.comms, itemId, { fileName: "rota.pdf", bytes: pdf, title: "Rota", alt: "" });
  if (!attached.ok) throw new Error("not attached");
  await getDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-files-backup-"));
  try {
    const backup = await backupDatabase(process.env.DATABASE_PATH!, dir);
    expect(await checkDatabaseFile(backup)).toMatchObject({ files: 1 });

    const restored = path.join(dir, "restored.db");
    await restoreDatabase(backup, restored, { force: true });
    const db = await Database.open(restored);
    const row = await db.get<{ bytes: Uint8Array }>("SELECT bytes FROM file_blobs");
    expect(Buffer.from(row!.bytes).equals(pdf)).toBe(true);
    // Damage one file in the copy: the check names it.
    await db.run("UPDATE file_blobs SET bytes = ?", [Buffer.from("not the PDF")]);
    await db.close();
    await expect(checkDatabaseFile(restored)).rejects.toThrow(/attached file \d+ does not match/);
    expect((await openFile(w.comms, String(attached.attachmentId), null)).bytes.equals(pdf)).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
