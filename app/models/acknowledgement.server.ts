/**
 * Must-read items and who has confirmed them. Named records exist only here, and only
 * for must-read announcements and material policy versions (docs/privacy.md).
 *
 * Scope ("who is asked"): the people the item is addressed to, not everyone allowed to
 * open it. A person is in scope when the item's audience names them (everyone, their
 * department, their role) and, if the item was sent to particular departments, their home
 * department is one of them. Comms editors and admins can open everything, but are asked
 * only when the item is addressed to them like anyone else. See docs/decisions/072.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";
import { insertMany } from "./batch.server";

/**
 * SQL condition: user row `u` is in scope of item row `i`. No parameters, so it can be
 * used for one person (`u.id = ?`) or for a whole population (completion, reminders).
 */
export const IN_SCOPE_SQL = `u.active = 1
  AND (i.audience = 'everyone'
       OR (i.audience = 'departments' AND EXISTS (SELECT 1 FROM item_audience_departments sad WHERE sad.item_id = i.id AND sad.department_id = u.department_id))
       OR (i.audience = 'roles' AND EXISTS (SELECT 1 FROM item_audience_roles sar WHERE sar.item_id = i.id AND sar.role = u.role)))
  AND (NOT EXISTS (SELECT 1 FROM item_target_departments st WHERE st.item_id = i.id)
       OR EXISTS (SELECT 1 FROM item_target_departments st WHERE st.item_id = i.id AND st.department_id = u.department_id))`;

/**
 * SQL expression: the version a person must have confirmed for item `i`, or NULL when the
 * item asks for no confirmation. Announcements: 0 when must-read. Policies: the latest
 * published material version (a later non-material version does not ask again). A must-read
 * announcement asks again after each material correction (decision 171): its required version
 * is the number of material corrections.
 */
export const REQUIRED_VERSION_SQL = `(CASE
    WHEN i.type = 'announcement' AND i.must_read = 1 THEN (SELECT COUNT(*) FROM item_corrections ic WHERE ic.item_id = i.id AND ic.material = 1)
    WHEN i.type = 'policy' THEN (SELECT MAX(pv.version) FROM policy_versions pv
                                  WHERE pv.item_id = i.id AND pv.is_material = 1
                                    AND pv.published_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ELSE NULL END)`;

/**
 * Must-read candidates with their required version as `required_version`, in the shape of
 * an `items` row: alias it `i` and the audience clause from `visibleItemsSql` still applies.
 */
const MUST_READ_ITEMS = `(SELECT i.*, ${REQUIRED_VERSION_SQL} AS required_version FROM items i
   WHERE (i.type = 'announcement' AND i.must_read = 1) OR i.type = 'policy')`;

/** SQL condition: user `u` confirmed item `i` at (or after) its required version. */
const CONFIRMED_SQL =
  "EXISTS (SELECT 1 FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id AND a.version >= i.required_version)";

/**
 * SQL condition: user `u` was briefed in person on item `i` at (or after) its required
 * version (issue 18, decision 123). Counts as reached, beside confirming online.
 */
const BRIEFED_SQL = `EXISTS (SELECT 1 FROM briefing_attendees ba JOIN briefings b ON b.id = ba.briefing_id
   WHERE b.item_id = i.id AND ba.user_id = u.id AND b.version >= i.required_version)`;

export type MustReadItem = {
  id: number;
  type: "announcement" | "policy";
  slug: string;
  title: string;
  summary: string;
  priority: "normal" | "need-to-know" | "urgent";
  publishedAt: string | null;
  departmentId: number | null;
  requiredVersion: number;
};

const MUST_READ_COLUMNS = `i.id, i.type, i.slug, i.title, i.summary, i.priority, i.published_at AS publishedAt,
  i.department_id AS departmentId, i.required_version AS requiredVersion`;

type Visibility = { sql: string; params: unknown[] };

