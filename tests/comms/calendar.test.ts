/**
 * The comms team's one calendar: what it shows for a month and a week, its filters, the three
 * kinds of clash, who may open it, and its iCalendar feed read by a real iCalendar parser.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { addItem, saveCampaign } from "~/commands/campaigns.server";
import { getOrCreateFeedToken } from "~/models/notification-prefs.server";
import { planCalendar } from "~/presenters/plan-calendar.server";
import * as calendar from "~/routes/admin.calendar";
import * as calendarFeed from "~/routes/admin.calendar[.]ics";
import { isoDay } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { anonymous, session } from "../delivery/http";
import { createDepartment, createItem, createUser } from "../factories";

let housing: { id: number; slug: string };
let parks: { id: number; slug: string };
let comms: { id: number; email: string; role: string; departmentId: number | null };
let staff: { id: number };

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  parks = await createDepartment({ slug: "parks", name: "Parks" });
  comms = await createUser({ role: "comms", email: "comms@riverside.test" });
  staff = await createUser({ departmentId: parks.id });
  // Two urgent/must-read items to Housing on 12 April 2035: a clash. One to Parks the same day: no clash with them.
  await createItem({ slug: "boiler-recall", title: "Boiler recall", priority: "urgent", publishAt: "2035-04-12T08:00:00.000Z", targetDepartmentIds: [housing.id], departmentId: housing.id });
  await createItem({ slug: "tenancy-rules", title: "New tenancy rules", mustRead: true, publishAt: "2035-04-12T09:00:00.000Z", targetDepartmentIds: [housing.id], departmentId: housing.id });
  await createItem({ slug: "park-closures", title: "Park closures", priority: "urgent", publishAt: "2035-04-12T10:00:00.000Z", targetDepartmentIds: [parks.id], departmentId: parks.id });
  // An item publishing in a pre-election period, a guide due for review, an expiry, and one restricted draft.
  await createItem({ slug: "library-hours", title: "Library hours", publishAt: "2035-04-20T09:00:00.000Z" });
  await createItem({ type: "guide", slug: "damp-checks", title: "Damp checks", reviewBy: "2035-04-25", ownerEmail: comms.email });
  await createItem({ slug: "old-news", title: "Old news", expiresAt: "2035-04-28T17:00:00.000Z" });
  const db = await getDb();
  const now = new Date().toISOString();
  await db.run("INSERT INTO election_periods (kind, title, notice_on, polling_on, scope, state, created_at, updated_at) VALUES ('local', 'Local elections 2035', '2035-04-15', '2035-05-03', 'council', 'upcoming', ?, ?)", [now, now]);
  // A campaign that ends before one of its items goes live.
  const saved = await saveCampaign(comms as never, null, {
    name: "Spring repairs", objective: "Tenants report repairs online.", audience: "everyone", audienceDepartments: [], audienceRoles: [],
    startsOn: "2035-04-01", endsOn: "2035-04-18", owner: "", department: "", searchTerms: "",
  });
  if (!saved.ok) throw new Error("campaign");
  expect((await addItem(comms as never, saved.id, "/announcements/library-hours")).ok).toBe(true);
});

describe("the communications calendar", () => {
  it("shows a month of plans with every kind of clash", async () => {
    const { entries, clashes } = await planCalendar(await getDb(), comms as never, { from: "2035-04-01", to: "2035-04-30" });
    expect(entries.map((e) => `${e.day} ${e.kind} ${e.title}`)).toEqual([
      "2035-04-01 campaign-start Spring repairs",
      "2035-04-12 publish Boiler recall",
      "2035-04-12 publish New tenancy rules",
      "2035-04-12 publish Park closures",
      "2035-04-15 election Local elections 2035",
      "2035-04-18 campaign-end Spring repairs",
      "2035-04-20 publish Library hours",
      "2035-04-25 review Damp checks",
      "2035-04-28 expiry Old news",
    ]);
    expect(clashes).toEqual([
      { day: "2035-04-12", kind: "alerts", message: "Two urgent or must-read items reach the same people on the same day: “Boiler recall” and “New tenancy rules”." },
      { day: "2035-04-18", kind: "campaign", message: "The campaign “Spring repairs” ends before its item “Library hours” goes live." },
      { day: "2035-04-20", kind: "election", message: "“Library hours” publishes during the pre-election period “Local elections 2035”: it needs a publicity review." },
    ]);
  });

  it("filters by department and shows a week", async () => {
    const parksOnly = await planCalendar(await getDb(), comms as never, { from: "2035-04-12", to: "2035-04-12", departmentId: parks.id });
    expect(parksOnly.entries.map((e) => e.title)).toEqual(["Park closures"]);
    const as = await session(comms.id);
    const week = (await as.get(calendar.loader, "/admin/calendar?view=week&week=2035-04-18")).json();
    expect(week.range).toMatchObject({ view: "week", from: "2035-04-16", to: "2035-04-22" });
    expect(week.entries.map((e: { title: string }) => e.title)).toEqual(["Spring repairs", "Library hours"]);
    const bad = (await as.get(calendar.loader, "/admin/calendar?view=month&month=2035-13")).json();
    expect(bad.range.view).toBe("month");
  });

  it("is for comms editors and admins only", async () => {
    expect((await (await session(staff.id)).get(calendar.loader, "/admin/calendar")).status).toBe(403);
    const token = await getOrCreateFeedToken(await getDb(), staff.id);
    expect((await anonymous(calendarFeed.loader, `/admin/calendar.ics?token=${token}`)).status).toBe(403);
    expect((await anonymous(calendarFeed.loader, "/admin/calendar.ics?token=nonsense")).status).toBe(401);
  });

  it("is an iCalendar feed a calendar app can read", async () => {
    const token = await getOrCreateFeedToken(await getDb(), comms.id);
    const res = await anonymous(calendarFeed.loader, `/admin/calendar.ics?token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    // The feed covers three months back and a year ahead of today, so this test's 2035 plans are outside it;
    // plan something within it.
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await createItem({ slug: "soon", title: "Soon: bin day changes", priority: "urgent", publishAt: soon });
    const again = await anonymous(calendarFeed.loader, `/admin/calendar.ics?token=${token}`);
    const comp = new ICAL.Component(ICAL.parse(again.body));
    const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const event = events.find((e) => e.summary === "Publishes: Soon: bin day changes");
    expect(event).toBeDefined();
    expect(event!.startDate.isDate).toBe(true);
    expect(event!.startDate.toString()).toBe(isoDay(soon));
  });
});
