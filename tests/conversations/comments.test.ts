/** Comments (issue 23): lifecycle, moderation, pre-moderation, mentions by real email, digests, rate limit, export, never in search, reactions. */
import { describe, expect, it } from "vitest";
import {
  COMMENT_RATE, deleteComment, editComment, getCommentsView, moderateComment, postComment, reportComment, sendCommentDigests, setChannelPremoderation,
  setItemComments, setThreadFollow, getModerationQueue,
} from "~/commands/comments.server";
import { deliverDueMessages } from "~/commands/deliver.server";
import { react, listReactionsView } from "~/commands/reactions.server";
import { listCommentsForExport } from "~/models/comment.server";
import { areConversationsPaused } from "~/models/conversation-pause.server";
import { insertPeriod } from "~/models/election.server";
import { findItemById } from "~/models/item.server";
import { listOutbox } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { useTestSmtp } from "../delivery/smtp";
import { createChannel, createDepartment, createItem, createUser } from "../factories";

type Person = Awaited<ReturnType<typeof createUser>>;
const who = (u: Person, name = `User ${u.id}`) => ({ ...u, name });

const smtp = useTestSmtp();
const to = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email));

async function view(u: Person, itemId: number, now = new Date()) {
  const db = await getDb();
  return (await getCommentsView(db, who(u), (await findItemById(db, itemId))!, now))!;
}

