/**
 * Corrections without blame (issue 23, decision 171). An editor of a published
 * announcement, guide or policy records, in one sentence, what was wrong in the content.
 * The item shows "Corrected on …" at the top; the log at /corrections lists corrections
 * of the items each reader may open; the audit log keeps who made it.
 *
 * Everyone alerted about the item before (item_alert_recipients / item_alert_channels,
 * written by delivery as alerts are sent) gets the correction by the same route — exactly
 * them, no one else. A material correction of a must-read announcement asks people to
 * confirm again (its required version is the number of material corrections).
 */
import { canSeeItem } from "~/access/audience.server";
import { canOpenInEditor } from "~/access/drafts.server";
import { currentPolicyVersion } from "~/models/acknowledgement.server";
import { recordAudit } from "~/models/audit.server";
import { insertCorrection, listAlertedChannels, listAlertedPeople, listItemCorrections, listRecentCorrections } from "~/models/correction.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { enqueueMessage, getChannelWebhook } from "~/models/outbox.server";
import type { SessionUser } from "~/utils/auth.server";
import { getDb, type Queryable } from "~/utils/db.server";
import { itemPath } from "~/utils/item-path";
import { queueKnowledgeMail } from "./knowledge-mail.server";
import { wakeDeliveryWorker } from "./deliver.server";

type Actor = Pick<SessionUser, "id" | "email" | "name" | "role" | "departmentId"> & { grants?: SessionUser["grants"] };

import { CORRECTION_MAX } from "~/utils/corrections";
export { CORRECTION_MAX };

/** Words that point at a person rather than the content: the form asks for a rewording. */
const BLAME = /\b(fault|blame[ds]?|careless(ly)?|apologi[sz]e[ds]?|apology|sorry|negligen\w*|incompeten\w*|(his|her|their|my|our) (mistake|error)|mistake by|error by|typo by|human error|got it wrong|messed up)\b/i;

/** Wording guidance (shown beside the form, and the server's check). */
export const CORRECTION_GUIDANCE = [
  "Say what was wrong and what is right: “The deadline is 12 December, not 21 December.”",
  "Write about the content, never the person: no names, no blame, no apology needed.",
  "One sentence, up to 300 characters. Fix the text itself in the editor as well.",
];

