/**
 * The weekly summary to comms editors: last week's figures (Monday to Sunday, UK days),
 * queued once per week through the outbox to every active comms editor. The same figures
 * render as a page (/admin/insights/weekly), so the email and the page never disagree.
 */
import { listedOrEditableSql } from "~/access/drafts.server";
import { contentHealthByDepartment, getKnowledgeSetting } from "~/models/content-health.server";
import { countFeedbackBetween } from "~/models/feedback.server";
import {
  acknowledgementCompletion, countPublishedBetween, countZeroResultSearches, findWeeklySummary, insertWeeklySummary, reachPerItem,
  totalViews, zeroResultSearches,
} from "~/models/insights.server";
import { countRequestsBetween } from "~/models/knowledge-request.server";
import { conversationTotals } from "~/models/conversation-insights.server";
import { listActiveByRole } from "~/models/ownership.server";
import { listJoinedAfter } from "~/models/user.server";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { isMailConfigured } from "~/utils/mail.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { shiftDay } from "./reviews.server";

export type WeeklyFigures = {
  weekStart: string;
  weekEnd: string;
  views: number;
  viewsWeekBefore: number;
  published: { announcements: number; policies: number; guides: number };
  topItems: { title: string; path: string; views: number }[];
  mustReads: { title: string; path: string; inScope: number; confirmed: number; percent: number }[];
  feedback: { ratings: number; percentHelpful: number | null; comments: number };
  requests: { opened: number; answered: number; open: number };
  health: { overdue: number; ownerless: number };
  searches: { zeroResult: number; topZeroResult: { query: string; count: number }[] } | null;
  /** Comments, reactions, staff stories published and corrections in the week (decision 172): totals only. */
  conversations?: { comments: number; reactions: number; storiesPublished: number; corrections: number };
};


/** Monday of the week containing `day` ("YYYY-MM-DD"). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return shiftDay(day, { days: -((weekday + 6) % 7) });
}

/** The last full week before `now`: its Monday. */
export function lastWeekStart(now = new Date()): string {
  return shiftDay(mondayOf(ukTodayIso(now)), { days: -7 });
}

/** A comms editor's view: every audience, so the figures cover the whole council. */
const COMMS_VIEWER: Viewer = { id: 0, email: "", name: "", role: "comms", departmentId: null };

export async function weeklyFigures(q: Queryable, weekStart: string, now = new Date()): Promise<WeeklyFigures> {
  const weekEnd = shiftDay(weekStart, { days: 6 });
  const from = `${weekStart}T00:00:00.000Z`;
  const to = `${shiftDay(weekStart, { days: 7 })}T00:00:00.000Z`;
  const vis = visibleItemsSql(COMMS_VIEWER, "i", { includeExpired: true, now });
  const period = { from: weekStart, to: weekEnd };
  const today = ukTodayIso(now);
  // Not in parallel with the one below: the same statement run twice at once is avoided on purpose.
  const viewsWeekBefore = await totalViews(q, { from: shiftDay(weekStart, { days: -7 }), to: shiftDay(weekStart, { days: -1 }) });
  const [views, published, top, acks, feedback, requests, health, zeroCount, zeroTop] = await Promise.all([
    totalViews(q, period),
    countPublishedBetween(q, from, to),
    reachPerItem(q, vis, period, 5),
    acknowledgementCompletion(q, vis, 5),
    countFeedbackBetween(q, from, to),
    countRequestsBetween(q, from, to),
    (async () => {
      const days = await getKnowledgeSetting(q, "review_reminder_days");
      const months = await getKnowledgeSetting(q, "stale_after_months");
      return contentHealthByDepartment(q, {
        today, staleBefore: shiftDay(today, { months: -months }), dueSoonBy: shiftDay(today, { days }), listing: listedOrEditableSql(COMMS_VIEWER, "i", now),
      });
    })(),
    countZeroResultSearches(q, period),
    zeroResultSearches(q, period, 5),
  ]);
  const conversations = await conversationTotals(q, from, to);
  return {
    weekStart, weekEnd, views, viewsWeekBefore, published,
    topItems: top.map((t) => ({ title: t.title, path: itemPath(t.type, t.slug), views: t.views })),
    mustReads: acks.map((a) => ({
      title: a.title, path: itemPath(a.type, a.slug), inScope: a.inScope, confirmed: a.confirmed,
      percent: a.inScope ? Math.round((100 * a.confirmed) / a.inScope) : 0,
    })),
    feedback: { ratings: feedback.ratings, comments: feedback.comments, percentHelpful: feedback.ratings ? Math.round((100 * feedback.yes) / feedback.ratings) : null },
    requests,
    health: { overdue: health.reduce((n, d) => n + d.overdue, 0), ownerless: health.reduce((n, d) => n + d.ownerless, 0) },
    searches: { zeroResult: zeroCount, topZeroResult: zeroTop.map((z) => ({ query: z.query, count: z.searches })) },
    conversations,
  };
}

const dayLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
const label = (day: string) => dayLabel.format(new Date(`${day}T12:00:00Z`));

/** The summary as a notice: a subject, sentences and tables (the same parts the page shows). */
export function summaryMessage(f: WeeklyFigures) {
  const change = f.viewsWeekBefore ? Math.round((100 * (f.views - f.viewsWeekBefore)) / f.viewsWeekBefore) : null;
  const lines = [
    `Here are the intranet's figures for the week of ${label(f.weekStart)} to ${label(f.weekEnd)}.`,
    `Pages were viewed ${f.views.toLocaleString("en-GB")} times${change === null ? "" : ` (${change >= 0 ? "up" : "down"} ${Math.abs(change)}% on the week before)`}.`,
    `Published: ${f.published.announcements} announcements, ${f.published.policies} policies and ${f.published.guides} guides.`,
    f.feedback.ratings
      ? `Staff rated pages ${f.feedback.ratings} times; ${f.feedback.percentHelpful}% said the page helped. ${f.feedback.comments} left a comment for the owner.`
      : "Nobody rated a page this week.",
    `Knowledge requests: ${f.requests.opened} new, ${f.requests.answered} answered, ${f.requests.open} still open.`,
    `Content health: ${f.health.overdue} pages are overdue for review and ${f.health.ownerless} have no owner who can look after them.`,
    ...(f.searches ? [`${f.searches.zeroResult} searches found nothing.`] : []),
    ...(f.conversations
      ? [`Conversations: ${f.conversations.comments} comments, ${f.conversations.reactions} reactions, ${f.conversations.storiesPublished} staff stories published, ${f.conversations.corrections} corrections.`]
      : []),
  ];
  const tables = [
    { caption: "Most viewed", head: ["Page", "Views"], rows: f.topItems.map((t) => [t.title, t.views]) },
    { caption: "Must-reads: confirmed so far", head: ["Item", "Confirmed", "Asked", "Per cent"], rows: f.mustReads.map((m) => [m.title, m.confirmed, m.inScope, `${m.percent}%`]) },
    ...(f.searches && f.searches.topZeroResult.length
      ? [{ caption: "Searches that found nothing", head: ["Search", "Times"], rows: f.searches.topZeroResult.map((s) => [s.query, s.count]) }]
      : []),
  ].filter((t) => t.rows.length > 0);
  return { subject: `Intranet weekly summary: week of ${label(f.weekStart)}`, lines, tables };
}

/**
 * Queues last week's summary to every active comms editor, once per week (the row in
 * weekly_summaries is written in the same transaction). Returns null when already sent,
 * or when no mail server is configured.
 */
export async function queueWeeklySummary(now = new Date()): Promise<{ weekStart: string; recipients: number } | null> {
  // Without a mail server the summary is only the page (/admin/insights/weekly).
  if (!isMailConfigured()) return null;
  const db = await getDb();
  const weekStart = lastWeekStart(now);
  if (await findWeeklySummary(db, weekStart)) return null;
  const figures = await weeklyFigures(db, weekStart, now);
  const message = summaryMessage(figures);
  return db.transaction(async (tx) => {
    if (await findWeeklySummary(tx, weekStart)) return null;
    // Not for a week that ended before the editor joined (a new install's first Monday has nothing to sum up; decision 079).
    const joinedLater = await listJoinedAfter(tx, `${shiftDay(weekStart, { days: 7 })}T00:00:00.000Z`);
    const editors = (await listActiveByRole(tx, "comms")).filter((e) => !joinedLater.has(e.id));
    await insertWeeklySummary(tx, weekStart, figures, editors.length, now.toISOString());
    for (const editor of editors)
      await queueKnowledgeMail(tx, {
        purpose: "digest",
        dedupeKey: `weekly-summary:${weekStart}:${editor.id}`,
        userId: editor.id,
        subject: message.subject,
        lines: message.lines,
        tables: message.tables,
        link: { text: "See all the figures", path: "/admin/insights" },
      }, now.toISOString());
    return { weekStart, recipients: editors.length };
  });
}
