/**
 * Pre-election periods (issue 22, decision 161): recording a period, its candidates list,
 * turning periods on and off on their dates (UK time) with a log, the publicity review
 * (approve: a held item goes out if its time has come), and the end-of-period report.
 * The rules other commands ask are in publicity.server.ts.
 */
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import {
  findPeriod, insertPeriod, listCandidates, listHeldItemIds, listPeriodLog, listPeriods, listPeriodsOn, logPeriod, periodStateOn,
  PERIOD_KIND_LABELS, PERIOD_KINDS, replaceCandidates, setPeriodState, updatePeriod, insertPublicityDecision, setPermissionGrant,
  type Candidate, type Period, type PeriodKind, type PeriodScope,
} from "~/models/election.server";
import { findItemById } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { findPendingChange, recordWorkflowEvent } from "~/models/workflow.server";
import { can, GRANTABLE_PERMISSIONS, holdsPermission, recordDenied, type Actor, type GrantedPermission } from "~/access/permissions.server";
import { requireUser, type SessionUser } from "~/utils/auth.server";
import { forbidden } from "~/utils/http.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { log } from "~/utils/log.server";
import { checkDate, datePartsOf } from "~/schemas/date-input";
import { listGuides } from "~/models/guide.server";
import { listDepartments } from "~/models/department.server";
import { visibleItemsSql } from "~/access/audience.server";
import { goLive } from "./workflow.server";
import { checklistMissing, logPublished, periodsForItem, publicityBlockers } from "./publicity.server";

/** The signed-in person, who must be allowed to manage periods (403, recorded, otherwise). */
export async function requirePeriodManager(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!canManagePeriods(user)) {
    recordDenied(user, "manage:election-periods", { path: new URL(request.url).pathname });
    throw forbidden();
  }
  return user;
}

/** The signed-in publicity reviewer (403, recorded, otherwise). */
export async function requirePublicityReviewer(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!canReviewPublicity(user)) {
    recordDenied(user, "review:publicity", { path: new URL(request.url).pathname });
    throw forbidden();
  }
  return user;
}

/** Comms editors, admins and publicity reviewers record periods. */
export function canManagePeriods(actor: Actor | null): boolean {
  return !!actor && (can(actor, "review", "announcement") || holdsPermission(actor, "publicity-reviewer"));
}

export function canReviewPublicity(actor: Actor | null): boolean {
  return holdsPermission(actor, "publicity-reviewer");
}

