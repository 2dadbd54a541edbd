/** Corrections without blame (issue 23): wording, the notice and log, exactly the people alerted before (real SMTP), confirm again, audit. */
import { describe, expect, it } from "vitest";
import { acknowledgeItem } from "~/commands/acknowledge.server";
import { correctionProblem, correctItem, getCorrectionLog, getItemCorrections } from "~/commands/corrections.server";
import { deliverDueMessages, enqueueForItems } from "~/commands/deliver.server";
import { getAcknowledgementStatus } from "~/models/acknowledgement.server";
import { findItemById } from "~/models/item.server";
import { getDb } from "~/utils/db.server";
import { useTestSmtp } from "../delivery/smtp";
import { createDepartment, createItem, createUser } from "../factories";

const smtp = useTestSmtp();
const subjects = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.mail.subject);
const who = (u: { id: number; email: string; role: string; departmentId: number | null }) => ({ ...u, name: `User ${u.id}` }) as Parameters<typeof correctItem>[0];

describe("corrections", () => {
  it("guides the wording: one sentence about the content, never blame", () => {
    expect(correctionProblem("")).toMatch(/one sentence/);
    expect(correctionProblem("The deadline is the 12th, not the 21st.")).toBeNull();
    expect(correctionProblem("The deadline is the 12th. Also the room is B2.")).toBe("Write the correction as one sentence");
    expect(correctionProblem("Sorry, this was Dave's mistake: the deadline is the 12th.")).toMatch(/not who got it wrong/);
    expect(correctionProblem("x".repeat(301))).toMatch(/300 characters/);
  });

  it("reaches exactly the people alerted before, by email; shows at the top and in the log; asks must-read readers to confirm again; audited", async () => {
    const dept = await createDepartment();
    const manager = await createUser({ role: "manager", departmentId: dept.id });
    const early = await createUser({ departmentId: dept.id, email: "early.reader@riverside.test" });
    const early2 = await createUser({ departmentId: dept.id, email: "early.two@riverside.test" });
    const staff = await createUser({ departmentId: dept.id });
    const a = await createItem({
      type: "announcement", title: "Timesheet deadline", departmentId: dept.id, authorId: manager.id, mustRead: true,
      audience: "departments", audienceDepartmentIds: [dept.id], publishAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const now = new Date();
    await enqueueForItems([a.id], now);
    await deliverDueMessages({ now: new Date(now.getTime() + 60_000), limit: 500 });
    expect(subjects(early.email).length).toBeGreaterThan(0);
    const late = await createUser({ departmentId: dept.id, email: "late.joiner@riverside.test" }); // alerted never: joined after
    await acknowledgeItem(who(early), a.id);
    expect((await getAcknowledgementStatus(await getDb(), early.id, a.id)).confirmedAt).not.toBeNull();

    expect(await correctItem(who(staff), a.id, { text: "The deadline is the 12th, not the 21st.", material: true })).toMatchObject({ ok: false, status: 403 });
    expect(await correctItem(who(manager), a.id, { text: "It was my mistake.", material: true })).toMatchObject({ ok: false, status: 400, field: "text" });
    const done = await correctItem(who(manager), a.id, { text: "The deadline is the 12th, not the 21st.", material: true });
    expect(done).toMatchObject({ ok: true });
    smtp.received.length = 0;
    await deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
    const corrected = smtp.received.filter((m) => m.mail.subject === "Correction: Timesheet deadline").map((m) => m.envelopeTo[0]).sort();
    expect(corrected).toEqual([early2.email, early.email, manager.email, staff.email].sort()); // everyone alerted before, and only them
    expect(subjects(late.email)).toEqual([]);
    expect(smtp.received.find((m) => m.envelopeTo.includes(early.email))!.mail.text).toContain("please read it again and confirm");
    expect((await getAcknowledgementStatus(await getDb(), early.id, a.id)).confirmedAt).toBeNull(); // asked again

    const db = await getDb();
    const item = (await findItemById(db, a.id))!;
    expect((await getItemCorrections(db, who(staff), item)).corrections.map((c) => c.text)).toEqual(["The deadline is the 12th, not the 21st."]);
    expect((await getCorrectionLog(db, who(staff))).map((c) => c.itemTitle)).toContain("Timesheet deadline");
    const outsider = await createUser({ departmentId: (await createDepartment()).id });
    expect((await getCorrectionLog(db, who(outsider))).map((c) => c.itemTitle)).not.toContain("Timesheet deadline");
    expect(await db.get("SELECT actor_id FROM audit_log WHERE action = 'item.corrected' AND entity_id = ?", [a.id])).toEqual({ actor_id: manager.id });
  });
});
