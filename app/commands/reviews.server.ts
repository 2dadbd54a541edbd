/**
 * Review dates that keep pages true.
 *
 * Reminder schedule, per page and review date (each step at most once per person):
 *   - "due soon": from `review_reminder_days` (default 30) days before the review-by day,
 *     the owner is reminded;
 *   - "overdue": from the day after the review-by day, the owner, the deputy and the
 *     department's managers are told (the escalation).
 * "Reviewed, no changes" moves the review-by day a year on, which starts a new cycle.
 * Every function takes `now`, so tests drive the schedule with a controllable clock.
 */
import { canOpenInEditor, listedOrEditableSql } from "~/access/drafts.server";
import { mayBeToldAbout } from "~/access/ownership.server";
import { recordAudit } from "~/models/audit.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import {
  contentHealthByDepartment,
  findReviewablePage,
  getKnowledgeSetting,
  listContentHealth,
  insertPageReview,
  listEscalationManagers,
  listPagesDueForReview,
  recordReminder,
  setKnowledgeSetting,
  setReviewDates,
  type HealthProblem,
  type ReviewablePage,
} from "~/models/content-health.server";
import { listDepartments } from "~/models/department.server";
import { findPersonByEmail, type Person } from "~/models/ownership.server";
import { slugParam } from "~/schemas/reading-query";
import type { SessionUser } from "~/utils/auth.server";
import { ukTodayIso } from "~/utils/dates";
import { listJoinedAfter } from "~/models/user.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { itemPath } from "~/utils/item-path";
import { isMailConfigured } from "~/utils/mail.server";
import { can } from "~/access/permissions.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

export const REVIEW_INTERVAL_MONTHS = 12;

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

/** A UK calendar day moved by whole days or months ("2026-11-25" + 12 months = "2027-11-25"). */
export function shiftDay(day: string, by: { days?: number; months?: number }): string {
  const [y, m, d] = day.split("-").map(Number);
  const months = by.months ?? 0;
  // Clamp to the last day of the target month (31 January + 1 month = 28 or 29 February), in UTC so no time zone moves it.
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)) + (by.days ?? 0) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Owner, deputy, and anyone who may edit the page may say it has been reviewed. */
export function canReviewPage(actor: Actor, page: Pick<ReviewablePage, "type" | "departmentId" | "ownerEmail" | "deputyEmail">): boolean {
  if (same(actor.email, page.ownerEmail) || same(actor.email, page.deputyEmail)) return true;
  return can(actor, "update", page.type, { departmentId: page.departmentId });
}

export type ReviewResult = { ok: true; reviewBy: string; lastReviewedOn: string } | { ok: false; status: 403 | 404; message: string };

/** "Reviewed, no changes": one click, recorded with who and when. */
export async function markReviewed(actor: Actor, itemId: number, options: { now?: Date; note?: string } = {}): Promise<ReviewResult> {
  const now = options.now ?? new Date();
  const today = ukTodayIso(now);
  const nextReviewBy = shiftDay(today, { months: REVIEW_INTERVAL_MONTHS });
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<ReviewResult> => {
    const page = await findReviewablePage(tx, itemId);
    const item = page && (await findItemById(tx, page.id));
    // Someone who may neither open nor edit the page meets it as a page that does not exist.
    if (!page || !item || !(canOpenInEditor(actor, item) || mayBeToldAbout({ ...actor, active: true }, item, await getAudienceFacts(tx, item), now)))
      return { ok: false, status: 404, message: "We could not find that page." };
    if (!canReviewPage(actor, page)) return { ok: false, status: 403, message: "Only the page's owner, deputy or an editor can mark it as reviewed." };
    await setReviewDates(tx, page.id, today, nextReviewBy, now.toISOString());
    const note = options.note?.trim() || "Reviewed: no changes needed.";
    await insertPageReview(tx, { itemId: page.id, reviewerId: actor.id, reviewedOn: today, previousReviewBy: page.reviewBy, nextReviewBy, note }, now.toISOString());
    await recordAudit(tx, {
      actorId: actor.id, action: `${page.type}.reviewed`, entityType: "item", entityId: page.id,
      detail: { previousReviewBy: page.reviewBy, reviewBy: nextReviewBy, note },
    }, now.toISOString());
    return { ok: true, reviewBy: nextReviewBy, lastReviewedOn: today };
  });
  return result;
}

