/**
 * `npm run import` (and start-up): content/ → the database.
 *
 * 1. Read and hash every file; only files whose hash differs from content_files (or that
 *    failed last time) are parsed, so importing the same files twice changes nothing.
 * 2. Validate them all before writing (front matter, departments, channels, people,
 *    duplicate slugs). A bad file is reported and skipped; its previously imported
 *    version stays published.
 * 3. Write in batches of files per transaction (fast); if a batch fails, its files are
 *    retried one transaction each, so one bad file never takes others down with it.
 * 4. Items whose files were removed are archived, not deleted.
 * 5. Tell listeners (search, delivery) which items changed.
 */
import fs from "node:fs";
import path from "node:path";
import {
  deleteContentFile, listContentFiles, listItemSources, recordFailedFile, recordImportedFiles, revisionHashes, type ContentFileRow, type ImportedFile,
  type ItemSource,
} from "~/models/content-file.server";
import { deleteGlossaryTermBySource, listGlossaryTerms } from "~/models/glossary.server";
import { channelIdsBySlug, defaultChannelByDepartment, departmentIdsBySlug, listPeopleForOwnership, userIdsByEmail } from "~/models/organisation.server";
import { recordAudit, recordAudits } from "~/models/audit.server";
import { flushItemLinks } from "~/models/item.server";
import { formatProblem, type ContentKind, type ContentProblem } from "~/schemas/front-matter";
import { parseOrganisation, parsePeopleDirectory } from "~/schemas/organisation";
import { getDb, type Database, type Queryable } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Rendered } from "~/utils/markdown.server";
import { log } from "~/utils/log.server";
import { writeOrganisation } from "./import-organisation.server";
import { makeLinkResolver, type AssetStore } from "./import-links.server";
import { loadAttachments } from "./import-attachments.server";
import type { Keeper } from "~/access/ownership.server";
import { findDuplicates, parseContentDoc, type Directory, type ParsedDoc } from "./import-parse.server";
import { withFileObjects } from "./file-objects.server";
import { ImportWorkers } from "./import-pool.server";
import { countTreeFiles, displayPath, scanContentDir, type ContentTree, type SourceFile } from "./import-scan.server";
import {
  archiveRemovedItem, emptyBatch, emptyOutcome, mergeOutcome, writeGlossaryDoc, writeItemDoc, writePolicyFolder, type Lookups, type Outcome,
} from "./import-write.server";

export type { ImportConflict, ImportEntry } from "./import-write.server";

export type ImportReport = Outcome & {
  /** Content files looked at (organisation.yml and people.yml not counted). */
  files: number;
  errors: ContentProblem[];
  warnings: string[];
  ms: number;
  /** Worker threads that parsed and rendered (0: all in the importer's own thread). */
  workers: number;
  /** Where the time went (wall and the process's CPU, all threads), for `npm run bench:import`. */
  phases: Array<{ name: string; ms: number; cpuMs: number }>;
};

export type ImportOptions = {
  contentDir?: string;
  now?: Date;
  /** Files per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Where images referenced by relative paths are copied; null to leave them as written. */
  assets?: AssetStore | null;
  /** Worker threads for parsing and rendering (command line only; see import-pool.server.ts). */
  workers?: number;
  /** Use workers only when at least this many files changed (starting them takes a moment). */
  workerThreshold?: number;
};

export const DEFAULT_ASSETS: AssetStore = { dir: path.join(process.cwd(), "public", "imported"), urlPrefix: "/imported/" };

export function newReport(): ImportReport {
  return { ...emptyOutcome(), files: 0, errors: [], warnings: [], ms: 0, workers: 0, phases: [] };
}

/** Records each phase's wall and CPU time since the previous one. */
function phaseClock(report: ImportReport): (name: string) => void {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return (name) => {
    const used = process.cpuUsage(cpu);
    report.phases.push({ name, ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 });
    wall = performance.now();
    cpu = process.cpuUsage();
  };
}

