/**
 * Who owns a page (guides and policies) and who could take it over. Owner and deputy are
 * stored on items by email (owner_email, deputy_email), as the Markdown front matter names
 * them; ownership_changes keeps the history of hand-overs.
 */
import { personInAudienceSql } from "~/access/audience.server";
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import type { AudienceKind } from "./item.server";

/** Pages that have owners: guides and policies that are not archived. */
export const OWNED_TYPES_SQL = "i.type IN ('guide', 'policy') AND i.status <> 'archived'";

export type OwnedPage = {
  id: number;
  type: "guide" | "policy";
  slug: string;
  title: string;
  status: string;
  departmentId: number | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
  /** Who the page is for, so hand-overs choose people who can open it. */
  audience: AudienceKind;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
};

export type Person = { id: number; email: string; name: string; role: Role; departmentId: number | null; active: number };

const PAGE_COLUMNS = `i.id, i.type, i.slug, i.title, i.status, i.department_id AS departmentId,
  i.owner_email AS ownerEmail, i.deputy_email AS deputyEmail, i.audience,
  (SELECT group_concat(ad.department_id) FROM item_audience_departments ad WHERE ad.item_id = i.id) AS audienceDepartmentsCsv,
  (SELECT group_concat(ar.role) FROM item_audience_roles ar WHERE ar.item_id = i.id) AS audienceRolesCsv`;
type PageRow = Omit<OwnedPage, "audienceDepartmentIds" | "audienceRoles"> & { audienceDepartmentsCsv: string | null; audienceRolesCsv: string | null };

function toPage({ audienceDepartmentsCsv, audienceRolesCsv, ...row }: PageRow): OwnedPage {
  return {
    ...row,
    audienceDepartmentIds: audienceDepartmentsCsv ? audienceDepartmentsCsv.split(",").map(Number) : [],
    audienceRoles: audienceRolesCsv ? (audienceRolesCsv.split(",") as Role[]) : [],
  };
}
const pages = async (rows: Promise<PageRow[]>) => (await rows).map(toPage);
const PERSON_COLUMNS = "u.id, u.email, u.name, u.role, u.department_id AS departmentId, u.active";

export async function findOwnedPage(q: Queryable, itemId: number): Promise<OwnedPage | undefined> {
  const row = await q.get<PageRow>(`SELECT ${PAGE_COLUMNS} FROM items i WHERE i.id = ? AND ${OWNED_TYPES_SQL}`, [itemId]);
  return row && toPage(row);
}

/** Pages where this person is the owner or the deputy. */
export async function listPagesOwnedOrDeputisedBy(q: Queryable, email: string): Promise<OwnedPage[]> {
  return pages(q.all<PageRow>(
    `SELECT ${PAGE_COLUMNS} FROM items i
      WHERE ${OWNED_TYPES_SQL} AND (i.owner_email = ? COLLATE NOCASE OR i.deputy_email = ? COLLATE NOCASE)
      ORDER BY i.id`,
    [email, email],
  ));
}

/**
 * Pages whose owner cannot look after them: no owner at all, or an owner whose account is
 * deactivated. Owners named in content who have no account yet (they may arrive through
 * single sign-on) are not handed over; the content-health page lists them instead.
 */
export async function listPagesNeedingOwner(q: Queryable): Promise<OwnedPage[]> {
  return pages(q.all<PageRow>(
    `SELECT ${PAGE_COLUMNS} FROM items i
      WHERE ${OWNED_TYPES_SQL}
        AND (i.owner_email IS NULL OR trim(i.owner_email) = ''
             OR EXISTS (SELECT 1 FROM users u WHERE u.email = i.owner_email COLLATE NOCASE AND u.active = 0))
      ORDER BY i.id`,
  ));
}

/** Pages whose deputy's account is deactivated. */
export async function listPagesWithInactiveDeputy(q: Queryable): Promise<OwnedPage[]> {
  return pages(q.all<PageRow>(
    `SELECT ${PAGE_COLUMNS} FROM items i
      WHERE ${OWNED_TYPES_SQL} AND i.deputy_email IS NOT NULL
        AND EXISTS (SELECT 1 FROM users u WHERE u.email = i.deputy_email COLLATE NOCASE AND u.active = 0)
      ORDER BY i.id`,
  ));
}

