/**
 * The demo council's activity history, planned in memory (decision 087): who the generated
 * staff are, and what they read, confirmed, searched, rated, answered and asked on each
 * day. No database here: demo-activity.server.ts reads what it needs, calls these and
 * writes the rows through the models, in one transaction.
 *
 * The shapes are those of a council at work: weekdays busy and weekends nearly empty, most
 * things done around 9 am (crews at 6.30), announcements read most in their first days with
 * a long tail, must-reads confirmed soon after publishing by office teams and later (and
 * less) by teams on the road, searches rising after the announcement that prompted them.
 *
 * The rules that keep the figures consistent:
 * - nobody reads, confirms, rates, votes or asks about a page before it was published, nor
 *   about a page their department or role may not open (the audience rule, `audienceAdmits`);
 * - confirmations only from people asked (the caller passes `IN_SCOPE_SQL`'s answer), one per
 *   person, after they joined and after the version was asked for, never after `now`;
 * - every confirmation is also a view of that page that day, from that department; every
 *   rating comes from a view;
 * - the same plan file, content and day give the same rows (seeded, one stream per part).
 */
import { audienceAdmits } from "~/access/audience.server";
import type { ActivityItem, MustReadAsk } from "~/models/demo-activity.server";
import type { NewGeneratedPerson } from "~/models/user.server";
import type { DemoActivityPlan } from "~/schemas/demo-activity";
import { londonToUtc } from "~/schemas/content-dates";
import { itemPath } from "~/utils/item-path";
import type { Role } from "~/utils/roles";
import { seededRandom, type Random } from "~/utils/seeded-random";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Share of a typical weekday's activity, Sunday first. */
const WEEKDAY = [0.05, 1.12, 1.08, 1, 0.97, 0.78, 0.07];
/** When in the day (UK hours 0–23) things are done: office teams from 9 am, crews from 6.30 am. */
const HOURS: Record<"office" | "early", readonly number[]> = {
  office: [0, 0, 0, 0, 0, 0, 0.1, 0.8, 4, 9, 8, 6.5, 4, 5, 5.5, 4.5, 3.2, 1.6, 0.7, 0.5, 0.4, 0.3, 0.15, 0.05],
  early: [0, 0, 0, 0, 0, 0.4, 5, 7, 4.5, 3, 2.2, 1.8, 1.6, 2.4, 2.2, 1.2, 0.6, 0.3, 0.2, 0.2, 0.1, 0.05, 0, 0],
};
type DayShape = keyof typeof HOURS;

/* ---------------------------------------------------------------- calendar ---- */

/** A UK calendar day: its number (days since 1 January 1970), date, weekday (0 = Sunday) and where it starts in UTC. */
export type CalendarDay = { n: number; day: string; weekday: number; startMs: number };

const calendarCache = new Map<number, CalendarDay>();

/**
 * How far UK time is ahead of UTC at noon on day `n`. Summer time covers April to September
 * whole and none of November to February (the UK rule since 1981); in March and October the
 * time zone database says, read at noon so the day the clocks change is right.
 */
function ukNoonOffsetMs(n: number): number {
  const date = new Date(n * DAY);
  const m = date.getUTCMonth() + 1;
  if (m >= 4 && m <= 9) return HOUR;
  if (m !== 3 && m !== 10) return 0;
  const [y, d] = [date.getUTCFullYear(), date.getUTCDate()];
  return Date.UTC(y, m - 1, d, 12) - londonToUtc(y, m, d, 12).getTime();
}

export function calendarDay(n: number): CalendarDay {
  let c = calendarCache.get(n);
  if (!c) {
    c = { n, day: new Date(n * DAY).toISOString().slice(0, 10), weekday: (((n + 4) % 7) + 7) % 7, startMs: n * DAY - ukNoonOffsetMs(n) };
    calendarCache.set(n, c);
  }
  return c;
}

export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);

/** The UK day an instant falls on. */
export function ukDayOf(ms: number): number {
  const guess = Math.floor(ms / DAY);
  if (calendarDay(guess + 1).startMs <= ms) return guess + 1;
  return calendarDay(guess).startMs <= ms ? guess : guess - 1;
}

const isWorkingDay = (c: CalendarDay) => c.weekday >= 1 && c.weekday <= 5;

