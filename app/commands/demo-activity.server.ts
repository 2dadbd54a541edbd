/**
 * The demo council's activity history (decision 087). With DEMO=true, the start that
 * creates the demo accounts on an empty database also writes about two months of
 * generated activity, from content/demo-activity.yml: generated staff (to about 2,000),
 * page views per department per day, must-read confirmations, searches (some finding
 * nothing, some of those turned into knowledge requests), "was this helpful?" answers and
 * comments to page owners, poll votes, questions and answers, and weekly digests marked as
 * sent. So /admin/insights, content health, search insights and the weekly summary have
 * something to show from the first minute.
 *
 * Everything goes through the models the live intranet writes with (reach counters,
 * acknowledgements, search insight, ratings, feedback, polls, questions, requests, the
 * outbox), in one transaction with a marker row in site_settings: all or nothing, and
 * never twice. Nothing is sent: generated people are never emailed (the outbox refuses
 * them) and the history's digests are written as already sent. Nothing reaches the change
 * feed: none of it is content.
 *
 * Later features add their own demo activity here: a step in `writeActivity` (and its
 * plan in demo-activity-plan.server.ts, with its own random stream).
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { insertAcknowledgements } from "~/models/acknowledgement.server";
import { listItemsForActivity, listMustReadAsksOfGeneratedPeople } from "~/models/demo-activity.server";
import { insertFeedback, upsertRatings } from "~/models/feedback.server";
import { addVote, insertKnowledgeRequest, routeKnowledgeRequest } from "~/models/knowledge-request.server";
import { departmentIdsBySlug } from "~/models/organisation.server";
import { recordGeneratedDigestHistory } from "~/models/outbox.server";
import { countVotes, insertPoll, listPollOptions, markVotedMany, setPollClosed } from "~/models/poll.server";
import { insertQuestion, setAnswer } from "~/models/question.server";
import { addViewCounts } from "~/models/reach.server";
import { addSearchCounts, recordSearchMisses } from "~/models/search.server";
import { getSiteSetting, setSiteSetting } from "~/models/site-settings.server";
import {
  countActivePeopleByDepartmentAndRole, countGeneratedPeople, insertGeneratedPeople, listGeneratedPeople, listUserNames,
} from "~/models/user.server";
import { DemoActivitySchema, describeProblems, type DemoActivityPlan } from "~/schemas/demo-activity";
import { createAnalyzer } from "~/search/analyzer.server";
import { parseUserQuery } from "~/search/query.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import lunr from "lunr";
import { planActivity, planContext, planPeople, type PlannedActivity } from "./demo-activity-plan.server";
import { routeFor } from "./knowledge-requests.server";

export const DEMO_ACTIVITY_FILE = "demo-activity.yml";

/** What was generated, as stored in the marker (site_settings "demo_activity"). */
export type DemoActivityReport = {
  generatedAt: string;
  from: string;
  to: string;
  seed: string;
  people: number;
  counts: Record<"views" | "acknowledgements" | "ratings" | "comments" | "searches" | "searchesFindingLittle" | "requests" | "pollVotes" | "questions" | "digests", number>;
  ms: number;
};

