/**
 * Writing items from the web editor: create, save (with the concurrency check), restore,
 * and comparing two revisions. Every save is a revision; nothing typed is ever dropped:
 *
 *   - a save of a live item becomes a pending change (readers keep the published text);
 *   - a save based on an older revision than the one now current is a conflict: it is
 *     stored as a revision marked "conflicting save" but not made current, and the
 *     author is shown both versions;
 *   - a web save of an item imported from a file marks it edited on the web, so the next
 *     import reports a conflict instead of overwriting it.
 */
import { wordDiff } from "~/utils/text-diff.server";
import { recordAudit } from "~/models/audit.server";
import { listOpenChannels, findChannelBySlug } from "~/models/channel.server";
import { findDepartmentBySlug, listDepartments } from "~/models/department.server";
import { findPersonByEmail } from "~/models/ownership.server";
import {
  findItemById, findItemBySlug, insertItem, loadItemFields, markWebEdited, updateItem, type ItemFields, type ItemRow,
  type ItemType,
} from "~/models/item.server";
import { addRevision, addRevisionNotCurrent, getRevision, getRevisionByNumber, type RevisionRow, type RevisionSource } from "~/models/revision.server";
import { listStoredPolicyVersions } from "~/models/policy-version.server";
import {
  currentRevisionNumber, findPendingChange, listWorkflowEvents, namesById, recordWorkflowEvent, upsertPendingChange,
} from "~/models/workflow.server";
import {
  dataToFrontMatter, emptyEditorValues, frontMatterToValues, type EditorData, type EditorType,
  type EditorValues, type FieldErrors, type FrontMatter,
} from "~/schemas/editor";
import { datePartsOf, dateTimePartsOf, EMPTY_DATE } from "~/schemas/date-input";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { slugify } from "~/utils/markdown.server";
import { canOpenInEditor } from "~/access/drafts.server";
import { keeperProblem } from "~/access/ownership.server";
import { can, canPublishWithoutReview, departmentsOf, type Actor } from "~/access/permissions.server";
import {
  allowedActions, applyTransition, isLiveStatus, itemFieldsFromRevision, loadSubject, parseFields, reviewState,
  WorkflowError, type TransitionResult,
} from "./workflow.server";
import { formatDateTime } from "~/utils/dates";
import { checklistMissing } from "./publicity.server";

/** Departments a person may write a type for (every department for those who may write anywhere). */
export async function departmentsForType(q: Queryable, actor: Actor, type: ItemType, all?: { id: number; slug: string; name: string }[]) {
  return (all ?? (await listDepartments(q))).filter(
    (d) => can(actor, "create", type, { departmentId: d.id }) || can(actor, "update", type, { departmentId: d.id }),
  );
}

// ---------------------------------------------------------------------------------------
// Form values for an existing item.

export type WorkingCopy = {
  item: ItemRow;
  revision: RevisionRow;
  values: EditorValues;
  /** The revision the form is based on: the pending change if there is one, else the current revision. */
  baseRevision: number;
};

/** The item as the editor shows it: its working revision over the item row's fields. */
export async function loadWorkingCopy(q: Queryable, item: ItemRow): Promise<WorkingCopy> {
  const pending = await findPendingChange(q, item.id);
  const revisionId = pending?.revisionId ?? item.currentRevisionId;
  const revision = revisionId ? await getRevision(q, revisionId) : undefined;
  if (!revision) throw new WorkflowError(404, "We could not find that page.");
  const rowValues = await valuesFromItemRow(q, item);
  const values = valuesOfRevision(item.type, revision, rowValues);
  if (item.type === "policy" && !pending && isLiveStatus(item.status))
    // The next change to a live policy is a new version: it needs its own date, approval and "what changed".
    Object.assign(values, { effective: { ...EMPTY_DATE }, approved: "", whatChanged: "", material: false });
  return { item, revision, values, baseRevision: revision.number };
}

export function valuesOfRevision(type: EditorType, revision: Pick<RevisionRow, "title" | "summary" | "body" | "fieldsJson">, fallback: EditorValues): EditorValues {
  const values = frontMatterToValues(type, parseFields(revision.fieldsJson), fallback);
  return { ...values, title: revision.title, summary: revision.summary, body: revision.body, note: "" };
}

