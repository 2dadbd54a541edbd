/**
 * Who may open an item. This is the single rule behind item pages, lists, home,
 * department and channel pages, feeds, exports, search, emails and notices: `canSeeItem`
 * for one item in memory and `visibleItemsSql` for SQL lists. tests/unit/audience.test.ts
 * checks the two agree; tests/access/model-rule.test.ts checks every model that returns
 * items applies one of them (or says why not).
 *
 * `audienceAdmits` is the audience part alone (no status, no public tier), for people
 * rather than sessions: owners and deputies (./ownership.server.ts) and `personInAudienceSql`.
 */
import type { Role } from "~/utils/roles";

export type Viewer = {
  id: number;
  email: string;
  name: string;
  role: Role;
  departmentId: number | null;
};

export type AudienceFacts = {
  status: string;
  audience: "everyone" | "departments" | "roles";
  isPublic: boolean;
  publishAt: string | null;
  expiresAt: string | null;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
};

/** Communications editors and admins can open everything that is live, whatever its audience. */
export function seesAllAudiences(viewer: Pick<Viewer, "role"> | null): boolean {
  return !!viewer && (viewer.role === "comms" || viewer.role === "admin");
}

/** Live = published (or expired, which stays readable at its address) and past its publish time. */
export function isLive(item: Pick<AudienceFacts, "status" | "publishAt">, now = new Date()): boolean {
  if (item.status !== "published" && item.status !== "expired") return false;
  return !item.publishAt || item.publishAt <= now.toISOString();
}

/** Listed = live and not expired: what lists, home, feeds and search show. */
export function isListed(item: Pick<AudienceFacts, "status" | "publishAt" | "expiresAt">, now = new Date()): boolean {
  return item.status === "published" && isLive(item, now) && (!item.expiresAt || item.expiresAt > now.toISOString());
}

/**
 * The audience part of the rule for one person, whatever the item's status. Departments
 * are compared by key, so content files (department slugs) and the database (ids) share it.
 */
export function audienceAdmits<K extends string | number>(
  person: { role: Role; departmentId: K | null },
  audience: { audience: AudienceFacts["audience"]; audienceDepartmentIds: readonly K[]; audienceRoles: readonly Role[] },
): boolean {
  if (seesAllAudiences(person) || audience.audience === "everyone") return true;
  if (audience.audience === "departments") return person.departmentId !== null && audience.audienceDepartmentIds.includes(person.departmentId);
  return audience.audienceRoles.includes(person.role);
}

export function inAudience(viewer: Viewer | null, item: AudienceFacts): boolean {
  if (!viewer) return item.isPublic;
  return audienceAdmits(viewer, item);
}

export function canSeeItem(viewer: Viewer | null, item: AudienceFacts, now = new Date()): boolean {
  return isLive(item, now) && inAudience(viewer, item);
}

/**
 * SQL condition equal to `inAudience(viewer, i) && isListed(i)` (or `isLive` when
 * `includeExpired`) for an `items` row aliased `alias`. Returns the clause and its
 * parameters, to be ANDed into a WHERE.
 */
export function visibleItemsSql(
  viewer: Viewer | null,
  alias = "i",
  options: { includeExpired?: boolean; now?: Date } = {},
): { sql: string; params: unknown[] } {
  const now = (options.now ?? new Date()).toISOString();
  const params: unknown[] = [];
  const live = options.includeExpired
    ? `${alias}.status IN ('published', 'expired') AND (${alias}.publish_at IS NULL OR ${alias}.publish_at <= ?)`
    : `${alias}.status = 'published' AND (${alias}.publish_at IS NULL OR ${alias}.publish_at <= ?) AND (${alias}.expires_at IS NULL OR ${alias}.expires_at > ?)`;
  params.push(now);
  if (!options.includeExpired) params.push(now);
  let audience: string;
  if (!viewer) audience = `${alias}.is_public = 1`;
  else if (seesAllAudiences(viewer)) audience = "1 = 1";
  else {
    audience = `(${alias}.audience = 'everyone'
      OR (${alias}.audience = 'departments' AND EXISTS (SELECT 1 FROM item_audience_departments ad WHERE ad.item_id = ${alias}.id AND ad.department_id = ?))
      OR (${alias}.audience = 'roles' AND EXISTS (SELECT 1 FROM item_audience_roles ar WHERE ar.item_id = ${alias}.id AND ar.role = ?)))`;
    params.push(viewer.departmentId ?? -1, viewer.role);
  }
  return { sql: `(${live}) AND ${audience}`, params };
}

/**
 * What a viewer's `visibleItemsSql` depends on besides the time: viewers with the same key
 * get the same clause and parameters at the same instant (tests/access/cache-leaks.test.ts
 * proves it for every role and department), so lists read through it may be shared among
 * them (app/presenters/audience-cache.server.ts). Change this together with visibleItemsSql.
 */
export function audienceKey(viewer: Pick<Viewer, "role" | "departmentId"> | null): string {
  if (!viewer) return "public";
  if (seesAllAudiences(viewer)) return "all";
  return `department:${viewer.departmentId ?? -1}|role:${viewer.role}`;
}

/**
 * SQL condition equal to `audienceAdmits(person, item)` for an `items` row aliased
 * `itemAlias` and a `users` row aliased `personAlias` (no parameters). Models use it to find
 * pages whose owner or deputy could not open them, and people who could take them over.
 */
export function personInAudienceSql(itemAlias = "i", personAlias = "u"): string {
  const i = itemAlias;
  const u = personAlias;
  return `(${u}.role IN ('comms', 'admin') OR ${i}.audience = 'everyone'
    OR (${i}.audience = 'departments' AND EXISTS (SELECT 1 FROM item_audience_departments pad WHERE pad.item_id = ${i}.id AND pad.department_id = ${u}.department_id))
    OR (${i}.audience = 'roles' AND EXISTS (SELECT 1 FROM item_audience_roles par WHERE par.item_id = ${i}.id AND par.role = ${u}.role)))`;
}
