/**
 * The editorial workflow: draft → in review → published (now, or scheduled for a time),
 * or back to draft with "changes requested"; archive instead of delete.
 *
 * Two kinds of thing move through it:
 *   - an item that has never been live: its own status (draft, in-review, scheduled);
 *   - a change to a live item (published or expired): a pending change, so readers keep
 *     the published text until the change itself is published.
 * `reviewState` folds both into one state; `allowedActions` is the rule table
 * (tests/editor/workflow-rules.test.ts checks it per role). Every transition writes a
 * workflow event and an audit entry in the same transaction.
 */
import { recordAudit } from "~/models/audit.server";
import { listDepartments, findDepartmentBySlug } from "~/models/department.server";
import { findChannelBySlug, listDepartmentChannels } from "~/models/channel.server";
import {
  findItemById, loadItemFields, setItemStatus, updateItem, type ItemFields, type ItemRow, type ItemStatus, type ItemType,
} from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import {
  deletePendingChange, findPendingChange, latestWorkflowEvent, recordWorkflowEvent, setCurrentRevision, setPublishAt,
  upsertPendingChange, type PendingChange, type PendingState, type WorkflowEventAction,
} from "~/models/workflow.server";
import { listStoredPolicyVersions, upsertPolicyVersion } from "~/models/policy-version.server";
import type { FrontMatter } from "~/schemas/editor";
import { frontMatterInstant, type WorkflowActionName } from "~/schemas/editor";
import { getDb, type Queryable } from "~/utils/db.server";
import { canOpenInEditor } from "~/access/drafts.server";
import { can, canPublishWithoutReview, type Actor, type Resource } from "~/access/permissions.server";
import { isRole, type Role } from "~/utils/roles";
import type { ChecklistAnswers } from "~/models/election.server";
import { checklistMissing, holdForPublicity, logPublished, overridePublicity, publicityBlockers, recordChecklist } from "./publicity.server";

export type ReviewState = "draft" | "in-review" | "scheduled" | "live" | "archived";

/** A workflow error carries the HTTP status a route should answer with. */
export class WorkflowError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export type WorkflowSubject = {
  type: ItemType;
  status: ItemStatus;
  departmentId: number | null;
  authorId: number | null;
  ownerEmail: string | null;
  pending: PendingState | null;
};

export function isLiveStatus(status: ItemStatus): boolean {
  return status === "published" || status === "expired";
}

/** Where the editable copy of an item stands. */
export function reviewState(s: Pick<WorkflowSubject, "status" | "pending">): ReviewState {
  if (s.status === "archived") return "archived";
  if (isLiveStatus(s.status)) return s.pending ?? "live";
  return s.status as "draft" | "in-review" | "scheduled";
}

export function resourceOf(s: Pick<WorkflowSubject, "departmentId" | "authorId" | "ownerEmail">): Resource {
  return { departmentId: s.departmentId, authorId: s.authorId, ownerEmail: s.ownerEmail };
}

export type EditorAction = WorkflowActionName | "save";

/**
 * The rule table. Editors (update permission) save, submit, withdraw their submission and
 * restore old revisions; publishers (comms, admins, and champions or managers an admin
 * trusted for a department) publish, schedule and send back with comments; archive needs
 * the archive permission (comms and admins).
 */
export function allowedActions(actor: Actor | null, s: WorkflowSubject): Set<EditorAction> {
  const allowed = new Set<EditorAction>();
  if (!actor) return allowed;
  const resource = resourceOf(s);
  const edit = can(actor, "update", s.type, resource);
  const publish = canPublishWithoutReview(actor, s.type, resource);
  const archive = can(actor, "archive", s.type, resource);
  const state = reviewState(s);
  if (state === "archived") {
    if (archive) allowed.add("unarchive");
    return allowed;
  }
  if (edit || publish) {
    allowed.add("save");
    allowed.add("restore");
  }
  if (edit && state === "draft") allowed.add("submit");
  if ((edit && state === "in-review") || (publish && state === "scheduled")) allowed.add("withdraw");
  if (publish && (state === "draft" || state === "in-review" || state === "scheduled")) allowed.add("publish");
  if (publish && state === "in-review") allowed.add("request-changes");
  if (archive) allowed.add("archive");
  return allowed;
}

/** May this person open the item in the editor at all? (Otherwise the editor answers 404.) */
export async function loadSubject(q: Queryable, item: ItemRow): Promise<WorkflowSubject & { pendingChange: PendingChange | undefined }> {
  const pendingChange = await findPendingChange(q, item.id);
  return {
    type: item.type, status: item.status, departmentId: item.departmentId, authorId: item.authorId, ownerEmail: item.ownerEmail,
    pending: pendingChange?.state ?? null, pendingChange,
  };
}

