/** Knowledge notices as real email: review reminders and escalation, a hand-over, feedback, the weekly summary, over a loopback SMTP server. */
import { describe, expect, it } from "vitest";
import { deliverDueMessages } from "~/commands/deliver.server";
import { leaveFeedback } from "~/commands/feedback.server";
import { reassignOwnership } from "~/commands/ownership.server";
import { sendReviewReminders } from "~/commands/reviews.server";
import { queueWeeklySummary } from "~/commands/weekly-summary.server";
import { getDb } from "~/utils/db.server";
import { useTestSmtp } from "../delivery/smtp";
import { createDepartment, createItem, createUser } from "../factories";

const smtp = useTestSmtp();

/** Sends what was queued, a minute after `at` (email is sent within ALERT_MAX_AGE_DAYS of being queued, or dropped). */
async function drain(at = new Date()) {
  await deliverDueMessages({ now: new Date(at.getTime() + 60_000), limit: 500 });
  return smtp.received;
}
const to = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email));

describe("knowledge notices by email", () => {
  it("sends review reminders, the overdue escalation, a hand-over and feedback notices", async () => {
    const dept = await createDepartment({ name: "Housing" });
    const owner = await createUser({ departmentId: dept.id, role: "champion", email: "owner@riverside.test" });
    const deputy = await createUser({ departmentId: dept.id, email: "deputy@riverside.test" });
    const manager = await createUser({ departmentId: dept.id, role: "manager", email: "manager@riverside.test" });
    const reader = await createUser({ departmentId: dept.id, email: "reader@riverside.test" });
    const guide = await createItem({
      type: "guide", title: "Void property checks", departmentId: dept.id, ownerEmail: owner.email, deputyEmail: deputy.email,
      lastReviewedOn: "2026-01-15", reviewBy: "2027-01-15",
    });

    await sendReviewReminders(new Date("2026-12-20T12:00:00Z"));
    await drain(new Date("2026-12-20T12:00:00Z"));
    expect(to(owner.email).map((m) => m.mail.subject)).toEqual(["Review due: Void property checks"]);
    expect(to(owner.email)[0].mail.text).toContain("See your pages to review: http://intranet.test/me/reviews");

    await sendReviewReminders(new Date("2027-01-16T12:00:00Z"));
    await drain(new Date("2027-01-16T12:00:00Z"));
    for (const who of [owner, deputy, manager]) expect(to(who.email).map((m) => m.mail.subject)).toContain("Review overdue: Void property checks");
    expect(to(manager.email)[0].mail.text).toContain("Please make sure someone reviews it");

    await leaveFeedback({ ...reader, name: "Reader" }, guide.id, { helpful: false, comment: "Secret detail about a tenant" });
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.run("UPDATE users SET active = 0 WHERE id = ?", [owner.id]);
      await reassignOwnership(tx, owner.id, "deactivated");
    });
    await drain();
    expect(to(deputy.email).map((m) => m.mail.subject)).toEqual(expect.arrayContaining(['New feedback on "Void property checks"', 'You now own "Void property checks"']));
    for (const m of smtp.received) expect(m.raw).not.toContain("Secret detail");
    // The deactivated owner's queued mail is cancelled, not sent.
    expect(to(owner.email).map((m) => m.mail.subject)).not.toContain('New feedback on "Void property checks"');
  });

  it("sends the weekly summary to comms editors once, with its tables", async () => {
    const comms = await createUser({ role: "comms", email: "editor@riverside.test" });
    await createItem({ title: "Bin rounds change", publishAt: "2027-02-02T09:00:00Z" });
    await queueWeeklySummary(new Date("2027-02-09T10:00:00Z"));
    await queueWeeklySummary(new Date("2027-02-10T10:00:00Z"));
    await drain(new Date("2027-02-10T10:00:00Z"));
    const mails = to(comms.email);
    expect(mails.map((m) => m.mail.subject)).toEqual(["Intranet weekly summary: week of 1 February 2027"]);
    expect(mails[0].mail.text).toContain("Knowledge requests:");
    expect(mails[0].mail.text).toContain("See all the figures: http://intranet.test/admin/insights");
  });
});
