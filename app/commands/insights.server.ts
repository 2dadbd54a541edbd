/**
 * The tables behind /admin/insights, in one place, so the page and each table's CSV
 * download show exactly the same figures. Reads only; every list of items goes through
 * the viewer's visibility clause.
 */
import { listedOrEditableSql } from "~/access/drafts.server";
import { contentHealthByDepartment, getKnowledgeSetting } from "~/models/content-health.server";
import { rankByHelpfulness } from "~/models/feedback.server";
import {
  acknowledgementCompletion, acknowledgementsPerDay, postingActivity, reachPerDay, reachPerItem, reachPerItemByDepartment,
  topSearches, zeroResultSearches, type Period,
} from "~/models/insights.server";
import type { ItemType } from "~/models/item.server";
import { conversationCountsByDepartmentAndChannel } from "~/models/conversation-insights.server";
import { checkDate, datePartsOf, readDateParts, type DateParts } from "~/schemas/date-input";
import { visibleItemsSql, type Viewer } from "~/access/audience.server";
import { ukTodayIso } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { shiftDay } from "./reviews.server";

export type Cell = string | number | { text: string; href?: string };
export type Table = { caption: string; head: string[]; numeric: number[]; rows: Cell[][]; /** Columns shown on the page but not in the CSV (actions). */ pageOnly?: number[] };

export const TABLES = [
  "reach-daily", "reach-items", "reach-departments", "acknowledgements", "acknowledgement-days", "searches-top", "searches-zero",
  "helpful-most", "helpful-least", "stale", "posting", "conversations",
] as const;
export type TableName = (typeof TABLES)[number];

export type InsightsQuery = {
  period: Period;
  itemId: number | null;
  ackItemId: number | null;
  /** The From and To boxes as typed (or the period shown, when nothing was asked), and what was wrong with them. */
  dates: { from: DateParts; to: DateParts };
  errors: Partial<Record<"from" | "to", string>>;
};

export const MAX_PERIOD_DAYS = 366;
/** Pages need this many answers before they are ranked, so one "no" does not make a page the least helpful. */
export const MIN_RATINGS = 3;


/**
 * Period and selections from the query string (From and To as Day, Month and Year boxes,
 * or `from=YYYY-MM-DD` in links). A bad, reversed or too long period is said in `errors`
 * and the last 30 days are shown instead.
 */
export function parseInsightsQuery(url: URL, now = new Date()): InsightsQuery {
  const today = ukTodayIso(now);
  const typed = { from: readDateParts(url.searchParams, "from"), to: readDateParts(url.searchParams, "to") };
  const asked = Object.values(typed).some((p) => Object.values(p).some((v) => v.trim() !== ""));
  const from = checkDate(typed.from, "From date", { required: asked });
  const to = checkDate(typed.to, "To date", { required: asked });
  const errors: InsightsQuery["errors"] = {};
  if (!from.ok) errors.from = from.message;
  if (!to.ok) errors.to = to.message;
  let period = { from: shiftDay(today, { days: -29 }), to: today };
  if (from.ok && to.ok && from.value && to.value) {
    if (from.value > to.value) errors.to = "The ‘to’ date must be the same as or after the ‘from’ date";
    else if (Date.parse(to.value) - Date.parse(from.value) > (MAX_PERIOD_DAYS - 1) * 86_400_000) errors.to = `Choose a period of ${MAX_PERIOD_DAYS} days or fewer`;
    else period = { from: from.value, to: to.value };
  }
  const id = (name: string) => {
    const raw = url.searchParams.get(name) ?? "";
    return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
  };
  const dates = asked ? typed : { from: datePartsOf(period.from), to: datePartsOf(period.to) };
  return { period, itemId: id("item"), ackItemId: id("ack"), dates, errors };
}

/** Every day of the period, filled with 0 where nothing was counted. */
function fillDays(period: Period, rows: { day: string; views: number }[]): { day: string; views: number }[] {
  const byDay = new Map(rows.map((r) => [r.day, r.views]));
  const out: { day: string; views: number }[] = [];
  for (let day = period.from; day <= period.to && out.length <= MAX_PERIOD_DAYS; day = shiftDay(day, { days: 1 })) out.push({ day, views: byDay.get(day) ?? 0 });
  return out;
}

const percent = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : 0);