async function valuesFromItemRow(q: Queryable, item: ItemRow): Promise<EditorValues> {
  const f = await loadItemFields(q, item);
  const [departments, channels] = await Promise.all([listDepartments(q), listOpenChannels(q)]);
  const deptSlug = new Map(departments.map((d) => [d.id, d.slug]));
  const channelSlug = new Map(channels.map((c) => [c.id, c.slug]));
  const slugs = (ids: number[], map: Map<number, string>) => ids.map((id) => map.get(id)).filter((s): s is string => !!s);
  return {
    ...emptyEditorValues(item.type),
    slug: item.slug, title: item.title, summary: item.summary,
    department: f.departmentId ? deptSlug.get(f.departmentId) ?? "" : "",
    audience: f.audience, audienceDepartments: slugs(f.audienceDepartmentIds, deptSlug), audienceRoles: f.audienceRoles,
    isPublic: f.isPublic, tags: f.tags.join(", "), publishAt: dateTimePartsOf(f.publishAt), expiresAt: dateTimePartsOf(f.expiresAt),
    targetDepartments: slugs(f.targetDepartmentIds, deptSlug), channels: slugs(f.channelIds, channelSlug), priority: f.priority,
    mustRead: f.mustRead, reference: f.reference ?? "", owner: f.ownerEmail ?? "", deputy: f.deputyEmail ?? "",
    lastReviewed: datePartsOf(f.lastReviewedOn), reviewBy: datePartsOf(f.reviewBy), related: f.related.map((r) => `${r.type}:${r.slug}`).join(", "),
  };
}

/** A policy that already has a published version must say what changed in the next one. */
export async function requiresWhatChanged(q: Queryable, item: ItemRow | undefined): Promise<boolean> {
  return !!item && item.type === "policy" && (await listStoredPolicyVersions(q, item.id)).length > 0;
}

// ---------------------------------------------------------------------------------------
// Checks that need the database: departments, channels and web addresses that exist, and
// departments this person may write for. Returned as field errors, like the schema's.

export async function checkReferences(q: Queryable, actor: Actor, data: EditorData, existing?: ItemRow): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const dept = await findDepartmentBySlug(q, data.department);
  if (!dept) errors.department = "Choose a department from the list";
  else if (!can(actor, existing ? "update" : "create", data.type, { departmentId: dept.id, authorId: existing?.authorId ?? actor.id }))
    errors.department = "You can only write this for your own departments";
  const audienceDepartmentIds: number[] = [];
  for (const slug of data.audienceDepartments) {
    const found = await findDepartmentBySlug(q, slug);
    if (!found) errors.audienceDepartments ??= "Choose departments from the list";
    else audienceDepartmentIds.push(found.id);
  }
  const anywhere = can(actor, "update", data.type, { departmentId: -1 });
  const mine = new Set(departmentsOf(actor));
  for (const slug of data.targetDepartments) {
    const target = slug === "all" ? null : await findDepartmentBySlug(q, slug);
    if (slug !== "all" && !target) errors.targetDepartments ??= "Choose departments from the list";
    else if (!anywhere && (!target || !mine.has(target.id))) errors.targetDepartments ??= "You can only send announcements to departments you post for";
  }
  for (const slug of data.channels) {
    const channel = await findChannelBySlug(q, slug);
    if (!channel) errors.channels ??= "Choose channels from the list";
    else if (!anywhere && (channel.departmentId === null || !mine.has(channel.departmentId))) errors.channels ??= "You can only post in your departments' channels";
  }
  if (!existing && data.slug && (await findItemBySlug(q, data.type, data.slug)))
    errors.slug = "That web address is already used. Choose another, or leave it empty to make one from the title";
  // Owners and deputies are people who can open the page (app/access/ownership.server.ts). One already
  // named with no account (from a content file; they may sign in later) may stay; a new one needs an account.
  const audience = { audience: data.audience, audienceDepartmentIds, audienceRoles: data.audienceRoles };
  for (const [field, email, current] of [["owner", data.owner, existing?.ownerEmail], ["deputy", data.deputy, existing?.deputyEmail]] as const) {
    if (!email || errors[field] || errors.audienceDepartments) continue;
    const unchanged = !!current && current.toLowerCase() === email.toLowerCase();
    const problem = keeperProblem(email, await findPersonByEmail(q, email), audience, { needsAccount: !unchanged });
    if (problem) errors[field] = problem;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------
// Saving.

export type SaveIntent = "save" | "submit" | "publish";

export type SaveResult =
  | { kind: "saved"; itemId: number; revisionNumber: number; pending: boolean; transition?: TransitionResult; checklistNeeded?: boolean }
  | { kind: "conflict"; itemId: number; theirs: number; current: number };

type Content = { title: string; summary: string; body: string; fields: FrontMatter; source: RevisionSource; note: string };

function blankFields(type: ItemType, slug: string, authorId: number): ItemFields {
  return {
    type, slug, title: "", summary: "", status: "draft", departmentId: null, audience: "everyone", audienceDepartmentIds: [],
    audienceRoles: [], isPublic: false, priority: "normal", mustRead: false, publishAt: null, expiresAt: null, reference: null,
    ownerEmail: null, deputyEmail: null, lastReviewedOn: null, reviewBy: null, targetDepartmentIds: [], channelIds: [], tags: [],
    related: [], source: "web", sourcePath: null, authorId,
  };
}

async function uniqueSlug(q: Queryable, type: ItemType, wanted: string): Promise<string> {
  const base = wanted.slice(0, 90) || "untitled";
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await findItemBySlug(q, type, candidate))) return candidate;
  }
}

