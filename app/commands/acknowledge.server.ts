/**
 * "I have read and understood this": records a named confirmation for a must-read
 * announcement or a material policy version, and puts away need-to-know banners. Both
 * check that the person may open the item (404 otherwise) and that it asks this of them.
 */
import {
  currentPolicyVersion, getAcknowledgementStatus, insertAcknowledgement, type AcknowledgementStatus,
} from "~/models/acknowledgement.server";
import { insertBannerDismissal } from "~/models/banner.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { canSeeItem, type Viewer } from "~/access/audience.server";
import { getDb } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";

async function findVisibleItem(viewer: Viewer, itemId: number, now: Date): Promise<ItemRow> {
  const db = await getDb();
  const item = await findItemById(db, itemId);
  if (!item || !canSeeItem(viewer, await getAudienceFacts(db, item), now)) throw notFound();
  return item;
}

/** Records the confirmation. Confirming again is harmless. Returns the status afterwards. */
export async function acknowledgeItem(viewer: Viewer, itemId: number, now = new Date()): Promise<AcknowledgementStatus> {
  const item = await findVisibleItem(viewer, itemId, now);
  const db = await getDb();
  const status = await getAcknowledgementStatus(db, viewer.id, item.id);
  if (status.requiredVersion === null || !status.inScope) throw badRequest("This page does not ask you to confirm you have read it.");
  if (status.confirmedAt) return status;
  const version = item.type === "policy" ? (await currentPolicyVersion(db, item.id)) ?? status.requiredVersion : 0;
  await db.transaction(async (tx) => {
    await insertAcknowledgement(tx, item.id, viewer.id, Math.max(version, status.requiredVersion ?? 0), now.toISOString());
  });
  return getAcknowledgementStatus(db, viewer.id, item.id);
}

/**
 * Hides a need-to-know banner for this person, or an urgent one that is not must-read
 * ("I have read this"). Urgent must-read banners stay until the item is confirmed.
 */
export async function dismissBanner(viewer: Viewer, itemId: number, now = new Date()): Promise<void> {
  const item = await findVisibleItem(viewer, itemId, now);
  if (item.type !== "announcement" || item.priority === "normal") throw badRequest("There is no banner to hide for this page.");
  if (item.priority === "urgent" && item.mustRead === 1)
    throw badRequest("This urgent notice stays until you confirm you have read it. Open it and use the button at the end.");
  const db = await getDb();
  await db.transaction((tx) => insertBannerDismissal(tx, viewer.id, item.id, now.toISOString()));
}
