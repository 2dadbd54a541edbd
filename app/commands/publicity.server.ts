/**
 * The rules of a pre-election period that other commands ask (decision 161), inside the
 * caller's transaction: which periods are on for an item, whether it needs a publicity
 * reviewer's approval before going live, the checklist at submit, holding an item (and
 * telling its author once), an emergency override (publicity reviewers told at once), and
 * whether engagement (Q&A, polls, Teams posts) is paused for an item.
 *
 * The workflow, the scheduler, Q&A, polls and Teams posting call these; the periods'
 * own pages and the approval live in elections.server.ts.
 */
import { recordAudit } from "~/models/audit.server";
import {
  findPublicityDecision, hasPublicityCheck, inScope, insertPublicityCheck, insertPublicityDecision, itemScopeFacts, listHolders,
  listPeriodsOn, logPeriod, wasHeld, type ChecklistAnswers, type Period,
} from "~/models/election.server";
import type { ItemRow } from "~/models/item.server";
import { noPeriodsOn } from "~/models/conversation-pause.server";
import type { SessionSight } from "~/models/user.server";
import type { Queryable } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { queueKnowledgeMail } from "./knowledge-mail.server";

/** Periods on today (UK) whose scope includes the item. */
export async function periodsForItem(q: Queryable, itemId: number, now: Date): Promise<Period[]> {
  const on = await listPeriodsOn(q, ukTodayIso(now));
  if (on.length === 0) return [];
  const facts = await itemScopeFacts(q, itemId);
  return on.filter((p) => inScope(p, facts));
}

/** Announcements and anything marked public need a publicity reviewer's approval during a period. */
export function needsPublicityApproval(item: Pick<ItemRow, "type" | "isPublic">): boolean {
  return item.type === "announcement" || item.isPublic === 1;
}

/** The periods whose approval this revision still lacks (empty: it may go live). */
export async function publicityBlockers(q: Queryable, item: ItemRow, revisionId: number | null, now: Date): Promise<Period[]> {
  if (!needsPublicityApproval(item)) return [];
  const blockers: Period[] = [];
  for (const p of await periodsForItem(q, item.id, now)) {
    if (!(await findPublicityDecision(q, item.id, p.id, revisionId))) blockers.push(p);
  }
  return blockers;
}

/** Periods whose checklist this revision has not answered yet. */
export async function checklistMissing(q: Queryable, item: ItemRow, revisionId: number | null, now: Date): Promise<Period[]> {
  const missing: Period[] = [];
  for (const p of await periodsForItem(q, item.id, now)) {
    if (!(await hasPublicityCheck(q, item.id, p.id, revisionId))) missing.push(p);
  }
  return missing;
}

/** Records the checklist answers for every period on for the item. */
export async function recordChecklist(
  q: Queryable, actorId: number, item: ItemRow, revisionId: number | null, answers: ChecklistAnswers, periods: Period[], now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (const p of periods) {
    await insertPublicityCheck(q, { ...answers, itemId: item.id, periodId: p.id, revisionId, answeredBy: actorId }, at);
    const yes = [answers.namesOrPhotos && "names or photos", answers.controversial && "controversial", answers.partyView && "party view"].filter(Boolean);
    await logPeriod(q, { periodId: p.id, event: "checklist", itemId: item.id, itemTitle: item.title, actorId, detail: yes.length ? `Yes: ${yes.join(", ")}` : "No to all" }, at);
  }
}

/**
 * Holds an item that would go live without approval: logged once per period, its author
 * (and the publicity reviewers) told once.
 */
export async function holdForPublicity(q: Queryable, item: ItemRow, periods: Period[], actorId: number | null, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const p of periods) {
    if (await wasHeld(q, p.id, item.id)) continue;
    await logPeriod(q, { periodId: p.id, event: "held", itemId: item.id, itemTitle: item.title, actorId, detail: "Waiting for publicity review" }, at);
    await recordAudit(q, { actorId, action: "publicity.held", entityType: item.type, entityId: item.id, detail: { periodId: p.id } }, at);
    const tell = new Set<number>();
    if (item.authorId) tell.add(item.authorId);
    for (const r of await listHolders(q, "publicity-reviewer")) tell.add(r.id);
    for (const userId of tell) {
      await queueKnowledgeMail(q, {
        // Reviewers may not open a draft: their notice names no page (the queue at /publicity shows it to them).
        purpose: "alert", dedupeKey: `publicity-held:${p.id}:${item.id}:${userId}`, userId, itemId: userId === item.authorId ? item.id : null,
        subject: `Held for publicity review: "${item.title}"`,
        lines: [
          `"${item.title}" falls within the pre-election period "${p.title}" (until polling day, ${p.pollingOn}).`,
          "It is held until a publicity reviewer approves it, and goes out then if its time has come.",
        ],
        link: { text: "See what is held", path: "/publicity" },
      }, at);
    }
  }
}

/** An emergency or statutory notice goes out without the extra approval: recorded, and reviewers told at once. */
export async function overridePublicity(q: Queryable, actorId: number, item: ItemRow, revisionId: number | null, periods: Period[], justification: string, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const p of periods) {
    await insertPublicityDecision(q, { itemId: item.id, periodId: p.id, revisionId, decision: "override", justification, actorId }, at);
    await logPeriod(q, { periodId: p.id, event: "override", itemId: item.id, itemTitle: item.title, actorId, detail: justification }, at);
    await recordAudit(q, { actorId, action: "publicity.override", entityType: item.type, entityId: item.id, detail: { periodId: p.id, justification } }, at);
    for (const r of await listHolders(q, "publicity-reviewer")) {
      await queueKnowledgeMail(q, {
        purpose: "alert", dedupeKey: `publicity-override:${p.id}:${item.id}:${revisionId ?? 0}:${r.id}`, userId: r.id, itemId: null,
        subject: `Published without publicity approval: "${item.title}"`,
        lines: [`"${item.title}" was published during "${p.title}" as an emergency or statutory notice.`, `Justification: ${justification}`],
        link: { text: "Read the period's log", path: `/admin/elections/${p.id}` },
      }, at);
    }
  }
}

/** Logs that an item went live during the periods that cover it (for the report). */
export async function logPublished(q: Queryable, item: Pick<ItemRow, "id" | "title">, actorId: number | null, now: Date): Promise<void> {
  for (const p of await periodsForItem(q, item.id, now)) {
    await logPeriod(q, { periodId: p.id, event: "published", itemId: item.id, itemTitle: item.title, actorId }, now.toISOString());
  }
}

/** The period that pauses Q&A, polls and Teams posts for an item now, if any. */
export async function pausingPeriod(q: Queryable, itemId: number, now = new Date(), sight?: SessionSight): Promise<Period | null> {
  // A page: the session's statement counted the periods on today; none on, none to read (decision 245).
  if (noPeriodsOn(sight, now)) return null;
  return (await periodsForItem(q, itemId, now))[0] ?? null;
}

export function pausedMessage(p: Pick<Period, "title" | "pollingOn">): string {
  return `Questions, polls and Teams posts are paused for this page during the pre-election period (${p.title}, until polling day ${p.pollingOn}).`;
}