describe("comment lifecycle", () => {
  it("posts, replies one level deep, edits freely for 15 minutes then keeps history, deletes to a placeholder", async () => {
    const dept = await createDepartment();
    const alice = await createUser({ departmentId: dept.id });
    const bob = await createUser({ departmentId: dept.id });
    const a = await createItem({ type: "announcement", departmentId: dept.id });
    const t0 = new Date("2026-12-01T10:00:00Z");

    expect(await postComment(who(alice), a.id, { body: "   " }, t0)).toMatchObject({ ok: false, status: 400 });
    const first = (await postComment(who(alice), a.id, { body: "Will **parking** change?" }, t0)) as { commentId: number };
    const reply = (await postComment(who(bob), a.id, { body: "I think so", parentId: first.commentId }, t0)) as { commentId: number };
    const deeper = (await postComment(who(alice), a.id, { body: "Thanks", parentId: reply.commentId }, t0)) as { commentId: number };
    let v = await view(bob, a.id, t0);
    expect(v.threads).toHaveLength(1);
    expect(v.threads[0].replies.map((r) => r.id)).toEqual([reply.commentId, deeper.commentId]); // a reply to a reply joins the thread
    expect(v.threads[0].html).toContain("<strong>parking</strong>");

    // Within 15 minutes: no "edited", no history.
    expect(await editComment(who(alice), first.commentId, { body: "Will parking change next year?" }, new Date(t0.getTime() + 10 * 60_000))).toMatchObject({ ok: true });
    v = await view(bob, a.id, t0);
    expect(v.threads[0]).toMatchObject({ editedAt: null, history: [] });
    // After: "edited" and the earlier wording kept.
    const later = new Date(t0.getTime() + 20 * 60_000);
    expect(await editComment(who(alice), first.commentId, { body: "Will parking change in April?" }, later)).toMatchObject({ ok: true });
    v = await view(bob, a.id, later);
    expect(v.threads[0].editedAt).toBe(later.toISOString());
    expect(v.threads[0].history.map((h) => h.html)).toEqual(["<p>Will parking change next year?</p>"]);
    // Only the author edits or deletes.
    expect(await editComment(who(bob), first.commentId, { body: "hijack" }, later)).toMatchObject({ ok: false, status: 404 });
    expect(await deleteComment(who(bob), first.commentId, later)).toMatchObject({ ok: false, status: 404 });

    expect(await deleteComment(who(alice), first.commentId, later)).toMatchObject({ ok: true });
    v = await view(bob, a.id, later);
    expect(v.threads[0]).toMatchObject({ status: "deleted", html: "", authorName: null, history: [] });
    expect(v.threads[0].replies).toHaveLength(2); // replies keep their place
    const db = await getDb();
    expect((await db.get<{ body: string }>("SELECT body FROM comments WHERE id = ?", [first.commentId]))!.body).toBe("");
  });

  it("comms editors hide with a reason the author is told; the author still sees it marked hidden", async () => {
    const author = await createUser({ email: "hidden.author@riverside.test" });
    const reader = await createUser();
    const comms = await createUser({ role: "comms" });
    const a = await createItem({ type: "announcement" });
    const c = (await postComment(who(author), a.id, { body: "Something unkind" })) as { commentId: number };
    expect(await reportComment(who(reader), c.commentId, "")).toMatchObject({ ok: false, status: 400 });
    expect(await reportComment(who(reader), c.commentId, "Personal remarks")).toMatchObject({ ok: true });
    const db = await getDb();
    expect((await getModerationQueue(db, who(comms))).find((q) => q.id === c.commentId)?.reports.map((r) => r.reason)).toEqual(["Personal remarks"]);
    expect(await getModerationQueue(db, who(reader))).toEqual([]);

    expect(await moderateComment(who(reader), c.commentId, "hide", "no")).toMatchObject({ ok: false, status: 403 });
    expect(await moderateComment(who(comms), c.commentId, "hide", "")).toMatchObject({ ok: false, status: 400 });
    expect(await moderateComment(who(comms), c.commentId, "hide", "It is about a person, not the work")).toMatchObject({ ok: true });
    expect((await view(reader, a.id)).threads).toEqual([]);
    expect((await view(author, a.id)).threads[0]).toMatchObject({ status: "hidden", hiddenReason: "It is about a person, not the work" });
    expect((await getModerationQueue(db, who(comms))).find((q) => q.id === c.commentId)).toBeUndefined(); // reports cleared
    expect(await db.get("SELECT action FROM audit_log WHERE action = 'comment.hide' AND entity_id = ?", [a.id])).toBeTruthy();

    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    const mail = to(author.email).find((m) => m.mail.subject?.includes("was hidden"));
    expect(mail?.mail.text).toContain("It is about a person, not the work");
  });

  it("closing comments stops new ones; guides are off until turned on; policies never", async () => {
    const dept = await createDepartment();
    const champion = await createUser({ role: "champion", departmentId: dept.id });
    const staff = await createUser({ departmentId: dept.id });
    const comms = await createUser({ role: "comms" });
    const guide = await createItem({ type: "guide", departmentId: dept.id });
    const policy = await createItem({ type: "policy" });
    expect(await postComment(who(staff), guide.id, { body: "Hello" })).toMatchObject({ ok: false, status: 409 });
    expect(await postComment(who(staff), policy.id, { body: "Hello" })).toMatchObject({ ok: false, status: 404 });
    expect(await setItemComments(who(staff), guide.id, { enabled: true, closed: false })).toMatchObject({ ok: false, status: 403 });
    expect(await setItemComments(who(champion), guide.id, { enabled: true, closed: false })).toMatchObject({ ok: true });
    expect(await postComment(who(staff), guide.id, { body: "Hello" })).toMatchObject({ ok: true });

    const a = await createItem({ type: "announcement" });
    expect(await setItemComments(who(comms), a.id, { enabled: true, closed: true })).toMatchObject({ ok: true });
    expect(await postComment(who(staff), a.id, { body: "Too late" })).toMatchObject({ ok: false, status: 409, message: "Comments are closed on this page." });
    expect((await view(staff, a.id)).canPost).toBe(false);
  });

  it("pre-moderated channels: comments wait for approval, seen only by their author and moderators", async () => {
    const channel = await createChannel();
    const comms = await createUser({ role: "comms" });
    const writer = await createUser();
    const reader = await createUser();
    const a = await createItem({ type: "announcement", channelIds: [channel.id] });
    expect(await setChannelPremoderation(who(writer), channel.id, true)).toMatchObject({ ok: false, status: 403 });
    expect(await setChannelPremoderation(who(comms), channel.id, true)).toMatchObject({ ok: true });
    const c = (await postComment(who(writer), a.id, { body: "Waiting" })) as { commentId: number; status: string };
    expect(c.status).toBe("pending");
    expect((await view(reader, a.id)).threads).toEqual([]);
    expect((await view(writer, a.id)).threads[0].status).toBe("pending");
    expect((await getModerationQueue(await getDb(), who(comms))).map((q) => q.id)).toContain(c.commentId);
    expect(await moderateComment(who(comms), c.commentId, "approve")).toMatchObject({ ok: true });
    expect((await view(reader, a.id)).threads[0].status).toBe("published");
  });

  it("limits how many comments one person writes in a few minutes", async () => {
    const u = await createUser();
    const a = await createItem({ type: "announcement" });
    const t = new Date("2026-12-02T09:00:00Z");
    for (let i = 0; i < COMMENT_RATE.count; i++) expect(await postComment(who(u), a.id, { body: `Comment ${i}` }, t)).toMatchObject({ ok: true });
    expect(await postComment(who(u), a.id, { body: "One more" }, t)).toMatchObject({ ok: false, status: 429 });
    expect(await postComment(who(u), a.id, { body: "Later" }, new Date(t.getTime() + COMMENT_RATE.windowMs + 1000))).toMatchObject({ ok: true });
  });

  it("is not found for people outside the item's audience", async () => {
    const dept = await createDepartment();
    const outsider = await createUser({ departmentId: (await createDepartment()).id });
    const a = await createItem({ type: "announcement", audience: "departments", audienceDepartmentIds: [dept.id] });
    expect(await postComment(who(outsider), a.id, { body: "Hi" })).toMatchObject({ ok: false, status: 404 });
  });
});