export function correctionProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return "Say in one sentence what was wrong and what is right";
  if (t.length > CORRECTION_MAX) return `The correction must be ${CORRECTION_MAX} characters or fewer`;
  if (/[\r\n]/.test(t)) return "Write the correction as one sentence, on one line";
  const sentences = t.split(/(?<=[.!?])\s+(?=[A-Z0-9“"'])/).filter((s) => s.trim());
  if (sentences.length > 1) return "Write the correction as one sentence";
  if (BLAME.test(t)) return "Describe what was wrong in the content, not who got it wrong (no blame or apology needed)";
  return null;
}

export function canCorrect(actor: Actor, item: ItemRow): boolean {
  return canOpenInEditor(actor, { type: item.type, departmentId: item.departmentId, authorId: item.authorId, ownerEmail: item.ownerEmail });
}

export type CorrectionView = { id: number; text: string; material: boolean; createdAt: string; policyVersion: number | null };

/**
 * What an item page shows at the top: its corrections, newest first, and whether the reader may add one.
 * `hasCorrections` false: the page's one statement found none (decision 265), so none are read.
 */
export async function getItemCorrections(
  q: Queryable, actor: Actor, item: ItemRow, hasCorrections = true,
): Promise<{ corrections: CorrectionView[]; canCorrect: boolean; itemId: number }> {
  const rows = hasCorrections ? await listItemCorrections(q, item.id) : [];
  return {
    itemId: item.id,
    canCorrect: item.status === "published" && canCorrect(actor, item),
    corrections: rows.map((r) => ({ id: r.id, text: r.text, material: r.material === 1, createdAt: r.createdAt, policyVersion: r.policyVersion })),
  };
}

export type CorrectionLogEntry = CorrectionView & { itemTitle: string; itemHref: string; itemType: ItemRow["type"] };

/** The correction log: corrections of items this reader may open (the audience rule per item). */
export async function getCorrectionLog(q: Queryable, actor: Actor, now = new Date()): Promise<CorrectionLogEntry[]> {
  const rows = await listRecentCorrections(q);
  const seen = new Map<number, ItemRow | null>();
  const out: CorrectionLogEntry[] = [];
  for (const r of rows) {
    if (!seen.has(r.itemId)) {
      const item = await findItemById(q, r.itemId);
      seen.set(r.itemId, item && canSeeItem(actor, await getAudienceFacts(q, item), now) ? item : null);
    }
    const item = seen.get(r.itemId);
    if (!item) continue;
    out.push({
      id: r.id, text: r.text, material: r.material === 1, createdAt: r.createdAt, policyVersion: r.policyVersion,
      itemTitle: item.title, itemHref: itemPath(item.type, item.slug), itemType: item.type,
    });
  }
  return out;
}

export type CorrectionResult =
  | { ok: true; correctionId: number; emails: number; teams: number }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string; field?: "text" };

/** The item, if this person may open it. */
export async function correctableItem(q: Queryable, actor: Actor, itemId: number, now = new Date()): Promise<ItemRow | null> {
  const item = await findItemById(q, itemId);
  if (!item || !["announcement", "guide", "policy"].includes(item.type)) return null;
  return canSeeItem(actor, await getAudienceFacts(q, item), now) ? item : null;
}

export async function correctItem(actor: Actor, itemId: number, input: { text: string; material: boolean }, now = new Date()): Promise<CorrectionResult> {
  const text = input.text.trim();
  const problem = correctionProblem(text);
  if (problem) return { ok: false, status: 400, message: problem, field: "text" };
  const at = now.toISOString();
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<CorrectionResult> => {
    const item = await correctableItem(tx, actor, itemId, now);
    if (!item) return { ok: false, status: 404, message: "We could not find that page." };
    if (!canCorrect(actor, item)) return { ok: false, status: 403, message: "Only the page's editors can record a correction." };
    if (item.status !== "published") return { ok: false, status: 409, message: "Only a published page can be corrected." };
    const policyVersion = item.type === "policy" ? await currentPolicyVersion(tx, item.id) : null;
    const asksAgain = input.material && item.type === "announcement" && item.mustRead === 1;
    const id = await insertCorrection(tx, { itemId: item.id, revisionId: item.currentRevisionId, policyVersion, text, material: input.material, createdBy: actor.id }, at);
    await recordAudit(tx, { actorId: actor.id, action: "item.corrected", entityType: "item", entityId: item.id, detail: { correctionId: id, text, material: input.material, revisionId: item.currentRevisionId, policyVersion } }, at);
    const path = itemPath(item.type, item.slug);
    let emails = 0;
    for (const person of await listAlertedPeople(tx, item.id)) {
      if (person.route !== "email") continue; // push: not part of this intranet yet; its route records 'push' when it is
      const queued = await queueKnowledgeMail(tx, {
        purpose: "alert",
        dedupeKey: `correction:${id}:${person.userId}`,
        userId: person.userId,
        itemId: item.id,
        subject: `Correction: ${item.title}`,
        lines: [
          `We sent you “${item.title}”. It has been corrected.`,
          `Correction: ${text}`,
          ...(asksAgain ? ["This changes what you need to know, so please read it again and confirm at the end of the page."] : []),
        ],
        link: { text: asksAgain ? "Read it again and confirm" : "Read the corrected page", path },
      }, at);
      if (queued) emails++;
    }
    let teams = 0;
    for (const channelId of await listAlertedChannels(tx, item.id)) {
      if (!(await getChannelWebhook(tx, channelId))) continue;
      if (await enqueueMessage(tx, { kind: "teams", purpose: "teams", dedupeKey: `teams-correction:${id}:${channelId}`, itemId: item.id, channelId, payload: { correction: text } }, at)) teams++;
    }
    return { ok: true, correctionId: id, emails, teams };
  });
  if (result.ok && result.emails + result.teams > 0) wakeDeliveryWorker();
  return result;
}