/** After a save, the follow-on step the author chose ("save and submit"), if it is allowed now; otherwise just the save. */
async function thenTransition(tx: Queryable, actor: Actor, itemId: number, intent: SaveIntent, now: Date): Promise<TransitionResult | "checklist" | undefined> {
  if (intent === "save") return undefined;
  const item = await findItemById(tx, itemId);
  if (!item) return undefined;
  const subject = await loadSubject(tx, item);
  if (!allowedActions(actor, subject).has(intent)) return undefined;
  // During a pre-election period the checklist comes first: the save stands, the panel asks it (decision 161).
  if ((await checklistMissing(tx, item, subject.pendingChange?.revisionId ?? item.currentRevisionId, now)).length > 0) return "checklist";
  return applyTransition(tx, actor, itemId, intent === "submit" ? { intent: "submit" } : { intent: "publish" }, now);
}

export async function createFromEditor(actor: Actor, data: EditorData, intent: SaveIntent = "save", now = new Date()): Promise<SaveResult> {
  const nowIso = now.toISOString();
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const slug = data.slug || (await uniqueSlug(tx, data.type, slugify(data.title)));
    if (data.slug && (await findItemBySlug(tx, data.type, slug))) throw new WorkflowError(409, "That web address is already used.");
    const fm = dataToFrontMatter(data);
    const fields = await itemFieldsFromRevision(tx, blankFields(data.type, slug, actor.id), { title: data.title, summary: data.summary, fields: fm });
    if (!can(actor, "create", data.type, { departmentId: fields.departmentId, authorId: actor.id }))
      throw new WorkflowError(403, "You do not have permission to do that.");
    const itemId = await insertItem(tx, fields, nowIso);
    const rev = await addRevision(
      tx,
      { itemId, title: data.title, summary: data.summary, body: data.body, fields: fm, source: "web", authorId: actor.id, note: data.note },
      nowIso,
    );
    await recordWorkflowEvent(tx, { itemId, revisionId: rev.id, actorId: actor.id, action: "create", toState: "draft", comment: data.note }, nowIso);
    await recordAudit(tx, { actorId: actor.id, action: "item.create", entityType: data.type, entityId: itemId, detail: { title: data.title, slug } }, nowIso);
    const then = await thenTransition(tx, actor, itemId, intent, now);
    const transition = then === "checklist" ? undefined : then;
    return { kind: "saved" as const, itemId, revisionNumber: rev.number, pending: false, transition, checklistNeeded: then === "checklist" };
  });
  return result;
}

/**
 * Saves a revision of an existing item inside `tx`. `baseRevision` is the working revision
 * the author started from; if another save landed since, this one is kept as a revision
 * but not made current (a conflict).
 */
