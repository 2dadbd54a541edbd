/**
 * The demo council's generated activity history (decision 087), on the real demo content:
 * import, demo accounts, then the generator, as the first start does (app/boot.server.ts).
 *
 * The invariants, each checked over every generated row with SQL written here (not the
 * generator's own helpers): nothing before a page was published or after now; nothing from
 * people the page's audience does not admit; confirmations only from people asked, after
 * they joined and after the version was asked for; every confirmation and every rating is
 * also a view; per department no more than its people; weekdays busier than weekends and
 * 9 am busiest. Then: the searches that "find nothing" find nothing in the real search
 * index; the insight pages and the weekly summary have figures; generated people are never
 * emailed and cannot sign in; nothing when DEMO=false; once only; the same every time.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACTIVITY_FILE, readDemoActivityPlan, seedDemoActivity, type DemoActivityReport } from "~/commands/demo-activity.server";
import { planActivity, planContext, planPeople } from "~/commands/demo-activity-plan.server";
import { enqueueForItems } from "~/commands/deliver.server";
import { enqueueDigests, enqueueReminders } from "~/commands/digest.server";
import { replyToFeedback } from "~/commands/feedback.server";
import { importContent } from "~/commands/import.server";
import { insightsReport, parseInsightsQuery } from "~/commands/insights.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { signInWithIdentity } from "~/commands/oidc-sign-in.server";
import { signIn } from "~/commands/sign-in.server";
import { lastWeekStart, summaryMessage, weeklyFigures } from "~/commands/weekly-summary.server";
import { IN_SCOPE_SQL } from "~/models/acknowledgement.server";
import { latestChangeId } from "~/models/change-feed.server";
import { listItemsForActivity, listMustReadAsksOfGeneratedPeople } from "~/models/demo-activity.server";
import { enqueueMessage } from "~/models/outbox.server";
import { departmentIdsBySlug } from "~/models/organisation.server";
import { countActivePeopleByDepartmentAndRole, findUserByEmail, listGeneratedPeople, listUserNames } from "~/models/user.server";
import { loader as insightsLoader } from "~/routes/admin.insights";
import type { DemoActivityPlan } from "~/schemas/demo-activity";
import { getDb, type Database } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { searchItems, startSearch, stopSearch } from "~/utils/search.server";
import { requestAs } from "../factories";
import { load } from "../pages/load";

/** A Monday morning, a week after the demo content's last must-read: the clock of the whole file. */
const NOW = new Date("2026-12-07T10:30:00.000Z");
const ACTIVITY_TABLES = [
  "reach_daily", "acknowledgements", "page_ratings", "page_feedback", "search_query_days", "search_misses", "knowledge_requests",
  "knowledge_request_votes", "polls", "poll_voters", "announcement_questions", "outbox",
];

let db: Database;
let plan: DemoActivityPlan;
let report: DemoActivityReport;
let withDemoOff: { report: DemoActivityReport | null; rows: Record<string, number> };
let feedBefore = 0;
let feedAfter = 0;
let departments: Map<string, number>;

async function countRows(): Promise<Record<string, number>> {
  const out: Record<string, number> = { generatedPeople: (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE generated = 1"))!.n };
  for (const table of ACTIVITY_TABLES) out[table] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n;
  return out;
}

/** The UK calendar day of an instant, by the time zone database (not the generator's calendar). */
const ukDay = (iso: string) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));

function setDemo(value: "true" | "false") {
  Object.assign(process.env, { DEMO: value, DEMO_PASSWORD: "demo-password-for-tests" });
  resetEnvForTests();
}

beforeAll(async () => {
  db = await getDb();
  const imported = await importContent({ now: NOW });
  expect(imported.errors).toEqual([]);
  setDemo("false");
  withDemoOff = { report: await seedDemoActivity({ now: NOW }), rows: await countRows() };
  setDemo("true");
  expect(await seedDemoAccounts()).not.toBeNull();
  feedBefore = await latestChangeId(db);
  report = (await seedDemoActivity({ now: NOW }))!;
  feedAfter = await latestChangeId(db);
  plan = readDemoActivityPlan()!;
  departments = await departmentIdsBySlug(db);
}, 120_000);

afterAll(() => setDemo("true"));