/** Share of a day's activity done between UK hours `from` and `to` (fractions allowed). */
function shareOfDay(shape: DayShape, from: number, to: number): number {
  const hours = HOURS[shape];
  const total = hours.reduce((a, b) => a + b, 0);
  let part = 0;
  for (let h = 0; h < 24; h++) part += hours[h] * Math.max(0, Math.min(to, h + 1) - Math.max(from, h));
  return part / total;
}

/** An instant on `day` at a time drawn from the day's shape, no earlier than `notBefore` (ms); null if the day is over by then. */
function timeOn(rand: Random, day: number, shape: DayShape, notBefore = -Infinity, notAfter = Infinity): number | null {
  const c = calendarDay(day);
  const fromHour = Math.max(0, (notBefore - c.startMs) / HOUR);
  const toHour = Math.min(24, (notAfter - c.startMs) / HOUR);
  if (toHour <= fromHour) return null;
  const hours = HOURS[shape];
  const part = (h: number) => hours[h] * Math.max(0, Math.min(toHour, h + 1) - Math.max(fromHour, h));
  let total = 0;
  for (let h = 0; h < 24; h++) total += part(h);
  if (!(total > 0)) return null;
  let r = rand.next() * total;
  let hour = 23;
  for (let h = 0; h < 24; h++) {
    r -= part(h);
    if (r < 0) {
      hour = h;
      break;
    }
  }
  const lo = Math.max(hour, fromHour);
  const hi = Math.min(hour + 1, toHour);
  return Math.floor(c.startMs + (lo + rand.next() * (hi - lo)) * HOUR);
}

/** The first working-day instant at or after `ms` (a weekend or the evening moves to the next working morning). */
function nextWorkingTime(rand: Random, ms: number, shape: DayShape): number {
  let day = ukDayOf(ms);
  for (let i = 0; i < 10; i++, day++) {
    if (!isWorkingDay(calendarDay(day))) continue;
    const at = timeOn(rand, day, shape, i === 0 ? ms : -Infinity);
    if (at !== null) return at;
  }
  return ms;
}

/** `workingDays` (fractional) after `start`, on a working day, at a time drawn from the shape. */
function afterWorkingDays(rand: Random, start: number, workingDays: number, shape: DayShape): number {
  let day = ukDayOf(start);
  let left = Math.floor(workingDays);
  while (left > 0 || !isWorkingDay(calendarDay(day))) {
    day++;
    if (isWorkingDay(calendarDay(day))) left--;
  }
  return timeOn(rand, day, shape, start) ?? nextWorkingTime(rand, calendarDay(day + 1).startMs, shape);
}

/* ------------------------------------------------------------------ people ---- */

export type Department = { id: number; slug: string };
export type PeopleCount = { departmentId: number | null; role: Role; people: number };

export type PlanContext = {
  now: Date;
  plan: DemoActivityPlan;
  departments: Department[];
  /** The generator's period: `days` UK days up to and including today. */
  window: { from: string; to: string; days: CalendarDay[] };
};

export function planContext(plan: DemoActivityPlan, departments: Department[], now: Date): PlanContext {
  const today = ukDayOf(now.getTime());
  const days = Array.from({ length: plan.days }, (_, i) => calendarDay(today + i - plan.days + 1));
  return { now, plan, departments, window: { from: days[0].day, to: days[days.length - 1].day, days } };
}

const asciiName = (s: string) => s.normalize("NFKD").replace(/[^A-Za-z]/g, "").toLowerCase();

/**
 * The generated staff: enough in each department for it to have the plan's number of staff
 * (counting the accounts already there), with names nobody in the directory has, a job
 * title of the department and a day they joined (a few during the period: new starters).
 */
