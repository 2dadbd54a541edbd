/**
 * Revisions: every save of an item is a new row; nothing is overwritten. The sanitised
 * HTML is rendered once when the revision is written and cached with the renderer
 * version, and re-rendered (and re-cached) on read if the renderer has changed since.
 */
import crypto from "node:crypto";
import type { Queryable } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { RENDERER_VERSION, renderMarkdown, type RenderOptions, type TocEntry } from "~/utils/markdown.server";

export type RevisionSource = "file" | "web" | "restore";

export type RevisionRow = {
  id: number;
  itemId: number;
  number: number;
  title: string;
  summary: string;
  body: string;
  fieldsJson: string;
  html: string;
  tocJson: string;
  htmlVersion: number;
  contentHash: string;
  source: RevisionSource;
  authorId: number | null;
  note: string;
  createdAt: string;
};

const REVISION_COLUMNS = `id, item_id AS itemId, number, title, summary, body, fields_json AS fieldsJson, html,
  toc_json AS tocJson, html_version AS htmlVersion, content_hash AS contentHash, source, author_id AS authorId, note,
  created_at AS createdAt`;

export type NewRevision = {
  itemId: number;
  title: string;
  summary: string;
  body: string;
  /** Everything else that describes the item at this revision (front matter), kept for diffs and restore. */
  fields: Record<string, unknown>;
  source: RevisionSource;
  authorId: number | null;
  note?: string;
  renderOptions?: RenderOptions;
  /** The revision's number when the caller knows it (1: the first revision of an item it has just inserted). */
  number?: number;
  /** The body already rendered by renderMarkdown (the importer renders in worker threads). */
  rendered?: { html: string; toc: TocEntry[] };
};

export function hashContent(title: string, summary: string, body: string, fields: Record<string, unknown>): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([title, summary, body, sortKeys(fields)]))
    .digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

/** Adds a revision and makes it the item's current one. Returns the new revision's id and number. */
export async function addRevision(q: Queryable, rev: NewRevision, now = new Date().toISOString()): Promise<{ id: number; number: number }> {
  const { html, toc } = rev.rendered ?? renderMarkdown(rev.body, rev.renderOptions);
  const number = rev.number ?? ((await q.get<{ n: number | null }>("SELECT MAX(number) AS n FROM revisions WHERE item_id = ?", [rev.itemId]))?.n ?? 0) + 1;
  const { lastID } = await q.run(
    `INSERT INTO revisions (item_id, number, title, summary, body, fields_json, html, toc_json, html_version, content_hash,
       source, author_id, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      rev.itemId, number, rev.title, rev.summary, rev.body, JSON.stringify(rev.fields), html, JSON.stringify(toc),
      RENDERER_VERSION, hashContent(rev.title, rev.summary, rev.body, rev.fields), rev.source, rev.authorId, rev.note ?? "", now,
    ],
  );
  await q.run("UPDATE items SET current_revision_id = ?, updated_at = ? WHERE id = ?", [lastID, now, rev.itemId]);
  return { id: lastID, number };
}

export async function getRevision(q: Queryable, id: number): Promise<RevisionRow | undefined> {
  return q.get<RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE id = ?`, [id]);
}

export async function getRevisionByNumber(q: Queryable, itemId: number, number: number): Promise<RevisionRow | undefined> {
  return q.get<RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE item_id = ? AND number = ?`, [itemId, number]);
}

export async function listRevisions(q: Queryable, itemId: number): Promise<Omit<RevisionRow, "html" | "body" | "tocJson">[]> {
  return q.all(
    `SELECT id, item_id AS itemId, number, title, summary, fields_json AS fieldsJson, html_version AS htmlVersion,
       content_hash AS contentHash, source, author_id AS authorId, note, created_at AS createdAt
     FROM revisions WHERE item_id = ? ORDER BY number DESC`,
    [itemId],
  );
}

/**
 * The rendered HTML and contents list of a revision, from the cache when the renderer
 * has not changed since it was written.
 */
export async function renderedRevision(rev: RevisionRow, renderOptions?: RenderOptions): Promise<{ html: string; toc: TocEntry[] }> {
  if (rev.htmlVersion === RENDERER_VERSION) return { html: rev.html, toc: JSON.parse(rev.tocJson) as TocEntry[] };
  const { html, toc } = renderMarkdown(rev.body, renderOptions);
  const db = await getDb();
  await db.run("UPDATE revisions SET html = ?, toc_json = ?, html_version = ? WHERE id = ?", [html, JSON.stringify(toc), RENDERER_VERSION, rev.id]);
  return { html, toc };
}

/**
 * Adds a revision without making it current: the item keeps showing what it showed
 * (a file changed while the item was edited on the web, or a policy version that is not
 * the current one). The revision stays in the history, so nothing is lost.
 */
export async function addRevisionNotCurrent(q: Queryable, rev: NewRevision, now = new Date().toISOString()): Promise<{ id: number; number: number }> {
  const before = await q.get<{ current: number | null; updatedAt: string }>(
    "SELECT current_revision_id AS current, updated_at AS updatedAt FROM items WHERE id = ?",
    [rev.itemId],
  );
  const added = await addRevision(q, rev, now);
  await q.run("UPDATE items SET current_revision_id = ?, updated_at = ? WHERE id = ?", [before?.current ?? null, before?.updatedAt ?? now, rev.itemId]);
  return added;
}
