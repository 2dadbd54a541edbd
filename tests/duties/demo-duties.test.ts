/** The demo council's duties (issue 22): a past and an upcoming period (neither on today), the schedule with a category rule, a legal hold; once. */
import { expect, test } from "vitest";
import { seedDemoDuties } from "~/commands/demo-duties.server";
import { listPermissionGrants, listPeriods, listPeriodsOn } from "~/models/election.server";
import { listActiveHolds, listRules } from "~/models/retention.server";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { createUser } from "../factories";

test("adds periods, a rule and a hold once, and no period is on today; the demo admin can run them", async () => {
  const admin = await createUser({ role: "admin", email: "admin@riverside.gov.uk", name: "Demo Admin" });
  await seedDemoDuties();
  await seedDemoDuties();
  const db = await getDb();
  const periods = await listPeriods(db);
  expect(periods.map((p) => p.title).sort()).toEqual(["Local elections (last May)", "Riverside North by-election"]);
  expect(await listPeriodsOn(db, ukTodayIso())).toEqual([]);
  expect((await listRules(db)).some((r) => r.category === "recruitment")).toBe(true);
  expect((await listActiveHolds(db)).map((h) => h.searchText)).toEqual(["phishing"]);
  expect(await listPermissionGrants(db, admin.id)).toEqual(["information-governance", "publicity-reviewer"]);
});
