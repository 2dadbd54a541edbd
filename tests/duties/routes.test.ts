/**
 * The pre-election pages as people use them (decision 161): recording a period with date
 * boxes (bad input keeps what was typed), the candidates list, the workflow panel's
 * checklist, the publicity review queue with names marked, the report (CSV), and the
 * permissions an administrator grants. Runs on today's date: a period covering today.
 */
import { beforeAll, describe, expect, test } from "vitest";
import * as periods from "~/routes/admin.elections._index";
import * as periodPage from "~/routes/admin.elections.$id";
import * as report from "~/routes/admin.elections.$id.report[.]csv";
import * as publicity from "~/routes/publicity";
import * as workflow from "~/routes/editor.$id.workflow";
import * as editorPage from "~/routes/editor.$id._index";
import * as userPage from "~/routes/admin.users.$id";
import * as root from "~/root";
import { createFromEditor } from "~/commands/edit.server";
import { findItemById } from "~/models/item.server";
import { listPermissionGrants } from "~/models/election.server";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { createUser } from "../factories";
import { buildWorld, editorData, type World } from "../editor/world";
import { parseCsv, session } from "../delivery/http";

let w: World;
let reviewerId: number;
const today = ukTodayIso();
const [y, m, d] = today.split("-");
const nextYear = String(Number(y) + 1);

beforeAll(async () => {
  w = await buildWorld();
  reviewerId = (await createUser({ role: "staff", name: "Robin Reviewer" })).id;
});

describe("recording a period", () => {
  test("staff may not open the pages; comms record a period covering today, and bad input keeps what was typed", async () => {
    const staff = await session(w.staff.id);
    expect((await staff.get(periods.loader, "/admin/elections")).status).toBe(403);
    const comms = await session(w.comms.id);
    const bad = await comms.post(periods.action, "/admin/elections", {
      kind: "local", title: "Typed title", "noticeOn-day": "31", "noticeOn-month": "2", "noticeOn-year": y, "pollingOn-day": d, "pollingOn-month": m, "pollingOn-year": y, scope: "council",
    });
    expect(bad.status).toBe(400);
    expect(bad.json().errors.noticeOn).toBeTruthy();
    expect(bad.json().values.title).toBe("Typed title");
    expect((await comms.get(periods.loader, "/admin/elections")).json().periods, "nothing saved from a form with errors").toHaveLength(0);
    const ok = await comms.post(periods.action, "/admin/elections", {
      kind: "local", title: "Local elections", "noticeOn-day": d, "noticeOn-month": m, "noticeOn-year": y, "pollingOn-day": d, "pollingOn-month": m, "pollingOn-year": nextYear, scope: "council",
    });
    expect(ok.status).toBe(302);
    const id = ok.location!.match(/\/admin\/elections\/(\d+)/)![1];
    const saved = await comms.post(periodPage.action, `/admin/elections/${id}`, { intent: "candidates", candidates: "Pat Candidate, candidate, Green, North\nJo Councillor" }, { id });
    expect(saved.status).toBe(302);
    const page = await comms.get(periodPage.loader, `/admin/elections/${id}`, { id });
    expect(page.json().candidates.map((c: { name: string }) => c.name)).toEqual(["Jo Councillor", "Pat Candidate"]);
    // Every page's layout carries the notice.
    const layout = await comms.get(root.loader, "/");
    expect(layout.json().electionPeriods.map((p: { title: string }) => p.title)).toContain("Local elections");
  });
});

describe("the workflow during the period", () => {
  test("the panel asks the checklist; a partial answer is refused; publishing holds the announcement for review", async () => {
    const db = await getDb();
    const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Depot opening", body: "Pat Candidate will open the depot." }), "save");
    const id = String(itemId);
    const comms = await session(w.comms.id);
    const editor = await comms.get(editorPage.loader, `/editor/${id}`, { id });
    expect(editor.json().election).toMatchObject({ checklistNeeded: true, needsApproval: true });
    const none = await comms.post(workflow.action, `/editor/${id}/workflow`, { intent: "publish" }, { id });
    expect(none.status).toBe(400);
    expect(none.json().errors.publicity).toMatch(/publicity checklist/);
    const partial = await comms.post(workflow.action, `/editor/${id}/workflow`, { intent: "publish", publicityNames: "yes" }, { id });
    expect(partial.status).toBe(400);
    const held = await comms.post(workflow.action, `/editor/${id}/workflow`, { intent: "publish", publicityNames: "yes", publicityControversial: "no", publicityParty: "no" }, { id });
    expect(held.location).toBe(`/editor/${id}?done=held`);
    expect((await findItemById(db, itemId))!.status).toBe("scheduled");

    // Only a publicity reviewer opens the queue; an administrator grants the permission.
    const reviewer = await session(reviewerId);
    expect((await reviewer.get(publicity.loader, "/publicity")).status).toBe(403);
    const admin = await session(w.admin.id);
    const granted = await admin.post(userPage.action, `/admin/users/${reviewerId}`, { intent: "permissions", permission: "publicity-reviewer" }, { id: String(reviewerId) });
    expect(granted.status).toBe(200);
    expect(await listPermissionGrants(db, reviewerId)).toEqual(["publicity-reviewer"]);
    const queue = await reviewer.get(publicity.loader, "/publicity");
    const entry = queue.json().queue.find((q: { itemId: number }) => q.itemId === itemId);
    expect(entry.html).toContain('<mark class="candidate-name">Pat Candidate</mark>');
    const approved = await reviewer.post(publicity.action, "/publicity", { itemId: id, comment: "Factual" });
    expect(approved.location).toBe("/publicity?done=published");
    expect((await findItemById(db, itemId))!.status).toBe("published");

    const periodId = (await comms.get(root.loader, "/")).json().electionPeriods[0].id;
    const csv = await comms.get(report.loader, `/admin/elections/${periodId}/report.csv`, { id: String(periodId) });
    const rows = parseCsv(csv.body);
    expect(rows.filter((r) => r.item_id === id).map((r) => [r.event, r.by])).toEqual([
      ["checklist", "Casey Comms"], ["held", "Casey Comms"], ["approved", "Robin Reviewer"], ["published", "Robin Reviewer"],
    ]);
  });
});
