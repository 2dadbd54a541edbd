/**
 * If you may not open it, it reaches you nowhere (issue 14). Unique marker words are
 * planted in restricted content of every kind (title, summary, body, tags, policy versions
 * and their "what changed", a pending change, feedback, a poll and a question, a knowledge
 * request answered with a restricted guide), then, as each role and signed out:
 *
 * - every route in app/routes (read at test time) is requested with realistic parameters
 *   (the planted items, departments, channels, polls, feedback, requests, people), through
 *   the real Remix request handler, both as a page (the whole document, which carries every
 *   matched loader's data) and as its `?_data=<route id>` loader answer; searches, the
 *   typeahead, "did you mean", RSS/Atom feeds with each person's feed token, CSV exports and
 *   the team briefing are among them;
 * - every kind of email the intranet sends is produced by its real path (alerts,
 *   reminders, daily and weekly digests, review reminders and escalations, feedback and
 *   replies, questions and answers, knowledge requests routed and answered, hand-overs,
 *   the weekly summary) and read back from a local SMTP server.
 *
 * Each marker found is checked against who may meet it, computed in marker-world.ts from
 * the item's audience and status and the person's role, independently of the app's code.
 * The leaks filed as issue 14 items 1–3 are told apart (`knownLeak`), each with its own
 * test: while one was open it was an `it.fails`; all three are fixed now. Every other
 * finding fails the main tests.
 *
 * Signed-out visitors are crawled too, with the public tier turned on by the admin's form
 * (issue 14 item 4) where the intranet has one: the open items are public, and so is a draft
 * that must stay hidden.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { enqueueDigests, enqueueReminders } from "~/commands/digest.server";
import { leaveFeedback, replyToFeedback } from "~/commands/feedback.server";
import { closeRequest, createKnowledgeRequest, setVote } from "~/commands/knowledge-requests.server";
import { createPoll } from "~/commands/polls.server";
import { answerQuestion, askQuestion } from "~/commands/questions.server";
import { sendReviewReminders } from "~/commands/reviews.server";
import { setAccountActive } from "~/commands/users.server";
import { queueWeeklySummary } from "~/commands/weekly-summary.server";
import { getOrCreateFeedToken, saveNotificationPrefs } from "~/models/notification-prefs.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { startSearch, stopSearch } from "~/utils/search.server";
import { startSmtp, type Received, type TestSmtp } from "../delivery/smtp";
import { listRoutes, mapLimit, type RouteInfo } from "../security/support";
import { loadApp, type InProcessApp } from "./remix-app";
import {
  allMarkers, extraMarker, markersIn, mayMeet, plantWorld, restrictLater, TYPES, type Marker, type Person, type Planted, type Viewer, type World,
} from "./marker-world";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Finding = { viewer: string; person: Viewer; where: string; marker: Marker; status: number };
type Answer = { viewer: string; url: string; status: number; markers: Marker[]; listing: boolean };

let smtp: TestSmtp;
let app: InProcessApp;
let world: World;
const answers: Answer[] = [];
const mail: Received[] = [];
const extra = { feedbackIds: [] as number[], pollIds: [] as number[], requestIds: [] as number[] };

/* ---- Planting: the conversations around restricted pages ---- */

const actor = (p: Person) => ({ id: p.id, email: p.email, name: p.name, role: p.role, departmentId: p.departmentId });
const keeps = (v: Viewer, item: Planted) => !!v && [item.ownerEmail, item.deputyEmail].some((e) => e?.toLowerCase() === v.email.toLowerCase());

