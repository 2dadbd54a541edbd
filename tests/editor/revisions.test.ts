/** Concurrency, restore, comparison and file-sourced items: nothing anyone typed is lost. */
import { beforeAll, describe, expect, test } from "vitest";
import { compareContent, compareRevisions, createFromEditor, restoreRevision, saveFromEditor, wordDiff } from "~/commands/edit.server";
import { runWorkflowAction } from "~/commands/workflow.server";
import { findItemById } from "~/models/item.server";
import { getRevision, getRevisionByNumber, listRevisions } from "~/models/revision.server";
import { listWorkflowEvents } from "~/models/workflow.server";
import { getDb } from "~/utils/db.server";
import { createItem } from "../factories";
import { buildWorld, editorData, type World } from "./world";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

describe("two editors saving the same item", () => {
  test("the second is told, and both edits are kept as revisions", async () => {
    const { itemId: id } = await createFromEditor(w.champion, editorData("guide", { title: "Book a pool car", body: "Original text." }));
    // Both open revision 1. The manager saves first.
    const first = await saveFromEditor(w.manager, id, editorData("guide", { title: "Book a pool car", body: "Manager's text." }), 1);
    expect(first).toMatchObject({ kind: "saved", revisionNumber: 2 });
    const second = await saveFromEditor(w.champion, id, editorData("guide", { title: "Book a pool car", body: "Champion's text." }), 1);
    expect(second).toEqual({ kind: "conflict", itemId: id, theirs: 3, current: 2 });

    const db = await getDb();
    const item = (await findItemById(db, id))!;
    expect((await getRevision(db, item.currentRevisionId!))!.body).toBe("Manager's text.");
    const conflicting = (await getRevisionByNumber(db, id, 3))!;
    expect(conflicting).toMatchObject({ body: "Champion's text.", note: "conflicting save", authorId: w.champion.id, source: "web" });
    expect((await listWorkflowEvents(db, id))[0]).toMatchObject({ action: "conflict", actorId: w.champion.id });

    // Having seen the differences, the champion saves again on top of revision 2.
    const again = await saveFromEditor(w.champion, id, editorData("guide", { title: "Book a pool car", body: "Merged text." }), 2);
    expect(again).toMatchObject({ kind: "saved", revisionNumber: 4 });
    expect((await getRevision(db, (await findItemById(db, id))!.currentRevisionId!))!.body).toBe("Merged text.");
  });

  test("a conflict on a live item's pending change keeps the pending change as it was", async () => {
    const { itemId: id } = await createFromEditor(w.comms, editorData("guide", { title: "Claim mileage" }), "publish");
    await saveFromEditor(w.champion, id, editorData("guide", { title: "Claim mileage", body: "Pending A." }), 1);
    const late = await saveFromEditor(w.manager, id, editorData("guide", { title: "Claim mileage", body: "Pending B." }), 1);
    expect(late).toMatchObject({ kind: "conflict", theirs: 3, current: 2 });
    const db = await getDb();
    const item = (await findItemById(db, id))!;
    expect((await getRevision(db, item.currentRevisionId!))!.number).toBe(1);
    const { findPendingChange } = await import("~/models/workflow.server");
    expect((await findPendingChange(db, id))!.revisionNumber).toBe(2);
  });
});

