/**
 * `npm run import -- --dir PATH --type guide --department SLUG [--owner EMAIL]`: bring in a
 * folder of Markdown written for another tool (a docs site, a wiki export) as guides.
 *
 * - Foreign front matter (YAML, TOML, JSON) is never validated as ours (decision 014): the
 *   title, summary (or description) and tags are taken when they are plain text, every
 *   other key is kept aside in the revision's fields under `extra`. Unreadable front
 *   matter and repeated keys are warnings; the page still imports.
 * - The title is the front matter's, else the first `# heading` (then removed from the
 *   body so it does not show twice), else the file name.
 * - The slug comes from the path (`billing/refunds.md` → `billing-refunds`; an index or
 *   README page takes its folder's name).
 * - Relative links between the imported pages point at their new addresses; images are
 *   copied to the asset folder. HTML is sanitised by the renderer like any other body.
 * - The command decides the rest: owner --owner, else the department's first knowledge
 *   champion; status published; audience everyone; reviewed today, review by today + 12
 *   months. A page's own `owner`, `status`, `audience` or dates are kept aside, never used.
 * - Word documents (.docx) beside the Markdown come in the same way (decision 153): checked
 *   by content like an upload, turned into Markdown like "Start from a Word document"
 *   (headings, lists, tables, links), the first heading as the title; their pictures are
 *   re-encoded and copied to the asset folder like a Markdown page's images. A file that is
 *   not a readable Word document is an error with its path, and its earlier import stays.
 */
import path from "node:path";
import fs from "node:fs";
import { listContentFiles, listItemSources } from "~/models/content-file.server";
import { channelIdsBySlug, defaultChannelByDepartment, departmentIdsBySlug, firstChampionEmail, userIdsByEmail } from "~/models/organisation.server";
import { addMonths, formatCalendarDate, parseCalendarDate } from "~/schemas/content-dates";
import { readForeignPage, takeForeignFields, fitTitle } from "~/schemas/foreign-front-matter";
import { formatProblem, validateFrontMatter, type ContentProblem, type FrontMatter } from "~/schemas/front-matter";
import { parsePeopleDirectory } from "~/schemas/organisation";
import { getDb } from "~/utils/db.server";
import { ukTodayIso } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { slugify } from "~/utils/markdown.server";
import { DEFAULT_ASSETS, newReport, rejectDuplicates, runUnits, type ImportReport, type PlannedUnit } from "./import.server";
import type { FileKind } from "~/utils/uploads.server";
import { headingAnchors, makeLinkResolver, storeAsset, type AnchorMaps, type AssetStore } from "./import-links.server";
import { checkReferences, firstParagraphText, type Directory, type ParsedDoc } from "./import-parse.server";
import { scanDocsDir, type SourceFile } from "./import-scan.server";
import { writeItemDoc, type Lookups } from "./import-write.server";

export type DirImportOptions = {
  dir: string;
  type: "guide";
  department: string;
  owner?: string;
  now?: Date;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  assets?: AssetStore | null;
  contentDir?: string;
};

/** A problem with the command itself (unknown department, no owner): nothing was imported. */
export class DirImportUsageError extends Error {}

type GuideDoc = Extract<ParsedDoc, { kind: "guide" }>;

