import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";

/**
 * Work inside a transaction may start several statements at once (Promise.all over
 * departments, say). The data layer runs them one at a time on the transaction's one
 * connection, in the order asked, on both databases: each answer belongs to its own
 * statement, and the PostgreSQL driver never has to queue them itself (it warns that it
 * will stop doing so).
 */
describe("statements started together inside a transaction", () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  beforeEach(() => {
    warnings.length = 0;
    process.on("warning", onWarning);
  });
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it("each get its own answer, in order, with no driver warning", async () => {
    const db = await getDb();
    const slugs = Array.from({ length: 12 }, (_, i) => `in-turn-${i}`);
    const names = await db.transaction(async (tx) => {
      await Promise.all(slugs.map((slug, i) => tx.run("INSERT INTO departments (slug, name) VALUES (?, ?)", [slug, `In turn ${i}`])));
      return Promise.all(slugs.map((slug) => tx.get<{ name: string }>("SELECT name FROM departments WHERE slug = ?", [slug])));
    });
    expect(names.map((n) => n?.name)).toEqual(slugs.map((_, i) => `In turn ${i}`));
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
  });

  it("a failing statement among them rolls the whole transaction back", async () => {
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await Promise.all([
          tx.run("INSERT INTO departments (slug, name) VALUES ('in-turn-dup', 'first')"),
          tx.run("INSERT INTO departments (slug, name) VALUES ('in-turn-dup', 'second')"),
          tx.run("INSERT INTO departments (slug, name) VALUES ('in-turn-other', 'other')"),
        ]);
      }),
    ).rejects.toThrow();
    expect(await db.get("SELECT id FROM departments WHERE slug IN ('in-turn-dup', 'in-turn-other')")).toBeUndefined();
  });
});
