/**
 * Items that came from Markdown files, edited in the web editor: the form reads the file's
 * front matter, the edit marks the item as edited on the web, and a later change to the
 * file is reported as a conflict with both versions kept, never a silent overwrite.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadWorkingCopy, restoreRevision, saveFromEditor } from "~/commands/edit.server";
import { importContent } from "~/commands/import.server";
import { findItemBySlug } from "~/models/item.server";
import { getRevision, listRevisions } from "~/models/revision.server";
import { validateEditorValues } from "~/schemas/editor";
import { getDb } from "~/utils/db.server";
import type { Actor } from "~/access/permissions.server";

const content = fs.mkdtempSync(path.join(os.tmpdir(), "editor-files-"));
afterAll(() => fs.rmSync(content, { recursive: true, force: true }));

let comms: Actor;
beforeAll(async () => {
  fs.cpSync(path.join(process.cwd(), "tests/fixtures/content-basic"), content, { recursive: true });
  const report = await importContent({ contentDir: content, assets: null });
  expect(report.errors).toEqual([]);
  const db = await getDb();
  const { lastID } = await db.run("INSERT INTO users (email, name, role) VALUES ('casey@testborough.gov.uk', 'Casey Comms', 'comms')");
  comms = { id: lastID, email: "casey@testborough.gov.uk", name: "Casey Comms", role: "comms", departmentId: null, grants: [] };
});

describe("a guide imported from a file", () => {
  test("opens in the editor with its front matter in the form", async () => {
    const db = await getDb();
    const item = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    const copy = await loadWorkingCopy(db, item);
    expect(copy.values).toMatchObject({
      title: "Book a pool car", department: "housing", tags: "travel, cars", owner: "chris.champion@testborough.gov.uk",
      deputy: "fay.finance@testborough.gov.uk", lastReviewed: { day: "2", month: "5", year: "2026" }, reviewBy: { day: "2", month: "5", year: "2027" }, related: "guide:claim-mileage, policy:flexible-working",
    });
    expect(copy.values.body).toContain("## Before you book");
    // What the form shows is valid as it stands: saving without changes works.
    expect(validateEditorValues(copy.values).ok).toBe(true);
  });

  test("a web edit is a revision, marks the item edited on the web, and a changed file is then a reported conflict", async () => {
    const db = await getDb();
    const item = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    const copy = await loadWorkingCopy(db, item);
    const edited = validateEditorValues({ ...copy.values, title: "Book a pool car (web)", body: `${copy.values.body}\n\nAsk fleet for a fuel card.` });
    if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
    const saved = await saveFromEditor(comms, item.id, edited.data, copy.baseRevision, "publish");
    expect(saved).toMatchObject({ kind: "saved", transition: { action: "publish" } });
    const webItem = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    expect(webItem).toMatchObject({ webEdited: 1, source: "file", title: "Book a pool car (web)" });

    const file = path.join(content, "guides/book-a-pool-car.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("title: Book a pool car", "title: Book a pool car (file)"));
    const report = await importContent({ contentDir: content, assets: null });
    expect(report.conflicts.map((c) => c.slug)).toEqual(["book-a-pool-car"]);
    const after = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    expect(after.title).toBe("Book a pool car (web)");
    expect(after.currentRevisionId).toBe(webItem.currentRevisionId);
    const revisions = await listRevisions(db, item.id);
    expect(revisions.map((r) => [r.title, r.source])).toEqual([
      ["Book a pool car (file)", "file"],
      ["Book a pool car (web)", "web"],
      ["Book a pool car", "file"],
    ]);
  });

  test("the file's version can be taken on the web by restoring its revision", async () => {
    const db = await getDb();
    const item = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    const fileRevision = (await listRevisions(db, item.id))[0];
    await restoreRevision(comms, item.id, fileRevision.number);
    const { runWorkflowAction } = await import("~/commands/workflow.server");
    await runWorkflowAction(comms, item.id, { intent: "publish" });
    const after = (await findItemBySlug(db, "guide", "book-a-pool-car"))!;
    expect(after.title).toBe("Book a pool car (file)");
    expect((await getRevision(db, after.currentRevisionId!))!.source).toBe("restore");
    expect(after.ownerEmail).toBe("chris.champion@testborough.gov.uk");
  });
});

describe("a policy imported from version files", () => {
  test("a web change becomes the next version", async () => {
    const db = await getDb();
    const item = (await findItemBySlug(db, "policy", "flexible-working"))!;
    const before = await db.all<{ version: number }>("SELECT version FROM policy_versions WHERE item_id = ? ORDER BY version", [item.id]);
    const copy = await loadWorkingCopy(db, item);
    const next = validateEditorValues(
      { ...copy.values, body: `${copy.values.body}\n\nA new paragraph.`, whatChanged: "Added a paragraph on trial periods.", effective: { day: "4", month: "1", year: "2027" }, material: false },
      { requireWhatChanged: true },
    );
    if (!next.ok) throw new Error(JSON.stringify(next.errors));
    await saveFromEditor(comms, item.id, next.data, copy.baseRevision, "publish");
    const versions = await db.all<{ version: number; whatChanged: string; effectiveOn: string }>(
      "SELECT version, what_changed AS whatChanged, effective_on AS effectiveOn FROM policy_versions WHERE item_id = ? ORDER BY version",
      [item.id],
    );
    expect(versions.length).toBe(before.length + 1);
    expect(versions.at(-1)).toMatchObject({ version: before.at(-1)!.version + 1, whatChanged: "Added a paragraph on trial periods.", effectiveOn: "2027-01-04" });
  });
});