export type InsightsReport = {
  period: Period;
  tables: Record<TableName, Table>;
  /** Items to choose from, for the per-item breakdowns. */
  reachItems: { id: number; title: string }[];
  selectedItem: { id: number; title: string } | null;
  mustReads: { id: number; title: string }[];
  selectedAck: { id: number; title: string; inScope: number } | null;
  /** Series for the charts. */
  series: {
    reachPerDay: { day: string; views: number }[];
    itemByDepartment: { label: string; value: number }[];
    ackPercentPerDay: { day: string; percent: number }[];
    posting: { label: string; value: number }[];
    overdue: { label: string; value: number }[];
  };
};

export async function insightsReport(viewer: Viewer, query: InsightsQuery, now = new Date()): Promise<InsightsReport> {
  const db = await getDb();
  const { period } = query;
  const vis = visibleItemsSql(viewer, "i", { includeExpired: true, now });
  const today = ukTodayIso(now);
  const [perDay, perItem, allByDepartment, acks, top, zero, most, least, posting] = await Promise.all([
    reachPerDay(db, vis, period),
    reachPerItem(db, vis, period, 50),
    reachPerItemByDepartment(db, vis, period),
    acknowledgementCompletion(db, vis, 50),
    topSearches(db, period, 25),
    zeroResultSearches(db, period, 25),
    rankByHelpfulness(db, vis, { order: "most", limit: 10, minRatings: MIN_RATINGS, since: `${period.from}T00:00:00.000Z` }),
    rankByHelpfulness(db, vis, { order: "least", limit: 10, minRatings: MIN_RATINGS, since: `${period.from}T00:00:00.000Z` }),
    postingActivity(db, vis, period),
  ]);
  const conversations = await conversationCountsByDepartmentAndChannel(db, `${period.from}T00:00:00.000Z`, `${shiftDay(period.to, { days: 1 })}T00:00:00.000Z`);
  const days = await getKnowledgeSetting(db, "review_reminder_days");
  const months = await getKnowledgeSetting(db, "stale_after_months");
  const health = await contentHealthByDepartment(db, {
    today, dueSoonBy: shiftDay(today, { days }), staleBefore: shiftDay(today, { months: -months }), listing: listedOrEditableSql(viewer, "i", now),
  });

  const selected = perItem.find((r) => r.itemId === query.itemId) ?? perItem[0] ?? null;
  const itemByDepartment = selected ? allByDepartment.filter((r) => r.itemId === selected.itemId) : [];
  const ack = acks.find((a) => a.itemId === query.ackItemId) ?? acks[0] ?? null;
  const ackDays = ack ? await acknowledgementsPerDay(db, ack.itemId) : { inScope: 0, days: [] };
  let running = 0;
  const ackRows = ackDays.days.map((d) => {
    running += d.confirmed;
    return { day: d.day, confirmed: d.confirmed, soFar: running, percent: percent(running, ackDays.inScope) };
  });
  const filled = fillDays(period, perDay);
  const link = (type: ItemType, slug: string, title: string) => ({ text: title, href: itemPath(type, slug) });

  const tables: Record<TableName, Table> = {
    "reach-daily": { caption: "Views per day", head: ["Day", "Views"], numeric: [1], rows: filled.map((d) => [d.day, d.views]) },
    "reach-items": {
      caption: "Reach per item",
      head: ["Item", "Type", "Posted by", "Views", "Departments reached", "Most views from"],
      numeric: [3, 4],
      rows: perItem.map((r) => [link(r.type, r.slug, r.title), r.type, r.postedBy ?? "Corporate", r.views, r.departmentsReached, r.topDepartment ?? ""]),
    },
    "reach-departments": {
      caption: selected ? `Views of “${selected.title}” by department` : "Views by department",
      head: ["Item", "Readers’ department", "Views"],
      numeric: [2],
      rows: allByDepartment.map((r) => [r.title, r.departmentName, r.views]),
    },
    acknowledgements: {
      caption: "Must-read completion",
      head: ["Item", "Type", "Published", "Asked", "Confirmed", "Per cent"],
      numeric: [3, 4, 5],
      rows: acks.map((a) => [link(a.type, a.slug, a.title), a.type, (a.publishedAt ?? "").slice(0, 10), a.inScope, a.confirmed, percent(a.confirmed, a.inScope)]),
    },
    "acknowledgement-days": {
      caption: ack ? `Confirmations of “${ack.title}” over time` : "Confirmations over time",
      head: ["Day", "Confirmed that day", "Confirmed so far", "Per cent of those asked"],
      numeric: [1, 2, 3],
      rows: ackRows.map((r) => [r.day, r.confirmed, r.soFar, r.percent]),
    },
    "searches-top": { caption: "Most searched for", head: ["Search", "Searches"], numeric: [1], rows: top.map((t) => [t.query, t.searches]) },
    "searches-zero": {
      caption: "Searches that found nothing",
      head: ["Search", "Times", "Last searched", "Ask for a guide"],
      numeric: [1],
      pageOnly: [3],
      rows: zero.map((z) => [z.query, z.searches, z.lastSearchedAt.slice(0, 10), { text: `Ask for a guide about “${z.query}”`, href: `/requests/new?q=${encodeURIComponent(z.query)}` }]),
    },
    "helpful-most": {
      caption: "Most helpful pages",
      head: ["Page", "Department", "Helpful", "Not helpful", "Per cent helpful"],
      numeric: [2, 3, 4],
      rows: most.map((h) => [link(h.type, h.slug, h.title), h.departmentName ?? "", h.yes, h.no, h.percentHelpful]),
    },
    "helpful-least": {
      caption: "Least helpful pages",
      head: ["Page", "Department", "Helpful", "Not helpful", "Per cent helpful"],
      numeric: [2, 3, 4],
      rows: least.map((h) => [link(h.type, h.slug, h.title), h.departmentName ?? "", h.yes, h.no, h.percentHelpful]),
    },
    stale: {
      caption: "Stale and overdue pages by department",
      head: ["Department", "Pages", "Overdue", "Stale", "Due soon", "No owner"],
      numeric: [1, 2, 3, 4, 5],
      rows: health.map((h) => [
        h.departmentSlug ? { text: h.departmentName ?? "", href: `/admin/content-health?department=${h.departmentSlug}` } : "No department",
        h.pages, h.overdue, h.stale, h.dueSoon, h.ownerless,
      ]),
    },
    posting: {
      caption: "Posting activity by department",
      head: ["Department", "Announcements", "Policies", "Guides", "Total"],
      numeric: [1, 2, 3, 4],
      rows: posting.map((p) => [p.departmentName, p.announcements, p.policies, p.guides, p.total]),
    },
    conversations: {
      caption: "Comments, reactions, staff stories and corrections by department and channel",
      head: ["Department", "Channel", "Comments", "Reactions", "Stories submitted", "Stories published", "Corrections"],
      numeric: [2, 3, 4, 5, 6],
      rows: conversations.map((c) => [c.departmentName, c.channelName, c.comments, c.reactions, c.storiesSubmitted, c.storiesPublished, c.corrections]),
    },
  };

  return {
    period,
    tables,
    reachItems: perItem.map((r) => ({ id: r.itemId, title: r.title })),
    selectedItem: selected ? { id: selected.itemId, title: selected.title } : null,
    mustReads: acks.map((a) => ({ id: a.itemId, title: a.title })),
    selectedAck: ack ? { id: ack.itemId, title: ack.title, inScope: ackDays.inScope } : null,
    series: {
      reachPerDay: filled,
      itemByDepartment: itemByDepartment.map((r) => ({ label: r.departmentName, value: r.views })),
      ackPercentPerDay: ackPercentSeries(ackRows, period, ack?.publishedAt ?? null),
      posting: posting.map((p) => ({ label: p.departmentName, value: p.total })),
      overdue: health.filter((h) => h.overdue > 0).map((h) => ({ label: h.departmentName ?? "No department", value: h.overdue })),
    },
  };
}

