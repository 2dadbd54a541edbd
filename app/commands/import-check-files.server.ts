/**
 * `npm run check-content` for files (issue 21): the attachments a page lists in its front
 * matter, and the files and images its Markdown links to by relative path, are checked as
 * the import and the editor would check them: the file exists, its type by content agrees
 * with its name, it is under the size limit, an image has alt text, and a document linked
 * from the text is listed under `attachments` (otherwise its link would lead nowhere on the
 * intranet). Problems are `file:line: field: message`, like every other content problem.
 */
import fs from "node:fs";
import path from "node:path";
import type { ContentProblem } from "~/schemas/front-matter";
import { attachmentDir, loadAttachments } from "./import-attachments.server";
import type { ParsedDoc } from "./import-parse.server";

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;
const PAGE = /\.(md|markdown)$/i;
/** Markdown links and images: ![alt](href "title") or [text](href). Reference-style links are rare in council pages. */
const LINK = /(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

type Checked = { ok: true } | { ok: false; message: string };

/** Every problem with the files of these pages (listed or linked). */
export async function checkContentFiles(docs: ParsedDoc[]): Promise<ContentProblem[]> {
  const { checkUpload } = await import("~/utils/uploads.server");
  const cache = new Map<string, Promise<Checked>>();
  const checkFile = (abs: string): Promise<Checked> => {
    let found = cache.get(abs);
    if (!found) {
      found = (async () => {
        const bytes = fs.readFileSync(abs);
        const r = await checkUpload(path.basename(abs), bytes);
        return r.ok ? { ok: true as const } : { ok: false as const, message: r.message };
      })();
      cache.set(abs, found);
    }
    return found;
  };

  const problems: ContentProblem[] = [];
  for (const doc of docs) {
    if (doc.kind === "glossary") continue;
    const listed = doc.data.attachments ?? [];
    if (listed.length) problems.push(...(await loadAttachments(doc, listed, (i) => doc.lines.attachments?.[i] ?? 1)).problems);
    const filesDir = attachmentDir(doc.file.abs, doc.kind);
    const listedPaths = new Set(listed.map((a) => path.join(filesDir, a.file)));
    for (const link of relativeLinks(doc.file.text)) {
      const at = (message: string) => problems.push({ path: doc.file.display, line: link.line, field: "body", message });
      const target = path.resolve(path.dirname(doc.file.abs), link.path);
      if (PAGE.test(link.path) || isDirectory(target)) continue; // links between pages: the import resolves (or leaves) them
      if (!fs.existsSync(target)) {
        at(`${link.path}: there is no such file beside this page; put it there or correct the link`);
        continue;
      }
      if (link.image && !link.text.trim()) at(`${link.path}: describe the image for people who cannot see it: ![what it shows](${link.path})`);
      if (listedPaths.has(target)) continue; // checked with the list above
      const checked = await checkFile(target);
      if (!checked.ok) at(checked.message);
      else if (!IMAGE.test(target))
        at(`${link.path}: list this file under attachments (file: ${path.basename(target)}, title: …) in ${path.basename(filesDir)}/, or the link will lead nowhere on the intranet`);
    }
  }
  return problems;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Links in the text (not in front matter or code) to relative paths, with their file line. */
export function relativeLinks(text: string): Array<{ line: number; image: boolean; text: string; path: string }> {
  const lines = text.split(/\r?\n/);
  const out: Array<{ line: number; image: boolean; text: string; path: string }> = [];
  let i = 0;
  if (/^---\s*$/.test(lines[0] ?? "")) {
    i = 1;
    while (i < lines.length && !/^(---|\.\.\.)\s*$/.test(lines[i])) i++;
    i++;
  }
  let fence: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    for (const m of line.replace(/`[^`]*`/g, (c) => " ".repeat(c.length)).matchAll(LINK)) {
      const href = m[3];
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/") || href.startsWith("#")) continue;
      const raw = href.split("#")[0].split("?")[0];
      if (!raw) continue;
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        decoded = raw;
      }
      out.push({ line: i + 1, image: m[1] === "!", text: m[2], path: decoded });
    }
  }
  return out;
}