describe("the generated people", () => {
  it("fill each department to its stated size, as staff nobody can sign in as", async () => {
    expect(report.people).toBeGreaterThan(1900);
    const sizes = await db.all<{ slug: string; people: number }>(
      "SELECT d.slug, COUNT(*) AS people FROM users u JOIN departments d ON d.id = u.department_id WHERE u.active = 1 GROUP BY d.slug",
    );
    for (const [slug, wanted] of Object.entries(plan.departments)) expect(sizes.find((s) => s.slug === slug)?.people, slug).toBe(wanted.staff);
    expect(sizes.reduce((n, s) => n + s.people, 0)).toBe(2000);
    const odd = await db.all("SELECT email FROM users WHERE generated = 1 AND (role <> 'staff' OR password_hash IS NOT NULL OR oidc_subject IS NOT NULL OR email NOT LIKE '%@generated.invalid')");
    expect(odd).toEqual([]);
    // Names are not shared with anyone in the directory, nor between generated people.
    const dupes = await db.all("SELECT lower(name) AS n, COUNT(*) AS c FROM users GROUP BY lower(name) HAVING COUNT(*) > 1");
    expect(dupes).toEqual([]);
    // Even with a password set (say an administrator made a link), a generated person cannot sign in.
    const someone = (await db.get<{ id: number; email: string }>("SELECT id, email FROM users WHERE generated = 1 ORDER BY id LIMIT 1"))!;
    await db.run("UPDATE users SET password_hash = ? WHERE id = ?", [await hashPassword("a long password for the test"), someone.id]);
    const attempt = await signIn(new Request("http://localhost/login", { method: "POST" }), someone.email, "a long password for the test");
    expect(attempt.ok).toBe(false);
    await db.run("UPDATE users SET password_hash = NULL WHERE id = ?", [someone.id]);
    // Nor can an identity provider that asserts their address.
    const identity = { subject: "provider-subject-1", email: someone.email, name: "Someone", claims: {}, redirectTo: "/" };
    expect(await signInWithIdentity(new Request("http://localhost/auth/oidc/callback"), identity)).toEqual({ ok: false, reason: "deactivated" });
    // A few joined during the period (new starters), the rest before it.
    const joinedDuring = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE generated = 1 AND created_at >= ?", [`${report.from}T00:00:00`]))!.n;
    expect(joinedDuring).toBeGreaterThan(20);
    expect(joinedDuring).toBeLessThan(200);
  });

  it("are never emailed: alerts, reminders, digests and notices leave them out, the history is only digests marked sent", async () => {
    const generatedId = (await db.get<{ id: number }>("SELECT id FROM users WHERE generated = 1 LIMIT 1"))!.id;
    expect(await enqueueMessage(db, { kind: "email", purpose: "alert", dedupeKey: "test:generated", userId: generatedId })).toBe(false);
    Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: "9" });
    resetEnvForTests();
    try {
      const items = (await db.all<{ id: number }>("SELECT id FROM items")).map((r) => r.id);
      await enqueueForItems(items, NOW);
      await enqueueReminders(new Date(NOW.getTime() + 2 * 86_400_000));
      await enqueueDigests(new Date("2026-12-07T09:00:00.000Z"));
      // An owner replies to a generated person's comment: the reply is kept, no email is queued for them.
      const comment = (await db.get<{ id: number; authorId: number; owner: string }>(
        "SELECT f.id, f.author_id AS authorId, i.owner_email AS owner FROM page_feedback f JOIN items i ON i.id = f.item_id JOIN users o ON o.email = i.owner_email ORDER BY f.id LIMIT 1",
      ))!;
      const owner = (await findUserByEmail(db, comment.owner))!;
      expect(await replyToFeedback(owner, comment.id, "Thank you, fixed.", NOW)).toEqual({ ok: true });
      expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM page_feedback_replies WHERE feedback_id = ?", [comment.id]))!.n).toBe(1);
    } finally {
      delete process.env.SMTP_HOST;
      delete process.env.SMTP_PORT;
      resetEnvForTests();
    }
    const toGenerated = await db.all<{ purpose: string; status: string; sentAt: string; n: number }>(
      `SELECT o.purpose, o.status, MAX(o.sent_at) AS sentAt, COUNT(*) AS n FROM outbox o JOIN users u ON u.id = o.user_id
        WHERE u.generated = 1 GROUP BY o.purpose, o.status`,
    );
    expect(toGenerated.map(({ purpose, status }) => ({ purpose, status }))).toEqual([{ purpose: "digest", status: "sent" }]);
    expect(toGenerated[0].sentAt <= NOW.toISOString()).toBe(true);
    expect(toGenerated[0].n).toBe(report.counts.digests);
  });
});

