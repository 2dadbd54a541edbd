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
  it("the home lists, header and footer, and search snippet caches are each reported under their name, as they move", async () => {
    vi.resetModules();
    const saved = process.env.PAGE_CACHE_STATS_DIR;
    process.env.PAGE_CACHE_STATS_DIR = dir;
    try {
      const { cacheCounterSnapshot } = await import("~/utils/cache-stats.server");
      await import("~/presenters/audience-cache.server");
      await import("~/utils/search.server");
      const { renderFragment } = await import("~/utils/fragment-cache.server");
      expect(Object.keys(cacheCounterSnapshot()).sort()).toEqual(["header and footer", "home lists per audience", "search snippet texts"]);

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