export function planPeople(ctx: PlanContext, existing: PeopleCount[], namesInUse: Set<string>): (NewGeneratedPerson & { slug: string })[] {
  const rand = seededRandom(ctx.plan.seed).fork("people");
  const taken = new Set(namesInUse);
  const emails = new Set<string>();
  const workingDays = ctx.window.days.slice(0, -3).filter(isWorkingDay);
  const longAgo = Date.UTC(2006, 0, 1);
  const settledBy = calendarDay(ctx.window.days[0].n - 14).startMs;
  const people: (NewGeneratedPerson & { slug: string })[] = [];
  for (const department of ctx.departments) {
    const wanted = ctx.plan.departments[department.slug];
    if (!wanted) continue;
    const already = existing.filter((e) => e.departmentId === department.id).reduce((n, e) => n + e.people, 0);
    const titles = wanted.job_titles;
    for (let n = 0; n < wanted.staff - already; n++) {
      let name = "";
      for (let tries = 0; tries < 50 && (!name || taken.has(name.toLowerCase())); tries++) name = `${rand.pick(ctx.plan.first_names)} ${rand.pick(ctx.plan.last_names)}`;
      taken.add(name.toLowerCase());
      const [first, ...rest] = name.split(" ");
      let email = `${asciiName(first)}.${asciiName(rest.join(""))}@${ctx.plan.email_domain}`;
      for (let k = 2; emails.has(email); k++) email = `${asciiName(first)}.${asciiName(rest.join(""))}${k}@${ctx.plan.email_domain}`;
      emails.add(email);
      // The department's first job titles are its most common ones.
      const jobTitle = rand.weighted(titles, (t) => Math.max(1, 3 - titles.indexOf(t)));
      let joined: number;
      if (workingDays.length > 0 && rand.chance(ctx.plan.new_starters)) {
        const c = rand.pick(workingDays);
        joined = c.startMs + (9 + rand.next() * 0.5) * HOUR;
      } else {
        const c = calendarDay(ukDayOf(longAgo + rand.next() * (settledBy - longAgo)));
        joined = c.startMs + (9 + rand.next() * 0.5) * HOUR;
      }
      people.push({ email, name, departmentId: department.id, jobTitle, joinedAt: new Date(joined).toISOString(), slug: department.slug });
    }
  }
  return people;
}

/* ---------------------------------------------------------------- activity ---- */

export type Person = { id: number; departmentId: number; joinedAt: string };

export type PlannedActivity = {
  views: { itemId: number; departmentId: number; day: string; views: number }[];
  acknowledgements: { itemId: number; userId: number; version: number; at: string }[];
  ratings: { itemId: number; userId: number; helpful: boolean; at: string }[];
  feedback: { itemId: number; authorId: number; helpful: boolean; comment: string; at: string }[];
  searches: { day: string; query: string; searches: number }[];
  misses: { query: string; resultCount: number; at: string }[];
  requests: { title: string; details: string; departmentId: number | null; requesterId: number; searchQuery: string; at: string; voterIds: number[] }[];
  polls: { itemId: number; question: string; options: { label: string; votes: number }[]; voterIds: number[]; at: string; closedAt: string | null }[];
  questions: { itemId: number; askerId: number; question: string; at: string; answer: { text: string; at: string } | null }[];
  /** Mondays whose weekly digest had gone out by `now`, with when it was queued and the week it covered. */
  digests: { day: string; queuedAt: string; since: string }[];
};

type Reader = Person & { joinedMs: number; engagement: number; shape: DayShape };

type World = {
  ctx: PlanContext;
  nowMs: number;
  today: string;
  bySlug: Map<string, Department>;
  /** Everyone who could read a page (accounts and generated people), per department and role. */
  population: PeopleCount[];
  readers: Map<number, Reader[]>;
  reading: (departmentId: number) => number;
  shapeOf: (departmentId: number) => DayShape;
  /** Views planned so far, by item, department and day. */
  views: Map<string, ViewCount>;
  /** content/demo-activity.yml's settings of each page, by item id. */
  pages: Map<number, DemoActivityPlan["pages"][string] | undefined>;
};

type ViewCount = { itemId: number; departmentId: number; day: string; views: number };

function addView(w: World, itemId: number, departmentId: number, day: string, n = 1): void {
  const key = `${itemId}|${departmentId}|${day}`;
  const count = w.views.get(key);
  if (count) count.views += n;
  else w.views.set(key, { itemId, departmentId, day, views: n });
}

/** People in a department who may open the item (by role; comms editors and admins open everything). */
function audienceIn(w: World, item: ActivityItem, departmentId: number): number {
  return w.population
    .filter((p) => p.departmentId === departmentId && audienceAdmits({ role: p.role, departmentId }, item))
    .reduce((n, p) => n + p.people, 0);
}

