/**
 * Titles and summaries are written in Markdown: every kind of email the intranet sends
 * shows them as plain text in the text part (links as "text (url)"), as safe inline HTML
 * in the HTML part, and as plain text in the subject (decision 078). Read from a real
 * SMTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { enqueueDigests, enqueueReminders } from "~/commands/digest.server";
import { leaveFeedback } from "~/commands/feedback.server";
import { closeRequest, createKnowledgeRequest } from "~/commands/knowledge-requests.server";
import { sendReviewReminders, shiftDay } from "~/commands/reviews.server";
import { queueWeeklySummary } from "~/commands/weekly-summary.server";
import { saveNotificationPrefs } from "~/models/notification-prefs.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { createItem, createPolicyVersion, createUser } from "../factories";
import { buildOrg, person, viewerOf } from "./org";
import { startSmtp, type Received, type TestSmtp } from "./smtp";

const DAY = 86_400_000;
const TITLE = "Gritting **rota** changes: see [the map](https://maps.example.test/grit)";
const TITLE_TEXT = "Gritting rota changes: see the map";
const SUMMARY = "Crews start at **5am**. Read [the guide](guide:winter-driving) and _take care_. <img src=x onerror=alert(1)>";
const SUMMARY_TEXT = "Crews start at 5am. Read the guide (http://intranet.test/guides/winter-driving) and take care. <img src=x onerror=alert(1)>";
const SUMMARY_HTML =
  'Crews start at <strong>5am</strong>. Read <a href="http://intranet.test/guides/winter-driving">the guide</a> and <em>take care</em>. &lt;img src=x onerror=alert(1)&gt;';

let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof buildOrg>>;
const all: Received[] = [];

beforeAll(async () => {
  smtp = await startSmtp(0, all);
  Object.assign(process.env, {
    SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", REMINDER_AFTER_DAYS: "3", DIGEST_HOUR: "0",
  });
  resetEnvForTests();
  org = await buildOrg();
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

async function drain(now = new Date()): Promise<Received[]> {
  const before = all.length;
  for (let i = 0; i < 20; i++) {
    const r = await deliverDueMessages({ now, limit: 500 });
    if (r.sent + r.cancelled + r.retrying + r.failed === 0) break;
  }
  return all.slice(before);
}

const subjects = (messages: Received[]) => messages.map((m) => m.mail.subject ?? "");

/** Nothing of the Markdown source shows, and nothing of the HTML in it is live. */
function expectRendered(m: Received) {
  const html = typeof m.mail.html === "string" ? m.mail.html : "";
  for (const part of [m.mail.subject ?? "", m.mail.text ?? "", html]) {
    expect(part, m.mail.subject).not.toMatch(/\*\*|\]\(|(^|\s)_take/);
  }
  expect(html).not.toMatch(/<img|<script|onerror="/i);
  expect(m.mail.subject).not.toMatch(/https?:/);
}

describe("Markdown in email", () => {
  it("urgent, must-read and policy alerts, and reminders: plain subject, plain text with links as text (url), safe inline HTML", async () => {
    const { housing } = org.departments;
    const u = await person(housing.id);
    const urgent = await createItem({ title: TITLE, summary: SUMMARY, priority: "urgent", targetDepartmentIds: [housing.id] });
    const mustRead = await createItem({ title: `Must read: ${TITLE}`, summary: SUMMARY, mustRead: true, targetDepartmentIds: [housing.id] });
    const policy = await createItem({ type: "policy", title: `Policy: ${TITLE}`, summary: SUMMARY, reference: "HR-099" });
    await createPolicyVersion(policy.id, { version: 1, isMaterial: true, whatChanged: "Overtime is **paid** at [the new rate](https://pay.example.test)." });
    await enqueueForItems([urgent.id, mustRead.id, policy.id]);
    const got = (await drain()).filter((m) => m.envelopeTo.includes(u.email));
    expect(subjects(got).sort()).toEqual([
      `Please read and confirm: Must read: ${TITLE_TEXT}`,
      `Policy change to read and confirm: Policy: ${TITLE_TEXT} (HR-099)`,
      `Urgent: ${TITLE_TEXT}`,
    ]);
    for (const m of got) expectRendered(m);

    const alert = got.find((m) => m.mail.subject?.startsWith("Urgent"))!;
    expect(alert.mail.text).toContain(`Urgent: ${TITLE_TEXT} (https://maps.example.test/grit)`);
    expect(alert.mail.text).toContain(SUMMARY_TEXT);
    expect(alert.mail.html).toContain(SUMMARY_HTML);
    expect(alert.mail.html).toContain('<h1 style="font-size:24px;margin:0 0 16px">Urgent: Gritting <strong>rota</strong> changes: see <a href="https://maps.example.test/grit">the map</a></h1>');
    // The item's own link keeps the title as plain text (no link inside a link).
    expect(alert.mail.html).toContain(`>${TITLE_TEXT}</a>`);
    const change = got.find((m) => m.mail.subject?.startsWith("Policy change"))!;
    expect(change.mail.text).toContain("What changed: Overtime is paid at the new rate (https://pay.example.test).");
    expect(change.mail.html).toContain('What changed: Overtime is <strong>paid</strong> at <a href="https://pay.example.test">the new rate</a>.');

    // A must-read reminder a few days on.
    const pending = await person(org.departments.waste.id);
    const done = await person(org.departments.waste.id);
    const fourDaysAgo = new Date(Date.now() - 4 * DAY).toISOString();
    const old = await createItem({ title: `Reminder: ${TITLE}`, summary: SUMMARY, mustRead: true, targetDepartmentIds: [org.departments.waste.id], publishAt: fourDaysAgo });
    await (await getDb()).run("UPDATE items SET published_at = ? WHERE id = ?", [fourDaysAgo, old.id]);
    await acknowledgeItem(viewerOf(done), old.id);
    await enqueueReminders();
    const reminders = (await drain()).filter((m) => m.envelopeTo.includes(pending.email));
    expect(subjects(reminders)).toEqual([`Reminder: please read and confirm “Reminder: ${TITLE_TEXT}”`]);
    expectRendered(reminders[0]);
    expect(reminders[0].mail.text).toContain(SUMMARY_TEXT);
    expect(reminders[0].mail.html).toContain(SUMMARY_HTML);
  });

  it("digests", async () => {
    const { planning } = org.departments;
    const u = await person(planning.id);
    await saveNotificationPrefs(await getDb(), u.id, { digest: "daily" });
    await createItem({ title: `Digest: ${TITLE}`, summary: SUMMARY, targetDepartmentIds: [planning.id] });
    const at = new Date(Date.now() + 60_000); // DIGEST_HOUR=0: due at any hour
    await enqueueDigests(at);
    const got = (await drain(at)).filter((m) => m.envelopeTo.includes(u.email));
    expect(got).toHaveLength(1);
    expectRendered(got[0]);
    expect(got[0].mail.text).toContain(`Digest: ${TITLE_TEXT} (https://maps.example.test/grit)`);
    expect(got[0].mail.text).toContain(SUMMARY_TEXT);
    expect(got[0].mail.html).toContain(SUMMARY_HTML);
  });

  it("work notices: review reminders, feedback, knowledge requests answered, the weekly summary", async () => {
    const dept = org.departments.waste;
    const owner = await person(dept.id, "champion");
    const reader = await person(dept.id);
    const comms = await createUser({ role: "comms" });
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const guide = await createItem({
      type: "guide", slug: "winter-driving", title: `Guide: ${TITLE}`, summary: SUMMARY, departmentId: dept.id, ownerEmail: owner.email,
      lastReviewedOn: shiftDay(today, { months: -11 }), reviewBy: shiftDay(today, { days: 10 }),
    });
    await sendReviewReminders(now);
    await leaveFeedback({ ...reader, name: "Reader" }, guide.id, { helpful: true, comment: "Thanks" });
    const request = await createKnowledgeRequest({ ...reader, name: "Reader" }, { title: "Where is the **grit** map?", details: "", departmentId: dept.id, searchQuery: null });
    expect(await closeRequest({ ...owner, name: "Owner", grants: [] }, request.id, { outcome: "answered", guide: "/guides/winter-driving", note: "See [the map](https://maps.example.test/grit)." })).toEqual({ ok: true });
    await queueWeeklySummary(now);

    const got = await drain(new Date(now.getTime() + 60_000));
    const kinds = {
      review: got.find((m) => m.envelopeTo.includes(owner.email) && m.mail.subject?.startsWith("Review due")),
      feedback: got.find((m) => m.envelopeTo.includes(owner.email) && m.mail.subject?.startsWith("New feedback")),
      request: got.find((m) => m.envelopeTo.includes(owner.email) && m.mail.subject?.startsWith("Knowledge request")),
      answered: got.find((m) => m.envelopeTo.includes(reader.email) && m.mail.subject?.startsWith("Answered")),
      summary: got.find((m) => m.envelopeTo.includes(comms.email) && m.mail.subject?.startsWith("Intranet weekly summary")),
    };
    for (const [kind, m] of Object.entries(kinds)) expect(m, `${kind} email`).toBeDefined();
    for (const m of got) expectRendered(m);
    expect(kinds.review!.mail.subject).toBe(`Review due: Guide: ${TITLE_TEXT}`);
    expect(kinds.review!.mail.text).toContain(`"Guide: ${TITLE_TEXT} (https://maps.example.test/grit)" is due for review`);
    expect(kinds.review!.mail.html).toContain('"Guide: Gritting <strong>rota</strong> changes: see <a href="https://maps.example.test/grit">the map</a>" is due for review');
    expect(kinds.request!.mail.subject).toBe("Knowledge request: Where is the grit map?");
    expect(kinds.answered!.mail.text).toContain("See the map (https://maps.example.test/grit).");
    expect(kinds.answered!.mail.html).toContain('See <a href="https://maps.example.test/grit">the map</a>.');
  });
});
