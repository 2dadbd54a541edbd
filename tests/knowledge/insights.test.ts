import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { leaveFeedback } from "~/commands/feedback.server";
import { parseInsightsQuery } from "~/commands/insights.server";
import { lastWeekStart, queueWeeklySummary, summaryMessage, weeklyFigures } from "~/commands/weekly-summary.server";
import { rankByHelpfulness } from "~/models/feedback.server";
import {
  acknowledgementCompletion, acknowledgementsPerDay, postingActivity, reachPerDay, reachPerItem, reachPerItemByDepartment,
} from "~/models/insights.server";
import { listOutbox } from "~/models/outbox.server";
import { flushReach, recordItemView } from "~/models/reach.server";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { createDepartment, createItem, createUser } from "../factories";
import { resetEnvForTests } from "~/utils/env.server";

// Email is queued only when a mail server is configured; nothing is sent here (no delivery worker runs).
process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

const day = (d: string, hour = 10) => new Date(`${d}T${String(hour).padStart(2, "0")}:00:00Z`);
const viewer = (u: { id: number; email: string; role: string; departmentId: number | null }) => ({ ...u, name: u.email }) as Viewer;

describe("insight figures from a seeded set of views and acknowledgements", () => {
  let housing: { id: number; name: string };
  let planning: { id: number; name: string };
  let comms: Viewer;
  let notice: { id: number };
  let guide: { id: number };
  let mustRead: { id: number };
  let restricted: { id: number };
  const people: Viewer[] = [];

  beforeAll(async () => {
    housing = await createDepartment({ name: "Housing", slug: "housing" });
    planning = await createDepartment({ name: "Planning", slug: "planning" });
    comms = viewer(await createUser({ role: "comms" }));
    for (let i = 0; i < 4; i++) people.push(viewer(await createUser({ departmentId: housing.id })));
    for (let i = 0; i < 2; i++) people.push(viewer(await createUser({ departmentId: planning.id })));
    notice = await createItem({ title: "Bin rounds change", departmentId: housing.id, publishAt: "2026-11-02T09:00:00Z" });
    guide = await createItem({ type: "guide", title: "Claim mileage", departmentId: planning.id, publishAt: "2026-11-03T09:00:00Z" });
    restricted = await createItem({ title: "Housing only", departmentId: housing.id, audience: "departments", audienceDepartmentIds: [housing.id], publishAt: "2026-11-04T09:00:00Z" });
    mustRead = await createItem({ title: "Fire drill", mustRead: true, departmentId: housing.id, targetDepartmentIds: [housing.id], publishAt: "2026-11-02T09:00:00Z" });
    const db = await getDb();
    await db.run("UPDATE items SET published_at = publish_at");

    // Views: notice 3 from Housing on the 2nd, 2 from Planning on the 3rd; guide 4 from Planning on the 3rd; restricted 1 from Housing.
    for (let i = 0; i < 3; i++) recordItemView(notice.id, housing.id, day("2026-11-02"));
    for (let i = 0; i < 2; i++) recordItemView(notice.id, planning.id, day("2026-11-03"));
    for (let i = 0; i < 4; i++) recordItemView(guide.id, planning.id, day("2026-11-03"));
    recordItemView(restricted.id, housing.id, day("2026-11-04"));
    recordItemView(notice.id, null, day("2026-11-04"));
    recordItemView(notice.id, housing.id, day("2026-12-01")); // outside the period
    await flushReach();

    // The must-read goes to Housing (4 people): 2 confirm on the 2nd, 1 on the 5th.
    await acknowledgeItem(people[0], mustRead.id, day("2026-11-02"));
    await acknowledgeItem(people[1], mustRead.id, day("2026-11-02", 15));
    await acknowledgeItem(people[2], mustRead.id, day("2026-11-05"));
  });

  const period = { from: "2026-11-01", to: "2026-11-30" };

  it("counts reach per day, per item and per item by department", async () => {
    const db = await getDb();
    const vis = visibleItemsSql(comms, "i", { includeExpired: true });
    expect(await reachPerDay(db, vis, period)).toEqual([
      { day: "2026-11-02", views: 3 },
      { day: "2026-11-03", views: 6 },
      { day: "2026-11-04", views: 2 },
    ]);
    const perItem = await reachPerItem(db, vis, period, 10);
    expect(perItem.map((r) => [r.title, r.views, r.departmentsReached, r.topDepartment])).toEqual([
      ["Bin rounds change", 6, 2, "Housing"],
      ["Claim mileage", 4, 1, "Planning"],
      ["Housing only", 1, 1, "Housing"],
    ]);
    expect((await reachPerItemByDepartment(db, vis, period, notice.id)).map((r) => [r.departmentName, r.views])).toEqual([
      ["Housing", 3],
      ["Planning", 2],
      ["No department", 1],
    ]);
  });

  it("keeps items a viewer may not open out of their figures", async () => {
    const db = await getDb();
    const planner = people[4];
    const vis = visibleItemsSql(planner, "i", { includeExpired: true });
    expect((await reachPerItem(db, vis, period, 10)).map((r) => r.title)).not.toContain("Housing only");
  });

  it("shows acknowledgement completion and its progress over time", async () => {
    const db = await getDb();
    const vis = visibleItemsSql(comms, "i", { includeExpired: true });
    const completion = await acknowledgementCompletion(db, vis, 10);
    expect(completion.find((c) => c.itemId === mustRead.id)).toMatchObject({ inScope: 4, confirmed: 3 });
    expect(await acknowledgementsPerDay(db, mustRead.id)).toEqual({
      inScope: 4,
      days: [
        { day: "2026-11-02", confirmed: 2 },
        { day: "2026-11-05", confirmed: 1 },
      ],
    });
  });

  it("counts posting activity per department", async () => {
    const db = await getDb();
    const vis = visibleItemsSql(comms, "i", { includeExpired: true });
    const rows = await postingActivity(db, vis, period);
    expect(rows.map((r) => [r.departmentName, r.announcements, r.guides, r.total])).toEqual([
      ["Housing", 3, 0, 3],
      ["Planning", 0, 1, 1],
    ]);
  });

  it("ranks pages by helpfulness", async () => {
    for (const [i, helpful] of [true, true, false].entries()) await leaveFeedback(people[i], guide.id, { helpful, comment: "" });
    const db = await getDb();
    const vis = visibleItemsSql(comms, "i", { includeExpired: true });
    const most = await rankByHelpfulness(db, vis, { order: "most", limit: 5, minRatings: 1 });
    expect(most[0]).toMatchObject({ title: "Claim mileage", yes: 2, no: 1, total: 3, percentHelpful: 67 });
    expect(await rankByHelpfulness(db, vis, { order: "most", limit: 5, minRatings: 4 })).toEqual([]);
  });

  it("sends the weekly summary to comms editors once, with the week's figures", async () => {
    const now = day("2026-11-10"); // a Tuesday: last week is 2–8 November
    expect(lastWeekStart(now)).toBe("2026-11-02");
    const figures = await weeklyFigures(await getDb(), "2026-11-02", now);
    expect(figures).toMatchObject({ weekStart: "2026-11-02", weekEnd: "2026-11-08", views: 11, published: { announcements: 3, guides: 1, policies: 0 } });
    expect(figures.topItems[0]).toMatchObject({ title: "Bin rounds change", views: 6 });
    expect(figures.mustReads.find((m) => m.title === "Fire drill")).toMatchObject({ confirmed: 3, inScope: 4, percent: 75 });
    expect(summaryMessage(figures).lines.join(" ")).toContain("viewed 11 times");

    expect(await queueWeeklySummary(now)).toEqual({ weekStart: "2026-11-02", recipients: 1 });
    expect(await queueWeeklySummary(day("2026-11-12"))).toBeNull();
    const mail = (await listOutbox(await getDb(), { purpose: "digest" })).filter((m) => m.dedupeKey.includes("weekly-summary"));
    expect(mail.map((m) => m.userId)).toEqual([comms.id]);
    expect(JSON.parse(mail[0].payloadJson)).toMatchObject({ template: "notice", subject: expect.stringContaining("2 November 2026") });
  });
});