export async function importDirectory(options: DirImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const root = path.resolve(options.dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new DirImportUsageError(`--dir: there is no folder at ${options.dir}`);
  const db = await getDb();
  const [departmentIds, channelIds, defaultChannel, userIds] = await Promise.all([
    departmentIdsBySlug(db), channelIdsBySlug(db), defaultChannelByDepartment(db), userIdsByEmail(db),
  ]);
  const departmentId = departmentIds.get(options.department);
  if (departmentId === undefined)
    throw new DirImportUsageError(`--department: there is no department called ${options.department}; import content/ first or use a slug from content/organisation.yml`);

  const peopleFile = path.join(options.contentDir ?? getEnv().CONTENT_DIR, "people.yml");
  const people = fs.existsSync(peopleFile) ? parsePeopleDirectory(fs.readFileSync(peopleFile, "utf8")) : null;
  const owner =
    options.owner?.trim().toLowerCase() ||
    (await firstChampionEmail(db, departmentId)) ||
    people?.championsByDepartment.get(options.department)?.[0];
  if (!owner) throw new DirImportUsageError(`--owner: ${options.department} has no knowledge champion to own the pages; give an owner with --owner EMAIL`);

  const directory: Directory = {
    departments: new Set(departmentIds.keys()),
    channels: new Set(channelIds.keys()),
    people: people ? new Set([...people.emails, ...userIds.keys()]) : null,
  };
  const today = ukTodayIso(now);
  const defaults = { department: options.department, owner, lastReviewed: today, reviewBy: formatCalendarDate(addMonths(parseCalendarDate(today)!, 12)) };

  const report = newReport();
  const files = scanDocsDir(root);
  report.files = files.length;
  const known = new Map((await listContentFiles(db)).map((r) => [r.path, r]));
  const changed = files.filter((f) => {
    const row = known.get(f.key);
    return !row || row.hash !== f.hash || row.lastError !== null;
  });
  report.unchanged = files.length - changed.length;

  const failed = new Map<string, ContentProblem[]>();
  const docs: GuideDoc[] = [];
  const assets = options.assets === undefined ? DEFAULT_ASSETS : options.assets;
  for (const file of changed) {
    if (file.bytes) {
      const word = await wordPage(file, assets);
      report.warnings.push(...word.warnings.map(formatProblem));
      if (!word.ok) {
        failed.set(file.key, word.problems);
        continue;
      }
    }
    const { doc, problems, warnings } = parseDocsPage(file, root, defaults, directory);
    report.warnings.push(...warnings.map(formatProblem));
    if (doc) docs.push(doc);
    else failed.set(file.key, problems);
  }
  // Slugs must be free: taken by this folder's own earlier import is fine, by anything else is not.
  const items = await listItemSources(db);
  const taken = new Map(items.filter((i) => i.type === "guide").map((i) => [i.slug, i]));
  const clashes: ContentProblem[] = docs.flatMap((d) => {
    const other = taken.get(d.slug);
    if (!other || other.sourcePath === d.file.key) return [];
    const where = other.source === "file" && other.sourcePath ? `imported from ${other.sourcePath}` : "created on the intranet";
    return [{ path: d.file.display, line: 1, field: "slug", message: `A guide with the address /guides/${d.slug} already exists (${where}); rename the file or its folder` }];
  });
  const valid = rejectDuplicates(docs, failed, clashes) as GuideDoc[];

  const routes = new Map<string, string>();
  for (const f of files) routes.set(f.abs, `/guides/${slugFromPath(f, root)}`);
  // Links to a heading use the anchors the old tool gave it; translate them to our ids.
  const anchors: AnchorMaps = new Map(valid.map((d) => [d.file.abs, headingAnchors(d.body)]));
  const lookups: Lookups = {
    departmentIds, channelIds, defaultChannel, userIds, now, previous: new Map(), knownItems: new Set(items.map((i) => `${i.type}:${i.slug}`)),
    linkResolver: (doc) => makeLinkResolver(doc.file.abs, routes, assets, anchors),
  };
  const units: PlannedUnit[] = valid.map((doc) => ({ files: [doc.file], docs: [doc], run: (tx, lk) => writeItemDoc(tx, doc, lk) }));
  await runUnits(db, units, lookups, report, failed, { batchSize: options.batchSize, onProgress: options.onProgress, alreadyDone: report.unchanged, total: files.length });
  for (const problems of failed.values()) report.errors.push(...problems);
  report.errors.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  report.itemIds = [...new Set(report.itemIds)];
  report.ms = Date.now() - started;
  return report;
}

/** `billing/refunds.md` → `billing-refunds`; `billing/index.md` → `billing`; the top index → the folder's name. */
export function slugFromPath(file: SourceFile, root: string): string {
  const rel = path.relative(root, file.abs).split(path.sep);
  rel[rel.length - 1] = rel[rel.length - 1].replace(/\.(md|markdown|docx)$/i, "");
  if (/^(index|readme|_index|home)$/i.test(rel[rel.length - 1])) rel.pop();
  const parts = (rel.length ? rel : [path.basename(root)]).map((p) => slugify(p));
  return parts.join("-").slice(0, 120).replace(/-+$/, "");
}

type Defaults = { department: string; owner: string; lastReviewed: string; reviewBy: string };

/**
 * One page from another tool. Only the title, summary and tags come from its front matter;
 * everything a guide needs besides is decided by the command (`defaults`), and the foreign
 * keys are kept aside. Problems are only ours (a slug or owner that cannot be used);
 * what was odd in the page itself is a warning.
 */
export function parseDocsPage(
  file: SourceFile, root: string, defaults: Defaults, directory: Directory,
): { doc?: GuideDoc; problems: ContentProblem[]; warnings: ContentProblem[] } {
  const page = readForeignPage(file.display, file.text);
  const taken = takeForeignFields(page, file.display);
  const warnings = [...page.warnings, ...taken.warnings];
  const { heading, body } = takeFirstHeading(page.body, taken.title === undefined);
  const title = taken.title ?? fitTitle(heading || humanise(path.basename(file.abs).replace(/\.(md|markdown|docx)$/i, "")));
  let summary = taken.summary ?? (firstParagraphText(body) || title);
  if (summary.length > 300) summary = `${summary.slice(0, 299)}…`;
  const data: Record<string, unknown> = {
    title, summary, ...(taken.tags.length ? { tags: taken.tags } : {}),
    department: defaults.department, owner: defaults.owner, last_reviewed: defaults.lastReviewed, review_by: defaults.reviewBy,
    status: "published", audience: "everyone",
  };
  const filled: FrontMatter = {
    path: file.display, data, body, bodyLine: 1, hasFrontMatter: page.format !== "none", problems: [],
    lineOf: (field) => page.keyLine(String(field[0])), keyLineOf: page.keyLine,
  };
  const result = validateFrontMatter(filled, "guide");
  if (!result.ok) return { problems: result.problems, warnings };
  const problems = checkReferences(filled, "guide", result.value, directory);
  if (problems.length) return { problems, warnings };
  const { title: _t, summary: _s, ...rest } = data;
  const fields: Record<string, unknown> = { ...rest, ...(Object.keys(taken.extra).length ? { extra: taken.extra } : {}) };
  const slug = slugFromPath(file, root);
  return {
    doc: { kind: "guide", file, slug, title: result.value.title, summary: result.value.summary ?? summary, body, fields, lines: { slug: 1 }, data: result.value },
    problems: [],
    warnings,
  };
}

/**
 * The first level-one heading outside code blocks. It becomes the title when the front
 * matter has none; it is removed from the body when used as the title or when it opens the
 * page (it would repeat the title).
 */
export function takeFirstHeading(body: string, wantTitle: boolean): { heading?: string; body: string } {
  const lines = body.split("\n");
  let fence: string | null = null;
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      seenContent = true;
      continue;
    }
    if (fence) continue;
    const h = /^\s{0,3}#\s+(.+?)(?:\s+#+)?\s*$/.exec(line);
    if (h) {
      const heading = h[1].replace(/[*_`]/g, "").trim();
      if (wantTitle || !seenContent) {
        lines.splice(i, lines[i + 1]?.trim() === "" ? 2 : 1);
        return { heading, body: lines.join("\n").replace(/^\n+/, "") };
      }
      return { body };
    }
    if (line.trim()) seenContent = true;
  }
  return { body };
}

function humanise(name: string): string {
  const words = name.replace(/[-_]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Untitled page";
}

const WORD_IMAGE_KINDS: Record<string, FileKind> = { "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/**
 * A Word document of the folder as a Markdown page (its `text`), or the problem with it.
 * Checked by content like any upload (a renamed file, a program, a damaged document is
 * refused with its path); pictures are re-encoded (metadata dropped) and copied to the
 * asset folder; a picture that cannot be brought in, or has no description, is a warning.
 */
export async function wordPage(file: SourceFile, assets: AssetStore | null): Promise<{ ok: boolean; problems: ContentProblem[]; warnings: ContentProblem[] }> {
  const problem = (message: string) => ({ ok: false, problems: [{ path: file.display, line: 1, field: "file", message }], warnings: [] });
  // Loaded only when the folder has Word files: the image library is not needed by every import.
  const [{ checkUpload, KINDS }, { wordToMarkdown }] = await Promise.all([import("~/utils/uploads.server"), import("~/utils/word-to-markdown.server")]);
  const name = path.basename(file.abs);
  const checked = await checkUpload(name, file.bytes!);
  if (!checked.ok) return problem(checked.message.replace(/^[^:]*: /, ""));
  if (checked.file.kind !== "docx") return problem(`this is a ${KINDS[checked.file.kind].label}, not a Word document; rename it or save it as .docx`);
  let converted;
  try {
    converted = await wordToMarkdown(checked.file.bytes);
  } catch {
    return problem("we could not read this Word document. Open it in Word, save it again as .docx and import again");
  }
  const warnings: ContentProblem[] = [];
  let markdown = converted.markdown;
  let n = 0;
  for (const image of converted.images) {
    n++;
    const kind = WORD_IMAGE_KINDS[image.contentType];
    const picture = kind ? await checkUpload(`picture.${KINDS[kind].extensions[0]}`, image.bytes) : null;
    const url = picture?.ok && assets ? storeAsset(picture.file.bytes, `.${KINDS[picture.file.kind].extensions[0]}`, assets) : null;
    if (url) {
      markdown = markdown.split(`](${image.placeholder})`).join(`](${url})`);
      if (!image.alt.trim()) warnings.push({ path: file.display, line: 1, field: "picture", message: `picture ${n} has no description (alternative text); add one in the editor` });
    } else {
      markdown = markdown.split(`![${image.alt.replace(/[[\]]/g, "")}](${image.placeholder})`).join("(A picture from the Word document could not be brought in.)");
      warnings.push({ path: file.display, line: 1, field: "picture", message: `picture ${n} could not be brought in (${kind ? "unreadable image" : image.contentType}); add it in the editor` });
    }
  }
  file.text = markdown;
  return { ok: true, problems: [], warnings };
}
