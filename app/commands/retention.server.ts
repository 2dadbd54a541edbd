/**
 * Records and retention (issue 22, decision 162): the default schedule, the monthly job
 * (items reaching a rule join the disposal queue; "destroy automatically" rules remove old
 * sessions, throttles and closed feedback), batch approve or defer by an information-
 * governance officer, legal holds. Disposal removes the item and every row the personal-
 * data register links to it, and keeps a disposal record; held records are never touched.
 */
import { z } from "zod";
import { recordAudit } from "~/models/audit.server";
import { findItemById } from "~/models/item.server";
import { deleteItemEverywhere } from "~/models/personal-data.server";
import {
  countRules, deferQueueEntry, destroyOlderThan, enqueueDisposal, findQueueEntry, findRule, insertDisposalRecord, insertHold, isItemHeld,
  listItemsReached, listRules, releaseHold, ruleSummary, upsertRule, type RetentionRule,
} from "~/models/retention.server";
import { holdsPermission, recordDenied, type Actor } from "~/access/permissions.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { requireUser, type SessionUser } from "~/utils/auth.server";
import { forbidden } from "~/utils/http.server";
import { log } from "~/utils/log.server";

const DAY_MS = 86_400_000;
const YEAR = 365;

/** The demo council's default schedule, based on common local-government practice (editable). */
export const DEFAULT_SCHEDULE: Omit<RetentionRule, "id" | "updatedAt">[] = [
  { recordType: "announcement", category: "", trigger: "expired", periodDays: 6 * YEAR, action: "review", note: "Announcements: 6 years after expiry, then review" },
  { recordType: "guide", category: "", trigger: "archived", periodDays: 6 * YEAR, action: "review", note: "Guides: 6 years after archiving, then review" },
  { recordType: "policy", category: "", trigger: "superseded", periodDays: 0, action: "keep", note: "Policies and every policy version: kept permanently" },
  { recordType: "page_feedback", category: "", trigger: "created", periodDays: 2 * YEAR, action: "destroy-automatically", note: "Page feedback (resolved or closed): 2 years" },
  { recordType: "search_query_days", category: "", trigger: "created", periodDays: 0, action: "keep", note: "Search insight aggregates (counts, no people): kept permanently" },
  { recordType: "sign_in_attempts", category: "", trigger: "created", periodDays: YEAR, action: "destroy-automatically", note: "Sign-in and security logs: 1 year" },
  { recordType: "sessions", category: "", trigger: "expired", periodDays: 30, action: "destroy-automatically", note: "Signed-in sessions: 30 days after they expire" },
];

export function isIgOfficer(actor: Actor | null): boolean {
  return holdsPermission(actor, "information-governance");
}

export async function requireIgOfficer(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isIgOfficer(user)) {
    recordDenied(user, "manage:retention", { path: new URL(request.url).pathname });
    throw forbidden();
  }
  return user;
}

/** Writes the default schedule when there is none yet (a new install, the demo). */
export async function ensureDefaultSchedule(q: Queryable, now: string): Promise<void> {
  if ((await countRules(q)) > 0) return;
  for (const r of DEFAULT_SCHEDULE) await upsertRule(q, r, null, now);
}

export const RuleSchema = z.object({
  recordType: z.string().trim().regex(/^[a-z_]{2,40}$/, "Choose what the rule applies to"),
  category: z.string().trim().toLowerCase().max(60, "The category must be 60 characters or fewer").regex(/^[a-z0-9-]*$/, "A category is a tag: letters, numbers and hyphens").default(""),
  trigger: z.enum(["published", "last-changed", "superseded", "expired", "archived", "account-closed", "created"], { message: "Choose what starts the period" }),
  periodDays: z.coerce.number({ message: "Enter the period in days" }).int("Enter a whole number of days").min(0, "The period cannot be negative").max(36_500, "At most 100 years"),
  action: z.enum(["review", "destroy", "keep", "destroy-automatically"], { message: "Choose what happens at the end" }),
  note: z.string().trim().max(300, "The note must be 300 characters or fewer").default(""),
});

export async function saveRule(actor: Actor, input: Record<string, unknown>, now = new Date()): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  if (!isIgOfficer(actor)) return { ok: false, errors: { form: "Only information-governance officers change the schedule." } };
  const parsed = RuleSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
    return { ok: false, errors };
  }
  const db = await getDb();
  await db.transaction(async (tx) => {
    await upsertRule(tx, parsed.data, actor.id, now.toISOString());
    await recordAudit(tx, { actorId: actor.id, action: "retention.rule-saved", entityType: "retention_rule", detail: { ...parsed.data } }, now.toISOString());
  });
  return { ok: true };
}

export type RetentionRun = { queued: number[]; destroyed: Record<string, number> };

