/**
 * Information rights (issue 22, decision 163): the freedom-of-information export of one
 * record and the subject access export of one person, both driven by the personal-data
 * register (decision 160) so no table is missed, both audited in the same transaction
 * that reads them. A zip: machine-readable JSON and a readable HTML page (plus, for FOI,
 * every uploaded version of every attached file).
 */
import { holdsPermission, type Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { readAttachmentBytes } from "~/models/attachment.server";
import { findSubject, findSubjectById, peopleForExport, type NamedPerson } from "~/models/information-rights.server";
import { PERSONAL_DATA, rowsAboutPerson, rowsOfItem, sourcesSearched, type SourceRows } from "~/models/personal-data.server";
import { renderExportHtml, type ExportSection } from "~/presenters/information-export.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/http.server";
import { ROLE_LABELS, ROLES, type Role } from "~/utils/roles";
import { makeZip } from "~/utils/zip.server";

export type ExportFile = { filename: string; bytes: Uint8Array; rows: number };

/* ------------------------------------------------------------------ FOI ---- */

/**
 * Item-linked tables (the register's `item` entries) in a freedom-of-information export,
 * with the columns left out and which rows count. Every item-linked table is here or in
 * FOI_LEFT_OUT with the reason: tests/duties/information-rights.test.ts enumerates the register.
 */
export const FOI_INCLUDED: Record<string, { heading: string; drop?: string[]; keep?: (row: Record<string, unknown>) => boolean }> = {
  items: { heading: "The record (metadata)" },
  revisions: { heading: "Every saved version (revision)", drop: ["html", "toc_json", "html_version", "content_hash"] },
  policy_versions: { heading: "Policy versions" },
  workflow_events: { heading: "Workflow: submissions, reviews, approvals, publication" },
  pending_changes: { heading: "Changes waiting for approval" },
  item_target_departments: { heading: "Departments it was sent to" },
  item_audience_departments: { heading: "Audience: departments" },
  item_audience_roles: { heading: "Audience: roles" },
  item_channels: { heading: "Channels" },
  item_tags: { heading: "Tags" },
  item_related: { heading: "Related pages" },
  attachments: { heading: "Attached files" },
  attachment_versions: { heading: "Every upload of an attached file (the files are in the attachments folder)", drop: ["text", "text_ms", "text_problem"] },
  content_files: { heading: "Imported source files" },
  ownership_changes: { heading: "Hand-overs of ownership" },
  page_reviews: { heading: "Page reviews" },
  polls: { heading: "Polls" },
  poll_options: { heading: "Poll answers (counts; polls are anonymous)" },
  announcement_questions: { heading: "Questions and answers (those shown to readers)", keep: (r) => r.hidden === 0 },
  comments: { heading: "Comments (those shown to readers)", keep: (r) => r.status === "published" },
  comment_versions: { heading: "Earlier wording of comments" },
  item_comment_settings: { heading: "Comment settings" },
  item_corrections: { heading: "Corrections" },
  briefings: { heading: "Briefings in person on it (date, place, who led it)" },
  item_alert_channels: { heading: "Channels alerted" },
  publicity_checks: { heading: "Publicity checklist answers (pre-election periods)" },
  publicity_decisions: { heading: "Publicity approvals and emergency overrides" },
  campaign_items: { heading: "Campaigns it is part of" },
  stories: { heading: "The staff story it was published from (the photo is in the published page)", drop: ["photo"] },
  story_suggestions: { heading: "Editors' suggestions on the staff story" },
};

/** Item-linked tables left out of an FOI export, with the reason (aggregates are given instead where useful). */
export const FOI_LEFT_OUT: Record<string, string> = {
  briefing_attendees: "who was briefed: personal data (FOIA s40); given as a count",
  saved_offline: "which readers kept the guide for offline reading: personal data (FOIA s40), not part of the record",
  reach_daily: "given as aggregate reach (total views, days with views)",
  acknowledgements: "individual readers' confirmations: personal data (FOIA s40); given as a count",
  page_ratings: "individual readers' ratings: personal data (FOIA s40); given as counts",
  item_reactions: "individual readers' reactions: personal data (FOIA s40); given as a count",
  comment_reactions: "individual readers' reactions: personal data (FOIA s40)",
  banner_dismissals: "which readers dismissed a notice: personal data (FOIA s40)",
  outbox: "messages to individual people: personal data (FOIA s40)",
  push_messages: "push notifications to individual people's devices: personal data (FOIA s40)",
  learning_path_steps: "learning paths that use the guide as a step: about the paths, not this record",
  learning_guide_confirmations: "individual learners' confirmations: personal data (FOIA s40)",
  review_reminders: "reminders to individual owners: internal administration",
  item_alert_recipients: "who was alerted: personal data (FOIA s40)",
  poll_voters: "who voted: personal data (FOIA s40), and polls are anonymous",
  page_feedback: "readers' private feedback to the page owner: personal data (FOIA s40); given as a count",
  page_feedback_replies: "replies to readers' private feedback: personal data (FOIA s40)",
  comment_reports: "readers' reports to moderators: personal data (FOIA s40)",
  comment_follows: "who follows a thread: personal data (FOIA s40)",
  comment_mentions: "who was mentioned: personal data (FOIA s40)",
  disposal_queue: "retention bookkeeping (the disposal record is kept separately)",
};

import type { Redaction } from "~/utils/redaction";
export { REDACTION_CHOICES, type Redaction } from "~/utils/redaction";

export function isIgOfficer(actor: Actor | null): boolean {
  return holdsPermission(actor, "information-governance");
}

type PeopleIndex = { byId: Map<number, NamedPerson>; byEmail: Map<string, NamedPerson> };

async function indexPeople(q: Queryable, ids: Set<number>, emails: Set<string>): Promise<PeopleIndex> {
  const people = await peopleForExport(q, [...ids], [...emails]);
  return { byId: new Map(people.map((p) => [p.id, p])), byEmail: new Map(people.map((p) => [p.email.toLowerCase(), p])) };
}

/** Person values (ids and emails) in a table's registered person columns. */
function collectPeople(table: string, rows: Record<string, unknown>[], ids: Set<number>, emails: Set<string>): void {
  for (const p of PERSONAL_DATA[table]?.people ?? []) {
    for (const r of rows) {
      const v = r[p.column];
      if (p.kind === "email" && typeof v === "string" && v) emails.add(v.toLowerCase());
      else if (p.kind !== "email" && typeof v === "number") ids.add(v);
    }
  }
}

/** Below the chosen role, a person is named by their role only (FOI redaction). */
function shouldRedact(person: NamedPerson, below: Redaction): boolean {
  return below !== "none" && ROLES.indexOf(person.role) < ROLES.indexOf(below);
}

function describe(person: NamedPerson | undefined, below: Redaction): string {
  if (!person) return "a former member of staff";
  const role = ROLE_LABELS[person.role] ?? person.role;
  return shouldRedact(person, below) ? `[${role}]` : `${person.name} (${role}${person.jobTitle ? `, ${person.jobTitle}` : ""})`;
}

/** Replace each person column's id or email by a description (name and role, or role only). */
function namePeople(table: string, rows: Record<string, unknown>[], people: PeopleIndex, below: Redaction): Record<string, unknown>[] {
  const columns = PERSONAL_DATA[table]?.people ?? [];
  return rows.map((r) => {
    const out = { ...r };
    for (const p of columns) {
      const v = out[p.column];
      if (v === null || v === undefined || v === "") continue;
      const person = p.kind === "email" ? people.byEmail.get(String(v).toLowerCase()) : people.byId.get(Number(v));
      out[p.column] = table === "users" ? v : describe(person, below);
    }
    return out;
  });
}

/** Names of redacted people also go from free text (a workflow comment, a revision note). */
function redactNamesInText(rows: Record<string, unknown>[], redacted: NamedPerson[]): Record<string, unknown>[] {
  if (redacted.length === 0) return rows;
  const names = redacted.filter((p) => p.name.trim().length > 2).sort((a, b) => b.name.length - a.name.length);
  return rows.map((r) => {
    const out = { ...r };
    for (const [k, v] of Object.entries(out)) {
      if (typeof v !== "string") continue;
      let text = v;
      for (const p of names) text = text.split(p.name).join(`[${ROLE_LABELS[p.role]}]`).split(p.email).join(`[${ROLE_LABELS[p.role]}]`);
      out[k] = text;
    }
    return out;
  });
}

function stamp(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The FOI export of one record (any status, any audience), audited. Information-governance officers only. */
export async function exportRecordForFoi(actor: Actor, itemId: number, below: Redaction, now = new Date()): Promise<ExportFile> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers export records.");
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const raw: Record<string, Record<string, unknown>[]> = {};
    for (const [table, spec] of Object.entries(FOI_INCLUDED)) {
      const rows = await rowsOfItem(tx, table, itemId);
      raw[table] = spec.keep ? rows.filter(spec.keep) : rows;
    }
    const item = raw.items[0];
    if (!item) throw notFound("There is no record with that number.");
    const ids = new Set<number>();
    const emails = new Set<string>();
    for (const [table, rows] of Object.entries(raw)) collectPeople(table, rows, ids, emails);
    const people = await indexPeople(tx, ids, emails);
    const redacted = [...people.byId.values(), ...people.byEmail.values()].filter((p, i, all) => shouldRedact(p, below) && all.findIndex((o) => o.id === p.id) === i);

    const records: Record<string, Record<string, unknown>[]> = {};
    for (const [table, rows] of Object.entries(raw)) {
      const drop = new Set(FOI_INCLUDED[table].drop ?? []);
      const trimmed = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.has(k))));
      records[table] = redactNamesInText(namePeople(table, trimmed, people, below), redacted);
    }
    const reach = await rowsOfItem(tx, "reach_daily", itemId);
    const ratings = await rowsOfItem(tx, "page_ratings", itemId);
    const aggregates = {
      totalViews: reach.reduce((n, r) => n + Number(r.views ?? 0), 0),
      daysWithViews: new Set(reach.map((r) => r.day)).size,
      departmentsReached: new Set(reach.map((r) => r.department_id).filter((d) => d !== 0)).size,
      confirmations: (await rowsOfItem(tx, "acknowledgements", itemId)).length,
      foundHelpful: ratings.filter((r) => r.helpful === 1).length,
      foundNotHelpful: ratings.filter((r) => r.helpful === 0).length,
      reactions: (await rowsOfItem(tx, "item_reactions", itemId)).length,
      privateFeedback: (await rowsOfItem(tx, "page_feedback", itemId)).length,
      briefedInPerson: (await rowsOfItem(tx, "briefing_attendees", itemId)).length,
    };

    const files: Record<string, string | Uint8Array> = {};
    for (const v of raw.attachment_versions) {
      const file = await readAttachmentBytes(tx, Number(v.attachment_id), Number(v.number));
      if (file) files[`attachments/${v.attachment_id}-v${v.number}-${String(file.name).replace(/[^A-Za-z0-9._-]/g, "-")}`] = new Uint8Array(file.bytes);
    }
    const redaction = below === "none" ? "none: everyone is named" : `people below ${ROLE_LABELS[below]} are named by their role only`;
    const json = {
      kind: "freedom-of-information export", generatedAt: at, record: { id: item.id, type: item.type, title: item.title, status: item.status },
      redaction, aggregates, records, leftOut: FOI_LEFT_OUT, attachmentFiles: Object.keys(files),
      note: "Roles are people's roles when the export was made.",
    };
    const rowCount = Object.values(records).reduce((n, r) => n + r.length, 0);
    const sections: ExportSection[] = Object.entries(records).map(([t, rows]) => ({ heading: FOI_INCLUDED[t].heading, rows }));
    sections.push({ heading: "Aggregate reach and responses", rows: [aggregates] });
    const html = renderExportHtml({
      title: `Recorded information: ${String(item.title)}`,
      facts: [["Record", `${String(item.type)} ${String(item.id)}`], ["Status", String(item.status)], ["Exported", at], ["Redaction", redaction]],
      paragraphs: ["This export holds every version of the record, its workflow, metadata, attached files, aggregate reach, and the comments and questions shown to readers. Roles are people's roles when the export was made."],
      sections,
      lists: [
        { heading: "Left out, and why", items: Object.entries(FOI_LEFT_OUT).map(([t, why]) => `${t}: ${why}`) },
        { heading: "Attached files in this zip", items: Object.keys(files).length ? Object.keys(files) : ["None"] },
      ],
    });
    await recordAudit(tx, { actorId: actor.id, action: "information-rights.foi-export", entityType: String(item.type), entityId: itemId, detail: { redaction: below, rows: rowCount, files: Object.keys(files).length } }, at);
    return { filename: `foi-${String(item.type)}-${itemId}-${stamp(now)}.zip`, bytes: makeZip({ "record.json": JSON.stringify(json, null, 2), "record.html": html, ...files }, now), rows: rowCount };
  });
}

