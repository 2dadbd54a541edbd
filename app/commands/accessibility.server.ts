/**
 * The accessibility statement (issue 22, decision 164): in the model format (compliance
 * status, content that is not accessible and why, how to report a problem, the enforcement
 * procedure, how it was tested, the date of the last review), edited by administrators with
 * every version kept; and "report an accessibility problem", a queue the comms team works through.
 */
import { z } from "zod";
import { can, type Actor } from "~/access/permissions.server";
import { findReport, insertReport, insertStatement, latestStatement, updateReport, type ReportStatus, type StatementFields, type StatementVersion } from "~/models/accessibility.server";
import { recordAudit } from "~/models/audit.server";
import { listActiveByRole } from "~/models/ownership.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { wakeDeliveryWorker } from "./deliver.server";
import { queueKnowledgeMail } from "./knowledge-mail.server";

/** The statement a new install shows until an administrator saves one (Markdown in each part). */
export const DEFAULT_STATEMENT: StatementFields = {
  compliance: "partial",
  summary:
    "This statement applies to the council's intranet. We want everyone who works for the council to be able to use it: you should be able to\n\n" +
    "- use the whole intranet with a keyboard only\n- use it with a screen reader\n- zoom in up to 400% without text spilling off the screen\n" +
    "- read every page on a small phone screen, without scrolling sideways\n- use the intranet without JavaScript\n- change colours and fonts in your browser settings\n\n" +
    "We write in plain English, so pages are easy to understand.",
  nonAccessible:
    "### Non-compliance with the accessibility regulations\n\n" +
    "- Some documents written by teams (for example old PDFs attached to guides) may not be tagged for screen readers (WCAG 2.2 success criterion 1.3.1). We replace them when a guide is reviewed.\n" +
    "- Comparing two versions of a policy shows changes in colour; each change is also marked in words for screen readers.\n\n" +
    "### Disproportionate burden\n\nWe do not claim disproportionate burden for any content.\n\n" +
    "### Content outside the scope of the regulations\n\nPDFs and other documents published before 23 September 2018 that are not needed for services we provide.",
  reporting:
    "If something does not work for you, use the form on this page, or tell the ICT service desk on extension 4000 or at servicedesk@riverside.gov.uk. " +
    "Say which page it was and what went wrong. We will reply within 5 working days. If you need information in another format (large print, easy read, audio), say so and we will provide it.",
  enforcement:
    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. " +
    "If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
  testing:
    "Every page is checked automatically against the Web Content Accessibility Guidelines (WCAG) 2.2, level AA, each time the intranet changes. We also test with a keyboard, without JavaScript and at small screen sizes.",
  reviewedOn: "2026-11-30",
};

export const COMPLIANCE_LABELS: Record<StatementFields["compliance"], string> = {
  full: "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard",
  partial: "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below",
  not: "not compliant with the Web Content Accessibility Guidelines version 2.2 AA standard; the non-compliances are listed below",
};

export type CurrentStatement = StatementFields & { version: number; createdBy: string | null; createdAt: string | null };

/** The latest saved version, or the default statement (version 0) before anyone saved one. */
export async function currentStatement(q: Queryable): Promise<CurrentStatement> {
  const latest: StatementVersion | undefined = await latestStatement(q);
  if (!latest) return { ...DEFAULT_STATEMENT, version: 0, createdBy: null, createdAt: null };
  const { id, createdBy, createdAt, ...fields } = latest;
  return { ...fields, version: id, createdBy, createdAt };
}

const part = (name: string) => z.string().trim().min(10, `Write the ${name} (at least 10 characters)`).max(10_000, `The ${name} must be 10,000 characters or fewer`);

export const StatementSchema = z.object({
  compliance: z.enum(["full", "partial", "not"], { message: "Choose the compliance status" }),
  summary: part("introduction"),
  nonAccessible: part("list of content that is not accessible"),
  reporting: part("way to report a problem"),
  enforcement: part("enforcement procedure"),
  testing: part("description of how it was tested"),
  reviewedOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of the review as YYYY-MM-DD, for example 2026-11-30")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Enter a real date, for example 2026-11-30"),
});

export function mayEditStatement(actor: Actor | null): boolean {
  return can(actor, "manage", "settings");
}

export function mayHandleReports(actor: Actor | null): boolean {
  return can(actor, "manage", "accessibility-report");
}

type Result = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const i of error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
  return errors;
}

