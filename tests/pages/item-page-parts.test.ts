/**
 * The per-reader parts of an announcement's and a guide's page (decision 265): one statement
 * says which of poll, questions, comments, reactions, corrections and story the item has (and a
 * guide reader's own rating and saved state), and only those are read. What each person sees
 * must be exactly what reading everything gives: the loaders are compared, person by person
 * and interleaved, with the commands called without that statement (everything read), on an
 * announcement and a guide that have all of it and on ones that have none. Per-person state
 * (votes, hidden questions, follows, reactions, rating, saved) is checked by name as well.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getConversation, postComment, editComment, setItemComments, setThreadFollow } from "~/commands/comments.server";
import { correctItem, getItemCorrections } from "~/commands/corrections.server";
import { getFeedbackPanel, leaveFeedback } from "~/commands/feedback.server";
import { createPoll, vote } from "~/commands/polls.server";
import { askQuestion, getEngagement, moderateQuestion } from "~/commands/questions.server";
import { react } from "~/commands/reactions.server";
import { storyOfItem } from "~/commands/stories.server";
import { findItemById } from "~/models/item.server";
import { findPollForItem, listPollOptions } from "~/models/poll.server";
import { listQuestions } from "~/models/question.server";
import { saveForOffline } from "~/models/saved-offline.server";
import { insertStory, markStoryPublished } from "~/models/story.server";
import * as announcementPage from "~/routes/announcements.$slug";
import * as guidePage from "~/routes/guides.$slug";
import { getDb } from "~/utils/db.server";
import { session } from "../delivery/http";
import { createChannel, createDepartment, createItem, createUser } from "../factories";

type Person = Awaited<ReturnType<typeof createUser>> & { name: string };
const NAMES = ["Ada Author", "Rita Reader", "Ravi Reader", "Cara Comms", "Olive Owner"] as const;
const people = {} as Record<"author" | "reader1" | "reader2" | "comms" | "owner", Person>;
const sessions = {} as Record<keyof typeof people, Awaited<ReturnType<typeof session>>>;
const items = {} as Record<"busyNews" | "quietNews" | "busyGuide" | "quietGuide", { id: number; slug: string }>;
let firstComment = 0;

const actor = (p: Person) => ({ id: p.id, email: p.email, name: p.name, role: p.role, departmentId: p.departmentId, grants: [] });
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

beforeAll(async () => {
  const dept = await createDepartment();
  const keys = ["author", "reader1", "reader2", "comms", "owner"] as const;
  for (const [i, key] of keys.entries()) {
    const made = await createUser({ name: NAMES[i], departmentId: dept.id, role: key === "comms" ? "comms" : "staff" });
    people[key] = { ...made, name: NAMES[i] };
    sessions[key] = await session(made.id);
  }
  const channel = await createChannel();
  const news = (slug: string) => createItem({ type: "announcement", slug, title: slug, departmentId: dept.id, authorId: people.author.id, channelIds: [channel.id] });
  const guide = (slug: string) => createItem({ type: "guide", slug, title: slug, departmentId: dept.id, ownerEmail: people.owner.email });
  items.busyNews = await news("parts-busy-news");
  items.quietNews = await news("parts-quiet-news");
  items.busyGuide = await guide("parts-busy-guide");
  items.quietGuide = await guide("parts-quiet-guide");

  const db = await getDb();
  const hour = 60 * 60 * 1000;
  const t0 = new Date(Date.now() - 2 * hour);
  // The busy announcement: a poll one reader voted in, questions (one hidden), comments with an
  // earlier wording, a mention, a reaction and a follower, a reaction to it, a correction, a story.
  const a = items.busyNews.id;
  expect(await createPoll(actor(people.author), a, { question: "Which day?", options: ["Monday", "Friday"] })).toMatchObject({ ok: true });
  const poll = (await findPollForItem(db, a))!;
  expect(await vote(actor(people.reader1), poll.id, (await listPollOptions(db, poll.id))[1].id)).toMatchObject({ ok: true });
  expect(await askQuestion(actor(people.reader1), a, "Is it paid time?")).toMatchObject({ ok: true });
  expect(await askQuestion(actor(people.reader2), a, "Can I bring my dog?")).toMatchObject({ ok: true });
  const dog = (await listQuestions(db, a, "all")).find((q) => q.body.includes("dog"))!;
  expect(await moderateQuestion(actor(people.comms), dog.id, true, "Not about the briefing")).toMatchObject({ ok: true });
  const first = await postComment(actor(people.reader1), a, { body: "Will @Ravi Reader be there?", mentionIds: [people.reader2.id] }, t0);
  expect(first).toMatchObject({ ok: true });
  firstComment = (first as { commentId: number }).commentId;
  expect(await postComment(actor(people.reader2), a, { body: "Yes", parentId: firstComment }, t0)).toMatchObject({ ok: true });
  expect(await editComment(actor(people.reader1), firstComment, { body: "Will @Ravi Reader be there on Friday?", mentionIds: [people.reader2.id] }, new Date(t0.getTime() + hour)))
    .toMatchObject({ ok: true });
  expect(await react(actor(people.comms), "comment", firstComment, "like", true)).toMatchObject({ ok: true });
  expect(await setThreadFollow(actor(people.reader2), firstComment, true)).toMatchObject({ ok: true });
  expect(await react(actor(people.reader2), "item", a, "celebrate", true)).toMatchObject({ ok: true });
  expect(await correctItem(actor(people.comms), a, { text: "The briefing is on the 12th, not the 21st.", material: false })).toMatchObject({ ok: true });
  const storyId = await insertStory(db, { writerId: people.author.id, channelId: channel.id, title: "Briefing", summary: "", body: "Text", status: "submitted" }, t0.toISOString());
  await markStoryPublished(db, storyId, a, people.comms.id, t0.toISOString());
  // The busy guide: comments turned on with one comment, a reaction, a correction, one reader's rating and saved copy.
  const g = items.busyGuide.id;
  expect(await setItemComments(actor(people.comms), g, { enabled: true, closed: false })).toMatchObject({ ok: true });
  expect(await postComment(actor(people.reader2), g, { body: "Step 3 is unclear" })).toMatchObject({ ok: true });
  expect(await react(actor(people.reader1), "item", g, "helpful", true)).toMatchObject({ ok: true });
  expect(await correctItem(actor(people.comms), g, { text: "Step 3 needs form B, not form A.", material: false })).toMatchObject({ ok: true });
  expect(await leaveFeedback(actor(people.reader1), g, { helpful: true, comment: "" })).toMatchObject({ ok: true });
  await saveForOffline(db, people.reader1.id, g, new Date().toISOString());
});

/** The announcement page's parts through its loader, and as read with everything read. */
async function announcementSeenBy(key: keyof typeof people, slug: string) {
  const page = (await sessions[key].get(announcementPage.loader, `/announcements/${slug}`, { slug })).json();
  const db = await getDb();
  const item = (await findItemById(db, items[slug === items.busyNews.slug ? "busyNews" : "quietNews"].id))!;
  const who = actor(people[key]);
  const everything = plain({
    engagement: await getEngagement(db, who, item),
    conversation: await getConversation(db, who, item),
    corrections: await getItemCorrections(db, who, item),
    story: await storyOfItem(db, item.id),
  });
  return { page, everything };
}

