/**
 * What happens to email while no mail server is set, and what the admin home page and the
 * start-up log say about the mail settings (decision 078):
 * - urgent and must-read alerts published without SMTP_HOST wait in the outbox, untouched,
 *   and go out once a mail server is set (before, none was ever queued);
 * - email that waited longer than ALERT_MAX_AGE_DAYS is dropped ("too old to send") and
 *   listed on the admin home page, never sent late;
 * - with a mail server but no PUBLIC_URL, start-up logs a warning and the admin home page
 *   shows it (links in email would point to http://localhost:PORT).
 * Messages are read from a real SMTP server on loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDueMessages, enqueueForItems, startDelivery } from "~/commands/deliver.server";
import { runDeliverySchedule } from "~/commands/digest.server";
import { queueKnowledgeMail } from "~/commands/knowledge-mail.server";
import { getMailStatus } from "~/commands/mail-status.server";
import { listOutbox, TOO_OLD_TO_SEND } from "~/models/outbox.server";
import * as adminHome from "~/routes/admin._index";
import { getDb } from "~/utils/db.server";
import { parseEnv, resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { createItem } from "../factories";
import { session } from "./http";
import { buildOrg, person } from "./org";
import { startSmtp, type TestSmtp } from "./smtp";

let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof buildOrg>>;
let admin: Awaited<ReturnType<typeof person>>;
const DAY = 86_400_000;

function setMail(on: boolean, extra: Record<string, string | undefined> = {}) {
  if (on) Object.assign(process.env, { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port) });
  else delete process.env.SMTP_HOST;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  closeMailTransport();
}

async function adminPage(): Promise<{ lines: { text: string; warning: boolean }[]; dropped: { total: number; groups: { label: string; emails: number }[] } }> {
  const res = await (await session(admin.id)).get(adminHome.loader, "/admin");
  expect(res.status).toBe(200);
  return res.json().mail;
}

async function queuedEmail(): Promise<number> {
  return (await listOutbox(await getDb(), { status: "queued" })).filter((r) => r.kind === "email").length;
}

/** A published item whose publication (and so its alert) happened `ago` ms before now. */
async function publishedAgo(ago: number, fields: Parameters<typeof createItem>[0]) {
  const at = new Date(Date.now() - ago).toISOString();
  const item = await createItem({ ...fields, publishAt: at });
  await (await getDb()).run("UPDATE items SET published_at = ? WHERE id = ?", [at, item.id]);
  return item;
}

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.PUBLIC_URL = "http://intranet.test";
  setMail(false);
  org = await buildOrg();
  admin = await person(null, "admin");
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
  // The change feed's commit watcher reads the database just after each commit, without being awaited; closing the
  // database in that moment fails with SQLITE_BUSY (unfinalized statement). Let it finish first.
  await new Promise((r) => setTimeout(r, 100));
});
beforeEach(async () => {
  // Each test starts with an empty outbox, so the counts on the admin page are its own.
  await (await getDb()).run("DELETE FROM outbox");
  setMail(false, { PUBLIC_URL: "http://intranet.test", ALERT_MAX_AGE_DAYS: undefined });
});

describe("without a mail server", () => {
  it("queues urgent and must-read alerts, leaves them untouched, says so on the admin home page, and sends them once a mail server is set", async () => {
    const { housing } = org.departments;
    const a = await person(housing.id);
    const b = await person(housing.id);
    const urgent = await createItem({ title: "Water off at Marsh Lane depot", priority: "urgent", targetDepartmentIds: [housing.id] });
    const mustRead = await createItem({ title: "New key safe codes", mustRead: true, targetDepartmentIds: [housing.id] });

    const queued = await enqueueForItems([urgent.id, mustRead.id]);
    expect(queued.alerts).toBeGreaterThanOrEqual(4);
    const result = await deliverDueMessages({ now: new Date(Date.now() + 60_000) });
    expect(result).toMatchObject({ sent: 0, retrying: 0, failed: 0, cancelled: 0, tooOld: 0 });
    const rows = (await listOutbox(await getDb())).filter((r) => r.kind === "email");
    expect(rows.every((r) => r.status === "queued" && r.attempts === 0 && r.lastError === null)).toBe(true);

    const waiting = await queuedEmail();
    expect(waiting).toBe(queued.alerts);
    const page = await adminPage();
    expect(page.lines[0]).toEqual({ text: `Email is not being sent: no mail server is set (SMTP_HOST). ${waiting} emails are waiting.`, warning: true });

    setMail(true);
    const before = smtp.received.length;
    await deliverDueMessages({ now: new Date(Date.now() + 60_000) });
    const got = smtp.received.slice(before);
    for (const p of [a, b]) {
      expect(got.filter((m) => m.envelopeTo.includes(p.email)).map((m) => m.mail.subject).sort()).toEqual([
        "Please read and confirm: New key safe codes",
        "Urgent: Water off at Marsh Lane depot",
      ]);
    }
    expect(await queuedEmail()).toBe(0);
    expect((await adminPage()).lines[0].text).toBe("Email is being sent. Reminders, review notices and digests go out at most 60 a minute; alerts are not held back.");
  });

  it("queues work notices too (they were dropped before), to be sent once a mail server is set", async () => {
    const u = await person(org.departments.planning.id);
    const db = await getDb();
    const added = await queueKnowledgeMail(db, { purpose: "alert", dedupeKey: `answered:${u.id}`, userId: u.id, subject: "Your question was answered", lines: ["See the answer."] });
    expect(added).toBe(true);
    expect(await queuedEmail()).toBe(1);
    expect((await adminPage()).lines[0].text).toBe("Email is not being sent: no mail server is set (SMTP_HOST). 1 email is waiting.");
    setMail(true);
    const before = smtp.received.length;
    await deliverDueMessages();
    expect(smtp.received.slice(before).map((m) => [m.envelopeTo[0], m.mail.subject])).toEqual([[u.email, "Your question was answered"]]);
  });
});

