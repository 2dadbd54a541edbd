/**
 * Email delivery against a real SMTP server on loopback: alerts to everyone in scope (once
 * each), digests of followed channels, reminders, and nothing lost while the server is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { deliverDueMessages, enqueueForItems, retryDelayMs } from "~/commands/deliver.server";
import { enqueueDigests, enqueueReminders, ukClock } from "~/commands/digest.server";
import { setFollowing } from "~/commands/follow.server";
import { getOrCreateSigningKey, saveNotificationPrefs } from "~/models/notification-prefs.server";
import { enqueueMessage, listOutbox } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport, verifyUnsubscribeToken } from "~/utils/mail.server";
import { createItem } from "../factories";
import { addPolicyVersion, buildOrg, person, viewerOf } from "./org";
import { freePort } from "../../scripts/lib/processes";
import { startSmtp, type Received, type TestSmtp } from "./smtp";

let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof buildOrg>>;
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, {
    SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test",
    MAIL_FROM: "Riverside intranet <intranet@riverside.test>", REMINDER_AFTER_DAYS: "3", DIGEST_HOUR: "7",
  });
  resetEnvForTests();
  org = await buildOrg();
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

async function drain(now = new Date()) {
  const before = smtp.received.length;
  const result = await deliverDueMessages({ now });
  return { result, messages: smtp.received.slice(before) };
}

function to(messages: Received[]) {
  return messages.flatMap((m) => m.envelopeTo).sort();
}

describe("alerts", () => {
  it("mails an urgent must-read post to three departments to each member exactly once, with text, HTML and one-click unsubscribe", async () => {
    const { housing, planning, waste } = org.departments;
    const members = [await person(housing.id), await person(planning.id), await person(waste.id), await person(waste.id)];
    const optedOut = await person(housing.id);
    await saveNotificationPrefs(await getDb(), optedOut.id, { alerts: false });
    const elsewhere = await createItem(); // unrelated item, no alert
    const item = await createItem({
      title: "Marsh Lane depot closed", summary: "Report to Riverside Road instead.", priority: "urgent", mustRead: true,
      targetDepartmentIds: [housing.id, planning.id, waste.id],
      channelIds: [org.channels.housingNews.id, org.channels.planningNews.id, org.channels.wasteNews.id],
    });

    const queued = await enqueueForItems([item.id, elsewhere.id]);
    expect(queued.alerts).toBeGreaterThanOrEqual(members.length);
    // Importing again queues nothing new.
    expect((await enqueueForItems([item.id])).alerts).toBe(0);

    const { messages } = await drain();
    const mine = messages.filter((m) => members.some((p) => m.envelopeTo.includes(p.email)));
    expect(to(mine)).toEqual(members.map((m) => m.email).sort());
    expect(to(messages)).not.toContain(optedOut.email);

    const m = mine[0];
    expect(m.mail.subject).toBe("Urgent: Marsh Lane depot closed");
    expect(m.mail.from?.text).toContain("intranet@riverside.test");
    expect(m.mail.text).toContain("Report to Riverside Road instead.");
    expect(m.mail.text).toContain("http://intranet.test/announcements/" + item.slug);
    expect(m.mail.text).toMatch(/I have read and understood this/);
    expect(m.mail.html).toContain(`<a href="http://intranet.test/announcements/${item.slug}"`);
    expect(m.header("content-type")).toMatch(/multipart\/alternative/);
    expect(m.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const link = /<(http:\/\/intranet\.test\/me\/unsubscribe\?token=[^>]+)>/.exec(m.header("list-unsubscribe") ?? "")?.[1];
    expect(link).toBeTruthy();
    const token = new URL(link!).searchParams.get("token");
    const secret = await getOrCreateSigningKey(await getDb(), "unsubscribe");
    const recipient = members.find((p) => m.envelopeTo.includes(p.email))!;
    expect(verifyUnsubscribeToken(secret, token)).toEqual({ userId: recipient.id, list: "alerts" });

    // Nothing is sent twice.
    expect((await drain()).messages).toHaveLength(0);
  });

  it("never mails about an item to someone who may not open it", async () => {
    const { housing, planning } = org.departments;
    const inside = await person(housing.id);
    const outside = await person(planning.id);
    const marker = `RESTRICTED-${Date.now()}`;
    const item = await createItem({ title: marker, priority: "urgent", audience: "departments", audienceDepartmentIds: [housing.id] });
    await enqueueForItems([item.id]);
    const { messages } = await drain();
    expect(to(messages)).toContain(inside.email);
    expect(to(messages)).not.toContain(outside.email);
    expect(messages.filter((m) => m.raw.includes(marker)).flatMap((m) => m.envelopeTo)).not.toContain(outside.email);
  });

  it("cancels a queued alert when the item is restricted before it is sent", async () => {
    const { housing, planning } = org.departments;
    const planner = await person(planning.id);
    const item = await createItem({ title: "Soon restricted", priority: "urgent" });
    await enqueueForItems([item.id]);
    const db = await getDb();
    await db.run("UPDATE items SET audience = 'departments' WHERE id = ?", [item.id]);
    await db.run("INSERT INTO item_audience_departments (item_id, department_id) VALUES (?, ?)", [item.id, housing.id]);
    const { messages } = await drain();
    expect(to(messages)).not.toContain(planner.email);
    const rows = (await listOutbox(db)).filter((r) => r.itemId === item.id && r.userId === planner.id);
    expect(rows.map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("mails a material policy change, and not a non-material one", async () => {
    const u = await person(org.departments.planning.id);
    const policy = await createItem({ type: "policy", title: "Flexible working", reference: "HR-042" });
    await addPolicyVersion(policy.id, policy.revisionId, 1, false);
    await enqueueForItems([policy.id]);
    expect(to((await drain()).messages)).not.toContain(u.email);
    await addPolicyVersion(policy.id, policy.revisionId, 2, true);
    await enqueueForItems([policy.id]);
    const mine = (await drain()).messages.filter((m) => m.envelopeTo.includes(u.email));
    expect(mine).toHaveLength(1);
    expect(mine[0].mail.subject).toBe("Policy change to read and confirm: Flexible working (HR-042)");
    expect(mine[0].mail.text).toContain("What changed: Change 2");
  });
});

describe("digests", () => {
  it("sends a daily digest of followed channels and the home department, saying why, without restricted or unfollowed items", async () => {
    const { housing, planning } = org.departments;
    const u = await person(housing.id);
    const db = await getDb();
    await saveNotificationPrefs(db, u.id, { digest: "daily" });
    await setFollowing(u, org.channels.safety.id, false);
    await setFollowing(u, org.channels.housingRepairs.id, true);
    const now = new Date();
    const a = await createItem({ title: "Digest: repairs backlog", channelIds: [org.channels.housingRepairs.id] });
    const b = await createItem({ title: "Digest: rent changes", targetDepartmentIds: [housing.id] });
    const c = await createItem({ title: "Digest: ladder safety", channelIds: [org.channels.safety.id] });
    const d = await createItem({
      title: "Digest: planning only", audience: "departments", audienceDepartmentIds: [planning.id], channelIds: [org.channels.allStaff.id],
    });
    void [a, b, c, d];

    // At 08:00 UK time today (after DIGEST_HOUR).
    const at = new Date(now.getTime() + 60_000);
    const clock = ukClock(at);
    const eight = clock.hour >= 7 ? at : new Date(at.getTime() + (8 - clock.hour) * 3600_000);
    expect(await enqueueDigests(eight)).toBeGreaterThanOrEqual(1);
    // A second run the same day queues nothing for this person.
    await enqueueDigests(new Date(eight.getTime() + 60_000));
    const { messages } = await drain(eight);
    const mine = messages.filter((m) => m.envelopeTo.includes(u.email));
    expect(mine).toHaveLength(1);
    const digest = mine[0];
    expect(digest.mail.subject).toMatch(/^Your daily intranet digest: \d+ new updates?$/);
    expect(digest.mail.text).toContain("Digest: repairs backlog");
    expect(digest.mail.text).toContain("You follow Housing: Repairs updates");
    expect(digest.mail.text).toContain("Digest: rent changes");
    expect(digest.mail.text).toContain("For everyone in Housing");
    expect(digest.mail.text).not.toContain("Digest: ladder safety");
    expect(digest.mail.text).not.toContain("Digest: planning only");
    expect(digest.mail.html).toContain("Digest: repairs backlog");
    expect(digest.header("list-unsubscribe")).toMatch(/\/me\/unsubscribe\?token=\d+\.digest\./);
  });
});

describe("reminders", () => {
  it("reminds people who have not confirmed after the set number of days, once", async () => {
    const { waste } = org.departments;
    const done = await person(waste.id);
    const pending = await person(waste.id);
    const fourDaysAgo = new Date(Date.now() - 4 * DAY).toISOString();
    const item = await createItem({ title: "New lone working app", mustRead: true, targetDepartmentIds: [waste.id], publishAt: fourDaysAgo });
    const db = await getDb();
    await db.run("UPDATE items SET published_at = ? WHERE id = ?", [fourDaysAgo, item.id]);
    await acknowledgeItem(viewerOf(done), item.id);

    await enqueueReminders();
    await enqueueReminders();
    const mine = (await drain()).messages.filter((m) => m.mail.subject?.includes("New lone working app"));
    const ours = to(mine).filter((e) => e === done.email || e === pending.email);
    expect(ours).toEqual([pending.email]);
    expect(mine[0].mail.subject).toBe("Reminder: please read and confirm “New lone working app”");
  });
});

describe("the background worker", () => {
  it("queues and sends on its own when content is published or goes live on schedule", async () => {
    const { startDeliveryWorker } = await import("~/commands/deliver.server");
    const stop = await startDeliveryWorker(100);
    try {
      const u = await person(org.departments.planning.id);
      const a = await createItem({ title: "Worker: urgent road closure", priority: "urgent", targetDepartmentIds: [org.departments.planning.id] });
      const b = await createItem({ title: "Worker: scheduled must-read", mustRead: true, targetDepartmentIds: [org.departments.planning.id] });
      // No call to make: the commits wrote change-feed rows, which the delivery follower reads.
      const deadline = Date.now() + 10_000;
      const mine = () => smtp.received.filter((m) => m.envelopeTo.includes(u.email)).map((m) => m.mail.subject).sort();
      while (mine().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(mine()).toEqual(["Please read and confirm: Worker: scheduled must-read", "Urgent: Worker: urgent road closure"]);
    } finally {
      await stop();
    }
  });
});

describe("work notices queued by other parts of the intranet", () => {
  it("sends a notice with its lines, link and table", async () => {
    const u = await person(org.departments.planning.id);
    const db = await getDb();
    await enqueueMessage(db, {
      kind: "email", purpose: "reminder", dedupeKey: `knowledge:test:${u.id}`, userId: u.id,
      payload: {
        template: "notice", subject: "Guides due for review", lines: ["Two guides you own are due for review."],
        link: { text: "See your guides", path: "/guides?owner=me" }, tables: [{ caption: "Due", head: ["Guide", "Due"], rows: [["=cmd", "2026-12-01"]] }],
      },
    });
    const mine = (await drain()).messages.filter((m) => m.envelopeTo.includes(u.email));
    expect(mine).toHaveLength(1);
    expect(mine[0].mail.subject).toBe("Guides due for review");
    expect(mine[0].mail.text).toContain("See your guides: http://intranet.test/guides?owner=me");
    expect(mine[0].mail.html).toContain("<caption");
  });
});

describe("when the mail server is down", () => {
  it("keeps messages queued with growing backoff, then delivers each exactly once", async () => {
    const port = await freePort();
    process.env.SMTP_PORT = String(port);
    resetEnvForTests();
    closeMailTransport();
    const u = await person(org.departments.housing.id);
    const item = await createItem({ title: "Outage test", priority: "urgent", targetDepartmentIds: [org.departments.housing.id] });
    await enqueueForItems([item.id]);
    const db = await getDb();
    const row = async () => (await listOutbox(db)).find((r) => r.itemId === item.id && r.userId === u.id)!;

    const t0 = new Date();
    const first = await deliverDueMessages({ now: t0 });
    expect(first.sent).toBe(0);
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    const r1 = await row();
    expect(r1).toMatchObject({ status: "queued", attempts: 1 });
    expect(Date.parse(r1.nextAttemptAt) - t0.getTime()).toBe(retryDelayMs(1));
    expect(r1.lastError).toBeTruthy();

    // Not due yet: nothing is tried.
    await deliverDueMessages({ now: new Date(t0.getTime() + 1000) });
    expect((await row()).attempts).toBe(1);

    const t1 = new Date(Date.parse(r1.nextAttemptAt));
    await deliverDueMessages({ now: t1 });
    const r2 = await row();
    expect(r2).toMatchObject({ status: "queued", attempts: 2 });
    expect(Date.parse(r2.nextAttemptAt) - t1.getTime()).toBe(retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    // The server comes back on the same port.
    const back = await startSmtp(port);
    try {
      const t2 = new Date(Date.parse(r2.nextAttemptAt));
      const result = await deliverDueMessages({ now: t2 });
      expect(result.sent).toBeGreaterThanOrEqual(1);
      await deliverDueMessages({ now: new Date(t2.getTime() + DAY) });
      const received = back.received.filter((m) => m.envelopeTo.includes(u.email));
      expect(received).toHaveLength(1);
      expect(received[0].mail.subject).toBe("Urgent: Outage test");
      expect(await row()).toMatchObject({ status: "sent", attempts: 3 });
    } finally {
      closeMailTransport();
      await back.stop();
      process.env.SMTP_PORT = String(smtp.port);
      resetEnvForTests();
    }
  });
});
