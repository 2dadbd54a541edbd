/**
 * The search recorder writes a second's searches in a few statements (decision 250): each
 * query's count for the day once, then the low-result searches together. It used to write two
 * statements per search, which on PostgreSQL with two instances held the same rows for long
 * transactions and deadlocked them, and kept publishing waiting in the write queue behind.
 */
import { describe, expect, it } from "vitest";
import { SearchRecorder } from "~/search/insights.server";
import { getDb, onStatement } from "~/utils/db.server";

describe("search insight batches", () => {
  it("counts a burst of searches per query per day in a few statements, keeping the latest spelling", async () => {
    const db = await getDb();
    const recorder = new SearchRecorder(60_000);
    const at = new Date();
    const day = at.toISOString().slice(0, 10);
    for (let i = 0; i < 150; i++) {
      recorder.record(i % 2 ? "Mileage rates" : "mileage rates", "mileage rates", 7, at);
      if (i % 3 === 0) recorder.record("parking for vans", "parking for vans", 0, at);
      if (i % 5 === 0) recorder.record("bin rota", "bin rota", 2, at);
    }
    const statements: string[] = [];
    const stop = onStatement((sql) => statements.push(sql));
    try {
      await recorder.flush();
    } finally {
      stop();
    }
    // 230 searches: one statement for the counts and one for the 80 low-result searches.
    expect(statements.length).toBeLessThanOrEqual(4);
    const counts = await db.all<{ query: string; searches: number }>("SELECT query, searches FROM search_query_days WHERE day = ? ORDER BY query_key", [day]);
    expect(counts).toEqual([
      { query: "bin rota", searches: 30 },
      { query: "Mileage rates", searches: 150 },
      { query: "parking for vans", searches: 50 },
    ]);
    const misses = await db.all<{ query: string; n: number }>("SELECT query, COUNT(*) AS n FROM search_misses GROUP BY query ORDER BY query");
    expect(misses).toEqual([
      { query: "bin rota", n: 30 },
      { query: "parking for vans", n: 50 },
    ]);
    // The next batch adds to the day's counts.
    recorder.record("mileage rates", "mileage rates", 7, at);
    await recorder.flush();
    expect(await db.get("SELECT query, searches FROM search_query_days WHERE day = ? AND query_key = ?", [day, "mileage rates"])).toEqual({ query: "mileage rates", searches: 151 });
  });
});