async function plantConversations(): Promise<void> {
  const { people, items } = world;
  const guideDept = items["guide-dept"];
  const guideRole = items["guide-role"];
  const annDept = items["announcement-dept"];
  // Private feedback: its text only for the writer, the page's keepers and comms/admins, and never for anyone who may not open the page.
  for (const [author, page] of [[people.insider, guideDept], [people.manager, guideRole]] as const) {
    const word = extraMarker(`feedback on ${page.key}`, page, (v, where) =>
      mayMeet(v, page, where) && !!v && (v.id === author.id || keeps(v, page) || v.role === "comms" || v.role === "admin"));
    const left = await leaveFeedback(actor(author), page.id, { helpful: false, comment: `Quillwort feedback ${word}` });
    if (!left.ok || !left.feedbackId) throw new Error(`feedback on ${page.key} was refused`);
    extra.feedbackIds.push(left.feedbackId);
  }
  const reply = await replyToFeedback(actor(people.auditChampion), extra.feedbackIds[0], "Thanks, fixed.");
  expect(reply.ok).toBe(true);

  // A poll and a question with its answer on an announcement only Internal Audit may read.
  const seesAnnouncement = (v: Viewer, where: Parameters<Marker["may"]>[1]) => mayMeet(v, annDept, where);
  const poll = await createPoll(actor(people.comms), annDept.id, {
    question: `Quillwort poll ${extraMarker("poll question", annDept, seesAnnouncement)}`,
    options: [`Yes ${extraMarker("poll option", annDept, seesAnnouncement)}`, "No"],
  });
  if (!poll.ok || !poll.pollId) throw new Error("poll refused");
  extra.pollIds.push(poll.pollId);
  const asked = await askQuestion(actor(people.insider), annDept.id, `Quillwort question ${extraMarker("question", annDept, seesAnnouncement)}`);
  if (!asked.ok) throw new Error("question refused");
  expect((await answerQuestion(actor(people.comms), asked.questionId, `Answer ${extraMarker("answer", annDept, seesAnnouncement)}`)).ok).toBe(true);

  // A knowledge request (its own words are not restricted), voted for by people outside the guide's audience, answered with it.
  const request = await createKnowledgeRequest(actor(people.staffOther), {
    title: "Where is the quillwort rota?", details: "I looked everywhere.", departmentId: world.departments.housing.id, searchQuery: "quillwort rota",
  });
  extra.requestIds.push(request.id);
  for (const voter of [people.champion, people.insider]) expect((await setVote(actor(voter), request.id, true)).ok).toBe(true);
  const closed = await closeRequest(actor(people.comms), request.id, { outcome: "answered", guide: `/guides/${guideDept.slug}`, note: "" });
  expect(closed).toEqual({ ok: true });
  // A second request, still open, so the list of open requests has something in it.
  extra.requestIds.push((await createKnowledgeRequest(actor(people.insider), { title: "Quillwort audit checklist", details: "", departmentId: world.departments.audit.id, searchQuery: null })).id);
}

/* ---- Crawling every route as every role ---- */

const VIEWERS = ["anonymous", "staffOther", "insider", "champion", "manager", "comms", "admin"] as const;
type ViewerKey = (typeof VIEWERS)[number];
const viewerOf = (key: ViewerKey): Viewer => (key === "anonymous" ? null : world.people[key]);

type Sample = { path: string };
const PLURAL: Record<string, string> = { announcement: "announcements", policy: "policies", guide: "guides" };
const unknownRoutes = new Set<string>();

/** Pages that list news for reading: an expired item must not appear on them (it stays readable at its own address). */
const READING_LISTS = [
  /^\/$/, /^\/(announcements|policies|guides|departments|search|me)$/, /^\/(departments|channels)\/:slug($|\/)/, /^\/search\/suggest$/,
  /^\/public(\/search|\/feed\.xml)?$/,
];
/** Emails that bring news (alerts, reminders to confirm, digests), as opposed to notices about one's own work. */
const NEWS_EMAIL = /^(Urgent: |Please read and confirm: |Policy change to read and confirm: |Reminder: please read|Your (daily|weekly) intranet digest)/;