export async function importContent(options: ImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const root = path.resolve(options.contentDir ?? getEnv().CONTENT_DIR);
  const db = await getDb();
  const report = newReport();
  if (!fs.existsSync(root)) {
    // A mistyped CONTENT_DIR must not look like "every file was deleted".
    report.warnings.push(`There is no content folder at ${displayPath(root)}; nothing was imported or archived`);
    report.ms = Date.now() - started;
    return report;
  }
  const phase = phaseClock(report);
  const tree = scanContentDir(root);
  phase("read and hash");
  report.files = countTreeFiles(tree);
  options.onProgress?.(0, report.files); // the bar shows while files are checked, before any are written
  report.errors.push(...tree.problems);
  const known = new Map((await listContentFiles(db)).map((r) => [r.path, r]));
  const changed = (f: SourceFile) => {
    const row = known.get(f.key);
    return !row || row.hash !== f.hash || row.lastError !== null;
  };
  const failed = new Map<string, ContentProblem[]>();

  // Departments and channels first: items point at them.
  let orgReadable = false;
  if (!tree.organisation) report.warnings.push(`${displayPath(root)} has no organisation.yml; using the departments and channels already in the database`);
  else {
    const org = parseOrganisation(tree.organisation.display, tree.organisation.text);
    if (!org.ok) failed.set(tree.organisation.key, org.problems);
    else {
      orgReadable = true;
      if (changed(tree.organisation)) await db.transaction((tx) => writeOrganisation(tx, org.value, tree.organisation!, now));
    }
  }
  const [departmentIds, channelIds, defaultChannel, userIds] = await Promise.all([
    departmentIdsBySlug(db), channelIdsBySlug(db), defaultChannelByDepartment(db), userIdsByEmail(db),
  ]);
  const peopleFile = tree.people ? parsePeopleDirectory(tree.people.text) : null;
  const directory: Directory = {
    departments: new Set(departmentIds.keys()),
    channels: new Set(channelIds.keys()),
    people: peopleFile ? new Set([...peopleFile.emails, ...userIds.keys()]) : null,
    // Accounts first: their role and department are what the intranet goes by; people.yml for the rest.
    keepers: new Map<string, Keeper<string>>([...(peopleFile?.people ?? []), ...(await listPeopleForOwnership(db))]),
  };
  if (!orgReadable && departmentIds.size === 0) directory.departments = directory.channels = null;

  // Parse what changed; a policy folder is parsed whole when any of its versions changed.
  const jobs: Array<{ file: SourceFile; kind: ContentKind }> = [];
  for (const f of tree.glossary) if (changed(f)) jobs.push({ file: f, kind: "glossary" });
  for (const f of tree.announcements) if (changed(f)) jobs.push({ file: f, kind: "announcement" });
  for (const f of tree.guides) if (changed(f)) jobs.push({ file: f, kind: "guide" });
  const changedFolders = new Map<string, Set<string>>();
  for (const [slug, files] of tree.policies) {
    const keys = new Set(files.filter(changed).map((f) => f.key));
    if (keys.size === 0) continue;
    changedFolders.set(slug, keys);
    for (const f of files) jobs.push({ file: f, kind: "policy" });
  }
  const pool = options.workers && jobs.length >= (options.workerThreshold ?? 500) ? ImportWorkers.start(options.workers) : null;
  report.workers = pool ? options.workers ?? 0 : 0;
  try {
    const parseHere = (j: { file: SourceFile; kind: ContentKind }) => parseContentDoc(j.file, j.kind, directory);
    const results = pool ? await pool.parse(jobs, directory, parseHere) : jobs.map(parseHere);
    // Only hashes and parsed documents are needed from here on; let the file texts go.
    for (const list of [tree.announcements, tree.guides, tree.glossary, ...tree.policies.values()]) for (const f of list) f.text = "";
    phase("parse and check");
    const docs: ParsedDoc[] = [];
    results.forEach((r, i) => (r.doc ? docs.push(r.doc) : failed.set(jobs[i].file.key, r.problems)));
    const items = await listItemSources(db);
    const valid = await withListedFiles(rejectDuplicates(docs, failed, await duplicatesInDatabase(db, docs, tree, items)), failed);

    phase("attached files and duplicates");
    const units = planUnits(valid, changedFolders);
    const routes = contentRoutes(tree, valid);
    const assets = options.assets === undefined ? DEFAULT_ASSETS : options.assets;
    const lookups: Lookups = {
      departmentIds, channelIds, defaultChannel, userIds, now,
      knownItems: new Set(items.map((i) => `${i.type}:${i.slug}`)),
      previous: await previousRevisions(db, known, valid),
      linkResolver: (doc) => makeLinkResolver(doc.file.abs, routes, assets),
      rendered: pool ? await renderAhead(pool, units, routes, assets) : undefined,
    };
    const unchangedFiles = report.files - countChangedFiles(tree, changed);
    report.unchanged += unchangedFiles;
    await runUnits(db, units, lookups, report, failed, { batchSize: options.batchSize, onProgress: options.onProgress, alreadyDone: unchangedFiles, total: report.files });
  } finally {
    await pool?.close();
  }

  phase("render and write");
  await recordFailures(db, failed, report, tree);
  mergeOutcome(report, await archiveRemoved(db, tree, now, report));
  phase("archive removed");
  report.ms = Date.now() - started;
  const itemIds = [...new Set(report.itemIds)];
  report.itemIds = itemIds;
  return report;
}

