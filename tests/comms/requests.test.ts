/**
 * Requests for public communications through their pages, as the requester, the comms team
 * and a colleague would use them, with each change emailed to the requester over a loopback
 * SMTP server; and the register of public accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages } from "~/commands/deliver.server";
import { attentionFor, sendPublicAccountReviewReminders } from "~/commands/public-accounts.server";
import * as requestPage from "~/routes/comms-requests.$id";
import * as requestList from "~/routes/comms-requests._index";
import * as newRequest from "~/routes/comms-requests.new";
import * as register from "~/routes/admin.public-accounts._index";
import * as account from "~/routes/admin.public-accounts.$id";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { session } from "../delivery/http";
import { startSmtp, type TestSmtp } from "../delivery/smtp";
import { createDepartment, createUser } from "../factories";

type Session = Awaited<ReturnType<typeof session>>;
let smtp: TestSmtp;
const people = {} as Record<"requester" | "colleague" | "comms" | "comms2" | "manager" | "admin", { id: number; email: string }>;
const as = {} as Record<keyof typeof people, Session>;
let parks: { id: number; slug: string };

beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", MAIL_FROM: "intranet@riverside.test" });
  resetEnvForTests();
  parks = await createDepartment({ slug: "parks", name: "Parks" });
  people.requester = await createUser({ departmentId: parks.id, email: "rosa.requester@riverside.test", name: "Rosa Requester" });
  people.colleague = await createUser({ departmentId: parks.id, email: "colin.colleague@riverside.test" });
  people.manager = await createUser({ departmentId: parks.id, role: "manager", email: "mo.manager@riverside.test" });
  people.comms = await createUser({ role: "comms", email: "cara.comms@riverside.test", name: "Cara Comms" });
  people.comms2 = await createUser({ role: "comms", email: "cal.comms@riverside.test", name: "Cal Comms" });
  people.admin = await createUser({ role: "admin", email: "ada.admin@riverside.test" });
  for (const k of Object.keys(people) as (keyof typeof people)[]) as[k] = await session(people[k].id);
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

async function drain(at = new Date()) {
  await deliverDueMessages({ now: new Date(at.getTime() + 60_000), limit: 500 });
}
const subjectsTo = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.mail.subject);

const FORM = {
  kind: "press-release", title: "Riverside park reopens", whatAndWhy: "The park reopens on 1 March after the flood works.",
  audience: "Residents of Riverside ward", keyDates: "1 March", serviceApprover: "Pat Parks, Head of Parks",
  links: "https://riverside.example/parks", department: "parks", involvesCouncillors: "on",
};

describe("a request for public communications", () => {
  let id: number;

  it("refuses a form with missing answers, naming each field", async () => {
    const res = await as.requester.post(newRequest.action, "/comms-requests/new", { kind: "", title: "", whatAndWhy: "", audience: "", serviceApprover: "", links: "ftp://x" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json().errors).sort()).toEqual(["audience", "kind", "links", "serviceApprover", "title", "whatAndWhy"]);
    expect(res.json().errors.links).toMatch(/https:\/\//);
    expect(await (await getDb()).get("SELECT COUNT(*) AS n FROM comms_requests")).toEqual({ n: 0 });
  });

  it("is sent, lands in the comms team's queue, and the requester and the team are emailed", async () => {
    const res = await as.requester.post(newRequest.action, "/comms-requests/new", FORM);
    expect(res.status).toBe(302);
    id = Number(/\/comms-requests\/(\d+)/.exec(res.location!)![1]);
    const queue = (await as.comms.get(requestList.loader, "/comms-requests")).json();
    expect(queue.queue).toBe(true);
    expect(queue.requests.map((r: { id: number }) => r.id)).toEqual([id]);
    expect(queue.counts.new).toBe(1);
    expect(queue.requests[0]).toMatchObject({ requesterName: "Rosa Requester", statusLabel: "New" });
    // The requester sees only their own; a colleague sees none, and the request is a 404 to them.
    expect((await as.requester.get(requestList.loader, "/comms-requests")).json()).toMatchObject({ queue: false, requests: [{ id }] });
    expect((await as.colleague.get(requestList.loader, "/comms-requests")).json().requests).toEqual([]);
    expect((await as.colleague.get(requestPage.loader, `/comms-requests/${id}`, { id: String(id) })).status).toBe(404);
    expect((await as.manager.get(requestPage.loader, `/comms-requests/${id}`, { id: String(id) })).status).toBe(404);
    const page = (await as.requester.get(requestPage.loader, `/comms-requests/${id}`, { id: String(id) })).json();
    expect(page.request).toMatchObject({ title: "Riverside park reopens", involvesCouncillors: 1, involvesPersonalData: 0, departmentName: "Parks" });
    await drain();
    expect(subjectsTo(people.requester.email)).toEqual(["We have your request: Riverside park reopens"]);
    expect(subjectsTo(people.comms.email)).toEqual(["New request for communications: Riverside park reopens"]);
    expect(subjectsTo(people.comms2.email)).toEqual(["New request for communications: Riverside park reopens"]);
  });

  it("moves through the queue with an email to the requester at each change", async () => {
    const params = { id: String(id) };
    const post = (s: Session, fields: Record<string, string>) => s.post(requestPage.action, `/comms-requests/${id}`, fields, params);
    // Only the team changes the status.
    expect((await post(as.requester, { intent: "status", status: "done" })).status).toBe(403);
    expect((await post(as.comms, { intent: "status", status: "in-progress", assignToMe: "on", note: "I will draft it this week." })).status).toBe(302);
    // The team shares a draft: the request waits for the service.
    expect((await post(as.comms, { intent: "draft", draft: "" })).json().errors).toEqual({ draft: "Enter the draft to share" });
    expect((await post(as.comms, { intent: "draft", draft: "Riverside park reopens on 1 March." })).status).toBe(302);
    let page = (await as.requester.get(requestPage.loader, `/comms-requests/${id}`, params)).json();
    expect(page.request.status).toBe("waiting");
    expect(page.pendingDraftId).not.toBeNull();
    // Only the requester answers the draft; asking for changes needs a note.
    expect((await post(as.comms, { intent: "answer", answer: "approved" })).status).toBe(403);
    expect((await post(as.requester, { intent: "answer", answer: "changes" })).json().errors).toEqual({ note: "Say what should change" });
    expect((await post(as.requester, { intent: "answer", answer: "approved", note: "Agreed with Pat." })).status).toBe(302);
    // Scheduling needs a real date.
    expect((await post(as.comms, { intent: "status", status: "scheduled", "scheduledFor-day": "31", "scheduledFor-month": "2", "scheduledFor-year": "2027" })).json().errors)
      .toEqual({ scheduledFor: "Scheduled date must be a real date" });
    expect((await post(as.comms, { intent: "status", status: "scheduled", "scheduledFor-day": "1", "scheduledFor-month": "3", "scheduledFor-year": "2027" })).status).toBe(302);
    expect((await post(as.requester, { intent: "message", body: "Can we add a photo of the new bridge?" })).status).toBe(302);
    expect((await post(as.comms, { intent: "status", status: "done" })).status).toBe(302);
    page = (await as.requester.get(requestPage.loader, `/comms-requests/${id}`, params)).json();
    expect(page.request).toMatchObject({ status: "done", scheduledFor: "2027-03-01", assigneeName: "Cara Comms" });
    expect(page.messages.map((m: { kind: string }) => m.kind)).toEqual(["status", "draft", "approval", "status", "message", "status"]);
    await drain();
    expect(subjectsTo(people.requester.email)).toEqual([
      "We have your request: Riverside park reopens",
      "In progress: Riverside park reopens",
      "Draft for your approval: Riverside park reopens",
      "Scheduled: Riverside park reopens",
      "Done: Riverside park reopens",
    ]);
    // Once assigned, the requester's messages and answers go to the person handling it.
    expect(subjectsTo(people.comms.email)).toEqual([
      "New request for communications: Riverside park reopens",
      "Draft approved: Riverside park reopens",
      "New message on: Riverside park reopens",
    ]);
    expect(subjectsTo(people.comms2.email)).toHaveLength(1);
  });

  it("is declined only with a reason, which the requester is told", async () => {
    const res = await as.requester.post(newRequest.action, "/comms-requests/new", { ...FORM, kind: "social-media", title: "Post about bins" });
    const second = Number(/\/comms-requests\/(\d+)/.exec(res.location!)![1]);
    const params = { id: String(second) };
    expect((await as.comms.post(requestPage.action, `/comms-requests/${second}`, { intent: "status", status: "declined" }, params)).json().errors)
      .toEqual({ declineReason: "Say why the request is declined" });
    expect((await as.comms.post(requestPage.action, `/comms-requests/${second}`, { intent: "status", status: "declined", declineReason: "Waste services already posted this." }, params)).status).toBe(302);
    await drain();
    const mail = smtp.received.find((m) => m.envelopeTo.includes(people.requester.email) && m.mail.subject === "Declined: Post about bins");
    expect(mail?.mail.text).toContain("The reason: Waste services already posted this.");
    const closed = (await as.comms.get(requestList.loader, "/comms-requests?status=closed")).json();
    expect(closed.requests.map((r: { title: string }) => r.title).sort()).toEqual(["Post about bins", "Riverside park reopens"]);
  });
});

describe("the register of public accounts", () => {
  it("is for the comms team and admins only", async () => {
    for (const who of ["requester", "manager"] as const) expect((await as[who].get(register.loader, "/admin/public-accounts")).status).toBe(403);
    expect((await as.comms.get(register.loader, "/admin/public-accounts")).status).toBe(200);
    expect((await as.admin.get(register.loader, "/admin/public-accounts")).status).toBe(200);
  });

  it("checks holders and duplicates, lists accounts needing attention, and reminds the comms team twice a year", async () => {
    const add = (fields: Record<string, string>) => as.comms.post(register.action, "/admin/public-accounts", fields);
    const bad = await add({ platform: "Facebook", handle: "@RiversideParks", holder1: "nobody@riverside.test", holder2: "", address: "http://x" });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toEqual({ address: "Enter the address starting with https://" });
    const noHolder = await add({ platform: "Facebook", handle: "@RiversideParks", holder1: "nobody@riverside.test" });
    expect(noHolder.json().errors).toEqual({ holder1: "There is no active member of staff with the email nobody@riverside.test" });
    const same = await add({ platform: "Facebook", handle: "@RiversideParks", holder1: people.requester.email, holder2: people.requester.email });
    expect(same.json().errors).toEqual({ holder2: "The second holder must be a different person" });
    const good = await add({
      platform: "Facebook", handle: "@RiversideParks", department: "parks", holder1: people.requester.email, holder2: people.colleague.email, twoFactor: "on",
      "lastReviewedOn-day": "1", "lastReviewedOn-month": "11", "lastReviewedOn-year": "2026",
    });
    expect(good.status).toBe(302);
    const dup = await add({ platform: "facebook", handle: "@riversideparks", holder1: people.requester.email });
    expect(dup.json().errors).toEqual({ handle: "The register already has @riversideparks on facebook" });
    expect((await add({ platform: "Instagram", handle: "@RiversideLibraries", holder1: people.colleague.email })).status).toBe(302);

    const page = (await as.comms.get(register.loader, "/admin/public-accounts")).json();
    const byHandle = Object.fromEntries(page.accounts.map((a: { handle: string; reasons: string[] }) => [a.handle, a.reasons]));
    expect(byHandle["@RiversideLibraries"]).toEqual(["Only one active holder", "Two-factor sign-in is off", "Never reviewed"]);
    // A holder who leaves makes the account need attention.
    const db = await getDb();
    await db.run("UPDATE users SET active = 0 WHERE id = ?", [people.colleague.id]);
    const after = (await as.comms.get(register.loader, "/admin/public-accounts")).json();
    const parksAccount = after.accounts.find((a: { handle: string }) => a.handle === "@RiversideParks");
    expect(parksAccount.reasons).toEqual(["Only one active holder"]);
    expect(attentionFor({ holder1Id: 1, holder1Active: 1, holder2Id: 2, holder2Active: 1, twoFactor: 1, lastReviewedOn: "2026-06-07" }, "2026-12-07")).toEqual({ reasons: ["Not reviewed for six months"], dueReview: true });
    expect(attentionFor({ holder1Id: 1, holder1Active: 1, holder2Id: 2, holder2Active: 1, twoFactor: 1, lastReviewedOn: "2026-06-08" }, "2026-12-07").reasons).toEqual([]);

    // Marking reviewed and the twice-yearly reminder (once per half-year per comms editor).
    expect((await as.comms.post(account.action, `/admin/public-accounts/${parksAccount.id}`, { intent: "reviewed" }, { id: String(parksAccount.id) })).status).toBe(302);
    for (const [day, queued] of [["2027-01-04", 2], ["2027-03-04", 0], ["2027-07-04", 2]] as const) {
      const at = new Date(`${day}T09:00:00Z`);
      expect(await sendPublicAccountReviewReminders(at)).toBe(queued);
      await drain(at);
    }
    expect(subjectsTo(people.comms.email).filter((s) => s?.startsWith("Review the register"))).toEqual([
      "Review the register of public accounts (2 need attention)",
      "Review the register of public accounts (2 need attention)",
    ]);
    // Removing is audited.
    expect((await as.comms.post(account.action, `/admin/public-accounts/${parksAccount.id}`, { intent: "remove" }, { id: String(parksAccount.id) })).status).toBe(302);
    expect(await db.get("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'public-account.removed'")).toEqual({ n: 1 });
  });
});