async function guideSeenBy(key: keyof typeof people, slug: string) {
  const page = (await sessions[key].get(guidePage.loader, `/guides/${slug}`, { slug })).json();
  const db = await getDb();
  const item = (await findItemById(db, items[slug === items.busyGuide.slug ? "busyGuide" : "quietGuide"].id))!;
  const who = actor(people[key]);
  const everything = plain({
    feedback: await getFeedbackPanel(who, item),
    conversation: await getConversation(db, who, item),
    corrections: await getItemCorrections(db, who, item),
  });
  return { page, everything };
}

const ORDER = ["reader1", "comms", "reader2", "author", "owner", "reader1", "reader2"] as const;

describe("an announcement's parts, read only where they exist", () => {
  it("are what reading everything gives, for each person in turn, on a busy and a quiet announcement", async () => {
    for (const slug of [items.busyNews.slug, items.quietNews.slug])
      for (const key of ORDER) {
        const { page, everything } = await announcementSeenBy(key, slug);
        expect({ engagement: page.engagement, conversation: page.conversation, corrections: page.corrections, story: page.story }, `${slug} as ${key}`).toEqual(everything);
      }
  });

  it("shows each person their own vote, hidden question, follow and reaction, and the item's correction and story", async () => {
    const busy = items.busyNews.slug;
    const r1 = (await announcementSeenBy("reader1", busy)).page;
    const r2 = (await announcementSeenBy("reader2", busy)).page;
    const comms = (await announcementSeenBy("comms", busy)).page;
    expect(r1.engagement.poll).toMatchObject({ question: "Which day?", hasVoted: true, showResults: true, totalVotes: 1 });
    expect(r2.engagement.poll).toMatchObject({ hasVoted: false, showResults: false, totalVotes: null });
    const bodies = (p: { engagement: { questions: { body: string }[] } }) => p.engagement.questions.map((q) => q.body);
    expect(bodies(r1)).toEqual(["Is it paid time?"]);
    expect(bodies(r2)).toEqual(["Is it paid time?", "Can I bring my dog?"]);
    expect(bodies(comms)).toEqual(["Is it paid time?", "Can I bring my dog?"]);
    const thread = (p: typeof r1) => p.conversation.comments.threads[0];
    expect(thread(r1).id).toBe(firstComment);
    expect(thread(r1).history).toHaveLength(1);
    expect(thread(r1).mentions).toEqual([{ id: people.reader2.id, name: "Ravi Reader" }]);
    expect(thread(r1).replies.map((c: { html: string }) => c.html)).toEqual(["<p>Yes</p>"]);
    expect([thread(r1).following, thread(r2).following, thread(comms).following]).toEqual([true, true, false]); // the author follows their own thread
    const like = (p: typeof r1) => thread(p).reactions.kinds.find((k: { kind: string }) => k.kind === "like");
    expect(like(comms)).toMatchObject({ count: 1, mine: true, names: ["Cara Comms"] });
    expect(like(r1)).toMatchObject({ count: 1, mine: false });
    const celebrate = (p: typeof r1) => p.conversation.reactions.kinds.find((k: { kind: string }) => k.kind === "celebrate");
    expect([celebrate(r1).mine, celebrate(r2).mine, celebrate(r2).count]).toEqual([false, true, 1]);
    expect(r1.corrections.corrections.map((c: { text: string }) => c.text)).toEqual(["The briefing is on the 12th, not the 21st."]);
    expect(r1.story).toMatchObject({ writerName: "Ada Author" });
  });

  it("shows a quiet announcement with nothing under it but its open comments", async () => {
    const { page } = await announcementSeenBy("reader1", items.quietNews.slug);
    expect(page.engagement).toMatchObject({ poll: null, questions: [] });
    expect(page.conversation.comments).toMatchObject({ enabled: true, canPost: true, threads: [], count: 0 });
    expect(page.conversation.reactions.kinds.every((k: { count: number; mine: boolean }) => k.count === 0 && !k.mine)).toBe(true);
    expect(page.corrections.corrections).toEqual([]);
    expect(page.story).toBeNull();
  });
});

