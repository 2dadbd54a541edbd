/**
 * Mentoring (issue 19, decision 136): matching by a coordinator and by the person when the
 * coordinator allows it, capacity and topics; the pair's goals and private log (the
 * coordinator, an administrator, other staff and search cannot read them; the subject access
 * export gives each of the pair their own entries only); reminders to pairs that have not
 * logged a meeting for their interval, read back from a real local SMTP server; ending with
 * feedback for the coordinator.
 */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/access/permissions.server";
import { deliverDueMessages } from "~/commands/deliver.server";
import { learningActor, setLearningGrant } from "~/commands/events.server";
import { exportSubjectAccess } from "~/commands/information-rights.server";
import { runKnowledgeSweep } from "~/commands/knowledge-sweep.server";
import {
  askForMentor, chooseMentor, endPair, logMeeting, matchMentoring, saveMentoringOffer, sendMentoringReminders, setGoals, setSelfMatch,
} from "~/commands/mentoring.server";
import { findAsk, findPair } from "~/models/mentoring.server";
import * as home from "~/routes/mentoring._index";
import * as coordinate from "~/routes/mentoring.coordinate";
import * as offers from "~/routes/mentoring.offers";
import * as pairPage from "~/routes/mentoring.pairs.$id";
import * as searchRoute from "~/routes/search";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { startSearch, stopSearch } from "~/utils/search.server";
import { startSmtp, type TestSmtp } from "../delivery/smtp";
import { buildOrg, person, viewerOf } from "../delivery/org";
import { session } from "../delivery/http";

let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof buildOrg>>;
type P = Awaited<ReturnType<typeof person>>;
let comms: P, admin: P, mentor: P, mentee: P, other: P, officer: P;
const LOG_MARK = "zqmentorlogsecret";
const THEIR_MARK = "zqmenteelogsecret";
const GOAL_MARK = "zqmentorgoalsecret";

async function drain(now: Date) {
  const before = smtp.received.length;
  await deliverDueMessages({ now });
  return smtp.received.slice(before);
}

const actor = (p: P): Actor => viewerOf(p);

beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "Riverside intranet <intranet@riverside.test>" });
  resetEnvForTests();
  org = await buildOrg();
  comms = await person(org.departments.planning.id, "comms", "Casey Coordinator");
  admin = await person(org.departments.planning.id, "admin", "Ada Admin");
  mentor = await person(org.departments.housing.id, "champion", "Mina Mentor");
  mentee = await person(org.departments.waste.id, "staff", "Theo Mentee");
  other = await person(org.departments.waste.id, "staff", "Olly Other");
  officer = await person(null, "staff", "Ines Officer");
  await startSearch({ persistPath: null });
});
afterAll(async () => {
  await stopSearch();
  closeMailTransport();
  await smtp.stop();
});

