/**
 * /insights/learning (decision 131): the cascade funnel per department counted against a
 * seeded population by hand — trained (cascade workshops that took place, not cancelled or
 * future ones), team sessions held (published and started; drafts and future ones are
 * waiting), staff reached (distinct people, in their own department) — the gaps named, the
 * page and its CSV only for the comms team and learning coordinators.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cancelEvent, saveEvent, type EventInput } from "~/commands/events.server";
import { markAttended } from "~/models/event-booking.server";
import { grantLearning } from "~/models/event.server";
import { cascadeFunnel } from "~/presenters/learning-insights.server";
import * as page from "~/routes/insights.learning";
import * as csv from "~/routes/insights.learning[.]csv";
import { getDb } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { parseCsv, session } from "../delivery/http";
import { createDepartment, createUser } from "../factories";

const NOW = new Date();
const DAY = 86_400_000;
const at = (days: number, hour = 10) => new Date(Math.floor(NOW.getTime() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();
type P = { id: number; email: string; name: string; role: Role; departmentId: number | null; grants: [] };
const d: Record<string, { id: number; slug: string; name: string }> = {};
const p: Record<string, P> = {};

async function staffOf(dept: string, n: number, prefix: string) {
  for (let i = 1; i <= n; i++) {
    const u = await createUser({ departmentId: d[dept].id, name: `${prefix}${i}`, email: `${prefix}${i}@riverside.test` });
    p[`${prefix}${i}`] = { ...u, name: `${prefix}${i}`, grants: [] };
  }
}

let comms: P;
const base = (over: Partial<EventInput>): EventInput => ({
  type: "workshop", title: "Plain English: train the trainer", descriptionMd: "", startsAt: at(-40), endsAt: at(-40, 12), allDay: false, place: "Room 1", onlineUrl: "",
  departmentId: null, capacity: null, audience: "everyone", bookingOpensAt: null, bookingClosesAt: null, requiresApproval: false, status: "published",
  cascadeWeeks: 4, cascadeParentId: null, coOrganiserIds: [], audienceDepartmentIds: [], audienceRoles: [], ...over,
});

async function attend(eventId: number, ...keys: string[]) {
  const db = await getDb();
  for (const k of keys) await markAttended(db, eventId, p[k].id, false, comms.id, NOW.toISOString());
}

beforeAll(async () => {
  for (const [slug, name] of [["housing", "Housing"], ["planning", "Planning"], ["waste", "Waste"], ["finance", "Finance"]]) d[slug] = await createDepartment({ slug, name });
  await staffOf("housing", 10, "h");
  await staffOf("planning", 6, "p");
  await staffOf("waste", 4, "w");
  await staffOf("finance", 3, "f");
  const c = await createUser({ role: "comms", departmentId: null, name: "Cory Comms" });
  comms = { ...c, name: "Cory Comms", grants: [] };
  const workshop = await saveEvent(comms, null, base({}));
  await attend(workshop, "h1", "h2", "p1");
  // A cancelled cascade workshop and a future one count for nothing.
  const cancelled = await saveEvent(comms, null, base({ title: "Cancelled cascade", startsAt: at(-20), endsAt: at(-20, 12) }));
  await attend(cancelled, "f1");
  await cancelEvent(comms, cancelled, "");
  const future = await saveEvent(comms, null, base({ title: "Next cascade", startsAt: at(20), endsAt: at(20, 12) }));
  await attend(future, "w1");
  // Team sessions: h1 held two (past, published); h2 has a draft; p1 has one published for next week.
  const session = (who: string, over: Partial<EventInput>) =>
    saveEvent(comms, null, base({ type: "cascade", title: `Team session by ${who}`, cascadeWeeks: null, cascadeParentId: workshop, organiserId: p[who].id, ...over } as Partial<EventInput>));
  const s1 = await session("h1", { startsAt: at(-30), endsAt: at(-30, 11) });
  await attend(s1, "h3", "h4", "h5", "p2");
  const s2 = await session("h1", { startsAt: at(-10), endsAt: at(-10, 11) });
  await attend(s2, "h3", "h6");
  await session("h2", { status: "draft", startsAt: at(-5), endsAt: at(-5, 11) });
  const later = await session("p1", { startsAt: at(7), endsAt: at(7, 11) });
  await attend(later, "p3");
});

describe("the cascade funnel", () => {
  it("counts trained, sessions held and reached per department, and names the gaps", async () => {
    const f = await cascadeFunnel(await getDb(), NOW);
    const row = (name: string) => f.rows.find((r) => r.department === name);
    expect(f.workshops).toBe(1);
    expect(row("Housing")).toMatchObject({ staff: 10, trained: 2, sessionsHeld: 2, reached: 4 });
    expect(row("Planning")).toMatchObject({ staff: 6, trained: 1, sessionsHeld: 0, reached: 1 });
    expect(row("Waste")).toMatchObject({ staff: 4, trained: 0, sessionsHeld: 0, reached: 0 });
    expect(row("Finance")).toMatchObject({ staff: 3, trained: 0, sessionsHeld: 0, reached: 0 });
    expect(f.totals).toMatchObject({ trained: 3, sessionsHeld: 2, reached: 5 });
    expect(f.departmentsWithoutTrained).toEqual(["Finance", "Waste"]);
    expect(f.waiting.map((w) => [w.name, w.department, w.overdue, w.arranged])).toEqual([["h2", "Housing", true, false], ["p1", "Planning", true, true]]);
  });
});

describe("the page and its CSV", () => {
  it("are for the comms team and learning coordinators only", async () => {
    const staff = await session(p.h3.id);
    expect((await staff.get(page.loader, "/insights/learning")).status).toBe(403);
    expect((await staff.get(csv.loader, "/insights/learning.csv?table=funnel")).status).toBe(403);
    const manager = await createUser({ role: "manager", departmentId: d.housing.id });
    expect((await (await session(manager.id)).get(page.loader, "/insights/learning")).status).toBe(403);
    const db = await getDb();
    await grantLearning(db, p.w2.id, comms.id, NOW.toISOString());
    expect((await (await session(p.w2.id)).get(page.loader, "/insights/learning")).status).toBe(200);
    const c = await session(comms.id);
    const data = (await c.get(page.loader, "/insights/learning")).json();
    expect(data.charts.council.description).toBe("Bar chart: Key staff trained 3, Team sessions held 2, Staff reached 5.");
    // The manager made above is Housing staff too: 11, and 4 reached is 36% (rounded down).
    expect(data.tables.funnel.rows).toContainEqual(["Housing", 11, 2, 2, 4, 36]);
    const rows = parseCsv((await c.get(csv.loader, "/insights/learning.csv?table=waiting")).body);
    expect(rows.map((r) => r.Name)).toEqual(["h2", "p1"]);
    expect((await c.get(csv.loader, "/insights/learning.csv?table=nope")).status).toBe(404);
  });
});