function countChangedFiles(tree: ContentTree, changed: (f: SourceFile) => boolean): number {
  let n = 0;
  for (const list of [tree.announcements, tree.guides, tree.glossary, ...tree.policies.values()]) for (const f of list) if (changed(f)) n++;
  return n;
}

/**
 * Reads and checks the files each document lists under `attachments` (decision 154); a
 * document with a missing or refused file is reported and not imported this time.
 */
async function withListedFiles(docs: ParsedDoc[], failed: Map<string, ContentProblem[]>): Promise<ParsedDoc[]> {
  const out: ParsedDoc[] = [];
  for (const doc of docs) {
    const list = doc.kind === "glossary" ? undefined : doc.data.attachments;
    if (!list?.length) {
      out.push(doc);
      continue;
    }
    const { files, problems } = await loadAttachments(doc, list, (i) => doc.lines.attachments?.[i] ?? 1);
    if (problems.length) failed.set(doc.file.key, [...(failed.get(doc.file.key) ?? []), ...problems]);
    else out.push({ ...doc, attachments: files });
  }
  return out;
}

/** Drops documents that clash with another one, reporting each clash on the later file. */
export function rejectDuplicates(docs: ParsedDoc[], failed: Map<string, ContentProblem[]>, more: ContentProblem[] = []): ParsedDoc[] {
  const problems = [...findDuplicates(docs), ...more];
  const bad = new Set<string>();
  for (const p of problems) {
    const doc = docs.find((d) => d.file.display === p.path);
    if (!doc) continue;
    bad.add(doc.file.key);
    failed.set(doc.file.key, [...(failed.get(doc.file.key) ?? []), p]);
  }
  return docs.filter((d) => !bad.has(d.file.key));
}

/** A changed file may not take a slug (or policy reference, or glossary term) another present file already holds. */
async function duplicatesInDatabase(db: Database, docs: ParsedDoc[], tree: ContentTree, items: ItemSource[]): Promise<ContentProblem[]> {
  if (docs.length === 0) return [];
  const present = new Set<string>();
  for (const list of [tree.announcements, tree.guides, tree.glossary]) for (const f of list) present.add(f.key);
  for (const slug of tree.policies.keys()) present.add(`policies/${slug}`);
  const bySlug = new Map(items.map((i) => [`${i.type}:${i.slug}`, i]));
  const byReference = new Map(items.filter((i) => i.type === "policy" && i.reference).map((i) => [i.reference!.toUpperCase(), i]));
  const terms = docs.some((d) => d.kind === "glossary") ? await listGlossaryTerms(db) : [];
  const byTerm = new Map(terms.map((t) => [t.term.toLowerCase(), t]));
  const shown = (key: string) => displayPath(path.join(tree.root, key));
  const out: ContentProblem[] = [];
  for (const doc of docs) {
    const own = doc.kind === "policy" ? `policies/${doc.slug}` : doc.file.key;
    if (doc.kind === "glossary") {
      const other = byTerm.get(doc.data.term.toLowerCase());
      if (other && other.slug !== doc.slug && other.sourcePath && present.has(other.sourcePath))
        out.push({ path: doc.file.display, line: doc.lines.term ?? 1, field: "term", message: `${shown(other.sourcePath)} already defines ${doc.data.term}` });
      continue;
    }
    const other = bySlug.get(`${doc.kind}:${doc.slug}`);
    if (other && other.source === "file" && other.sourcePath && other.sourcePath !== own && present.has(other.sourcePath))
      out.push({ path: doc.file.display, line: doc.lines.slug, field: "slug", message: `${shown(other.sourcePath)} already uses the slug ${doc.slug}; give one of them another file name or slug` });
    if (doc.kind === "policy") {
      const holder = byReference.get(doc.data.reference.toUpperCase());
      if (holder && holder.slug !== doc.slug && holder.sourcePath && present.has(holder.sourcePath))
        out.push({ path: doc.file.display, line: doc.lines.reference ?? 1, field: "reference", message: `The policy in ${shown(holder.sourcePath)} already uses the reference ${doc.data.reference}` });
    }
  }
  return out;
}