/* ------------------------------------------------------------------ SAR ---- */

export type SarScope = { selfService: boolean };

async function buildSubjectAccess(q: Queryable, subject: NamedPerson, scope: SarScope, runBy: string, now: Date): Promise<{ json: unknown; html: string; rows: number; sources: SourceRows[] }> {
  const at = now.toISOString();
  const sources = await rowsAboutPerson(q, { id: subject.id, email: subject.email }, { selfService: scope.selfService });
  const ids = new Set<number>();
  const emails = new Set<string>();
  for (const s of sources) collectPeople(s.table, s.rows, ids, emails);
  ids.delete(subject.id);
  emails.delete(subject.email.toLowerCase());
  const people = await indexPeople(q, ids, emails);
  const named = [...new Map([...people.byId.values(), ...people.byEmail.values()].map((p) => [p.id, p])).values()];
  const rows = sources.reduce((n, s) => n + s.rows.length, 0);
  const searched = sourcesSearched({ selfService: scope.selfService });
  const json = {
    kind: scope.selfService ? "your data (self-service download)" : "subject access export",
    generatedAt: at, runBy,
    subject: { id: subject.id, name: subject.name, email: subject.email, role: subject.role, jobTitle: subject.jobTitle },
    sourcesSearched: searched.map((s) => ({ ...s, rows: sources.find((x) => x.table === s.table)?.rows.length ?? 0 })),
    peopleNamed: named.map((p) => ({ id: p.id, name: p.name, role: ROLE_LABELS[p.role], jobTitle: p.jobTitle, why: "staff acting in a work role" })),
    records: Object.fromEntries(sources.filter((s) => s.rows.length).map((s) => [s.table, s.rows])),
    notes: [
      "Other people's own words (feedback, questions, comments, reports, messages they wrote) are withheld where they appear in records about you.",
      "Other people appear by their user id; the people named are staff acting in a work role (reviewers, moderators, managers).",
      "Poll choices are never recorded: only that you voted.",
    ],
  };
  const html = renderExportHtml({
    title: scope.selfService ? `Your data: ${subject.name}` : `Subject access export: ${subject.name}`,
    facts: [["Person", `${subject.name} (${subject.email})`], ["Made", at], ["Made by", runBy], ["Records found", String(rows)]],
    paragraphs: json.notes,
    sections: sources.filter((s) => s.rows.length).map((s) => ({ heading: s.holds, note: `Source: ${s.table}`, rows: s.rows })),
    lists: [
      { heading: "Sources searched", items: json.sourcesSearched.map((s) => `${s.holds} (${s.table}): ${s.rows} found`) },
      { heading: "People named (staff acting in a work role)", items: json.peopleNamed.length ? json.peopleNamed.map((p) => `${p.id}: ${p.name}, ${p.role}${p.jobTitle ? `, ${p.jobTitle}` : ""}`) : ["None"] },
    ],
  });
  return { json, html, rows, sources };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "person";
}