/** Saves a new version (the earlier ones are kept), audited. Administrators only. */
export async function saveStatement(actor: Actor, input: Record<string, unknown>, now = new Date()): Promise<Result> {
  if (!mayEditStatement(actor)) throw forbidden("Only administrators edit the accessibility statement.");
  const parsed = StatementSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const at = now.toISOString();
  const db = await getDb();
  const id = await db.transaction(async (tx) => {
    const id = await insertStatement(tx, parsed.data, actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: "accessibility.statement-saved", entityType: "accessibility_statement", entityId: id, detail: { reviewedOn: parsed.data.reviewedOn, compliance: parsed.data.compliance } }, at);
    return id;
  });
  return { ok: true, id };
}

export const ReportSchema = z.object({
  page: z.string().trim().min(1, "Say which page, or what you were trying to do").max(500, "At most 500 characters"),
  problem: z.string().trim().min(10, "Describe the problem (at least 10 characters)").max(5_000, "At most 5,000 characters"),
  format: z.string().trim().max(200, "At most 200 characters").default(""),
});

/**
 * Records a report and, in the same transaction, emails the reporter that it arrived and
 * each member of the communications team that one waits (through the outbox; people without
 * email see their reports on /accessibility/report instead).
 */
export async function reportProblem(actor: Actor, input: Record<string, unknown>, now = new Date()): Promise<Result> {
  const parsed = ReportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const db = await getDb();
  const at = now.toISOString();
  const id = await db.transaction(async (tx) => {
    const id = await insertReport(tx, { ...parsed.data, reporterId: actor.id }, at);
    await queueKnowledgeMail(tx, {
      purpose: "alert", dedupeKey: `accessibility-report:${id}:received`, userId: actor.id,
      subject: "We have your accessibility report",
      lines: [
        `Thank you for telling us about a problem with: ${parsed.data.page}.`,
        "The communications team will look at it and reply within 5 working days. We will email you when it changes.",
      ],
      link: { text: "See your reports", path: "/accessibility/report" },
    }, at);
    for (const person of await listActiveByRole(tx, "comms")) {
      if (person.id === actor.id) continue;
      await queueKnowledgeMail(tx, {
        purpose: "alert", dedupeKey: `accessibility-report:${id}:new:${person.id}`, userId: person.id,
        subject: `Accessibility problem reported: ${parsed.data.page.slice(0, 80)}`,
        lines: ["Someone has reported an accessibility problem. Reply to them within 5 working days."],
        link: { text: "Open the reports", path: `/accessibility/reports#report-${id}` },
      }, at);
    }
    return id;
  });
  wakeDeliveryWorker();
  return { ok: true, id };
}

const TOLD_STATUS: Record<ReportStatus, string> = {
  open: "is waiting to be looked at",
  "in-progress": "is being worked on",
  resolved: "has been resolved",
};

export const HandleSchema = z.object({
  status: z.enum(["open", "in-progress", "resolved"], { message: "Choose a status" }),
  response: z.string().trim().max(5_000, "At most 5,000 characters").default(""),
});

/**
 * The comms team moves a report along and records what was done (audited). The reporter is
 * emailed when the status or the answer changes, with the answer, in the same transaction.
 */
export async function handleReport(actor: Actor, id: number, input: Record<string, unknown>, now = new Date()): Promise<Result> {
  if (!mayHandleReports(actor)) throw forbidden("Only the communications team handles accessibility reports.");
  const parsed = HandleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  if (parsed.data.status === "resolved" && parsed.data.response.length < 3) return { ok: false, errors: { response: "Say what was done before marking it resolved" } };
  const at = now.toISOString();
  const db = await getDb();
  const told = await db.transaction(async (tx) => {
    const before = await findReport(tx, id);
    if (!before) throw notFound("There is no such report.");
    await updateReport(tx, id, parsed.data.status, parsed.data.response, actor.id, at);
    await recordAudit(tx, { actorId: actor.id, action: "accessibility.report-handled", entityType: "accessibility_report", entityId: id, detail: { status: parsed.data.status } }, at);
    const changed = before.status !== parsed.data.status || before.response !== parsed.data.response;
    if (!changed || !before.reporterId || before.reporterId === actor.id) return false;
    return queueKnowledgeMail(tx, {
      purpose: "alert", dedupeKey: `accessibility-report:${id}:${parsed.data.status}:${at}`, userId: before.reporterId,
      subject: `Your accessibility report ${TOLD_STATUS[parsed.data.status]}`,
      lines: [
        `Your report about ${before.page} ${TOLD_STATUS[parsed.data.status]}.`,
        ...(parsed.data.response ? [`What was done: ${parsed.data.response}`] : []),
        "If it still does not work for you, reply through a new report and say so.",
      ],
      link: { text: "See your reports", path: "/accessibility/report" },
    }, at);
  });
  if (told) wakeDeliveryWorker();
  return { ok: true, id };
}
