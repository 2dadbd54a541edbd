/**
 * Writing validated documents: items with a revision per change, policy versions, glossary
 * terms, and archiving items whose files were removed. Every function runs inside the
 * caller's transaction (`tx`) and returns what it did, so the caller reports only what
 * committed.
 */
import { recordAudit, type AuditEntry } from "~/models/audit.server";
import { recordImportedFile, type ImportedFile } from "~/models/content-file.server";
import { upsertGlossaryTerm } from "~/models/glossary.server";
import {
  findItemById, findItemBySlug, insertItem, setItemStatus, updateItem, type ItemFields, type ItemRow, type ItemStatus, type PendingItemLinks,
} from "~/models/item.server";
import { listStoredPolicyVersions, upsertPolicyVersion } from "~/models/policy-version.server";
import { addRevision, addRevisionNotCurrent, getRevision, hashContent, type NewRevision } from "~/models/revision.server";
import { expiryInstant, formatCalendarDate } from "~/schemas/content-dates";
import type { ContentKind } from "~/schemas/front-matter";
import type { Queryable } from "~/utils/db.server";
import { renderMarkdown, type RenderOptions, type Rendered } from "~/utils/markdown.server";
import type { ParsedDoc } from "./import-parse.server";
import { rewriteAttachmentLinks, syncAttachments } from "./import-attachments.server";

export type Lookups = {
  departmentIds: Map<string, number>;
  channelIds: Map<string, number>;
  defaultChannel: Map<number, number>;
  userIds: Map<string, number>;
  /** The revision each changed file last became, by content_files key. */
  previous: Map<string, { revisionId: number; hash: string }>;
  now: Date;
  linkResolver: (doc: ParsedDoc) => RenderOptions["resolveRelativeLink"];
  /** Items that existed when the import started ("type:slug"); others need no lookup. */
  knownItems?: Set<string>;
  /** Set by the batch writer: files to record in content_files when the transaction ends. */
  importedFiles?: ImportedFile[];
  /**
   * Set by the batch writer: new items' link rows and audit entries, written together when
   * the batch ends (a few statements per batch rather than several per file).
   */
  batch?: ImportBatch;
  /** Bodies rendered ahead by worker threads, when there are any. */
  rendered?: (doc: ParsedDoc) => Promise<Rendered | undefined>;
};

export type ImportBatch = { links: PendingItemLinks; audits: Array<AuditEntry & { at: string }> };

export function emptyBatch(): ImportBatch {
  return { links: [], audits: [] };
}

/** An audit entry, now or with the batch. */
async function audit(tx: Queryable, lk: Lookups, entry: AuditEntry, nowIso: string): Promise<void> {
  if (lk.batch) lk.batch.audits.push({ ...entry, at: nowIso });
  else await recordAudit(tx, entry, nowIso);
}

export type ImportEntry = { path: string; type: ContentKind; slug: string; itemId: number | null };
export type ImportConflict = ImportEntry & { message: string };
export type Outcome = {
  created: ImportEntry[];
  revised: ImportEntry[];
  unchanged: number;
  archived: ImportEntry[];
  conflicts: ImportConflict[];
  itemIds: number[];
};

export function emptyOutcome(): Outcome {
  return { created: [], revised: [], unchanged: 0, archived: [], conflicts: [], itemIds: [] };
}

export function mergeOutcome(into: Outcome, from: Outcome): void {
  into.created.push(...from.created);
  into.revised.push(...from.revised);
  into.unchanged += from.unchanged;
  into.archived.push(...from.archived);
  into.conflicts.push(...from.conflicts);
  into.itemIds.push(...from.itemIds);
}

type ItemDoc = Extract<ParsedDoc, { kind: "announcement" | "guide" | "policy" }>;

/**
 * The status a file asks for: drafts stay drafts; a future publish date schedules the
 * item; a past expiry date expires it; anything else is published.
 */
export function statusFromFile(status: "draft" | "published", publishAt: string | null, expiresAt: string | null, now: Date): ItemStatus {
  const nowIso = now.toISOString();
  if (status === "draft") return "draft";
  if (publishAt && publishAt > nowIso) return "scheduled";
  if (expiresAt && expiresAt <= nowIso) return "expired";
  return "published";
}