describe("views", () => {
  it("only after publishing, never after now, only from departments that may open the page, within each department's people", async () => {
    const rows = await db.all<{ itemId: number; departmentId: number; day: string; views: number; publishedAt: string; audience: string; status: string }>(
      `SELECT r.item_id AS itemId, r.department_id AS departmentId, r.day, r.views, i.published_at AS publishedAt, i.audience, i.status
         FROM reach_daily r JOIN items i ON i.id = r.item_id`,
    );
    expect(rows.length).toBeGreaterThan(1000);
    const people = await db.all<{ departmentId: number; role: string; n: number }>("SELECT department_id AS departmentId, role, COUNT(*) AS n FROM users GROUP BY department_id, role");
    const audienceDepartments = await db.all<{ itemId: number; departmentId: number }>("SELECT item_id AS itemId, department_id AS departmentId FROM item_audience_departments");
    const audienceRoles = await db.all<{ itemId: number; role: string }>("SELECT item_id AS itemId, role FROM item_audience_roles");
    for (const r of rows) {
      const where = `item ${r.itemId} department ${r.departmentId} on ${r.day}`;
      expect(["published", "expired"], where).toContain(r.status);
      expect(r.day >= r.publishedAt.slice(0, 10), where).toBe(true);
      expect(r.day <= report.to, where).toBe(true);
      // Who in this department may open it: everyone, or its audience's departments or roles (comms and admins see all).
      const mayOpen = people
        .filter((p) => p.departmentId === r.departmentId)
        .filter((p) =>
          r.audience === "everyone" || p.role === "comms" || p.role === "admin" ||
          (r.audience === "departments" && audienceDepartments.some((a) => a.itemId === r.itemId && a.departmentId === r.departmentId)) ||
          (r.audience === "roles" && audienceRoles.some((a) => a.itemId === r.itemId && a.role === p.role)))
        .reduce((n, p) => n + p.n, 0);
      expect(mayOpen, where).toBeGreaterThan(0);
      expect(r.views, where).toBeLessThanOrEqual(3 * mayOpen);
    }
  });

  it("are busiest on weekdays, and announcements most in their first days with a long tail", async () => {
    const days = await db.all<{ day: string; views: number }>("SELECT day, SUM(views) AS views FROM reach_daily GROUP BY day");
    const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const full = days.filter((d) => d.day < report.to);
    const weekdays = avg(full.filter((d) => weekday(d.day) >= 1 && weekday(d.day) <= 5).map((d) => d.views));
    const weekends = avg(full.filter((d) => weekday(d.day) === 0 || weekday(d.day) === 6).map((d) => d.views));
    expect(weekdays).toBeGreaterThan(400);
    expect(weekdays).toBeGreaterThan(6 * weekends);
    // Pay award (12 November): most views in its first week, but still read weeks later.
    const pay = await db.all<{ day: string; views: number }>(
      "SELECT r.day, SUM(r.views) AS views FROM reach_daily r JOIN items i ON i.id = r.item_id WHERE i.slug = 'pay-award-2026-27' GROUP BY r.day",
    );
    const within = (from: string, to: string) => pay.filter((d) => d.day >= from && d.day <= to).reduce((n, d) => n + d.views, 0);
    expect(within("2026-11-12", "2026-11-18")).toBeGreaterThan(within("2026-11-19", "2026-12-07"));
    expect(within("2026-11-26", "2026-12-07")).toBeGreaterThan(0);
  });
});

