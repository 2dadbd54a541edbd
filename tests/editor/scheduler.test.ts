/** The scheduler with a controllable clock: due items go live, expired ones expire, and state lives only in the database. */
import { beforeAll, describe, expect, test } from "vitest";
import { createFromEditor, saveFromEditor } from "~/commands/edit.server";
import { runScheduler, schedulerInterval, startScheduler } from "~/commands/scheduler.server";
import { runWorkflowAction } from "~/commands/workflow.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { findPendingChange, listWorkflowEvents } from "~/models/workflow.server";
import { canSeeItem } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { latestChangeId, listChangesAfter } from "~/models/change-feed.server";
import { buildWorld, editorData, type World } from "./world";

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});

const at = (iso: string) => new Date(iso);

describe("scheduled publishing", () => {
  test("an approved item waits for its time, then the scheduler publishes it once", async () => {
    const now = at("2026-11-01T10:00:00Z");
    // 2026-11-20 09:00 UK time is 09:00 UTC (GMT).
    const { itemId: id } = await createFromEditor(w.comms, editorData("announcement", { title: "Winter gritting starts", publishAt: "2026-11-20T09:00" }), "publish", now);
    const db = await getDb();
    let item = (await findItemById(db, id))!;
    expect(item).toMatchObject({ status: "scheduled", publishAt: "2026-11-20T09:00:00.000Z" });
    expect(canSeeItem(w.staff, await getAudienceFacts(db, item), at("2026-11-20T10:00:00Z"))).toBe(false);

    expect((await runScheduler(at("2026-11-20T08:59:59Z"))).published).not.toContain(id);
    expect((await findItemById(db, id))!.status).toBe("scheduled");

    const feedBefore = await latestChangeId(db);
    const run = await runScheduler(at("2026-11-20T09:00:30Z"));
    expect(run.published).toContain(id);
    // Going live wrote its change-feed row in the scheduler's own transaction.
    expect(await listChangesAfter(db, feedBefore, 100)).toContainEqual(expect.objectContaining({ entity: "item", entityId: id, change: "publish" }));
    item = (await findItemById(db, id))!;
    expect(item.status).toBe("published");
    expect(canSeeItem(w.staff, await getAudienceFacts(db, item), at("2026-11-20T09:01:00Z"))).toBe(true);
    expect((await listWorkflowEvents(db, id))[0]).toMatchObject({ action: "publish", actorId: null, fromState: "scheduled", toState: "live" });

    // A second run (or another process after a restart) finds nothing left to do.
    expect((await runScheduler(at("2026-11-20T09:01:00Z"))).published).not.toContain(id);
  });

  test("scheduled changes to a live page replace it only at their time", async () => {
    const now = at("2026-03-01T12:00:00Z");
    const { itemId: id } = await createFromEditor(w.comms, editorData("guide", { title: "Pay day dates", body: "Old dates." }), "publish", now);
    await saveFromEditor(w.comms, id, editorData("guide", { title: "Pay day dates", body: "New dates." }), 1, "save", now);
    await runWorkflowAction(w.comms, id, { intent: "publish", publishAt: "2026-04-06T08:00:00.000Z" }, now);
    const db = await getDb();
    expect(await findPendingChange(db, id)).toMatchObject({ state: "scheduled", scheduledFor: "2026-04-06T08:00:00.000Z" });
    await runScheduler(at("2026-04-05T00:00:00Z"));
    expect((await getRevision(db, (await findItemById(db, id))!.currentRevisionId!))!.body).toBe("Old dates.");
    await runScheduler(at("2026-04-06T08:00:01Z"));
    const item = (await findItemById(db, id))!;
    expect(item.status).toBe("published");
    expect((await getRevision(db, item.currentRevisionId!))!.body).toBe("New dates.");
    expect(await findPendingChange(db, id)).toBeUndefined();
  });

  test("a scheduled policy gets its new version when it goes live", async () => {
    const now = at("2026-05-01T09:00:00Z");
    const { itemId: id } = await createFromEditor(w.comms, editorData("policy", { publishAt: "2026-06-01T09:00" }), "publish", now);
    const db = await getDb();
    const count = async () => (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM policy_versions WHERE item_id = ?", [id]))!.n;
    expect(await count()).toBe(0);
    await runScheduler(at("2026-06-01T08:00:01Z"));
    expect(await count()).toBe(1);
  });
});

describe("expiry", () => {
  test("a live item whose expiry passed becomes expired; it stays readable at its address", async () => {
    const now = at("2026-01-05T09:00:00Z");
    const { itemId: id } = await createFromEditor(w.comms, editorData("announcement", { title: "Road closure", expiresAt: "2026-01-10T17:00" }), "publish", now);
    const db = await getDb();
    expect((await findItemById(db, id))!.status).toBe("published");
    expect((await runScheduler(at("2026-01-10T16:59:00Z"))).expired).not.toContain(id);
    expect((await runScheduler(at("2026-01-10T17:00:01Z"))).expired).toContain(id);
    const item = (await findItemById(db, id))!;
    expect(item.status).toBe("expired");
    expect(canSeeItem(w.staff, await getAudienceFacts(db, item), at("2026-01-11T00:00:00Z"))).toBe(true);
    const audit = await db.all<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", [id]);
    expect(audit.map((a) => a.action)).toContain("item.expire");
  });
});

describe("the timer", () => {
  test("runs at start-up (catching up) and on its interval with the given clock, and stops cleanly", async () => {
    const { itemId: id } = await createFromEditor(w.comms, editorData("announcement", { title: "Timer test", publishAt: "2030-01-01T09:00" }), "publish", at("2029-12-01T00:00:00Z"));
    const db = await getDb();
    expect((await findItemById(db, id))!.status).toBe("scheduled");
    let clock = at("2029-12-31T00:00:00Z");
    const stop = startScheduler({ intervalMs: 50, clock: () => clock });
    await new Promise((r) => setTimeout(r, 120));
    expect((await findItemById(db, id))!.status).toBe("scheduled");
    clock = at("2030-01-01T09:00:01Z");
    const deadline = Date.now() + 3000;
    while ((await findItemById(db, id))!.status !== "published" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await stop();
    expect((await findItemById(db, id))!.status).toBe("published");
  });

  test("the interval comes from SCHEDULER_INTERVAL_MS, with a safe default", () => {
    expect(schedulerInterval({})).toBe(30_000);
    expect(schedulerInterval({ SCHEDULER_INTERVAL_MS: "5000" })).toBe(5000);
    expect(schedulerInterval({ SCHEDULER_INTERVAL_MS: "10" })).toBe(30_000);
    expect(schedulerInterval({ SCHEDULER_INTERVAL_MS: "soon" })).toBe(30_000);
  });
});
