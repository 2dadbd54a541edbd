/**
 * The per-audience cache keeps at most 1,000 item pages (each holds its page's text): past
 * that it is emptied, so a crawl of every page does not keep the whole intranet's text in
 * every process until the next change.
 */
import { describe, expect, it } from "vitest";
import { clearAudienceCache, forEveryone } from "~/presenters/audience-cache.server";
import { getDb } from "~/utils/db.server";

describe("per-audience cache bounds", () => {
  it("keeps up to 1,000 item pages, and empties itself for the next one", async () => {
    clearAudienceCache();
    const db = await getDb();
    let loads = 0;
    const page = (n: number) => forEveryone(db, `item-page|guide|page-${n}`, async () => (loads++, n));
    for (let n = 1; n <= 1000; n++) await page(n);
    expect(loads).toBe(1000);
    await page(1);
    expect(loads, "the first page is still kept").toBe(1000);
    await page(1001);
    expect(loads).toBe(1001);
    await page(1);
    expect(loads, "the cache was emptied past 1,000 item pages").toBe(1002);
    // Other kinds do not count towards the item pages' limit.
    clearAudienceCache();
    loads = 0;
    for (let n = 1; n <= 1200; n++) await forEveryone(db, `open-list|${n}`, async () => (loads++, n));
    await forEveryone(db, "open-list|1", async () => (loads++, 0));
    expect(loads).toBe(1200);
  });
});
