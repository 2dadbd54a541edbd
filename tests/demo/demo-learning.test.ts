/**
 * The demo council's training programme (issue 19), on the real demo content as the first
 * start makes it: import, demo accounts, the directory, then the programme. At least 12
 * events over the next two months of several kinds, some full with a waiting list; a cascade
 * in progress (workshop held, team sessions held and waiting); two learning paths with people
 * enrolled (one by their manager) and progressed; once only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoLearning } from "~/commands/demo-learning.server";
import { importContent } from "~/commands/import.server";
import { ensureProfiles, seedDemoProfiles } from "~/commands/people.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { listEventsBetween } from "~/models/event.server";
import { listPaths } from "~/models/learning-path.server";
import { findPersonByEmail } from "~/models/ownership.server";
import { cascadeFunnel } from "~/presenters/learning-insights.server";
import { myPaths, pathPage } from "~/presenters/learning-paths.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";

const NOW = new Date();

beforeAll(async () => {
  process.env.DEMO = "true";
  resetEnvForTests();
  const imported = await importContent({ now: NOW });
  expect(imported.errors).toEqual([]);
  expect(await seedDemoAccounts()).not.toBeNull();
  await ensureProfiles();
  await seedDemoProfiles();
  await seedDemoLearning(NOW);
}, 120_000);

const person = async (email: string) => ({ ...(await findPersonByEmail(await getDb(), email))!, grants: [] });

describe("the demo training programme", () => {
  it("has at least 12 published events over the next two months, of several kinds, some full with a waiting list", async () => {
    const db = await getDb();
    const upcoming = await listEventsBetween(db, { from: NOW.toISOString(), to: new Date(NOW.getTime() + 61 * 86_400_000).toISOString(), statuses: ["published"] });
    expect(upcoming.length).toBeGreaterThanOrEqual(12);
    expect(new Set(upcoming.map((e) => e.type)).size).toBeGreaterThanOrEqual(5);
    const full = upcoming.filter((e) => e.capacity !== null && e.booked >= e.capacity && e.waiting > 0);
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(upcoming.some((e) => e.requiresApproval && e.pending > 0)).toBe(true);
  });

  it("has a cascade in progress: the workshop held, team sessions held and some still to come", async () => {
    const f = await cascadeFunnel(await getDb(), NOW);
    expect(f.workshops).toBe(1);
    expect(f.totals).toMatchObject({ trained: 5, sessionsHeld: 2, reached: 5 });
    expect(f.waiting.map((w) => w.name).sort()).toHaveLength(3);
    expect(f.waiting.some((w) => w.arranged)).toBe(true);
    expect(f.departmentsWithoutTrained.length).toBeGreaterThan(0);
  });

  it("has two learning paths with people enrolled and progressed, a manager seeing their team", async () => {
    const db = await getDb();
    const paths = await listPaths(db, ["published"]);
    expect(paths.map((p) => p.title).sort()).toEqual(["Induction", "New knowledge champion"]);
    const champ = paths.find((p) => p.title === "New knowledge champion")!;
    expect(champ.steps).toBe(7);
    const champion = await myPaths(db, await person("champion@riverside.gov.uk"));
    expect(champion.find((p) => p.title === "New knowledge champion")?.progress).toMatchObject({ done: 4, total: 7, state: "in-progress" });
    const staff = await myPaths(db, await person("staff@riverside.gov.uk"));
    expect(staff.find((p) => p.title === "Induction")?.progress).toMatchObject({ done: 4, total: 5 });
    const manager = await person("manager@riverside.gov.uk");
    const induction = await pathPage(db, manager, paths.find((p) => p.title === "Induction")!.id);
    expect(induction.team?.size).toBe(3);
    expect(induction.team?.notStartedNames?.length).toBeGreaterThan(0);
    const champPage = await pathPage(db, manager, champ.id);
    expect(champPage.team).toMatchObject({ onPath: 1, notStartedNames: null });
  });

  it("runs once", async () => {
    await seedDemoLearning(NOW);
    expect((await listPaths(await getDb())).length).toBe(2);
  });
});