/** Reads and checks content/demo-activity.yml; null when there is none (a council's own content). */
export function readDemoActivityPlan(contentDir = getEnv().CONTENT_DIR): DemoActivityPlan | null {
  const file = path.join(contentDir, DEMO_ACTIVITY_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = DemoActivitySchema.safeParse(YAML.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} has problems:\n${describeProblems(parsed.error).join("\n")}`);
  return parsed.data;
}

/** The marker: when the demo's activity was generated, and what; undefined on a database without it. */
export async function findDemoActivity(q?: Queryable): Promise<DemoActivityReport | undefined> {
  const row = await getSiteSetting(q ?? (await getDb()), "demo_activity");
  return row ? (JSON.parse(row.value) as DemoActivityReport) : undefined;
}

/** What the admin pages' "demo data" note says, or null when nothing was generated (decision 087). */
export async function demoDataNote(): Promise<{ from: string; to: string; people: number } | null> {
  const report = await findDemoActivity();
  return report ? { from: report.from, to: report.to, people: report.people } : null;
}

/**
 * Generates the demo's activity history, once. Does nothing (null) unless DEMO=true, the
 * content has a demo-activity.yml, and neither the marker nor generated people exist yet.
 * Boot calls it only on the start that created the demo accounts (an empty database).
 * A bad plan file is logged and skipped: the demo still starts.
 */
export async function seedDemoActivity(options: { now?: Date; contentDir?: string } = {}): Promise<DemoActivityReport | null> {
  if (getEnv().DEMO !== "true") return null;
  let plan: DemoActivityPlan | null;
  try {
    plan = readDemoActivityPlan(options.contentDir);
  } catch (err) {
    log.error("demo activity not generated", { error: (err as Error).message });
    return null;
  }
  if (!plan) return null;
  const db = await getDb();
  if ((await findDemoActivity(db)) || (await countGeneratedPeople(db)) > 0) return null;
  const now = options.now ?? new Date();
  const started = Date.now();
  const report = await db.transaction(async (tx) => {
    if ((await findDemoActivity(tx)) || (await countGeneratedPeople(tx)) > 0) return null;
    return writeActivity(tx, plan, now, started);
  });
  if (report) log.info("demo activity generated", { ...report.counts, people: report.people, ms: report.ms });
  return report;
}

async function writeActivity(tx: Queryable, plan: DemoActivityPlan, now: Date, started: number): Promise<DemoActivityReport> {
  const env = getEnv();
  const departments = [...(await departmentIdsBySlug(tx)).entries()].map(([slug, id]) => ({ id, slug })).sort((a, b) => a.id - b.id);
  const ctx = planContext(plan, departments, now);

  // The people first: everything else is done by them.
  const newPeople = planPeople(ctx, await countActivePeopleByDepartmentAndRole(tx), await listUserNames(tx));
  await insertGeneratedPeople(tx, newPeople);
  const people = await listGeneratedPeople(tx);
  const nowIso = now.toISOString();
  const { asks, inScope } = await listMustReadAsksOfGeneratedPeople(tx, nowIso);
  const activity = planActivity(ctx, {
    population: await countActivePeopleByDepartmentAndRole(tx),
    people,
    items: await listItemsForActivity(tx, nowIso),
    asks,
    inScope,
    digestHour: env.DIGEST_HOUR,
  });

  await addViewCounts(tx, activity.views);
  await insertAcknowledgements(tx, activity.acknowledgements);
  await upsertRatings(tx, activity.ratings);
  for (const f of activity.feedback) await insertFeedback(tx, { itemId: f.itemId, authorId: f.authorId, helpful: f.helpful, comment: f.comment }, f.at);
  await writeSearches(tx, activity);
  await writeRequests(tx, activity, nowIso);
  for (const p of activity.polls) {
    const pollId = await insertPoll(tx, { itemId: p.itemId, question: p.question, options: p.options.map((o) => o.label), createdBy: null }, p.at);
    const options = await listPollOptions(tx, pollId);
    for (const o of options) await countVotes(tx, pollId, o.id, p.options[o.position].votes);
    await markVotedMany(tx, pollId, p.voterIds);
    if (p.closedAt) await setPollClosed(tx, pollId, p.closedAt);
  }
  for (const q of activity.questions) {
    const id = await insertQuestion(tx, q.itemId, q.askerId, q.question, q.at);
    if (q.answer) await setAnswer(tx, id, q.answer.text, null, q.answer.at);
  }
  let digests = 0;
  for (const d of activity.digests) digests += await recordGeneratedDigestHistory(tx, { ...d, perMinute: env.MAIL_PER_MINUTE });

  const report: DemoActivityReport = {
    generatedAt: nowIso, from: ctx.window.from, to: ctx.window.to, seed: plan.seed, people: people.length,
    counts: {
      views: activity.views.reduce((n, v) => n + v.views, 0),
      acknowledgements: activity.acknowledgements.length,
      ratings: activity.ratings.length,
      comments: activity.feedback.length,
      searches: activity.searches.reduce((n, s) => n + s.searches, 0),
      searchesFindingLittle: activity.misses.length,
      requests: activity.requests.length,
      pollVotes: activity.polls.reduce((n, p) => n + p.voterIds.length, 0),
      questions: activity.questions.length,
      digests,
    },
    ms: Date.now() - started,
  };
  await setSiteSetting(tx, "demo_activity", JSON.stringify(report), null, now);
  return report;
}

/** Search counts and misses under the key live search uses (the query's words as the index splits them). */
async function writeSearches(tx: Queryable, activity: PlannedActivity): Promise<void> {
  const analyzer = createAnalyzer(lunr);
  const keyOf = (query: string) => parseUserQuery(query, analyzer).words.join(" ");
  await addSearchCounts(tx, activity.searches.map((s) => ({ ...s, queryKey: keyOf(s.query) })));
  await recordSearchMisses(tx, activity.misses.map((m) => ({ ...m, queryKey: keyOf(m.query) })));
}

/** Requests, routed as a new one would be to who looks after the department now (routed when the history was written). */
async function writeRequests(tx: Queryable, activity: PlannedActivity, nowIso: string): Promise<void> {
  for (const r of activity.requests) {
    const id = await insertKnowledgeRequest(tx, { title: r.title, details: r.details, departmentId: r.departmentId, requesterId: r.requesterId, searchQuery: r.searchQuery }, r.at);
    for (const person of await routeFor(tx, r.departmentId)) await routeKnowledgeRequest(tx, id, person.id, nowIso);
    for (const voter of r.voterIds) await addVote(tx, id, voter);
  }
}