describe("email that waited too long", () => {
  it("is dropped as too old to send after ALERT_MAX_AGE_DAYS (default 7), listed on the admin home page, and the rest is sent", async () => {
    const { planning } = org.departments;
    const p = await person(planning.id);
    await person(planning.id);
    const old = await publishedAgo(6 * DAY, { title: "Gritting **rota** for Monday", priority: "urgent", targetDepartmentIds: [planning.id] });
    const fresh = await publishedAgo(60_000, { title: "Car park closed today", priority: "urgent", targetDepartmentIds: [planning.id] });
    // Both queued as they were published, while no mail server was set.
    const oldQueued = await enqueueForItems([old.id], new Date(Date.now() - 6 * DAY + 60_000));
    const freshQueued = await enqueueForItems([fresh.id]);
    expect(oldQueued.alerts).toBeGreaterThanOrEqual(1);

    // Two days later the mail server is set: the six-day-old alerts are now eight days old.
    const later = new Date(Date.now() + 2 * DAY);
    const waitingPage = await getMailStatus(later);
    expect(waitingPage.lines[0].text).toBe(`Email is not being sent: no mail server is set (SMTP_HOST). ${oldQueued.alerts + freshQueued.alerts} emails are waiting.`);
    expect(waitingPage.lines[1].text).toBe(`${oldQueued.alerts} of them are older than 7 days and will be dropped, not sent late.`);

    setMail(true);
    const before = smtp.received.length;
    const result = await deliverDueMessages({ now: later, limit: 500 });
    expect(result.tooOld).toBe(oldQueued.alerts);
    const got = smtp.received.slice(before);
    expect(got.filter((m) => m.envelopeTo.includes(p.email)).map((m) => m.mail.subject)).toEqual(["Urgent: Car park closed today"]);
    expect(got.some((m) => m.mail.subject?.includes("Gritting"))).toBe(false);
    const oldRows = (await listOutbox(await getDb())).filter((r) => r.itemId === old.id);
    expect(oldRows.map((r) => [r.status, r.lastError, r.attempts])).toEqual(oldRows.map(() => ["cancelled", TOO_OLD_TO_SEND, 0]));

    const page = await adminPage();
    expect(page.lines.map((l) => l.text)).toContain(
      `Cancelled, too old to send: ${oldQueued.alerts} ${oldQueued.alerts === 1 ? "email" : "emails"} waited more than 7 days and ${oldQueued.alerts === 1 ? "was" : "were"} dropped rather than sent late.`,
    );
    expect(page.dropped.groups).toEqual([expect.objectContaining({ label: "Alert about “Gritting rota for Monday”", emails: oldQueued.alerts })]);
  });

  it("is dropped by the daily clean-up even while no mail server is set, so the outbox does not grow for ever", async () => {
    const { housing } = org.departments;
    await person(housing.id);
    const item = await createItem({ title: "Boiler checks this week", priority: "urgent", targetDepartmentIds: [housing.id] });
    const queued = await enqueueForItems([item.id]);
    expect(queued.alerts).toBeGreaterThanOrEqual(1);
    // The worker leaves waiting email alone without a mail server, whatever its age.
    expect((await deliverDueMessages({ now: new Date(Date.now() + 8 * DAY) })).tooOld).toBe(0);
    expect(await queuedEmail()).toBe(queued.alerts);
    // The day's clean-up, eight days on, drops what can no longer be sent; the admin page lists it.
    await runDeliverySchedule(new Date(Date.now() + 8 * DAY));
    expect(await queuedEmail()).toBe(0);
    const rows = (await listOutbox(await getDb())).filter((r) => r.itemId === item.id);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual(rows.map(() => ["cancelled", TOO_OLD_TO_SEND]));
    expect((await adminPage()).dropped.groups).toEqual([expect.objectContaining({ label: "Alert about “Boiler checks this week”", emails: queued.alerts })]);
  });

  it("honours ALERT_MAX_AGE_DAYS", async () => {
    const { waste } = org.departments;
    await person(waste.id);
    const item = await publishedAgo(3 * DAY, { title: "Depot gate code changed", mustRead: true, targetDepartmentIds: [waste.id] });
    const queued = await enqueueForItems([item.id], new Date(Date.now() - 3 * DAY + 60_000));
    expect(queued.alerts).toBeGreaterThanOrEqual(1);
    setMail(true, { ALERT_MAX_AGE_DAYS: "5" });
    expect((await deliverDueMessages({ limit: 500 })).tooOld).toBe(0);
    expect((await listOutbox(await getDb())).filter((r) => r.itemId === item.id).every((r) => r.status === "sent")).toBe(true);

    await (await getDb()).run("DELETE FROM outbox");
    setMail(false, { ALERT_MAX_AGE_DAYS: "2" });
    await enqueueForItems([item.id], new Date(Date.now() - 3 * DAY + 60_000));
    setMail(true, { ALERT_MAX_AGE_DAYS: "2" });
    expect((await deliverDueMessages({ limit: 500 })).tooOld).toBe(queued.alerts);
    expect((await adminPage()).lines.map((l) => l.text).join("\n")).toContain("waited more than 2 days");
  });
});