/** Generated people in a department who may open the item and had joined by `at`. */
function readersOf(w: World, item: ActivityItem, departmentId: number, at: number): Reader[] {
  if (!audienceAdmits({ role: "staff", departmentId }, item)) return [];
  return (w.readers.get(departmentId) ?? []).filter((r) => r.joinedMs <= at);
}

function pageSettings(w: World, item: ActivityItem) {
  if (!w.pages.has(item.id)) w.pages.set(item.id, w.ctx.plan.pages[itemPath(item.type, item.slug)]);
  return w.pages.get(item.id);
}

/** Expected views of an announcement on day `k` after publishing, per person who may open it. */
function announcementRate(item: ActivityItem, w: World, departmentId: number): number {
  let share = item.priority === "urgent" ? 0.75 : item.priority === "need-to-know" ? 0.5 : 0.3;
  if (item.targetDepartmentIds.length > 0) share *= item.targetDepartmentIds.includes(departmentId) ? 2 : 0.3;
  if (item.departmentId === departmentId) share *= 1.6;
  share *= pageSettings(w, item)?.popularity ?? 1;
  return Math.min(0.95, share * w.reading(departmentId)) * 1.3;
}

/** Weight of day `k` after publishing in an announcement's readership: a fast start and a long tail. */
const announcementCurve = (k: number) => 0.75 * Math.exp(-k / 1.6) / 1.6 + 0.25 * Math.exp(-k / 14) / 14;

function planViews(w: World, items: ActivityItem[]): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("views");
  for (const item of items) {
    const published = Date.parse(item.publishedAt);
    const ends = item.expiresAt ? Date.parse(item.expiresAt) : Infinity;
    const publishedDay = ukDayOf(published);
    // Announcements: share of their readers per day since publishing, weekdays weighted, over their first 120 days.
    let curveTotal = 0;
    if (item.type === "announcement")
      for (let k = 0; k < 120; k++) curveTotal += announcementCurve(k + 0.5) * WEEKDAY[calendarDay(publishedDay + k).weekday];
    for (const department of w.ctx.departments) {
      const audience = audienceIn(w, item, department.id);
      if (audience === 0) continue;
      const shape = w.shapeOf(department.id);
      const rate = item.type === "announcement" ? announcementRate(item, w, department.id) : 0;
      const popularity = pageSettings(w, item)?.popularity ?? 1;
      for (const c of w.ctx.window.days) {
        // Only the part of the day when the page was up, and (today) has already happened.
        const from = Math.max(0, (published - c.startMs) / HOUR);
        const to = Math.min(24, (Math.min(ends, w.nowMs) - c.startMs) / HOUR);
        if (to <= from) continue;
        const open = shareOfDay(shape, from, to);
        let perPerson: number;
        if (item.type === "announcement") {
          const k = c.n - publishedDay;
          perPerson = (rate * announcementCurve(k + 0.5) * WEEKDAY[c.weekday]) / curveTotal;
        } else {
          const base = item.type === "guide" ? 0.006 : 0.004;
          const own = item.departmentId === department.id ? 2.5 : 1;
          const sinceLaunch = (c.startMs - published) / DAY;
          const launch = sinceLaunch >= -1 && sinceLaunch < 30 ? 0.08 * Math.exp(-Math.max(0, sinceLaunch) / 4) : 0;
          perPerson = (base * popularity * own + launch) * w.reading(department.id) * WEEKDAY[c.weekday];
        }
        const n = rand.poisson(audience * perPerson * open);
        if (n > 0) addView(w, item.id, department.id, c.day, n);
      }
    }
  }
}

