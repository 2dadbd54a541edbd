/**
 * npm run bench:import [-- --files N]   (default 10,000)
 *
 * Generates N synthetic content files of realistic size (announcements, guides, policy
 * versions, glossary terms; 1–6 KB of Markdown with headings, lists, tables and links) in a
 * temporary folder, imports them into a temporary database, then imports them again
 * unchanged. Prints files/s, total time and peak RSS, each beside its floor:
 * 10,000 files in ≤ 30 s, re-import of unchanged files in ≤ 5 s.
 *
 * --attachments N (default 500; issue 21, decision 154): the first N guides each list one
 * attached document (PDF and Word, alternately) beside them, checked and stored by the
 * import. After the imports, the documents' text is extracted as the server does it
 * (commands/document-text.server.ts): time per file (median, 95th percentile, slowest,
 * against the 10 s bound per file) and in total, and the search index is built before and
 * after, to show what the documents' words add to its size.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { files: { type: "string", default: "10000" }, workers: { type: "string" }, keep: { type: "boolean", default: false }, attachments: { type: "string", default: "500" } },
});
const ATTACHMENTS = Math.max(0, Number(values.attachments) || 0);
const FLOOR_EXTRACT_FILE_MS = 10_000; // the per-file bound of decision 151
const N = Math.max(10, Number(values.files) || 10000);
const FLOOR_IMPORT_S = 30;
const FLOOR_REIMPORT_S = 5;
const WORKERS = values.workers !== undefined ? Number(values.workers) : Math.min(4, os.availableParallelism());

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
process.env.DATABASE_PATH = path.join(work, "bench.db");
process.env.LOG_LEVEL = "silent";
process.env.CONTENT_DIR = path.join(work, "content");

// A small deterministic generator, so every run imports the same files.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));

const DEPARTMENTS = ["housing", "planning", "finance", "hr-od", "ict", "adult-social-care", "childrens-services", "waste-street-scene", "legal-democratic", "customer-services"];
const WORDS = "council tenant repair rent payment claim mileage policy manager service resident form system record review request budget team office depot safety training leave sickness contract supplier invoice report meeting committee licence permit inspection visit appointment deadline approval officer application complaint enquiry benefit discount account refund notice".split(" ");
const VERBS = "check send book record claim approve review update report ask find complete sign submit confirm arrange".split(" ");

const sentence = () => {
  const n = between(8, 20);
  const words = Array.from({ length: n }, (_, i) => (i === 1 ? pick(VERBS) : pick(WORDS)));
  return `${words[0][0].toUpperCase()}${words[0].slice(1)} ${words.slice(1).join(" ")}.`;
};
const paragraph = () => Array.from({ length: between(2, 6) }, sentence).join(" ");
const title = () => {
  const t = `${pick(VERBS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`;
  return t[0].toUpperCase() + t.slice(1);
};

function body(kind: string, i: number): string {
  const parts: string[] = [];
  const sections = between(2, 6);
  for (let s = 0; s < sections; s++) {
    parts.push(`## ${title()}`, paragraph());
    const r = rand();
    if (r < 0.35) parts.push(Array.from({ length: between(3, 7) }, () => `- ${sentence()}`).join("\n"));
    else if (r < 0.55) parts.push(Array.from({ length: between(3, 6) }, (_, k) => `${k + 1}. ${sentence()}`).join("\n"));
    else if (r < 0.7) parts.push("| What | When | Who |\n|---|---|---|\n" + Array.from({ length: between(2, 6) }, () => `| ${pick(WORDS)} | ${between(1, 28)} ${pick(["January", "March", "June", "October"])} | ${pick(WORDS)} team |`).join("\n"));
    else if (r < 0.78) parts.push("```\n" + Array.from({ length: between(2, 5) }, sentence).join("\n") + "\n```");
    if (rand() < 0.4) parts.push(`See [the related guide](guide:guide-${between(0, Math.max(1, Math.floor(N * 0.4)))}) and [the ${pick(WORDS)} policy](policy:policy-${between(0, 50)}).`);
    if (rand() < 0.15 && kind === "guide") parts.push(`Read [the next step](./guide-${(i + 1) % Math.max(1, Math.floor(N * 0.4))}.md#${pick(WORDS)}).`);
  }
  return parts.join("\n\n") + "\n";
}

async function documentFor(i: number): Promise<{ name: string; bytes: Buffer }> {
  const lines = Array.from({ length: between(20, 60) }, sentence);
  if (i % 2 === 0) {
    const { PDFDocument, StandardFonts } = await import("pdf-lib");
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < Math.ceil(lines.length / 30); p++) {
      const page = pdf.addPage([595, 842]);
      lines.slice(p * 30, p * 30 + 30).forEach((l, k) => page.drawText(l.slice(0, 95), { x: 40, y: 800 - k * 25, size: 9, font }));
    }
    return { name: `form-${i}.pdf`, bytes: Buffer.from(await pdf.save()) };
  }
  const { Document, Packer, Paragraph, HeadingLevel } = await import("docx");
  const doc = new Document({ sections: [{ children: [new Paragraph({ text: title(), heading: HeadingLevel.HEADING_1 }), ...lines.map((l) => new Paragraph(l))] }] });
  return { name: `letter-${i}.docx`, bytes: await Packer.toBuffer(doc) };
}

async function generate(root: string): Promise<number> {
  const org = ["council: Benchmark Borough Council", "departments:"];
  for (const d of DEPARTMENTS) org.push(`  - slug: ${d}`, `    name: ${d}`, "    channels:", `      - slug: ${d}-news`, `        name: ${d} news`, `      - slug: ${d}-updates`, `        name: ${d} updates`);
  org.push("corporate_channels:", "  - slug: all-staff", "    name: All staff", "    mandatory: true", "  - slug: wellbeing", "    name: Wellbeing");
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, "organisation.yml"), org.join("\n") + "\n");
  for (const dir of ["announcements", "guides", "policies", "glossary"]) fs.mkdirSync(path.join(root, dir));
  const people = Array.from({ length: 40 }, (_, i) => `person${i}@bench.gov.uk`);
  fs.writeFileSync(path.join(root, "people.yml"), people.map((e, i) => `- email: ${e}\n  name: Person ${i}\n  department: ${DEPARTMENTS[i % DEPARTMENTS.length]}\n  role: champion\n`).join(""));

  let written = 0;
  const guides = Math.floor(N * 0.4);
  const announcements = Math.floor(N * 0.35);
  const glossary = Math.floor(N * 0.05);
  for (let i = 0; i < guides; i++, written++) {
    const dept = pick(DEPARTMENTS);
    const listed: string[] = [];
    if (i < ATTACHMENTS) {
      const doc = await documentFor(i);
      fs.mkdirSync(path.join(root, "guides", `guide-${i}.files`));
      fs.writeFileSync(path.join(root, "guides", `guide-${i}.files`, doc.name), doc.bytes);
      listed.push("attachments:", `  - file: ${doc.name}`, `    title: "${title()}"`);
    }
    fs.writeFileSync(path.join(root, "guides", `guide-${i}.md`), [
      "---", `title: "${title()} ${i}"`, `summary: "${sentence()}"`, `department: ${dept}`, `tags: [${pick(WORDS)}, ${pick(WORDS)}]`,
      `owner: ${pick(people)}`, `deputy: ${pick(people)}`, `last_reviewed: 2026-0${between(1, 9)}-1${between(0, 9)}`, `review_by: 2027-0${between(1, 9)}-1${between(0, 9)}`,
      `related: [guide:guide-${between(0, guides - 1)}, policy:policy-${between(0, 50)}]`, "audience: everyone", "published: 2025-09-01", ...listed, "---", "", body("guide", i),
    ].join("\n"));
  }
  for (let i = 0; i < announcements; i++, written++) {
    const dept = pick(DEPARTMENTS);
    const month = between(1, 12);
    fs.writeFileSync(path.join(root, "announcements", `announcement-${i}.md`), [
      "---", `title: "${title()} ${i}"`, `summary: "${sentence()}"`, `department: ${dept}`, `departments: [${dept}, ${pick(DEPARTMENTS)}]`,
      `channels: [${dept}-news]`, `priority: ${pick(["normal", "normal", "normal", "need-to-know", "urgent"])}`, `must_read: ${rand() < 0.1}`,
      `published: 2026-${String(month).padStart(2, "0")}-1${between(0, 9)}`, ...(rand() < 0.3 ? [`expires: 2027-0${between(1, 9)}-01`] : []),
      `author: ${pick(people)}`, `tags: [${pick(WORDS)}]`, "---", "", body("announcement", i),
    ].join("\n"));
  }
  for (let i = 0; i < glossary; i++, written++) {
    fs.writeFileSync(path.join(root, "glossary", `term-${i}.md`), ["---", `term: TERM${i}`, `stands_for: "${title()}"`, `also: [${pick(WORDS)} ${i}]`, "---", "", sentence(), ""].join("\n"));
  }
  for (let p = 0; written < N; p++) {
    const folder = path.join(root, "policies", `policy-${p}`);
    fs.mkdirSync(folder);
    const versions = Math.min(between(1, 3), N - written);
    const dept = pick(DEPARTMENTS);
    for (let v = 1; v <= versions; v++, written++) {
      fs.writeFileSync(path.join(folder, `v${v}.md`), [
        "---", `title: "Policy ${p}: ${title()}"`, `reference: POL-${p}`, `summary: "${sentence()}"`, `department: ${dept}`, `owner: ${pick(people)}`,
        `version: ${v}`, `effective: 202${v + 2}-04-0${between(1, 9)}`, `approved: "Committee, minute ${between(1, 30)}"`,
        ...(v > 1 ? [`what_changed: "${sentence()}"`] : []), `material: ${rand() < 0.3}`, `published: 202${v + 2}-03-01`, "---", "", body("policy", p),
      ].join("\n"));
    }
  }
  return written;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<number> {
  const root = path.join(work, "content");
  let t = performance.now();
  const files = await generate(root);
  const bytes = sizeOf(root);
  console.log(`Generated ${files.toLocaleString("en-GB")} files (${fmt(bytes / 1024 / 1024)} MB, average ${fmt(bytes / files / 1024)} KB) in ${fmt((performance.now() - t) / 1000, 2)} s in ${work}`);

  const { importContent } = await import("~/commands/import.server");
  const { closeDb, getDb } = await import("~/utils/db.server");
  await getDb(); // migrations are not part of the import

  const loadStart = os.loadavg();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  t = performance.now();
  const cpu = process.cpuUsage();
  const first = await importContent({ contentDir: root, assets: null, workers: WORKERS });
  const importS = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage().rss);

  t = performance.now();
  const again = await importContent({ contentDir: root, assets: null, workers: WORKERS });
  const reimportS = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const documents = ATTACHMENTS > 0 ? await measureDocuments() : null;
  await closeDb();

  const scale = files / 10000;
  const floorImport = FLOOR_IMPORT_S * scale;
  const floorReimport = FLOOR_REIMPORT_S * scale;
  const verdict = (ok: boolean) => (ok ? "ok" : "OVER THE FLOOR");
  const scaled = files === 10000 ? "" : ` (floor scaled from 10,000 files)`;
  console.log("");
  console.log(`Import of ${files.toLocaleString("en-GB")} files (${first.workers} worker thread${first.workers === 1 ? "" : "s"} parsing and rendering, ${os.availableParallelism()} CPUs)`);
  console.log(`  total time      ${fmt(importS, 2)} s      floor ≤ ${fmt(floorImport)} s${scaled}  ${verdict(importS <= floorImport)}`);
  console.log(`  throughput      ${fmt(files / importS, 0)} files/s   floor ≥ ${fmt(10000 / FLOOR_IMPORT_S, 0)} files/s`);
  console.log(`  CPU time        ${fmt(cpuS, 2)} s in all threads (other work on the machine makes the wall time longer)`);
  console.log(`  peak RSS        ${fmt(peak / 1024 / 1024, 0)} MB (process peak ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB)`);
  console.log(`  created ${first.created.length}, errors ${first.errors.length}`);
  for (const p of first.phases) console.log(`    ${p.name.padEnd(32)} ${fmt(p.ms / 1000, 2).padStart(6)} s wall, ${fmt(p.cpuMs / 1000, 2).padStart(6)} s CPU`);
  console.log(`  machine load    ${loadStart.map((l) => fmt(l, 1)).join(", ")} before the import, ${os.loadavg().map((l) => fmt(l, 1)).join(", ")} after (1, 5, 15 min; ${os.availableParallelism()} CPUs): above the CPU count, other work shares the cores and wall times stretch`);
  console.log(`Re-import, nothing changed`);
  console.log(`  total time      ${fmt(reimportS, 2)} s      floor ≤ ${fmt(floorReimport)} s${scaled}  ${verdict(reimportS <= floorReimport)}`);
  console.log(`  throughput      ${fmt(files / reimportS, 0)} files/s`);
  console.log(`  unchanged ${again.unchanged}, created ${again.created.length}, revised ${again.revised.length}`);

  let documentsOk = true;
  if (documents) {
    const { files: done, totalS, sizes } = documents;
    const ms = done.map((f) => f.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN;
    const read = done.filter((f) => f.status === "done");
    const slowest = ms[ms.length - 1] ?? 0;
    documentsOk = read.length === ATTACHMENTS && slowest <= FLOOR_EXTRACT_FILE_MS;
    console.log(`Document text of ${ATTACHMENTS.toLocaleString("en-GB")} attached files (${ATTACHMENTS - Math.floor(ATTACHMENTS / 2)} PDF, ${Math.floor(ATTACHMENTS / 2)} Word), read as the server reads them`);
    console.log(`  per file        median ${fmt(at(0.5), 0)} ms, 95th percentile ${fmt(at(0.95), 0)} ms, slowest ${fmt(slowest, 0)} ms   bound ≤ ${fmt(FLOOR_EXTRACT_FILE_MS / 1000, 0)} s per file  ${verdict(slowest <= FLOOR_EXTRACT_FILE_MS)}`);
    for (const kind of ["pdf", "docx"]) {
      const k = done.filter((f) => f.kind === kind).map((f) => f.ms).sort((a, b) => a - b);
      if (k.length) console.log(`  ${kind === "pdf" ? "PDF " : "Word"}            ${k.length} files: median ${fmt(k[Math.floor(k.length / 2)], 0)} ms, slowest ${fmt(k[k.length - 1], 0)} ms`);
    }
    console.log(`  (the first file of each kind includes loading its reader, as after a server start)`);
    console.log(`  total           ${fmt(totalS, 2)} s for ${done.length} files (${fmt(done.length / totalS, 0)} files/s); read ${read.length}, failed ${done.length - read.length}; ${fmt(read.reduce((n, f) => n + f.chars, 0) / 1024 / 1024, 1)} MB of text`);
    console.log(`  search index    ${fmt(sizes.before / 1024 / 1024, 1)} MB without the documents' words → ${fmt(sizes.after / 1024 / 1024, 1)} MB with them (+${fmt(((sizes.after - sizes.before) / sizes.before) * 100, 1)} %)`);
    console.log(`  index build     ${fmt(sizes.beforeMs / 1000, 1)} s → ${fmt(sizes.afterMs / 1000, 1)} s`);
  }

  const correct = documentsOk && first.errors.length === 0 && first.created.length === files && again.unchanged === files && again.created.length + again.revised.length === 0;
  if (!correct) console.log(`\nUnexpected result: ${first.errors.slice(0, 5).map((e) => `${e.path}:${e.line}: ${e.field}: ${e.message}`).join("\n")}`);
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  return correct && importS <= floorImport && reimportS <= floorReimport ? 0 : 1;
}

/** Extracts every pending document's text (as the server's boot step does) and builds the search index before and after. */
async function measureDocuments() {
  const { extractPendingTexts } = await import("~/commands/document-text.server");
  const { startSearch, stopSearch, searchIndex, defaultIndexPath } = await import("~/utils/search.server");
  const build = async () => {
    const file = defaultIndexPath()!;
    fs.rmSync(file, { force: true });
    await startSearch({ buildIn: "process" });
    const ms = searchIndex()!.stats().lastBuild?.ms ?? NaN;
    await stopSearch();
    return { bytes: fs.statSync(file).size, ms };
  };
  const before = await build();
  const t = performance.now();
  const { files } = await extractPendingTexts();
  const totalS = (performance.now() - t) / 1000;
  const after = await build();
  return { files, totalS, sizes: { before: before.bytes, after: after.bytes, beforeMs: before.ms, afterMs: after.ms } };
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(p) : fs.statSync(p).size;
  }
  return total;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
