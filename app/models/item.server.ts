/**
 * Writing items (announcements, policies, guides) and their link tables. Reading
 * queries for each type live in announcement/policy/guide.server.ts. Every function
 * takes the `Queryable` it runs on, so commands can compose them in one transaction.
 */
import type { Queryable } from "~/utils/db.server";
import type { Role } from "~/utils/roles";

export type ItemType = "announcement" | "policy" | "guide";
export type ItemStatus = "draft" | "in-review" | "scheduled" | "published" | "expired" | "archived";
export type Priority = "normal" | "need-to-know" | "urgent";
export type AudienceKind = "everyone" | "departments" | "roles";

export const ITEM_TYPES: readonly ItemType[] = ["announcement", "policy", "guide"];

/** The columns of `items` plus its link tables, as commands write them. */
export type ItemFields = {
  type: ItemType;
  slug: string;
  title: string;
  summary: string;
  status: ItemStatus;
  departmentId: number | null;
  audience: AudienceKind;
  audienceDepartmentIds: number[];
  audienceRoles: Role[];
  isPublic: boolean;
  priority: Priority;
  mustRead: boolean;
  publishAt: string | null;
  expiresAt: string | null;
  reference: string | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
  lastReviewedOn: string | null;
  reviewBy: string | null;
  targetDepartmentIds: number[];
  channelIds: number[];
  tags: string[];
  related: { type: ItemType; slug: string }[];
  source: "file" | "web";
  sourcePath: string | null;
  authorId: number | null;
};

export type ItemRow = {
  id: number;
  type: ItemType;
  slug: string;
  title: string;
  summary: string;
  status: ItemStatus;
  departmentId: number | null;
  audience: AudienceKind;
  isPublic: number;
  priority: Priority;
  mustRead: number;
  publishAt: string | null;
  expiresAt: string | null;
  publishedAt: string | null;
  reference: string | null;
  ownerEmail: string | null;
  deputyEmail: string | null;
  lastReviewedOn: string | null;
  reviewBy: string | null;
  currentRevisionId: number | null;
  source: "file" | "web";
  sourcePath: string | null;
  webEdited: number;
  authorId: number | null;
  createdAt: string;
  updatedAt: string;
};

export const ITEM_COLUMNS = `i.id, i.type, i.slug, i.title, i.summary, i.status, i.department_id AS departmentId,
  i.audience, i.is_public AS isPublic, i.priority, i.must_read AS mustRead, i.publish_at AS publishAt,
  i.expires_at AS expiresAt, i.published_at AS publishedAt, i.reference, i.owner_email AS ownerEmail,
  i.deputy_email AS deputyEmail, i.last_reviewed_on AS lastReviewedOn, i.review_by AS reviewBy,
  i.current_revision_id AS currentRevisionId, i.source, i.source_path AS sourcePath, i.web_edited AS webEdited,
  i.author_id AS authorId, i.created_at AS createdAt, i.updated_at AS updatedAt`;

export async function findItemBySlug(q: Queryable, type: ItemType, slug: string): Promise<ItemRow | undefined> {
  return q.get<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.type = ? AND i.slug = ?`, [type, slug]);
}

export async function findItemById(q: Queryable, id: number): Promise<ItemRow | undefined> {
  return q.get<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.id = ?`, [id]);
}

/** When an item first becomes visible it gets a published_at, which lists sort by. */
function publishedAtFor(fields: ItemFields, now: string): string | null {
  if (fields.status !== "published" && fields.status !== "scheduled" && fields.status !== "expired") return null;
  return fields.publishAt ?? now;
}

/**
 * Inserts an item and its link rows; with `pending` (an import batch) the link rows wait
 * there for `flushItemLinks`, in the same transaction.
 */
