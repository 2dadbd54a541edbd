import { describe, expect, it } from "vitest";
import { markReviewed, sendReviewReminders, setReminderDays, shiftDay } from "~/commands/reviews.server";
import { listPageReviews, listReminders } from "~/models/content-health.server";
import { findItemById } from "~/models/item.server";
import { listOutbox } from "~/models/outbox.server";
import { getDb } from "~/utils/db.server";
import { loader as reviewsLoader } from "~/routes/me_.reviews";
import { createDepartment, createItem, createUser, requestAs } from "../factories";
import { load } from "../pages/load";
import { resetEnvForTests } from "~/utils/env.server";

// Email is queued only when a mail server is configured; nothing is sent here (no delivery worker runs).
process.env.SMTP_HOST = "127.0.0.1";
resetEnvForTests();

/** Noon UK time on a day: the controllable clock. */
const at = (day: string) => new Date(`${day}T12:00:00Z`);

describe("review dates", () => {
  it("shifts days and months in the calendar", () => {
    expect(shiftDay("2026-11-25", { months: 12 })).toBe("2027-11-25");
    expect(shiftDay("2027-01-31", { months: 1 })).toBe("2027-02-28");
    expect(shiftDay("2026-12-20", { days: 30 })).toBe("2027-01-19");
  });

  it("reminds the owner before the date, escalates to deputy and manager when overdue, once each", async () => {
    const dept = await createDepartment();
    const owner = await createUser({ departmentId: dept.id, role: "champion" });
    const deputy = await createUser({ departmentId: dept.id });
    const manager = await createUser({ departmentId: dept.id, role: "manager" });
    await createUser({ departmentId: dept.id, role: "manager", name: "Other dept manager" }).then(async (m) => {
      const other = await createDepartment();
      await (await getDb()).run("UPDATE users SET department_id = ? WHERE id = ?", [other.id, m.id]);
    });
    const guide = await createItem({
      type: "guide", departmentId: dept.id, ownerEmail: owner.email, deputyEmail: deputy.email,
      lastReviewedOn: "2025-12-31", reviewBy: "2026-12-31",
    });
    const mine = <T extends { itemId: number }>(sent: T[]) => sent.filter((s) => s.itemId === guide.id);

    // 31 days before: nothing yet (default window 30 days).
    expect(mine(await sendReviewReminders(at("2026-11-30")))).toEqual([]);
    // 30 days before: the owner only.
    const dueSoon = mine(await sendReviewReminders(at("2026-12-01")));
    expect(dueSoon).toEqual([expect.objectContaining({ stage: "due-soon", recipientEmail: owner.email, recipientRole: "owner" })]);
    // Running again the same or next day sends nothing new.
    expect(mine(await sendReviewReminders(at("2026-12-01")))).toEqual([]);
    expect(mine(await sendReviewReminders(at("2026-12-31")))).toEqual([]);
    // The day after the review-by day: overdue, to owner, deputy and the department's manager.
    const overdue = mine(await sendReviewReminders(at("2027-01-01")));
    expect(overdue.map((s) => [s.stage, s.recipientRole, s.recipientEmail])).toEqual([
      ["overdue", "owner", owner.email],
      ["overdue", "deputy", deputy.email],
      ["overdue", "manager", manager.email],
    ]);
    expect(mine(await sendReviewReminders(at("2027-01-20")))).toEqual([]);

    // Each reminder is an email in the outbox, addressed to the person.
    const mail = (await listOutbox(await getDb(), { purpose: "reminder" })).filter((m) => m.itemId === guide.id);
    expect(mail.map((m) => m.userId)).toEqual([owner.id, owner.id, deputy.id, manager.id]);
    expect(JSON.parse(mail[0].payloadJson)).toMatchObject({ subject: expect.stringContaining("Review due") });

    // One click: reviewed, no changes. Dates move a year on, and it is recorded.
    const result = await markReviewed({ ...owner, name: "Owner" }, guide.id, { now: at("2027-01-20") });
    expect(result).toEqual({ ok: true, lastReviewedOn: "2027-01-20", reviewBy: "2028-01-20" });
    const item = await findItemById(await getDb(), guide.id);
    expect([item?.lastReviewedOn, item?.reviewBy]).toEqual(["2027-01-20", "2028-01-20"]);
    expect(await listPageReviews(await getDb(), guide.id)).toEqual([
      expect.objectContaining({ reviewedOn: "2027-01-20", nextReviewBy: "2028-01-20", note: "Reviewed: no changes needed." }),
    ]);
    const audit = await (await getDb()).all<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = ? AND action = 'guide.reviewed'", [guide.id]);
    expect(audit).toHaveLength(1);

    // A new cycle: nothing until 30 days before the new date, then the owner again.
    expect(mine(await sendReviewReminders(at("2027-12-20")))).toEqual([]);
    expect(mine(await sendReviewReminders(at("2027-12-21"))).map((s) => s.stage)).toEqual(["due-soon"]);
    expect((await listReminders(await getDb(), guide.id)).length).toBe(5);
  });

  it("escalates an overdue page only to the department's managers who may open it, in email and on /me/reviews (issue 14)", async () => {
    const housing = await createDepartment();
    const audit = await createDepartment();
    const owner = await createUser({ departmentId: audit.id, role: "champion" });
    const manager = await createUser({ departmentId: housing.id, role: "manager" });
    const today = new Date();
    const overdue = shiftDay(today.toISOString().slice(0, 10), { days: -10 });
    // A Housing policy written for Internal Audit only: Housing's manager may not open it.
    const policy = await createItem({
      type: "policy", title: "Audit-only escalation test", departmentId: housing.id, audience: "departments", audienceDepartmentIds: [audit.id],
      ownerEmail: owner.email, lastReviewedOn: "2025-01-01", reviewBy: overdue,
    });
    const open = await createItem({ type: "policy", title: "Everyone escalation test", departmentId: housing.id, ownerEmail: owner.email, lastReviewedOn: "2025-01-01", reviewBy: overdue });
    const sent = await sendReviewReminders(today);
    expect(sent.filter((s) => s.itemId === policy.id).map((s) => s.recipientEmail)).toEqual([owner.email]);
    expect(sent.filter((s) => s.itemId === open.id).map((s) => s.recipientEmail)).toEqual([owner.email, manager.email]);

    const page = await load(reviewsLoader, await requestAs(manager.id, "/me/reviews"));
    const escalated = (page.data.overdueInDepartment as { title: string }[]).map((p) => p.title);
    expect(escalated).toContain("Everyone escalation test");
    expect(escalated).not.toContain("Audit-only escalation test");
  });

  it("uses the configured number of days", async () => {
    const comms = await createUser({ role: "comms" });
    const owner = await createUser();
    const guide = await createItem({ type: "guide", ownerEmail: owner.email, reviewBy: "2026-06-30", lastReviewedOn: "2025-06-30" });
    expect(await setReminderDays({ ...comms, name: "C" }, 7)).toEqual({ ok: true });
    expect(await setReminderDays({ ...owner, name: "O" }, 9)).toEqual({ ok: false });
    expect((await sendReviewReminders(at("2026-06-22"))).filter((s) => s.itemId === guide.id)).toEqual([]);
    expect((await sendReviewReminders(at("2026-06-23"))).filter((s) => s.itemId === guide.id)).toHaveLength(1);
    await setReminderDays({ ...comms, name: "C" }, 30);
  });

  it("lets only the owner, deputy or an editor mark a page reviewed", async () => {
    const dept = await createDepartment();
    const owner = await createUser({ departmentId: dept.id });
    const stranger = await createUser({ departmentId: dept.id });
    const champion = await createUser({ departmentId: dept.id, role: "champion" });
    const otherChampion = await createUser({ role: "champion", departmentId: (await createDepartment()).id });
    const guide = await createItem({ type: "guide", departmentId: dept.id, ownerEmail: owner.email, reviewBy: "2026-01-01" });
    expect(await markReviewed({ ...stranger, name: "S" }, guide.id)).toMatchObject({ ok: false, status: 403 });
    expect(await markReviewed({ ...otherChampion, name: "X" }, guide.id)).toMatchObject({ ok: false, status: 403 });
    expect(await markReviewed({ ...champion, name: "C" }, guide.id)).toMatchObject({ ok: true });
    expect(await markReviewed({ ...owner, name: "O" }, 999999)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("without a mail server", () => {
  it("records no reminder as sent, so owners are reminded once email is set up", async () => {
    const owner = await createUser();
    const guide = await createItem({ type: "guide", ownerEmail: owner.email, reviewBy: "2026-03-01", lastReviewedOn: "2025-03-01" });
    delete process.env.SMTP_HOST;
    resetEnvForTests();
    try {
      expect(await sendReviewReminders(at("2026-03-05"))).toEqual([]);
      expect(await listReminders(await getDb(), guide.id)).toEqual([]);
    } finally {
      process.env.SMTP_HOST = "127.0.0.1";
      resetEnvForTests();
    }
    expect((await sendReviewReminders(at("2026-03-05"))).filter((s) => s.itemId === guide.id)).toHaveLength(1);
  });
});
