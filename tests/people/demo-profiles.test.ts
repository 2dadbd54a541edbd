/** The demo council's directory: about 60 people with realistic profiles, teams, managers, expertise matching guide tags. */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { beforeAll, expect, it } from "vitest";
import { ensureProfiles, seedDemoProfiles } from "~/commands/people.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { createDepartment } from "../factories";

beforeAll(async () => {
  process.env.DEMO = "true";
  process.env.DEMO_PASSWORD = "demo password for tests";
  resetEnvForTests();
  const org = YAML.parse(fs.readFileSync(path.join(process.cwd(), "content", "organisation.yml"), "utf8"));
  for (const d of org.departments) await createDepartment({ slug: d.slug, name: d.name });
  await seedDemoAccounts();
  await ensureProfiles();
});

it("gives about 60 people profiles once, with teams, managers and expertise that guides use", async () => {
  const n = await seedDemoProfiles();
  expect(n).toBeGreaterThanOrEqual(55);
  expect(await seedDemoProfiles()).toBe(0);
  const db = await getDb();
  const withExpertise = await db.get<{ n: number }>("SELECT COUNT(DISTINCT user_id) AS n FROM people_expertise");
  expect(withExpertise!.n).toBeGreaterThanOrEqual(50);
  const managed = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM people_profiles WHERE manager_id IS NOT NULL");
  expect(managed!.n).toBeGreaterThanOrEqual(40);
  const noHandle = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id WHERE p.handle IS NULL");
  expect(noHandle!.n).toBe(0);
  // Guide tags find people: every demo guide tag below has someone to ask.
  const tags = ["expenses", "safeguarding", "foi", "mfa", "bins", "ehcp", "s106", "lone working"];
  for (const tag of tags) expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM people_expertise WHERE tag = ?", [tag]))!.n, tag).toBeGreaterThan(0);
  expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM people_languages WHERE language = 'welsh'"))!.n).toBeGreaterThan(0);
});
