/**
 * Pre-election periods (issue 22, decision 161) with a controllable clock: periods turn on
 * and off at UK midnight, announcements in scope are held for a publicity reviewer,
 * scheduled items falling due are held and their authors told once, the emergency
 * override goes out and tells reviewers, the checklist is asked and recorded, Q&A, polls
 * and Teams posts pause, and the report says who did what.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { approvePublicity, periodNotices, periodReportRows, runElectionPeriods, savePeriod, setCandidates, editorElectionInfo } from "~/commands/elections.server";
import { createFromEditor, saveFromEditor } from "~/commands/edit.server";
import { runScheduler } from "~/commands/scheduler.server";
import { ChecklistNeeded, runWorkflowAction } from "~/commands/workflow.server";
import { askQuestion } from "~/commands/questions.server";
import { createPoll, vote } from "~/commands/polls.server";
import { enqueueTeamsPosts } from "~/commands/teams.server";
import { findPeriod, listPeriodLog, listPublicityChecks, setPermissionGrant } from "~/models/election.server";
import { findItemById } from "~/models/item.server";
import { listOutbox, setChannelWebhook } from "~/models/outbox.server";
import type { Actor } from "~/access/permissions.server";
import { getDb } from "~/utils/db.server";
import { createItem, createUser } from "../factories";
import { buildWorld, editorData, type World } from "../editor/world";

let w: World;
let reviewer: Actor;
const at = (iso: string) => new Date(iso);
const NO = { namesOrPhotos: false, controversial: false, partyView: false, note: "" };

beforeAll(async () => {
  w = await buildWorld();
  const u = await createUser({ role: "staff", name: "Morgan Monitoring" });
  const db = await getDb();
  await setPermissionGrant(db, u.id, "publicity-reviewer", true, w.admin.id, "2026-01-01T00:00:00.000Z");
  reviewer = { id: u.id, email: u.email, name: "Morgan Monitoring", role: "staff", departmentId: null, grants: [], granted: ["publicity-reviewer"] };
});

async function period(input: Partial<Parameters<typeof savePeriod>[2]> = {}, now = at("2027-01-10T12:00:00Z")) {
  const r = await savePeriod(w.comms, null, { kind: "local", title: "Local elections 2027", noticeOn: "2027-03-29", pollingOn: "2027-05-06", scope: "council", ...input }, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.id;
}

describe("periods turn on and off by themselves on their dates (UK time)", () => {
  test("on at UK midnight of the notice day (BST), off after polling day, each change logged once", async () => {
    const id = await period({ title: "Boundary period", noticeOn: "2031-03-31", pollingOn: "2031-05-01" });
    const db = await getDb();
    // 31 March 2031 starts at 23:00 UTC on the 30th (British Summer Time).
    await runElectionPeriods(at("2031-03-30T22:59:59Z"));
    expect((await findPeriod(db, id))!.state).toBe("upcoming");
    expect((await periodNotices(db, at("2031-03-30T22:59:59Z"))).map((p) => p.id)).not.toContain(id);
    await runElectionPeriods(at("2031-03-30T23:00:00Z"));
    expect((await findPeriod(db, id))!.state).toBe("on");
    expect((await periodNotices(db, at("2031-03-30T23:00:00Z"))).map((p) => p.id)).toContain(id);
    await runElectionPeriods(at("2031-03-31T10:00:00Z"));
    await runElectionPeriods(at("2031-05-01T22:59:59Z"));
    expect((await findPeriod(db, id))!.state).toBe("on");
    await runElectionPeriods(at("2031-05-01T23:00:00Z"));
    expect((await findPeriod(db, id))!.state).toBe("ended");
    const events = (await listPeriodLog(db, id)).map((l) => l.event);
    expect(events).toEqual(["created", "on", "off"]);
  });

  test("a period in winter turns on at 00:00 UTC (GMT)", async () => {
    const id = await period({ title: "By-election", kind: "by-election", noticeOn: "2031-01-15", pollingOn: "2031-02-12" });
    const db = await getDb();
    await runElectionPeriods(at("2031-01-14T23:59:59Z"));
    expect((await findPeriod(db, id))!.state).toBe("upcoming");
    await runElectionPeriods(at("2031-01-15T00:00:00Z"));
    expect((await findPeriod(db, id))!.state).toBe("on");
  });

  test("bad input is refused with field messages", async () => {
    const r = await savePeriod(w.comms, null, { kind: "local", title: "", noticeOn: "2027-05-01", pollingOn: "2027-04-01", scope: "departments" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["departmentIds", "pollingOn", "title"]);
    const staff = await savePeriod(w.staff, null, { kind: "local", title: "x", noticeOn: "2027-05-01", pollingOn: "2027-05-02", scope: "council" });
    expect(staff.ok).toBe(false);
  });
});

describe("during a period, for items in scope", () => {
  const DURING = at("2032-04-10T09:00:00Z");
  let periodId: number;
  beforeAll(async () => {
    periodId = await period({ title: "Local elections 2032", noticeOn: "2032-03-29", pollingOn: "2032-05-06" }, at("2032-01-01T00:00:00Z"));
    await runElectionPeriods(DURING);
    const r = await setCandidates(w.comms, periodId, "name,role,party,ward\nPat Candidate,candidate,Green,Riverside North\n\"Lee, Councillor\",councillor,,", DURING);
    expect(r).toEqual({ ok: true, count: 2 });
  });

  test("the editor is told, and the checklist is asked before submit; a save is never lost", async () => {
    const { itemId } = await createFromEditor(w.manager, editorData("announcement", { title: "Bin collections move", body: "Pat Candidate opened the depot." }), "submit", DURING);
    const db = await getDb();
    expect((await findItemById(db, itemId))!.status).toBe("draft");
    const info = await editorElectionInfo(db, itemId, DURING);
    expect(info).toMatchObject({ checklistNeeded: true, needsApproval: true });
    expect(info!.candidates).toEqual(expect.arrayContaining(["Pat Candidate", "Lee, Councillor"]));
    await expect(runWorkflowAction(w.manager, itemId, { intent: "submit" }, DURING)).rejects.toBeInstanceOf(ChecklistNeeded);
    await runWorkflowAction(w.manager, itemId, { intent: "submit", checklist: { ...NO, namesOrPhotos: true, note: "Names a candidate" } }, DURING);
    expect((await findItemById(db, itemId))!.status).toBe("in-review");
    expect((await listPublicityChecks(db, itemId))[0]).toMatchObject({ namesOrPhotos: true, controversial: false, note: "Names a candidate", periodId });
  });

  test("an announcement approved by comms is held for the publicity reviewer, its author told; approval publishes it", async () => {
    const { itemId } = await createFromEditor(w.manager, editorData("announcement", { title: "Leisure centre reopens" }), "save", DURING);
    await runWorkflowAction(w.manager, itemId, { intent: "submit", checklist: NO }, DURING);
    const result = await runWorkflowAction(w.comms, itemId, { intent: "publish" }, DURING);
    expect(result).toMatchObject({ held: true, to: "scheduled" });
    const db = await getDb();
    expect((await findItemById(db, itemId))!.status).toBe("scheduled");
    const mail = (await listOutbox(db)).filter((m) => m.dedupeKey.includes(`publicity-held:${periodId}:${itemId}:`));
    expect(mail.map((m) => m.userId).sort()).toEqual([w.manager.id, reviewer.id].sort());
    // The scheduler does not publish it, and does not tell anyone twice.
    expect((await runScheduler(at("2032-04-10T09:05:00Z"))).held).toContain(itemId);
    expect((await listOutbox(db)).filter((m) => m.dedupeKey.includes(`publicity-held:${periodId}:${itemId}:`))).toHaveLength(2);
    expect((await findItemById(db, itemId))!.status).toBe("scheduled");
    // Comms cannot approve publicity; the reviewer can.
    expect((await approvePublicity(w.comms, itemId, "", at("2032-04-10T10:00:00Z"))).ok).toBe(false);
    expect(await approvePublicity(reviewer, itemId, "Factual service information", at("2032-04-10T10:00:00Z"))).toEqual({ ok: true, published: true });
    expect((await findItemById(db, itemId))!.status).toBe("published");
    const events = (await listPeriodLog(db, periodId)).filter((l) => l.itemId === itemId).map((l) => l.event);
    expect(events).toEqual(["checklist", "held", "approved", "published"]);
  });

  test("a scheduled announcement falling due in the period is held, its author told once", async () => {
    const before = at("2032-03-01T09:00:00Z");
    const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Council tax reminder", publishAt: "2032-04-12T09:00" }), "publish", before);
    const db = await getDb();
    expect((await findItemById(db, itemId))!.status).toBe("scheduled");
    // 09:00 UK time is 08:00 UTC in summer.
    await runElectionPeriods(at("2032-04-12T07:30:00Z"));
    expect((await runScheduler(at("2032-04-12T07:59:00Z"))).held).not.toContain(itemId);
    expect((await runScheduler(at("2032-04-12T08:00:30Z"))).held).toContain(itemId);
    await runScheduler(at("2032-04-12T08:01:00Z"));
    expect((await findItemById(db, itemId))!.status).toBe("scheduled");
    const told = (await listOutbox(db)).filter((m) => m.dedupeKey === `knowledge:publicity-held:${periodId}:${itemId}:${w.comms.id}`);
    expect(told).toHaveLength(1);
    expect((await listPeriodLog(db, periodId)).filter((l) => l.itemId === itemId && l.event === "held")).toHaveLength(1);
  });

  test("an emergency or statutory notice goes out at once with its justification, and reviewers are told", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Flood warning: Riverside North" }), "save", DURING);
    const result = await runWorkflowAction(w.comms, itemId, { intent: "publish", checklist: NO, override: "Environment Agency flood warning: public safety" }, DURING);
    expect(result.held).toBeUndefined();
    const db = await getDb();
    expect((await findItemById(db, itemId))!.status).toBe("published");
    expect((await listOutbox(db)).some((m) => m.userId === reviewer.id && m.dedupeKey.includes(`publicity-override:${periodId}:${itemId}:`))).toBe(true);
    const rows = await periodReportRows(db, periodId);
    expect(rows).toContainEqual(expect.arrayContaining(["override", itemId, "Flood warning: Riverside North", "Casey Comms", "comms", "Environment Agency flood warning: public safety"]));
  });

  test("a guide (not public) needs the checklist but no publicity approval", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "How to book a room" }), "save", DURING);
    await runWorkflowAction(w.comms, itemId, { intent: "publish", checklist: NO }, DURING);
    expect((await findItemById(await getDb(), itemId))!.status).toBe("published");
  });

  test("Q&A, polls and Teams posts pause with a notice saying why", async () => {
    const item = await createItem({ title: "Staff survey results", authorId: w.comms.id, channelIds: [w.channel.id] });
    const asked = await askQuestion(w.staff, item.id, "When will we hear more?", DURING);
    expect(asked).toMatchObject({ ok: false, status: 409 });
    if (!asked.ok) expect(asked.message).toMatch(/paused .* pre-election period \(Local elections 2032/);
    const poll = await createPoll(w.comms, item.id, { question: "Useful?", options: ["Yes", "No"] }, DURING);
    expect(poll).toMatchObject({ ok: false, status: 409 });
    const db = await getDb();
    await setChannelWebhook(db, w.channel.id, "https://example.invalid/hook");
    expect(await enqueueTeamsPosts(db, (await findItemById(db, item.id))!, [w.channel.id], DURING)).toBe(0);
    // After the period, all of it works again.
    const after = at("2032-05-07T09:00:00Z");
    expect(await askQuestion(w.staff, item.id, "When will we hear more?", after)).toMatchObject({ ok: true });
    const made = await createPoll(w.comms, item.id, { question: "Useful?", options: ["Yes", "No"] }, after);
    expect(made.ok).toBe(true);
    expect(await enqueueTeamsPosts(db, (await findItemById(db, item.id))!, [w.channel.id], after)).toBe(1);
    void vote;
  });
});

describe("scope", () => {
  test("a period for named departments leaves other departments' announcements alone", async () => {
    const now = at("2033-04-10T09:00:00Z");
    await period({ title: "Finance only", noticeOn: "2033-04-01", pollingOn: "2033-05-01", scope: "departments", departmentIds: [w.finance.id] }, at("2033-01-01T00:00:00Z"));
    const { itemId } = await createFromEditor(w.comms, editorData("announcement", { title: "Housing news", department: "housing" }), "publish", now);
    expect((await findItemById(await getDb(), itemId))!.status).toBe("published");
    const { itemId: fin } = await createFromEditor(w.comms, editorData("announcement", { title: "Finance news", department: "finance" }), "publish", now);
    // In scope: the editor's "save and publish" saves and asks the checklist first.
    expect((await findItemById(await getDb(), fin))!.status).toBe("draft");
  });

  test("a period for wards covers items tagged with the ward", async () => {
    const now = at("2034-04-10T09:00:00Z");
    await period({ title: "Riverside North by-election", kind: "by-election", noticeOn: "2034-04-01", pollingOn: "2034-05-01", scope: "wards", wards: "Riverside North" }, at("2034-01-01T00:00:00Z"));
    const db = await getDb();
    const tagged = await createItem({ tags: ["riverside-north"] });
    const other = await createItem({ tags: ["parks"] });
    expect(await editorElectionInfo(db, tagged.id, now)).not.toBeNull();
    expect(await editorElectionInfo(db, other.id, now)).toBeNull();
  });
});
