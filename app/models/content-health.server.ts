/**
 * Whether knowledge pages are current: review dates, reminders sent, "reviewed" records,
 * and the stale / overdue / ownerless view for the content-health dashboard.
 * Dates are UK calendar days "YYYY-MM-DD", compared as strings.
 */
import { personInAudienceSql } from "~/access/audience.server";
import type { Queryable } from "~/utils/db.server";
import type { Visibility } from "./item.server";
import { OWNED_TYPES_SQL, type Person } from "./ownership.server";

/* ---- Settings ---- */

export type KnowledgeSettingKey = "review_reminder_days" | "stale_after_months";
export const SETTING_DEFAULTS: Record<KnowledgeSettingKey, number> = { review_reminder_days: 30, stale_after_months: 12 };

export async function getKnowledgeSetting(q: Queryable, key: KnowledgeSettingKey): Promise<number> {
  const row = await q.get<{ value: string }>("SELECT value FROM knowledge_settings WHERE key = ?", [key]);
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : SETTING_DEFAULTS[key];
}

export async function setKnowledgeSetting(q: Queryable, key: KnowledgeSettingKey, value: number, userId: number | null, now: string): Promise<void> {
  await q.run(
    `INSERT INTO knowledge_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [key, String(value), userId, now],
  );
}

/* ---- Reviews and reminders ---- */

export type ReviewablePage = {
  id: number;
  type: "guide" | "policy";
  slug: string;
  title: string;
  status: string;
  departmentId: number | null;
  departmentName: string | null;
  ownerEmail: string | null;
  ownerName: string | null;
  deputyEmail: string | null;
  deputyName: string | null;
  lastReviewedOn: string | null;
  reviewBy: string | null;
  /** A publish time ahead marks a page as scheduled (its status label). */
  publishAt: string | null;
};

const REVIEWABLE_COLUMNS = `i.id, i.type, i.slug, i.title, i.status, i.department_id AS departmentId, d.name AS departmentName,
  i.owner_email AS ownerEmail, o.name AS ownerName, i.deputy_email AS deputyEmail, dp.name AS deputyName,
  i.last_reviewed_on AS lastReviewedOn, i.review_by AS reviewBy, i.publish_at AS publishAt`;
const REVIEWABLE_FROM = `items i LEFT JOIN departments d ON d.id = i.department_id
  LEFT JOIN users o ON o.email = i.owner_email COLLATE NOCASE
  LEFT JOIN users dp ON dp.email = i.deputy_email COLLATE NOCASE`;

export async function findReviewablePage(q: Queryable, itemId: number): Promise<ReviewablePage | undefined> {
  return q.get<ReviewablePage>(`SELECT ${REVIEWABLE_COLUMNS} FROM ${REVIEWABLE_FROM} WHERE i.id = ? AND ${OWNED_TYPES_SQL}`, [itemId]);
}

/** Published pages with a review date on or before `dueBy` (so: due soon, or overdue). */
export async function listPagesDueForReview(q: Queryable, dueBy: string): Promise<ReviewablePage[]> {
  return q.all<ReviewablePage>(
    `SELECT ${REVIEWABLE_COLUMNS} FROM ${REVIEWABLE_FROM}
      WHERE ${OWNED_TYPES_SQL} AND i.status = 'published' AND i.review_by IS NOT NULL AND i.review_by <= ?
      ORDER BY i.review_by, i.id`,
    [dueBy],
  );
}

/**
 * Pages this person owns or deputises and may see in a list of their own pages (`listing`,
 * from `listedOrEditableSql`: live pages they may open, and drafts or pages in review they
 * may edit), soonest review first. Archived pages never.
 */
export async function listReviewQueue(q: Queryable, email: string, listing: Visibility): Promise<ReviewablePage[]> {
  return q.all<ReviewablePage>(
    `SELECT ${REVIEWABLE_COLUMNS} FROM ${REVIEWABLE_FROM}
      WHERE ${OWNED_TYPES_SQL} AND (i.owner_email = ? COLLATE NOCASE OR i.deputy_email = ? COLLATE NOCASE) AND ${listing.sql}
      ORDER BY i.review_by IS NULL, i.review_by, i.title COLLATE NOCASE`,
    [email, email, ...listing.params],
  );
}

/**
 * Overdue published pages in the given departments that the manager may open (`visibility`,
 * the audience rule's SQL for them): what a manager is escalated. A page of their department
 * written for another audience is not theirs to see, even overdue (issue 14).
 */
export async function listOverdueInDepartments(
  q: Queryable, departmentIds: number[], today: string, visibility: { sql: string; params: unknown[] },
): Promise<ReviewablePage[]> {
  if (departmentIds.length === 0) return [];
  return q.all<ReviewablePage>(
    `SELECT ${REVIEWABLE_COLUMNS} FROM ${REVIEWABLE_FROM}
      WHERE ${OWNED_TYPES_SQL} AND i.status = 'published' AND i.review_by < ?
        AND i.department_id IN (${departmentIds.map(() => "?").join(",")}) AND ${visibility.sql}
      ORDER BY i.review_by, i.id`,
    [today, ...departmentIds, ...visibility.params],
  );
}

/**
 * The active managers of a page's department who may open it (the audience rule): those an
 * overdue review is escalated to. Others are not told about a page they may not read.
 */
export async function listEscalationManagers(q: Queryable, itemId: number): Promise<Person[]> {
  return q.all<Person>(
    `SELECT u.id, u.email, u.name, u.role, u.department_id AS departmentId, u.active
       FROM items i JOIN users u ON u.active = 1 AND u.role = 'manager'
        AND (u.department_id = i.department_id OR EXISTS (SELECT 1 FROM department_grants g WHERE g.user_id = u.id AND g.department_id = i.department_id))
      WHERE i.id = ? AND ${personInAudienceSql("i", "u")}
      ORDER BY u.name COLLATE NOCASE, u.id`,
    [itemId],
  );
}

/** Records a reminder unless that one was already sent. Returns whether it is new. */
export async function recordReminder(
  q: Queryable,
  r: { itemId: number; reviewBy: string; stage: "due-soon" | "overdue"; recipientEmail: string; recipientRole: "owner" | "deputy" | "manager" },
  now: string,
): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT INTO review_reminders (item_id, review_by, stage, recipient_email, recipient_role, sent_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [r.itemId, r.reviewBy, r.stage, r.recipientEmail, r.recipientRole, now],
  );
  return changes > 0;
}

export type ReminderRow = { itemId: number; reviewBy: string; stage: string; recipientEmail: string; recipientRole: string; sentAt: string };

export async function listReminders(q: Queryable, itemId?: number): Promise<ReminderRow[]> {
  return q.all<ReminderRow>(
    `SELECT item_id AS itemId, review_by AS reviewBy, stage, recipient_email AS recipientEmail, recipient_role AS recipientRole, sent_at AS sentAt
       FROM review_reminders WHERE (? IS NULL OR item_id = ?) ORDER BY sent_at, item_id, stage, recipient_email`,
    [itemId ?? null, itemId ?? null],
  );
}

export async function setReviewDates(q: Queryable, itemId: number, lastReviewedOn: string, reviewBy: string, now: string): Promise<void> {
  await q.run("UPDATE items SET last_reviewed_on = ?, review_by = ?, updated_at = ? WHERE id = ?", [lastReviewedOn, reviewBy, now, itemId]);
}

export async function insertPageReview(
  q: Queryable,
  r: { itemId: number; reviewerId: number | null; reviewedOn: string; previousReviewBy: string | null; nextReviewBy: string; note: string },
  now: string,
): Promise<void> {
  await q.run(
    `INSERT INTO page_reviews (item_id, reviewer_id, reviewed_on, previous_review_by, next_review_by, note, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [r.itemId, r.reviewerId, r.reviewedOn, r.previousReviewBy, r.nextReviewBy, r.note, now],
  );
}

export async function listPageReviews(q: Queryable, itemId: number): Promise<{ reviewedOn: string; reviewerName: string | null; nextReviewBy: string; note: string }[]> {
  return q.all(
    `SELECT r.reviewed_on AS reviewedOn, u.name AS reviewerName, r.next_review_by AS nextReviewBy, r.note
       FROM page_reviews r LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.item_id = ? ORDER BY r.at DESC, r.id DESC`,
    [itemId],
  );
}

/* ---- The dashboard ---- */

export type HealthProblem = "overdue" | "stale" | "due-soon" | "ownerless";

export type HealthFilter = {
  today: string;
  /** Last reviewed before this day = stale. */
  staleBefore: string;
  /** Review by on or before this day = due soon. */
  dueSoonBy: string;
  departmentId?: number | null;
  type?: "guide" | "policy";
  problem?: HealthProblem;
  /** The pages the viewer may see listed (`listedOrEditableSql`): the dashboard counts nothing else. */
  listing: Visibility;
};

export type HealthRow = ReviewablePage & {
  departmentSlug: string | null;
  ownerActive: number | null;
  overdue: number;
  stale: number;
  dueSoon: number;
  ownerless: number;
};

/**
 * Flags per page, as SQL over `items i` joined to the owner's account `o`:
 * - overdue: its review-by day has passed;
 * - stale: a guide last reviewed before `staleBefore`, or never;
 * - due soon: review-by within the reminder window and not yet passed;
 * - ownerless: no owner, or an owner with no active account.
 */
const FLAGS_SQL = `
  CASE WHEN i.review_by IS NOT NULL AND i.review_by < $today THEN 1 ELSE 0 END AS overdue,
  CASE WHEN i.type = 'guide' AND (i.last_reviewed_on IS NULL OR i.last_reviewed_on < $staleBefore) THEN 1 ELSE 0 END AS stale,
  CASE WHEN i.review_by IS NOT NULL AND i.review_by >= $today AND i.review_by <= $dueSoonBy THEN 1 ELSE 0 END AS dueSoon,
  CASE WHEN i.owner_email IS NULL OR trim(i.owner_email) = '' OR o.id IS NULL OR o.active = 0 THEN 1 ELSE 0 END AS ownerless`;

function healthWhere(filter: HealthFilter): { sql: string; params: Record<string, unknown> } {
  // The listing's positional parameters, renamed so they sit beside the named ones.
  let n = 0;
  const listingSql = filter.listing.sql.replace(/\?/g, () => `$listing${n++}`);
  const parts = [OWNED_TYPES_SQL, "i.status IN ('published', 'expired', 'in-review', 'scheduled')", listingSql];
  const params: Record<string, unknown> = { today: filter.today, staleBefore: filter.staleBefore, dueSoonBy: filter.dueSoonBy };
  filter.listing.params.forEach((value, i) => (params[`listing${i}`] = value));
  if (filter.departmentId != null) {
    parts.push("i.department_id = $departmentId");
    params.departmentId = filter.departmentId;
  }
  if (filter.type) {
    parts.push("i.type = $type");
    params.type = filter.type;
  }
  return { sql: parts.join(" AND "), params };
}

const PROBLEM_COLUMN: Record<HealthProblem, string> = { overdue: "overdue", stale: "stale", "due-soon": "dueSoon", ownerless: "ownerless" };

/** Pages with their flags, worst first. With `problem`, only pages with that problem. */
export async function listContentHealth(q: Queryable, filter: HealthFilter): Promise<HealthRow[]> {
  const w = healthWhere(filter);
  const having = filter.problem ? `WHERE h.${PROBLEM_COLUMN[filter.problem]} = 1` : "";
  return q.all<HealthRow>(
    `SELECT h.* FROM (
       SELECT ${REVIEWABLE_COLUMNS}, d.slug AS departmentSlug, o.active AS ownerActive, ${FLAGS_SQL}
         FROM ${REVIEWABLE_FROM} WHERE ${w.sql}) h
      ${having}
      ORDER BY (h.overdue + h.stale + h.ownerless) DESC, h.reviewBy IS NULL, h.reviewBy, h.title COLLATE NOCASE`,
    w.params,
  );
}

export type HealthByDepartment = {
  departmentId: number | null;
  departmentSlug: string | null;
  departmentName: string | null;
  pages: number;
  overdue: number;
  stale: number;
  dueSoon: number;
  ownerless: number;
};

/** Counts per department for the same filter (ignoring `problem`). */
export async function contentHealthByDepartment(q: Queryable, filter: HealthFilter): Promise<HealthByDepartment[]> {
  const w = healthWhere(filter);
  return q.all<HealthByDepartment>(
    `SELECT h.departmentId, h.departmentSlug, h.departmentName, COUNT(*) AS pages, SUM(h.overdue) AS overdue, SUM(h.stale) AS stale,
        SUM(h.dueSoon) AS dueSoon, SUM(h.ownerless) AS ownerless
       FROM (SELECT i.department_id AS departmentId, d.slug AS departmentSlug, d.name AS departmentName, ${FLAGS_SQL}
               FROM ${REVIEWABLE_FROM} WHERE ${w.sql}) h
      GROUP BY h.departmentId, h.departmentSlug, h.departmentName ORDER BY h.departmentName IS NULL, h.departmentName COLLATE NOCASE`,
    w.params,
  );
}
