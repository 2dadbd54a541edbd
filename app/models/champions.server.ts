/**
 * The champions network (decision 137): who the champions are, what they wrote or own
 * (guides the viewer may open only: `visibility` from `visibleItemsSql`, alias `i`), how many
 * knowledge requests they answered. Events they run are read through event.server.ts and
 * filtered with canSeeEvent by the presenter.
 */
import type { Queryable } from "~/utils/db.server";
import { ITEM_SUMMARY_COLUMNS, type ItemSummary, type Visibility } from "./item.server";

export type ChampionRow = {
  id: number; email: string; name: string; handle: string | null; jobTitle: string; departmentId: number | null; departmentName: string | null; departmentSlug: string | null;
};

/** Active knowledge champions, by department then name. */
export async function listChampions(q: Queryable): Promise<ChampionRow[]> {
  return q.all<ChampionRow>(
    `SELECT u.id, u.email, u.name, p.handle, u.job_title AS jobTitle, u.department_id AS departmentId, d.name AS departmentName, d.slug AS departmentSlug
       FROM users u LEFT JOIN people_profiles p ON p.user_id = u.id LEFT JOIN departments d ON d.id = u.department_id
      WHERE u.active = 1 AND u.role = 'champion' ORDER BY COALESCE(d.name, 'zzz') COLLATE NOCASE, u.name COLLATE NOCASE, u.id`,
  );
}

/** "Ask me about" tags of these people. */
export async function listExpertiseFor(q: Queryable, ids: readonly number[]): Promise<{ userId: number; tag: string }[]> {
  if (!ids.length) return [];
  return q.all(`SELECT user_id AS userId, tag FROM people_expertise WHERE user_id IN (${ids.map(() => "?").join(", ")}) ORDER BY tag`, [...ids]);
}

/** Guides the viewer may open that these people wrote or own, newest first. */
export async function listGuidesOfPeople(
  q: Queryable, visibility: Visibility, people: readonly { id: number; email: string }[],
): Promise<(ItemSummary & { authorId: number | null; ownerEmail: string | null })[]> {
  if (!people.length) return [];
  const ids = people.map((p) => p.id);
  const emails = people.map((p) => p.email.toLowerCase());
  return q.all(
    `SELECT ${ITEM_SUMMARY_COLUMNS}, i.author_id AS authorId, lower(i.owner_email) AS ownerEmail
       FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'guide' AND ${visibility.sql}
        AND (i.author_id IN (${ids.map(() => "?").join(", ")}) OR lower(i.owner_email) IN (${emails.map(() => "?").join(", ")}))
      ORDER BY COALESCE(i.published_at, '') DESC, i.id DESC`,
    [...visibility.params, ...ids, ...emails],
  );
}

/** Items the viewer may open among these ids (titles for links, e.g. a thank-you note's guide). */
export async function listVisibleItemsByIds(q: Queryable, visibility: Visibility, ids: readonly number[]): Promise<ItemSummary[]> {
  if (!ids.length) return [];
  return q.all<ItemSummary>(
    `SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.id IN (${ids.map(() => "?").join(", ")}) AND ${visibility.sql}`,
    [...ids, ...visibility.params],
  );
}

/** Knowledge requests each person closed as answered (requests are read by everyone: no item data). */
export async function countRequestsAnsweredBy(q: Queryable, ids: readonly number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await q.all<{ id: number; n: number }>(
    `SELECT closed_by AS id, COUNT(*) AS n FROM knowledge_requests WHERE status = 'answered' AND closed_by IN (${ids.map(() => "?").join(", ")}) GROUP BY closed_by`,
    [...ids],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Events each person organises or co-organises (ids; the presenter asks canSeeEvent of each). */
export async function listEventIdsRunBy(q: Queryable, ids: readonly number[]): Promise<{ userId: number; eventId: number }[]> {
  if (!ids.length) return [];
  const marks = ids.map(() => "?").join(", ");
  return q.all(
    `SELECT organiser_id AS userId, id AS eventId FROM events WHERE organiser_id IN (${marks}) AND status <> 'draft'
     UNION SELECT o.user_id AS userId, o.event_id AS eventId FROM event_organisers o JOIN events e ON e.id = o.event_id WHERE o.user_id IN (${marks}) AND e.status <> 'draft'`,
    [...ids, ...ids],
  );
}