export type SentReminder = { itemId: number; title: string; stage: "due-soon" | "overdue"; recipientEmail: string; recipientRole: "owner" | "deputy" | "manager" };

/** Queues the reminders that are due and not yet sent. Safe to run as often as you like. */
export async function sendReviewReminders(now = new Date()): Promise<SentReminder[]> {
  // Reminders are email; without a mail server none is recorded as sent, so they go out once one is set up.
  if (!isMailConfigured()) return [];
  const db = await getDb();
  const today = ukTodayIso(now);
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const days = await getKnowledgeSetting(tx, "review_reminder_days");
    const dueBy = shiftDay(today, { days });
    // People settle in first: nobody is reminded in their first REMINDER_AFTER_DAYS days (a new install's
    // demo owners, a new starter who inherits overdue pages); nothing is recorded, so they are reminded after (decision 079).
    const settlingIn = await listJoinedAfter(tx, new Date(now.getTime() - getEnv().REMINDER_AFTER_DAYS * 86_400_000).toISOString());
    const sent: SentReminder[] = [];
    for (const page of await listPagesDueForReview(tx, dueBy)) {
      const reviewBy = page.reviewBy as string;
      const stage = reviewBy < today ? "overdue" : "due-soon";
      // Only people who may be told about the page (the access rule): never an owner or manager outside its audience.
      const item = await findItemById(tx, page.id);
      const facts = item && (await getAudienceFacts(tx, item));
      const told = (person: Person) => !!item && !!facts && mayBeToldAbout(person, item, facts, now);
      for (const { person, role } of await reminderRecipients(tx, page, stage, told)) {
        if (settlingIn.has(person.id)) continue;
        const fresh = await recordReminder(tx, { itemId: page.id, reviewBy, stage, recipientEmail: person.email, recipientRole: role }, at);
        if (!fresh) continue;
        await queueKnowledgeMail(tx, reminderMail(page, stage, role, person), at);
        sent.push({ itemId: page.id, title: page.title, stage, recipientEmail: person.email, recipientRole: role });
      }
    }
    return sent;
  });
}

async function reminderRecipients(tx: Queryable, page: ReviewablePage, stage: "due-soon" | "overdue", told: (person: Person) => boolean) {
  const out: { person: Person; role: "owner" | "deputy" | "manager" }[] = [];
  const add = (person: Person | undefined, role: "owner" | "deputy" | "manager") => {
    if (person && person.active === 1 && told(person) && !out.some((o) => same(o.person.email, person.email))) out.push({ person, role });
  };
  if (page.ownerEmail) add(await findPersonByEmail(tx, page.ownerEmail), "owner");
  if (stage === "overdue") {
    if (page.deputyEmail) add(await findPersonByEmail(tx, page.deputyEmail), "deputy");
    if (page.departmentId !== null) for (const m of await listEscalationManagers(tx, page.id)) add(m, "manager");
  }
  return out;
}

function reminderMail(page: ReviewablePage, stage: "due-soon" | "overdue", role: "owner" | "deputy" | "manager", person: Person) {
  const what = page.type === "policy" ? "policy" : "guide";
  const lines =
    stage === "due-soon"
      ? [
          `Your ${what} "${page.title}" is due for review by ${page.reviewBy}.`,
          "Check it is still right. If nothing needs to change, mark it as reviewed: it takes one click.",
        ]
      : role === "owner"
        ? [`Your ${what} "${page.title}" was due for review by ${page.reviewBy} and is now overdue.`, "Staff can see that it is overdue. Please review it now."]
        : role === "deputy"
          ? [`The ${what} "${page.title}", which you are deputy for, is overdue for review (due by ${page.reviewBy}).`, `Please review it with its owner${page.ownerName ? `, ${page.ownerName}` : ""}, or do it yourself.`]
          : [`The ${what} "${page.title}" in ${page.departmentName ?? "your department"} is overdue for review (due by ${page.reviewBy}).`, `Its owner is ${page.ownerName ?? page.ownerEmail ?? "nobody"}. Please make sure someone reviews it.`];
  return {
    purpose: "reminder" as const,
    dedupeKey: `review:${page.id}:${page.reviewBy}:${stage}:${person.id}`,
    userId: person.id,
    itemId: page.id,
    subject: stage === "due-soon" ? `Review due: ${page.title}` : `Review overdue: ${page.title}`,
    lines,
    link: { text: "See your pages to review", path: "/me/reviews" },
  };
}

