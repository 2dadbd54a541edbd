/**
 * What the demo's activity generator (commands/demo-activity.server.ts, decision 087) reads
 * to decide who could have done what: the live pages with their audience, and who each
 * must-read asks. The rules are the live ones: the audience facts go through
 * `audienceAdmits`, and who is asked to confirm is `IN_SCOPE_SQL`, as for completion pages.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { IN_SCOPE_SQL, REQUIRED_VERSION_SQL } from "./acknowledgement.server";
import type { ItemType } from "./item.server";

export type ActivityItem = {
  id: number;
  type: ItemType;
  slug: string;
  title: string;
  status: "published" | "expired";
  audience: "everyone" | "departments" | "roles";
  isPublic: number;
  mustRead: number;
  priority: "normal" | "need-to-know" | "urgent";
  publishedAt: string;
  expiresAt: string | null;
  departmentId: number | null;
  ownerEmail: string | null;
  lastReviewedOn: string | null;
  reviewBy: string | null;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
  targetDepartmentIds: number[];
};

const ids = (csv: string | null) => (csv ? csv.split(",").map(Number) : []);

/** Items that are live (published or expired, published by `now`), with their audience and targets. */
export async function listItemsForActivity(q: Queryable, now: string): Promise<ActivityItem[]> {
  const rows = await q.all<Omit<ActivityItem, "audienceDepartmentIds" | "audienceRoles" | "targetDepartmentIds"> & { ad: string | null; ar: string | null; td: string | null }>(
    `SELECT i.id, i.type, i.slug, i.title, i.status, i.audience, i.is_public AS isPublic, i.must_read AS mustRead, i.priority,
        i.published_at AS publishedAt, i.expires_at AS expiresAt, i.department_id AS departmentId, i.owner_email AS ownerEmail,
        i.last_reviewed_on AS lastReviewedOn, i.review_by AS reviewBy,
        (SELECT group_concat(department_id) FROM item_audience_departments WHERE item_id = i.id) AS ad,
        (SELECT group_concat(role) FROM item_audience_roles WHERE item_id = i.id) AS ar,
        (SELECT group_concat(department_id) FROM item_target_departments WHERE item_id = i.id) AS td
       FROM items i WHERE i.status IN ('published', 'expired') AND i.published_at IS NOT NULL AND i.published_at <= ?
      ORDER BY i.id`,
    [now],
  );
  return rows.map(({ ad, ar, td, ...item }) => ({
    ...item,
    audienceDepartmentIds: ids(ad),
    audienceRoles: (ar ? ar.split(",") : []) as Role[],
    targetDepartmentIds: ids(td),
  }));
}

export type MustReadAsk = { itemId: number; version: number; askedAt: string };

/**
 * Must-read items as the completion pages count them (the required version, asked when it
 * was published) with, for each, the generated people asked: `IN_SCOPE_SQL` applied to
 * them. Only live items; `now` is the generator's clock.
 */
export async function listMustReadAsksOfGeneratedPeople(q: Queryable, now: string): Promise<{ asks: MustReadAsk[]; inScope: { itemId: number; userId: number }[] }> {
  const asks = await q.all<MustReadAsk>(
    `SELECT id AS itemId, required_version AS version,
        COALESCE((SELECT MAX(pv.published_at) FROM policy_versions pv WHERE pv.item_id = m.id AND pv.version = m.required_version), m.published_at) AS askedAt
       FROM (SELECT i.*, ${REQUIRED_VERSION_SQL} AS required_version FROM items i
              WHERE ((i.type = 'announcement' AND i.must_read = 1) OR i.type = 'policy')
                AND i.status IN ('published', 'expired') AND i.published_at <= ?) m
      WHERE m.required_version IS NOT NULL ORDER BY m.id`,
    [now],
  );
  if (asks.length === 0) return { asks, inScope: [] };
  const inScope = await q.all<{ itemId: number; userId: number }>(
    `SELECT i.id AS itemId, u.id AS userId FROM items i JOIN users u
      WHERE i.id IN (${asks.map(() => "?").join(",")}) AND u.generated = 1 AND ${IN_SCOPE_SQL} ORDER BY i.id, u.id`,
    asks.map((a) => a.itemId),
  );
  return { asks, inScope };
}