function planUnits(docs: ParsedDoc[], changedFolders: Map<string, Set<string>>): PlannedUnit[] {
  const units: PlannedUnit[] = [];
  const policies = new Map<string, Extract<ParsedDoc, { kind: "policy" }>[]>();
  for (const doc of docs) {
    if (doc.kind === "policy") policies.set(doc.slug, [...(policies.get(doc.slug) ?? []), doc]);
    else if (doc.kind === "glossary") units.push({ files: [doc.file], docs: [doc], run: (tx, lk) => writeGlossaryDoc(tx, doc, lk) });
    else units.push({ files: [doc.file], docs: [doc], run: (tx, lk) => writeItemDoc(tx, doc, lk) });
  }
  for (const [slug, versions] of policies) {
    const changedKeys = changedFolders.get(slug) ?? new Set<string>();
    const keys = new Set(versions.filter((v) => changedKeys.has(v.file.key)).map((v) => v.file.key));
    if (keys.size === 0) continue;
    const writing = versions.filter((v) => keys.has(v.file.key));
    units.push({ files: writing.map((v) => v.file), docs: writing, run: (tx, lk) => writePolicyFolder(tx, slug, versions, keys, lk) });
  }
  return units;
}

/** A unit of writing: one file, or one policy folder; it succeeds or fails as a whole. */
export type PlannedUnit = { files: SourceFile[]; docs: ParsedDoc[]; run: (tx: Queryable, lk: Lookups) => Promise<Outcome> };

/**
 * Writes units in batches (one transaction per `batchSize` files). A batch that fails is
 * rolled back and its units retried one transaction each; a unit that still fails is
 * reported against its files.
 */
export async function runUnits(
  db: Database,
  units: PlannedUnit[],
  lk: Lookups,
  report: ImportReport,
  failed: Map<string, ContentProblem[]>,
  progress: { batchSize?: number; onProgress?: (done: number, total: number) => void; alreadyDone: number; total: number },
): Promise<void> {
  const size = Math.max(1, progress.batchSize ?? 200);
  let done = progress.alreadyDone;
  progress.onProgress?.(done, progress.total);
  for (let start = 0; start < units.length; ) {
    const batch: PlannedUnit[] = [];
    let files = 0;
    while (start < units.length && (batch.length === 0 || files + units[start].files.length <= size)) {
      files += units[start].files.length;
      batch.push(units[start++]);
    }
    try {
      const outcomes = await withFileObjects(db, async (tx) => {
        const list: Outcome[] = [];
        const files: ImportedFile[] = [];
        const rows = emptyBatch();
        for (const unit of batch) list.push(await unit.run(tx, { ...lk, importedFiles: files, batch: rows }));
        await flushItemLinks(tx, rows.links);
        await recordAudits(tx, rows.audits);
        await recordImportedFiles(tx, files, lk.now.toISOString());
        return list;
      });
      for (const o of outcomes) mergeOutcome(report, o);
    } catch {
      // One at a time, asking the database about every item (nothing assumed from before).
      for (const unit of batch) {
        try {
          mergeOutcome(report, await withFileObjects(db, (tx) => unit.run(tx, { ...lk, knownItems: undefined, importedFiles: undefined, batch: undefined })));
        } catch (err) {
          for (const f of unit.files)
            failed.set(f.key, [{ path: f.display, line: 1, field: "file", message: `Could not be saved (${(err as Error).message}); the previous version stays published` }]);
        }
      }
    }
    done += files;
    progress.onProgress?.(done, progress.total);
  }
}

/** The revision each changed file became last time, to tell a real change from a reformatted file. */
async function previousRevisions(db: Database, known: Map<string, ContentFileRow>, docs: ParsedDoc[]): Promise<Lookups["previous"]> {
  const ids = new Map<string, number>();
  for (const d of docs) {
    const id = known.get(d.file.key)?.revisionId;
    if (id) ids.set(d.file.key, id);
  }
  const hashes = await revisionHashes(db, [...new Set(ids.values())]);
  const out: Lookups["previous"] = new Map();
  for (const [key, id] of ids) if (hashes.has(id)) out.set(key, { revisionId: id, hash: hashes.get(id)! });
  return out;
}

/** The address of every content file, so relative links between them resolve. */
function contentRoutes(tree: ContentTree, docs: ParsedDoc[]): Map<string, string> {
  const routes = new Map<string, string>();
  const slugOf = (f: SourceFile) => f.key.split("/").pop()!.replace(/\.(md|markdown)$/i, "");
  for (const f of tree.announcements) routes.set(f.abs, `/announcements/${slugOf(f)}`);
  for (const f of tree.guides) routes.set(f.abs, `/guides/${slugOf(f)}`);
  for (const [slug, files] of tree.policies) for (const f of files) routes.set(f.abs, `/policies/${slug}`);
  for (const d of docs) if (d.kind !== "glossary" && d.kind !== "policy") routes.set(d.file.abs, `/${d.kind}s/${d.slug}`);
  return routes;
}