// ---------------------------------------------------------------------------------------
// Front matter (as kept in revisions) → the item row's fields.

const asString = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);
const asList = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.map(asString).filter((s): s is string => !!s) : typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : null;
const asBool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
async function departmentIds(q: Queryable, slugs: string[]): Promise<number[]> {
  if (slugs.includes("all")) return (await listDepartments(q)).map((d) => d.id);
  const ids: number[] = [];
  for (const slug of slugs) {
    const d = await findDepartmentBySlug(q, slug);
    if (d) ids.push(d.id);
  }
  return ids;
}

/**
 * The item fields a revision describes, over `base` for anything its front matter does
 * not say. Unknown departments and channels are dropped (the form checks them first).
 */
export async function itemFieldsFromRevision(
  q: Queryable,
  base: ItemFields,
  rev: { title: string; summary: string; fields: FrontMatter },
): Promise<ItemFields> {
  const fm = rev.fields;
  const out: ItemFields = { ...base, title: rev.title, summary: rev.summary };
  const dept = asString(fm.department);
  if (dept) {
    const d = await findDepartmentBySlug(q, dept);
    if (d) out.departmentId = d.id;
  }
  if (fm.audience === "everyone") Object.assign(out, { audience: "everyone", audienceDepartmentIds: [], audienceRoles: [] });
  else if (fm.audience && typeof fm.audience === "object") {
    const a = fm.audience as Record<string, unknown>;
    const depts = asList(a.departments);
    const roles = asList(a.roles);
    if (depts) Object.assign(out, { audience: "departments", audienceDepartmentIds: await departmentIds(q, depts), audienceRoles: [] });
    else if (roles) Object.assign(out, { audience: "roles", audienceRoles: roles.filter(isRole) as Role[], audienceDepartmentIds: [] });
  }
  const pub = asBool(fm.public);
  if (pub !== null) out.isPublic = pub;
  const tags = asList(fm.tags);
  if (tags) out.tags = tags;
  const publishAt = frontMatterInstant(fm.published, "published");
  if (publishAt !== undefined) out.publishAt = publishAt;
  const expiresAt = frontMatterInstant(fm.expires, "expires");
  if (expiresAt !== undefined) out.expiresAt = expiresAt;
  if (base.type === "announcement") {
    const targets = fm.departments === "all" ? ["all"] : asList(fm.departments);
    if (targets) out.targetDepartmentIds = await departmentIds(q, targets);
    const channels = asList(fm.channels);
    if (channels) {
      const ids: number[] = [];
      for (const slug of channels) {
        const c = await findChannelBySlug(q, slug);
        if (c) ids.push(c.id);
      }
      out.channelIds = ids;
    }
    // As for files: an announcement that names no channel goes to its department's default channel.
    if (out.channelIds.length === 0 && out.departmentId !== null) {
      const fallback = (await listDepartmentChannels(q, out.departmentId)).find((c) => c.isDefault === 1);
      if (fallback) out.channelIds = [fallback.id];
    }
    const priority = asString(fm.priority);
    if (priority === "normal" || priority === "need-to-know" || priority === "urgent") out.priority = priority;
    const mustRead = asBool(fm.must_read);
    if (mustRead !== null) out.mustRead = mustRead;
  }
  if (base.type === "policy") {
    const reference = asString(fm.reference);
    if (reference) out.reference = reference;
  }
  if (base.type !== "announcement" && "owner" in fm) out.ownerEmail = asString(fm.owner);
  if (base.type === "guide") {
    if ("deputy" in fm) out.deputyEmail = asString(fm.deputy);
    const lastReviewed = asString(fm.last_reviewed);
    if (lastReviewed) out.lastReviewedOn = lastReviewed.slice(0, 10);
    const reviewBy = asString(fm.review_by);
    if (reviewBy) out.reviewBy = reviewBy.slice(0, 10);
    const related = asList(fm.related);
    if (related)
      out.related = related.flatMap((r) => {
        const m = /^(guide|policy|announcement):([a-z0-9-]+)$/.exec(r);
        return m ? [{ type: m[1] as ItemType, slug: m[2] }] : [];
      });
  }
  return out;
}

export function parseFields(json: string): FrontMatter {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as FrontMatter) : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------
// Going live.

/**
 * Makes an item live now: a pending change is applied to the item row and its revision
 * becomes current; a never-live item becomes published. A policy gets a new version
 * pointing at the revision now live. Used by "publish" and by the scheduler.
 */
