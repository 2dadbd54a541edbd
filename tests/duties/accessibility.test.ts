/**
 * The accessibility statement and problem reports (decision 164), and /privacy from the
 * personal-data register: the model-format statement shows before anyone edits it;
 * administrators save versions (bad input keeps what was typed; every version kept);
 * staff report problems; the comms team works the queue; others are refused.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { deliverDueMessages } from "~/commands/deliver.server";
import { useTestSmtp } from "../delivery/smtp";
import * as statement from "~/routes/accessibility";
import * as edit from "~/routes/accessibility_.edit";
import * as report from "~/routes/accessibility_.report";
import * as queue from "~/routes/accessibility_.reports";
import * as privacy from "~/routes/privacy";
import { listAudit } from "~/models/audit.server";
import { rowsAboutPerson, sourcesSearched } from "~/models/personal-data.server";
import { getDb } from "~/utils/db.server";
import { createUser } from "../factories";
import { anonymous, session } from "../delivery/http";

let admin: { id: number; email: string };
let comms: { id: number; email: string };
let staff: { id: number; email: string };

beforeAll(async () => {
  admin = await createUser({ role: "admin", name: "Ada Admin" });
  comms = await createUser({ role: "comms", name: "Cleo Comms" });
  staff = await createUser({ role: "staff", name: "Sid Staff" });
});

const STATEMENT = {
  compliance: "full", summary: "NEW-INTRO everyone can use it.", nonAccessible: "- NEW-GAP one old PDF (WCAG 1.3.1)",
  reporting: "Phone extension 4000 or use the form.", enforcement: "The EHRC enforces the regulations.", testing: "Automated checks on every change.",
};

describe("the accessibility statement", () => {
  test("signed out, the default statement shows every part of the model format", async () => {
    const res = await anonymous(statement.loader, "/accessibility");
    expect(res.status).toBe(200);
    const data = res.json();
    expect(data.compliance).toMatch(/partially compliant/);
    expect(data.nonAccessible).toMatch(/Disproportionate burden/);
    expect(data.enforcement).toMatch(/Equality and Human Rights Commission/);
    expect(data.reviewedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data).toMatchObject({ signedIn: false, canEdit: false });
  });

  test("administrators save versions; bad input keeps what was typed; others may not", async () => {
    const s = await session(staff.id);
    expect((await s.get(edit.loader, "/accessibility/edit")).status).toBe(403);
    expect((await s.post(edit.action, "/accessibility/edit", { ...STATEMENT, reviewedOn: "2026-12-01" })).status).toBe(403);
    const a = await session(admin.id);
    const bad = await a.post(edit.action, "/accessibility/edit", { ...STATEMENT, summary: "short", reviewedOn: "2026-02-31" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json().errors).sort()).toEqual(["reviewedOn", "summary"]);
    expect(bad.json().values.nonAccessible).toBe(STATEMENT.nonAccessible);
    expect((await a.post(edit.action, "/accessibility/edit", { ...STATEMENT, reviewedOn: "2026-12-01" })).location).toBe("/accessibility");
    expect((await a.post(edit.action, "/accessibility/edit", { ...STATEMENT, summary: "NEWER-INTRO everyone can use it.", reviewedOn: "2026-12-02" })).status).toBe(302);
    const page = (await a.get(statement.loader, "/accessibility")).json();
    expect(page.summary).toContain("NEWER-INTRO");
    expect(page.compliance).toMatch(/^fully compliant/);
    expect(page.canEdit).toBe(true);
    const versions = (await a.get(edit.loader, "/accessibility/edit")).json().versions;
    expect(versions.map((v: { summary: string }) => v.summary.split(" ")[0])).toEqual(["NEWER-INTRO", "NEW-INTRO"]);
    const audit = await listAudit(await getDb(), { action: "accessibility.statement-saved" }, 10, 0);
    expect(audit.total).toBe(2);
  });
});

describe("reporting a problem", () => {
  test("staff report; the comms team works the queue; staff may not see it", async () => {
    expect((await anonymous(report.loader, "/accessibility/report")).location).toMatch(/^\/login/);
    const s = await session(staff.id);
    const bad = await s.post(report.action, "/accessibility/report", { page: "", problem: "short" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json().errors).sort()).toEqual(["page", "problem"]);
    const ok = await s.post(report.action, "/accessibility/report", { page: "/guides/claim-mileage", problem: "REPORTED-PROBLEM the table is not read by my screen reader", format: "large print" });
    expect(ok.json().sent).toBe(true);
    expect((await s.get(queue.loader, "/accessibility/reports")).status).toBe(403);
    const c = await session(comms.id);
    const list = (await c.get(queue.loader, "/accessibility/reports")).json().reports;
    const mine = list.find((r: { problem: string }) => r.problem.startsWith("REPORTED-PROBLEM"));
    expect(mine).toMatchObject({ status: "open", reporterName: "Sid Staff", format: "large print" });
    const noAnswer = await c.post(queue.action, "/accessibility/reports", { id: String(mine.id), status: "resolved", response: "" });
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.json().errors.response).toMatch(/what was done/);
    expect((await c.post(queue.action, "/accessibility/reports", { id: String(mine.id), status: "resolved", response: "Table headers fixed" })).status).toBe(302);
    const after = (await c.get(queue.loader, "/accessibility/reports")).json().reports.find((r: { id: number }) => r.id === mine.id);
    expect(after).toMatchObject({ status: "resolved", response: "Table headers fixed", handledBy: "Cleo Comms" });
    // Subject access finds the report for the person who made it.
    const found = await rowsAboutPerson(await getDb(), staff);
    expect(found.find((x) => x.table === "accessibility_reports")!.rows.map((r) => r.problem)).toEqual([mine.problem]);
  });
});

describe("the reporter and the comms team are told, by email through the outbox", () => {
  const smtp = useTestSmtp();
  const drain = () => deliverDueMessages({ now: new Date(Date.now() + 60_000), limit: 500 });
  const to = smtp.to;

  test("a report is acknowledged to its reporter and announced to comms; each change of status or answer is emailed to the reporter once", async () => {
    const reporter = await createUser({ role: "staff", name: "Rhea Reporter", email: "rhea.reporter@riverside.test" });
    const s = await session(reporter.id);
    expect((await s.post(report.action, "/accessibility/report", { page: "MAILED-PAGE /events", problem: "The month view cannot be used with a keyboard" })).json().sent).toBe(true);
    await drain();
    expect(to(reporter.email).map((m) => m.mail.subject)).toEqual(["We have your accessibility report"]);
    expect(to(comms.email).map((m) => m.mail.subject)).toContain("Accessibility problem reported: MAILED-PAGE /events");
    expect(to(staff.email).map((m) => m.mail.subject).filter((x) => String(x).includes("MAILED-PAGE"))).toEqual([]);
    // The reporter sees their own report on the form's page (also for people without email).
    const own = (await s.get(report.loader, "/accessibility/report")).json().mine;
    expect(own.map((r: { page: string; status: string }) => [r.page, r.status])).toEqual([["MAILED-PAGE /events", "open"]]);

    const c = await session(comms.id);
    const id = (await c.get(queue.loader, "/accessibility/reports")).json().reports.find((r: { page: string }) => r.page === "MAILED-PAGE /events").id;
    expect((await c.post(queue.action, "/accessibility/reports", { id: String(id), status: "in-progress", response: "" })).status).toBe(302);
    // Saving again with nothing changed tells no one.
    expect((await c.post(queue.action, "/accessibility/reports", { id: String(id), status: "in-progress", response: "" })).status).toBe(302);
    expect((await c.post(queue.action, "/accessibility/reports", { id: String(id), status: "resolved", response: "ANSWER-TEXT keyboard focus fixed on the month view" })).status).toBe(302);
    await drain();
    const mails = to(reporter.email);
    expect(mails.map((m) => m.mail.subject)).toEqual([
      "We have your accessibility report",
      "Your accessibility report is being worked on",
      "Your accessibility report has been resolved",
    ]);
    expect(mails[2]!.mail.text).toContain("ANSWER-TEXT keyboard focus fixed on the month view");
    expect((await s.get(report.loader, "/accessibility/report")).json().mine[0]).toMatchObject({ status: "resolved", response: "ANSWER-TEXT keyboard focus fixed on the month view" });
    // Someone else's reports are not on another person's page.
    expect((await (await session(staff.id)).get(report.loader, "/accessibility/report")).json().mine.map((r: { page: string }) => r.page)).not.toContain("MAILED-PAGE /events");
  });
});

describe("/privacy", () => {
  test("lists every source of the register in plain words, and the retention schedule", async () => {
    const data = (await anonymous(privacy.loader, "/privacy")).json();
    expect(data.records.map((r: { holds: string }) => r.holds)).toEqual(sourcesSearched().map((s) => s.holds));
    expect(data.records.find((r: { holds: string }) => r.holds.startsWith("legal holds")).inDownload).toBe(false);
    expect(data.records.find((r: { holds: string }) => r.holds.startsWith("your account")).inDownload).toBe(true);
  });
});
