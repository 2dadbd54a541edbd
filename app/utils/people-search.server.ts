/**
 * People in search (issue 20, decision 141): the per-process people index, kept fresh from
 * `people_changes` (decision 140). Before each search the rows after the index's position
 * are read (a primary-key range, usually empty) and those people re-read, so a profile saved
 * a moment ago, in this process or another, is found by the next search, and a switched-off
 * account is gone from it. Every process that serves pages holds its own copy (5,000 people
 * are a few megabytes), so no inter-process call is needed.
 */
import lunr from "lunr";
import { latestPeopleChange, listCardsByIds, listPeopleChangedAfter, listPeopleForIndex, type PersonCard, type PersonIndexRow } from "~/models/people.server";
import { createAnalyzer } from "~/search/analyzer.server";
import { PeopleIndex } from "~/search/people-index.server";
import { getDb, type Queryable } from "./db.server";

type State = { index: PeopleIndex; position: number };
let state: Promise<State> | null = null;
let refreshing: Promise<void> | null = null;

function apply(index: PeopleIndex, rows: PersonIndexRow[], ids: readonly number[]): void {
  const seen = new Set<number>();
  for (const r of rows) {
    seen.add(r.id);
    if (r.active) index.put(r);
    else index.remove(r.id);
  }
  for (const id of ids) if (!seen.has(id)) index.remove(id);
}

async function build(q: Queryable): Promise<State> {
  const index = new PeopleIndex(createAnalyzer(lunr));
  // The position first: a change committed while the rows are read is read again, never lost.
  const position = await latestPeopleChange(q);
  apply(index, await listPeopleForIndex(q), []);
  return { index, position };
}

/** The index, caught up with every committed change. */
export async function peopleIndex(): Promise<PeopleIndex> {
  const db = await getDb();
  state ??= build(db).catch((err) => {
    state = null;
    throw err;
  });
  const s = await state;
  refreshing ??= (async () => {
    for (;;) {
      const { ids, last } = await listPeopleChangedAfter(db, s.position);
      if (last === s.position) return;
      apply(s.index, ids.length ? await listPeopleForIndex(db, ids) : [], ids);
      s.position = last;
    }
  })().finally(() => (refreshing = null));
  await refreshing;
  return s.index;
}

/** Forget the index (tests that swap databases). */
export function resetPeopleIndex(): void {
  state = null;
  refreshing = null;
}

export type PeopleResults = { total: number; people: (PersonCard & { matchedExpertise: string[] })[] };

/**
 * People matching `text` for a signed-in viewer: active people only (the index holds no
 * one else), with the fields every signed-in person may see (access/people.server.ts).
 */
export async function searchPeople(text: string, limit = 5): Promise<PeopleResults> {
  const trimmed = text.trim().slice(0, 200);
  if (!trimmed) return { total: 0, people: [] };
  const index = await peopleIndex();
  const { total, hits } = index.search(trimmed, limit);
  const cards = await listCardsByIds(await getDb(), hits.map((h) => h.id));
  const byId = new Map(hits.map((h) => [h.id, h]));
  return { total, people: cards.map((c) => ({ ...c, matchedExpertise: byId.get(c.id)?.matchedExpertise ?? [] })) };
}