/** Realistic values for a route's parameters. A parameter it does not know gets every item slug and id (and is printed). */
function samplesFor(route: RouteInfo): Sample[] {
  const items = Object.values(world.items);
  const fill = (value: string) => route.pattern.replace(/:[A-Za-z0-9_]+|\*/g, encodeURIComponent(value));
  const [first, second] = route.pattern.split("/").filter(Boolean);
  const byType: Record<string, string> = { announcements: "announcement", policies: "policy", guides: "guide" };
  if (route.params.length === 0) return [{ path: route.pattern }];
  if (route.params.includes("*")) return [{ path: fill("no-such-page") }, { path: fill(world.items["guide-dept"].slug) }];
  if (byType[first] && route.params[0] === "slug")
    return items.filter((i) => i.type === byType[first]).map((i) => ({ path: fill(i.slug) }));
  if (route.params.join() === "type,slug")
    return items.map((i) => ({ path: route.pattern.replace(":type", PLURAL[i.type]).replace(":slug", i.slug) }));
  if (first === "departments") return Object.values(world.departments).map((d) => ({ path: fill(d.slug) }));
  if (first === "channels") return Object.values(world.channels).map((c) => ({ path: fill(c.slug) }));
  if (first === "admin") {
    const ids = second === "users" ? Object.values(world.people).map((p) => p.id)
      : second === "departments" ? Object.values(world.departments).map((d) => d.id)
      : Object.values(world.channels).map((c) => c.id);
    return ids.map((id) => ({ path: fill(String(id)) }));
  }
  if (first === "editor" && route.params[0] === "type") return TYPES.map((t) => ({ path: fill(t) }));
  if (first === "polls") return extra.pollIds.map((id) => ({ path: fill(String(id)) }));
  if (first === "feedback") return extra.feedbackIds.map((id) => ({ path: fill(String(id)) }));
  if (first === "requests") return extra.requestIds.map((id) => ({ path: fill(String(id)) }));
  if (route.params.includes("token")) return [{ path: fill("not-a-real-token-0123456789abcdefghijklmnop") }];
  if (first === "editor") return items.map((i) => ({ path: fill(String(i.id)) }));
  if (first === "acknowledgements" || first === "questions") return itemsFor(first).map((i) => ({ path: fill(String(i.id)) }));
  if (!unknownRoutes.has(route.pattern)) console.log(`marker-surfaces: no known sample for ${route.pattern}: trying every item's slug and id`);
  unknownRoutes.add(route.pattern);
  return items.flatMap((i) => [{ path: fill(i.slug) }, { path: fill(String(i.id)) }]);
}

/** Items a route about some types is tried with: every item of those types, and one of another type. */
function itemsFor(what: string): Planted[] {
  const types: Record<string, string[]> = {
    acknowledgements: ["announcement", "policy"], questions: ["announcement"], "polls/new": ["announcement"], feedback: ["guide", "policy"],
  };
  const items = Object.values(world.items);
  const wanted = types[what] ?? TYPES;
  return [...items.filter((i) => wanted.includes(i.type)), ...items.filter((i) => !wanted.includes(i.type)).slice(0, 1)];
}

/** Title markers of restricted items, for searches that must find nothing: a prefix (typeahead) and a one-letter typo ("did you mean"). */
function searchProbes(): string[] {
  const restricted = allMarkers().filter((m) => m.label.endsWith(" title") && !/-(open|pending)$/.test(m.item.key) && !m.label.includes("pending"));
  // The typo is a changed last letter or a dropped one, in turn.
  return restricted.flatMap((m, i) => [
    m.word.slice(0, 9), i % 2 ? `${m.word.slice(0, 12)}${m.word.endsWith("q") ? "r" : "q"}` : `${m.word.slice(0, 7)}${m.word.slice(8)}`,
  ]);
}

/** Query strings each list is asked with, besides none. */
function queriesFor(route: RouteInfo, viewer: Viewer): Sample[] {
  const q = (s: string) => ({ path: s });
  const tagOf = (key: string) => allMarkers().find((m) => m.label === `${key} tag`)!.word;
  switch (route.pattern) {
    case "/search":
    case "/public/search":
      return ["quillwort", "quilwort", "quillwort&type=guide", "quillwort&department=internal-audit", "quillwort&page=2", ...searchProbes()].map((s) => q(`?q=${s}`));
    case "/search/suggest":
      return ["quill", "quillwort", ...searchProbes().filter((p) => p.length === 9)].map((s) => q(`?q=${s}`));
    case "/guides":
      return [q(""), q("?department=internal-audit"), q("?tag=quillwort"), q(`?tag=${tagOf("guide-dept")}`)];
    case "/announcements":
      return [q(""), q("?department=internal-audit"), q("?department=housing"), q("?channel=all-staff"), q("?page=2")];
    case "/policies":
      return [q(""), q("?department=internal-audit")];
    case "/editor":
      return [q(""), q("?status=draft"), q("?q=quillwort"), q("?page=2")];
    case "/requests":
      return [q(""), q("?for=me"), q("?status=answered")];
    case "/requests/new":
      return [q(""), q("?q=quillwort")];
    case "/me/feedback":
      return [q(""), q("?scope=all")];
    case "/admin/content-health":
    case "/admin/content-health.csv":
      return [q(""), q("?department=housing"), q("?department=internal-audit")];
    case "/policies/:slug/compare":
      return [q("?from=1&to=2")];
    case "/polls/new":
    case "/feedback":
      return itemsFor(route.pattern.slice(1)).map((i) => ({ path: `?item=${i.id}` }));
    case "/channels/:slug/feed.xml":
    case "/departments/:slug/feed.xml": {
      const token = viewer ? tokens.get(viewer.id) : undefined;
      return token ? [q(`?token=${token}`), q(`?token=${token}&format=atom`)] : [q("")];
    }
    default:
      return [q("")];
  }
}