async function saveContent(
  tx: Queryable,
  actor: Actor,
  itemId: number,
  content: Content,
  baseRevision: number | null,
  now: Date,
): Promise<SaveResult> {
  const nowIso = now.toISOString();
  const item = await findItemById(tx, itemId);
  if (!item || !canOpenInEditor(actor, item)) throw new WorkflowError(404, "We could not find that page.");
  const subject = await loadSubject(tx, item);
  const allowed = allowedActions(actor, subject);
  if (!allowed.has(content.source === "restore" ? "restore" : "save")) {
    if (subject.status === "archived") throw new WorkflowError(409, "This page is archived. Bring it back from the archive before editing it.");
    throw new WorkflowError(403, "You do not have permission to do that.");
  }
  const pending = subject.pendingChange;
  const working = pending ? pending.revisionNumber : await currentRevisionNumber(tx, itemId);
  /** A revision that becomes current (a draft's save) or waits beside the live one (a pending change, a conflicting save). */
  const newRevision = (note: string, current: boolean) =>
    (current ? addRevision : addRevisionNotCurrent)(
      tx,
      { itemId, title: content.title, summary: content.summary, body: content.body, fields: content.fields, source: content.source, authorId: actor.id, note },
      nowIso,
    );
  if (item.source === "file") await markWebEdited(tx, itemId);

  if (baseRevision !== null && baseRevision !== working) {
    const rev = await newRevision(content.note ? `conflicting save: ${content.note}` : "conflicting save", false);
    await recordWorkflowEvent(tx, { itemId, revisionId: rev.id, actorId: actor.id, action: "conflict", comment: `based on revision ${baseRevision}, current is ${working}` }, nowIso);
    await recordAudit(tx, { actorId: actor.id, action: "item.conflict", entityType: item.type, entityId: itemId, detail: { base: baseRevision, current: working, saved: rev.number } }, nowIso);
    return { kind: "conflict", itemId, theirs: rev.number, current: working };
  }

  const base = await loadItemFields(tx, item);
  const fields = await itemFieldsFromRevision(tx, base, content);
  if (!can(actor, "update", item.type, { departmentId: fields.departmentId, authorId: item.authorId, ownerEmail: fields.ownerEmail }) &&
      !canPublishWithoutReview(actor, item.type, { departmentId: fields.departmentId }))
    throw new WorkflowError(403, "You can only move this to a department you write for.");
  const publisher = canPublishWithoutReview(actor, item.type, { departmentId: fields.departmentId, authorId: item.authorId });
  const from = reviewState(subject);
  let to = from;
  let revisionNumber: number;
  let revisionId: number;
  if (isLiveStatus(item.status)) {
    // Readers keep the live text; the save waits as a pending change.
    const rev = await newRevision(content.note, false);
    const state = pending?.state === "in-review" ? "in-review" : pending?.state === "scheduled" && publisher ? "scheduled" : "draft";
    await upsertPendingChange(tx, { itemId, revisionId: rev.id, state, scheduledFor: state === "scheduled" ? pending?.scheduledFor : null, updatedBy: actor.id }, nowIso);
    to = state;
    revisionNumber = rev.number;
    revisionId = rev.id;
  } else {
    // A scheduled item stays approved only if a publisher changed it and it still has a time ahead.
    if (item.status === "scheduled" && (!publisher || !fields.publishAt || fields.publishAt <= nowIso)) fields.status = publisher ? "in-review" : "draft";
    else fields.status = item.status;
    await updateItem(tx, itemId, fields, nowIso);
    const rev = await newRevision(content.note, true);
    to = fields.status as typeof to;
    revisionNumber = rev.number;
    revisionId = rev.id;
  }
  const action = content.source === "restore" ? "restore" : "save";
  await recordWorkflowEvent(tx, { itemId, revisionId, actorId: actor.id, action, fromState: from, toState: to, comment: content.note }, nowIso);
  await recordAudit(
    tx,
    { actorId: actor.id, action: `item.${action}`, entityType: item.type, entityId: itemId, detail: { title: content.title, revision: revisionNumber, pending: isLiveStatus(item.status) } },
    nowIso,
  );
  return { kind: "saved", itemId, revisionNumber, pending: isLiveStatus(item.status) };
}

export async function saveFromEditor(
  actor: Actor,
  itemId: number,
  data: EditorData,
  baseRevision: number,
  intent: SaveIntent = "save",
  now = new Date(),
): Promise<SaveResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const saved = await saveContent(
      tx, actor, itemId,
      { title: data.title, summary: data.summary, body: data.body, fields: dataToFrontMatter(data), source: "web", note: data.note },
      baseRevision, now,
    );
    if (saved.kind === "conflict") return saved;
    const then = await thenTransition(tx, actor, itemId, intent, now);
    return { ...saved, transition: then === "checklist" ? undefined : then, checklistNeeded: then === "checklist" };
  });
  return result;
}

