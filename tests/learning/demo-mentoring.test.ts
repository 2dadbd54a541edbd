/** The demo council's mentoring, thanks and league (content/demo-mentoring.yml): through the real commands, once, only with DEMO=true. */
import { afterAll, describe, expect, it } from "vitest";
import { seedDemoMentoring } from "~/commands/demo-mentoring.server";
import { importContent } from "~/commands/import.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { listChampions } from "~/models/champions.server";
import { listDepartments } from "~/models/department.server";
import { listLeague, listLeagueQuarters } from "~/models/league.server";
import { mentoringCounts } from "~/models/mentoring.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";

const setDemo = (v: string) => {
  process.env.DEMO = v;
  resetEnvForTests();
};
afterAll(() => setDemo("false"));

describe("demo mentoring", () => {
  it("five pairs with goals and logs, offers and asks (one topic with no mentor), champions everywhere, two league quarters, thank-you notes; once", async () => {
    expect((await importContent({})).errors).toEqual([]);
    setDemo("false");
    expect(await seedDemoMentoring()).toBeNull();
    setDemo("true");
    expect(await seedDemoAccounts()).not.toBeNull();
    const report = (await seedDemoMentoring())!;
    expect(report).toMatchObject({ skipped: 0, pairs: 5, offers: 8, asks: 3, thanks: 5, leagueDepartments: 10 });
    expect(report.logs).toBeGreaterThanOrEqual(6);
    const db = await getDb();
    const counts = await mentoringCounts(db, "2000-01-01");
    expect(counts).toMatchObject({ pairsActive: 5, openAsks: 3 });
    expect(counts.unmetTopics).toEqual([{ tag: "project management", asks: 1 }]);
    const champions = await listChampions(db);
    for (const d of await listDepartments(db)) expect(champions.some((c) => c.departmentId === d.id), d.name).toBe(true);
    const quarters = await listLeagueQuarters(db);
    expect(quarters).toHaveLength(2);
    expect((await listLeague(db, quarters[1])).every((r) => r.final)).toBe(true);
    expect(await seedDemoMentoring()).toBeNull(); // once
  }, 120_000);
});