const tokens = new Map<number, string>();

/**
 * Turns the public tier on as an administrator would (the admin page's form), so signed-out
 * visitors meet public pages: the open items are public, and so is a draft that must stay
 * hidden. Returns false where the intranet has no public tier.
 */
async function turnPublicPagesOn(): Promise<boolean> {
  const admin = world.people.admin;
  const res = await app.handle(new Request("http://localhost/admin/public-pages", {
    method: "POST",
    headers: { cookie: admin.cookie, host: "localhost", origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: admin.csrf, publicPages: "on" }),
  }));
  const on = res.status === 302 && (res.headers.get("location") ?? "").startsWith("/admin/public-pages");
  if (!on) console.log(`marker-surfaces: could not turn public pages on (${res.status}): signed-out visitors are checked with them off`);
  return on;
}

let publicTierOn = false;

async function crawl(): Promise<void> {
  const db = await getDb();
  for (const p of Object.values(world.people)) tokens.set(p.id, await getOrCreateFeedToken(db, p.id));
  const routeIds = new Map(Object.values(app.routes).map((r) => [r.file.replace(/^routes\//, ""), r.id]));
  const jobs: { viewer: ViewerKey; url: string; listing: boolean }[] = [];
  for (const route of listRoutes()) {
    if (!route.hasLoader) continue;
    const id = routeIds.get(route.file);
    if (!id) throw new Error(`no route id for ${route.file}`);
    for (const viewer of VIEWERS)
      for (const sample of samplesFor(route))
        for (const query of queriesFor(route, viewerOf(viewer))) {
          const url = `${sample.path}${query.path}`;
          const listing = READING_LISTS.some((p) => p.test(route.pattern));
          jobs.push({ viewer, url, listing });
          jobs.push({ viewer, url: `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(id)}`, listing });
        }
  }
  for (const viewer of VIEWERS) jobs.push({ viewer, url: "/?_data=root", listing: true });
  await mapLimit(jobs, 2, async (job) => {
    const v = viewerOf(job.viewer);
    const res = await app.handle(new Request(`http://localhost${job.url}`, { headers: v ? { cookie: v.cookie } : {} }));
    const body = await res.text();
    // A word the viewer typed into the address (a search, a tag) comes back to them: that is not a leak.
    const typed = decodeURIComponent(job.url).toLowerCase();
    const found = markersIn(`${body}\n${res.headers.get("location") ?? ""}`).filter((m) => !typed.includes(m.word));
    answers.push({ viewer: job.viewer, url: job.url, status: res.status, markers: found, listing: job.listing });
  });
}

/* ---- Every kind of email ---- */

async function drain(now: Date): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await deliverDueMessages({ now, limit: 200 });
    if (r.sent + r.cancelled + r.retrying + r.failed === 0) return;
  }
  throw new Error("the outbox did not empty");
}

/** The first Monday, 12:00 UTC, after `after`: a weekly digest day whose week holds `after`. */
function mondayNoonAfter(after: number): Date {
  const d = new Date(after);
  d.setUTCHours(12, 0, 0, 0);
  while (d.getUTCDay() !== 1 || d.getTime() <= after) d.setTime(d.getTime() + DAY);
  return d;
}

async function sendEveryEmail(): Promise<void> {
  const now = new Date();
  const db = await getDb();
  const ids = Object.values(world.items).map((i) => i.id);
  await enqueueForItems(ids, now);
  await enqueueReminders(now);
  await sendReviewReminders(now);
  await queueWeeklySummary(now);
  // The owner of a restricted policy leaves: the page is handed over, and the new owner told.
  const admin = { ...actor(world.people.admin), grants: [] };
  expect((await setAccountActive(admin, world.people.leaver.id, false)).ok).toBe(true);
  // The hand-over is queued at the clock's time, after `now`: deliver what is due by then.
  await drain(new Date());

  // Daily digests, then weekly ones, for everyone, at times whose periods hold the planted items.
  const people = Object.values(world.people);
  const published = Date.parse(world.published);
  for (const [frequency, at] of [["daily", new Date(published + 12 * HOUR)], ["weekly", mondayNoonAfter(published)]] as const) {
    for (const p of people) await saveNotificationPrefs(db, p.id, { digest: frequency });
    await db.run("UPDATE notification_prefs SET last_digest_at = NULL");
    expect(await enqueueDigests(at), `${frequency} digests queued`).toBeGreaterThan(0);
    await drain(at);
  }
}

/* ---- The leaks filed as issue 14 items 1–3, each reported by its own test ---- */

type Known = 1 | 2 | 3;
function knownLeak(f: Finding, email?: Received): Known | null {
  if (!email && f.where.startsWith("/me/reviews") && keeps(f.person, f.marker.item)) return 1;
  if (email && /^Answered: /.test(email.mail.subject ?? "")) return 2;
  if (keeps(f.person, f.marker.item) && (email || /^\/(me\/feedback|feedback\/)/.test(f.where))) return 3;
  return null;
}

const pageFindings: Finding[] = [];
const emailFindings: (Finding & { email: Received })[] = [];

function collect(): void {
  for (const a of answers)
    for (const m of a.markers)
      if (!m.may(viewerOf(a.viewer as ViewerKey), { kind: "page", listing: a.listing })) pageFindings.push({ viewer: a.viewer, person: viewerOf(a.viewer as ViewerKey), where: a.url, marker: m, status: a.status });
  for (const email of mail) {
    const text = `${email.mail.subject ?? ""}\n${email.mail.text ?? ""}\n${typeof email.mail.html === "string" ? email.mail.html : ""}`;
    const listing = NEWS_EMAIL.test(email.mail.subject ?? "");
    for (const to of email.envelopeTo) {
      const person = Object.values(world.people).find((p) => p.email === to.toLowerCase()) ?? null;
      for (const m of markersIn(text))
        if (!m.may(person, { kind: "email", listing })) emailFindings.push({ viewer: to, person, where: `email "${email.mail.subject}"`, marker: m, status: 0, email });
    }
  }
}

const describeFinding = (f: Finding) => `${f.viewer} → ${f.where} (${f.status || "mail"}): ${f.marker.label}`;

beforeAll(async () => {
  const started = Date.now();
  smtp = await startSmtp(0, mail);
  Object.assign(process.env, {
    SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "Riverside intranet <intranet@riverside.test>",
    REMINDER_AFTER_DAYS: "1", DIGEST_HOUR: "0",
  });
  resetEnvForTests();
  app = await loadApp();
  world = await plantWorld();
  await plantConversations();
  // The index is built now and not told of what follows (its follower is not running): the
  // "later" items are restricted behind its back, as in the moment before the follower catches up.
  await startSearch({ persistPath: null, buildIn: "inline" });
  await restrictLater(world);
  await sendEveryEmail();
  const mailed = Date.now() - started;
  publicTierOn = await turnPublicPagesOn();
  await crawl();
  collect();
  if (process.env.MARKER_DEBUG) {
    for (const f of pageFindings) console.log("PAGE", knownLeak(f), describeFinding(f));
    for (const f of emailFindings) console.log("MAIL", knownLeak(f, f.email), describeFinding(f));
  }
  console.log(
    `marker-surfaces: ${allMarkers().length} markers; ${mail.length} emails by ${mailed} ms; ${answers.length} answers by ${Date.now() - started} ms;`
      + ` public pages ${publicTierOn ? "on" : "not available"}`,
  );
}, 240_000);

afterAll(async () => {
  await stopSearch();
  closeMailTransport();
  await smtp?.stop();
});

describe("restricted content reaches nobody who may not open it", () => {
  it("loads every route module", () => {
    expect(app.failed).toEqual([]);
  });

  it("answers every page and loader request without a server error", () => {
    const failed = answers.filter((a) => a.status >= 500).map((a) => `${a.viewer} ${a.url}: ${a.status}`);
    expect(failed).toEqual([]);
  });

  it("shows no marker on any page or loader answer to a role that may not open its item", () => {
    const leaks = pageFindings.filter((f) => knownLeak(f) === null).map(describeFinding);
    expect([...new Set(leaks)]).toEqual([]);
  });

  it("sends no marker in any email to someone who may not open its item", () => {
    const leaks = emailFindings.filter((f) => knownLeak(f, f.email) === null).map(describeFinding);
    expect([...new Set(leaks)]).toEqual([]);
  });

  it("issue 14 item 1 (fixed): /me/reviews lists no owned page the person may not open", () => {
    expect(pageFindings.filter((f) => knownLeak(f) === 1).map(describeFinding)).toEqual([]);
  });

  it("issue 14 item 2 (fixed): the request-answered email names the guide only to those who may open it", () => {
    expect(emailFindings.filter((f) => knownLeak(f, f.email) === 2).map(describeFinding)).toEqual([]);
  });

  it("issue 14 item 3 (fixed): owners and deputies outside a page's audience get none of its feedback and reminders", () => {
    const found = [...pageFindings.filter((f) => knownLeak(f) === 3), ...emailFindings.filter((f) => knownLeak(f, f.email) === 3)];
    expect(found.map(describeFinding)).toEqual([]);
  });
});

describe("the test can see a leak: what each person may see does reach them", () => {
  const seen = (viewer: ViewerKey, word: string) => answers.some((a) => a.viewer === viewer && a.markers.some((m) => m.word === word));

  it("every title marker reaches, on some page, each signed-in role that may open or edit its item", () => {
    const missing: string[] = [];
    for (const viewer of VIEWERS.filter((v) => v !== "anonymous"))
      for (const m of allMarkers().filter((x) => x.label.endsWith(" title")))
        if (m.may(viewerOf(viewer), { kind: "page", listing: false }) && !seen(viewer, m.word)) missing.push(`${viewer}: ${m.label}`);
    expect(missing).toEqual([]);
  });

  it("signed-out visitors see the public items when the public tier is on", () => {
    if (!publicTierOn) return;
    for (const type of TYPES) {
      const m = allMarkers().find((x) => x.label === `${type}-open title`)!;
      expect(seen("anonymous", m.word), m.label).toBe(true);
    }
  });

  it("the restricted people's own markers reach them: feedback, poll, question and answer", () => {
    for (const label of ["feedback on guide-dept", "poll question", "question", "answer"]) {
      const m = allMarkers().find((x) => x.label === label)!;
      expect(seen("insider", m.word), label).toBe(true);
      expect(seen("comms", m.word), label).toBe(true);
    }
  });

  it("every kind of email was sent, and the insider's alerts and answered request name the restricted items", () => {
    const subjects = mail.map((m) => m.mail.subject ?? "");
    for (const kind of [
      /^Urgent: /, /^Please read and confirm: /, /^Policy change to read and confirm: /, /^Reminder: please read and confirm/,
      /^Your daily intranet digest/, /^Your weekly intranet digest/, /^Review overdue: /, /^New feedback on /, /^Reply about /,
      /^A question about /, /^Your question about .* was answered/, /^Knowledge request: /, /^Answered: /, /^You now own /, /^Intranet weekly summary/,
    ])
      expect(subjects.some((s) => kind.test(s)), String(kind)).toBe(true);
    const insiderMail = mail.filter((m) => m.envelopeTo.includes(world.people.insider.email)).map((m) => `${m.mail.subject}\n${m.mail.text}`).join("\n");
    for (const label of ["announcement-dept title", "policy-dept what changed", "guide-dept title"])
      expect(insiderMail, label).toContain(allMarkers().find((m) => m.label === label)!.word);
  });
});