export function itemFieldsFor(doc: ItemDoc, lk: Lookups, sourcePath: string): ItemFields {
  const d = doc.data;
  const departmentId = d.department ? lk.departmentIds.get(d.department) ?? null : null;
  const publishAt = d.published?.iso ?? null;
  const expiresAt = doc.kind === "announcement" && doc.data.expires ? expiryInstant(doc.data.expires) : null;
  const audience = d.audience === "everyone" ? "everyone" : "departments" in d.audience ? "departments" : "roles";
  const fields: ItemFields = {
    type: doc.kind, slug: doc.slug, title: doc.title, summary: doc.summary,
    status: statusFromFile(d.status, publishAt, expiresAt, lk.now),
    departmentId, audience,
    audienceDepartmentIds: typeof d.audience === "object" && "departments" in d.audience ? ids(d.audience.departments, lk.departmentIds) : [],
    audienceRoles: typeof d.audience === "object" && "roles" in d.audience ? d.audience.roles : [],
    isPublic: d.public, priority: "normal", mustRead: false, publishAt, expiresAt,
    reference: null, ownerEmail: null, deputyEmail: null, lastReviewedOn: null, reviewBy: null,
    targetDepartmentIds: [], channelIds: [], tags: d.tags ?? [], related: [],
    source: "file", sourcePath, authorId: null,
  };
  if (doc.kind === "announcement") {
    const a = doc.data;
    fields.priority = a.priority;
    fields.mustRead = a.must_read;
    fields.targetDepartmentIds = a.departments === "all" ? [...lk.departmentIds.values()] : ids(a.departments ?? [], lk.departmentIds);
    fields.channelIds = ids(a.channels ?? [], lk.channelIds);
    // An announcement that names no channel goes to its department's default channel.
    const fallback = departmentId !== null ? lk.defaultChannel.get(departmentId) : undefined;
    if (fields.channelIds.length === 0 && fallback !== undefined) fields.channelIds = [fallback];
    fields.authorId = a.author ? lk.userIds.get(a.author) ?? null : null;
  } else if (doc.kind === "guide") {
    const g = doc.data;
    fields.ownerEmail = g.owner;
    fields.deputyEmail = g.deputy ?? null;
    fields.lastReviewedOn = formatCalendarDate(g.last_reviewed);
    fields.reviewBy = formatCalendarDate(g.review_by);
    fields.related = (g.related ?? []).map((r) => {
      const [type, slug] = r.split(":");
      return { type: type as ItemDoc["kind"], slug };
    });
  } else {
    fields.reference = doc.data.reference.toUpperCase();
    fields.ownerEmail = doc.data.owner;
  }
  return fields;
}

function ids(slugs: string[], map: Map<string, number>): number[] {
  return slugs.flatMap((s) => (map.has(s) ? [map.get(s)!] : []));
}

/** `hrefs`: the item's attachments' addresses by name, when the file lists attachments (its links to them are rewritten). */
async function revisionOf(doc: ParsedDoc, itemId: number, fields: ItemFields, lk: Lookups, hrefs?: Map<string, string>): Promise<NewRevision> {
  const body = hrefs ? rewriteAttachmentLinks(doc, doc.body, hrefs) : doc.body;
  return {
    itemId, title: doc.title, summary: doc.summary, body, fields: doc.fields, source: "file", authorId: fields.authorId,
    note: `Imported from ${doc.file.display}`, renderOptions: { resolveRelativeLink: lk.linkResolver(doc) },
    rendered: body === doc.body ? await lk.rendered?.(doc) : undefined,
  };
}

/** Attaches the files a document lists (not to an item edited on the web) and returns their addresses by name. */
async function attachmentsOf(tx: Queryable, docs: ParsedDoc[], itemId: number, write: boolean, nowIso: string): Promise<Map<string, string> | undefined> {
  const files = docs.flatMap((d) => d.attachments ?? []);
  if (!docs.some((d) => d.attachments)) return undefined;
  const byName = new Map(files.map((f) => [f.file, f])); // a later version's file of the same name wins
  return syncAttachments(tx, itemId, [...byName.values()], write, nowIso);
}

/** Items edited (or created) on the web are not overwritten by a file without a word. */
export function isWebOwned(item: ItemRow): boolean {
  return item.webEdited === 1 || item.source === "web";
}

/** The item with this slug, without asking the database when it cannot exist yet. */
async function existingItem(tx: Queryable, lk: Lookups, type: ItemDoc["kind"], slug: string): Promise<ItemRow | undefined> {
  if (lk.knownItems && !lk.knownItems.has(`${type}:${slug}`)) return undefined;
  return findItemBySlug(tx, type, slug);
}

async function fileImported(tx: Queryable, lk: Lookups, file: ImportedFile, nowIso: string): Promise<void> {
  if (lk.importedFiles) lk.importedFiles.push(file);
  else await recordImportedFile(tx, file, nowIso);
}

const entryOf = (doc: ParsedDoc, itemId: number | null): ImportEntry => ({ path: doc.file.display, type: doc.kind, slug: doc.slug, itemId });