describe("must-read confirmations", () => {
  it("only from people asked, after they joined and after the version was asked for, never after now, once each", async () => {
    const acks = await db.all<{ itemId: number; userId: number; version: number; at: string; askedAt: string; joinedAt: string; inScope: number; generated: number }>(
      `SELECT a.item_id AS itemId, a.user_id AS userId, a.version, a.acknowledged_at AS at, u.created_at AS joinedAt, u.generated,
          COALESCE((SELECT pv.published_at FROM policy_versions pv WHERE pv.item_id = i.id AND pv.version = a.version AND i.type = 'policy'), i.published_at) AS askedAt,
          (${IN_SCOPE_SQL}) AS inScope
         FROM acknowledgements a JOIN items i ON i.id = a.item_id JOIN users u ON u.id = a.user_id`,
    );
    expect(acks.length).toBe(report.counts.acknowledgements);
    for (const a of acks) {
      const where = `item ${a.itemId} person ${a.userId}`;
      expect(a.generated, where).toBe(1);
      expect(a.inScope, where).toBe(1);
      expect(a.at >= a.askedAt, where).toBe(true);
      expect(a.at >= a.joinedAt, where).toBe(true);
      expect(a.at <= NOW.toISOString(), where).toBe(true);
    }
    expect(new Set(acks.map((a) => `${a.itemId}|${a.userId}`)).size).toBe(acks.length);
  });

  it("each is also a view of the page that day from the person's department", async () => {
    const acks = await db.all<{ itemId: number; departmentId: number; at: string }>(
      "SELECT a.item_id AS itemId, u.department_id AS departmentId, a.acknowledged_at AS at FROM acknowledgements a JOIN users u ON u.id = a.user_id WHERE a.acknowledged_at >= ?",
      [`${report.from}T00:00:00.000Z`],
    );
    const views = new Map((await db.all<{ k: string; views: number }>("SELECT item_id || '|' || department_id || '|' || day AS k, views FROM reach_daily")).map((r) => [r.k, r.views]));
    const confirmations = new Map<string, number>();
    for (const a of acks) {
      const key = `${a.itemId}|${a.departmentId}|${ukDay(a.at)}`;
      confirmations.set(key, (confirmations.get(key) ?? 0) + 1);
    }
    expect(confirmations.size).toBeGreaterThan(100);
    const short = [...confirmations].filter(([key, n]) => (views.get(key) ?? 0) < n);
    expect(short).toEqual([]);
  });

  it("rise after each publish with a long tail, with teams on the road lagging", async () => {
    const policy = (await db.get<{ id: number }>("SELECT id FROM items WHERE type = 'policy' AND slug = 'lone-working'"))!.id;
    const perDay = await db.all<{ day: string; n: number }>(
      "SELECT substr(acknowledged_at, 1, 10) AS day, COUNT(*) AS n FROM acknowledgements WHERE item_id = ? AND version = 2 GROUP BY day ORDER BY day",
      [policy],
    );
    const total = perDay.reduce((n, d) => n + d.n, 0);
    const firstWeek = perDay.filter((d) => d.day <= "2026-11-22").reduce((n, d) => n + d.n, 0);
    expect(firstWeek / total).toBeGreaterThan(0.6);
    expect(perDay.filter((d) => d.day >= "2026-11-30").reduce((n, d) => n + d.n, 0)).toBeGreaterThan(0); // the tail
    const byDepartment = await db.all<{ slug: string; asked: number; confirmed: number }>(
      `SELECT d.slug, COUNT(*) AS asked, SUM(CASE WHEN EXISTS (SELECT 1 FROM acknowledgements a WHERE a.item_id = i.id AND a.user_id = u.id) THEN 1 ELSE 0 END) AS confirmed
         FROM items i JOIN users u JOIN departments d ON d.id = u.department_id
        WHERE i.slug = 'phishing-warning-fake-payroll-emails' AND u.generated = 1 AND ${IN_SCOPE_SQL} GROUP BY d.slug`,
    );
    const share = (slug: string) => {
      const row = byDepartment.find((b) => b.slug === slug)!;
      return row.confirmed / row.asked;
    };
    for (const lagging of ["waste-street-scene", "adult-social-care"])
      for (const office of ["finance", "hr-od", "ict", "planning"]) expect(share(lagging), `${lagging} < ${office}`).toBeLessThan(share(office));
    expect(share("finance")).toBeGreaterThan(0.85);
    // The hour most confirmations happen in, UK time, for office teams: 9 am.
    // Portable SQL (decision 100): the hour is read from the ISO text, counted here.
    const times = await db.all<{ at: string }>(
      `SELECT a.acknowledged_at AS at FROM acknowledgements a JOIN users u ON u.id = a.user_id
         JOIN departments d ON d.id = u.department_id WHERE d.slug IN ('finance', 'hr-od', 'ict') AND a.acknowledged_at >= '2026-11-01'`,
    );
    const perHour = new Map<number, number>();
    for (const { at } of times) perHour.set(Number(at.slice(11, 13)), (perHour.get(Number(at.slice(11, 13))) ?? 0) + 1);
    const hours = [...perHour].map(([hour, n]) => ({ hour, n })).sort((a, b) => b.n - a.n);
    expect(hours[0].hour).toBe(9); // November: UK time is UTC
  });
});