/** What this person is still asked to read and confirm, urgent first then newest. */
export async function listOutstandingForUser(q: Queryable, userId: number, visibility: Visibility): Promise<(MustReadItem & { effectiveOn: string | null })[]> {
  const { sql, params } = outstandingSql(userId, visibility);
  return q.all<MustReadItem & { effectiveOn: string | null }>(sql, params);
}

/** listOutstandingForUser's statement (also one part of the home page's one personal statement, app/models/home.server.ts). */
export function outstandingSql(userId: number, visibility: Visibility): { sql: string; params: unknown[] } {
  // A policy's date for the version to confirm comes in the same statement (one fewer per home page, decision 210).
  // The version to confirm is worked out once per item this person may see and is asked to
  // confirm (the MATERIALIZED step, decision 275): as a plain subquery the database copied its
  // expression (sub-selects over corrections and policy versions) into each place that reads
  // it, for every must-read item and policy of any status: about four times per item, per home page.
  // Must-read announcements and policies each through an index of their own (items_must_read,
  // items_listing), not by walking every published announcement for the few that are must-read.
  const asked = (kind: string) => `SELECT i.id, i.type, i.slug, i.title, i.summary, i.priority, i.published_at, i.department_id, u.id AS user_id,
               ${REQUIRED_VERSION_SQL} AS required_version
          FROM items i JOIN users u ON u.id = ?
         WHERE ${kind} AND ${visibility.sql} AND ${IN_SCOPE_SQL}`;
  return {
    sql: `WITH asked AS MATERIALIZED (
        ${asked("i.type = 'announcement' AND i.must_read = 1")}
        UNION ALL
        ${asked("i.type = 'policy'")})
      SELECT ${MUST_READ_COLUMNS},
        (SELECT pv.effective_on FROM policy_versions pv WHERE i.type = 'policy' AND pv.item_id = i.id AND pv.version = i.required_version) AS effectiveOn
       FROM asked i JOIN users u ON u.id = i.user_id
      WHERE i.required_version IS NOT NULL AND NOT ${CONFIRMED_SQL}
      ORDER BY i.priority = 'urgent' DESC, i.published_at DESC, i.id DESC`,
    params: [userId, ...visibility.params, userId, ...visibility.params],
  };
}

export type AcknowledgementStatus = {
  /** The version to confirm, or null when this item asks nothing of this person. */
  requiredVersion: number | null;
  inScope: boolean;
  confirmedAt: string | null;
};

/** Whether this item asks this person to confirm it, and whether they have. */
export async function getAcknowledgementStatus(q: Queryable, userId: number, itemId: number): Promise<AcknowledgementStatus> {
  const row = await q.get<{ v: number | null; inScope: number; confirmedAt: string | null }>(
    `SELECT i.required_version AS v, (${IN_SCOPE_SQL}) AS inScope,
        (SELECT MAX(a.acknowledged_at) FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id AND a.version >= i.required_version) AS confirmedAt
       FROM ${MUST_READ_ITEMS} i JOIN users u ON u.id = ? WHERE i.id = ?`,
    [userId, itemId],
  );
  if (!row) return { requiredVersion: null, inScope: false, confirmedAt: null };
  return { requiredVersion: row.v, inScope: row.inScope === 1, confirmedAt: row.confirmedAt };
}

/** The newest published version of a policy (what a confirmation now records). */
export async function currentPolicyVersion(q: Queryable, itemId: number): Promise<number | null> {
  const row = await q.get<{ v: number | null }>(
    "SELECT MAX(version) AS v FROM policy_versions WHERE item_id = ? AND published_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    [itemId],
  );
  return row?.v ?? null;
}

/** Records a confirmation; confirming twice keeps the first. Returns whether a row was added. */
export async function insertAcknowledgement(q: Queryable, itemId: number, userId: number, version: number, now = new Date().toISOString()): Promise<boolean> {
  const { changes } = await q.run(
    "INSERT INTO acknowledgements (item_id, user_id, version, acknowledged_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [itemId, userId, version, now],
  );
  return changes > 0;
}