/** Stores a changed file's version beside a web edit, without making it current, and says so. */
async function storeConflict(tx: Queryable, lk: Lookups, doc: ParsedDoc, item: ItemRow, rev: NewRevision, out: Outcome, nowIso: string): Promise<number> {
  const added = await addRevisionNotCurrent(tx, rev, nowIso);
  const message = `${doc.file.display} changed, but this ${item.type} was edited on the web since it was imported; the file's version is kept as revision ${added.number} and the web version stays published`;
  await audit(tx, lk, { actorId: null, action: "import.conflict", entityType: "item", entityId: item.id, detail: { path: doc.file.key, revision: added.number } }, nowIso);
  out.conflicts.push({ ...entryOf(doc, item.id), message });
  return added.id;
}

/** One announcement or guide file: create, revise, or leave alone if nothing changed. */
export async function writeItemDoc(tx: Queryable, doc: Extract<ParsedDoc, { kind: "announcement" | "guide" }>, lk: Lookups, sourcePath = doc.file.key): Promise<Outcome> {
  const out = emptyOutcome();
  const nowIso = lk.now.toISOString();
  const fields = itemFieldsFor(doc, lk, sourcePath);
  const existing = await existingItem(tx, lk, doc.kind, doc.slug);
  let revisionId: number;
  let itemId: number;
  if (!existing) {
    itemId = await insertItem(tx, fields, nowIso, lk.batch?.links);
    const hrefs = await attachmentsOf(tx, [doc], itemId, true, nowIso);
    revisionId = (await addRevision(tx, { ...(await revisionOf(doc, itemId, fields, lk, hrefs)), number: 1 }, nowIso)).id;
    await audit(tx, lk, { actorId: null, action: "import.create", entityType: "item", entityId: itemId, detail: { path: doc.file.key } }, nowIso);
    out.created.push(entryOf(doc, itemId));
    out.itemIds.push(itemId);
  } else {
    itemId = existing.id;
    const hrefs = await attachmentsOf(tx, [doc], itemId, !isWebOwned(existing), nowIso);
    const rev = await revisionOf(doc, itemId, fields, lk, hrefs);
    const current = existing.currentRevisionId ? await getRevision(tx, existing.currentRevisionId) : undefined;
    const same = !!current && current.contentHash === hashContent(rev.title, rev.summary, rev.body, rev.fields);
    if (same && current) {
      // Same content (a reformatted file, or a removed file put back): only the status may move.
      revisionId = current.id;
      if (!isWebOwned(existing) && (existing.status !== fields.status || existing.sourcePath !== sourcePath)) {
        await updateItem(tx, itemId, fields, nowIso);
        out.itemIds.push(itemId);
      }
      out.unchanged++;
    } else if (isWebOwned(existing)) {
      revisionId = await storeConflict(tx, lk, doc, existing, rev, out, nowIso);
    } else {
      await updateItem(tx, itemId, fields, nowIso);
      const added = await addRevision(tx, rev, nowIso);
      revisionId = added.id;
      await audit(tx, lk, { actorId: null, action: "import.revision", entityType: "item", entityId: itemId, detail: { path: doc.file.key, revision: added.number } }, nowIso);
      out.revised.push(entryOf(doc, itemId));
      out.itemIds.push(itemId);
    }
  }
  await fileImported(tx, lk, { path: doc.file.key, hash: doc.file.hash, itemId, revisionId }, nowIso);
  return out;
}

/**
 * One policy folder. The current version is the highest one that is published and due;
 * later (scheduled or draft) versions are kept as revisions that are not current yet.
 * `docs` are the folder's valid version files; `changed` the keys of files that changed.
 */