describe("ratings, comments, polls and questions", () => {
  it("come from people the page's audience admits, after it was published, no more than the page's views", async () => {
    const ratings = await db.all<{ itemId: number; at: string; publishedAt: string; generated: number; admitted: number; type: string }>(
      `SELECT r.item_id AS itemId, r.rated_at AS at, i.published_at AS publishedAt, u.generated, i.type,
          (i.audience = 'everyone' OR EXISTS (SELECT 1 FROM item_audience_departments a WHERE a.item_id = i.id AND a.department_id = u.department_id)
             OR EXISTS (SELECT 1 FROM item_audience_roles a WHERE a.item_id = i.id AND a.role = u.role)) AS admitted
         FROM page_ratings r JOIN items i ON i.id = r.item_id JOIN users u ON u.id = r.user_id`,
    );
    expect(ratings.length).toBeGreaterThan(200);
    for (const r of ratings) {
      expect(["guide", "policy"]).toContain(r.type);
      expect([r.generated, r.admitted, r.at >= r.publishedAt && r.at <= NOW.toISOString() ? 1 : 0]).toEqual([1, 1, 1]);
    }
    const moreThanViews = await db.all(
      `SELECT * FROM (
         SELECT r.item_id, u.department_id, COUNT(*) AS ratings, (SELECT SUM(views) FROM reach_daily x WHERE x.item_id = r.item_id AND x.department_id = u.department_id) AS views
           FROM page_ratings r JOIN users u ON u.id = r.user_id GROUP BY r.item_id, u.department_id) AS per_department
        WHERE ratings > COALESCE(views, 0)`,
    );
    expect(moreThanViews).toEqual([]);
    // Comments go with an answer of the same person, to the page's owner.
    const stray = await db.all(
      `SELECT f.id FROM page_feedback f LEFT JOIN page_ratings r ON r.item_id = f.item_id AND r.user_id = f.author_id
        WHERE r.user_id IS NULL OR r.helpful <> f.helpful OR f.created_at < r.rated_at OR f.status <> 'open'`,
    );
    expect(stray).toEqual([]);
    expect(report.counts.comments).toBeGreaterThan(10);
    // Pages overdue for review are found less helpful than the rest.
    const share = async (overdue: boolean) =>
      (await db.get<{ s: number }>(
        `SELECT AVG(r.helpful) AS s FROM page_ratings r JOIN items i ON i.id = r.item_id WHERE ${overdue ? "" : "NOT "}(i.review_by IS NOT NULL AND i.review_by < '2026-12-07')`,
      ))!.s;
    expect(await share(true)).toBeLessThan(await share(false));
  });

  it("poll answers add up to the people who answered, all of whom may open the announcement; questions come after publishing", async () => {
    const admits = `(i.audience = 'everyone' OR EXISTS (SELECT 1 FROM item_audience_departments a WHERE a.item_id = i.id AND a.department_id = u.department_id)
      OR EXISTS (SELECT 1 FROM item_audience_roles a WHERE a.item_id = i.id AND a.role = u.role))`;
    const polls = await db.all<{ id: number; votes: number; voters: number; outside: number; audience: number }>(
      `SELECT p.id, (SELECT SUM(votes) FROM poll_options o WHERE o.poll_id = p.id) AS votes,
          (SELECT COUNT(*) FROM poll_voters v WHERE v.poll_id = p.id) AS voters,
          (SELECT COUNT(*) FROM poll_voters v JOIN users u ON u.id = v.user_id WHERE v.poll_id = p.id AND NOT (u.generated = 1 AND ${admits})) AS outside,
          (SELECT COUNT(*) FROM users u WHERE u.active = 1 AND ${admits}) AS audience
         FROM polls p JOIN items i ON i.id = p.item_id`,
    );
    expect(polls.length).toBe(plan.polls.length);
    for (const p of polls) {
      expect(p.votes).toBe(p.voters);
      expect(p.outside).toBe(0);
      expect(p.voters).toBeGreaterThan(20);
      expect(p.voters).toBeLessThan(p.audience);
    }
    const early = await db.all(
      `SELECT q.id FROM announcement_questions q JOIN items i ON i.id = q.item_id JOIN users u ON u.id = q.asker_id
        WHERE q.created_at < i.published_at OR q.created_at > ? OR u.generated = 0 OR (q.answered_at IS NOT NULL AND q.answered_at < q.created_at)`,
      [NOW.toISOString()],
    );
    expect(early).toEqual([]);
    expect(report.counts.questions).toBeGreaterThan(5);
  });
});

