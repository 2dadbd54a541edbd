/**
 * Content out as Markdown (issue 21, decision 154): every item (and organisation.yml and
 * the glossary) in the exact format `npm run import` reads (docs/content-format.md), with
 * attached files beside their item (`guides/<slug>.files/`, `policies/<slug>/files/`).
 * Importing an export into an empty database gives the same items, current texts and
 * files; exporting that again gives the same bytes (tests/documents/export.test.ts).
 *
 * - `npm run export -- --dir PATH`: everything that is not archived (the operator's export).
 * - `markdownOfItem`: one item for someone who may open it in the editor (the editor's
 *   "Download as Markdown"); `webEditedExport`: the pages that came from files and were
 *   edited on the web since, that the viewer may open (the admin page and its zip).
 */
import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { zipSync } from "fflate";
import { canOpenInEditor, listedOrEditableSql } from "~/access/drafts.server";
import type { Actor } from "~/access/permissions.server";
import type { Viewer } from "~/access/audience.server";
import { listAttachmentsOfItem, readAttachmentBytes } from "~/models/attachment.server";
import {
  currentTextForExport, listItemsForExport, listPolicyVersionsForExport, listWebEditedFileItems, organisationForExport, userEmailsById,
} from "~/models/content-export.server";
import { listGlossaryTerms } from "~/models/glossary.server";
import { findItemById, loadItemFields, type ItemRow } from "~/models/item.server";
import { channelIdsBySlug, departmentIdsBySlug } from "~/models/organisation.server";
import { getDb, type Queryable } from "~/utils/db.server";

/** One file of an export: its path inside the export folder (with "/") and its content. */
export type ExportFile = { path: string; content: string | Buffer };

type Names = { departments: Map<number, string>; channels: Map<number, string>; users: Map<number, string> };

async function names(q: Queryable): Promise<Names> {
  const [departments, channels] = await Promise.all([departmentIdsBySlug(q), channelIdsBySlug(q)]);
  return {
    departments: new Map([...departments].map(([slug, id]) => [id, slug])),
    channels: new Map([...channels].map(([slug, id]) => [id, slug])),
    users: await userEmailsById(q),
  };
}

/** An instant as front matter writes it: `2026-11-18T09:00:00Z` (milliseconds only when there are some). */
function instant(iso: string | null): string | undefined {
  return iso ? iso.replace(/\.000Z$/, "Z") : undefined;
}

/** Front matter and body as one file; keys in the order given, empty values left out. */
export function markdownFile(front: Record<string, unknown>, body: string): string {
  const clean = Object.fromEntries(Object.entries(front).filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0)));
  const yaml = stringify(clean, { lineWidth: 0, minContentWidth: 0 });
  const text = body.replace(/^\n+/, "");
  return `---\n${yaml}---\n\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}`;
}

/** Where an item's attachments go, relative to its Markdown file, and the folder inside the export. */
function attachmentFolder(item: ItemRow): { relative: string; folder: string } {
  if (item.type === "policy") return { relative: "files", folder: `policies/${item.slug}/files` };
  return { relative: `${item.slug}.files`, folder: `${item.type}s/${item.slug}.files` };
}

/**
 * The item's attachments as files (current versions), named uniquely, and the body's
 * links to them (`/files/:id/:name`) rewritten as relative paths to those files.
 */
