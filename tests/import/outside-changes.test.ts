/**
 * `npm run import` beside a live intranet: the import records what it changed in
 * content_change_log, and the server's leader follows that table. In process here; the
 * real thing (a running server, the import CLI, a search) is in
 * tests/reliability/outside-import.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followOutsideChanges, recordOutsideChanges } from "~/commands/outside-changes.server";
import { listContentChangesAfter, pruneContentChanges } from "~/models/content-change-log.server";
import { getDb } from "~/utils/db.server";
import { onContentChanged, type ContentChanged } from "~/utils/events.server";

const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});


describe("changes made outside the server", () => {
  it("are announced by the follower as content-changed events, each once, from the moment it starts", async () => {
    await recordOutsideChanges([1, 2], "import"); // before the follower starts: skipped
    const heard: ContentChanged[] = [];
    stops.push(onContentChanged((e) => void heard.push(e)));
    stops.push(await followOutsideChanges({ everyMs: 20 }));
    await recordOutsideChanges([7, 8, 7], "import");
    await recordOutsideChanges([], "import"); // nothing changed: nothing written
    await recordOutsideChanges([9], "archive");
    await expect.poll(() => heard.length, { timeout: 5_000, interval: 10 }).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual([
      { itemIds: [7, 8], reason: "import" },
      { itemIds: [9], reason: "archive" },
    ]);
  });

  it("reads a damaged row as no items and an unknown reason as an edit, and keeps going", async () => {
    const db = await getDb();
    const heard: ContentChanged[] = [];
    stops.push(onContentChanged((e) => void heard.push(e)));
    stops.push(await followOutsideChanges({ everyMs: 20 }));
    await db.run("INSERT INTO content_change_log (item_ids, reason) VALUES ('not json', 'import'), ('[3, \"x\", -1, 4.5]', 'mystery'), ('[5]', 'import')");
    await expect.poll(() => heard.length, { timeout: 5_000, interval: 10 }).toBeGreaterThanOrEqual(2);
    expect(heard).toEqual([
      { itemIds: [3], reason: "edit" },
      { itemIds: [5], reason: "import" },
    ]);
  });

  it("forgets rows older than a week", async () => {
    const db = await getDb();
    await db.run("INSERT INTO content_change_log (item_ids, reason, created_at) VALUES ('[1]', 'import', '2026-01-01T00:00:00.000Z')");
    await recordOutsideChanges([2], "import");
    const before = await listContentChangesAfter(db, 0);
    expect(await pruneContentChanges(db, new Date(Date.now() - 7 * 86_400_000).toISOString())).toBe(1);
    const after = await listContentChangesAfter(db, 0);
    expect(after).toHaveLength(before.length - 1);
    expect(after.at(-1)!.itemIds).toEqual([2]);
    expect(await db.all("SELECT id FROM content_change_log WHERE created_at < '2026-02-01'")).toEqual([]);
  });
});