/**
 * Has the workers render the bodies the writer will need, in its order, keeping a window
 * of about two batches ahead (rendering everything at once would hold every page's HTML
 * in memory before it is written).
 */
async function renderAhead(pool: ImportWorkers, units: PlannedUnit[], routes: Map<string, string>, assets: AssetStore | null): Promise<Lookups["rendered"]> {
  await pool.setLinks(routes, assets);
  const docs = units.flatMap((u) => u.docs);
  const index = new Map(docs.map((d, i) => [d, i]));
  const promises: Promise<Rendered | undefined>[] = [];
  const WINDOW = 400;
  const ensure = (upTo: number) => {
    const start = promises.length;
    const end = Math.min(docs.length, Math.max(upTo + 1, start) + WINDOW);
    if (end <= start) return;
    // A body the workers could not render is rendered by the writer itself (undefined).
    for (const p of pool.renderAll(docs.slice(start, end).map((d) => ({ abs: d.file.abs, body: d.body })))) promises.push(p.catch(() => undefined));
  };
  return (doc) => {
    const i = index.get(doc);
    if (i === undefined) return Promise.resolve(undefined);
    if (i + WINDOW / 2 >= promises.length) ensure(i);
    return promises[i];
  };
}

async function recordFailures(db: Database, failed: Map<string, ContentProblem[]>, report: ImportReport, tree: ContentTree): Promise<void> {
  for (const problems of failed.values()) report.errors.push(...problems);
  report.errors.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  if (failed.size === 0) return;
  const present = new Set<string>();
  if (tree.organisation) present.add(tree.organisation.key);
  for (const list of [tree.announcements, tree.guides, tree.glossary, ...tree.policies.values()]) for (const f of list) present.add(f.key);
  await db.transaction(async (tx) => {
    for (const [key, problems] of failed) if (present.has(key)) await recordFailedFile(tx, key, problems.map(formatProblem).join("\n"));
  });
}

/** Files that were imported before and are gone now: archive their items, drop their glossary terms. */
async function archiveRemoved(db: Database, tree: ContentTree, now: Date, report: ImportReport): Promise<Outcome> {
  const present = new Set<string>(["organisation.yml", "people.yml"]);
  for (const list of [tree.announcements, tree.guides, tree.glossary, ...tree.policies.values()]) for (const f of list) present.add(f.key);
  const rows = await listContentFiles(db);
  const removed = rows.filter((r) => !r.path.startsWith("dir:") && !present.has(r.path));
  if (removed.length === 0) return emptyOutcome();
  const stillFed = new Set(rows.filter((r) => present.has(r.path) && r.itemId !== null).map((r) => r.itemId));
  const byItem = new Map<number, string[]>();
  return db.transaction(async (tx) => {
    const out = emptyOutcome();
    for (const row of removed) {
      if (row.path.startsWith("glossary/")) {
        const slug = await deleteGlossaryTermBySource(tx, row.path);
        if (slug) await recordAudit(tx, { actorId: null, action: "import.archive", entityType: "glossary_term", detail: { path: row.path, slug } }, now.toISOString());
      } else if (row.itemId !== null) {
        if (stillFed.has(row.itemId)) report.warnings.push(`${displayPath(path.join(tree.root, row.path))} was removed; what it held stays in the history`);
        else byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), displayPath(path.join(tree.root, row.path))]);
      }
      await deleteContentFile(tx, row.path);
    }
    for (const [itemId, paths] of byItem) mergeOutcome(out, await archiveRemovedItem(tx, itemId, paths, now));
    return out;
  });
}

/** Start-up: import when IMPORT_ON_START=true. Problems with files are logged, never fatal. */
export async function importContentOnStart(): Promise<ImportReport | null> {
  if (getEnv().IMPORT_ON_START !== "true") return null;
  try {
    const report = await importContent();
    for (const p of report.errors) log.error("content file not imported", { problem: formatProblem(p) });
    for (const c of report.conflicts) log.info("content conflict", { path: c.path, message: c.message });
    log.info("content imported", {
      files: report.files, created: report.created.length, revised: report.revised.length, unchanged: report.unchanged,
      archived: report.archived.length, conflicts: report.conflicts.length, errors: report.errors.length, ms: report.ms,
    });
    return report;
  } catch (err) {
    log.error("content import failed", { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