describe("matching", () => {
  it("a coordinator matches a request with an offer on its topic; both are emailed; capacity and topic are kept", async () => {
    const now = new Date("2027-03-01T10:00:00Z");
    const offerId = await saveMentoringOffer(actor(mentor), { topics: ["plain english", "tenancy law"], capacity: 1, format: "either", about: "Ten years in housing.", isOpen: true }, now);
    const askId = await askForMentor(actor(mentee), { topic: "plain english", format: "online", hopes: "Write clearer letters." }, now);
    await drain(now);
    await expect(matchMentoring(actor(other), askId, offerId, now)).rejects.toMatchObject({ status: 403 });
    const pairId = await matchMentoring(actor(comms), askId, offerId, now);
    expect((await findAsk(await getDb(), askId))!.status).toBe("matched");
    const mail = await drain(now);
    expect(mail.map((m) => [m.envelopeTo[0], m.mail.subject]).sort()).toEqual([
      [mentee.email, "Your mentor: Mina Mentor"], [mentor.email, "New mentoring pair: Theo Mentee"],
    ].sort());
    // The mentor's one place is taken; a second request on the topic waits.
    const second = await askForMentor(actor(other), { topic: "plain english", format: "either", hopes: "" }, now);
    await expect(matchMentoring(actor(comms), second, offerId, now)).rejects.toMatchObject({ status: 409, message: "This mentor has no free place." });
    const wrongTopic = await askForMentor(actor(other), { topic: "budgets", format: "either", hopes: "" }, now);
    await expect(matchMentoring(actor(comms), wrongTopic, offerId, now)).rejects.toMatchObject({ message: expect.stringContaining("does not offer mentoring on") });
    expect((await findPair(await getDb(), pairId))!.status).toBe("active");
  });

  it("the learning permission lets an administrator's choice of person coordinate", async () => {
    const holder = await person(org.departments.housing.id, "staff", "Lee Learning");
    expect(((await learningActor(viewerOf(holder) as Actor)).extraPermissions ?? [])).not.toContain("manage:learning:any");
    await setLearningGrant(actor(admin), holder.email, true);
    const granted: Actor = await learningActor(viewerOf(holder) as Actor);
    const s = await session(holder.id);
    expect((await s.get(coordinate.loader, "/mentoring/coordinate")).status).toBe(200);
    expect(granted.extraPermissions).toContain("manage:learning:any");
    expect((await (await session(other.id)).get(coordinate.loader, "/mentoring/coordinate")).status).toBe(403);
  });

  it("people choose a mentor themselves only when the coordinator allows it", async () => {
    const now = new Date("2027-03-02T10:00:00Z");
    const m2 = await person(org.departments.planning.id, "staff", "Nia Numbers");
    const offerId = await saveMentoringOffer(actor(m2), { topics: ["budgets"], capacity: 2, format: "online", about: "", isOpen: true }, now);
    const asker = await person(org.departments.waste.id, "staff", "Bea Budget");
    const askId = await askForMentor(actor(asker), { topic: "budgets", format: "online", hopes: "" }, now);
    await expect(chooseMentor(actor(asker), askId, offerId, now)).rejects.toMatchObject({ status: 403 });
    await setSelfMatch(actor(comms), true, now);
    const s = await session(asker.id);
    const page = (await s.get(offers.loader, "/mentoring/offers?topic=budgets")).json();
    expect(page.offers.map((o: { mentorName: string }) => o.mentorName)).toEqual(["Nia Numbers"]);
    const res = await s.post(offers.action, "/mentoring/offers", { askId: String(askId), offerId: String(offerId) });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/mentoring\/pairs\/\d+$/);
    // Someone else's request cannot be used.
    const theirs = await askForMentor(actor(other), { topic: "budgets", format: "online", hopes: "" }, now);
    await expect(chooseMentor(actor(asker), theirs, offerId, now)).rejects.toMatchObject({ status: 404 });
    await setSelfMatch(actor(comms), false, now);
    await expect(setSelfMatch(actor(other), true, now)).rejects.toMatchObject({ status: 403 });
  });

  it("forms answer with field errors", async () => {
    const s = await session(other.id);
    const { action: askAction } = await import("~/routes/mentoring.ask");
    const bad = await s.post(askAction, "/mentoring/ask", { topic: " ", format: "carrier pigeon" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toMatchObject({ topic: expect.stringContaining("Enter a topic"), format: "Choose in person, online, or either" });
    const { action: offerAction } = await import("~/routes/mentoring.offer");
    const badOffer = await s.post(offerAction, "/mentoring/offer", { topics: "", capacity: "40", format: "online" });
    expect(badOffer.json().errors).toMatchObject({ topics: "Enter at least one topic you can mentor on", capacity: "Enter a number from 1 to 10" });
  });
});

describe("the pair's private record", () => {
  let pairId: number;
  beforeAll(async () => {
    const db = await getDb();
    pairId = (await db.get<{ id: number }>("SELECT id FROM mentoring_pairs WHERE mentor_id = ? AND mentee_id = ?", [mentor.id, mentee.id]))!.id;
    await setGoals(actor(mentor), pairId, `Plain letters by June ${GOAL_MARK}`, 14, new Date("2027-03-01T12:00:00Z"));
    await logMeeting(actor(mentor), pairId, "2027-03-01", `We rewrote two letters ${LOG_MARK}`, new Date("2027-03-01T12:00:00Z"));
    await logMeeting(actor(mentee), pairId, "2027-03-01", `My own reflections ${THEIR_MARK}`, new Date("2027-03-01T12:00:00Z"));
  });

  it("the two of them read goals and log; the coordinator, an administrator and other staff get 404", async () => {
    for (const p of [mentor, mentee]) {
      const res = await (await session(p.id)).get(pairPage.loader, `/mentoring/pairs/${pairId}`, { id: String(pairId) });
      expect(res.status).toBe(200);
      expect(res.body).toContain(LOG_MARK);
      expect(res.body).toContain(THEIR_MARK);
      expect(res.body).toContain(GOAL_MARK);
    }
    for (const p of [comms, admin, other]) {
      const res = await (await session(p.id)).get(pairPage.loader, `/mentoring/pairs/${pairId}`, { id: String(pairId) });
      expect(res.status, p.name).toBe(404);
      expect(res.body).not.toContain(LOG_MARK);
      const post = await (await session(p.id)).post(pairPage.action, `/mentoring/pairs/${pairId}`, { intent: "log", metOn: "2027-03-01", notes: "not mine" }, { id: String(pairId) });
      expect(post.status, p.name).toBe(404);
    }
  });

  it("the coordinator's page and every other mentoring page show counts, not the log or goals", async () => {
    const res = await (await session(comms.id)).get(coordinate.loader, "/mentoring/coordinate");
    expect(res.status).toBe(200);
    const data = res.json();
    expect(data.counts.pairsActive).toBeGreaterThanOrEqual(1);
    expect(data.counts.meetingsLogged).toBeGreaterThanOrEqual(2);
    for (const mark of [LOG_MARK, THEIR_MARK, GOAL_MARK]) expect(res.body).not.toContain(mark);
    for (const p of [comms, admin, other, mentor]) {
      const page = await (await session(p.id)).get(home.loader, "/mentoring");
      for (const mark of [LOG_MARK, THEIR_MARK, GOAL_MARK]) expect(page.body).not.toContain(mark);
    }
  });

  it("search finds nothing of it, for anyone", async () => {
    for (const p of [comms, admin, mentor, mentee]) {
      for (const mark of [LOG_MARK, GOAL_MARK]) {
        const res = await (await session(p.id)).get(searchRoute.loader, `/search?q=${mark}`);
        expect(res.status).toBe(200);
        expect(res.body).not.toContain("rewrote two letters");
        expect(res.body).not.toContain("Plain letters by June");
      }
    }
  });

  it("the subject access export gives each of the pair their own log entries, never the other's notes", async () => {
    const ig: Actor = { ...viewerOf(officer), grants: [], granted: ["information-governance"] };
    const read = async (email: string) => {
      const file = (await exportSubjectAccess(ig, email))!;
      const files = unzipSync(file.bytes);
      return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
    };
    const mine = await read(mentor.email);
    expect(mine["data.json"]).toContain(LOG_MARK);
    expect(mine["data.json"]).toContain(GOAL_MARK);
    expect(mine["data.json"]).not.toContain(THEIR_MARK);
    expect(mine["summary.html"]).not.toContain(THEIR_MARK);
    const theirs = await read(mentee.email);
    expect(theirs["data.json"]).toContain(THEIR_MARK);
    expect(theirs["data.json"]).not.toContain(LOG_MARK);
    // Someone outside the pair: nothing of it.
    const outsider = await read(other.email);
    for (const mark of [LOG_MARK, THEIR_MARK, GOAL_MARK]) expect(outsider["data.json"]).not.toContain(mark);
  });
});

describe("reminders", () => {
  it("a pair that has not logged a meeting for its interval is reminded once, by email, without the log's words", async () => {
    const start = new Date("2027-04-01T09:00:00Z");
    const a = await person(org.departments.housing.id, "staff", "Rhea Reminded");
    const b = await person(org.departments.planning.id, "staff", "Sol Slow");
    const offerId = await saveMentoringOffer(actor(a), { topics: ["minute taking"], capacity: 1, format: "in-person", about: "", isOpen: true }, start);
    const askId = await askForMentor(actor(b), { topic: "minute taking", format: "in-person", hopes: "" }, start);
    const pairId = await matchMentoring(actor(comms), askId, offerId, start);
    await setGoals(actor(a), pairId, "Take minutes alone", 14, start);
    await logMeeting(actor(b), pairId, "2027-04-01", `first chat ${LOG_MARK}`, start);
    await drain(start);
    const day = (d: string) => new Date(`${d}T10:00:00Z`);
    const ours = (mail: Awaited<ReturnType<typeof drain>>) => mail.filter((m) => [a.email, b.email].includes(m.envelopeTo[0]) && m.mail.subject?.startsWith("Time to meet"));
    const remind = async (d: string) => {
      await sendMentoringReminders(day(d));
      return ours(await drain(day(d))).length;
    };
    expect(await remind("2027-04-14")).toBe(0);
    const sweep = await runKnowledgeSweep(day("2027-04-15"));
    expect(sweep.mentoringReminders).toBeGreaterThanOrEqual(2);
    const mail = ours(await drain(day("2027-04-15")));
    expect(mail.map((m) => [m.envelopeTo[0], m.mail.subject]).sort()).toEqual([
      [a.email, "Time to meet: mentoring with Sol Slow"], [b.email, "Time to meet: mentoring with Rhea Reminded"],
    ].sort());
    expect(mail[0].mail.text).toContain("no meeting has been logged since 1 April 2027");
    for (const m of mail) expect(m.raw).not.toContain(LOG_MARK);
    // The same overdue interval is not reminded twice; a logged meeting restarts the clock.
    expect(await remind("2027-04-20")).toBe(0);
    await logMeeting(actor(a), pairId, "2027-04-21", "", day("2027-04-21"));
    expect(await remind("2027-05-04")).toBe(0);
    expect(await remind("2027-05-05")).toBe(2);
    // An ended pair is not reminded.
    await endPair(actor(b), pairId, "Sol found a new role.", day("2027-05-06"));
    expect(await remind("2027-06-30")).toBe(0);
  });

  it("ending: the other person is told, the coordinator reads the feedback; nothing can be logged after", async () => {
    const now = new Date("2027-05-06T12:00:00Z");
    await drain(now);
    const db = await getDb();
    const pairId = (await db.get<{ id: number }>("SELECT id FROM mentoring_pairs WHERE status = 'ended' AND end_feedback = 'Sol found a new role.'"))!.id;
    const pair = (await findPair(db, pairId))!;
    const res = await (await session(comms.id)).get(coordinate.loader, "/mentoring/coordinate");
    expect(res.json().feedback.map((f: { feedback: string }) => f.feedback)).toContain("Sol found a new role.");
    await expect(logMeeting(viewerOf({ ...pair, id: pair.mentorId, email: pair.mentorEmail, role: "staff", departmentId: null, name: pair.mentorName }), pairId, "2027-05-06", "", now)).rejects.toMatchObject({ status: 409 });
  });

  it("a meeting date in the future or before the pair began is a field error", async () => {
    const db = await getDb();
    const pairId = (await db.get<{ id: number }>("SELECT id FROM mentoring_pairs WHERE mentor_id = ? AND mentee_id = ?", [mentor.id, mentee.id]))!.id;
    const s = await session(mentor.id);
    const future = await s.post(pairPage.action, `/mentoring/pairs/${pairId}`, { intent: "log", "metOn-day": "1", "metOn-month": "1", "metOn-year": "2099", notes: "" }, { id: String(pairId) });
    expect(future.status).toBe(400);
    expect(future.json().errors.metOn).toBe("The date you met cannot be in the future");
    const unreal = await s.post(pairPage.action, `/mentoring/pairs/${pairId}`, { intent: "log", "metOn-day": "31", "metOn-month": "2", "metOn-year": "2027", notes: "" }, { id: String(pairId) });
    expect(unreal.json().errors.metOn).toBe("Date you met must be a real date");
    const goals = await s.post(pairPage.action, `/mentoring/pairs/${pairId}`, { intent: "goals", goals: "", meetEveryDays: "5" }, { id: String(pairId) });
    expect(goals.json().errors).toMatchObject({ goals: "Write down at least one goal you agreed", meetEveryDays: "Choose how often you meet" });
  });
});
