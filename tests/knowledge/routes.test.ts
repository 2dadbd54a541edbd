/** The knowledge and insight pages through their loaders and actions, as different people would use them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findItemById } from "~/models/item.server";
import { listOutbox } from "~/models/outbox.server";
import * as contentHealth from "~/routes/admin.content-health";
import * as editorPreview from "~/routes/editor.preview";
import * as contentHealthCsv from "~/routes/admin.content-health[.]csv";
import * as insights from "~/routes/admin.insights";
import * as insightsCsv from "~/routes/admin.insights[.]csv";
import * as weekly from "~/routes/admin.insights_.weekly";
import * as announcementPage from "~/routes/announcements.$slug";
import * as feedbackForm from "~/routes/feedback._index";
import * as feedbackThread from "~/routes/feedback.$id";
import * as guidePage from "~/routes/guides.$slug";
import * as myFeedback from "~/routes/me_.feedback";
import * as myReviews from "~/routes/me_.reviews";
import * as policyPage from "~/routes/policies.$slug";
import * as pollPage from "~/routes/polls.$id";
import * as newPoll from "~/routes/polls.new";
import * as questions from "~/routes/questions.$itemId";
import * as requestPage from "~/routes/requests.$id";
import * as requestList from "~/routes/requests._index";
import * as newRequest from "~/routes/requests.new";
import * as search from "~/routes/search";
import { getDb } from "~/utils/db.server";
import { flushSearchInsight, startSearch, stopSearch } from "~/utils/search.server";
import { parseCsv, session } from "../delivery/http";
import { createDepartment, createItem, createUser } from "../factories";
import { resetEnvForTests } from "~/utils/env.server";

// Email is queued only when a mail server is configured; nothing is sent here (no delivery worker runs).
process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

type Session = Awaited<ReturnType<typeof session>>;

let housing: { id: number; slug: string };
let planning: { id: number; slug: string };
const people: Record<"owner" | "deputy" | "reader" | "other" | "champion" | "manager" | "comms" | "outsider", { id: number; email: string }> = {} as never;
const as: Record<keyof typeof people, Session> = {} as never;
let guide: { id: number; slug: string };
let restricted: { id: number; slug: string };
let policy: { id: number; slug: string };
let answerGuide: { id: number; slug: string };

beforeAll(async () => {
  housing = await createDepartment({ slug: "housing", name: "Housing" });
  planning = await createDepartment({ slug: "planning", name: "Planning" });
  people.owner = await createUser({ departmentId: housing.id, name: "Olive Owner" });
  people.deputy = await createUser({ departmentId: housing.id, name: "Dev Deputy" });
  people.reader = await createUser({ departmentId: housing.id, name: "Rita Reader" });
  people.other = await createUser({ departmentId: housing.id, name: "Omar Other" });
  people.champion = await createUser({ departmentId: planning.id, role: "champion", name: "Chris Champion" });
  people.manager = await createUser({ departmentId: housing.id, role: "manager", name: "Mo Manager" });
  people.comms = await createUser({ role: "comms", name: "Casey Comms" });
  people.outsider = await createUser({ departmentId: planning.id, name: "Pat Planner" });
  for (const k of Object.keys(people) as (keyof typeof people)[]) as[k] = await session(people[k].id);
  guide = await createItem({
    type: "guide", slug: "repairs-out-of-hours", title: "Repairs out of hours", departmentId: housing.id,
    ownerEmail: people.owner.email, deputyEmail: people.deputy.email, lastReviewedOn: "2025-01-10", reviewBy: "2026-01-10",
  });
  restricted = await createItem({
    type: "guide", slug: "housing-only", title: "Housing only", departmentId: housing.id, audience: "departments",
    audienceDepartmentIds: [housing.id], ownerEmail: people.owner.email,
  });
  policy = await createItem({ type: "policy", slug: "lone-working", title: "Lone working", departmentId: housing.id, ownerEmail: people.owner.email, reference: "HS-001" });
  answerGuide = await createItem({ type: "guide", slug: "report-a-pothole", title: "Report a pothole for a resident", departmentId: planning.id, ownerEmail: people.champion.email });
  await createItem({ type: "guide", slug: "formula", title: "=HYPERLINK(\"http://evil.example\")", departmentId: planning.id, ownerEmail: null });
  await startSearch({ persistPath: null, buildIn: "inline" });
});

afterAll(async () => {
  await flushSearchInsight();
  await stopSearch();
});

describe("feedback is private to the page's owner", () => {
  let feedbackId: number;

  it("records a rating and comment from a reader and goes back to the page", async () => {
    const res = await as.reader.post(feedbackForm.action, `/feedback?index&item=${guide.id}`, { itemId: String(guide.id), helpful: "no", comment: "The phone number is out of date." });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/guides/repairs-out-of-hours?feedback=sent#page-feedback");
    const row = await (await getDb()).get<{ id: number }>("SELECT id FROM page_feedback WHERE item_id = ?", [guide.id]);
    feedbackId = row!.id;
  });

  it("keeps what was typed when the answer is missing, and refuses pages the person cannot open", async () => {
    const res = await as.reader.post(feedbackForm.action, `/feedback?index&item=${guide.id}`, { itemId: String(guide.id), comment: "Keep me" });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ errors: { helpful: expect.stringContaining("Select yes") }, values: { comment: "Keep me" } });
    const outside = await as.outsider.post(feedbackForm.action, `/feedback?index&item=${restricted.id}`, { itemId: String(restricted.id), helpful: "yes" });
    expect(outside.status).toBe(404);
    expect((await as.reader.post(feedbackForm.action, "/feedback?index", { itemId: "abc", helpful: "yes" })).status).toBe(404);
  });

  it("shows the comment and the totals to the owner, deputy and comms, and to nobody else", async () => {
    const ownerPage = await as.owner.get(guidePage.loader, `/guides/${guide.slug}`, { slug: guide.slug });
    expect(ownerPage.json().feedback).toMatchObject({ helpfulness: { yes: 0, no: 1, openComments: 1 } });
    const readerPage = await as.other.get(guidePage.loader, `/guides/${guide.slug}`, { slug: guide.slug });
    expect(readerPage.json().feedback).toEqual({ itemId: guide.id, myRating: null, helpfulness: null });
    expect(readerPage.body).not.toContain("phone number is out of date");

    for (const who of ["owner", "deputy", "comms", "reader"] as const)
      expect((await as[who].get(feedbackThread.loader, `/feedback/${feedbackId}`, { id: String(feedbackId) })).status).toBe(200);
    for (const who of ["other", "manager", "outsider", "champion"] as const) {
      const res = await as[who].get(feedbackThread.loader, `/feedback/${feedbackId}`, { id: String(feedbackId) });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain("phone number");
    }
    const inbox = await as.owner.get(myFeedback.loader, "/me/feedback");
    expect(inbox.json().received.map((f: { comment: string }) => f.comment)).toEqual(["The phone number is out of date."]);
    expect((await as.other.get(myFeedback.loader, "/me/feedback")).json().received).toEqual([]);
    expect((await as.other.get(myFeedback.loader, "/me/feedback?scope=all")).json().received).toEqual([]);
    expect((await as.comms.get(myFeedback.loader, "/me/feedback?scope=all")).json().received).toHaveLength(1);
    // The owner was told by email, without the comment's text.
    const mail = (await listOutbox(await getDb())).filter((m) => m.userId === people.owner.id && m.dedupeKey.includes(`feedback:${feedbackId}`));
    expect(mail).toHaveLength(1);
    expect(mail[0].payloadJson).not.toContain("phone number");
  });

  it("lets the owner reply and resolve; the reader reads the reply but cannot resolve", async () => {
    const reply = await as.owner.post(feedbackThread.action, `/feedback/${feedbackId}`, { intent: "reply", body: "Thanks, fixed." }, { id: String(feedbackId) });
    expect(reply.status).toBe(302);
    expect((await as.owner.post(feedbackThread.action, `/feedback/${feedbackId}`, { intent: "reply", body: "  " }, { id: String(feedbackId) })).status).toBe(400);
    expect((await as.reader.post(feedbackThread.action, `/feedback/${feedbackId}`, { intent: "resolve" }, { id: String(feedbackId) })).status).toBe(403);
    expect((await as.other.post(feedbackThread.action, `/feedback/${feedbackId}`, { intent: "reply", body: "Me too" }, { id: String(feedbackId) })).status).toBe(404);
    expect((await as.owner.post(feedbackThread.action, `/feedback/${feedbackId}`, { intent: "resolve" }, { id: String(feedbackId) })).status).toBe(302);
    const seen = (await as.reader.get(feedbackThread.loader, `/feedback/${feedbackId}`, { id: String(feedbackId) })).json();
    expect(seen.feedback.status).toBe("resolved");
    expect(seen.replies.map((r: { body: string }) => r.body)).toEqual(["Thanks, fixed."]);
    expect((await as.reader.get(myFeedback.loader, "/me/feedback")).json().sent).toHaveLength(1);
  });

  it("offers the same box on policies", async () => {
    const page = await as.reader.get(policyPage.loader, `/policies/${policy.slug}`, { slug: policy.slug });
    expect(page.json().feedback).toMatchObject({ itemId: policy.id, helpfulness: null });
    expect((await as.owner.get(policyPage.loader, `/policies/${policy.slug}`, { slug: policy.slug })).json().feedback.helpfulness).toEqual({ yes: 0, no: 0, openComments: 0, comments: 0 });
  });
});

describe("a knowledge request from a search that found nothing", () => {
  let requestId: number;

  it("is recorded as a zero-result search, prefilled, routed to the department's champions, and closed by linking a guide", async () => {
    const results = await as.reader.get(search.loader, "/search?q=zebra+crossing+paint");
    expect(results.json()).toMatchObject({ total: 0, query: "zebra crossing paint" });
    await flushSearchInsight();
    const form = await as.reader.get(newRequest.loader, "/requests/new?q=zebra%20crossing%20paint");
    expect(form.json().query).toBe("zebra crossing paint");

    const created = await as.reader.post(newRequest.action, "/requests/new", {
      title: "zebra crossing paint", details: "Who repaints a faded crossing?", department: "planning", searchQuery: "zebra crossing paint",
    });
    expect(created.status).toBe(302);
    requestId = Number(/\/requests\/(\d+)/.exec(created.location!)![1]);
    const db = await getDb();
    expect(await db.all("SELECT user_id AS userId FROM knowledge_request_routes WHERE request_id = ?", [requestId])).toEqual([{ userId: people.champion.id }]);
    expect((await listOutbox(db)).some((m) => m.userId === people.champion.id && m.dedupeKey === `knowledge:request:${requestId}:${people.champion.id}`)).toBe(true);

    const forMe = await as.champion.get(requestList.loader, "/requests?for=me");
    expect(forMe.json().requests.map((r: { id: number }) => r.id)).toEqual([requestId]);
    const detail = (await as.champion.get(requestPage.loader, `/requests/${requestId}`, { id: String(requestId) })).json();
    expect(detail).toMatchObject({ handler: true, request: { searchQuery: "zebra crossing paint", requesterName: "Rita Reader" } });
    // Staff see the request but not who asked, and cannot close it.
    expect((await as.other.get(requestPage.loader, `/requests/${requestId}`, { id: String(requestId) })).json()).toMatchObject({ handler: false, request: { requesterName: null } });
    expect((await as.other.post(requestPage.action, `/requests/${requestId}`, { intent: "vote" }, { id: String(requestId) })).status).toBe(302);
    expect((await as.other.post(requestPage.action, `/requests/${requestId}`, { intent: "close", outcome: "answered", guide: "/guides/report-a-pothole" }, { id: String(requestId) })).status).toBe(403);

    const bad = await as.champion.post(requestPage.action, `/requests/${requestId}`, { intent: "close", outcome: "answered", guide: "/guides/no-such-guide" }, { id: String(requestId) });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ errors: { guide: expect.any(String) }, values: { guide: "/guides/no-such-guide" } });
    const closed = await as.champion.post(requestPage.action, `/requests/${requestId}`, {
      intent: "close", outcome: "answered", guide: "http://localhost/guides/report-a-pothole", note: "Highways handle road markings.",
    }, { id: String(requestId) });
    expect(closed.status).toBe(302);
    const after = (await as.reader.get(requestPage.loader, `/requests/${requestId}`, { id: String(requestId) })).json();
    expect(after).toMatchObject({ request: { status: "answered", votes: 2 }, answer: { title: "Report a pothole for a resident", href: "/guides/report-a-pothole" } });
    const told = (await listOutbox(db)).filter((m) => m.dedupeKey.startsWith(`knowledge:request-closed:${requestId}:`)).map((m) => m.userId).sort();
    expect(told).toEqual([people.reader.id, people.other.id].sort());
  });

  it("shows the zero-result search on the insights page with a link to ask for it", async () => {
    const page = (await as.comms.get(insights.loader, "/admin/insights")).json();
    const zero = page.tables["searches-zero"].rows;
    expect(zero[0][0]).toBe("zebra crossing paint");
    expect(zero[0][3]).toMatchObject({ href: "/requests/new?q=zebra%20crossing%20paint" });
  });
});

describe("reviews, content health and insights pages", () => {
  it("lists my pages to review and marks one reviewed in one click", async () => {
    const page = (await as.owner.get(myReviews.loader, "/me/reviews")).json();
    const mine = page.pages.find((p: { id: number }) => p.id === guide.id);
    expect(mine).toMatchObject({ state: "overdue", role: "Owner", canReview: true });
    expect((await as.other.post(myReviews.action, "/me/reviews", { intent: "reviewed", itemId: String(guide.id) })).status).toBe(403);
    const done = await as.deputy.post(myReviews.action, "/me/reviews", { intent: "reviewed", itemId: String(guide.id) });
    expect(done.status).toBe(302);
    const item = await findItemById(await getDb(), guide.id);
    expect(item?.reviewBy && item.reviewBy > "2026-11-01").toBe(true);
    // The manager sees the department's overdue pages.
    const managerPage = (await as.manager.get(myReviews.loader, "/me/reviews")).json();
    expect(managerPage.overdueInDepartment.map((p: { id: number }) => p.id)).not.toContain(guide.id);
  });

  it("content health: comms only, filterable, CSV with formulas neutralised", async () => {
    expect((await as.reader.get(contentHealth.loader, "/admin/content-health")).status).toBe(403);
    expect((await as.manager.get(contentHealthCsv.loader, "/admin/content-health.csv")).status).toBe(403);
    const all = (await as.comms.get(contentHealth.loader, "/admin/content-health")).json();
    expect(all.totals.ownerless).toBeGreaterThanOrEqual(1);
    const planningOnly = (await as.comms.get(contentHealth.loader, "/admin/content-health?department=planning&problem=ownerless")).json();
    expect(planningOnly.pages.map((p: { title: string }) => p.title)).toEqual(['=HYPERLINK("http://evil.example")']);
    expect(planningOnly.csvHref).toBe("/admin/content-health.csv?department=planning&problem=ownerless");
    const csv = await as.comms.get(contentHealthCsv.loader, planningOnly.csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ""));
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rows[0].no_owner).toBe("yes");
    const odd = await as.comms.get(contentHealth.loader, "/admin/content-health?department=%3Cscript%3E&type=x&problem=y");
    expect(odd.status).toBe(200);

    const saved = await as.comms.post(contentHealth.action, "/admin/content-health", { intent: "reminder-days", days: "14" });
    expect(saved.status).toBe(302);
    expect((await as.comms.get(contentHealth.loader, "/admin/content-health")).json().days).toBe(14);
    const invalid = await as.comms.post(contentHealth.action, "/admin/content-health", { intent: "reminder-days", days: "many" });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ errors: { days: expect.any(String) }, days: "many" });
  });

  it("insights: comms only, charts as data, every table as CSV", async () => {
    expect((await as.manager.get(insights.loader, "/admin/insights")).status).toBe(403);
    const page = (await as.comms.get(insights.loader, "/admin/insights?from=2026-13-01&to=nonsense")).json();
    expect(page.charts.reach).toMatchObject({ kind: "line", id: "chart-reach" });
    expect(page.charts.reach.series[0].path).toMatch(/^M/);
    for (const name of Object.keys(page.csvLinks)) {
      const res = await as.comms.get(insightsCsv.loader, page.csvLinks[name]);
      expect(res.status, name).toBe(200);
      expect(res.body.replace(/^\uFEFF/, "").split("\r\n")[0], name).toBe(
        page.tables[name].head.filter((h: string) => h !== "Ask for a guide").map((h: string) => (/[",]/.test(h) ? `"${h}"` : h)).join(","),
      );
    }
    expect((await as.comms.get(insightsCsv.loader, "/admin/insights.csv?table=users")).status).toBe(404);
    expect((await as.reader.get(insightsCsv.loader, "/admin/insights.csv?table=posting")).status).toBe(403);
    expect((await as.comms.get(weekly.loader, "/admin/insights/weekly")).status).toBe(200);
  });
});

describe("polls and questions through the announcement page", () => {
  it("creates a poll, votes once, asks and answers", async () => {
    const a = await createItem({ type: "announcement", slug: "briefing-day", title: "Briefing day", departmentId: housing.id, authorId: people.manager.id });
    expect((await as.reader.get(newPoll.loader, `/polls/new?item=${a.id}`)).status).toBe(403);
    const made = await as.manager.post(newPoll.action, `/polls/new?item=${a.id}`, { question: "Which day?", option1: "Monday", option2: "Friday" });
    expect(made.status).toBe(302);
    const page = (await as.reader.get(announcementPage.loader, `/announcements/${a.slug}`, { slug: a.slug })).json();
    expect(page.engagement.poll).toMatchObject({ question: "Which day?", showResults: false });
    const pollId = String(page.engagement.poll.id);
    const monday = String(page.engagement.poll.options[0].id);
    const voted = await as.reader.post(pollPage.action, `/polls/${pollId}`, { intent: "vote", optionId: monday, returnTo: `/announcements/${a.slug}` }, { id: pollId });
    expect(voted.location).toBe(`/announcements/${a.slug}#poll-${pollId}-heading`);
    const offsite = await as.other.post(pollPage.action, `/polls/${pollId}`, { intent: "vote", optionId: monday, returnTo: "//evil.example" }, { id: pollId });
    expect(offsite.location).toBe(`/announcements/${a.slug}#poll-${pollId}-heading`);
    const results = (await as.reader.get(pollPage.loader, `/polls/${pollId}`, { id: pollId })).json();
    expect(results.poll).toMatchObject({ hasVoted: true, totalVotes: 2 });

    const asked = await as.reader.post(questions.action, `/questions/${a.id}`, { intent: "ask", body: "Is it paid time?", returnTo: `/announcements/${a.slug}` }, { itemId: String(a.id) });
    expect(asked.status).toBe(302);
    const empty = await as.reader.post(questions.action, `/questions/${a.id}`, { intent: "ask", body: "" }, { itemId: String(a.id) });
    expect(empty.status).toBe(400);
    const qid = String((await as.manager.get(questions.loader, `/questions/${a.id}`, { itemId: String(a.id) })).json().engagement.questions[0].id);
    expect((await as.other.post(questions.action, `/questions/${a.id}`, { intent: "answer", questionId: qid, answer: "Yes" }, { itemId: String(a.id) })).status).toBe(403);
    expect((await as.manager.post(questions.action, `/questions/${a.id}`, { intent: "answer", questionId: qid, answer: "Yes, it is." }, { itemId: String(a.id) })).status).toBe(302);
    const thread = (await as.other.get(questions.loader, `/questions/${a.id}`, { itemId: String(a.id) })).json();
    expect(thread.engagement.questions[0]).toMatchObject({ body: "Is it paid time?", answer: "Yes, it is.", askerName: null });
    expect((await as.outsider.get(questions.loader, `/questions/${restricted.id}`, { itemId: String(restricted.id) })).status).toBe(404);
  });
});

describe("readability advice in the editor", () => {
  it("comes back with the preview, live and in full, and never stops the preview", async () => {
    const champion = await createUser({ departmentId: housing.id, role: "champion" });
    const s = await session(champion.id);
    const body = "You must utilise the form. It was approved by the panel. For details [click here](guide:x).";
    const live = await s.post(editorPreview.action, "/editor/preview", { type: "guide", live: "1", body });
    expect(live.status).toBe(200);
    const rules = (live.json().readability.advice as { rule: string }[]).map((a) => a.rule);
    expect(rules).toEqual(expect.arrayContaining(["plain-words", "passive-voice", "link-text"]));
    expect(live.json().readability.target).toBe(12);
    const full = await s.post(editorPreview.action, "/editor/preview", { type: "guide", title: "Forms", summary: "How to use forms.", body, department: "housing" });
    expect(full.status).toBe(200);
    expect(full.json()).toMatchObject({ live: false, readability: { words: expect.any(Number) }, html: expect.stringContaining("utilise") });
  });
});