describe("searches", () => {
  it("those that find nothing find nothing in the real search index, the others find pages", async () => {
    await startSearch({ persistPath: null, buildIn: "process" });
    try {
      // As staff of three departments (pages sent to a department differ): a crew member, a housing officer, a care worker.
      const searchers = [
        (await findUserByEmail(db, "staff@riverside.gov.uk"))!,
        ...(await db.all<{ id: number; email: string; name: string; role: "staff"; departmentId: number }>(
          `SELECT u.id, u.email, u.name, u.role, u.department_id AS departmentId FROM users u
            WHERE u.id IN (SELECT MIN(g.id) FROM users g JOIN departments d ON d.id = g.department_id
                            WHERE g.generated = 1 AND d.slug IN ('housing', 'adult-social-care') GROUP BY d.slug)
            ORDER BY u.id`,
        )),
      ];
      expect(searchers).toHaveLength(3);
      const wrong: string[] = [];
      for (const searcher of searchers)
        for (const s of plan.searches) {
          const { complete } = await searchItems(searcher, { q: s.query });
          if (s.finds === "many" ? complete < 3 : complete !== s.finds) wrong.push(`${s.query}: finds ${complete} for ${searcher.email}, the plan says ${s.finds}`);
        }
      expect(wrong).toEqual([]);
    } finally {
      await stopSearch();
    }
  }, 60_000);

  it("are counted per day under the words live search keys them by, and turned into knowledge requests", async () => {
    const keys = await db.all<{ key: string; query: string }>("SELECT DISTINCT query_key AS key, lower(query) AS query FROM search_query_days");
    for (const k of keys) expect(k.key).toBe(k.query);
    const total = (await db.get<{ n: number }>("SELECT SUM(searches) AS n FROM search_query_days"))!.n;
    expect(total).toBe(report.counts.searches);
    const misses = await db.all<{ query: string; n: number; first: string }>(
      "SELECT query_key AS query, COUNT(*) AS n, MIN(searched_at) AS first FROM search_misses GROUP BY query_key",
    );
    expect(misses.map((m) => m.query).sort()).toEqual(plan.searches.filter((s) => s.finds !== "many").map((s) => s.query).sort());
    const requests = await db.all<{ query: string; at: string; generated: number; votes: number }>(
      `SELECT k.search_query AS query, k.created_at AS at, u.generated, (SELECT COUNT(*) FROM knowledge_request_votes v WHERE v.request_id = k.id) AS votes
         FROM knowledge_requests k JOIN users u ON u.id = k.requester_id`,
    );
    expect(requests.length).toBe(plan.requests.length);
    for (const r of requests) {
      expect(r.generated).toBe(1);
      expect(r.at > misses.find((m) => m.query === r.query)!.first).toBe(true);
      expect(r.votes).toBe(plan.requests.find((p) => p.query === r.query)!.votes);
    }
    // Routed to who looks after the department now, so the champions see them under "for me".
    const unrouted = await db.all("SELECT k.id FROM knowledge_requests k WHERE NOT EXISTS (SELECT 1 FROM knowledge_request_routes r WHERE r.request_id = k.id)");
    expect(unrouted).toEqual([]);
  });
});