describe("a guide's parts, read only where they exist", () => {
  it("are what reading everything gives, for each person in turn, on a busy and a quiet guide", async () => {
    for (const slug of [items.busyGuide.slug, items.quietGuide.slug])
      for (const key of ORDER) {
        const { page, everything } = await guideSeenBy(key, slug);
        expect({ feedback: page.feedback, conversation: page.conversation, corrections: page.corrections }, `${slug} as ${key}`).toEqual(everything);
      }
  });

  it("shows each person their own rating and saved copy, and the owner the page's helpfulness", async () => {
    const busy = items.busyGuide.slug;
    const r1 = (await guideSeenBy("reader1", busy)).page;
    const r2 = (await guideSeenBy("reader2", busy)).page;
    const owner = (await guideSeenBy("owner", busy)).page;
    expect([r1.feedback.myRating, r2.feedback.myRating, owner.feedback.myRating]).toEqual([true, null, null]);
    expect([r1.feedback.helpfulness, r2.feedback.helpfulness]).toEqual([null, null]);
    expect(owner.feedback.helpfulness).toMatchObject({ yes: 1, no: 0 });
    expect([r1.offline.saved, r2.offline.saved, owner.offline.saved]).toEqual([true, false, false]);
    expect(r2.conversation.comments.threads.map((t: { html: string }) => t.html)).toEqual(["<p>Step 3 is unclear</p>"]);
    expect(r1.conversation.reactions.kinds.find((k: { kind: string }) => k.kind === "helpful")).toMatchObject({ count: 1, mine: true });
    expect(r1.corrections.corrections).toHaveLength(1);
    const quiet = (await guideSeenBy("reader1", items.quietGuide.slug)).page;
    expect(quiet.feedback).toMatchObject({ myRating: null, helpfulness: null });
    expect(quiet.offline.saved).toBe(false);
    expect(quiet.conversation.comments).toBeNull();
    expect(quiet.corrections.corrections).toEqual([]);
  });
});