/**
 * Pages whose owner or deputy has an active account the page's audience does not admit
 * (the ownership rule, app/access/ownership.server.ts): `keeper` says which of the two.
 */
export async function listPagesWithKeeperOutsideAudience(q: Queryable): Promise<(OwnedPage & { keeper: "owner" | "deputy" })[]> {
  const outside = (column: string) =>
    `EXISTS (SELECT 1 FROM users u WHERE u.email = i.${column} COLLATE NOCASE AND u.active = 1 AND NOT ${personInAudienceSql("i", "u")})`;
  const rows = await q.all<PageRow & { keeper: "owner" | "deputy" }>(
    `SELECT ${PAGE_COLUMNS}, 'owner' AS keeper FROM items i WHERE ${OWNED_TYPES_SQL} AND ${outside("owner_email")}
     UNION ALL
     SELECT ${PAGE_COLUMNS}, 'deputy' AS keeper FROM items i WHERE ${OWNED_TYPES_SQL} AND ${outside("deputy_email")}
     ORDER BY 1, keeper DESC`,
  );
  return rows.map(({ keeper, ...row }) => ({ ...toPage(row), keeper }));
}

export async function findPersonByEmail(q: Queryable, email: string): Promise<Person | undefined> {
  return q.get<Person>(`SELECT ${PERSON_COLUMNS} FROM users u WHERE u.email = ? COLLATE NOCASE`, [email]);
}

export async function findPersonById(q: Queryable, id: number): Promise<Person | undefined> {
  return q.get<Person>(`SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id = ?`, [id]);
}

/**
 * Active people with a role in a department: their home department, or one an admin
 * granted them (a champion for two services). Those who already own fewest pages come
 * first, so hand-overs spread the work.
 */
export async function listActiveInDepartmentByRole(q: Queryable, departmentId: number, role: Role): Promise<Person[]> {
  return q.all<Person>(
    `SELECT ${PERSON_COLUMNS} FROM users u
      WHERE u.active = 1 AND u.role = ?
        AND (u.department_id = ? OR EXISTS (SELECT 1 FROM department_grants g WHERE g.user_id = u.id AND g.department_id = ?))
      ORDER BY (SELECT COUNT(*) FROM items i WHERE ${OWNED_TYPES_SQL} AND i.owner_email = u.email COLLATE NOCASE),
               (u.department_id = ?) DESC, u.name COLLATE NOCASE, u.id`,
    [role, departmentId, departmentId, departmentId],
  );
}

/** Active people with a role anywhere (the comms editors who are everyone's last resort). */
export async function listActiveByRole(q: Queryable, role: Role): Promise<Person[]> {
  return q.all<Person>(
    `SELECT ${PERSON_COLUMNS} FROM users u WHERE u.active = 1 AND u.role = ?
      ORDER BY (SELECT COUNT(*) FROM items i WHERE ${OWNED_TYPES_SQL} AND i.owner_email = u.email COLLATE NOCASE),
               u.name COLLATE NOCASE, u.id`,
    [role],
  );
}

export async function setPageOwner(q: Queryable, itemId: number, email: string | null, now: string): Promise<void> {
  await q.run("UPDATE items SET owner_email = ?, updated_at = ? WHERE id = ?", [email, now, itemId]);
}

export async function setPageDeputy(q: Queryable, itemId: number, email: string | null, now: string): Promise<void> {
  await q.run("UPDATE items SET deputy_email = ?, updated_at = ? WHERE id = ?", [email, now, itemId]);
}

export type OwnershipChange = {
  itemId: number;
  role: "owner" | "deputy";
  fromEmail: string | null;
  toEmail: string | null;
  reason: string;
  actorId: number | null;
};

export async function recordOwnershipChange(q: Queryable, change: OwnershipChange, now: string): Promise<void> {
  await q.run(
    "INSERT INTO ownership_changes (item_id, role, from_email, to_email, reason, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [change.itemId, change.role, change.fromEmail, change.toEmail, change.reason, change.actorId, now],
  );
}

export async function listOwnershipChanges(q: Queryable, itemId: number): Promise<(OwnershipChange & { at: string })[]> {
  return q.all(
    `SELECT item_id AS itemId, role, from_email AS fromEmail, to_email AS toEmail, reason, actor_id AS actorId, at
       FROM ownership_changes WHERE item_id = ? ORDER BY at DESC, id DESC`,
    [itemId],
  );
}