/** The person a subject access export would be about, to confirm before exporting (officers only). */
export async function findExportSubject(actor: Actor, subjectEmail: string): Promise<NamedPerson | null> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers run subject access exports.");
  return (await findSubject(await getDb(), subjectEmail)) ?? null;
}

/** The subject access export of one person, run by an information-governance officer (audited). */
export async function exportSubjectAccess(actor: Actor, subjectEmail: string, now = new Date()): Promise<ExportFile | null> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers run subject access exports.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const subject = await findSubject(tx, subjectEmail);
    if (!subject) return null;
    const built = await buildSubjectAccess(tx, subject, { selfService: false }, `information-governance officer ${actor.name}`, now);
    await recordAudit(tx, { actorId: actor.id, action: "information-rights.subject-access-export", entityType: "user", entityId: subject.id, detail: { rows: built.rows, sources: built.sources.length } }, now.toISOString());
    return { filename: `subject-access-${slug(subject.name)}-${stamp(now)}.zip`, bytes: makeZip({ "data.json": JSON.stringify(built.json, null, 2), "summary.html": built.html }, now), rows: built.rows };
  });
}

/** A person's own download from /me: the register's sources except those kept for officers (audited). */
export async function exportOwnData(actor: Actor, now = new Date()): Promise<ExportFile> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const subject = await findSubjectById(tx, actor.id);
    if (!subject) throw notFound();
    const built = await buildSubjectAccess(tx, subject, { selfService: true }, "you, from your account page", now);
    await recordAudit(tx, { actorId: actor.id, action: "information-rights.own-data-download", entityType: "user", entityId: subject.id, detail: { rows: built.rows } }, now.toISOString());
    return { filename: `my-data-${stamp(now)}.zip`, bytes: makeZip({ "data.json": JSON.stringify(built.json, null, 2), "summary.html": built.html }, now), rows: built.rows };
  });
}