export async function goLive(tx: Queryable, itemId: number, now: Date): Promise<{ revisionId: number | null; version?: number }> {
  const nowIso = now.toISOString();
  const item = await findItemById(tx, itemId);
  if (!item) throw new WorkflowError(404, "That item no longer exists.");
  const pending = await findPendingChange(tx, itemId);
  let revisionId = item.currentRevisionId;
  if (pending) {
    const rev = await getRevision(tx, pending.revisionId);
    if (rev) {
      const base = await loadItemFields(tx, item);
      const fields = await itemFieldsFromRevision(tx, base, { title: rev.title, summary: rev.summary, fields: parseFields(rev.fieldsJson) });
      // A live item stays live from when it first went live; only its content changes.
      fields.publishAt = item.publishAt && item.publishAt <= nowIso ? item.publishAt : nowIso;
      fields.status = fields.expiresAt && fields.expiresAt <= nowIso ? "expired" : "published";
      await updateItem(tx, itemId, fields, nowIso);
      await setCurrentRevision(tx, itemId, rev.id);
      revisionId = rev.id;
    }
    await deletePendingChange(tx, itemId);
  } else {
    if (!item.publishAt || item.publishAt > nowIso) await setPublishAt(tx, itemId, nowIso);
    await setItemStatus(tx, itemId, item.expiresAt && item.expiresAt <= nowIso ? "expired" : "published", nowIso);
  }
  if (item.type === "policy" && revisionId) {
    const latest = (await listStoredPolicyVersions(tx, itemId)).at(-1);
    if (!latest || latest.revisionId !== revisionId) {
      const rev = await getRevision(tx, revisionId);
      const fm = parseFields(rev?.fieldsJson ?? "{}");
      const version = (latest?.version ?? 0) + 1;
      await upsertPolicyVersion(tx, {
        itemId, version, revisionId, effectiveOn: asString(fm.effective)?.slice(0, 10) ?? nowIso.slice(0, 10),
        approvalRef: asString(fm.approved) ?? "", whatChanged: asString(fm.what_changed) ?? "", isMaterial: asBool(fm.material) ?? false,
        publishedAt: nowIso,
      });
      return { revisionId, version };
    }
  }
  return { revisionId };
}

// ---------------------------------------------------------------------------------------
// Transitions.

export type WorkflowInput =
  | { intent: "submit"; comment?: string; checklist?: ChecklistAnswers }
  | { intent: "withdraw" }
  | { intent: "publish"; publishAt?: string | null; comment?: string; checklist?: ChecklistAnswers; override?: string }
  | { intent: "request-changes"; comment: string }
  | { intent: "archive"; comment?: string }
  | { intent: "unarchive" };

/** `held`: a publish during a pre-election period waits for a publicity reviewer (decision 161). */
export type TransitionResult = { action: WorkflowEventAction; from: string; to: string; version?: number; held?: boolean };

/** The publicity checklist must be answered before this can go on (the route shows the questions). */
export class ChecklistNeeded extends WorkflowError {
  constructor(readonly periods: string[]) {
    super(400, "Answer the publicity checklist: a pre-election period is on for this page.");
  }
}

const MESSAGES: Record<string, string> = {
  submit: "This is not a draft, so it cannot be sent for review.",
  withdraw: "This is not waiting for review or scheduled, so there is nothing to withdraw.",
  publish: "There is nothing waiting to be published.",
  "request-changes": "This is not waiting for review.",
  archive: "This is already archived.",
  unarchive: "This is not archived.",
};

/**
 * Applies one transition inside the caller's transaction. Permission is checked here as
 * well as in the route, so no caller can skip it: not allowed at all is 403; allowed in
 * general but not from this state (a double click, a stale page) is 409.
 */