describe("mentions, digests and follows", () => {
  it("a mention chosen in the picker emails the person (if they may open the page); typed @text alone stays plain", async () => {
    const dept = await createDepartment();
    const writer = await createUser({ departmentId: dept.id });
    const named = await createUser({ name: "Priya Shah", departmentId: dept.id, email: "priya.shah@riverside.test" });
    const outsider = await createUser({ name: "Omar Khan", departmentId: (await createDepartment()).id, email: "omar.khan@riverside.test" });
    const a = await createItem({ type: "announcement", title: "Office move", audience: "departments", audienceDepartmentIds: [dept.id] });
    const c = (await postComment(who(writer, "Wendy Writer"), a.id, { body: "@Priya Shah can you check the keys? @Omar Khan too", mentionIds: [named.id, outsider.id] })) as { commentId: number };
    const plain = (await postComment(who(writer, "Wendy Writer"), a.id, { body: "@Priya Shah typed without the picker" })) as { commentId: number };
    const v = await view(named, a.id);
    expect(v.threads.find((t) => t.id === c.commentId)!.html).toContain('<span class="mention">@Priya Shah</span>');
    expect(v.threads.find((t) => t.id === plain.commentId)!.html).not.toContain("mention");
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    const got = to(named.email).filter((m) => m.mail.subject === "Wendy Writer mentioned you in a comment");
    expect(got).toHaveLength(1);
    expect(got[0].mail.text).toContain(`http://intranet.test/announcements/${a.slug}#comment-${c.commentId}`);
    expect(to(outsider.email)).toEqual([]); // may not open the page: never told
  });

  it("tells the author, owner and thread followers once an hour, never about their own comment", async () => {
    await sendCommentDigests(new Date(Date.now() + 500)); // earlier tests' comments
    const author = await createUser({ role: "manager", email: "digest.author@riverside.test" });
    const follower = await createUser({ email: "digest.follower@riverside.test" });
    const other = await createUser();
    const a = await createItem({ type: "announcement", title: "Bin rounds", authorId: author.id });
    const top = (await postComment(who(follower), a.id, { body: "First" })) as { commentId: number };
    await postComment(who(other), a.id, { body: "A reply", parentId: top.commentId });
    await postComment(who(other), a.id, { body: "Another top comment" });
    const now = new Date(Date.now() + 1000);
    expect(await sendCommentDigests(now)).toBe(2); // one notice for the author (three comments), one for the follower (the reply); none for the writer of their own
    expect(await sendCommentDigests(now)).toBe(0);
    const rows = (await listOutbox(await getDb(), { purpose: "digest" })).filter((r) => r.itemId === a.id);
    const users = rows.map((r) => r.userId).sort();
    expect(users).toContain(author.id);
    expect(users).toContain(follower.id);
    expect(users).not.toContain(other.id);
    // Stop following: no more replies told.
    await setThreadFollow(who(follower), top.commentId, false);
    await postComment(who(other), a.id, { body: "Reply two", parentId: top.commentId });
    await sendCommentDigests(new Date(Date.now() + 2000));
    const after = (await listOutbox(await getDb(), { purpose: "digest" })).filter((r) => r.itemId === a.id && r.userId === follower.id);
    expect(after).toHaveLength(rows.filter((r) => r.userId === follower.id).length);
  });
});