/** Restore: a NEW revision with an old one's text and fields; history is never rewritten. */
export async function restoreRevision(actor: Actor, itemId: number, number: number, now = new Date()): Promise<SaveResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const old = await getRevisionByNumber(tx, itemId, number);
    if (!old) throw new WorkflowError(404, "That revision does not exist.");
    return saveContent(
      tx, actor, itemId,
      { title: old.title, summary: old.summary, body: old.body, fields: parseFields(old.fieldsJson), source: "restore", note: `Restored from revision ${number}` },
      null, now,
    );
  });
  return result;
}

// ---------------------------------------------------------------------------------------
// Comparing revisions.

export type DiffPart = { value: string; added?: boolean; removed?: boolean };
export type FieldChange = { key: string; label: string; from: string; to: string };
export type RevisionMeta = { number: number; authorName: string | null; createdAt: string; source: RevisionSource; note: string };
export type Comparison = {
  from: RevisionMeta;
  to: RevisionMeta;
  title: DiffPart[] | null;
  summary: DiffPart[] | null;
  body: DiffPart[] | null;
  fields: FieldChange[];
  identical: boolean;
};

const FIELD_LABELS: Record<string, string> = {
  department: "Department", departments: "Sent to departments", channels: "Channels", priority: "Priority", must_read: "Must read",
  published: "Publish date", expires: "Expiry date", audience: "Who can see it", public: "Visible without signing in", tags: "Tags",
  reference: "Reference", owner: "Owner", deputy: "Deputy", effective: "Effective date", approved: "Approval reference",
  what_changed: "What changed", material: "Material change", last_reviewed: "Last reviewed", review_by: "Review by", related: "Related pages",
};
const NOT_FIELDS = new Set(["title", "summary", "body"]);

function describe(key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(none)";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.length ? v.map((x) => describe(key, x)).join(", ") : "(none)";
  if (typeof v === "object") {
    const a = v as Record<string, unknown>;
    if (Array.isArray(a.departments)) return `Departments: ${describe(key, a.departments)}`;
    if (Array.isArray(a.roles)) return `Roles: ${describe(key, a.roles)}`;
    return JSON.stringify(v);
  }
  const s = String(v);
  if ((key === "published" || key === "expires") && /^\d{4}-\d{2}-\d{2}T/.test(s)) return formatDateTime(s) || s;
  return s;
}

export { wordDiff };

function changed(parts: DiffPart[]): DiffPart[] | null {
  return parts.some((p) => p.added || p.removed) ? parts : null;
}

export function compareContent(
  a: Pick<RevisionRow, "title" | "summary" | "body" | "fieldsJson">,
  b: Pick<RevisionRow, "title" | "summary" | "body" | "fieldsJson">,
): Omit<Comparison, "from" | "to"> {
  const fa = parseFields(a.fieldsJson);
  const fb = parseFields(b.fieldsJson);
  const keys = [...new Set([...Object.keys(FIELD_LABELS), ...Object.keys(fa), ...Object.keys(fb)])].filter(
    (k) => !NOT_FIELDS.has(k) && (k in fa || k in fb),
  );
  const fields = keys.flatMap((key) => {
    const from = describe(key, fa[key]);
    const to = describe(key, fb[key]);
    return from === to ? [] : [{ key, label: FIELD_LABELS[key] ?? key.replace(/_/g, " "), from, to }];
  });
  const title = changed(wordDiff(a.title, b.title));
  const summary = changed(wordDiff(a.summary, b.summary));
  const body = changed(wordDiff(a.body, b.body));
  return { title, summary, body, fields, identical: !title && !summary && !body && fields.length === 0 };
}

/** Compares two revisions of an item by number, or undefined if either does not exist. */
export async function compareRevisions(q: Queryable, itemId: number, fromNumber: number, toNumber: number): Promise<Comparison | undefined> {
  const a = await getRevisionByNumber(q, itemId, fromNumber);
  const b = await getRevisionByNumber(q, itemId, toNumber);
  if (!a || !b) return undefined;
  const names = await namesById(q, [a.authorId, b.authorId]);
  const meta = (r: RevisionRow): RevisionMeta => ({
    number: r.number, authorName: r.authorId ? names.get(r.authorId) ?? null : null, createdAt: r.createdAt, source: r.source, note: r.note,
  });
  return { from: meta(a), to: meta(b), ...compareContent(a, b) };
}

// ---------------------------------------------------------------------------------------
// What the editor pages need, gathered once for the routes.

