/** The workflow end to end through the commands and the real database: every transition, its event and audit entry. */
import { beforeAll, describe, expect, test } from "vitest";
import { checkReferences, createFromEditor, requiresWhatChanged, saveFromEditor } from "~/commands/edit.server";
import { runWorkflowAction, WorkflowError } from "~/commands/workflow.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { editScope, reviewScope } from "~/access/drafts.server";
import { findPendingChange, listReviewQueue, listWorkflowEvents } from "~/models/workflow.server";
import { canSeeItem } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { buildWorld, editorData, grantPublish, type World } from "./world";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

async function audit(itemId: number) {
  const db = await getDb();
  return db.all<{ action: string; actorId: number | null; detail: string }>(
    "SELECT action, actor_id AS actorId, detail_json AS detail FROM audit_log WHERE entity_id = ? AND action LIKE 'item.%' ORDER BY id",
    [itemId],
  );
}

async function expectError(promise: Promise<unknown>, status: number) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowError);
  expect((err as WorkflowError).status).toBe(status);
}

describe("a knowledge champion's guide through review", () => {
  let id: number;

  test("the champion saves a draft: revision 1, nothing visible to staff", async () => {
    const saved = await createFromEditor(w.champion, editorData("guide", { title: "Report damp and mould" }));
    expect(saved.kind).toBe("saved");
    id = saved.itemId;
    const db = await getDb();
    const item = (await findItemById(db, id))!;
    expect(item).toMatchObject({ status: "draft", slug: "report-damp-and-mould", authorId: w.champion.id, source: "web" });
    expect(canSeeItem(w.staff, await getAudienceFacts(db, item))).toBe(false);
  });

  test("the champion may not publish it", async () => {
    await expectError(runWorkflowAction(w.champion, id, { intent: "publish" }), 403);
  });

  test("a champion of another department cannot even find it", async () => {
    const other = { ...w.champion, id: w.champion.id + 1000, departmentId: w.finance.id };
    await expectError(runWorkflowAction(other, id, { intent: "submit" }), 404);
  });

  test("submitted, it waits in the reviewers' queue, and a second submit is a 409", async () => {
    await runWorkflowAction(w.champion, id, { intent: "submit" });
    const db = await getDb();
    expect((await findItemById(db, id))!.status).toBe("in-review");
    const queue = await listReviewQueue(db, reviewScope(w.comms));
    expect(queue.map((q) => q.id)).toContain(id);
    expect((await listReviewQueue(db, reviewScope(w.champion))).map((q) => q.id)).not.toContain(id);
    await expectError(runWorkflowAction(w.champion, id, { intent: "submit" }), 409);
  });

  test("the comms editor sends it back with a comment; it is a draft again", async () => {
    await runWorkflowAction(w.comms, id, { intent: "request-changes", comment: "Add the out-of-hours number." });
    const db = await getDb();
    expect((await findItemById(db, id))!.status).toBe("draft");
    const [latest] = await listWorkflowEvents(db, id);
    expect(latest).toMatchObject({ action: "request-changes", actorId: w.comms.id, fromState: "in-review", toState: "draft", comment: "Add the out-of-hours number." });
  });

  test("the champion fixes it and resubmits in one step", async () => {
    const saved = await saveFromEditor(w.champion, id, editorData("guide", { title: "Report damp and mould", body: "Call 0300 123 4567 out of hours." }), 1, "submit");
    expect(saved).toMatchObject({ kind: "saved", revisionNumber: 2, transition: { action: "submit", to: "in-review" } });
  });

  test("the comms editor approves: published, visible to staff", async () => {
    const result = await runWorkflowAction(w.comms, id, { intent: "publish" });
    expect(result).toMatchObject({ action: "publish", from: "in-review", to: "live" });
    const db = await getDb();
    const item = (await findItemById(db, id))!;
    expect(item.status).toBe("published");
    expect(item.publishedAt).not.toBeNull();
    expect(canSeeItem(w.staff, await getAudienceFacts(db, item))).toBe(true);
  });

  test("an edit to the live guide waits as a pending change; readers keep the published text", async () => {
    const db = await getDb();
    const before = (await findItemById(db, id))!;
    const saved = await saveFromEditor(w.champion, id, editorData("guide", { title: "Report damp, mould and condensation", body: "New text." }), 2);
    expect(saved).toMatchObject({ kind: "saved", pending: true, revisionNumber: 3 });
    const after = (await findItemById(db, id))!;
    expect(after.title).toBe("Report damp and mould");
    expect(after.currentRevisionId).toBe(before.currentRevisionId);
    expect((await getRevision(db, after.currentRevisionId!))!.body).toBe("Call 0300 123 4567 out of hours.");
    expect(await findPendingChange(db, id)).toMatchObject({ state: "draft", revisionNumber: 3 });
  });

  test("the change goes through review and, once published, replaces the live text", async () => {
    await runWorkflowAction(w.champion, id, { intent: "submit" });
    const db = await getDb();
    expect((await findPendingChange(db, id))!.state).toBe("in-review");
    expect((await findItemById(db, id))!.status).toBe("published");
    await runWorkflowAction(w.comms, id, { intent: "publish" });
    const item = (await findItemById(db, id))!;
    expect(item.title).toBe("Report damp, mould and condensation");
    expect((await getRevision(db, item.currentRevisionId!))!.number).toBe(3);
    expect(await findPendingChange(db, id)).toBeUndefined();
  });

  test("archive hides it, only comms and admins can bring it back, and every step is audited", async () => {
    await expectError(runWorkflowAction(w.champion, id, { intent: "archive" }), 403);
    await runWorkflowAction(w.comms, id, { intent: "archive", comment: "Replaced by the new repairs guide" });
    const db = await getDb();
    const archived = (await findItemById(db, id))!;
    expect(archived.status).toBe("archived");
    expect(canSeeItem(w.staff, await getAudienceFacts(db, archived))).toBe(false);
    await expectError(saveFromEditor(w.comms, id, editorData("guide"), 3), 409);
    await expectError(runWorkflowAction(w.champion, id, { intent: "unarchive" }), 403);
    await runWorkflowAction(w.admin, id, { intent: "unarchive" });
    expect((await findItemById(db, id))!.status).toBe("published");
    expect((await audit(id)).map((a) => a.action)).toEqual([
      "item.create", "item.submit", "item.request-changes", "item.save", "item.submit", "item.publish", "item.save", "item.submit",
      "item.publish", "item.archive", "item.unarchive",
    ]);
    const events = (await listWorkflowEvents(db, id)).map((e) => e.action).reverse();
    expect(events).toEqual(["create", "submit", "request-changes", "save", "submit", "publish", "save", "submit", "publish", "archive", "unarchive"]);
  });
});