/** One run of the schedule at `now` (tests pass the clock): queue what has reached a rule, destroy what a rule says to automatically. */
export async function runRetention(now = new Date()): Promise<RetentionRun> {
  const at = now.toISOString();
  const db = await getDb();
  const run = await db.transaction(async (tx) => {
    await ensureDefaultSchedule(tx, at);
    const queued: number[] = [];
    const destroyed: Record<string, number> = {};
    // Rules for a category (tag) first: they are more specific than the type's rule.
    const rules = (await listRules(tx)).sort((a, b) => (b.category ? 1 : 0) - (a.category ? 1 : 0));
    for (const rule of rules) {
      const cutoff = new Date(now.getTime() - rule.periodDays * DAY_MS).toISOString();
      if (rule.action === "keep") continue;
      if (rule.action === "destroy-automatically") {
        const n = await destroyOlderThan(tx, rule.recordType, cutoff);
        if (n > 0) {
          destroyed[rule.recordType] = n;
          await insertDisposalRecord(tx, { recordType: rule.recordType, recordId: 0, title: `${n} records`, ruleSummary: ruleSummary(rule), approvedBy: null, rowsRemoved: n }, at);
        }
        continue;
      }
      for (const item of await listItemsReached(tx, rule, cutoff)) {
        await enqueueDisposal(tx, item.id, rule.id, at, at);
        queued.push(item.id);
      }
    }
    if (queued.length || Object.keys(destroyed).length) await recordAudit(tx, { actorId: null, action: "retention.run", detail: { queued: queued.length, destroyed } }, at);
    return { queued, destroyed };
  });
  if (run.queued.length || Object.keys(run.destroyed).length) log.info("retention", { queued: run.queued.length, destroyed: run.destroyed });
  return run;
}

/** Last month the job ran ("YYYY-MM"), kept in memory per process: the job runs once a calendar month. */
let lastMonth = "";
export async function runRetentionMonthly(now = new Date()): Promise<RetentionRun | null> {
  const month = now.toISOString().slice(0, 7);
  if (month === lastMonth) return null;
  lastMonth = month;
  return runRetention(now);
}

export type Decision = { disposed: number[]; deferred: number[]; held: number[] };

/** Approve (dispose of) or defer queue entries in one batch. Held records are skipped and said so. */
export async function decideDisposals(actor: Actor, queueIds: number[], decision: "approve" | "defer", now = new Date()): Promise<Decision> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers decide disposals.");
  const at = now.toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const out: Decision = { disposed: [], deferred: [], held: [] };
    for (const id of queueIds) {
      const entry = await findQueueEntry(tx, id);
      if (!entry) continue;
      if (decision === "defer") {
        await deferQueueEntry(tx, id, new Date(now.getTime() + YEAR * DAY_MS).toISOString(), actor.id, at);
        await recordAudit(tx, { actorId: actor.id, action: "retention.deferred", entityType: "item", entityId: entry.itemId }, at);
        out.deferred.push(entry.itemId);
        continue;
      }
      if (await isItemHeld(tx, entry.itemId)) {
        out.held.push(entry.itemId);
        continue;
      }
      const item = await findItemById(tx, entry.itemId);
      const rule = await findRule(tx, entry.ruleId);
      if (!item || !rule) continue;
      const removed = await deleteItemEverywhere(tx, entry.itemId);
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      await insertDisposalRecord(tx, { recordType: item.type, recordId: item.id, title: item.title, ruleSummary: ruleSummary(rule), approvedBy: actor.id, rowsRemoved: total }, at);
      await recordAudit(tx, { actorId: actor.id, action: "retention.disposed", entityType: item.type, entityId: item.id, detail: { rule: ruleSummary(rule), rows: total } }, at);
      out.disposed.push(item.id);
    }
    return out;
  });
}

export const HoldSchema = z
  .object({
    kind: z.enum(["item", "person", "search"], { message: "Choose what to hold" }),
    itemId: z.coerce.number().int().positive().optional(),
    userEmail: z.string().trim().toLowerCase().max(200).optional(),
    searchText: z.string().trim().max(200, "At most 200 characters").default(""),
    reason: z.string().trim().min(3, "Say why (for example the FOI or claim reference)").max(500, "At most 500 characters"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "item" && !v.itemId) ctx.addIssue({ code: "custom", path: ["itemId"], message: "Enter the page's number" });
    if (v.kind === "person" && !v.userEmail) ctx.addIssue({ code: "custom", path: ["userEmail"], message: "Enter the person's email address" });
    if (v.kind === "search" && v.searchText.length < 3) ctx.addIssue({ code: "custom", path: ["searchText"], message: "Enter at least 3 characters to search for" });
  });

/** Places a legal hold (audited). */
export async function placeHold(actor: Actor, input: { kind: "item" | "person" | "search"; itemId?: number | null; userId?: number | null; searchText?: string; reason: string }, now = new Date()): Promise<number> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers place holds.");
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const id = await insertHold(tx, { kind: input.kind, itemId: input.itemId ?? null, userId: input.userId ?? null, searchText: input.searchText ?? "", reason: input.reason, placedBy: actor.id }, at);
    await recordAudit(tx, { actorId: actor.id, action: "legal-hold.placed", entityType: "legal_hold", entityId: id, detail: { kind: input.kind, itemId: input.itemId ?? null, userId: input.userId ?? null, searchText: input.searchText ?? "", reason: input.reason } }, at);
    return id;
  });
}

export async function liftHold(actor: Actor, id: number, now = new Date()): Promise<boolean> {
  if (!isIgOfficer(actor)) throw forbidden("Only information-governance officers release holds.");
  const db = await getDb();
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const done = await releaseHold(tx, id, actor.id, at);
    if (done) await recordAudit(tx, { actorId: actor.id, action: "legal-hold.released", entityType: "legal_hold", entityId: id }, at);
    return done;
  });
}