/** "/editor/12" → the item, if this person may open it in the editor; otherwise 404 (not 403: its existence is private). */
export async function findEditableItem(q: Queryable, actor: Actor, idParam: string | undefined): Promise<ItemRow> {
  const id = idParam && /^\d{1,10}$/.test(idParam) ? Number(idParam) : NaN;
  const item = Number.isFinite(id) ? await findItemById(q, id) : undefined;
  if (!item || !canOpenInEditor(actor, item)) throw new Response("We could not find that page.", { status: 404 });
  return item;
}

/** A WorkflowError as the HTTP response a route throws; anything else is rethrown. */
export function asHttpError(err: unknown): never {
  if (err instanceof WorkflowError) throw new Response(err.message, { status: err.status });
  throw err;
}

export async function editorOptions(q: Queryable, actor: Actor, type: ItemType, currentDepartment?: string) {
  // One after another: the same statement prepared twice at once would leak one copy.
  const all = await listDepartments(q);
  const channels = await listOpenChannels(q);
  const writable = await departmentsForType(q, actor, type, all);
  const departments = writable.map((d) => ({ slug: d.slug, name: d.name }));
  // An item's own department stays choosable even for someone who reviews but may not write there.
  const current = all.find((d) => d.slug === currentDepartment);
  if (current && !departments.some((d) => d.slug === current.slug)) departments.push({ slug: current.slug, name: current.name });
  const anywhere = can(actor, "update", type, { departmentId: -1 });
  const mine = new Set(departmentsOf(actor));
  return {
    departments,
    allDepartments: all.map((d) => ({ slug: d.slug, name: d.name })),
    // Announcements go only to departments and channels this person posts for (comms: anywhere).
    targetDepartments: (anywhere ? all : all.filter((d) => mine.has(d.id))).map((d) => ({ slug: d.slug, name: d.name })),
    canTargetAll: anywhere,
    channels: channels
      .filter((c) => anywhere || (c.departmentId !== null && mine.has(c.departmentId)))
      .map((c) => ({ slug: c.slug, name: c.departmentName && !c.name.includes(c.departmentName) ? `${c.departmentName}: ${c.name}` : c.name })),
  };
}

/** Everything the edit page shows about an item: the form values, the workflow state and the buttons. */
export async function loadEditorPage(q: Queryable, actor: Actor, item: ItemRow) {
  const working = await loadWorkingCopy(q, item);
  const subject = await loadSubject(q, item);
  const state = reviewState(subject);
  const allowed = allowedActions(actor, subject);
  const [options, whatChanged, events] = await Promise.all([
    editorOptions(q, actor, item.type, working.values.department),
    requiresWhatChanged(q, item),
    listWorkflowEvents(q, item.id, 50),
  ]);
  const lastDecision = events.find((e) => e.action === "submit" || e.action === "request-changes" || e.action === "publish");
  const scheduledFor = state === "scheduled" ? (subject.pendingChange?.scheduledFor ?? item.publishAt) : null;
  return {
    item: { id: item.id, type: item.type, slug: item.slug, title: item.title, status: item.status, source: item.source, sourcePath: item.sourcePath, webEdited: item.webEdited === 1 },
    values: working.values,
    baseRevision: working.baseRevision,
    state,
    allowed: [...allowed],
    ...saveButtons(actor, item, state, allowed),
    isLive: isLiveStatus(item.status),
    requireWhatChanged: whatChanged,
    options,
    scheduledFor: scheduledFor ? formatDateTime(scheduledFor) : null,
    liveUrl: isLiveStatus(item.status) ? itemPath(item.type, item.slug) : null,
    changeRequest: lastDecision?.action === "request-changes" ? { by: lastDecision.actorName, at: lastDecision.at, comment: lastDecision.comment } : null,
  };
}

/**
 * The save buttons: publishers get "Save and publish"; others "Save and send for review"
 * when the save leaves a draft (a new item, a draft, or a change to a live page).
 */
export function saveButtons(actor: Actor, item: Pick<ItemRow, "type" | "departmentId"> | null, state: ReturnType<typeof reviewState> | "new", allowed?: Set<string>) {
  const canSave = state === "new" || !!allowed?.has("save");
  const canPublish = canSave && (item ? canPublishWithoutReview(actor, item.type, { departmentId: item.departmentId }) : false);
  return { canPublish, canSubmit: canSave && !canPublish && (state === "new" || state === "draft" || state === "live") };
}
