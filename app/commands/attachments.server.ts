/**
 * Documents and images attached to items (issue 21, decision 150).
 *
 * - Attaching and replacing: the file is checked by content (utils/uploads.server.ts);
 *   a refused file leaves nothing behind. Bytes, attachment and version are written in
 *   ONE transaction; the change feed's triggers tell search and delivery.
 * - Replacing keeps the address (/files/:id/:name) and every earlier version.
 * - Opening a file asks the item's audience every time: a file of an item you cannot
 *   open is a 404, like the item. Editors of the item may also open its files (drafts).
 */
import { canSeeItem } from "~/access/audience.server";
import { canOpenInEditor } from "~/access/drafts.server";
import { can, canPublishWithoutReview, type Actor } from "~/access/permissions.server";
import { recordAudit } from "~/models/audit.server";
import {
  addAttachmentVersion, findAttachment, insertAttachment, listAttachmentsOfItem, listAttachmentVersions, readAttachmentBytes, storeBytes,
  updateAttachmentDetails, type AttachmentListRow, type AttachmentRow,
} from "~/models/attachment.server";
import { findItemById, getAudienceFacts, type ItemRow } from "~/models/item.server";
import { withFileObjects } from "./file-objects.server";
import { getDb, nowIso, type Queryable } from "~/utils/db.server";
import { checkUpload, formatSize, KINDS, type FileKind } from "~/utils/uploads.server";
import { formatDate } from "~/utils/dates";
import { fileHref } from "~/utils/file-path";

export const TITLE_MAX = 200;
export const ALT_MAX = 300;

export type UploadInput = { fileName: string; bytes: Buffer; title: string; alt: string };
export type AttachResult = { ok: true; attachmentId: number; name: string } | { ok: false; errors: Record<string, string> };

function notFoundResponse(): Response {
  return new Response("We could not find that file.", { status: 404, statusText: "Not Found" });
}

/** Who may attach to or change an item's files: those who may write it. */
export function mayChangeFiles(actor: Actor, item: Pick<ItemRow, "type" | "departmentId" | "authorId" | "ownerEmail">): boolean {
  const resource = { departmentId: item.departmentId, authorId: item.authorId ?? null, ownerEmail: item.ownerEmail ?? null };
  return can(actor, "update", item.type, resource) || canPublishWithoutReview(actor, item.type, resource);
}

export { fileHref };

export function isImage(kind: FileKind): boolean {
  return KINDS[kind].image;
}

/** What the editor inserts in the body for an image. */
export function imageMarkdown(a: Pick<AttachmentRow, "id" | "name" | "alt">): string {
  return `![${a.alt.replace(/[[\]\n]/g, " ").trim()}](${fileHref(a)})`;
}

function checkDetails(kind: FileKind | null, title: string, alt: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!title.trim()) errors.title = "Enter a title for the file, like “Parking permit application form”";
  else if (title.length > TITLE_MAX) errors.title = `The title must be ${TITLE_MAX} characters or fewer`;
  if (kind && isImage(kind) && !alt.trim()) errors.alt = "Describe the image for people who cannot see it (alternative text)";
  else if (alt.length > ALT_MAX) errors.alt = `The description must be ${ALT_MAX} characters or fewer`;
  return errors;
}

async function editableItem(q: Queryable, actor: Actor, itemId: number): Promise<ItemRow> {
  const item = await findItemById(q, itemId);
  if (!item || !canOpenInEditor(actor, item)) throw notFoundResponse();
  if (!mayChangeFiles(actor, item)) throw new Response("You do not have permission to change this page's files.", { status: 403 });
  return item;
}

