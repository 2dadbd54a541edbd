/**
 * The champions network, the department league and thank-you notes (issue 19, decision 137):
 * /champions lists only guides and events the viewer may open and "ask a champion" routes a
 * knowledge request to that champion only; league figures against a hand-counted population,
 * the formula, per 100 staff, and a past quarter that does not drift; thank-you notes shown
 * on a profile only when the recipient chooses, their guide only to viewers who may open it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { saveEvent } from "~/commands/events.server";
import { countQuarter, snapshotLeague } from "~/commands/league.server";
import { chooseThanks, sendThanks } from "~/commands/thanks.server";
import { listLeague } from "~/models/league.server";
import { listRoutedTo } from "~/models/knowledge-request.server";
import * as championsPage from "~/routes/champions._index";
import * as leaguePage from "~/routes/champions.league";
import * as profile from "~/routes/people.$handle";
import * as newRequest from "~/routes/requests.new";
import * as thanksPage from "~/routes/thanks._index";
import { ensureProfiles } from "~/commands/people.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { leagueScore } from "~/utils/league";
import { session } from "../delivery/http";
import { buildOrg, person, viewerOf } from "../delivery/org";
import { createItem } from "../factories";

process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

let org: Awaited<ReturnType<typeof buildOrg>>;
type P = Awaited<ReturnType<typeof person>>;
let hChamp: P, pChamp: P, hStaff: P, pStaff: P, comms: P;
let secretGuide: { id: number; slug: string };
let openGuide: { id: number; slug: string };

beforeAll(async () => {
  org = await buildOrg();
  const { housing, planning } = org.departments;
  hChamp = await person(housing.id, "champion", "Hana Housing");
  pChamp = await person(planning.id, "champion", "Pip Planning");
  hStaff = await person(housing.id, "staff", "Hal Staff");
  pStaff = await person(planning.id, "staff", "Pat Staff");
  comms = await person(planning.id, "comms", "Cas Comms");
  await ensureProfiles();
  secretGuide = await createItem({ type: "guide", slug: "housing-only-guide", title: "Housing-only repairs guide", departmentId: housing.id, audience: "departments", audienceDepartmentIds: [housing.id], ownerEmail: hChamp.email, authorId: hChamp.id });
  openGuide = await createItem({ type: "guide", slug: "open-tenancy-guide", title: "Tenancy basics", departmentId: housing.id, ownerEmail: hChamp.email });
});

describe("/champions", () => {
  it("lists every champion by department, with only the guides and events the viewer may open", async () => {
    const at = new Date(Date.now() + 5 * 86_400_000);
    const base = {
      type: "workshop" as const, title: "Housing-only drop-in", descriptionMd: "", startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 3_600_000).toISOString(), allDay: false,
      place: "Room 1", onlineUrl: "", departmentId: org.departments.housing.id, capacity: null, audience: "departments" as const, bookingOpensAt: null, bookingClosesAt: null,
      requiresApproval: false, status: "published" as const, cascadeWeeks: null, cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [org.departments.housing.id], audienceRoles: [],
    };
    await saveEvent(viewerOf(comms), null, { ...base, organiserId: hChamp.id });
    await saveEvent(viewerOf(comms), null, { ...base, organiserId: hChamp.id, title: "Draft clinic", status: "draft", audience: "everyone", audienceDepartmentIds: [] });
    const as = async (p: P, url = "/champions") => (await session(p.id)).get(championsPage.loader, url);
    const inside = await as(hStaff);
    expect(inside.status).toBe(200);
    expect(inside.body).toContain("Housing-only repairs guide");
    expect(inside.body).toContain("Housing-only drop-in");
    const outside = await as(pStaff);
    expect(outside.body).toContain("Tenancy basics");
    expect(outside.body).not.toContain("Housing-only repairs guide");
    expect(outside.body).not.toContain("Housing-only drop-in");
    expect(outside.body).not.toContain("Draft clinic");
    const data = outside.json();
    const housing = data.groups.find((g: { slug: string }) => g.slug === "housing");
    expect(housing.champions.map((c: { name: string }) => c.name)).toEqual(["Hana Housing"]);
    expect(housing.champions[0]).toMatchObject({ guideCount: 1, eventCount: 0, requestsAnswered: 0 });
    expect(data.withoutChampion).toEqual(["Waste & Street Scene"]);
    const filtered = (await as(pStaff, "/champions?department=planning")).json();
    expect(filtered.groups.map((g: { slug: string }) => g.slug)).toEqual(["planning"]);
    expect((await as(pStaff, "/champions?department=%3Cscript%3E&topic=x")).status).toBe(200);
  });

  it("“ask a champion” routes the knowledge request to that champion only", async () => {
    const s = await session(pStaff.id);
    const form = await s.get(newRequest.loader, `/requests/new?champion=${hChamp.id}`);
    expect(form.json().champion).toEqual({ id: hChamp.id, name: "Hana Housing" });
    expect(form.json().homeDepartment).toBe("housing");
    const res = await s.post(newRequest.action, "/requests/new", { title: "Damp in a void property", details: "", department: "housing", champion: String(hChamp.id) });
    expect(res.status).toBe(302);
    const id = Number(/\/requests\/(\d+)/.exec(res.location!)![1]);
    expect((await listRoutedTo(await getDb(), id)).map((p) => p.name)).toEqual(["Hana Housing"]);
    // Someone who is not a champion cannot be chosen: the usual routing applies.
    const plain = await s.post(newRequest.action, "/requests/new", { title: "Bins", details: "", department: "planning", champion: String(pStaff.id) });
    const plainId = Number(/\/requests\/(\d+)/.exec(plain.location!)![1]);
    expect((await listRoutedTo(await getDb(), plainId)).map((p) => p.name)).toEqual(["Pip Planning"]);
  });
});

describe("the department league", () => {
  it("counts a hand-counted population per 100 staff, shows the formula, and keeps a past quarter as it was", async () => {
    const db = await getDb();
    const { housing, planning } = org.departments;
    // Staff now: housing has Hana, Hal + 2 more = 4; planning has Pip, Pat, Cas + 7 more = 10.
    for (let i = 0; i < 2; i++) await person(housing.id, "staff", `Housing extra ${i}`);
    for (let i = 0; i < 7; i++) await person(planning.id, "staff", `Planning extra ${i}`);
    const inQ = "2026-08-10T10:00:00.000Z";
    const before = "2026-06-30T22:30:00.000Z"; // 30 June 23:30 UK: still the quarter before
    const g1 = await createItem({ type: "guide", slug: "league-g1", title: "League one", departmentId: housing.id });
    const g2 = await createItem({ type: "guide", slug: "league-g2", title: "League two", departmentId: housing.id });
    const g3 = await createItem({ type: "guide", slug: "league-g3", title: "League three", departmentId: planning.id });
    await db.run("UPDATE items SET published_at = ? WHERE id IN (?, ?)", [inQ, g1.id, g2.id]);
    await db.run("UPDATE items SET published_at = ? WHERE id = ?", [before, g3.id]);
    // Reviews: g1 on time, g2 late; g3 on time.
    await db.run("INSERT INTO page_reviews (item_id, reviewer_id, reviewed_on, previous_review_by, next_review_by, at) VALUES (?, ?, '2026-08-01', '2026-08-15', '2027-08-01', ?)", [g1.id, hChamp.id, inQ]);
    await db.run("INSERT INTO page_reviews (item_id, reviewer_id, reviewed_on, previous_review_by, next_review_by, at) VALUES (?, ?, '2026-09-01', '2026-08-15', '2027-09-01', ?)", [g2.id, hChamp.id, inQ]);
    await db.run("INSERT INTO page_reviews (item_id, reviewer_id, reviewed_on, previous_review_by, next_review_by, at) VALUES (?, ?, '2026-07-02', NULL, '2027-07-02', ?)", [g3.id, pChamp.id, inQ]);
    // Requests answered: 1 housing.
    await db.run("INSERT INTO knowledge_requests (title, details, department_id, requester_id, status, closed_by, closed_at, created_at) VALUES ('Q', '', ?, ?, 'answered', ?, ?, ?)", [housing.id, pStaff.id, hChamp.id, inQ, inQ]);
    // Helpful ratings: 3 on housing pages (one unhelpful not counted), 1 on planning's.
    for (const [item, user, helpful] of [[g1.id, pStaff.id, 1], [g1.id, hStaff.id, 1], [g2.id, pStaff.id, 1], [g2.id, hStaff.id, 0], [g3.id, pStaff.id, 1]])
      await db.run("INSERT INTO page_ratings (item_id, user_id, helpful, rated_at) VALUES (?, ?, ?, ?)", [item, user, helpful, inQ]);
    // Training: Hal (housing) and Pat (planning) attended a workshop; 2 planning people reached by a cascade session.
    const ev = async (type: "workshop" | "cascade") =>
      (await db.run(
        "INSERT INTO events (type, title, starts_at, ends_at, organiser_id, status, created_at, updated_at) VALUES (?, 'E', ?, ?, ?, 'published', ?, ?)",
        [type, inQ, inQ, comms.id, inQ, inQ],
      )).lastID;
    const workshop = await ev("workshop");
    const cascade = await ev("cascade");
    for (const u of [hStaff.id, pStaff.id]) await db.run("INSERT INTO event_attendance (event_id, user_id, recorded_at) VALUES (?, ?, ?)", [workshop, u, inQ]);
    for (const u of [pStaff.id, comms.id]) await db.run("INSERT INTO event_attendance (event_id, user_id, recorded_at) VALUES (?, ?, ?)", [cascade, u, inQ]);

    const now = new Date("2026-10-05T09:00:00Z"); // Q4 2026: Q3 is the quarter that just ended
    expect(await snapshotLeague(now)).toEqual({ current: "2026-Q4", finalised: "2026-Q3" });
    const q3 = await listLeague(db, "2026-Q3");
    const h = q3.find((r) => r.departmentId === housing.id)!;
    const p = q3.find((r) => r.departmentId === planning.id)!;
    expect(h).toMatchObject({ staff: 4, guidesPublished: 2, guidesReviewedOnTime: 1, requestsAnswered: 1, helpfulRatings: 3, trainingAttendance: 1, cascadeReach: 0, final: true });
    // 3×2 + 2×1 + 2×1 + 1×3 + 2×1 + 1×0 = 15 points; 15 × 100 ÷ 4 = 375
    expect(h).toMatchObject({ points: 15, per100Staff: 375 });
    expect(p).toMatchObject({ staff: 10, guidesPublished: 0, guidesReviewedOnTime: 1, requestsAnswered: 0, helpfulRatings: 1, trainingAttendance: 1, cascadeReach: 2 });
    // 2×1 + 1×1 + 2×1 + 1×2 = 7 points; 7 × 100 ÷ 10 = 70
    expect(p).toMatchObject({ points: 7, per100Staff: 70 });
    expect(leagueScore({ ...h, staff: 0 }).per100Staff).toBe(0);

    // More activity dated in Q3 after it was made final changes nothing stored for Q3; Q4 is recounted.
    await db.run("UPDATE items SET published_at = ? WHERE id = ?", [inQ, g3.id]);
    await snapshotLeague(new Date("2026-10-06T09:00:00Z"));
    expect((await listLeague(db, "2026-Q3")).find((r) => r.departmentId === planning.id)!.guidesPublished).toBe(0);
    await countQuarter(db, "2026-Q3", false, now); // (what a recount would have said)
    expect((await listLeague(db, "2026-Q3")).find((r) => r.departmentId === planning.id)!.guidesPublished).toBe(1);

    const page = await (await session(pStaff.id)).get(leaguePage.loader, "/champions/league?quarter=2026-Q3");
    expect(page.status).toBe(200);
    const data = page.json();
    expect(data.label).toBe("July to September 2026");
    expect(data.chart.bars.map((b: { label: string }) => b.label)[0]).toBe("Housing");
    expect(data.quarters.map((q: { value: string }) => q.value)).toEqual(["2026-Q4", "2026-Q3"]);
    expect(page.body).not.toContain("Hana Housing");
    const bad = await (await session(pStaff.id)).get(leaguePage.loader, "/champions/league?quarter=%27;drop");
    expect(bad.status).toBe(200);
  });
});

describe("thank-you notes", () => {
  it("the recipient decides what shows on their profile; a note's guide shows only to viewers who may open it", async () => {
    await expect(sendThanks(viewerOf(pStaff), { to: hChamp.email, body: "Thanks!", about: `/guides/${secretGuide.slug}` })).rejects.toMatchObject({ field: "about" });
    await expect(sendThanks(viewerOf(pStaff), { to: pStaff.email, body: "Me!", about: "" })).rejects.toMatchObject({ field: "to" });
    const fromInside = await sendThanks(viewerOf(hStaff), { to: hChamp.email, body: "Your repairs guide saved my week.", about: `/guides/${secretGuide.slug}` });
    const fromOutside = await sendThanks(viewerOf(pStaff), { to: `/people/${hChamp.id}`, body: "Thank you for the tenancy walkthrough.", about: `/guides/${openGuide.slug}` });
    const hidden = await sendThanks(viewerOf(pStaff), { to: hChamp.email, body: "A private thank you.", about: "" });
    const view = async (p: P) => (await session(p.id)).get(profile.loader, `/people/${hChamp.id}`, { handle: String(hChamp.id) });
    expect((await view(pStaff)).json().thanks).toEqual([]);
    await chooseThanks(viewerOf(hChamp), fromInside, "shown");
    await chooseThanks(viewerOf(hChamp), fromOutside, "shown");
    await chooseThanks(viewerOf(hChamp), hidden, "hidden");
    await expect(chooseThanks(viewerOf(pStaff), fromInside, "hidden")).rejects.toMatchObject({ status: 404 });
    const outsider = await view(pStaff);
    expect(outsider.body).toContain("Your repairs guide saved my week.");
    expect(outsider.body).not.toContain("Housing-only repairs guide");
    expect(outsider.body).toContain("Tenancy basics");
    expect(outsider.body).not.toContain("A private thank you.");
    const insider = await view(hStaff);
    expect(insider.body).toContain("Housing-only repairs guide");
    // The recipient's own page lists all three with their choices; the form answers field errors.
    const mine = (await (await session(hChamp.id)).get(thanksPage.loader, "/thanks")).json();
    expect(mine.received.map((n: { onProfile: string }) => n.onProfile).sort()).toEqual(["hidden", "shown", "shown"]);
    const bad = await (await session(pStaff.id)).post(thanksPage.action, "/thanks", { intent: "send", to: "nobody@nowhere.test", body: "", about: "" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toMatchObject({ body: "Write your thank-you note" });
    const unknown = await (await session(pStaff.id)).post(thanksPage.action, "/thanks", { intent: "send", to: "nobody@nowhere.test", body: "Hi", about: "" });
    expect(unknown.json().errors.to).toBe("We could not find a colleague with that email or profile address");
  });
});