export async function applyTransition(tx: Queryable, actor: Actor, itemId: number, input: WorkflowInput, now: Date): Promise<TransitionResult> {
  const nowIso = now.toISOString();
  const item = await findItemById(tx, itemId);
  if (!item || !canOpenInEditor(actor, item)) throw new WorkflowError(404, "We could not find that page.");
  const subject = await loadSubject(tx, item);
  const from = reviewState(subject);
  const allowed = allowedActions(actor, subject);
  if (!allowed.has(input.intent)) {
    const everAllowed = allowedActions(actor, { ...subject, ...stateForAsking(input.intent) }).has(input.intent);
    throw everAllowed ? new WorkflowError(409, MESSAGES[input.intent]) : new WorkflowError(403, "You do not have permission to do that.");
  }
  const pending = subject.pendingChange;
  let action: WorkflowEventAction = input.intent;
  let to: ReviewState = from;
  let version: number | undefined;
  let revisionId = pending?.revisionId ?? item.currentRevisionId;
  let eventFrom: string = from;
  let held = false;
  if (input.intent === "submit" || input.intent === "publish") {
    // Pre-election period: the checklist is answered once per revision (decision 161).
    const missing = await checklistMissing(tx, item, revisionId, now);
    if (missing.length > 0) {
      if (!input.checklist) throw new ChecklistNeeded(missing.map((p) => p.title));
      await recordChecklist(tx, actor.id, item, revisionId, input.checklist, missing, now);
    }
  }
  const setState = async (state: "draft" | "in-review") => {
    if (pending) await upsertPendingChange(tx, { itemId, revisionId: pending.revisionId, state, updatedBy: actor.id }, nowIso);
    else await setItemStatus(tx, itemId, state, nowIso);
    to = state;
  };
  switch (input.intent) {
    case "submit":
      await setState("in-review");
      break;
    case "withdraw":
    case "request-changes":
      await setState("draft");
      break;
    case "publish": {
      let when = await publishTime(tx, item, pending, input.publishAt ?? null, now);
      const blockers = await publicityBlockers(tx, item, revisionId, now);
      if (blockers.length > 0 && input.override?.trim()) {
        await overridePublicity(tx, actor.id, item, revisionId, blockers, input.override.trim(), now);
      } else if (blockers.length > 0 && when <= nowIso) {
        // Held: scheduled for now, so it goes out as soon as a publicity reviewer approves it.
        await holdForPublicity(tx, item, blockers, actor.id, now);
        held = true;
        when = nowIso;
      }
      if (when > nowIso || held) {
        action = "schedule";
        if (pending) await upsertPendingChange(tx, { itemId, revisionId: pending.revisionId, state: "scheduled", scheduledFor: when, updatedBy: actor.id }, nowIso);
        else {
          await setPublishAt(tx, itemId, when);
          await setItemStatus(tx, itemId, "scheduled", nowIso);
        }
        to = "scheduled";
      } else {
        const live = await goLive(tx, itemId, now);
        revisionId = live.revisionId;
        version = live.version;
        to = "live";
        await logPublished(tx, item, actor.id, now);
      }
      break;
    }
    case "archive":
      // The event keeps the item's own status (not the review state), so unarchive can put it back exactly.
      eventFrom = item.status;
      await setItemStatus(tx, itemId, "archived", nowIso);
      to = "archived";
      break;
    case "unarchive": {
      const archived = await latestWorkflowEvent(tx, itemId, "archive");
      const before = archived?.fromState ?? "draft";
      const back: ItemStatus = isLiveStatus(before as ItemStatus)
        ? item.expiresAt && item.expiresAt <= nowIso ? "expired" : "published"
        : before === "in-review" || before === "scheduled" ? before : "draft";
      await setItemStatus(tx, itemId, back, nowIso);
      to = reviewState({ status: back, pending: pending?.state ?? null });
      break;
    }
  }
  const comment = held ? "Held for publicity review (pre-election period)" : "comment" in input ? input.comment ?? "" : "";
  await recordWorkflowEvent(tx, { itemId, revisionId, actorId: actor.id, action, fromState: eventFrom, toState: to, comment }, nowIso);
  await recordAudit(
    tx,
    {
      actorId: actor.id, action: `item.${action}`, entityType: item.type, entityId: itemId,
      detail: { title: item.title, from, to, ...(comment ? { comment } : {}), ...(version ? { version } : {}) },
    },
    nowIso,
  );
  return { action, from, to, version, ...(held ? { held } : {}) };
}

/** A state from which `intent` is possible, to tell "not now" (409) from "never" (403). */
function stateForAsking(intent: EditorAction): Pick<WorkflowSubject, "status" | "pending"> {
  switch (intent) {
    case "submit":
      return { status: "draft", pending: null };
    case "unarchive":
      return { status: "archived", pending: null };
    default:
      return { status: "in-review", pending: null };
  }
}

/** When a publish takes effect: the time asked for, else the time on the item (or its pending change) if still ahead, else now. */
async function publishTime(tx: Queryable, item: ItemRow, pending: PendingChange | undefined, asked: string | null, now: Date): Promise<string> {
  const nowIso = now.toISOString();
  if (asked) return asked;
  if (pending) {
    // A change to a live item is scheduled only when its own publish time was moved ahead.
    const rev = await getRevision(tx, pending.revisionId);
    const wanted = frontMatterInstant(parseFields(rev?.fieldsJson ?? "{}").published, "published");
    return wanted && wanted > nowIso && (!item.publishAt || wanted > item.publishAt) ? wanted : nowIso;
  }
  return item.publishAt && item.publishAt > nowIso ? item.publishAt : nowIso;
}

/** Runs one transition in its own transaction, then tells listeners (search, delivery). */
export async function runWorkflowAction(actor: Actor, itemId: number, input: WorkflowInput, now = new Date()): Promise<TransitionResult> {
  const db = await getDb();
  const result = await db.transaction((tx) => applyTransition(tx, actor, itemId, input, now));
  return result;
}