export async function insertItem(q: Queryable, fields: ItemFields, now = new Date().toISOString(), pending?: PendingItemLinks): Promise<number> {
  const { lastID } = await q.run(
    `INSERT INTO items (type, slug, title, summary, status, department_id, audience, is_public, priority, must_read,
       publish_at, expires_at, published_at, reference, owner_email, deputy_email, last_reviewed_on, review_by,
       source, source_path, author_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      fields.type, fields.slug, fields.title, fields.summary, fields.status, fields.departmentId, fields.audience,
      fields.isPublic, fields.priority, fields.mustRead, fields.publishAt, fields.expiresAt, publishedAtFor(fields, now),
      fields.reference, fields.ownerEmail, fields.deputyEmail, fields.lastReviewedOn, fields.reviewBy,
      fields.source, fields.sourcePath, fields.authorId, now, now,
    ],
  );
  if (pending) pending.push({ id: lastID, fields });
  else await replaceItemLinks(q, lastID, fields, true);
  return lastID;
}

export async function updateItem(q: Queryable, id: number, fields: ItemFields, now = new Date().toISOString()): Promise<void> {
  await q.run(
    `UPDATE items SET slug = ?, title = ?, summary = ?, status = ?, department_id = ?, audience = ?, is_public = ?,
       priority = ?, must_read = ?, publish_at = ?, expires_at = ?,
       published_at = COALESCE(published_at, ?), reference = ?, owner_email = ?, deputy_email = ?,
       last_reviewed_on = ?, review_by = ?, source_path = COALESCE(?, source_path), updated_at = ?
     WHERE id = ?`,
    [
      fields.slug, fields.title, fields.summary, fields.status, fields.departmentId, fields.audience, fields.isPublic,
      fields.priority, fields.mustRead, fields.publishAt, fields.expiresAt, publishedAtFor(fields, now),
      fields.reference, fields.ownerEmail, fields.deputyEmail, fields.lastReviewedOn, fields.reviewBy,
      fields.sourcePath, now, id,
    ],
  );
  await replaceItemLinks(q, id, fields);
}

export async function setItemStatus(q: Queryable, id: number, status: ItemStatus, now = new Date().toISOString()): Promise<void> {
  await q.run(
    `UPDATE items SET status = ?, updated_at = ?,
       published_at = CASE WHEN ? IN ('published', 'scheduled') THEN COALESCE(published_at, publish_at, ?) ELSE published_at END
     WHERE id = ?`,
    [status, now, status, now, id],
  );
}

export async function markWebEdited(q: Queryable, id: number): Promise<void> {
  await q.run("UPDATE items SET web_edited = 1 WHERE id = ?", [id]);
}

/**
 * Items inserted by one import batch whose link rows (departments, channels, audience,
 * tags, related) are written together by `flushItemLinks` before the batch commits.
 */
export type PendingItemLinks = Array<{ id: number; fields: ItemFields }>;

const LINK_TABLES = [
  "item_target_departments", "item_channels", "item_audience_departments", "item_audience_roles", "item_tags", "item_related",
] as const;
type LinkTable = (typeof LINK_TABLES)[number];
const LINK_COLUMNS: Record<LinkTable, string> = {
  item_target_departments: "item_target_departments (item_id, department_id)",
  item_channels: "item_channels (item_id, channel_id)",
  item_audience_departments: "item_audience_departments (item_id, department_id)",
  item_audience_roles: "item_audience_roles (item_id, role)",
  item_tags: "item_tags (item_id, tag)",
  item_related: "item_related (item_id, related_type, related_slug, position)",
};

/** The rows of each link table that describe these items. */
function linkRows(items: PendingItemLinks): Record<LinkTable, unknown[][]> {
  const out = Object.fromEntries(LINK_TABLES.map((t) => [t, [] as unknown[][]])) as Record<LinkTable, unknown[][]>;
  for (const { id, fields } of items) {
    for (const d of new Set(fields.targetDepartmentIds)) out.item_target_departments.push([id, d]);
    for (const c of new Set(fields.channelIds)) out.item_channels.push([id, c]);
    if (fields.audience === "departments") for (const d of new Set(fields.audienceDepartmentIds)) out.item_audience_departments.push([id, d]);
    if (fields.audience === "roles") for (const r of new Set(fields.audienceRoles)) out.item_audience_roles.push([id, r]);
    for (const t of new Set(fields.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))) out.item_tags.push([id, t]);
    fields.related.forEach((r, position) => out.item_related.push([id, r.type, r.slug, position]));
  }
  return out;
}

/** Writes the link rows of items inserted with `pending`, each table in multi-row INSERTs. */
export async function flushItemLinks(q: Queryable, pending: PendingItemLinks): Promise<void> {
  const rows = linkRows(pending);
  for (const table of LINK_TABLES) await insertRows(q, LINK_COLUMNS[table], rows[table], table === "item_related" ? " ON CONFLICT DO NOTHING" : "");
  pending.length = 0;
}

/** Replaces an item's link tables; a new item (`fresh`) has no rows to delete. */
async function replaceItemLinks(q: Queryable, id: number, fields: ItemFields, fresh = false): Promise<void> {
  if (!fresh) for (const table of LINK_TABLES) await q.run(`DELETE FROM ${table} WHERE item_id = ?`, [id]);
  await flushItemLinks(q, [{ id, fields }]);
}

/** One INSERT of many rows (at most 100 a statement); `into` is a table and its columns, never user input. */
async function insertRows(q: Queryable, into: string, rows: unknown[][], suffix = ""): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const values = chunk.map((r) => `(${r.map(() => "?").join(", ")})`).join(", ");
    await q.run(`INSERT INTO ${into} VALUES ${values}${suffix}`, chunk.flat());
  }
}

/** The audience facts of one item, in the shape `canSeeItem` takes. */
export async function getAudienceFacts(q: Queryable, item: ItemRow) {
  const [depts, roles] = await Promise.all([
    q.all<{ departmentId: number }>("SELECT department_id AS departmentId FROM item_audience_departments WHERE item_id = ?", [item.id]),
    q.all<{ role: Role }>("SELECT role FROM item_audience_roles WHERE item_id = ?", [item.id]),
  ]);
  return {
    status: item.status,
    audience: item.audience,
    isPublic: item.isPublic === 1,
    publishAt: item.publishAt,
    expiresAt: item.expiresAt,
    audienceDepartmentIds: depts.map((d) => d.departmentId),
    audienceRoles: roles.map((r) => r.role),
  };
}

/** Fields of an existing row, for commands that change a few of them. */
export async function loadItemFields(q: Queryable, item: ItemRow): Promise<ItemFields> {
  const [targets, channels, aDepts, aRoles, tags, related] = await Promise.all([
    q.all<{ id: number }>("SELECT department_id AS id FROM item_target_departments WHERE item_id = ?", [item.id]),
    q.all<{ id: number }>("SELECT channel_id AS id FROM item_channels WHERE item_id = ?", [item.id]),
    q.all<{ id: number }>("SELECT department_id AS id FROM item_audience_departments WHERE item_id = ?", [item.id]),
    q.all<{ role: Role }>("SELECT role FROM item_audience_roles WHERE item_id = ?", [item.id]),
    q.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag", [item.id]),
    q.all<{ type: ItemType; slug: string }>(
      "SELECT related_type AS type, related_slug AS slug FROM item_related WHERE item_id = ? ORDER BY position",
      [item.id],
    ),
  ]);
  return {
    type: item.type, slug: item.slug, title: item.title, summary: item.summary, status: item.status,
    departmentId: item.departmentId, audience: item.audience,
    audienceDepartmentIds: aDepts.map((d) => d.id), audienceRoles: aRoles.map((r) => r.role),
    isPublic: item.isPublic === 1, priority: item.priority, mustRead: item.mustRead === 1,
    publishAt: item.publishAt, expiresAt: item.expiresAt, reference: item.reference,
    ownerEmail: item.ownerEmail, deputyEmail: item.deputyEmail, lastReviewedOn: item.lastReviewedOn, reviewBy: item.reviewBy,
    targetDepartmentIds: targets.map((t) => t.id), channelIds: channels.map((c) => c.id),
    tags: tags.map((t) => t.tag), related, source: item.source, sourcePath: item.sourcePath, authorId: item.authorId,
  };
}

/* ---- Reading helpers shared by the announcement, policy, guide, department and channel pages ---- */

/** The viewer's visibility clause from `visibleItemsSql` (items aliased `i`), passed to every list query. */
export type Visibility = { sql: string; params: unknown[] };

/** One page of a list, and how many rows the whole list has. */
export type Page<T> = { items: T[]; total: number };

/** What a list of items shows about each one. */
export type ItemSummary = {
  id: number;
  type: ItemType;
  slug: string;
  title: string;
  summary: string;
  status: ItemStatus;
  priority: Priority;
  publishedAt: string | null;
  expiresAt: string | null;
  reference: string | null;
  lastReviewedOn: string | null;
  reviewBy: string | null;
  departmentSlug: string | null;
  departmentName: string | null;
};

/** Columns for `ItemSummary`; the query must alias items as `i` and LEFT JOIN departments as `d`. */
export const ITEM_SUMMARY_COLUMNS = `i.id, i.type, i.slug, i.title, i.summary, i.status, i.priority,
  i.published_at AS publishedAt, i.expires_at AS expiresAt, i.reference, i.last_reviewed_on AS lastReviewedOn,
  i.review_by AS reviewBy, d.slug AS departmentSlug, d.name AS departmentName`;

/** Tags of one item, A–Z. */
export async function listItemTags(q: Queryable, itemId: number): Promise<string[]> {
  const rows = await q.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag", [itemId]);
  return rows.map((r) => r.tag);
}

/**
 * Which of `refs` (type and slug) name an item that `visibility` (from `visibleItemsSql`,
 * alias `i`) lets the viewer open, as "type:slug" keys. For links written in an item's body:
 * the page shows a link only where the reader can follow it.
 */
export async function listVisibleItemRefs(q: Queryable, refs: ReadonlyArray<{ type: ItemType; slug: string }>, visibility: Visibility): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const slugs = [...new Set(refs.map((r) => r.slug))];
  const rows = await q.all<{ type: ItemType; slug: string }>(
    `SELECT i.type, i.slug FROM items i WHERE i.slug IN (${slugs.map(() => "?").join(", ")}) AND ${visibility.sql}`,
    [...slugs, ...visibility.params],
  );
  return new Set(rows.map((r) => `${r.type}:${r.slug}`));
}

/**
 * The related pages of an item that `visibility` (from `visibleItemsSql`, alias `i`)
 * lets the viewer see, in the author's order. Links to missing or hidden pages are dropped,
 * so a related link never reveals a page the viewer cannot open.
 */
export async function listVisibleRelatedItems(
  q: Queryable,
  itemId: number,
  visibility: Visibility,
): Promise<ItemSummary[]> {
  return q.all<ItemSummary>(
    `SELECT ${ITEM_SUMMARY_COLUMNS}
       FROM item_related r
       JOIN items i ON i.type = r.related_type AND i.slug = r.related_slug
       LEFT JOIN departments d ON d.id = i.department_id
      WHERE r.item_id = ? AND i.id <> r.item_id AND ${visibility.sql}
      ORDER BY r.position`,
    [itemId, ...visibility.params],
  );
}

/**
 * The next instant after `now` at which what `visibleItemsSql` admits changes by the clock
 * alone (an item's publish or expiry time, a policy version's publication), or null when
 * none is ahead. Lists shared per audience (app/presenters/audience-cache.server.ts) are
 * kept until then at most; every other change reaches them through the change feed.
 */
export async function nextVisibilityChangeAt(q: Queryable, now: string): Promise<string | null> {
  const row = await q.get<{ at: string | null }>(
    `SELECT MIN(at) AS at FROM (
       SELECT MIN(publish_at) AS at FROM items WHERE publish_at > ?
       UNION ALL SELECT MIN(expires_at) AS at FROM items WHERE expires_at > ?
       UNION ALL SELECT MIN(published_at) AS at FROM policy_versions WHERE published_at > ?)`,
    [now, now, now],
  );
  return row?.at ?? null;
}