describe("the insights period: From and To as Day, Month and Year boxes", () => {
  const now = new Date("2027-03-15T12:00:00Z");
  const ask = (query: string) => parseInsightsQuery(new URL(`http://localhost/admin/insights?${query}`), now);

  it("shows the last 30 days, in the boxes, when nothing is asked", () => {
    const q = ask("");
    expect(q.period).toEqual({ from: "2027-02-14", to: "2027-03-15" });
    expect(q.dates.from).toEqual({ day: "14", month: "2", year: "2027" });
    expect(q.errors).toEqual({});
  });

  it("takes a period typed into the boxes, and one written in a link", () => {
    expect(ask("from-day=1&from-month=jan&from-year=2027&to-day=31&to-month=1&to-year=2027").period).toEqual({ from: "2027-01-01", to: "2027-01-31" });
    expect(ask("from=2027-01-01&to=2027-01-31").period).toEqual({ from: "2027-01-01", to: "2027-01-31" });
  });

  it.each([
    ["from-day=31&from-month=2&from-year=2027&to-day=1&to-month=3&to-year=2027", { from: "From date must be a real date" }],
    ["from-day=1&from-month=3&from-year=2027", { to: "Enter the to date" }],
    ["from-day=2&from-month=3&from-year=2027&to-day=1&to-month=3&to-year=2027", { to: "The ‘to’ date must be the same as or after the ‘from’ date" }],
    ["from-day=1&from-month=1&from-year=2025&to-day=1&to-month=3&to-year=2027", { to: "Choose a period of 366 days or fewer" }],
  ])("says what is wrong with %s, keeps what was typed and shows the last 30 days", (query, errors) => {
    const q = ask(query);
    expect(q.errors).toEqual(errors);
    expect(q.period).toEqual({ from: "2027-02-14", to: "2027-03-15" });
    expect(q.dates.from.day).toBe(new URLSearchParams(query).get("from-day"));
  });
});
