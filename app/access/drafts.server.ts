/**
 * Who may see pages that are not live: drafts, pages in review and scheduled pages appear
 * only to the people who may edit them (the editor, the review queue, "Your pages to
 * review"), and wherever they appear they are marked with their status. Everyone else
 * meets them exactly as they meet a page that does not exist.
 *
 * `canOpenInEditor` decides for one item in memory, `editScopeSql` for SQL lists; the two
 * follow the same permissions (./permissions.server.ts). Lists that mix live pages with
 * unpublished ones take `listedOrEditableSql`.
 */
import type { ItemStatus, ItemType } from "~/models/item.server";
import { visibleItemsSql, type Viewer } from "./audience.server";
import { can, canPublishWithoutReview, departmentsOf, type Actor, type Resource } from "./permissions.server";

const TYPES: ItemType[] = ["announcement", "policy", "guide"];

/** Which items a person may edit: some types anywhere, some only in their departments. */
export type EditScope = { anyTypes: ItemType[]; departmentTypes: ItemType[]; departmentIds: number[] };

/** The items a person may edit: types they may update anywhere, and types they may update in their departments. */
export function editScope(actor: Actor): EditScope {
  const anyTypes = TYPES.filter((t) => can(actor, "update", t, { departmentId: -1 }) || can(actor, "review", t, { departmentId: -1 }));
  const departmentTypes = TYPES.filter((t) => !anyTypes.includes(t) && can(actor, "update", t));
  return { anyTypes, departmentTypes, departmentIds: departmentsOf(actor) };
}

/** The items a person may approve: everything for publishers, else departments an admin trusted them with. */
export function reviewScope(actor: Actor): EditScope {
  const anyTypes = TYPES.filter((t) => can(actor, "publish", t, { departmentId: -1 }));
  const departmentTypes = TYPES.filter((t) => !anyTypes.includes(t) && can(actor, "update", t));
  const departmentIds = (actor.grants ?? []).filter((g) => g.canPublishUnreviewed).map((g) => g.departmentId);
  return { anyTypes, departmentTypes, departmentIds };
}

/** SQL condition for "in this scope", for an `items` row aliased `alias`. */
export function editScopeSql(scope: EditScope, alias = "i"): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.anyTypes.length) {
    parts.push(`${alias}.type IN (${scope.anyTypes.map(() => "?").join(", ")})`);
    params.push(...scope.anyTypes);
  }
  if (scope.departmentTypes.length && scope.departmentIds.length) {
    parts.push(
      `(${alias}.type IN (${scope.departmentTypes.map(() => "?").join(", ")}) AND ${alias}.department_id IN (${scope.departmentIds.map(() => "?").join(", ")}))`,
    );
    params.push(...scope.departmentTypes, ...scope.departmentIds);
  }
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "0 = 1", params };
}

type EditorSubject = { type: ItemType; departmentId: number | null; authorId?: number | null; ownerEmail?: string | null };

/** May this person open the item in the editor (edit, review, publish or archive it)? */
export function canOpenInEditor(actor: Actor | null, s: EditorSubject): boolean {
  const resource: Resource = { departmentId: s.departmentId, authorId: s.authorId ?? null, ownerEmail: s.ownerEmail ?? null };
  return (
    can(actor, "update", s.type, resource) || canPublishWithoutReview(actor, s.type, resource) ||
    can(actor, "review", s.type, resource) || can(actor, "archive", s.type, resource)
  );
}

/** Statuses of pages that are being written or wait to go live: only their editors see them. */
export const UNPUBLISHED_STATUSES: readonly ItemStatus[] = ["draft", "in-review", "scheduled"];

/** Being written, waiting for review, or approved but not yet live (a publish time ahead). */
export function isUnpublished(page: { status: string; publishAt: string | null }, now = new Date()): boolean {
  if ((UNPUBLISHED_STATUSES as readonly string[]).includes(page.status)) return true;
  return page.status === "published" && !!page.publishAt && page.publishAt > now.toISOString();
}

/**
 * In a list of someone's own pages: a page they may open (live, in their audience), or an
 * unpublished page they may edit. Archived pages never; nor anything else.
 */
export function mayListOwnPage(actor: Actor, page: EditorSubject & { status: string; publishAt: string | null }, canOpen: boolean, now = new Date()): boolean {
  if (page.status === "archived") return false;
  if (isUnpublished(page, now)) return canOpenInEditor(actor, page);
  return canOpen;
}

/**
 * SQL for `mayListOwnPage` over an `items` row aliased `alias`: live pages the viewer may
 * open (expired ones too: they stay readable at their address), and unpublished pages in
 * the viewer's edit scope.
 */
export function listedOrEditableSql(actor: Actor & Viewer, alias = "i", now = new Date()): { sql: string; params: unknown[] } {
  const live = visibleItemsSql(actor, alias, { includeExpired: true, now });
  const editable = editScopeSql(editScope(actor), alias);
  const statuses = UNPUBLISHED_STATUSES.map(() => "?").join(", ");
  const unpublished = `(${alias}.status IN (${statuses}) OR (${alias}.status = 'published' AND ${alias}.publish_at > ?))`;
  return {
    sql: `((${live.sql}) OR (${unpublished} AND ${editable.sql}))`,
    params: [...live.params, ...UNPUBLISHED_STATUSES, now.toISOString(), ...editable.params],
  };
}

const STATUS_LABELS: Record<ItemStatus, string> = {
  draft: "Draft",
  "in-review": "In review",
  scheduled: "Scheduled",
  published: "Published",
  expired: "Expired",
  archived: "Archived",
};

/** How a page's status reads beside its title ("Draft", "In review"; "Scheduled" for a publish time ahead). */
export function statusLabel(page: { status: string; publishAt?: string | null }, now = new Date()): string {
  if (page.status === "published" && page.publishAt && page.publishAt > now.toISOString()) return STATUS_LABELS.scheduled;
  return STATUS_LABELS[page.status as ItemStatus] ?? page.status;
}