describe("PUBLIC_URL", () => {
  const WARNING = /^PUBLIC_URL is not set, so links in emails \(and their unsubscribe links\) point to http:\/\/localhost:3000, which staff cannot open\. Set PUBLIC_URL/;

  /** Runs start-up's delivery step (as boot does) with logs on, and returns the warning lines it wrote. */
  async function startUpWarnings(): Promise<{ level: string; msg: string }[]> {
    const lines: string[] = [];
    const write = console.error;
    console.error = (line: unknown) => void lines.push(String(line));
    process.env.LOG_LEVEL = "info";
    resetEnvForTests();
    try {
      const stop = await startDelivery();
      await stop();
    } finally {
      console.error = write;
      process.env.LOG_LEVEL = "silent";
      resetEnvForTests();
    }
    return lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === "warn");
  }

  it("with a mail server and no PUBLIC_URL: start-up logs a warning, the admin home page shows it, and email links point to localhost", async () => {
    setMail(true, { PUBLIC_URL: undefined, PORT: undefined });
    const warnings = await startUpWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(WARNING);
    const page = await adminPage();
    expect(page.lines.filter((l) => l.warning).map((l) => l.text)).toEqual([warnings[0].msg]);

    // What it warns about: the link in a real message.
    const u = await person(org.departments.housing.id);
    const item = await createItem({ title: "Lift out of order", priority: "urgent", targetDepartmentIds: [org.departments.housing.id] });
    await enqueueForItems([item.id]);
    const before = smtp.received.length;
    await deliverDueMessages({ limit: 500 });
    const mine = smtp.received.slice(before).find((m) => m.envelopeTo.includes(u.email))!;
    expect(mine.mail.text).toContain(`http://localhost:3000/announcements/${item.slug}`);
    expect(mine.header("list-unsubscribe")).toMatch(/^<http:\/\/localhost:3000\/me\/unsubscribe\?token=/);
  });

  it("says nothing when PUBLIC_URL is set, or when no mail server is set", async () => {
    setMail(true, { PUBLIC_URL: "https://intranet.riverside.gov.uk" });
    expect(await startUpWarnings()).toEqual([]);
    expect((await adminPage()).lines.filter((l) => l.warning)).toEqual([]);
    // Start-up's schedule may queue a digest or reminder after its worker's last send (a race
    // PostgreSQL's slower round trips lose more often): send it now, so the count below is 0.
    await deliverDueMessages({ limit: 500 });
    setMail(false, { PUBLIC_URL: undefined });
    expect(await startUpWarnings()).toEqual([]);
    expect((await adminPage()).lines.filter((l) => l.warning).map((l) => l.text)).toEqual([
      "Email is not being sent: no mail server is set (SMTP_HOST). 0 emails are waiting.",
    ]);
  });
});

describe("the settings", () => {
  it.each([
    ["ALERT_MAX_AGE_DAYS", "0", "ALERT_MAX_AGE_DAYS must be at least 1 (day)"],
    ["ALERT_MAX_AGE_DAYS", "91", "ALERT_MAX_AGE_DAYS must be at most 90 (days)"],
    ["ALERT_MAX_AGE_DAYS", "2.5", "ALERT_MAX_AGE_DAYS must be a whole number of days from 1 to 90"],
    ["ALERT_MAX_AGE_DAYS", "a week", "ALERT_MAX_AGE_DAYS must be a whole number of days from 1 to 90"],
    ["MAIL_PER_MINUTE", "0", "MAIL_PER_MINUTE must be at least 1"],
    ["MAIL_PER_MINUTE", "10001", "MAIL_PER_MINUTE must be at most 10000"],
    ["MAIL_PER_MINUTE", "lots", "MAIL_PER_MINUTE must be a whole number from 1 to 10000"],
  ])("%s=%s is refused: %s", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(`${name}: ${message}`);
  });

  it("defaults to 7 days and 60 a minute", () => {
    expect(parseEnv({})).toMatchObject({ ALERT_MAX_AGE_DAYS: 7, MAIL_PER_MINUTE: 60 });
    expect(parseEnv({ ALERT_MAX_AGE_DAYS: "14", MAIL_PER_MINUTE: "200" })).toMatchObject({ ALERT_MAX_AGE_DAYS: 14, MAIL_PER_MINUTE: 200 });
  });
});
