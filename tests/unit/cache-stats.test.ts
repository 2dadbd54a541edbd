/**
 * Every cache's hit rate reaches `npm run bench:http` (issue 17): each in-process cache
 * registers its counters under a name, and with PAGE_CACHE_STATS_DIR set each process
 * writes all of them to one file the bench sums.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { afterAll, describe, expect, it, vi } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-stats-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("cache counters", () => {
  it("the header and footer, search snippet and per-audience caches are each reported under their name, as they move", async () => {
    vi.resetModules();
    const saved = process.env.PAGE_CACHE_STATS_DIR;
    process.env.PAGE_CACHE_STATS_DIR = dir;
    try {
      const { cacheCounterSnapshot } = await import("~/utils/cache-stats.server");
      const { forEveryone } = await import("~/presenters/audience-cache.server");
      await import("~/utils/search.server");
      const { renderFragment } = await import("~/utils/fragment-cache.server");
      const { getDb } = await import("~/utils/db.server");
      expect(Object.keys(cacheCounterSnapshot()).sort()).toEqual(["header and footer", "search snippet texts", "search snippets"]);
      // The lists and pages kept per audience or for everyone report each kind on its own.
      expect(await forEveryone(await getDb(), "cache-stats-test|1", async () => 1)).toBe(1);
      expect(await forEveryone(await getDb(), "cache-stats-test|2", async () => 2)).toBe(2);
      expect(await forEveryone(await getDb(), "cache-stats-test|1", async () => 3)).toBe(1);
      expect(cacheCounterSnapshot()["cache-stats-test, kept for everyone"]).toEqual({ hits: 1, lookups: 3 });

      const before = cacheCounterSnapshot()["header and footer"];
      expect(renderFragment("cache-stats-test", () => createElement("b", null, "x"))).toBe("<b>x</b>");
      expect(renderFragment("cache-stats-test", () => createElement("b", null, "y"))).toBe("<b>x</b>");
      const after = cacheCounterSnapshot()["header and footer"];
      expect(after).toEqual({ hits: before.hits + 1, lookups: before.lookups + 2 });

      const file = path.join(dir, `${process.pid}.json`);
      await expect
        .poll(() => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8"))["header and footer"] : null), { timeout: 5_000 })
        .toEqual(after);
    } finally {
      if (saved === undefined) delete process.env.PAGE_CACHE_STATS_DIR;
      else process.env.PAGE_CACHE_STATS_DIR = saved;
      vi.resetModules();
    }
  });
});
