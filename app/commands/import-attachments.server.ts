/**
 * Files attached to items in content/ (decision 154): an item's front matter lists them
 * (`attachments: [{file, title, alt}]`) and the files sit beside it, in `<slug>.files/`
 * (policies: `policies/<slug>/files/`), as `npm run export` writes them.
 *
 * - Checked before anything is written, like uploads (type by content, size limit, images
 *   re-encoded); a missing or refused file is a problem with the Markdown file's path and the
 *   line of its `attachments` entry, and the item is not imported this time.
 * - Written in the item's own transaction: a file with the same name is the same attachment
 *   (same address); different bytes add a version, the same bytes change nothing. Files no
 *   longer listed stay attached (removing a file is an editor's decision, never an import's).
 * - The body links to them by relative path (`guide.files/form.pdf`); the renderer points
 *   those links at the attachment's address (/files/:id/:name).
 */
import fs from "node:fs";
import path from "node:path";
import { addAttachmentVersion, insertAttachment, listAttachmentHashes, storeBlob, updateAttachmentDetails } from "~/models/attachment.server";
import type { ContentProblem } from "~/schemas/front-matter";
import type { Queryable } from "~/utils/db.server";
import { fileHref } from "~/utils/file-path";
import type { FileKind } from "~/utils/uploads.server";
import { hashText } from "./import-scan.server";

export type LoadedAttachment = { file: string; title: string; alt: string; kind: FileKind; bytes: Buffer; sha256: string };

/** The folder an item file's attachments live in. */
export function attachmentDir(fileAbs: string, kind: string): string {
  if (kind === "policy") return path.join(path.dirname(fileAbs), "files");
  return fileAbs.replace(/\.(md|markdown)$/i, ".files");
}

/**
 * Reads and checks the files a document lists. The file must keep the name it is listed
 * under (the check may only confirm it): a file whose safe name would differ is refused.
 */
export async function loadAttachments(
  doc: { file: { abs: string; display: string }; kind: string },
  list: Array<{ file: string; title: string; alt?: string }>,
  lineOf: (i: number) => number,
): Promise<{ files: LoadedAttachment[]; problems: ContentProblem[] }> {
  // Loaded when a file lists attachments: the image library is not needed by every import.
  const { checkUpload, KINDS } = await import("~/utils/uploads.server");
  const dir = attachmentDir(doc.file.abs, doc.kind);
  const shownDir = path.basename(dir);
  const files: LoadedAttachment[] = [];
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of list.entries()) {
    const at = (message: string) => problems.push({ path: doc.file.display, line: lineOf(i), field: `attachments.${i}.file`, message });
    if (seen.has(entry.file.toLowerCase())) {
      at(`${entry.file} is listed twice; list each file once`);
      continue;
    }
    seen.add(entry.file.toLowerCase());
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, entry.file));
    } catch {
      at(`There is no file ${shownDir}/${entry.file} beside this file; put it there or remove it from attachments`);
      continue;
    }
    const checked = await checkUpload(entry.file, bytes);
    if (!checked.ok) {
      at(checked.message);
      continue;
    }
    if (checked.file.name !== entry.file) {
      at(`Rename ${entry.file} to ${checked.file.name} (letters, digits, hyphens, and the extension .${KINDS[checked.file.kind].extensions[0]}) and list it under that name`);
      continue;
    }
    const alt = entry.alt?.trim() ?? "";
    if (KINDS[checked.file.kind].image && !alt) {
      at(`Add alt: describing the image ${entry.file} for people who cannot see it`);
      continue;
    }
    files.push({ file: entry.file, title: entry.title, alt, kind: checked.file.kind, bytes: checked.file.bytes, sha256: hashText(checked.file.bytes) });
  }
  return { files, problems };
}

/**
 * Makes the item's attachments hold these files (in the caller's transaction) unless
 * `write` is false (an item edited on the web keeps its own files). Returns the address of
 * every attached file by name, for the body's relative links.
 */
export async function syncAttachments(tx: Queryable, itemId: number, files: LoadedAttachment[], write: boolean, nowIso: string): Promise<Map<string, string>> {
  const existing = new Map((await listAttachmentHashes(tx, itemId)).map((a) => [a.name, a]));
  if (write)
    for (const f of files) {
      const current = existing.get(f.file);
      if (current && current.sha256 === f.sha256) {
        if (current.title !== f.title || current.alt !== f.alt) await updateAttachmentDetails(tx, current.id, { title: f.title, alt: f.alt, at: nowIso });
        continue;
      }
      const blobId = await storeBlob(tx, f.sha256, f.bytes, nowIso);
      const attachmentId = current?.id ?? (await insertAttachment(tx, { itemId, title: f.title, name: f.file, kind: f.kind, alt: f.alt, createdBy: null, at: nowIso }));
      if (current && (current.title !== f.title || current.alt !== f.alt)) await updateAttachmentDetails(tx, current.id, { title: f.title, alt: f.alt, at: nowIso });
      await addAttachmentVersion(tx, { attachmentId, blobId, name: f.file, size: f.bytes.length, uploadedBy: null, at: nowIso, textStatus: "pending", kind: f.kind });
      existing.set(f.file, { id: attachmentId, name: f.file, title: f.title, alt: f.alt, kind: f.kind, sha256: f.sha256 });
    }
  return new Map([...existing.values()].map((a) => [a.name, fileHref({ id: a.id, name: a.name })]));
}

/**
 * The body with its links to the attachment folder (`guide.files/form.pdf`, `files/form.pdf`)
 * pointing at the attachments' addresses (/files/:id/:name), so the text reads the same in
 * the editor and on the page; `npm run export` writes them back as relative links.
 */
export function rewriteAttachmentLinks(doc: { file: { abs: string }; kind: string }, body: string, hrefs: Map<string, string>): string {
  if (hrefs.size === 0) return body;
  const dir = attachmentDir(doc.file.abs, doc.kind);
  const folder = path.basename(dir);
  if (!body.includes(folder)) return body;
  return body.replace(/(\]\(\s*)(<[^>\n]+>|[^)\s]+)/g, (whole, open: string, target: string) => {
    const raw = target.replace(/^<|>$/g, "").split("#")[0].split("?")[0];
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return whole;
    }
    if (/^[a-z][a-z0-9+.-]*:|^\//i.test(decoded)) return whole;
    const resolved = path.resolve(path.dirname(doc.file.abs), decoded);
    const href = path.dirname(resolved) === dir ? hrefs.get(path.basename(resolved)) : undefined;
    return href ? `${open}${href}` : whole;
  });
}