/** Attaches a new file to an item. */
export async function attachFile(actor: Actor, itemId: number, input: UploadInput, at = new Date(), options: { describeLater?: boolean } = {}): Promise<AttachResult> {
  const db = await getDb();
  const item = await editableItem(db, actor, itemId);
  if (!input.fileName || input.bytes.length === 0) return { ok: false, errors: { file: "Choose a file to attach" } };
  const checked = await checkUpload(input.fileName, input.bytes);
  const title = input.title.trim() || "";
  // Images brought in from a Word document may come without a description: publishing waits for one.
  const errors = { ...(checked.ok ? {} : { file: checked.message }), ...checkDetails(checked.ok && !options.describeLater ? checked.file.kind : null, title, input.alt) };
  if (!checked.ok || Object.keys(errors).length) return { ok: false, errors };
  const { file } = checked;
  const when = nowIso(at);
  const attachmentId = await withFileObjects(db, async (tx) => {
    const blobId = await storeBytes(tx, file.bytes, when);
    const id = await insertAttachment(tx, { itemId: item.id, title, name: file.name, kind: file.kind, alt: input.alt.trim(), createdBy: actor.id, at: when });
    await addAttachmentVersion(tx, { attachmentId: id, blobId, name: file.name, size: file.bytes.length, uploadedBy: actor.id, at: when, textStatus: "pending" });
    await recordAudit(tx, { actorId: actor.id, action: "attach-file", entityType: "item", entityId: item.id, detail: { attachmentId: id, name: file.name, size: file.bytes.length } }, when);
    return id;
  });
  return { ok: true, attachmentId, name: file.name };
}

/** Replaces an attachment's file: same address, a new version; earlier versions are kept. */
export async function replaceFile(actor: Actor, attachmentId: number, input: Pick<UploadInput, "fileName" | "bytes">, at = new Date()): Promise<AttachResult> {
  const db = await getDb();
  const attachment = await findAttachment(db, attachmentId);
  if (!attachment) throw notFoundResponse();
  const item = await editableItem(db, actor, attachment.itemId);
  if (!input.fileName || input.bytes.length === 0) return { ok: false, errors: { [`replace-${attachmentId}`]: "Choose the new file" } };
  const checked = await checkUpload(input.fileName, input.bytes);
  if (!checked.ok) return { ok: false, errors: { [`replace-${attachmentId}`]: checked.message } };
  const { file } = checked;
  if (isImage(file.kind) !== isImage(attachment.kind))
    return { ok: false, errors: { [`replace-${attachmentId}`]: `${file.name}: replace ${isImage(attachment.kind) ? "an image with an image" : "a document with a document"}, or attach it as a new file.` } };
  const when = nowIso(at);
  await withFileObjects(db, async (tx) => {
    const blobId = await storeBytes(tx, file.bytes, when);
    await addAttachmentVersion(tx, { attachmentId, blobId, name: file.name, size: file.bytes.length, uploadedBy: actor.id, at: when, textStatus: "pending", kind: file.kind });
    await recordAudit(tx, { actorId: actor.id, action: "replace-file", entityType: "item", entityId: item.id, detail: { attachmentId, name: file.name, size: file.bytes.length } }, when);
  });
  return { ok: true, attachmentId, name: file.name };
}

