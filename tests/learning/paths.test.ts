/**
 * Learning paths (issue 19, decision 132) through their pages and commands: building a path
 * (field errors, who may), steps of each kind, the audience rule, and progress read from
 * what people actually did — a guide confirmed, a workshop on the register, a guide they
 * wrote published through review — never from a tick they cannot earn. Managers see their
 * team in aggregate, with names of those not started only on a required path.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createFromEditor } from "~/commands/edit.server";
import { saveEvent, saveRegister, type EventInput } from "~/commands/events.server";
import { runWorkflowAction } from "~/commands/workflow.server";
import { createMissingProfiles, setManager } from "~/models/people.server";
import * as editor from "~/routes/learning.paths_.$id.edit";
import * as stepsPage from "~/routes/learning.paths_.$id.steps";
import * as page from "~/routes/learning.paths.$id";
import * as list from "~/routes/learning.paths._index";
import * as hub from "~/routes/learning._index";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import type { Role } from "~/utils/roles";
import { session } from "../delivery/http";
import { editorData } from "../editor/world";
import { createDepartment, createItem, createUser } from "../factories";

process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

type Session = Awaited<ReturnType<typeof session>>;
type Person = { id: number; email: string; name: string; role: Role; departmentId: number | null; grants: [] };
let housing: { id: number; slug: string };
let planning: { id: number; slug: string };
const people: Record<string, Person> = {};
const as: Record<string, Session> = {};
const guides: Record<string, { id: number; slug: string }> = {};
let pathId: number;
let requiredId: number;

async function makePerson(key: string, role: Role, departmentId: number, name: string) {
  const u = await createUser({ role, departmentId, name, email: `${key}@riverside.test` });
  people[key] = { id: u.id, email: u.email, name, role, departmentId, grants: [] };
  as[key] = await session(u.id);
}

const idOf = (location: string | null) => Number(/\/learning\/paths\/(\d+)/.exec(location ?? "")?.[1]);

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  planning = await createDepartment({ slug: "planning", name: "Planning" });
  await makePerson("champion", "champion", housing.id, "Cara Champion");
  await makePerson("comms", "comms", housing.id, "Cory Comms");
  await makePerson("manager", "manager", housing.id, "Mina Manager");
  await makePerson("newbie", "champion", housing.id, "Nia Newbie");
  await makePerson("ada", "staff", housing.id, "Ada Able");
  await makePerson("bo", "staff", housing.id, "Bo Busy");
  await makePerson("planner", "staff", planning.id, "Pat Planner");
  await makePerson("staff", "staff", housing.id, "Sol Staff");
  const db = await getDb();
  await createMissingProfiles(db, new Date().toISOString());
  for (const k of ["newbie", "ada", "bo"]) await setManager(db, people[k].id, people.manager.id, new Date().toISOString());
  guides.style = await createItem({ type: "guide", slug: "house-style", title: "House style" });
  guides.secret = await createItem({ type: "guide", slug: "secret-guide", title: "Zqm restricted guide", audience: "departments", audienceDepartmentIds: [planning.id] });
});

describe("building a path", () => {
  it("gives field errors, keeps what was typed, and refuses staff", async () => {
    const bad = await as.champion.post(editor.action, "/learning/paths/new/edit", { title: "", description: "x", audience: "departments", status: "published" }, { id: "new" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toMatchObject({ title: "Enter a title", audience: "Choose at least one department" });
    expect(bad.json().values.fields.description).toBe("x");
    expect((await as.staff.get(editor.loader, "/learning/paths/new/edit", { id: "new" })).status).toBe(404);
  });

  it("a champion builds a Housing path with a step of every kind", async () => {
    const saved = await as.champion.post(
      editor.action, "/learning/paths/new/edit",
      { title: "New knowledge champion", description: "For **new** champions.", audience: "departments", audienceDepartments: "housing", status: "published" }, { id: "new" },
    );
    expect(saved.status).toBe(302);
    pathId = idOf(saved.location);
    const p = { id: String(pathId) };
    const url = `/learning/paths/${pathId}/steps`;
    expect((await as.champion.post(stepsPage.action, url, { intent: "add-guide", guide: "", title: "" }, p)).json().errors.guide).toBe("Choose a guide from the list");
    expect((await as.champion.post(stepsPage.action, url, { intent: "add-event", title: "", eventType: "party" }, p)).json().errors).toMatchObject({ title: expect.any(String), eventType: "Choose the kind of event" });
    const additions: Record<string, string>[] = [
      { intent: "add-guide", guide: String(guides.style.id), title: "" },
      { intent: "add-event", title: "Attend the writing workshop", eventType: "workshop" },
      { intent: "add-task", title: "Publish your first guide", task: "publish-guide" },
      { intent: "add-task", title: "Have it reviewed", task: "guide-reviewed" },
      { intent: "add-task", title: "Meet your department's champions", task: "confirm" },
    ];
    for (const fields of additions)
      expect((await as.champion.post(stepsPage.action, url, fields, p)).status).toBe(302);
    const loaded = (await as.champion.get(stepsPage.loader, url, p)).json();
    expect(loaded.steps.map((s: { title: string }) => s.title)).toEqual(["Read “House style”", "Attend the writing workshop", "Publish your first guide", "Have it reviewed", "Meet your department's champions"]);
    // Guides the builder cannot open are not offered, and cannot be posted.
    expect(loaded.guides.map((g: { label: string }) => g.label)).not.toContain("Zqm restricted guide");
    expect((await as.champion.post(stepsPage.action, url, { intent: "add-guide", guide: String(guides.secret.id), title: "" }, p)).status).toBe(400);
    // Reorder: the last step up one place.
    const last = loaded.steps[4].id;
    await as.champion.post(stepsPage.action, url, { intent: "up", step: String(last) }, p);
    const again = (await as.champion.get(stepsPage.loader, url, p)).json();
    expect(again.steps[3].id).toBe(last);
    // Another champion's path is not this champion's to edit; staff cannot open the editor.
    expect((await as.newbie.get(stepsPage.loader, url, p)).status).toBe(404);
    expect((await as.comms.get(stepsPage.loader, url, p)).status).toBe(200);
  });

  it("shows the path to its audience only", async () => {
    const p = { id: String(pathId) };
    expect((await as.planner.get(page.loader, `/learning/paths/${pathId}`, p)).status).toBe(404);
    const titles = (await as.planner.get(list.loader, "/learning/paths")).json().paths.map((x: { title: string }) => x.title);
    expect(titles).not.toContain("New knowledge champion");
    expect((await as.staff.get(page.loader, `/learning/paths/${pathId}`, p)).status).toBe(200);
  });
});

describe("progress from what people actually do", () => {
  const p = () => ({ id: String(pathId) });
  const checklist = async (who: string) => (await as[who].get(page.loader, `/learning/paths/${pathId}`, p())).json();

  it("enrolling, confirming a guide, the register and the review workflow tick steps; a tick cannot be faked", async () => {
    expect((await checklist("newbie")).onPath).toBe(false);
    expect((await as.newbie.post(page.action, `/learning/paths/${pathId}`, { intent: "enrol" }, p())).status).toBe(302);
    let c = await checklist("newbie");
    expect(c.onPath).toBe(true);
    expect(c.progress).toEqual({ done: 0, total: 5, state: "not-started" });
    const step = (title: string) => c.checklist.find((s: { title: string }) => s.title === title);

    // The guide: read and confirmed.
    await as.newbie.post(page.action, `/learning/paths/${pathId}`, { intent: "read", step: String(step("Read “House style”").id) }, p());
    // An automatic task cannot be ticked by hand.
    const refused = await as.newbie.post(page.action, `/learning/paths/${pathId}`, { intent: "task", step: String(step("Publish your first guide").id) }, p());
    expect(refused.status).toBe(409);

    // The workshop: on the register of a workshop.
    const organiser = people.comms;
    const base: EventInput = {
      type: "workshop", title: "Writing good guides", descriptionMd: "", startsAt: "2026-01-05T10:00:00.000Z", endsAt: "2026-01-05T12:00:00.000Z", allDay: false,
      place: "Room 1", onlineUrl: "", departmentId: null, capacity: null, audience: "everyone", bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false,
      status: "published", cascadeWeeks: null, cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [], audienceRoles: [],
    };
    const workshop = await saveEvent(organiser, null, base);
    const webinar = await saveEvent(organiser, null, { ...base, type: "webinar", title: "A webinar" });
    await getDb().then((db) => db.run("INSERT INTO event_bookings (event_id, user_id, status, created_at, updated_at) VALUES (?, ?, 'booked', ?, ?), (?, ?, 'booked', ?, ?)", [workshop, people.newbie.id, "2026-01-01", "2026-01-01", webinar, people.ada.id, "2026-01-01", "2026-01-01"]));
    await saveRegister(organiser, workshop, [people.newbie.id]);
    await saveRegister(organiser, webinar, [people.ada.id]);

    // A guide written, submitted, and published by someone else: published and reviewed.
    const draft = await createFromEditor(people.newbie, editorData("guide", { title: "Report a pothole", department: "housing" }));
    if (draft.kind !== "saved") throw new Error("draft not saved");
    await runWorkflowAction(people.newbie, draft.itemId, { intent: "submit" });
    c = await checklist("newbie");
    expect(c.checklist.find((s: { title: string }) => s.title === "Publish your first guide").doneAt).toBeNull();
    await runWorkflowAction(people.comms, draft.itemId, { intent: "publish" });

    c = await checklist("newbie");
    const done = Object.fromEntries(c.checklist.map((s: { title: string; doneAt: string | null }) => [s.title, s.doneAt !== null]));
    expect(done).toEqual({
      "Read “House style”": true, "Attend the writing workshop": true, "Publish your first guide": true, "Have it reviewed": true, "Meet your department's champions": false,
    });
    expect(c.progress).toEqual({ done: 4, total: 5, state: "in-progress" });
    await as.newbie.post(page.action, `/learning/paths/${pathId}`, { intent: "task", step: String(c.checklist.find((s: { title: string }) => s.title === "Meet your department's champions").id) }, p());
    expect((await checklist("newbie")).progress.state).toBe("complete");
    // The hub and /learning/paths show the same progress.
    expect((await as.newbie.get(hub.loader, "/learning")).json().mine[0].progress).toEqual({ done: 5, total: 5, state: "complete" });
  });

  it("a guide published without review by its own author is published, not reviewed", async () => {
    const own = await createFromEditor(people.comms, editorData("guide", { title: "Comms own guide", department: "housing" }));
    if (own.kind !== "saved") throw new Error("not saved");
    await runWorkflowAction(people.comms, own.itemId, { intent: "publish" });
    await as.comms.post(page.action, `/learning/paths/${pathId}`, { intent: "enrol" }, p());
    const c = await checklist("comms");
    const done = Object.fromEntries(c.checklist.map((s: { title: string; doneAt: string | null }) => [s.title, s.doneAt !== null]));
    expect(done["Publish your first guide"]).toBe(true);
    expect(done["Have it reviewed"]).toBe(false);
  });

  it("a guide step's guide is named only to people who may open it", async () => {
    const restricted = await as.comms.post(editor.action, "/learning/paths/new/edit", { title: "Mixed path", description: "", audience: "everyone", status: "published" }, { id: "new" });
    const id = idOf(restricted.location);
    await as.comms.post(stepsPage.action, `/learning/paths/${id}/steps`, { intent: "add-guide", guide: String(guides.secret.id), title: "Read the planning guide" }, { id: String(id) });
    const staffView = await as.staff.get(page.loader, `/learning/paths/${id}`, { id: String(id) });
    expect(staffView.body).not.toContain("Zqm");
    expect(staffView.body).not.toContain("secret-guide");
    expect(staffView.json().checklist[0].guideMissing).toBe(true);
    const plannerView = (await as.planner.get(page.loader, `/learning/paths/${id}`, { id: String(id) })).json();
    expect(plannerView.checklist[0].guide.title).toBe("Zqm restricted guide");
    await as.staff.post(page.action, `/learning/paths/${id}`, { intent: "enrol" }, { id: String(id) });
    const tried = await as.staff.post(page.action, `/learning/paths/${id}`, { intent: "read", step: String(plannerView.checklist[0].id) }, { id: String(id) });
    expect(tried.status).toBe(409);
  });
});

describe("managers see their team", () => {
  it("in aggregate on an optional path (no names), may enrol a direct report, and see names of those not started on a required path", async () => {
    const team = (await as.manager.get(page.loader, `/learning/paths/${pathId}`, { id: String(pathId) })).json().team;
    expect(team).toMatchObject({ size: 3, onPath: 1, complete: 1, inProgress: 0, notStarted: 0, notStartedNames: null });
    expect(team.canEnrol.map((x: { name: string }) => x.name).sort()).toEqual(["Ada Able", "Bo Busy"]);
    const enrolled = await as.manager.post(page.action, `/learning/paths/${pathId}`, { intent: "enrol-team", person: String(people.ada.id) }, { id: String(pathId) });
    expect(enrolled.status).toBe(302);
    // Not a direct report: refused.
    const refused = await as.manager.post(page.action, `/learning/paths/${pathId}`, { intent: "enrol-team", person: String(people.staff.id) }, { id: String(pathId) });
    expect(refused.status).toBe(403);
    const after = (await as.manager.get(page.loader, `/learning/paths/${pathId}`, { id: String(pathId) })).json().team;
    expect(after).toMatchObject({ onPath: 2, complete: 1, notStarted: 1, notStartedNames: null });
    expect(JSON.stringify(after)).not.toContain("Ada Able");

    // A required induction for everyone: all three are on it; the names of those not started show.
    const saved = await as.comms.post(editor.action, "/learning/paths/new/edit", { title: "Induction", description: "", required: "on", audience: "everyone", status: "published" }, { id: "new" });
    requiredId = idOf(saved.location);
    await as.comms.post(stepsPage.action, `/learning/paths/${requiredId}/steps`, { intent: "add-event", title: "Attend a webinar", eventType: "webinar" }, { id: String(requiredId) });
    await as.comms.post(stepsPage.action, `/learning/paths/${requiredId}/steps`, { intent: "add-guide", guide: String(guides.style.id), title: "" }, { id: String(requiredId) });
    const required = (await as.manager.get(page.loader, `/learning/paths/${requiredId}`, { id: String(requiredId) })).json().team;
    // Ada attended a webinar (in progress); Nia confirmed the house style guide (in progress); Bo has done nothing.
    expect(required).toMatchObject({ size: 3, onPath: 3, notStarted: 1, inProgress: 2, complete: 0, notStartedNames: ["Bo Busy"], canEnrol: [] });
    // Everyone is on a required path without enrolling, and cannot leave it.
    expect((await as.bo.get(page.loader, `/learning/paths/${requiredId}`, { id: String(requiredId) })).json().onPath).toBe(true);
    expect((await as.bo.post(page.action, `/learning/paths/${requiredId}`, { intent: "leave" }, { id: String(requiredId) })).status).toBe(409);
  });
});

describe("subject access", () => {
  it("a person's export holds the paths they are on and what they confirmed", async () => {
    const { rowsAboutPerson } = await import("~/models/personal-data.server");
    const sources = await rowsAboutPerson(await getDb(), people.newbie, { selfService: true });
    const tables = Object.fromEntries(sources.map((s) => [s.table, s.rows.length]));
    expect(tables).toMatchObject({ learning_enrolments: 1, learning_guide_confirmations: 1, learning_task_confirmations: 1, event_attendance: 1 });
  });
});
