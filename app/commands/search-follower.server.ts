/**
 * The search index's follower of the change feed (decision 090). Items that changed are
 * re-read by the index (hidden from results until then); a renamed department re-reads
 * the items filed under it (their facets show its name); a glossary change makes the next
 * search read the glossary again. The cursor is saved only once the index has applied the
 * batch, so a crash replays it: re-reading an unchanged item costs a stamp comparison.
 *
 * Started before the index loads: changes that arrive while it loads are held and applied
 * once it is ready, and a change missed while search was down is found by the start-up
 * comparison of every item with the persisted index.
 */
import { listItemIdsInDepartments } from "~/models/change-feed.server";
import { getDb } from "~/utils/db.server";
import { forgetSearchGlossary, searchIndex, setSearchFreshness } from "~/utils/search.server";
import { followChanges, followerCaughtUp } from "./change-feed.server";

/** How long a search waits for the follower before answering from what the index has. */
const FRESHNESS_WAIT_MS = 250;

export async function followChangesIntoSearch(): Promise<() => Promise<void>> {
  const stop = await followChanges("search", async (rows) => {
    const itemIds = new Set<number>();
    const departmentIds = new Set<number>();
    for (const row of rows) {
      if (row.entity === "item") itemIds.add(row.entityId);
      else if (row.entity === "department") departmentIds.add(row.entityId);
      else if (row.entity === "glossary") forgetSearchGlossary();
    }
    for (const id of await listItemIdsInDepartments(await getDb(), [...departmentIds])) itemIds.add(id);
    const index = searchIndex();
    if (!index || itemIds.size === 0) return;
    index.changed([...itemIds]);
    await index.whenIdle();
  });
  // Every search first lets the follower catch up with what is committed (a few milliseconds
  // at most), so results, totals, facets and "did you mean" agree with the database.
  setSearchFreshness((seenFeedId) => followerCaughtUp("search", FRESHNESS_WAIT_MS, seenFeedId));
  return async () => {
    setSearchFreshness(null);
    await stop();
  };
}
