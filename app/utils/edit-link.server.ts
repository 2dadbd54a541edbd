import type { ItemRow } from "~/models/item.server";
import type { SessionUser } from "./auth.server";
import { can } from "~/access/permissions.server";

/** Where the viewer edits this item, or null when they may not. */
export function editHrefFor(user: SessionUser, item: Pick<ItemRow, "id" | "type" | "departmentId" | "authorId">): string | null {
  return can(user, "update", item.type, { departmentId: item.departmentId, authorId: item.authorId }) ? `/editor/${item.id}` : null;
}