describe("publishing without review", () => {
  test("a manager an admin trusted publishes an announcement straight away", async () => {
    const manager = await grantPublish(w.manager, w.housing.id);
    const saved = await createFromEditor(manager, editorData("announcement", { title: "Lift out of order at Marsh House" }), "publish");
    expect(saved).toMatchObject({ kind: "saved", transition: { action: "publish", to: "live" } });
    const db = await getDb();
    expect((await findItemById(db, saved.itemId))!.status).toBe("published");
  });

  test("an untrusted manager's 'save and publish' only saves the draft", async () => {
    const saved = await createFromEditor(w.manager, editorData("announcement", { title: "Car park closed" }), "publish");
    expect(saved.kind === "saved" && saved.transition).toBeFalsy();
    const db = await getDb();
    expect((await findItemById(db, saved.itemId))!.status).toBe("draft");
  });

  test("a manager cannot write for a department that is not theirs", async () => {
    const db = await getDb();
    const errors = await checkReferences(db, w.manager, editorData("announcement", { department: "finance" }));
    expect(errors.department).toMatch(/your own departments/);
    await expectError(createFromEditor(w.manager, editorData("announcement", { department: "finance" })), 403);
  });

  test("a manager sends announcements only to departments and channels they post for; comms anywhere", async () => {
    const db = await getDb();
    const { createChannel } = await import("../factories");
    await createChannel({ slug: "finance-news", name: "Finance news", departmentId: w.finance.id, isDefault: true });
    const toFinance = editorData("announcement", { targetDepartments: ["finance"], channels: ["finance-news"] });
    expect(await checkReferences(db, w.manager, toFinance)).toMatchObject({
      targetDepartments: expect.stringMatching(/departments you post for/), channels: expect.stringMatching(/your departments' channels/),
    });
    expect(await checkReferences(db, w.manager, editorData("announcement", { targetDepartments: ["all"] }))).toHaveProperty("targetDepartments");
    expect(await checkReferences(db, w.comms, toFinance)).toEqual({});
    const manager = await grantPublish(w.manager, w.finance.id);
    expect(await checkReferences(db, manager, toFinance)).toEqual({});
  });

  test("an announcement that names no channel goes to its department's default channel", async () => {
    const saved = await createFromEditor(w.manager, editorData("announcement", { title: "Boiler servicing", channels: [] }));
    const db = await getDb();
    const channels = await db.all<{ channelId: number }>("SELECT channel_id AS channelId FROM item_channels WHERE item_id = ?", [saved.itemId]);
    expect(channels.map((c) => c.channelId)).toEqual([w.channel.id]);
  });

  test("a champion cannot write policies or announcements", async () => {
    await expectError(createFromEditor(w.champion, editorData("policy")), 403);
    await expectError(createFromEditor(w.champion, editorData("announcement")), 403);
  });

  test("the editor lists only what a person may edit", async () => {
    expect(editScope(w.champion)).toEqual({ anyTypes: [], departmentTypes: ["guide"], departmentIds: [w.housing.id] });
    expect(editScope(w.manager).departmentTypes.sort()).toEqual(["announcement", "guide"]);
    expect(editScope(w.comms).anyTypes.sort()).toEqual(["announcement", "guide", "policy"]);
    expect(editScope(w.staff)).toEqual({ anyTypes: [], departmentTypes: [], departmentIds: [w.housing.id] });
  });
});

describe("policies: each published change is a new version", () => {
  test("v1, then v2 with what changed, effective date, approval and material flag, each pointing at its revision", async () => {
    const db = await getDb();
    const first = await createFromEditor(w.comms, editorData("policy", { approved: "Cabinet, 4 March 2026, minute 12" }), "publish");
    const id = first.itemId;
    let versions = await db.all<{ version: number; revisionId: number; effectiveOn: string; approvalRef: string; whatChanged: string; isMaterial: number }>(
      "SELECT version, revision_id AS revisionId, effective_on AS effectiveOn, approval_ref AS approvalRef, what_changed AS whatChanged, is_material AS isMaterial FROM policy_versions WHERE item_id = ? ORDER BY version",
      [id],
    );
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, effectiveOn: "2026-04-01", approvalRef: "Cabinet, 4 March 2026, minute 12" });
    expect(await requiresWhatChanged(db, (await findItemById(db, id))!)).toBe(true);

    const v2 = editorData("policy", { effective: "2026-09-01", whatChanged: "Lone workers now check in every two hours.", material: true, body: "## Scope\n\nEveryone. Check in every two hours." });
    const saved = await saveFromEditor(w.comms, id, v2, 1, "publish");
    expect(saved).toMatchObject({ kind: "saved", transition: { action: "publish", version: 2 } });
    versions = await db.all(
      "SELECT version, revision_id AS revisionId, effective_on AS effectiveOn, approval_ref AS approvalRef, what_changed AS whatChanged, is_material AS isMaterial FROM policy_versions WHERE item_id = ? ORDER BY version",
      [id],
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({ effectiveOn: "2026-09-01", whatChanged: "Lone workers now check in every two hours.", isMaterial: 1 });
    const item = (await findItemById(db, id))!;
    expect(versions[1].revisionId).toBe(item.currentRevisionId);
    expect((await getRevision(db, versions[1].revisionId))!.body).toContain("every two hours");
  });
});
