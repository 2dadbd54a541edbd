/**
 * Campaigns with targets against a seeded population whose views, confirmations, poll votes,
 * ratings and searches are known, so every figure can be counted by hand; the projection on a
 * controllable clock; who may see and change a campaign; reminders to those outstanding.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addItem, addTarget, remindOutstanding, saveCampaign, type CampaignForm } from "~/commands/campaigns.server";
import { findCampaign } from "~/models/campaign.server";
import { listOutbox } from "~/models/outbox.server";
import { campaignProgress, project, statusOf } from "~/presenters/campaign.server";
import * as campaignPage from "~/routes/admin.campaigns.$id._index";
import * as campaignCsv from "~/routes/admin.campaigns.$id[.]csv";
import * as campaignList from "~/routes/admin.campaigns._index";
import * as newCampaign from "~/routes/admin.campaigns.new";
import * as editorCampaigns from "~/routes/editor.$id.campaigns";
import * as editorPage from "~/routes/editor.$id._index";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { parseCsv, session } from "../delivery/http";
import { createDepartment, createItem, createUser } from "../factories";

process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

type Person = { id: number; email: string; role: string; departmentId: number | null };
let housing: { id: number; slug: string };
let parks: { id: number; slug: string };
let hq: Person[];
let pk: Person[];
let comms: Person;
let housingManager: Person;
let parksManager: Person;
let campaignId: number;
let mustRead: { id: number; slug: string };
let guide: { id: number; slug: string };
let briefing: number;
let notInCampaign: { id: number; slug: string };
let draftEvent: number;

const FORM: CampaignForm = {
  name: "Lone working", objective: "Everyone who works alone knows the new policy.", audience: "everyone", audienceDepartments: [], audienceRoles: [],
  startsOn: "2027-01-01", endsOn: "2027-01-30", owner: "", department: "", searchTerms: "gritting, grit bins",
};

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  parks = await createDepartment({ slug: "parks", name: "Parks" });
  housingManager = await createUser({ departmentId: housing.id, role: "manager", email: "hm@riverside.test" });
  hq = [housingManager, ...(await Promise.all([1, 2, 3].map((n) => createUser({ departmentId: housing.id, email: `h${n}@riverside.test` }))))];
  parksManager = await createUser({ departmentId: parks.id, role: "manager", email: "pm@riverside.test" });
  pk = [parksManager, await createUser({ departmentId: parks.id, email: "p1@riverside.test" })];
  comms = await createUser({ role: "comms", email: "comms@riverside.test" });
  mustRead = await createItem({ type: "announcement", slug: "lone-working-now", title: "Lone working: what changes", mustRead: true, publishAt: null });
  guide = await createItem({ type: "guide", slug: "working-alone", title: "Working alone safely" });
  notInCampaign = await createItem({ type: "guide", slug: "not-in-campaign", title: "Not in the campaign" });
  const db = await getDb();
  // Confirmations: 3 of 4 in Housing, 0 of 2 in Parks.
  for (const p of hq.slice(0, 3)) await db.run("INSERT INTO acknowledgements (item_id, user_id, version, acknowledged_at) VALUES (?, ?, 0, ?)", [mustRead.id, p.id, "2027-01-03T10:00:00.000Z"]);
  // Views in the campaign's dates: Housing 2, Parks 1; before it and of another item: not counted.
  const view = (item: number, dept: number, day: string, n: number) => db.run("INSERT INTO reach_daily (item_id, department_id, day, views) VALUES (?, ?, ?, ?)", [item, dept, day, n]);
  await view(mustRead.id, housing.id, "2027-01-02", 1);
  await view(guide.id, housing.id, "2027-01-05", 1);
  await view(mustRead.id, parks.id, "2027-01-04", 1);
  await view(mustRead.id, parks.id, "2026-12-20", 9);
  // A poll on the announcement: one Housing voter. Ratings: Housing helpful, Parks not.
  const poll = await db.run("INSERT INTO polls (item_id, question, created_at) VALUES (?, 'Did you know?', '2027-01-02T00:00:00.000Z')", [mustRead.id]);
  await db.run("INSERT INTO poll_voters (poll_id, user_id) VALUES (?, ?)", [poll.lastID, hq[1].id]);
  await db.run("INSERT INTO page_ratings (item_id, user_id, helpful, rated_at) VALUES (?, ?, 1, ?), (?, ?, 0, ?)", [guide.id, hq[2].id, "2027-01-06T00:00:00.000Z", guide.id, pk[1].id, "2027-01-06T00:00:00.000Z"]);
  // Searches: 5 + 2 in the dates for the terms, 10 before, 4 for something else.
  for (const [day, key, query, n] of [["2027-01-03", "gritting", "Gritting", 5], ["2027-01-04", "grit bins near me", "grit bins near me", 2], ["2026-12-01", "gritting", "gritting", 10], ["2027-01-05", "payslip", "payslip", 4]] as const)
    await db.run("INSERT INTO search_query_days (day, query_key, query, searches) VALUES (?, ?, ?, ?)", [day, key, query, n]);

  // Events: a published briefing (Housing: h1 booked and came, h2 on the waiting list, h3 walked
  // in; Parks: p1 booked but did not come) and a draft nobody outside its organisers may see.
  const event = async (title: string, status: string) =>
    (await db.run(
      `INSERT INTO events (type, title, starts_at, ends_at, organiser_id, status, created_at, updated_at)
       VALUES ('briefing', ?, '2027-01-12T10:00:00.000Z', '2027-01-12T11:00:00.000Z', ?, ?, '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`,
      [title, housingManager.id, status],
    )).lastID;
  briefing = await event("Lone working briefing", "published");
  draftEvent = await event("Draft drop-in", "draft");
  const book = (user: number, status: string) => db.run("INSERT INTO event_bookings (event_id, user_id, status, created_at, updated_at) VALUES (?, ?, ?, '2027-01-02T00:00:00.000Z', '2027-01-02T00:00:00.000Z')", [briefing, user, status]);
  await book(hq[1].id, "booked");
  await book(hq[2].id, "waiting");
  await book(pk[1].id, "booked");
  for (const [user, walkIn] of [[hq[1].id, 0], [hq[3].id, 1]]) await db.run("INSERT INTO event_attendance (event_id, user_id, walk_in, recorded_at) VALUES (?, ?, ?, '2027-01-12T10:05:00.000Z')", [briefing, user, walkIn]);

  const saved = await saveCampaign(comms as never, null, FORM);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  campaignId = saved.id;
  for (const address of ["/announcements/lone-working-now", "https://intranet.test/guides/working-alone", `/events/${briefing}`]) expect((await addItem(comms as never, campaignId, address)).ok).toBe(true);
  for (const measure of ["reach", "confirmations", "participation", "helpful", "signups", "attendance", "searches"] as const)
    expect(await addTarget(comms as never, campaignId, { measure, value: measure === "searches" ? 20 : 90, dueOn: "2027-01-30" })).toMatchObject({ ok: true });
});

describe("campaign figures", () => {
  it("match hand-counted figures, by department", async () => {
    const campaign = (await findCampaign(await getDb(), campaignId))!;
    const progress = await campaignProgress(await getDb(), campaign, "2027-01-10");
    const by = (measure: string) => progress.find((t) => t.measure === measure)!;
    const depts = (measure: string) => Object.fromEntries(by(measure).byDepartment.map((d) => [d.name, [d.numerator, d.denominator, d.value]]));
    expect(depts("confirmations")).toEqual({ Housing: [3, 4, 75], Parks: [0, 2, 0] });
    expect(by("confirmations").current).toBe(50);
    expect(depts("reach")).toEqual({ Housing: [2, 4, 50], Parks: [1, 2, 50] });
    expect(by("reach").current).toBe(50);
    expect(depts("participation")).toEqual({ Housing: [1, 4, 25], Parks: [0, 2, 0] });
    expect(by("participation").current).toBe(16.7);
    expect(depts("helpful")).toEqual({ Housing: [1, 1, 100], Parks: [0, 1, 0] });
    expect(by("helpful").current).toBe(50);
    expect(by("searches")).toMatchObject({ current: 7, byDepartment: [] });
    // Sign-ups count places held (not the waiting list); attendance counts the register, walk-ins too.
    expect(depts("signups")).toEqual({ Housing: [1, 4, 25], Parks: [1, 2, 50] });
    expect(by("signups").current).toBe(33.3);
    expect(depts("attendance")).toEqual({ Housing: [2, 4, 50], Parks: [0, 2, 0] });
    expect(by("attendance").current).toBe(33.3);
    // Furthest behind on confirmations: Parks first.
    expect(by("confirmations").behind.map((d) => d.name)).toEqual(["Parks", "Housing"]);
  });

  it("projects each figure to its date on a controllable clock", async () => {
    const campaign = (await findCampaign(await getDb(), campaignId))!;
    // Day 10 of 30: 50 % so far projects to 150 %, capped at 100: on track for 90 %.
    let confirmations = (await campaignProgress(await getDb(), campaign, "2027-01-10")).find((t) => t.measure === "confirmations")!;
    expect(confirmations).toMatchObject({ current: 50, projected: 100, status: "on-track" });
    // Day 20 of 30 with nothing new: 50 % projects to 75 %: behind.
    confirmations = (await campaignProgress(await getDb(), campaign, "2027-01-20")).find((t) => t.measure === "confirmations")!;
    expect(confirmations).toMatchObject({ current: 50, projected: 75, status: "behind" });
    // After the end the figure is final.
    expect((await campaignProgress(await getDb(), campaign, "2027-02-15")).find((t) => t.measure === "searches")).toMatchObject({ current: 7, projected: 7, status: "behind" });
    expect(project(10, "2027-01-01", "2027-01-30", "2026-12-01", 100)).toBe(10);
    expect(project(7, "2027-01-01", "2027-01-30", "2027-01-15", null)).toBe(14);
    expect(statusOf(95, 95, 90)).toBe("met");
  });
});

describe("campaign pages", () => {
  it("are for comms editors and the managers of the campaign's department", async () => {
    const staff = await session(hq[1].id);
    expect((await staff.get(campaignList.loader, "/admin/campaigns")).status).toBe(403);
    expect((await staff.get(campaignPage.loader, `/admin/campaigns/${campaignId}`, { id: String(campaignId) })).status).toBe(403);
    // A corporate campaign is not a manager's to see.
    const manager = await session(housingManager.id);
    expect((await manager.get(campaignPage.loader, `/admin/campaigns/${campaignId}`, { id: String(campaignId) })).status).toBe(404);
    expect((await manager.get(campaignList.loader, "/admin/campaigns")).json().campaigns).toEqual([]);
    const page = (await (await session(comms.id)).get(campaignPage.loader, `/admin/campaigns/${campaignId}`, { id: String(campaignId) })).json();
    expect(page.view.items.map((i: { title: string }) => i.title)).toEqual(["Lone working: what changes", "Working alone safely", "Lone working briefing"]);
    expect(page.view.items[2]).toMatchObject({ type: "event", href: `/events/${briefing}` });
    expect(page.charts.map((c: { id: string }) => c.id)).toHaveLength(6);
  });

  it("lets a manager run a campaign for their own department only", async () => {
    const manager = await session(housingManager.id);
    const base = {
      name: "Damp checks", objective: "Every visit checks for damp.", audience: "departments", audienceDepartments: "parks",
      "startsOn-day": "1", "startsOn-month": "2", "startsOn-year": "2027", "endsOn-day": "28", "endsOn-month": "2", "endsOn-year": "2027",
    };
    const wrong = await manager.post(newCampaign.action, "/admin/campaigns/new", { ...base, department: "housing" });
    expect(wrong.json().errors).toEqual({ audienceDepartments: "A department’s campaign speaks to that department: choose only your own departments" });
    const bad = await manager.post(newCampaign.action, "/admin/campaigns/new", { ...base, department: "housing", audienceDepartments: "housing", "endsOn-day": "30" });
    expect(bad.json().errors).toEqual({ endsOn: "End date must be a real date" });
    const ok = await manager.post(newCampaign.action, "/admin/campaigns/new", { ...base, department: "housing", audienceDepartments: "housing" });
    expect(ok.status).toBe(302);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(ok.location!)![1]);
    expect((await manager.get(campaignList.loader, "/admin/campaigns")).json().campaigns.map((c: { id: number }) => c.id)).toEqual([id]);
    expect((await (await session(parksManager.id)).get(campaignPage.loader, `/admin/campaigns/${id}`, { id: String(id) })).status).toBe(404);
    // Items and targets through the page: an item that does not exist, and a date outside the campaign.
    const params = { id: String(id) };
    expect((await manager.post(campaignPage.action, `/admin/campaigns/${id}`, { intent: "add-item", address: "/guides/nowhere" }, params)).json().errors)
      .toEqual({ address: "Enter the address of an announcement, policy, guide or event, like /guides/winter-gritting or /events/12" });
    // A draft event is the organiser's: the Parks manager cannot add it to a campaign, even by its address.
    const parksSession = await session(parksManager.id);
    const parksCampaign = await parksSession.post(newCampaign.action, "/admin/campaigns/new", { ...base, name: "Parks safety", department: "parks", audienceDepartments: "parks" });
    const parksId = Number(/\/admin\/campaigns\/(\d+)/.exec(parksCampaign.location!)![1]);
    expect((await parksSession.post(campaignPage.action, `/admin/campaigns/${parksId}`, { intent: "add-item", address: `/events/${draftEvent}` }, { id: String(parksId) })).json().errors)
      .toEqual({ address: "There is no event at that address that you can open" });
    // The organiser can, and can take it out again.
    expect((await manager.post(campaignPage.action, `/admin/campaigns/${id}`, { intent: "add-item", address: `/events/${draftEvent}` }, params)).status).toBe(302);
    expect((await manager.get(campaignPage.loader, `/admin/campaigns/${id}`, params)).json().view.items.map((i: { title: string }) => i.title)).toEqual(["Draft drop-in"]);
    expect((await parksSession.get(campaignPage.loader, `/admin/campaigns/${id}`, params)).status).toBe(404);
    expect((await manager.post(campaignPage.action, `/admin/campaigns/${id}`, { intent: "remove-item", itemId: String(draftEvent), kind: "event" }, params)).status).toBe(302);
    expect((await manager.get(campaignPage.loader, `/admin/campaigns/${id}`, params)).json().view.items).toEqual([]);
    expect((await manager.post(campaignPage.action, `/admin/campaigns/${id}`, { intent: "add-target", measure: "reach", value: "80", "dueOn-day": "1", "dueOn-month": "3", "dueOn-year": "2027" }, params)).json().errors)
      .toEqual({ dueOn: "The target date must fall within the campaign’s dates" });
    expect((await manager.post(campaignPage.action, `/admin/campaigns/${id}`, { intent: "add-target", measure: "reach", value: "180", "dueOn-day": "1", "dueOn-month": "2", "dueOn-year": "2027" }, params)).json().errors)
      .toEqual({ value: "A percentage target must be 100 or less" });
  });

  it("downloads the figures as CSV", async () => {
    const res = await (await session(comms.id)).get(campaignCsv.loader, `/admin/campaigns/${campaignId}.csv`, { id: String(campaignId) });
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body);
    expect(rows.find((r) => r.Measure === "Confirmations" && r.Department === "Parks")).toMatchObject({ Value: "0", Count: "0", "Out of": "2", Target: "90" });
    // The CSV is as of today (the real clock): the campaign has not started, so no searches count yet.
    expect(rows.find((r) => r.Measure === "Searches for the campaign’s terms")).toMatchObject({ Value: "0", Department: "All departments", Target: "20" });
  });

  it("reminds only those in a department who have not confirmed", async () => {
    const result = await remindOutstanding(comms as never, campaignId, housing.id);
    expect(result).toMatchObject({ ok: true, reminded: 1 });
    const reminders = (await listOutbox(await getDb())).filter((m) => m.dedupeKey.includes(`campaign-remind:${campaignId}:`));
    expect(reminders.map((m) => m.userId)).toEqual([hq[3].id]);
    // Again the same day: nothing new.
    expect(await remindOutstanding(comms as never, campaignId, housing.id)).toMatchObject({ reminded: 0 });
  });
});

describe("choosing a campaign from the editor", () => {
  it("adds and removes an item from its editor page, for the campaigns the person runs", async () => {
    const params = { id: String(notInCampaign.id) };
    const path = `/editor/${notInCampaign.id}/campaigns`;
    const editor = await session(comms.id);
    expect((await editor.get(editorPage.loader, `/editor/${notInCampaign.id}`, params)).json().campaignCount).toBe(0);
    const before = (await editor.get(editorCampaigns.loader, path, params)).json();
    expect(before.current).toEqual([]);
    expect(before.choices.map((c: { name: string }) => c.name)).toContain("Lone working");
    // Nothing chosen: a field error; a made-up campaign: the same.
    expect((await editor.post(editorCampaigns.action, path, { intent: "add", campaignId: "" }, params)).json().errors).toEqual({ campaignId: "Choose a campaign from the list" });
    expect((await editor.post(editorCampaigns.action, path, { intent: "add", campaignId: "999999" }, params)).json().errors).toEqual({ campaignId: "Choose a campaign from the list" });
    const added = await editor.post(editorCampaigns.action, path, { intent: "add", campaignId: String(campaignId) }, params);
    expect(added.location).toBe(`${path}?done=added`);
    expect((await editor.post(editorCampaigns.action, path, { intent: "add", campaignId: String(campaignId) }, params)).json().errors).toEqual({ campaignId: "It is already in “Lone working”" });
    const after = (await editor.get(editorCampaigns.loader, path, params)).json();
    expect(after.current).toEqual([{ id: campaignId, name: "Lone working", canRemove: true }]);
    expect(after.choices.map((c: { id: number }) => c.id)).not.toContain(campaignId);
    const campaign = (await editor.get(campaignPage.loader, `/admin/campaigns/${campaignId}`, { id: String(campaignId) })).json();
    expect(campaign.view.items.map((i: { title: string }) => i.title)).toContain("Not in the campaign");

    // A Housing manager, on a Housing guide in the corporate campaign: the campaign is not named
    // to them, not offered, and not theirs to take the guide out of.
    const housingGuide = await createItem({ type: "guide", slug: "damp-and-mould", title: "Damp and mould", departmentId: housing.id });
    const hPath = `/editor/${housingGuide.id}/campaigns`;
    const hParams = { id: String(housingGuide.id) };
    expect((await editor.post(editorCampaigns.action, hPath, { intent: "add", campaignId: String(campaignId) }, hParams)).status).toBe(302);
    const manager = await session(housingManager.id);
    const theirs = (await manager.get(editorCampaigns.loader, hPath, hParams)).json();
    expect(theirs.current).toEqual([]);
    expect(theirs.choices.map((c: { id: number }) => c.id)).not.toContain(campaignId);
    expect((await manager.post(editorCampaigns.action, hPath, { intent: "remove", campaignId: String(campaignId) }, hParams)).status).toBe(404);
    expect((await manager.post(editorCampaigns.action, hPath, { intent: "add", campaignId: String(campaignId) }, hParams)).json().errors).toEqual({ campaignId: "Choose a campaign from the list" });
    // Staff who run no campaigns get no such page.
    expect((await (await session(hq[1].id)).get(editorCampaigns.loader, path, params)).status).toBeGreaterThanOrEqual(403);

    expect((await editor.post(editorCampaigns.action, path, { intent: "remove", campaignId: String(campaignId) }, params)).location).toBe(`${path}?done=removed`);
    expect((await editor.get(editorCampaigns.loader, path, params)).json().current).toEqual([]);
  });
});
