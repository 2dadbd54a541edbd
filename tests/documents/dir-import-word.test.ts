/**
 * `npm run import -- --dir PATH`: Word documents (.docx) beside the Markdown pages become
 * guides like the Markdown does (issue 21, decision 153).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { importContent } from "~/commands/import.server";
import { importDirectory } from "~/commands/import-dir.server";
import { findItemBySlug } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { formatProblem } from "~/schemas/front-matter";
import type { Database } from "~/utils/db.server";
import { copyFixture, freshDatabase, scratchDir } from "../import/helpers";
import { makeDocx, makeExe, makePdf, makeRichDocx } from "./fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
let db: Database;
let content: string;
let docs: string;
let assets: string;

beforeEach(async () => {
  db = await freshDatabase();
  content = copyFixture("content-basic");
  docs = scratchDir("word-docs");
  assets = scratchDir("assets");
  await importContent({ contentDir: content, now: NOW, assets: null });
  fs.writeFileSync(path.join(docs, "index.md"), "# Waste knowledge\n\nSee [missed bins](rounds/missed-bins.docx).\n");
  fs.mkdirSync(path.join(docs, "rounds"));
  fs.writeFileSync(path.join(docs, "rounds/missed-bins.docx"), await makeRichDocx());
  fs.writeFileSync(path.join(docs, "rounds/~$ssed-bins.docx"), Buffer.from("Word's lock file"));
});

const importDocs = (now = NOW) =>
  importDirectory({ dir: docs, type: "guide", department: "housing", now, contentDir: content, assets: { dir: assets, urlPrefix: "/imported/" } });
const guide = async (slug: string) => {
  const item = await findItemBySlug(db, "guide", slug);
  expect(item, slug).toBeDefined();
  return { item: item!, rev: (await getRevision(db, item!.currentRevisionId!))! };
};

describe("Word documents in a folder import", () => {
  test("a .docx becomes a guide: title from its first heading, structure as Markdown, pictures copied, links to it work", async () => {
    const report = await importDocs();
    expect(report.errors.map(formatProblem)).toEqual([]);
    expect(report.created.map((c) => c.slug).sort()).toEqual(["rounds-missed-bins", path.basename(docs)]);
    const bins = await guide("rounds-missed-bins");
    expect(bins.item).toMatchObject({ title: "Reporting a missed bin", status: "published", sourcePath: `dir:${path.basename(docs)}/rounds/missed-bins.docx` });
    expect(bins.item.summary).toBe("Residents call us when a bin is missed on collection day.");
    expect(bins.rev.body).not.toMatch(/^# /m);
    expect(bins.rev.body).toContain("## Before you start");
    expect(bins.rev.body).toContain("- Check the round sheet");
    expect(bins.rev.body).toContain("1. Log the report");
    expect(bins.rev.body).toContain("| Monday | North \\| East |");
    expect(bins.rev.body).toContain("[bins page](https://www.riverside.gov.uk/bins)");
    const picture = /!\[Map of the rounds\]\(\/imported\/([0-9a-f]{20}\.png)\)/.exec(bins.rev.body);
    expect(picture, bins.rev.body).not.toBeNull();
    expect(fs.existsSync(path.join(assets, picture![1]))).toBe(true);
    // The Markdown page's link to the Word file points at the guide it became.
    expect((await guide(path.basename(docs))).rev.html).toContain('href="/guides/rounds-missed-bins"');

    // Unchanged on a second run; a changed document becomes a revision.
    expect(await importDocs()).toMatchObject({ created: [], revised: [], unchanged: 2, errors: [] });
    fs.writeFileSync(path.join(docs, "rounds/missed-bins.docx"), await makeDocx(["Call the depot first."], { heading: "Reporting a missed bin" }));
    const changed = await importDocs(new Date("2027-01-05T12:00:00Z"));
    expect(changed.revised.map((r) => r.slug)).toEqual(["rounds-missed-bins"]);
    expect((await guide("rounds-missed-bins")).rev.body).toContain("Call the depot first.");
  });

  test("files that are not Word documents are refused with their path; the earlier import stays; the rest import", async () => {
    await importDocs();
    const before = await guide("rounds-missed-bins");
    fs.writeFileSync(path.join(docs, "rounds/missed-bins.docx"), makeExe());
    fs.writeFileSync(path.join(docs, "form.docx"), await makePdf(["A form"]));
    fs.writeFileSync(path.join(docs, "broken.docx"), Buffer.from("PK\u0003\u0004 not really a zip"));
    fs.writeFileSync(path.join(docs, "fine.md"), "# Fine\n\nText.\n");
    const report = await importDocs(new Date("2027-01-05T12:00:00Z"));
    const shown = (name: string) => `${path.relative(process.cwd(), path.join(docs, name)).startsWith("..") ? path.join(docs, name) : path.relative(process.cwd(), path.join(docs, name))}`;
    const errors = report.errors.map(formatProblem);
    expect(errors).toHaveLength(3);
    expect(errors.find((e) => e.startsWith(shown("rounds/missed-bins.docx")))).toMatch(/:1: file: .*program/);
    expect(errors.find((e) => e.startsWith(shown("form.docx")))).toMatch(/:1: file: .*content is a PDF/);
    expect(errors.find((e) => e.startsWith(shown("broken.docx")))).toMatch(/:1: file: .*(could not|cannot)/);
    expect(report.created.map((c) => c.slug)).toEqual(["fine"]);
    // Nothing stored is lost: the guide keeps the version imported before.
    const after = await guide("rounds-missed-bins");
    expect(after.rev.id).toBe(before.rev.id);
    expect(after.item.status).toBe("published");
  });
});