function planAcknowledgements(w: World, asks: MustReadAsk[], inScope: { itemId: number; userId: number }[], items: Map<number, ActivityItem>, out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("confirmations");
  const people = new Map<number, Reader>();
  for (const list of w.readers.values()) for (const r of list) people.set(r.id, r);
  const slowIn = new Set(w.ctx.departments.filter((d) => w.ctx.plan.departments[d.slug]?.confirming === "slow").map((d) => d.id));
  const asked = new Map<number, number[]>();
  for (const s of inScope) {
    const list = asked.get(s.itemId);
    if (list) list.push(s.userId);
    else asked.set(s.itemId, [s.userId]);
  }
  for (const ask of asks) {
    const item = items.get(ask.itemId);
    if (!item) continue;
    const askedMs = Date.parse(ask.askedAt);
    const urgency = item.priority === "urgent" ? 0.35 : item.priority === "need-to-know" ? 0.8 : item.type === "policy" ? 1.4 : 1;
    for (const userId of asked.get(ask.itemId) ?? []) {
      const p = people.get(userId);
      if (!p) continue;
      const slow = slowIn.has(p.departmentId);
      const newStarter = p.joinedMs > askedMs;
      const start = Math.max(askedMs, p.joinedMs);
      if (!rand.chance(newStarter ? 0.9 : slow ? 0.84 : 0.97)) continue;
      const median = (newStarter ? 5 : (slow ? 3.5 : 0.9) * urgency) / Math.sqrt(p.engagement);
      const at = afterWorkingDays(rand, start, rand.logNormal(median, 1.1), p.shape);
      if (at > w.nowMs || at < start) continue;
      out.acknowledgements.push({ itemId: ask.itemId, userId, version: ask.version, at: new Date(at).toISOString() });
      // Confirming means opening the page: a view that day, from their department.
      const day = calendarDay(ukDayOf(at)).day;
      if (day >= w.ctx.window.from) addView(w, ask.itemId, p.departmentId, day);
    }
  }
}

