/**
 * Finding and reading the files an import looks at. Reading and hashing every file is
 * cheap (a re-import of 10,000 unchanged files reads them all); parsing happens only for
 * files whose hash changed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ContentProblem } from "~/schemas/front-matter";

export type SourceFile = {
  /** Stable key in content_files: relative to the content folder, with "/" separators. */
  key: string;
  abs: string;
  /** What messages show: relative to the working directory when inside it. */
  display: string;
  text: string;
  hash: string;
  /** Word documents (--dir only): the file's bytes; `text` is filled with its Markdown before parsing. */
  bytes?: Buffer;
};

export type ContentTree = {
  root: string;
  organisation: SourceFile | null;
  people: SourceFile | null;
  announcements: SourceFile[];
  guides: SourceFile[];
  /** Policy folder slug → its version files (v1.md, v2.md …). */
  policies: Map<string, SourceFile[]>;
  glossary: SourceFile[];
  /** Files in places the importer does not read, with a hint where they belong. */
  problems: ContentProblem[];
};

export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : abs;
}

export function hashText(buffer: Buffer | string): string {
  return crypto.createHash("sha256").update(buffer).digest("hex");
}

export function readSource(abs: string, key: string): SourceFile {
  const buffer = fs.readFileSync(abs);
  return { key, abs, display: displayPath(abs), text: buffer.toString("utf8"), hash: hashText(buffer) };
}

const MARKDOWN = /\.(md|markdown)$/i;

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function flatMarkdown(root: string, folder: string, tree: ContentTree, into: SourceFile[]): void {
  const entries = listDir(path.join(root, folder));
  // Attachment folders (`<slug>.files/`) from this one listing, not by trying to open one per file.
  const folders = new Set(entries.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => e.name));
  for (const entry of entries) {
    const abs = path.join(root, folder, entry.name);
    if (entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) {
      for (const inner of walk(abs)) if (MARKDOWN.test(inner))
        tree.problems.push({ path: displayPath(inner), line: 1, field: "file", message: `Move this file into content/${folder}/ itself; files in sub-folders are not imported` });
      continue;
    }
    if (!MARKDOWN.test(entry.name)) continue;
    const file = readSource(abs, `${folder}/${entry.name}`);
    const files = entry.name.replace(MARKDOWN, ".files");
    into.push(folders.has(files) ? withAttachments(file, path.join(root, folder, files)) : file);
  }
}

/** Reads content/ as docs/content-format.md describes it. */
export function scanContentDir(root: string): ContentTree {
  const tree: ContentTree = {
    root, organisation: null, people: null, announcements: [], guides: [], policies: new Map(), glossary: [], problems: [],
  };
  for (const name of ["organisation.yml", "organisation.yaml"])
    if (!tree.organisation && fs.existsSync(path.join(root, name))) tree.organisation = readSource(path.join(root, name), "organisation.yml");
  for (const name of ["people.yml", "people.yaml"])
    if (!tree.people && fs.existsSync(path.join(root, name))) tree.people = readSource(path.join(root, name), "people.yml");
  flatMarkdown(root, "announcements", tree, tree.announcements);
  flatMarkdown(root, "guides", tree, tree.guides);
  flatMarkdown(root, "glossary", tree, tree.glossary);
  for (const entry of listDir(path.join(root, "policies"))) {
    const abs = path.join(root, "policies", entry.name);
    if (entry.name.startsWith(".")) continue;
    if (!entry.isDirectory()) {
      if (MARKDOWN.test(entry.name))
        tree.problems.push({ path: displayPath(abs), line: 1, field: "file", message: `Put each policy in its own folder, one file per version: content/policies/${entry.name.replace(MARKDOWN, "")}/v1.md` });
      continue;
    }
    const versions: SourceFile[] = [];
    const inside = listDir(abs);
    const hasFiles = inside.some((e) => e.name === "files" && (e.isDirectory() || e.isSymbolicLink()));
    for (const file of inside) {
      const fileAbs = path.join(abs, file.name);
      if (file.isFile() && /^v\d+\.md$/.test(file.name)) {
        const version = readSource(fileAbs, `policies/${entry.name}/${file.name}`);
        versions.push(hasFiles ? withAttachments(version, path.join(abs, "files")) : version);
      } else if (MARKDOWN.test(file.name))
        tree.problems.push({ path: displayPath(fileAbs), line: 1, field: "file", message: "Name policy version files v1.md, v2.md and so on" });
    }
    versions.sort((a, b) => versionOf(a.key) - versionOf(b.key));
    if (versions.length) tree.policies.set(entry.name, versions);
  }
  return tree;
}

/**
 * Folds the files of an item's attachment folder (`<slug>.files/`, a policy's `files/`) into
 * its file's hash, so a changed attachment re-imports the item (decision 154).
 */
export function withAttachments(file: SourceFile, dir: string): SourceFile {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => !n.startsWith(".")).sort();
  } catch {
    return file;
  }
  const h = crypto.createHash("sha256").update(file.hash);
  for (const name of names) {
    const abs = path.join(dir, name);
    if (fs.statSync(abs).isFile()) h.update(`\n${name}\n`).update(fs.readFileSync(abs));
  }
  return { ...file, hash: h.digest("hex") };
}

export function versionOf(key: string): number {
  return Number(/\/v(\d+)\.md$/.exec(key)?.[1] ?? 0);
}

export function countTreeFiles(tree: ContentTree): number {
  let n = tree.announcements.length + tree.guides.length + tree.glossary.length;
  for (const v of tree.policies.values()) n += v.length;
  return n;
}

/** Every file under a folder (hidden folders and node_modules skipped), sorted. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of listDir(dir)) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(abs));
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

export const WORD = /\.docx$/i;

/**
 * The Markdown and Word (.docx) files of a folder written for another tool, keyed
 * `dir:<folder name>/<path>`. Word files keep their bytes; the importer turns them into
 * Markdown (commands/import-dir.server.ts). Word's lock files (`~$name.docx`) are skipped.
 */
export function scanDocsDir(root: string): SourceFile[] {
  const base = path.basename(path.resolve(root));
  return walk(root)
    .filter((f) => MARKDOWN.test(f) || (WORD.test(f) && !path.basename(f).startsWith("~$")))
    .map((abs) => {
      const key = `dir:${base}/${path.relative(root, abs).split(path.sep).join("/")}`;
      if (!WORD.test(abs)) return readSource(abs, key);
      const bytes = fs.readFileSync(abs);
      return { key, abs, display: displayPath(abs), text: "", hash: hashText(bytes), bytes };
    });
}