describe("restore", () => {
  test("restoring makes a NEW revision with the old text and fields; history is untouched", async () => {
    const { itemId: id } = await createFromEditor(w.champion, editorData("guide", { title: "Order a skip", body: "First.", tags: "skips" }));
    await saveFromEditor(w.champion, id, editorData("guide", { title: "Order a skip or bulky collection", body: "Second.", tags: "bulky" }), 1);
    const restored = await restoreRevision(w.champion, id, 1);
    expect(restored).toMatchObject({ kind: "saved", revisionNumber: 3 });
    const db = await getDb();
    const revisions = await listRevisions(db, id);
    expect(revisions.map((r) => [r.number, r.source, r.note])).toEqual([
      [3, "restore", "Restored from revision 1"],
      [2, "web", ""],
      [1, "web", ""],
    ]);
    const item = (await findItemById(db, id))!;
    expect(item.title).toBe("Order a skip");
    expect((await getRevision(db, item.currentRevisionId!))!.body).toBe("First.");
    const tags = await db.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ?", [id]);
    expect(tags.map((t) => t.tag)).toEqual(["skips"]);
    const comparison = await compareRevisions(db, id, 1, 3);
    expect(comparison!.identical).toBe(true);
  });

  test("restoring a live item's old revision waits for review like any other change", async () => {
    const { itemId: id } = await createFromEditor(w.comms, editorData("guide", { title: "Fire drill", body: "v1" }), "publish");
    await saveFromEditor(w.comms, id, editorData("guide", { title: "Fire drill", body: "v2" }), 1, "publish");
    await restoreRevision(w.champion, id, 1);
    const db = await getDb();
    const item = (await findItemById(db, id))!;
    expect((await getRevision(db, item.currentRevisionId!))!.body).toBe("v2");
    await runWorkflowAction(w.champion, id, { intent: "submit" });
    await runWorkflowAction(w.comms, id, { intent: "publish" });
    expect((await getRevision(db, (await findItemById(db, id))!.currentRevisionId!))!.body).toBe("v1");
  });
});

describe("comparing revisions", () => {
  test("a word diff marks what was added and removed", () => {
    const parts = wordDiff("Claim within three months.", "Claim within six months.");
    expect(parts.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(["three"]);
    expect(parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["six"]);
  });

  test("changed fields are listed with readable labels and values", () => {
    const a = { title: "T", summary: "S", body: "B", fieldsJson: JSON.stringify({ tags: ["a"], must_read: false, audience: "everyone" }) };
    const b = { title: "T", summary: "S", body: "B", fieldsJson: JSON.stringify({ tags: ["a", "b"], must_read: true, audience: { departments: ["housing"] } }) };
    const c = compareContent(a, b);
    expect(c.identical).toBe(false);
    expect(c.title).toBeNull();
    expect(c.fields).toEqual([
      { key: "must_read", label: "Must read", from: "No", to: "Yes" },
      { key: "audience", label: "Who can see it", from: "everyone", to: "Departments: housing" },
      { key: "tags", label: "Tags", from: "a", to: "a, b" },
    ]);
  });

  test("markup in the text stays text (the page escapes it; nothing is rendered)", () => {
    const parts = wordDiff("safe", "<script>alert(1)</script>");
    expect(parts.some((p) => p.added && p.value.includes("<script>"))).toBe(true);
  });

  test("very different long texts still diff quickly", () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `alpha${i}`).join(" ");
    const b = Array.from({ length: 20_000 }, (_, i) => `beta${i}`).join(" ");
    const started = Date.now();
    const parts = wordDiff(a, b);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(parts.map((p) => (p.removed ? "" : p.value)).join("")).toBe(b);
  });
});

describe("items imported from Markdown files", () => {
  test("a web edit records a revision and marks the item as edited on the web", async () => {
    const file = await createItem({ type: "guide", slug: "from-a-file", title: "From a file", source: "file", sourcePath: "content/guides/from-a-file.md", departmentId: w.housing.id, status: "draft" });
    const db = await getDb();
    expect((await findItemById(db, file.id))!.webEdited).toBe(0);
    const saved = await saveFromEditor(w.champion, file.id, editorData("guide", { title: "From a file, edited" }), 1);
    expect(saved).toMatchObject({ kind: "saved", revisionNumber: 2 });
    const item = (await findItemById(db, file.id))!;
    expect(item.webEdited).toBe(1);
    expect(item.source).toBe("file");
    expect((await getRevisionByNumber(db, file.id, 2))!.source).toBe("web");
  });
});