/** The views planned so far, in a fixed order (by item, department, day). */
function sortedViews(w: World): ViewCount[] {
  return [...w.views.values()].sort((a, b) => a.itemId - b.itemId || a.departmentId - b.departmentId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

function planRatings(w: World, items: Map<number, ActivityItem>, out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("ratings");
  const rated = new Set<string>();
  const pageComments = new Map<number, string[]>();
  for (const { itemId, departmentId, day, views } of sortedViews(w)) {
    const item = items.get(itemId);
    if (!item || item.type === "announcement") continue;
    const answers = rand.binomial(views, item.type === "guide" ? 0.035 : 0.02);
    if (answers === 0) continue;
    const c = calendarDay(dayNumber(day));
    const settings = pageSettings(w, item);
    const overdue = !!item.reviewBy && item.reviewBy < w.today;
    const helpfulShare = settings?.helpful ?? (overdue ? 0.58 : 0.84);
    if (!pageComments.has(itemId)) pageComments.set(itemId, [...(settings?.comments ?? [])]);
    const candidates = readersOf(w, item, departmentId, c.startMs + DAY);
    for (let n = 0; n < answers && candidates.length > 0; n++) {
      const person = rand.weighted(candidates, (r) => r.engagement);
      if (rated.has(`${itemId}|${person.id}`)) continue;
      const at = timeOn(rand, c.n, person.shape, Math.max(Date.parse(item.publishedAt), person.joinedMs), w.nowMs);
      if (at === null) continue;
      rated.add(`${itemId}|${person.id}`);
      const helpful = rand.chance(helpfulShare);
      const iso = new Date(at).toISOString();
      out.ratings.push({ itemId, userId: person.id, helpful, at: iso });
      if (!rand.chance(helpful ? 0.02 : 0.22)) continue;
      const own = pageComments.get(itemId)!;
      const comment = !helpful && own.length > 0 ? own.shift()! : rand.pick(helpful ? w.ctx.plan.feedback.helpful : w.ctx.plan.feedback.not_helpful);
      out.feedback.push({ itemId, authorId: person.id, helpful, comment, at: new Date(at + rand.int(40, 300) * 1000).toISOString() });
    }
  }
}

/** How much a search is made on `day`, against a typical weekday: after its announcement, around its day of the year. */
function searchLevel(search: DemoActivityPlan["searches"][number], c: CalendarDay, published: Map<string, number>): number {
  let level = 1;
  if (search.after) {
    const at = published.get(search.after);
    if (at !== undefined) {
      const since = (c.startMs + 12 * HOUR - at) / DAY;
      if (since < 0) return 0;
      level = 0.3 + 3 * Math.exp(-since / 5);
    }
  }
  if (search.peak) {
    const year = Number(c.day.slice(0, 4));
    const distance = Math.min(...[year - 1, year, year + 1].map((y) => Math.abs(dayNumber(`${y}-${search.peak}`) - c.n)));
    level *= 0.25 + 2.5 * Math.exp(-(distance * distance) / 200);
  }
  return level;
}

function planSearches(w: World, items: ActivityItem[], out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("searches");
  const published = new Map(items.filter((i) => i.type === "announcement").map((i) => [i.slug, Date.parse(i.publishedAt)]));
  const staff = w.population.reduce((n, p) => n + p.people, 0);
  const scale = staff / 2000;
  const counts = new Map<string, { day: string; query: string; searches: number }>();
  for (const search of w.ctx.plan.searches)
    for (const c of w.ctx.window.days) {
      const expected = search.weight * scale * WEEKDAY[c.weekday] * searchLevel(search, c, published) * shareOfDay("office", 0, Math.min(24, (w.nowMs - c.startMs) / HOUR));
      const n = rand.poisson(expected);
      for (let i = 0; i < n; i++) {
        const at = timeOn(rand, c.n, "office", search.after ? (published.get(search.after) ?? -Infinity) : -Infinity, w.nowMs);
        if (at === null) continue;
        // As typed: some start with a capital. The insight pages group them by their words.
        const typed = rand.chance(0.25) ? search.query[0].toUpperCase() + search.query.slice(1) : search.query;
        const iso = new Date(at).toISOString();
        const utcDay = iso.slice(0, 10); // searches are counted per UTC day, as live
        const entry = counts.get(`${utcDay}|${search.query}`) ?? { day: utcDay, query: typed, searches: 0 };
        entry.searches++;
        entry.query = typed;
        counts.set(`${utcDay}|${search.query}`, entry);
        if (search.finds !== "many") out.misses.push({ query: typed, resultCount: search.finds, at: iso });
      }
    }
  out.searches.push(...counts.values());
  out.misses.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function everyone(w: World): Reader[] {
  return [...w.readers.values()].flat();
}

function planRequests(w: World, out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("requests");
  for (const request of w.ctx.plan.requests) {
    const searches = out.misses.filter((m) => m.query.toLowerCase() === request.query.toLowerCase());
    if (searches.length === 0) continue;
    // Asked by someone who searched, some way into the period: there were searches before and after.
    const at = Date.parse(searches[Math.floor(searches.length * 0.4)].at) + rand.int(60, 600) * 1000;
    // The department that should answer it (null: the asker was not sure; comms editors place it).
    const department = request.department ? w.bySlug.get(request.department) : undefined;
    if (request.department && !department) continue;
    const pool = everyone(w).filter((r) => r.joinedMs < at);
    if (pool.length === 0) continue;
    const requester = rand.weighted(pool, (r) => r.engagement);
    const voters = rand.shuffle(pool.filter((r) => r.id !== requester.id)).slice(0, request.votes).map((r) => r.id).sort((a, b) => a - b);
    out.requests.push({
      title: request.title, details: request.details, departmentId: department?.id ?? null, requesterId: requester.id,
      searchQuery: request.query, at: new Date(at).toISOString(), voterIds: voters,
    });
  }
}

function planPolls(w: World, items: ActivityItem[], out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("polls");
  for (const poll of w.ctx.plan.polls) {
    const item = items.find((i) => i.type === "announcement" && i.slug === poll.announcement);
    if (!item) continue;
    const created = Date.parse(item.publishedAt) + 10 * 60_000;
    if (created > w.nowMs) continue;
    // Those who answered are among those who read it: in each department, `share` of the people who read it.
    const voters: number[] = [];
    for (const department of w.ctx.departments) {
      const pool = rand.shuffle(readersOf(w, item, department.id, created));
      const readShare = Math.min(0.95, announcementRate(item, w, department.id) / 1.3);
      voters.push(...pool.slice(0, Math.round(pool.length * readShare * poll.share)).map((r) => r.id));
    }
    const labels = Object.keys(poll.options);
    const votes = new Map(labels.map((l) => [l, 0]));
    for (let i = 0; i < voters.length; i++) {
      const label = rand.weighted(labels, (l) => poll.options[l]);
      votes.set(label, votes.get(label)! + 1);
    }
    const closes = item.expiresAt ? Math.min(Date.parse(item.expiresAt), w.nowMs) : w.nowMs;
    out.polls.push({
      itemId: item.id, question: poll.question, options: labels.map((label) => ({ label, votes: votes.get(label)! })),
      voterIds: voters.sort((a, b) => a - b), at: new Date(created).toISOString(), closedAt: poll.closed ? new Date(closes).toISOString() : null,
    });
  }
}

function planQuestions(w: World, items: ActivityItem[], out: PlannedActivity): void {
  const rand = seededRandom(w.ctx.plan.seed).fork("questions");
  for (const q of w.ctx.plan.questions) {
    const item = items.find((i) => i.type === "announcement" && i.slug === q.announcement);
    if (!item) continue;
    const departments = item.targetDepartmentIds.length > 0 ? item.targetDepartmentIds : w.ctx.departments.map((d) => d.id);
    const at = nextWorkingTime(rand, Date.parse(item.publishedAt) + q.days * DAY, "office");
    if (at > w.nowMs) continue;
    const pool = departments.flatMap((d) => readersOf(w, item, d, at));
    if (pool.length === 0) continue;
    const asker = rand.weighted(pool, (r) => r.engagement);
    const answeredAt = q.answer ? nextWorkingTime(rand, at + rand.logNormal(5, 0.8) * HOUR, "office") : null;
    out.questions.push({
      itemId: item.id, askerId: asker.id, question: q.question, at: new Date(at).toISOString(),
      answer: q.answer && answeredAt !== null && answeredAt <= w.nowMs ? { text: q.answer, at: new Date(answeredAt).toISOString() } : null,
    });
  }
}

function planDigests(w: World, digestHour: number, out: PlannedActivity): void {
  for (const c of w.ctx.window.days) {
    const at = c.startMs + digestHour * HOUR;
    if (c.weekday !== 1 || at > w.nowMs) continue;
    out.digests.push({ day: c.day, queuedAt: new Date(at).toISOString(), since: new Date(at - 7 * DAY).toISOString() });
  }
}

export type ActivityInput = {
  /** Everyone with an account once the generated people exist (accounts and generated people), per department and role. */
  population: PeopleCount[];
  people: Person[];
  items: ActivityItem[];
  asks: MustReadAsk[];
  inScope: { itemId: number; userId: number }[];
  digestHour: number;
};

export function planActivity(ctx: PlanContext, input: ActivityInput): PlannedActivity {
  const engagement = seededRandom(ctx.plan.seed).fork("engagement");
  const slugOf = new Map(ctx.departments.map((d) => [d.id, d.slug]));
  const settings = (departmentId: number) => ctx.plan.departments[slugOf.get(departmentId) ?? ""];
  const readers = new Map<number, Reader[]>();
  for (const p of input.people) {
    const reader = { ...p, joinedMs: Date.parse(p.joinedAt), engagement: engagement.logNormal(1, 0.6), shape: settings(p.departmentId)?.day ?? "office" };
    const list = readers.get(p.departmentId);
    if (list) list.push(reader);
    else readers.set(p.departmentId, [reader]);
  }
  const w: World = {
    ctx, nowMs: ctx.now.getTime(), today: ctx.window.to, bySlug: new Map(ctx.departments.map((d) => [d.slug, d])),
    population: input.population, readers,
    reading: (id) => settings(id)?.reading ?? 1,
    shapeOf: (id) => settings(id)?.day ?? "office",
    views: new Map(),
    pages: new Map(),
  };
  const out: PlannedActivity = { views: [], acknowledgements: [], ratings: [], feedback: [], searches: [], misses: [], requests: [], polls: [], questions: [], digests: [] };
  const items = input.items.filter((i) => Date.parse(i.publishedAt) <= w.nowMs);
  const byId = new Map(items.map((i) => [i.id, i]));
  planViews(w, items);
  planAcknowledgements(w, input.asks, input.inScope, byId, out);
  planRatings(w, byId, out);
  planSearches(w, items, out);
  planRequests(w, out);
  planPolls(w, items, out);
  planQuestions(w, items, out);
  planDigests(w, input.digestHour, out);
  out.views = sortedViews(w).map((v) => ({ ...v }));
  return out;
}