async function attachmentsOf(q: Queryable, item: ItemRow) {
  const rows = await listAttachmentsOfItem(q, item.id);
  const { relative, folder } = attachmentFolder(item);
  const used = new Set<string>();
  const files: ExportFile[] = [];
  const listed: Array<{ file: string; title: string; alt?: string }> = [];
  const byId = new Map<number, string>();
  for (const a of rows) {
    let name = a.name;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = a.name.replace(/(\.[^.]+)$/, `-${n}$1`);
    used.add(name.toLowerCase());
    const found = await readAttachmentBytes(q, a.id);
    if (!found) continue;
    files.push({ path: `${folder}/${name}`, content: found.bytes });
    listed.push({ file: name, title: a.title, ...(a.alt.trim() ? { alt: a.alt } : {}) });
    byId.set(a.id, name);
  }
  const rewrite = (body: string) =>
    byId.size === 0
      ? body
      : body.replace(/\/files\/(\d+)\/[^\s)"'<>?#]+(?:\?v=\d+)?/g, (whole, id: string) => (byId.has(Number(id)) ? `${relative}/${byId.get(Number(id))}` : whole));
  return { files, listed, rewrite };
}

/** Front matter every item type shares, from the item as it is now. */
async function commonFront(q: Queryable, item: ItemRow, n: Names) {
  const fields = await loadItemFields(q, item);
  const audience =
    item.audience === "everyone" ? "everyone"
    : item.audience === "departments" ? { departments: fields.audienceDepartmentIds.map((id) => n.departments.get(id)).filter(Boolean) }
    : { roles: fields.audienceRoles };
  return { fields, audience };
}

/** The files one item becomes: its Markdown file(s) and its attachments. */
export async function itemFiles(q: Queryable, item: ItemRow, n?: Names): Promise<ExportFile[]> {
  const lookups = n ?? (await names(q));
  const { fields, audience } = await commonFront(q, item, lookups);
  const att = await attachmentsOf(q, item);
  const draft = item.status === "draft" || item.status === "in-review" ? "draft" : undefined;
  const published = instant(item.publishAt ?? item.publishedAt);
  const department = item.departmentId !== null ? lookups.departments.get(item.departmentId) : undefined;
  const base = { department, status: draft, published, audience, public: item.isPublic === 1 ? true : undefined, tags: fields.tags };
  if (item.type === "policy") {
    const versions = await listPolicyVersionsForExport(q, item.id);
    const out: ExportFile[] = [];
    const shared = { reference: item.reference, owner: item.ownerEmail };
    if (versions.length === 0) {
      // A policy that has never been published: its current text as version 1, a draft.
      const current = await currentTextForExport(q, item.id);
      if (!current) return [];
      const fm = safeJson(current.fieldsJson);
      const effective = typeof fm.effective === "string" && /^\d{4}-\d{2}-\d{2}/.test(fm.effective) ? fm.effective.slice(0, 10) : (item.publishAt ?? item.createdAt).slice(0, 10);
      out.push({
        path: `policies/${item.slug}/v1.md`,
        content: markdownFile({ title: current.title, ...shared, summary: current.summary, version: 1, effective, ...base, status: "draft", attachments: att.listed }, att.rewrite(current.body)),
      });
    } else {
      const last = versions[versions.length - 1].version;
      for (const v of versions)
        out.push({
          path: `policies/${item.slug}/v${v.version}.md`,
          content: markdownFile(
            {
              title: v.title, ...shared, summary: v.summary, version: v.version, effective: v.effectiveOn, approved: v.approvalRef, what_changed: v.whatChanged,
              material: v.isMaterial === 1 ? true : undefined, ...base, published: instant(v.publishedAt), attachments: v.version === last ? att.listed : undefined,
            },
            att.rewrite(v.body),
          ),
        });
    }
    return [...out, ...att.files];
  }
  const current = await currentTextForExport(q, item.id);
  if (!current) return [];
  let front: Record<string, unknown>;
  if (item.type === "announcement") {
    front = {
      title: item.title, summary: item.summary, ...base,
      departments: fields.targetDepartmentIds.map((id) => lookups.departments.get(id)).filter(Boolean),
      channels: fields.channelIds.map((id) => lookups.channels.get(id)).filter(Boolean),
      priority: item.priority === "normal" ? undefined : item.priority,
      must_read: item.mustRead === 1 ? true : undefined,
      expires: instant(item.expiresAt),
      author: item.authorId !== null ? lookups.users.get(item.authorId) : undefined,
    };
  } else {
    front = {
      title: item.title, summary: item.summary, ...base, owner: item.ownerEmail, deputy: item.deputyEmail ?? undefined,
      last_reviewed: item.lastReviewedOn, review_by: item.reviewBy, related: fields.related.map((r) => `${r.type}:${r.slug}`),
    };
  }
  front.attachments = att.listed;
  return [{ path: `${item.type}s/${item.slug}.md`, content: markdownFile(front, att.rewrite(current.body)) }, ...att.files];
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** organisation.yml from the departments and channels (departments without a channel cannot be written and are reported). */
async function organisationFile(q: Queryable, warnings: string[]): Promise<ExportFile> {
  const org = await organisationForExport(q);
  const channel = (c: (typeof org.channels)[number]) => ({ slug: c.slug, name: c.name, ...(c.description ? { description: c.description } : {}), ...(c.isMandatory ? { mandatory: true } : {}) });
  const departments = org.departments.flatMap((d) => {
    const own = org.channels.filter((c) => c.departmentId === d.id);
    if (own.length === 0) {
      warnings.push(`The department ${d.slug} has no channel, so organisation.yml leaves it out (give it a channel and export again)`);
      return [];
    }
    return [{ slug: d.slug, name: d.name, ...(d.description ? { description: d.description } : {}), channels: own.map(channel) }];
  });
  const corporate = org.channels.filter((c) => c.departmentId === null).map(channel);
  return { path: "organisation.yml", content: stringify({ departments, ...(corporate.length ? { corporate_channels: corporate } : {}) }, { lineWidth: 0, minContentWidth: 0 }) };
}

async function glossaryFiles(q: Queryable): Promise<ExportFile[]> {
  return (await listGlossaryTerms(q)).map((t) => ({
    path: `glossary/${t.slug}.md`,
    content: markdownFile({ term: t.term, stands_for: t.standsFor, also: t.also }, t.definitionMd),
  }));
}

export type ExportReport = { items: number; files: number; attachments: number; bytes: number; warnings: string[]; ms: number };

/** `npm run export -- --dir PATH`: writes everything that is not archived into an empty (or new) folder. */
export async function exportContent(options: { dir: string }): Promise<ExportReport> {
  const started = Date.now();
  const root = path.resolve(options.dir);
  if (fs.existsSync(root) && fs.readdirSync(root).length > 0) throw new ExportUsageError(`--dir: ${options.dir} is not empty; export into a new or empty folder`);
  const db = await getDb();
  const report: ExportReport = { items: 0, files: 0, attachments: 0, bytes: 0, warnings: [], ms: 0 };
  const lookups = await names(db);
  const write = (f: ExportFile) => {
    const abs = path.join(root, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, f.content);
    report.files++;
    report.bytes += Buffer.byteLength(f.content);
    if (!/\.(md|yml)$/.test(f.path)) report.attachments++;
  };
  fs.mkdirSync(root, { recursive: true });
  write(await organisationFile(db, report.warnings));
  for (const f of await glossaryFiles(db)) write(f);
  for (const item of await listItemsForExport(db)) {
    const files = await itemFiles(db, item, lookups);
    if (files.length === 0) report.warnings.push(`${item.type} ${item.slug} has no text yet and was left out`);
    else report.items++;
    files.forEach(write);
  }
  report.ms = Date.now() - started;
  return report;
}

/** A problem with the command itself: nothing was written. */
export class ExportUsageError extends Error {}

// ------------------------------------------------------------------------- pages ---

function notFound(): Response {
  return new Response("We could not find that page.", { status: 404, statusText: "Not Found" });
}

/** One item as a download for someone who may open it in the editor: its Markdown file, or a zip with its files. */
export async function markdownOfItem(actor: Actor, idParam: string | undefined): Promise<{ fileName: string; type: string; content: Buffer }> {
  const id = idParam && /^\d{1,10}$/.test(idParam) ? Number(idParam) : NaN;
  const db = await getDb();
  const item = Number.isFinite(id) ? await findItemById(db, id) : undefined;
  if (!item || !canOpenInEditor(actor, item)) throw notFound();
  const files = await itemFiles(db, item);
  if (files.length === 0) throw notFound();
  if (files.length === 1) return { fileName: path.posix.basename(files[0].path), type: "text/markdown; charset=utf-8", content: Buffer.from(files[0].content) };
  return { fileName: `${item.type}-${item.slug}.zip`, type: "application/zip", content: zipOf(files) };
}

function zipOf(files: ExportFile[]): Buffer {
  const entries: Record<string, Uint8Array> = {};
  // Fixed times: the same content gives the same zip.
  for (const f of files) entries[f.path] = [typeof f.content === "string" ? new TextEncoder().encode(f.content) : new Uint8Array(f.content), { mtime: new Date("2000-01-01T00:00:00Z") }] as unknown as Uint8Array;
  return Buffer.from(zipSync(entries as Parameters<typeof zipSync>[0], { level: 6 }));
}

export type WebEditedEntry = { id: number; type: string; slug: string; title: string; sourcePath: string | null; updatedAt: string; href: string };

/** Pages that came from files and were edited on the web since, that the viewer may open or edit. */
export async function listWebEdited(viewer: Actor & Viewer): Promise<WebEditedEntry[]> {
  const db = await getDb();
  const rows = await listWebEditedFileItems(db, listedOrEditableSql(viewer));
  return rows
    .filter((r) => canOpenInEditor(viewer, r))
    .map((r) => ({ id: r.id, type: r.type, slug: r.slug, title: r.title, sourcePath: r.sourcePath, updatedAt: r.updatedAt, href: `/editor/${r.id}/markdown` }));
}

/** All of them as one zip in the content folder's layout, to commit back to the content repository. */
export async function webEditedZip(viewer: Actor & Viewer): Promise<Buffer> {
  const db = await getDb();
  const lookups = await names(db);
  const files: ExportFile[] = [];
  for (const entry of await listWebEdited(viewer)) {
    const item = await findItemById(db, entry.id);
    if (item) files.push(...(await itemFiles(db, item, lookups)));
  }
  return zipOf(files);
}