/** Records many confirmations at once (the demo's generated history, decision 087); as above, a repeat keeps the first. */
export async function insertAcknowledgements(q: Queryable, rows: readonly { itemId: number; userId: number; version: number; at: string }[]): Promise<number> {
  return insertMany(
    q, "INSERT INTO acknowledgements (item_id, user_id, version, acknowledged_at)", 4,
    rows.map((r) => [r.itemId, r.userId, r.version, r.at]),
    "ON CONFLICT DO NOTHING",
  );
}

/* ---- Completion, for managers (their departments) and comms editors (all) ---- */

/** Must-read items that are live and listed for the viewer, newest first. */
export async function listMustReadItems(q: Queryable, visibility: Visibility): Promise<MustReadItem[]> {
  return q.all<MustReadItem>(
    `SELECT ${MUST_READ_COLUMNS} FROM ${MUST_READ_ITEMS} i
      WHERE i.type IN ('announcement', 'policy') AND i.required_version IS NOT NULL AND ${visibility.sql}
      ORDER BY i.published_at DESC, i.id DESC`,
    visibility.params,
  );
}

export async function findMustReadItem(q: Queryable, itemId: number): Promise<MustReadItem | undefined> {
  return q.get<MustReadItem>(
    `SELECT ${MUST_READ_COLUMNS} FROM ${MUST_READ_ITEMS} i WHERE i.id = ? AND i.type IN ('announcement', 'policy') AND i.required_version IS NOT NULL`,
    [itemId],
  );
}

/** `confirmed`: confirmed online; `briefed`: briefed in person; `reached`: either (decision 123). */
export type DepartmentCompletion = { departmentId: number; departmentSlug: string; departmentName: string; inScope: number; confirmed: number; briefed: number; reached: number };

function departmentFilter(departmentIds: number[] | null): { sql: string; params: number[] } {
  if (departmentIds === null) return { sql: "", params: [] };
  if (departmentIds.length === 0) return { sql: " AND 0", params: [] };
  return { sql: ` AND u.department_id IN (${departmentIds.map(() => "?").join(",")})`, params: departmentIds };
}

/**
 * For one item: per department (all when `departmentIds` is null), how many people are in
 * scope and how many have confirmed. Departments with nobody in scope are left out.
 */
export async function completionByDepartment(q: Queryable, itemId: number, departmentIds: number[] | null): Promise<DepartmentCompletion[]> {
  const f = departmentFilter(departmentIds);
  return q.all<DepartmentCompletion>(
    `SELECT d.id AS departmentId, d.slug AS departmentSlug, d.name AS departmentName, COUNT(*) AS inScope,
        SUM(CASE WHEN ${CONFIRMED_SQL} THEN 1 ELSE 0 END) AS confirmed,
        SUM(CASE WHEN ${BRIEFED_SQL} THEN 1 ELSE 0 END) AS briefed,
        SUM(CASE WHEN ${CONFIRMED_SQL} OR ${BRIEFED_SQL} THEN 1 ELSE 0 END) AS reached
       FROM ${MUST_READ_ITEMS} i JOIN users u JOIN departments d ON d.id = u.department_id
      WHERE i.id = ? AND i.required_version IS NOT NULL AND ${IN_SCOPE_SQL}${f.sql}
      GROUP BY d.id ORDER BY d.name COLLATE NOCASE`,
    [itemId, ...f.params],
  );
}

export type PersonConfirmation = {
  userId: number;
  name: string;
  email: string;
  jobTitle: string;
  departmentName: string;
  confirmedAt: string | null;
  /** The day they were briefed in person (YYYY-MM-DD), or null (decision 123). */
  briefedOn: string | null;
  /** 0: no email address (issue 18): email reminders do not reach them; the manager reminds them in person. */
  hasEmail: number;
};