export async function writePolicyFolder(tx: Queryable, slug: string, docs: Extract<ParsedDoc, { kind: "policy" }>[], changed: Set<string>, lk: Lookups): Promise<Outcome> {
  const out = emptyOutcome();
  if (docs.length === 0) return out;
  const nowIso = lk.now.toISOString();
  const sorted = [...docs].sort((a, b) => a.data.version - b.data.version);
  const due = sorted.filter((d) => d.data.status === "published" && (!d.data.published || d.data.published.iso <= nowIso));
  const current = due[due.length - 1] ?? sorted[sorted.length - 1];
  const folderKey = `policies/${slug}`;
  const fields = itemFieldsFor(current, lk, folderKey);
  const existing = await existingItem(tx, lk, "policy", slug);
  const isNew = !existing;
  const itemId = existing ? existing.id : await insertItem(tx, fields, nowIso, lk.batch?.links);
  const webOwned = existing ? isWebOwned(existing) : false;
  const stored = new Map((await listStoredPolicyVersions(tx, itemId)).map((v) => [v.version, v]));
  const hrefs = await attachmentsOf(tx, sorted, itemId, !webOwned, nowIso);
  let itemTouched = isNew;
  let numbered = 0;
  if (existing && !webOwned && (existing.status !== fields.status || changed.size > 0)) {
    await updateItem(tx, itemId, fields, nowIso);
    itemTouched = true;
  }
  for (const doc of sorted) {
    if (!changed.has(doc.file.key)) continue;
    const before = stored.get(doc.data.version);
    const previous = lk.previous.get(doc.file.key) ?? (before ? { revisionId: before.revisionId, hash: before.contentHash } : undefined);
    const rev = await revisionOf(doc, itemId, fields, lk, hrefs);
    const hash = hashContent(rev.title, rev.summary, rev.body, rev.fields);
    let revisionId: number;
    if (previous && previous.hash === hash) {
      revisionId = previous.revisionId;
      out.unchanged++;
    } else if (webOwned && existing) {
      revisionId = await storeConflict(tx, lk, doc, existing, rev, out, nowIso);
      await fileImported(tx, lk, { path: doc.file.key, hash: doc.file.hash, itemId, revisionId }, nowIso);
      continue;
    } else {
      // A new item's revisions are numbered here, without asking the database for the last one.
      if (isNew) rev.number = ++numbered;
      const added = doc === current ? await addRevision(tx, rev, nowIso) : await addRevisionNotCurrent(tx, rev, nowIso);
      revisionId = added.id;
      if (!isNew)
        await audit(tx, lk, { actorId: null, action: "import.revision", entityType: "item", entityId: itemId, detail: { path: doc.file.key, revision: added.number, version: doc.data.version } }, nowIso);
      (isNew ? out.created : out.revised).push(entryOf(doc, itemId));
      itemTouched = true;
    }
    if (doc.data.status === "published" && !webOwned)
      await upsertPolicyVersion(tx, {
        itemId, version: doc.data.version, revisionId, effectiveOn: formatCalendarDate(doc.data.effective),
        approvalRef: doc.data.approved ?? "", whatChanged: doc.data.what_changed ?? "", isMaterial: doc.data.material,
        publishedAt: doc.data.published?.iso ?? nowIso,
      });
    await fileImported(tx, lk, { path: doc.file.key, hash: doc.file.hash, itemId, revisionId }, nowIso);
  }
  if (isNew)
    await audit(tx, lk, { actorId: null, action: "import.create", entityType: "item", entityId: itemId, detail: { path: folderKey, versions: sorted.map((d) => d.data.version) } }, nowIso);
  if (itemTouched) out.itemIds.push(itemId);
  return out;
}

/** One glossary file: the term is created or updated in place (the file is its only source). */
export async function writeGlossaryDoc(tx: Queryable, doc: Extract<ParsedDoc, { kind: "glossary" }>, lk: Lookups): Promise<Outcome> {
  const out = emptyOutcome();
  const nowIso = lk.now.toISOString();
  const result = await upsertGlossaryTerm(
    tx,
    {
      slug: doc.slug, term: doc.data.term, standsFor: doc.data.stands_for ?? "", also: doc.data.also ?? [],
      definitionMd: doc.body, definitionHtml: ((await lk.rendered?.(doc)) ?? renderMarkdown(doc.body, { resolveRelativeLink: lk.linkResolver(doc) })).html, sourcePath: doc.file.key,
    },
    nowIso,
  );
  if (result === "unchanged") out.unchanged++;
  else {
    await audit(tx, lk, { actorId: null, action: result === "created" ? "import.create" : "import.revision", entityType: "glossary_term", detail: { path: doc.file.key, slug: doc.slug } }, nowIso);
    (result === "created" ? out.created : out.revised).push(entryOf(doc, null));
  }
  await fileImported(tx, lk, { path: doc.file.key, hash: doc.file.hash, itemId: null, revisionId: null }, nowIso);
  return out;
}

/**
 * An item whose files are all gone is archived, never deleted: it keeps its history and
 * its address answers "archived". An item edited on the web is left alone and reported.
 */
export async function archiveRemovedItem(tx: Queryable, itemId: number, paths: string[], now: Date): Promise<Outcome> {
  const out = emptyOutcome();
  const item = await findItemById(tx, itemId);
  if (!item) return out;
  const entry: ImportEntry = { path: paths[0], type: item.type, slug: item.slug, itemId };
  if (isWebOwned(item)) {
    out.conflicts.push({ ...entry, message: `${paths.join(", ")} was removed, but this ${item.type} was edited on the web; it stays as it is` });
    await recordAudit(tx, { actorId: null, action: "import.conflict", entityType: "item", entityId: itemId, detail: { removed: paths } }, now.toISOString());
    return out;
  }
  if (item.status !== "archived") {
    await setItemStatus(tx, itemId, "archived", now.toISOString());
    await recordAudit(tx, { actorId: null, action: "import.archive", entityType: "item", entityId: itemId, detail: { removed: paths, previousStatus: item.status } }, now.toISOString());
    out.archived.push(entry);
    out.itemIds.push(itemId);
  }
  return out;
}