/**
 * Completion per day from the item's publication (or the period's start, whichever is
 * later) to the end of the period, carrying the running figure through quiet days.
 */
function ackPercentSeries(rows: { day: string; percent: number }[], period: Period, publishedAt: string | null): { day: string; percent: number }[] {
  const first = rows[0]?.day;
  const start = [period.from, publishedAt?.slice(0, 10), first && first < period.from ? period.from : undefined]
    .filter((d): d is string => !!d)
    .reduce((a, b) => (a > b ? a : b));
  const out: { day: string; percent: number }[] = [];
  let current = 0;
  for (const r of rows) if (r.day < start) current = r.percent;
  for (let day = start; day <= period.to && out.length <= MAX_PERIOD_DAYS; day = shiftDay(day, { days: 1 })) {
    const hit = rows.find((r) => r.day === day);
    if (hit) current = hit.percent;
    out.push({ day, percent: current });
  }
  return out;
}

/** A table as CSV rows: links become their text. */
export function tableForCsv(table: Table): { head: string[]; rows: (string | number)[][] } {
  const keep = (_: unknown, i: number) => !(table.pageOnly ?? []).includes(i);
  return { head: table.head.filter(keep), rows: table.rows.map((r) => r.filter(keep).map((c) => (typeof c === "object" ? c.text : c))) };
}
