/**
 * Reading what `npm run export` and the "download as Markdown" pages write out (issue 21,
 * decision 154): items with their links, policy versions, the organisation. Who may have
 * which item is decided by the caller: the command line exports everything (the operator),
 * the pages pass the viewer's clause (`listedOrEditableSql`) or check one item themselves.
 */
import type { Queryable } from "~/utils/db.server";
import { ITEM_COLUMNS, type ItemRow } from "./item.server";

/** Every item that is not archived, by type and slug (the command line's export: the operator's, not a viewer's). */
export async function listItemsForExport(q: Queryable): Promise<ItemRow[]> {
  return q.all<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.status <> 'archived' ORDER BY i.type, i.slug`);
}

/** Items that came from content files and were edited on the web since, that the viewer may open or edit (`listing`: listedOrEditableSql). */
export async function listWebEditedFileItems(q: Queryable, listing: { sql: string; params: unknown[] }): Promise<ItemRow[]> {
  return q.all<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM items i
      WHERE i.source = 'file' AND i.web_edited = 1 AND i.status <> 'archived' AND ${listing.sql}
      ORDER BY i.type, i.slug`,
    listing.params,
  );
}

export type PolicyVersionExport = {
  version: number;
  effectiveOn: string;
  approvalRef: string;
  whatChanged: string;
  isMaterial: number;
  publishedAt: string;
  title: string;
  summary: string;
  body: string;
};

/** A policy's published versions with the text each points at (one item the caller already chose). */
export async function listPolicyVersionsForExport(q: Queryable, itemId: number): Promise<PolicyVersionExport[]> {
  return q.all<PolicyVersionExport>(
    `SELECT pv.version, pv.effective_on AS effectiveOn, pv.approval_ref AS approvalRef, pv.what_changed AS whatChanged,
            pv.is_material AS isMaterial, pv.published_at AS publishedAt, r.title, r.summary, r.body
       FROM policy_versions pv JOIN revisions r ON r.id = pv.revision_id
      WHERE pv.item_id = ? ORDER BY pv.version`,
    [itemId],
  );
}

/** The current revision's text and front matter of one item the caller already chose. */
export async function currentTextForExport(q: Queryable, itemId: number): Promise<{ title: string; summary: string; body: string; fieldsJson: string } | undefined> {
  return q.get(
    `SELECT r.title, r.summary, r.body, r.fields_json AS fieldsJson FROM items i JOIN revisions r ON r.id = i.current_revision_id WHERE i.id = ?`,
    [itemId],
  );
}

export type DepartmentExport = { id: number; slug: string; name: string; description: string };
export type ChannelExport = { slug: string; name: string; description: string; departmentId: number | null; isDefault: number; isMandatory: number };

/** Departments and channels as organisation.yml holds them (default channel first). */
export async function organisationForExport(q: Queryable): Promise<{ departments: DepartmentExport[]; channels: ChannelExport[] }> {
  const [departments, channels] = await Promise.all([
    q.all<DepartmentExport>("SELECT id, slug, name, COALESCE(description, '') AS description FROM departments ORDER BY id"),
    q.all<ChannelExport>(
      `SELECT slug, name, COALESCE(description, '') AS description, department_id AS departmentId, is_default AS isDefault, is_mandatory AS isMandatory
         FROM channels ORDER BY is_default DESC, id`,
    ),
  ]);
  return { departments, channels };
}

/** Email addresses of accounts by id (announcement authors). */
export async function userEmailsById(q: Queryable): Promise<Map<number, string>> {
  const rows = await q.all<{ id: number; email: string }>("SELECT id, email FROM users");
  return new Map(rows.map((r) => [r.id, r.email]));
}
