/** Who may see acknowledgement completion, and for which departments. */
import { findMustReadItem } from "~/models/acknowledgement.server";
import { findItemById, getAudienceFacts } from "~/models/item.server";
import { canSeeItem } from "~/access/audience.server";
import { requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./http.server";
import { can, departmentsOf, type Actor } from "~/access/permissions.server";

/**
 * The departments whose completion `user` may see: null for every department (comms
 * editors, admins), else their home and granted departments (managers). Throws 403 for
 * everyone else.
 */
export function acknowledgementDepartments(user: Actor): number[] | null {
  if (!can(user, "read", "acknowledgements")) throw new Response("You do not have permission to see this page.", { status: 403, statusText: "Forbidden" });
  if (can(user, "read", "acknowledgements", { departmentId: -1 })) return null;
  return departmentsOf(user);
}

/** Whole-number percentage, rounded down so 99.6% never shows as complete. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part / whole) * 100);
}

/**
 * The must-read item at `:itemId` if the viewer may see its completion (and may open the
 * item); 403 without the permission, 404 for anything else.
 */
export async function loadCompletionItem(request: Request, rawId: string | undefined) {
  const user = await requireUser(request);
  const departments = acknowledgementDepartments(user);
  const id = /^\d{1,12}$/.test(rawId ?? "") ? Number(rawId) : NaN;
  const db = await getDb();
  const item = Number.isFinite(id) ? await findItemById(db, id) : undefined;
  if (!item || !canSeeItem(user, await getAudienceFacts(db, item))) throw notFound();
  const mustRead = await findMustReadItem(db, item.id);
  if (!mustRead) throw notFound("This page does not ask anyone to confirm they have read it.");
  return { user, departments, db, item, mustRead };
}