describe("what the communications team sees", () => {
  it("/admin/insights has views, confirmations, searches and ratings, and says they are generated", async () => {
    const comms = (await findUserByEmail(db, "comms@riverside.gov.uk"))!;
    const r = await insightsReport({ ...comms }, parseInsightsQuery(new URL("http://localhost/admin/insights"), NOW), NOW);
    expect(r.series.reachPerDay.reduce((n, d) => n + d.views, 0)).toBeGreaterThan(10_000);
    for (const table of ["reach-items", "acknowledgements", "acknowledgement-days", "searches-top", "searches-zero", "helpful-most", "helpful-least"] as const)
      expect(r.tables[table].rows.length, table).toBeGreaterThan(0);
    expect(r.series.ackPercentPerDay.at(-1)!.percent).toBeGreaterThan(40);
    const page = await load(insightsLoader, await requestAs(comms.id, "/admin/insights"));
    expect(page.data.demo).toEqual({ from: report.from, to: report.to, people: report.people });
  });

  it("last week's summary email has real-looking figures", async () => {
    const figures = await weeklyFigures(db, lastWeekStart(NOW), NOW);
    expect(figures.views).toBeGreaterThan(2000);
    expect(figures.viewsWeekBefore).toBeGreaterThan(2000);
    expect(figures.mustReads.every((m) => m.inScope > 0)).toBe(true);
    expect(figures.mustReads.some((m) => m.percent > 50)).toBe(true);
    expect(figures.feedback.ratings).toBeGreaterThan(10);
    expect(figures.searches!.zeroResult).toBeGreaterThan(20);
    const message = summaryMessage(figures);
    expect(message.lines.join("\n")).toMatch(/Pages were viewed [\d,]+ times \((up|down) \d+% on the week before\)/);
    expect(message.tables.map((t) => t.caption)).toEqual(["Most viewed", "Must-reads: confirmed so far", "Searches that found nothing"]);
  });
});

describe("when and how often", () => {
  it("writes nothing with DEMO=false", () => {
    expect(withDemoOff.report).toBeNull();
    expect(Object.entries(withDemoOff.rows).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("runs once: a second run adds nothing; nothing reaches the change feed", async () => {
    const before = await countRows();
    expect(await seedDemoActivity({ now: new Date(NOW.getTime() + 3_600_000) })).toBeNull();
    expect(await countRows()).toEqual(before);
    expect(feedAfter).toBe(feedBefore);
  });

  it("plans the same activity every time from the same content and day", async () => {
    const ctx = planContext(plan, [...departments.entries()].map(([slug, id]) => ({ id, slug })).sort((a, b) => a.id - b.id), NOW);
    // People as they were planned: against the accounts alone.
    const accountsOnly = (await countActivePeopleByDepartmentAndRole(db)).map((p) => ({ ...p }));
    const names = await listUserNames(db);
    expect(planPeople(ctx, accountsOnly, names)).toEqual(planPeople(ctx, accountsOnly, names));
    const input = {
      population: await countActivePeopleByDepartmentAndRole(db), people: await listGeneratedPeople(db),
      items: await listItemsForActivity(db, NOW.toISOString()), ...(await listMustReadAsksOfGeneratedPeople(db, NOW.toISOString())), digestHour: 7,
    };
    const first = planActivity(ctx, input);
    expect(planActivity(ctx, input)).toEqual(first);
    expect(first.views.reduce((n, v) => n + v.views, 0)).toBe(report.counts.views);
    expect(first.acknowledgements.length).toBe(report.counts.acknowledgements);
  });

  it("a plan file with mistakes is reported field by field, and the demo starts without the history", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-plan-"));
    try {
      const broken = YAML.parse(fs.readFileSync(path.join(process.cwd(), "content", DEMO_ACTIVITY_FILE), "utf8"));
      broken.email_domain = "riverside.gov.uk";
      broken.searches[0].finds = 7;
      fs.writeFileSync(path.join(dir, DEMO_ACTIVITY_FILE), YAML.stringify(broken));
      expect(() => readDemoActivityPlan(dir)).toThrow(/email_domain: Use a domain under \.invalid[\s\S]*searches\.0\.finds: Enter many, 0, 1 or 2/);
      expect(await seedDemoActivity({ contentDir: dir, now: NOW })).toBeNull();
      expect(readDemoActivityPlan(path.join(dir, "nothing-here"))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
