/**
 * Reading policies and their versions. A policy is one `items` row; each version is a
 * `policy_versions` row pointing at the revision that holds its text. Versions published
 * in the future are not shown yet. Every list takes the viewer's visibility clause.
 */
import type { Queryable } from "~/utils/db.server";
import { findItemBySlug, ITEM_SUMMARY_COLUMNS, type ItemRow, type ItemSummary, type Page, type Visibility } from "./item.server";

export type PolicyVersion = {
  version: number;
  revisionId: number;
  effectiveOn: string;
  approvalRef: string;
  whatChanged: string;
  isMaterial: number;
  publishedAt: string;
};

/** A version together with the policy it belongs to, for "what's new" and "takes effect soon". */
export type PolicyChange = PolicyVersion & {
  slug: string;
  title: string;
  reference: string | null;
  departmentName: string | null;
};

/** A policy in the A–Z list with its current version. */
export type PolicySummary = ItemSummary & { currentVersion: number | null; effectiveOn: string | null };

const VERSION_COLUMNS = `pv.version, pv.revision_id AS revisionId, pv.effective_on AS effectiveOn,
  pv.approval_ref AS approvalRef, pv.what_changed AS whatChanged, pv.is_material AS isMaterial, pv.published_at AS publishedAt`;
const CHANGE_COLUMNS = `${VERSION_COLUMNS}, i.slug, i.title, i.reference, d.name AS departmentName`;

export function findPolicyBySlug(q: Queryable, slug: string): Promise<ItemRow | undefined> {
  return findItemBySlug(q, "policy", slug);
}

/** Published versions of one policy, newest first. */
export async function listPolicyVersions(q: Queryable, itemId: number, now = new Date()): Promise<PolicyVersion[]> {
  return q.all<PolicyVersion>(
    `SELECT ${VERSION_COLUMNS} FROM policy_versions pv WHERE pv.item_id = ? AND pv.published_at <= ? ORDER BY pv.version DESC`,
    [itemId, now.toISOString()],
  );
}

/** The highest revision id any version of the policy points at (published or not). */
export async function latestVersionRevisionId(q: Queryable, itemId: number): Promise<number | null> {
  const row = await q.get<{ id: number | null }>("SELECT MAX(revision_id) AS id FROM policy_versions WHERE item_id = ?", [itemId]);
  return row?.id ?? null;
}

/** The most recently published versions of policies the viewer may see ("what's new"). */
export async function listRecentPolicyChanges(q: Queryable, visibility: Visibility, limit: number, now = new Date()): Promise<PolicyChange[]> {
  return q.all<PolicyChange>(
    `SELECT ${CHANGE_COLUMNS} FROM policy_versions pv JOIN items i ON i.id = pv.item_id
       LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'policy' AND pv.published_at <= ? AND ${visibility.sql}
      ORDER BY pv.published_at DESC, pv.id DESC LIMIT ?`,
    [now.toISOString(), ...visibility.params, limit],
  );
}

/** Published versions whose effective date is after `today` (UK "YYYY-MM-DD"), soonest first. */
export async function listUpcomingPolicyChanges(q: Queryable, visibility: Visibility, today: string, limit = 20, now = new Date()): Promise<PolicyChange[]> {
  return q.all<PolicyChange>(
    `SELECT ${CHANGE_COLUMNS} FROM policy_versions pv JOIN items i ON i.id = pv.item_id
       LEFT JOIN departments d ON d.id = i.department_id
      WHERE i.type = 'policy' AND pv.published_at <= ? AND pv.effective_on > ? AND ${visibility.sql}
      ORDER BY pv.effective_on, i.title COLLATE NOCASE LIMIT ?`,
    [now.toISOString(), today, ...visibility.params, limit],
  );
}

/** Policies A–Z, optionally of one department, with their current version number and effective date. */
export async function listPolicies(
  q: Queryable,
  visibility: Visibility,
  filter: { departmentId?: number },
  paging: { limit: number; offset: number },
  now = new Date(),
): Promise<Page<PolicySummary>> {
  const dept = filter.departmentId !== undefined ? " AND i.department_id = ?" : "";
  const where = `i.type = 'policy' AND ${visibility.sql}${dept}`;
  const params = [...visibility.params, ...(filter.departmentId !== undefined ? [filter.departmentId] : [])];
  const [items, count] = await Promise.all([
    q.all<PolicySummary>(
      `SELECT ${ITEM_SUMMARY_COLUMNS}, pv.version AS currentVersion, pv.effective_on AS effectiveOn
         FROM items i LEFT JOIN departments d ON d.id = i.department_id
         LEFT JOIN policy_versions pv ON pv.item_id = i.id
           AND pv.version = (SELECT MAX(version) FROM policy_versions WHERE item_id = i.id AND published_at <= ?)
        WHERE ${where} ORDER BY i.title COLLATE NOCASE, i.id LIMIT ? OFFSET ?`,
      [now.toISOString(), ...params, paging.limit, paging.offset],
    ),
    q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM items i WHERE ${where}`, params),
  ]);
  return { items, total: count?.n ?? 0 };
}

/**
 * Which revision holds the text of a version: its own revision, except that the current
 * version also shows later edits saved without a new version (a typo fix).
 */
export async function revisionIdForVersion(q: Queryable, item: ItemRow, version: PolicyVersion | undefined, isCurrent: boolean): Promise<number | null> {
  if (!version) return item.currentRevisionId;
  if (isCurrent && item.currentRevisionId && item.currentRevisionId > ((await latestVersionRevisionId(q, item.id)) ?? 0))
    return item.currentRevisionId;
  return version.revisionId;
}