const day = (label: string) => z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date`);

export const PeriodSchema = z
  .object({
    kind: z.enum(PERIOD_KINDS, { message: "Choose the type of election" }),
    title: z.string().trim().min(1, "Enter a name for the period").max(120, "The name must be 120 characters or fewer"),
    noticeOn: day("notice date"),
    pollingOn: day("polling day"),
    scope: z.enum(["council", "departments", "wards"], { message: "Choose what the period covers" }),
    departmentIds: z.array(z.coerce.number().int().positive()).default([]),
    wards: z.string().max(2000).default(""),
    guideItemId: z.coerce.number().int().positive().nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.pollingOn < v.noticeOn) ctx.addIssue({ code: "custom", path: ["pollingOn"], message: "Polling day must be on or after the notice date" });
    if (v.scope === "departments" && v.departmentIds.length === 0) ctx.addIssue({ code: "custom", path: ["departmentIds"], message: "Choose at least one department" });
    if (v.scope === "wards" && wardList(v.wards).length === 0) ctx.addIssue({ code: "custom", path: ["wards"], message: "Enter at least one ward" });
  });
export type PeriodInput = z.input<typeof PeriodSchema>;

/** Ward names as item tags: lower case, words joined by hyphens. */
export function wardList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((w) => w.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")).filter(Boolean))];
}

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string> };

function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** Field messages for a period's input, without saving (for a form whose dates are already wrong). */
export function periodErrors(input: PeriodInput): Record<string, string> {
  const parsed = PeriodSchema.safeParse(input);
  return parsed.success ? {} : errorsOf(parsed.error);
}

export async function savePeriod(actor: Actor, id: number | null, input: PeriodInput, now = new Date()): Promise<Outcome<{ id: number }>> {
  if (!canManagePeriods(actor)) return { ok: false, errors: { form: "You do not have permission to record pre-election periods." } };
  const parsed = PeriodSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
  const v = parsed.data;
  const fields = {
    kind: v.kind as PeriodKind, title: v.title, noticeOn: v.noticeOn, pollingOn: v.pollingOn, scope: v.scope as PeriodScope, guideItemId: v.guideItemId,
    departmentIds: v.scope === "departments" ? v.departmentIds : [], wards: v.scope === "wards" ? wardList(v.wards) : [],
  };
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome<{ id: number }>> => {
    let periodId: number;
    if (id === null) {
      periodId = await insertPeriod(tx, { ...fields, createdBy: actor.id }, "upcoming", at);
      await logPeriod(tx, { periodId, event: "created", actorId: actor.id, detail: `${PERIOD_KIND_LABELS[fields.kind]}: notice ${fields.noticeOn}, polling day ${fields.pollingOn}` }, at);
    } else {
      if (!(await findPeriod(tx, id))) return { ok: false, errors: { form: "That period no longer exists." } };
      periodId = id;
      await updatePeriod(tx, id, fields, at);
      await logPeriod(tx, { periodId, event: "changed", actorId: actor.id, detail: `notice ${fields.noticeOn}, polling day ${fields.pollingOn}, scope ${fields.scope}` }, at);
    }
    await recordAudit(tx, { actorId: actor.id, action: id === null ? "election-period.created" : "election-period.changed", entityType: "election_period", entityId: periodId, detail: { ...fields } }, at);
    await turnPeriods(tx, now);
    return { ok: true, id: periodId };
  });
}

/**
 * Candidates and councillors from pasted text or a CSV file: one per line,
 * "name, role, party, ward" (only the name is needed; a header line naming "name" is skipped).
 */
export function parseCandidates(text: string): { people: Omit<Candidate, "id">[]; errors: string[] } {
  const people: Omit<Candidate, "id">[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = splitCsvLine(line).map((c) => c.trim());
    if (i === 0 && cells[0]?.toLowerCase() === "name") return;
    const [name = "", role = "", party = "", ward = ""] = cells;
    if (name.length < 2) errors.push(`Line ${i + 1}: enter a name`);
    else if (name.length > 120) errors.push(`Line ${i + 1}: the name is longer than 120 characters`);
    else people.push({ name, role: role.slice(0, 60), party: party.slice(0, 80), ward: ward.slice(0, 80) });
  });
  if (people.length > 2000) errors.push("At most 2,000 names");
  return { people, errors };
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === "," || c === "\t") { cells.push(cur); cur = ""; }
    else cur += c;
  }
  cells.push(cur);
  return cells;
}

export async function setCandidates(actor: Actor, periodId: number, text: string, now = new Date()): Promise<Outcome<{ count: number }>> {
  if (!canManagePeriods(actor)) return { ok: false, errors: { form: "You do not have permission to change the list." } };
  const { people, errors } = parseCandidates(text);
  if (errors.length) return { ok: false, errors: { candidates: errors.slice(0, 5).join("; ") } };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<Outcome<{ count: number }>> => {
    if (!(await findPeriod(tx, periodId))) return { ok: false, errors: { form: "That period no longer exists." } };
    await replaceCandidates(tx, periodId, people);
    await logPeriod(tx, { periodId, event: "candidates", actorId: actor.id, detail: `${people.length} names` }, at);
    await recordAudit(tx, { actorId: actor.id, action: "election-period.candidates", entityType: "election_period", entityId: periodId, detail: { count: people.length } }, at);
    return { ok: true, count: people.length };
  });
}

/** Records each period's state change since the last run (on / off), in the log and the audit log. */
async function turnPeriods(tx: Queryable, now: Date): Promise<{ on: number[]; off: number[] }> {
  const today = ukTodayIso(now);
  const at = now.toISOString();
  const on: number[] = [];
  const off: number[] = [];
  for (const p of await listPeriods(tx)) {
    const state = periodStateOn(p, today);
    if (state === p.state) continue;
    await setPeriodState(tx, p.id, state, at);
    if (state === "on") {
      on.push(p.id);
      await logPeriod(tx, { periodId: p.id, event: "on", detail: `Notice date ${p.noticeOn} reached (UK time)` }, at);
    } else if (p.state === "on" || state === "ended") {
      off.push(p.id);
      await logPeriod(tx, { periodId: p.id, event: "off", detail: state === "ended" ? `Polling day ${p.pollingOn} over (UK time)` : "Dates moved" }, at);
    }
    await recordAudit(tx, { actorId: null, action: `election-period.${state}`, entityType: "election_period", entityId: p.id, detail: { from: p.state, to: state } }, at);
  }
  return { on, off };
}

/** The periods job (run with the scheduler): turns periods on and off at their dates. */
export async function runElectionPeriods(now = new Date()): Promise<{ on: number[]; off: number[] }> {
  const db = await getDb();
  const run = await db.transaction((tx) => turnPeriods(tx, now));
  if (run.on.length || run.off.length) log.info("election periods", run);
  return run;
}

/**
 * A publicity reviewer approves the revision waiting to go out, for every period on for
 * it. If it was held and its time has come, it goes live now.
 */
export async function approvePublicity(actor: Actor, itemId: number, comment: string, now = new Date()): Promise<Outcome<{ published: boolean }>> {
  if (!canReviewPublicity(actor)) return { ok: false, errors: { form: "Only a publicity reviewer can approve." } };
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx): Promise<Outcome<{ published: boolean }>> => {
    const item = await findItemById(tx, itemId);
    if (!item) return { ok: false, errors: { form: "That page no longer exists." } };
    const pending = await findPendingChange(tx, itemId);
    const revisionId = pending?.revisionId ?? item.currentRevisionId;
    const blockers = await publicityBlockers(tx, item, revisionId, now);
    if (blockers.length === 0) return { ok: false, errors: { form: "There is nothing waiting for publicity approval on this page." } };
    for (const p of blockers) {
      await insertPublicityDecision(tx, { itemId, periodId: p.id, revisionId, decision: "approved", justification: comment, actorId: actor.id }, at);
      await logPeriod(tx, { periodId: p.id, event: "approved", itemId, itemTitle: item.title, actorId: actor.id, detail: comment }, at);
      await recordAudit(tx, { actorId: actor.id, action: "publicity.approved", entityType: item.type, entityId: itemId, detail: { periodId: p.id, revisionId } }, at);
    }
    const due = pending ? pending.state === "scheduled" && !!pending.scheduledFor && pending.scheduledFor <= at : item.status === "scheduled" && !!item.publishAt && item.publishAt <= at;
    if (!due) return { ok: true, published: false };
    const live = await goLive(tx, itemId, now);
    await recordWorkflowEvent(tx, { itemId, revisionId: live.revisionId, actorId: actor.id, action: "publish", fromState: "scheduled", toState: "live", comment: "Published after publicity approval" }, at);
    await recordAudit(tx, { actorId: actor.id, action: "item.publish", entityType: item.type, entityId: itemId, detail: { by: "publicity approval" } }, at);
    await logPublished(tx, item, actor.id, now);
    return { ok: true, published: true };
  });
}

/* ---------------------------------------------------------------- reading ---- */

export type Notice = { id: number; title: string; pollingOn: string; scopeText: string; guide: { title: string; slug: string } | null };

function scopeText(p: Period): string {
  if (p.scope === "council") return "the whole council";
  if (p.scope === "departments") return p.departmentNames.join(", ");
  return `wards: ${p.wards.join(", ")}`;
}

/** The notice every page shows while a period is on. */
export async function periodNotices(q: Queryable, now = new Date()): Promise<Notice[]> {
  return (await listPeriodsOn(q, ukTodayIso(now))).map((p) => ({
    id: p.id, title: p.title, pollingOn: p.pollingOn, scopeText: scopeText(p), guide: p.guideSlug && p.guideTitle ? { title: p.guideTitle, slug: p.guideSlug } : null,
  }));
}

export const RESTRICTIONS = [
  "Do not publish anything that could be seen as supporting a party, candidate or point of view.",
  "Do not name or show photos of councillors or candidates unless it is essential (for example a statutory notice).",
  "Avoid controversial matters under debate, and new initiatives that could be seen as campaigning.",
  "Announcements and public pages need a publicity reviewer's approval as well as the normal review.",
  "Questions, polls and Teams posts are paused for pages in scope.",
];

export type EditorElectionInfo = { periods: Notice[]; checklistNeeded: boolean; needsApproval: boolean; candidates: string[]; restrictions: string[] };

/** What the editor shows beside the form for an item during a period (null when none is on for it). */
export async function editorElectionInfo(q: Queryable, itemId: number, now = new Date()): Promise<EditorElectionInfo | null> {
  const periods = await periodsForItem(q, itemId, now);
  if (periods.length === 0) return null;
  const item = await findItemById(q, itemId);
  if (!item) return null;
  const pending = await findPendingChange(q, itemId);
  const revisionId = pending?.revisionId ?? item.currentRevisionId;
  return {
    periods: periods.map((p) => ({ id: p.id, title: p.title, pollingOn: p.pollingOn, scopeText: scopeText(p), guide: p.guideSlug && p.guideTitle ? { title: p.guideTitle, slug: p.guideSlug } : null })),
    checklistNeeded: (await checklistMissing(q, item, revisionId, now)).length > 0,
    needsApproval: (await publicityBlockers(q, item, revisionId, now)).length > 0,
    candidates: await candidateNames(q, periods.map((p) => p.id)),
    restrictions: RESTRICTIONS,
  };
}

/** Names to mark in an item's preview: periods on for it (or, for a page not saved yet, every period on). */
export async function candidateNamesFor(q: Queryable, itemId: number | null, now = new Date()): Promise<string[]> {
  const periods = itemId === null ? await listPeriodsOn(q, ukTodayIso(now)) : await periodsForItem(q, itemId, now);
  return periods.length ? candidateNames(q, periods.map((p) => p.id)) : [];
}

export async function candidateNames(q: Queryable, periodIds: number[]): Promise<string[]> {
  const names = new Set<string>();
  for (const id of periodIds) for (const c of await listCandidates(q, id)) names.add(c.name);
  return [...names];
}

/** The publicity review queue: items held in periods on now, with the revision's text. */
export async function publicityQueue(q: Queryable, now = new Date()) {
  const rows: { itemId: number; title: string; type: string; periodTitles: string[]; html: string; candidates: string[] }[] = [];
  const seen = new Map<number, (typeof rows)[number]>();
  for (const p of await listPeriodsOn(q, ukTodayIso(now))) {
    for (const itemId of await listHeldItemIds(q, p.id)) {
      const existing = seen.get(itemId);
      if (existing) {
        existing.periodTitles.push(p.title);
        existing.candidates = [...new Set([...existing.candidates, ...(await candidateNames(q, [p.id]))])];
        continue;
      }
      const item = await findItemById(q, itemId);
      if (!item) continue;
      const pending = await findPendingChange(q, itemId);
      const rev = await getRevision(q, pending?.revisionId ?? item.currentRevisionId ?? 0);
      const row = { itemId, title: rev?.title ?? item.title, type: item.type, periodTitles: [p.title], html: rev?.html ?? "", candidates: await candidateNames(q, [p.id]) };
      seen.set(itemId, row);
      rows.push(row);
    }
  }
  return rows;
}

export async function periodPage(q: Queryable, id: number) {
  const period = await findPeriod(q, id);
  if (!period) return null;
  return { period, candidates: await listCandidates(q, id), log: await listPeriodLog(q, id) };
}

export { listPeriods };

export async function findPeriodForReport(q: Queryable, id: number) {
  return findPeriod(q, id);
}

/** The end-of-period report rows: what was published, held, approved, overridden, and by whom. */
export async function periodReportRows(q: Queryable, id: number): Promise<(string | number)[][]> {
  return (await listPeriodLog(q, id)).map((l) => [l.at, l.event, l.itemId ?? "", l.itemTitle, l.actorName ?? "the system", l.actorRole ?? "", l.detail]);
}
export const REPORT_HEADER = ["at", "event", "item_id", "item_title", "by", "role", "detail"];

/* ------------------------------------------------------------------ forms ---- */

/** The period form's posted values (date boxes checked here, the rest by PeriodSchema). */
export function readPeriodForm(form: FormData) {
  const parts = (name: string) => ({ day: String(form.get(`${name}-day`) ?? ""), month: String(form.get(`${name}-month`) ?? ""), year: String(form.get(`${name}-year`) ?? "") });
  const values = {
    kind: String(form.get("kind") ?? ""), title: String(form.get("title") ?? "").slice(0, 500), noticeOn: parts("noticeOn"), pollingOn: parts("pollingOn"),
    scope: String(form.get("scope") ?? ""), departmentIds: form.getAll("departmentIds").map(String).slice(0, 200), wards: String(form.get("wards") ?? "").slice(0, 2000),
    guideItemId: String(form.get("guideItemId") ?? ""),
  };
  const errors: Record<string, string> = {};
  const notice = checkDate(values.noticeOn, "Notice date", { required: true });
  const polling = checkDate(values.pollingOn, "Polling day", { required: true });
  if (!notice.ok) errors.noticeOn = notice.message;
  if (!polling.ok) errors.pollingOn = polling.message;
  const input: PeriodInput = {
    kind: values.kind as PeriodKind, title: values.title, noticeOn: notice.ok ? notice.value ?? "" : "0000-00-00", pollingOn: polling.ok ? polling.value ?? "" : "9999-12-31",
    scope: values.scope as PeriodScope, departmentIds: values.departmentIds.filter((d) => /^\d{1,9}$/.test(d)).map(Number), wards: values.wards,
    guideItemId: /^\d{1,9}$/.test(values.guideItemId) ? Number(values.guideItemId) : null,
  };
  return { values, input, errors };
}

export function periodFormValues(p?: Period) {
  return {
    kind: p?.kind ?? "local", title: p?.title ?? "", noticeOn: datePartsOf(p?.noticeOn ?? null), pollingOn: datePartsOf(p?.pollingOn ?? null), scope: p?.scope ?? "council",
    departmentIds: (p?.departmentIds ?? []).map(String), wards: (p?.wards ?? []).join("\n"), guideItemId: p?.guideItemId ? String(p.guideItemId) : "",
  };
}

export const KIND_OPTIONS = PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] }));

/** Departments and guides the period form offers (guides the person may open). */
export async function periodFormOptions(q: Queryable, actor: Actor) {
  const guides = await listGuides(q, visibleItemsSql(actor), {}, { limit: 500, offset: 0 });
  return { departments: (await listDepartments(q)).map((d) => ({ id: d.id, name: d.name })), guides: guides.items.map((g) => ({ id: g.id, title: g.title })), kinds: KIND_OPTIONS };
}

/* ------------------------------------------------------ granted permissions ---- */

/** An administrator sets which grantable permissions a person holds; each change is audited. */
export async function setGrantedPermissions(actor: Actor, userId: number, wanted: GrantedPermission[], now = new Date()): Promise<void> {
  if (!can(actor, "manage", "user")) throw forbidden();
  const db = await getDb();
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    for (const permission of GRANTABLE_PERMISSIONS) {
      const on = wanted.includes(permission);
      if (await setPermissionGrant(tx, userId, permission, on, actor.id, at)) {
        await recordAudit(tx, { actorId: actor.id, action: on ? "user.permission-granted" : "user.permission-removed", entityType: "user", entityId: userId, detail: { permission } }, at);
      }
    }
  });
}
