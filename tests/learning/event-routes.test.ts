/**
 * The events pages through their loaders and actions: the editor (field errors, who may
 * add), the list (filters, month view, audience), booking from the page, the register,
 * feedback, the .ics file and the private calendar feed (token; reset; cancelled events
 * leave it), parsed by ical.js.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { saveEvent, type EventInput } from "~/commands/events.server";
import * as list from "~/routes/events._index";
import * as page from "~/routes/events.$id";
import * as mine from "~/routes/events.mine";
import * as feed from "~/routes/events.feed[.]ics";
import * as ics from "~/routes/events_.$id.calendar[.]ics";
import * as editor from "~/routes/events_.$id.edit";
import * as register from "~/routes/events_.$id.register";
import * as feedback from "~/routes/events_.$id.feedback";
import { resetEnvForTests } from "~/utils/env.server";
import { anonymous, session } from "../delivery/http";
import { createDepartment, createUser } from "../factories";

process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

type Session = Awaited<ReturnType<typeof session>>;
let housing: { id: number; slug: string };
let planning: { id: number; slug: string };
const as: Record<"manager" | "staff" | "outsider" | "champion", Session> = {} as never;
const ids: Record<string, number> = {};
let manager: { id: number; email: string; role: "manager"; departmentId: number };

const soon = new Date(Date.now() + 10 * 86_400_000);
const iso = (d: Date, h: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h)).toISOString();

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  planning = await createDepartment({ slug: "planning", name: "Planning" });
  manager = { ...(await createUser({ role: "manager", departmentId: housing.id, name: "Mo Manager" })), role: "manager", departmentId: housing.id };
  const staff = await createUser({ departmentId: housing.id, name: "Sam Staff" });
  const outsider = await createUser({ departmentId: planning.id, name: "Pat Planner" });
  const champion = await createUser({ role: "champion", departmentId: planning.id, name: "Chris Champion" });
  as.manager = await session(manager.id);
  as.staff = await session(staff.id);
  as.outsider = await session(outsider.id);
  as.champion = await session(champion.id);
  const base: EventInput = {
    type: "training", title: "Housing only briefing", descriptionMd: "For **Housing**.", startsAt: iso(soon, 10), endsAt: iso(soon, 11), allDay: false,
    place: "Room 1", onlineUrl: "", departmentId: housing.id, capacity: 1, audience: "departments", bookingOpensAt: null, bookingClosesAt: null,
    requiresApproval: false, status: "published", cascadeWeeks: null, cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [housing.id], audienceRoles: [],
  };
  const actor = { id: manager.id, email: manager.email, name: "Mo Manager", role: "manager" as const, departmentId: housing.id };
  ids.housingOnly = await saveEvent(actor, null, base);
  ids.open = await saveEvent(actor, null, { ...base, title: "Open webinar", type: "webinar", audience: "everyone", audienceDepartmentIds: [], capacity: null });
  ids.draft = await saveEvent(actor, null, { ...base, title: "Draft workshop", status: "draft", audience: "everyone" });
  ids.past = await saveEvent(actor, null, { ...base, title: "Past session", audience: "everyone", startsAt: "2026-01-05T10:00:00.000Z", endsAt: "2026-01-05T11:00:00.000Z" });
});

describe("the list and the month view", () => {
  it("shows what the viewer may see, filters by type, and draws the month", async () => {
    const titles = async (s: Session, url = "/events") => (await s.get(list.loader, url)).json().events.map((e: { title: string }) => e.title);
    expect(await titles(as.staff)).toEqual(["Housing only briefing", "Open webinar"]);
    expect(await titles(as.outsider)).toEqual(["Open webinar"]);
    expect(await titles(as.manager)).toContain("Draft workshop");
    expect(await titles(as.staff, "/events?type=webinar")).toEqual(["Open webinar"]);
    expect(await titles(as.staff, "/events?type=nonsense&department=%3Cx%3E&month=2027-13")).toEqual(["Housing only briefing", "Open webinar"]);
    const month = `${soon.getUTCFullYear()}-${String(soon.getUTCMonth() + 1).padStart(2, "0")}`;
    const data = (await as.staff.get(list.loader, `/events?view=month&month=${month}`)).json();
    const day = data.month.weeks.flat().find((c: { day: string | null }) => c.day === iso(soon, 10).slice(0, 10));
    expect(day.eventIds.sort()).toEqual([ids.housingOnly, ids.open].sort());
    expect(data.canCreate).toBe(false);
    expect((await as.manager.get(list.loader, "/events")).json().canCreate).toBe(true);
  });

  it("answers 404 for events the viewer may not see", async () => {
    expect((await as.outsider.get(page.loader, `/events/${ids.housingOnly}`, { id: String(ids.housingOnly) })).status).toBe(404);
    expect((await as.staff.get(page.loader, `/events/${ids.draft}`, { id: String(ids.draft) })).status).toBe(404);
    expect((await as.staff.get(page.loader, "/events/x", { id: "x" })).status).toBe(404);
    expect((await as.outsider.get(ics.loader, `/events/${ids.housingOnly}/calendar.ics`, { id: String(ids.housingOnly) })).status).toBe(404);
    expect((await as.outsider.get(register.loader, `/events/${ids.open}/register`, { id: String(ids.open) })).status).toBe(404);
  });
});

describe("the editor", () => {
  it("keeps what was typed and names each problem; staff cannot add events", async () => {
    expect((await as.staff.get(editor.loader, "/events/new/edit", { id: "new" })).status).toBe(404);
    const bad = await as.manager.post(editor.action, "/events/new/edit", {
      type: "workshop", title: "", "starts-day": "31", "starts-month": "2", "starts-year": "2027", "starts-time": "10:00",
      "ends-day": "1", "ends-month": "3", "ends-year": "2027", "ends-time": "9am", capacity: "0", audience: "departments", onlineUrl: "javascript:alert(1)",
      coOrganisers: "nobody", status: "published",
    }, { id: "new" });
    expect(bad.status).toBe(400);
    const errors = bad.json().errors;
    expect(Object.keys(errors).sort()).toEqual(["audience", "capacity", "coOrganisers", "onlineUrl", "starts", "title"]);
    expect(bad.json().values.fields.type).toBe("workshop");
    const good = await as.manager.post(editor.action, "/events/new/edit", {
      type: "workshop", title: "Writing for the web", "starts-day": String(soon.getUTCDate()), "starts-month": String(soon.getUTCMonth() + 1), "starts-year": String(soon.getUTCFullYear()),
      "starts-time": "2pm", "ends-day": String(soon.getUTCDate()), "ends-month": String(soon.getUTCMonth() + 1), "ends-year": String(soon.getUTCFullYear()), "ends-time": "4pm",
      capacity: "12", audience: "everyone", status: "published", department: "housing", cascadeWeeks: "6", description: "Bring a page you wrote.",
    }, { id: "new" });
    expect(good.status).toBe(302);
    const id = Number(/\/events\/(\d+)/.exec(good.location!)![1]);
    const shown = (await as.staff.get(page.loader, `/events/${id}`, { id: String(id) })).json();
    expect(shown.event.title).toBe("Writing for the web");
    expect(shown.event.cascadeWeeks).toBe(6);
    expect(shown.event.descriptionHtml).toContain("<p>Bring a page you wrote.</p>");
    expect((await as.staff.get(editor.loader, `/events/${id}/edit`, { id: String(id) })).status).toBe(404);
  });
});

describe("booking, the register and feedback from the pages", () => {
  it("books the last place, puts the next person on the waiting list, and the register ticks who came", async () => {
    const p = { id: String(ids.housingOnly) };
    const booked = await as.staff.post(page.action, `/events/${ids.housingOnly}`, { intent: "book" }, p);
    expect(booked.location).toBe(`/events/${ids.housingOnly}?done=booked`);
    const manager2 = await as.manager.post(page.action, `/events/${ids.housingOnly}`, { intent: "book" }, p);
    expect(manager2.location).toBe(`/events/${ids.housingOnly}?done=waiting`);
    expect((await as.outsider.post(page.action, `/events/${ids.housingOnly}`, { intent: "book" }, p)).status).toBe(404);
    expect((await as.staff.post(page.action, `/events/${ids.housingOnly}`, { intent: "book" }, p, { csrf: false })).status).toBe(403);
    const reg = (await as.manager.get(register.loader, `/events/${ids.housingOnly}/register`, p)).json();
    expect(reg.register.map((r: { name: string }) => r.name)).toEqual(["Sam Staff"]);
    expect(reg.waiting.map((r: { name: string }) => r.name)).toEqual(["Mo Manager"]);
    const saved = await as.manager.post(register.action, `/events/${ids.housingOnly}/register`, { intent: "register", present: String(reg.register[0].userId) }, p);
    expect(saved.status).toBe(302);
    const walkIn = await as.manager.post(register.action, `/events/${ids.housingOnly}/register`, { intent: "walk-in", email: "not-an-email" }, p);
    expect(walkIn.json().errors.email).toMatch(/email address/);
    const printed = (await as.manager.get(register.loader, `/events/${ids.housingOnly}/register?print=1`, p)).json();
    expect(printed.print).toBe(true);
    expect(printed.register[0].attended).toBe(true);
    // Feedback opens after the event only.
    const fb = await as.staff.get(feedback.loader, `/events/${ids.housingOnly}/feedback`, p);
    expect(fb.json().open).toBe(false);
    const early = await as.staff.post(feedback.action, `/events/${ids.housingOnly}/feedback`, { rating: "5" }, p);
    expect(early.status).toBe(403);
    const badRating = await as.staff.post(feedback.action, `/events/${ids.housingOnly}/feedback`, { rating: "9" }, p);
    expect(badRating.json().errors.rating).toMatch(/1 to 5/);
  });
});

describe("calendar files and the private feed", () => {
  it("the feed lists the person's bookings for ical.js, needs the token, stops after a reset, and drops cancelled events", async () => {
    await as.staff.post(page.action, `/events/${ids.open}`, { intent: "book" }, { id: String(ids.open) });
    const my = (await as.staff.get(mine.loader, "/events/mine")).json();
    expect(my.upcoming.map((e: { title: string }) => e.title).sort()).toEqual(["Housing only briefing", "Open webinar"]);
    const url = new URL(my.feedUrl);
    const got = await anonymous(feed.loader, `${url.pathname}${url.search}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toContain("text/calendar");
    const summaries = (body: string) => new ICAL.Component(ICAL.parse(body)).getAllSubcomponents("vevent").map((c) => new ICAL.Event(c).summary).sort();
    expect(summaries(got.body)).toEqual(["Housing only briefing", "Open webinar"]);
    expect((await anonymous(feed.loader, "/events/feed.ics")).status).toBe(401);
    expect((await anonymous(feed.loader, "/events/feed.ics?token=not-a-real-token-0123456789")).status).toBe(401);

    const file = await as.staff.get(ics.loader, `/events/${ids.open}/calendar.ics`, { id: String(ids.open) });
    expect(file.headers.get("content-disposition")).toContain(".ics");
    expect(summaries(file.body)).toEqual(["Open webinar"]);

    await as.manager.post(page.action, `/events/${ids.open}`, { intent: "cancel-event", reason: "Speaker unavailable" }, { id: String(ids.open) });
    expect(summaries((await anonymous(feed.loader, `${url.pathname}${url.search}`)).body)).toEqual(["Housing only briefing"]);

    const reset = await as.staff.post(mine.action, "/events/mine", { intent: "reset-feed-token" });
    expect(reset.location).toBe("/events/mine?reset=1#calendar-feed");
    expect((await anonymous(feed.loader, `${url.pathname}${url.search}`)).status).toBe(401);
    const fresh = new URL((await as.staff.get(mine.loader, "/events/mine")).json().feedUrl);
    expect((await anonymous(feed.loader, `${fresh.pathname}${fresh.search}`)).status).toBe(200);
  });
});