describe("the record: export, search, pause", () => {
  it("keeps every comment for the FOI export (hidden, edited history, deleted without text)", async () => {
    const u = await createUser();
    const comms = await createUser({ role: "comms" });
    const a = await createItem({ type: "announcement" });
    const t0 = new Date("2026-12-03T09:00:00Z");
    const c1 = (await postComment(who(u), a.id, { body: "Original" }, t0)) as { commentId: number };
    await editComment(who(u), c1.commentId, { body: "Changed" }, new Date(t0.getTime() + 3_600_000));
    const c2 = (await postComment(who(u), a.id, { body: "Hide me" }, t0)) as { commentId: number };
    await moderateComment(who(comms), c2.commentId, "hide", "Off topic");
    const c3 = (await postComment(who(u), a.id, { body: "Delete me" }, t0)) as { commentId: number };
    await deleteComment(who(u), c3.commentId);
    const rows = await listCommentsForExport(await getDb(), a.id);
    expect(rows.map((r) => [r.body, r.status])).toEqual([["Changed", "published"], ["Hide me", "hidden"], ["", "deleted"]]);
    expect(rows[0].earlierVersions.map((v) => v.body)).toEqual(["Original"]);
    expect(rows[1].hiddenReason).toBe("Off topic");
  });

  it("never writes the change feed (so never reaches search)", async () => {
    const u = await createUser();
    const a = await createItem({ type: "announcement" });
    const db = await getDb();
    const before = (await db.get<{ n: number }>("SELECT COALESCE(MAX(id), 0) AS n FROM change_feed"))!.n;
    await postComment(who(u), a.id, { body: "zorblaxquux unique comment word" });
    await react(who(u), "item", a.id, "like", true);
    expect((await db.get<{ n: number }>("SELECT COALESCE(MAX(id), 0) AS n FROM change_feed"))!.n).toBe(before);
  });

  it("conversations pause on items in scope of a pre-election period that is on, and only then", async () => {
    const u = await createUser();
    const a = await createItem({ type: "announcement" });
    const db = await getDb();
    const now = "2030-04-20T10:00:00.000Z";
    expect(await areConversationsPaused(db, a.id, now)).toEqual({ paused: false });
    await insertPeriod(db, {
      kind: "local", title: "Local elections 2030", noticeOn: "2030-03-25", pollingOn: "2030-05-02", scope: "council",
      guideItemId: null, departmentIds: [], wards: [], createdBy: null,
    }, "on", now);
    const pause = await areConversationsPaused(db, a.id, now);
    expect(pause.paused).toBe(true);
    expect(await areConversationsPaused(db, a.id, "2030-05-03T10:00:00.000Z")).toEqual({ paused: false });
    const posted = await postComment(who(u), a.id, { body: "During the period" }, new Date(now));
    expect(posted.ok).toBe(false);
    const reacted = await react(who(u), "item", a.id, "like", true, new Date(now));
    expect(reacted.ok).toBe(false);
  });
});

describe("reactions", () => {
  it("one of each kind per person, even with concurrent clicks; counts and names", async () => {
    const u = await createUser();
    const v = await createUser({ name: "Val Vaughan" });
    const a = await createItem({ type: "announcement" });
    const results = await Promise.all(Array.from({ length: 12 }, () => react(who(u), "item", a.id, "thanks", true)));
    expect(results.filter((r) => r.ok && r.changed)).toHaveLength(1);
    await react(who(u), "item", a.id, "like", true);
    await react(who(v, "Val Vaughan"), "item", a.id, "thanks", true);
    const db = await getDb();
    const seen = (await listReactionsView(db, who(u), "item", [a.id])).get(a.id)!;
    expect(seen.kinds.map((k) => [k.kind, k.count, k.mine])).toEqual([["like", 1, true], ["thanks", 2, true], ["helpful", 0, false], ["celebrate", 0, false]]);
    expect(seen.kinds[1].names).toContain("Val Vaughan");
    expect(await react(who(u), "item", a.id, "angry", true)).toMatchObject({ ok: false, status: 400 });
    expect(await react(who(u), "item", a.id, "thanks", false)).toMatchObject({ ok: true, changed: true });
    const policy = await createItem({ type: "policy" });
    expect(await react(who(u), "item", policy.id, "like", true)).toMatchObject({ ok: false, status: 404 });
  });

  it("reactions on comments: only published ones, only for people who may open the page", async () => {
    const dept = await createDepartment();
    const inside = await createUser({ departmentId: dept.id });
    const outside = await createUser({ departmentId: (await createDepartment()).id });
    const a = await createItem({ type: "announcement", audience: "departments", audienceDepartmentIds: [dept.id] });
    const c = (await postComment(who(inside), a.id, { body: "Nice" })) as { commentId: number };
    expect(await react(who(outside), "comment", c.commentId, "like", true)).toMatchObject({ ok: false, status: 404 });
    expect(await react(who(inside), "comment", c.commentId, "celebrate", true)).toMatchObject({ ok: true, changed: true });
    expect((await view(inside, a.id)).threads[0].reactions.kinds.find((k) => k.kind === "celebrate")!.count).toBe(1);
  });
});
