import { describe, expect, it } from "vitest";
import { closePoll, createPoll, getPollView, vote } from "~/commands/polls.server";
import { answerQuestion, askQuestion, getQuestionsView, moderateQuestion } from "~/commands/questions.server";
import { findItemById } from "~/models/item.server";
import { getDb } from "~/utils/db.server";
import { createDepartment, createItem, createUser } from "../factories";

const who = (u: { id: number; email: string; role: string; departmentId: number | null }) => ({ ...u, name: `User ${u.id}` }) as Parameters<typeof vote>[0];

describe("quick polls", () => {
  it("is anonymous, one vote each, with results after voting", async () => {
    const dept = await createDepartment();
    const author = await createUser({ role: "manager", departmentId: dept.id });
    const reader = await createUser({ departmentId: dept.id });
    const other = await createUser();
    const announcement = await createItem({ type: "announcement", departmentId: dept.id, authorId: author.id });

    expect(await createPoll(who(reader), announcement.id, { question: "Which day?", options: ["Mon", "Tue"] })).toMatchObject({ ok: false, status: 403 });
    expect(await createPoll(who(author), announcement.id, { question: "Which day?", options: ["Mon"] })).toMatchObject({ ok: false, status: 400, errors: { options: "Give at least 2 answers" } });
    const created = await createPoll(who(author), announcement.id, { question: "Which day suits the briefing?", options: ["Monday", "Tuesday", ""] });
    expect(created).toMatchObject({ ok: true });
    const pollId = (created as { pollId: number }).pollId;
    const db = await getDb();
    const item = (await findItemById(db, announcement.id))!;

    const before = (await getPollView(db, who(reader), item))!;
    expect(before).toMatchObject({ hasVoted: false, showResults: false, totalVotes: null });
    expect(before.options.map((o) => [o.label, o.votes])).toEqual([["Monday", null], ["Tuesday", null]]);

    expect(await vote(who(reader), pollId, before.options[1].id)).toMatchObject({ ok: true });
    expect(await vote(who(reader), pollId, before.options[0].id)).toMatchObject({ ok: false, status: 409 });
    expect(await vote(who(other), pollId, 999999)).toMatchObject({ ok: false, status: 400 });
    expect(await vote(who(other), pollId, before.options[1].id)).toMatchObject({ ok: true });

    const after = (await getPollView(db, who(reader), item))!;
    expect(after).toMatchObject({ hasVoted: true, showResults: true, totalVotes: 2 });
    expect(after.options.map((o) => [o.label, o.votes, o.percent])).toEqual([["Monday", 0, 0], ["Tuesday", 2, 100]]);

    // Nothing stored links a person to an answer: the voter table has only poll and person.
    const voterColumns = (await db.all<{ name: string }>("PRAGMA table_info(poll_voters)")).map((c) => c.name);
    expect(voterColumns).toEqual(["poll_id", "user_id"]);
    const audit = await db.all("SELECT * FROM audit_log WHERE action LIKE 'poll.vote%'");
    expect(audit).toEqual([]);

    await closePoll(who(author), pollId, true);
    const late = await createUser();
    expect(await vote(who(late), pollId, before.options[0].id)).toMatchObject({ ok: false, status: 409 });
    expect((await getPollView(db, who(late), item))!).toMatchObject({ closed: true, showResults: true });
  });

  it("is not found for people who cannot see the announcement", async () => {
    const dept = await createDepartment();
    const outsider = await createUser({ departmentId: (await createDepartment()).id });
    const author = await createUser({ role: "comms" });
    const restricted = await createItem({ type: "announcement", audience: "departments", audienceDepartmentIds: [dept.id], authorId: author.id });
    const created = (await createPoll(who(author), restricted.id, { question: "Q?", options: ["A", "B"] })) as { pollId: number };
    const db = await getDb();
    const options = await db.all<{ id: number }>("SELECT id FROM poll_options WHERE poll_id = ?", [created.pollId]);
    expect(await vote(who(outsider), created.pollId, options[0].id)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("questions on announcements", () => {
  it("staff ask, the author answers, comms editors hide", async () => {
    const dept = await createDepartment();
    const author = await createUser({ role: "manager", departmentId: dept.id });
    const asker = await createUser({ departmentId: dept.id });
    const reader = await createUser({ departmentId: dept.id });
    const comms = await createUser({ role: "comms" });
    const a = await createItem({ type: "announcement", departmentId: dept.id, authorId: author.id });
    const db = await getDb();
    const item = (await findItemById(db, a.id))!;

    expect(await askQuestion(who(asker), a.id, "   ")).toMatchObject({ ok: false, status: 400 });
    const asked = (await askQuestion(who(asker), a.id, "Does this apply to agency staff?")) as { questionId: number };
    const rude = (await askQuestion(who(reader), a.id, "Something unkind")) as { questionId: number };

    expect(await answerQuestion(who(reader), asked.questionId, "Yes")).toMatchObject({ ok: false, status: 403 });
    expect(await answerQuestion(who(author), asked.questionId, "Yes, it does.")).toMatchObject({ ok: true });
    expect(await moderateQuestion(who(author), rude.questionId, true, "Not respectful")).toMatchObject({ ok: false, status: 403 });
    expect(await moderateQuestion(who(comms), rude.questionId, true, "Not respectful")).toMatchObject({ ok: true });

    const forAsker = await getQuestionsView(db, who(asker), item);
    expect(forAsker.questions.map((q) => [q.body, q.answer])).toEqual([["Does this apply to agency staff?", "Yes, it does."]]);
    const forRudeAsker = await getQuestionsView(db, who(reader), item);
    expect(forRudeAsker.questions.map((q) => [q.body, q.hidden])).toEqual([["Does this apply to agency staff?", 0], ["Something unkind", 1]]);
    const forComms = await getQuestionsView(db, who(comms), item);
    expect(forComms).toMatchObject({ canModerate: true, canAnswer: true });
    expect(forComms.questions).toHaveLength(2);
  });
});