/** Changes a file's title and (images) description. */
export async function updateFileDetails(actor: Actor, attachmentId: number, title: string, alt: string, at = new Date()): Promise<AttachResult> {
  const db = await getDb();
  const attachment = await findAttachment(db, attachmentId);
  if (!attachment) throw notFoundResponse();
  await editableItem(db, actor, attachment.itemId);
  const errors = checkDetails(attachment.kind, title, alt);
  if (Object.keys(errors).length) return { ok: false, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${attachmentId}`, v])) };
  await db.transaction((tx) => updateAttachmentDetails(tx, attachmentId, { title: title.trim(), alt: alt.trim(), at: nowIso(at) }));
  return { ok: true, attachmentId, name: attachment.name };
}

// ------------------------------------------------------------------------- reading ---

export type OpenedFile = { bytes: Buffer; name: string; kind: FileKind; mime: string; inline: boolean };

/**
 * One file for one viewer, checked every time: the item's audience (readers of the live
 * page) or its editors. Earlier versions only for editors. Anything else is a 404.
 */
export async function openFile(viewer: Actor, idParam: string | undefined, versionParam: string | null): Promise<OpenedFile> {
  const id = idParam && /^\d{1,10}$/.test(idParam) ? Number(idParam) : NaN;
  const db = await getDb();
  const attachment = Number.isFinite(id) ? await findAttachment(db, id) : undefined;
  const item = attachment ? await findItemById(db, attachment.itemId) : undefined;
  if (!attachment || !item) throw notFoundResponse();
  const editor = canOpenInEditor(viewer, item);
  const reader = canSeeItem(viewer, await getAudienceFacts(db, item));
  if (!editor && !reader) throw notFoundResponse();
  let version: number | undefined;
  if (versionParam !== null) {
    if (!/^\d{1,6}$/.test(versionParam) || !editor) throw notFoundResponse();
    version = Number(versionParam);
  }
  const found = await readAttachmentBytes(db, attachment.id, version);
  if (!found) throw notFoundResponse();
  return { bytes: found.bytes, name: found.name, kind: attachment.kind, mime: KINDS[attachment.kind].mime, inline: isImage(attachment.kind) };
}

// ----------------------------------------------------------------------- for pages ---

export type DocumentEntry = { id: number; title: string; href: string; type: string; size: string; date: string; kind: FileKind };

function entry(a: AttachmentListRow): DocumentEntry {
  return { id: a.id, title: a.title, href: fileHref(a), type: KINDS[a.kind].label, size: formatSize(a.size), date: formatDate(a.uploadedAt), kind: a.kind };
}

/** The "Documents" list of an item page (the caller has checked the viewer may open the item): files other than images. */
export async function documentsOfItem(q: Queryable, itemId: number): Promise<DocumentEntry[]> {
  return documentEntries(await listAttachmentsOfItem(q, itemId));
}

/** The same list from an item's attachment rows already read (an item page's kept rows, decision 245). */
export function documentEntries(rows: readonly AttachmentListRow[]): DocumentEntry[] {
  return rows.filter((a) => !isImage(a.kind)).map(entry);
}

export type EditorAttachment = DocumentEntry & {
  name: string;
  image: boolean;
  alt: string;
  markdown: string;
  textProblem: string | null;
  versions: Array<{ number: number; href: string; date: string; size: string }>;
};

/** The editor's Documents and images panel (the caller has checked the editor may open the item). */
export async function editorAttachments(q: Queryable, item: Pick<ItemRow, "id" | "type" | "mustRead">) {
  const rows = await listAttachmentsOfItem(q, item.id);
  const files: EditorAttachment[] = [];
  for (const a of rows) {
    const versions = await listAttachmentVersions(q, a.id);
    files.push({
      ...entry(a), name: a.name, image: isImage(a.kind), alt: a.alt, markdown: isImage(a.kind) ? imageMarkdown(a) : `[${a.title.replace(/[[\]]/g, "")}](${fileHref(a)})`,
      textProblem: a.textStatus === "failed" ? a.textProblem ?? "We could not read the text of this file, so search will not find words inside it." : null,
      versions: versions.slice(1).map((v) => ({ number: v.number, href: fileHref(a, v.number), date: formatDate(v.uploadedAt), size: formatSize(v.size) })),
    });
  }
  const needsHtmlVersion = (item.type === "policy" || item.mustRead === 1) && rows.some((a) => a.kind === "pdf" || a.kind === "docx");
  return { files, needsHtmlVersion, missingAlt: rows.filter((a) => isImage(a.kind) && !a.alt.trim()).map((a) => a.name) };
}

/** The item's images as the editor's toolbar offers them to place in the text (the caller has checked the editor may open the item). */
export async function imagesToPlace(q: Queryable, itemId: number): Promise<Array<{ id: number; title: string; markdown: string }>> {
  return (await listAttachmentsOfItem(q, itemId)).filter((a) => isImage(a.kind)).map((a) => ({ id: a.id, title: a.title, markdown: imageMarkdown(a) }));
}

export type FileHistory = { id: number; title: string; name: string; versions: Array<{ number: number; href: string; date: string; size: string; current: boolean }> };

/** Every attached file of an item with all its versions, newest first, for the item's history page (the caller has checked the editor may open it). */
export async function fileVersionsOfItem(q: Queryable, itemId: number): Promise<FileHistory[]> {
  const out: FileHistory[] = [];
  for (const a of await listAttachmentsOfItem(q, itemId)) {
    const versions = await listAttachmentVersions(q, a.id);
    out.push({
      id: a.id, title: a.title, name: a.name,
      versions: versions.map((v, i) => ({ number: v.number, href: i === 0 ? fileHref(a) : fileHref(a, v.number), date: formatDate(v.uploadedAt), size: formatSize(v.size), current: i === 0 })),
    });
  }
  return out;
}

/** Images of an item without a description: publishing is refused until each has one. */
export async function imagesWithoutAlt(q: Queryable, itemId: number): Promise<string[]> {
  return (await listAttachmentsOfItem(q, itemId)).filter((a) => isImage(a.kind) && !a.alt.trim()).map((a) => a.name);
}
