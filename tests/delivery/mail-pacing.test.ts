/**
 * Scheduled email (reminders, review notices, digests, the weekly summary) goes out at most
 * MAIL_PER_MINUTE a minute; alerts are not held back and go first (decision 079). Counted
 * on a real SMTP server on loopback, with the clock in the test's hands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { enqueueReminders } from "~/commands/digest.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { closeMailTransport } from "~/utils/mail.server";
import { createDepartment, createItem, createUser } from "../factories";
import { startSmtp, type Received, type TestSmtp } from "./smtp";

const DAY = 86_400_000;
let smtp: TestSmtp;
const received: Received[] = [];

beforeAll(async () => {
  smtp = await startSmtp(0, received);
  Object.assign(process.env, {
    SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), PUBLIC_URL: "http://intranet.test", REMINDER_AFTER_DAYS: "3", MAIL_PER_MINUTE: "5",
  });
  resetEnvForTests();
});
afterAll(async () => {
  closeMailTransport();
  await smtp.stop();
});

const count = (prefix: string) => received.filter((m) => m.mail.subject?.startsWith(prefix)).length;

describe("pacing", () => {
  it("sends reminders at most MAIL_PER_MINUTE a minute, each once, while alerts go out at once", async () => {
    const dept = await createDepartment({ name: "Waste & Street Scene" });
    const people = await Promise.all(Array.from({ length: 12 }, () => createUser({ departmentId: dept.id })));
    const fourDaysAgo = new Date(Date.now() - 4 * DAY).toISOString();
    const mustRead = await createItem({ title: "New depot safety rules", mustRead: true, targetDepartmentIds: [dept.id], publishAt: fourDaysAgo });
    await (await getDb()).run("UPDATE items SET published_at = ? WHERE id = ?", [fourDaysAgo, mustRead.id]);
    const t0 = new Date();
    expect(await enqueueReminders(t0)).toBe(12);
    const urgent = await createItem({ title: "Depot closed: gas leak", priority: "urgent", targetDepartmentIds: [dept.id] });
    expect((await enqueueForItems([urgent.id], t0)).alerts).toBe(12);

    const at = (ms: number) => new Date(t0.getTime() + ms);
    await deliverDueMessages({ now: at(0), limit: 500 });
    expect([count("Urgent:"), count("Reminder:")]).toEqual([12, 5]);
    await deliverDueMessages({ now: at(30_000), limit: 500 });
    expect(count("Reminder:")).toBe(5);
    await deliverDueMessages({ now: at(61_000), limit: 500 });
    expect(count("Reminder:")).toBe(10);
    await deliverDueMessages({ now: at(122_000), limit: 500 });
    await deliverDueMessages({ now: at(183_000), limit: 500 });
    const reminded = received.filter((m) => m.mail.subject?.startsWith("Reminder:")).flatMap((m) => m.envelopeTo).sort();
    expect(reminded).toEqual(people.map((p) => p.email).sort());
  });
});
