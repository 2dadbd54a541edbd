/** The demo council's conversations (content/demo-conversations.yml): written through the real commands, once, only with DEMO=true. */
import { afterAll, describe, expect, it } from "vitest";
import { seedDemoConversations } from "~/commands/demo-conversations.server";
import { importContent } from "~/commands/import.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";

const setDemo = (v: string) => {
  process.env.DEMO = v;
  resetEnvForTests();
};
afterAll(() => setDemo("false"));

describe("demo conversations", () => {
  it("comments, reactions, a correction and stories (two published, one waiting), once", async () => {
    expect((await importContent({})).errors).toEqual([]);
    setDemo("false");
    expect(await seedDemoConversations()).toBeNull();
    setDemo("true");
    expect(await seedDemoAccounts()).not.toBeNull();
    const report = (await seedDemoConversations())!;
    expect(report).toMatchObject({ skipped: 0, corrections: 1, stories: 3 });
    expect(report.comments).toBeGreaterThanOrEqual(6);
    expect(report.reactions).toBeGreaterThanOrEqual(10);
    const db = await getDb();
    const statuses = (await db.all<{ status: string }>("SELECT status FROM stories ORDER BY id")).map((s) => s.status);
    expect(statuses).toEqual(["published", "published", "submitted"]);
    expect(await seedDemoConversations()).toBeNull(); // once
  }, 120_000);
});