export async function getReminderDays(): Promise<number> {
  return getKnowledgeSetting(await getDb(), "review_reminder_days");
}

/** Comms editors and admins set how many days before the review-by day owners are reminded. */
export async function setReminderDays(actor: Actor, days: number, now = new Date()): Promise<{ ok: boolean }> {
  if (!can(actor, "read", "insights") || !Number.isInteger(days) || days < 1 || days > 365) return { ok: false };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setKnowledgeSetting(tx, "review_reminder_days", days, actor.id, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: "settings.review-reminder-days", detail: { days } }, now.toISOString());
  });
  return { ok: true };
}

/* ---- The content-health report (the dashboard and its CSV share it) ---- */

export type HealthQuery = { department: string; type: "" | "guide" | "policy"; problem: "" | HealthProblem };

const PROBLEMS: HealthProblem[] = ["overdue", "stale", "due-soon", "ownerless"];

/** Filters from the query string; anything unknown means "no filter". */
export function parseHealthQuery(url: URL): HealthQuery {
  const department = slugParam(url, "department") ?? "";
  const type = url.searchParams.get("type");
  const problem = url.searchParams.get("problem");
  return {
    department,
    type: type === "guide" || type === "policy" ? type : "",
    problem: (PROBLEMS as string[]).includes(problem ?? "") ? (problem as HealthProblem) : "",
  };
}


/** Everything /admin/content-health shows, for a comms editor or admin (pages they may see listed: every one). */
export async function contentHealthReport(viewer: Actor, query: HealthQuery, now = new Date()) {
  const db = await getDb();
  const today = ukTodayIso(now);
  const [days, staleMonths, departments] = await Promise.all([
    getKnowledgeSetting(db, "review_reminder_days"),
    getKnowledgeSetting(db, "stale_after_months"),
    listDepartments(db),
  ]);
  const department = departments.find((d) => d.slug === query.department);
  const dueSoonBy = shiftDay(today, { days });
  const filter = {
    today, dueSoonBy, staleBefore: shiftDay(today, { months: -staleMonths }),
    departmentId: department?.id, type: query.type || undefined, problem: query.problem || undefined,
    listing: listedOrEditableSql(viewer, "i", now),
  };
  const byDepartment = await contentHealthByDepartment(db, filter);
  const rows = await listContentHealth(db, filter);
  const sum = (k: "overdue" | "stale" | "dueSoon" | "ownerless") => byDepartment.reduce((n, d) => n + d[k], 0);
  return {
    today, dueSoonBy, days, staleMonths,
    filter: { department: department?.slug ?? "", type: query.type, problem: query.problem },
    departments: departments.map((d) => ({ slug: d.slug, name: d.name })),
    totals: { overdue: sum("overdue"), stale: sum("stale"), dueSoon: sum("dueSoon"), ownerless: sum("ownerless") },
    byDepartment,
    pages: rows.map((p) => ({
      id: p.id, title: p.title, type: p.type, status: p.status, href: itemPath(p.type, p.slug), departmentName: p.departmentName,
      ownerEmail: p.ownerEmail, ownerName: p.ownerName ?? p.ownerEmail, deputyEmail: p.deputyEmail, lastReviewedOn: p.lastReviewedOn,
      reviewBy: p.reviewBy, overdue: p.overdue === 1, stale: p.stale === 1, dueSoon: p.dueSoon === 1, ownerless: p.ownerless === 1,
    })),
  };
}