/** Everyone in scope in the given departments, with when they confirmed (null: outstanding), by department then name. */
export async function listPeopleInScope(q: Queryable, itemId: number, departmentIds: number[] | null): Promise<PersonConfirmation[]> {
  const f = departmentFilter(departmentIds);
  return q.all<PersonConfirmation>(
    `SELECT u.id AS userId, u.name, u.email, u.job_title AS jobTitle, d.name AS departmentName, CASE WHEN u.email_missing = 1 THEN 0 ELSE 1 END AS hasEmail,
        (SELECT MIN(a.acknowledged_at) FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id AND a.version >= i.required_version) AS confirmedAt,
        (SELECT MIN(b.briefed_on) FROM briefing_attendees ba JOIN briefings b ON b.id = ba.briefing_id
          WHERE b.item_id = i.id AND ba.user_id = u.id AND b.version >= i.required_version) AS briefedOn
       FROM ${MUST_READ_ITEMS} i JOIN users u JOIN departments d ON d.id = u.department_id
      WHERE i.id = ? AND i.required_version IS NOT NULL AND ${IN_SCOPE_SQL}${f.sql}
      ORDER BY d.name COLLATE NOCASE, u.name COLLATE NOCASE`,
    [itemId, ...f.params],
  );
}

/* ---- Recipients, for delivery ---- */

export type Recipient = { id: number; email: string; name: string; role: Role; departmentId: number | null };

/** Active people in scope of an item (whether or not it asks for confirmation): who an alert goes to. */
export async function listRecipientsInScope(q: Queryable, itemId: number): Promise<Recipient[]> {
  return q.all<Recipient>(
    `SELECT u.id, u.email, u.name, u.role, u.department_id AS departmentId FROM items i JOIN users u
      WHERE i.id = ? AND ${IN_SCOPE_SQL} ORDER BY u.id`,
    [itemId],
  );
}

/** People in scope who have neither confirmed the required version nor been briefed on it in person: who a reminder goes to. */
export async function listOutstandingRecipients(q: Queryable, itemId: number): Promise<(Recipient & { requiredVersion: number })[]> {
  return q.all(
    `SELECT u.id, u.email, u.name, u.role, u.department_id AS departmentId, i.required_version AS requiredVersion
       FROM ${MUST_READ_ITEMS} i JOIN users u
      WHERE i.id = ? AND i.required_version IS NOT NULL AND ${IN_SCOPE_SQL} AND NOT ${CONFIRMED_SQL} AND NOT ${BRIEFED_SQL} ORDER BY u.id`,
    [itemId],
  );
}

/** Live must-read items whose required version was published (`askedAt`) in [from, to): candidates for reminders. */
export async function listMustReadPublishedBetween(q: Queryable, from: string, to: string, visibility: Visibility): Promise<(MustReadItem & { askedAt: string })[]> {
  return q.all<MustReadItem & { askedAt: string }>(
    `SELECT * FROM (SELECT ${MUST_READ_COLUMNS},
        COALESCE((SELECT MAX(pv.published_at) FROM policy_versions pv WHERE pv.item_id = i.id AND pv.version = i.required_version), i.published_at) AS askedAt
       FROM ${MUST_READ_ITEMS} i WHERE i.type IN ('announcement', 'policy') AND i.required_version IS NOT NULL AND ${visibility.sql})
      WHERE askedAt >= ? AND askedAt < ? ORDER BY askedAt`,
    [...visibility.params, from, to],
  );
}

export type PolicyVersionFacts = { version: number; isMaterial: number; publishedAt: string; whatChanged: string; effectiveOn: string };

/** The newest published version of a policy, with whether it is material and what changed. */
export async function latestPolicyVersion(q: Queryable, itemId: number): Promise<PolicyVersionFacts | undefined> {
  return q.get<PolicyVersionFacts>(
    `SELECT version, is_material AS isMaterial, published_at AS publishedAt, what_changed AS whatChanged, effective_on AS effectiveOn
       FROM policy_versions WHERE item_id = ? AND published_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      ORDER BY version DESC LIMIT 1`,
    [itemId],
  );
}
