/**
 * The first start of a new install on the demo council, with a mail server set (decision
 * 079). Before, it sent about 150 emails within 90 seconds: must-read reminders to every
 * demo account (136), review-overdue notices (11) and last week's summary (2). Email now
 * looks forward from when a person joined, so the demo accounts, created at start-up,
 * start with none; review reminders wait REMINDER_AFTER_DAYS and then go out. The demo's
 * generated activity history (decision 087) adds about 2,000 generated people, who are
 * never emailed: its digests are history, written as sent before the start.
 *
 * The steps are boot's (app/boot.server.ts), run here with the clock in the test's hands,
 * and every message is read from a real SMTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { enqueueReminders, runDeliverySchedule } from "~/commands/digest.server";
import { importContent } from "~/commands/import.server";
import { runKnowledgeSweep } from "~/commands/knowledge-sweep.server";
import { sendReviewReminders } from "~/commands/reviews.server";
import { seedDemoAccounts } from "~/commands/seed-demo.server";
import { seedDemoActivity } from "~/commands/demo-activity.server";
import { listOutbox } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { startSmtp, type Received, type TestSmtp } from "./smtp";

const MINUTE = 60_000;
const DAY = 86_400_000;
let smtp: TestSmtp;
const received: Received[] = [];

beforeAll(async () => {
  smtp = await startSmtp(0, received);
  Object.assign(process.env, {
    SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test",
    DEMO: "true", DEMO_PASSWORD: "demo-password-for-tests", REMINDER_AFTER_DAYS: "3", DIGEST_HOUR: "0",
  });
  resetEnvForTests();
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

async function drain(now: Date): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverDueMessages({ now, limit: 500 });
    if (r.sent + r.cancelled + r.retrying + r.failed === 0) return;
  }
}

describe("a new install on the demo council, with a mail server", () => {
  it("sends no email in its first scheduler runs, and reminds page owners only after they have settled in", async () => {
    const now = new Date();
    // Boot: the delivery schedule runs once as it starts, then the content import, the demo accounts, the knowledge sweep.
    await runDeliverySchedule(now);
    const report = await importContent({ now });
    expect(report.errors).toEqual([]);
    const demo = await seedDemoAccounts();
    expect(demo?.accounts.length).toBeGreaterThan(0);
    expect((await seedDemoActivity({ now }))?.people).toBeGreaterThan(1900);
    // The imported items offered to delivery after the accounts exist: the worst case for a change feed read late.
    await enqueueForItems(report.itemIds, now);
    await runKnowledgeSweep(now);
    // Then the schedule every minute, and the outbox worker, for the first five minutes.
    for (let minute = 0; minute <= 5; minute++) {
      const at = new Date(now.getTime() + minute * MINUTE);
      await runDeliverySchedule(at);
      await drain(at);
    }
    // The stated number: none. (Alerts, must-read reminders, digests and the weekly summary are all about things
    // from before the demo accounts existed; review reminders wait for the settling-in days.)
    expect(received.map((m) => `${m.envelopeTo.join(",")}: ${m.mail.subject}`)).toEqual([]);
    // Nothing waits or went out during the start; the only email rows are the history's digests, sent before it.
    const email = (await listOutbox(await getDb())).filter((r) => r.kind === "email" && r.status !== "cancelled");
    expect(email.filter((r) => r.status !== "sent" || r.purpose !== "digest" || r.sentAt! >= now.toISOString())).toEqual([]);

    // Four days on, the owners of overdue demo pages are reminded (held, not lost), paced; must-reads asked
    // before the accounts existed are never the subject of a reminder (they show on each person's home page).
    const later = new Date(now.getTime() + 4 * DAY);
    expect(await enqueueReminders(later)).toBe(0);
    const reviews = await sendReviewReminders(later);
    expect(reviews.length).toBeGreaterThan(0);
    await drain(later);
    expect(received.length).toBe(reviews.length);
    expect(received.every((m) => /^Review (due|overdue): /.test(m.mail.subject ?? ""))).toBe(true);
  });
});
