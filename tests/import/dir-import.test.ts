/**
 * `npm run import -- --dir PATH --type guide --department SLUG`: a folder of Markdown
 * written for another tool (tests/fixtures/content-docs: five pages in two sub-folders).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { importContent } from "~/commands/import.server";
import { DirImportUsageError, importDirectory, takeFirstHeading } from "~/commands/import-dir.server";
import { headingAnchors } from "~/commands/import-links.server";
import { findItemBySlug } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { formatProblem } from "~/schemas/front-matter";
import type { Database } from "~/utils/db.server";
import { copyFixture, freshDatabase, scratchDir } from "./helpers";

const NOW = new Date("2026-11-25T12:00:00Z");
let db: Database;
let content: string;
let docs: string;
let assets: string;

beforeEach(async () => {
  db = await freshDatabase();
  content = copyFixture("content-basic");
  docs = copyFixture("content-docs");
  assets = scratchDir("assets");
  await importContent({ contentDir: content, now: NOW, assets: null });
});

const importDocs = (extra: Partial<Parameters<typeof importDirectory>[0]> = {}) =>
  importDirectory({ dir: docs, type: "guide", department: "housing", now: NOW, contentDir: content, assets: { dir: assets, urlPrefix: "/imported/" }, ...extra });
const guide = async (slug: string) => {
  const item = await findItemBySlug(db, "guide", slug);
  expect(item, slug).toBeDefined();
  const rev = (await getRevision(db, item!.currentRevisionId!))!;
  return { item: item!, rev, fields: JSON.parse(rev.fieldsJson) as Record<string, unknown> };
};

describe("importing a folder of pages written for another tool", () => {
  test("brings every page in as a guide with a title, a slug from its path and working links", async () => {
    const report = await importDocs();
    expect(report.errors.map(formatProblem)).toEqual([]);
    expect(report.created.map((c) => c.slug).sort()).toEqual([
      "billing-direct-debits", "billing-refunds", "content-docs", "tenancy", "tenancy-ending-a-tenancy",
    ]);

    // Title from the first heading, removed from the body.
    const home = await guide("content-docs");
    expect(home.item.title).toBe("Housing knowledge base");
    expect(home.rev.body).not.toMatch(/^# /m);
    expect(home.rev.html).toContain('href="/guides/billing-refunds"');
    expect(home.rev.html).toContain('href="/guides/billing-direct-debits"');
    expect(home.rev.html).toContain('href="/guides/tenancy"');
    expect(home.rev.html).toContain('href="https://www.example.org/housing"');
    expect(home.item.summary).toBe("This is the old knowledge base of the housing team, exported from the wiki.");

    // Title from front matter; a heading that opens the page would repeat it, so it goes.
    const refunds = await guide("billing-refunds");
    expect(refunds.item.title).toBe("Refunding overpaid rent");
    expect(refunds.rev.body).not.toContain("# Refunds");
    expect(refunds.rev.html).toContain('href="/guides/tenancy-ending-a-tenancy#h-giving-notice"');
    // An anchor written the way docs sites make them points at our id for that heading.
    expect(refunds.rev.html).toContain('href="/guides/tenancy-ending-a-tenancy#h-form-ht-3-end-of-tenancy"');
    // Raw HTML is sanitised by the renderer.
    expect(refunds.rev.html).not.toMatch(/<script|onerror|javascript:/i);
    // Unknown front matter is kept aside, not fatal; known fields are used.
    expect(refunds.fields.extra).toEqual({ sidebar_position: 2, layout: "docs", last_update: { author: "wiki-bot" } });
    expect(await db.all("SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag", [refunds.item.id])).toEqual([{ tag: "refunds" }, { tag: "rent" }]);

    // Owner defaults to the department's first knowledge champion; review dates to today and a year on.
    expect(refunds.item).toMatchObject({ ownerEmail: "chris.champion@testborough.gov.uk", lastReviewedOn: "2026-11-25", reviewBy: "2027-11-25", status: "published", sourcePath: "dir:content-docs/billing/refunds.md" });

    const debits = await guide("billing-direct-debits");
    expect(debits.item.title).toBe("Setting up a direct debit");
    expect(debits.rev.body).toContain("# not a heading: inside a code block");
    expect(debits.rev.html).toContain('href="/guides/billing-refunds"');
    const image = /src="\/imported\/([0-9a-f]{20}\.png)"/.exec(debits.rev.html);
    expect(image).not.toBeNull();
    expect(fs.readFileSync(path.join(assets, image![1]))).toEqual(fs.readFileSync(path.join(docs, "billing/img/chart.png")));

    const tenancy = await guide("tenancy");
    expect(tenancy.item).toMatchObject({ title: "Tenancies", summary: "Starting, changing and ending council tenancies." });
    expect(tenancy.rev.html).toContain('href="/guides/tenancy-ending-a-tenancy"');
    expect(tenancy.rev.html).toContain('href="/guides/content-docs"');

    // Foreign front matter is never taken as ours, even when it looks like it (decision 014): kept aside.
    const ending = await guide("tenancy-ending-a-tenancy");
    expect(ending.item).toMatchObject({ title: "Ending a tenancy", ownerEmail: "chris.champion@testborough.gov.uk", lastReviewedOn: "2026-11-25", reviewBy: "2027-11-25" });
    expect(ending.fields.extra).toEqual({ owner: "chris.champion@testborough.gov.uk", review_by: "2027-03-01", last_reviewed: "2026-03-01" });
    expect(ending.rev.html).toContain('id="h-giving-notice"');
    expect(ending.rev.html).toContain('id="h-form-ht-3-end-of-tenancy"');
    expect(ending.rev.html).toContain('href="/guides/billing-refunds"');
  });

  test("a second run changes nothing; a changed page becomes a revision", async () => {
    await importDocs();
    const revisions = (await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM revisions"))!.n;
    const again = await importDocs();
    expect(again).toMatchObject({ created: [], revised: [], unchanged: 5, errors: [] });
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM revisions"))!.n).toBe(revisions);

    fs.appendFileSync(path.join(docs, "tenancy/index.md"), "\nA new line.\n");
    const changed = await importDocs({ now: new Date("2027-01-05T12:00:00Z") });
    expect(changed.revised.map((r) => r.slug)).toEqual(["tenancy"]);
  });

  test("--owner names the owner of every page; a page's own owner is kept aside", async () => {
    await importDocs({ owner: "fay.finance@testborough.gov.uk" });
    expect((await guide("billing-refunds")).item.ownerEmail).toBe("fay.finance@testborough.gov.uk");
    expect((await guide("tenancy-ending-a-tenancy")).item.ownerEmail).toBe("fay.finance@testborough.gov.uk");
  });

  test("pages that clash with existing guides are reported; odd front matter is kept aside; the rest import", async () => {
    await importDocs();
    const other = scratchDir("other-docs");
    fs.mkdirSync(path.join(other, "billing"));
    fs.writeFileSync(path.join(other, "billing/refunds.md"), "# Refunds again\n\nText.\n");
    fs.writeFileSync(path.join(other, "dates.md"), "---\ntitle: Dates\nreview_by: soon\n---\nText.\n");
    fs.writeFileSync(path.join(other, "fine.md"), "Just text, no heading.\n");
    const report = await importDirectory({ dir: other, type: "guide", department: "finance", now: NOW, contentDir: content, assets: null });
    expect(report.errors.map(formatProblem)).toEqual([
      expect.stringMatching(/billing\/refunds\.md:1: slug: A guide with the address \/guides\/billing-refunds already exists \(imported from dir:content-docs\/billing\/refunds\.md\); rename the file or its folder$/),
    ]);
    expect(report.created.map((c) => c.slug)).toEqual(["dates", "fine"]);
    expect((await guide("dates")).fields.extra).toEqual({ review_by: "soon" });
    expect((await guide("fine")).item).toMatchObject({ title: "Fine", ownerEmail: "fay.finance@testborough.gov.uk", summary: "Just text, no heading." });
  });

  test("an unknown department or a department without a champion stops before anything is written", async () => {
    await expect(importDocs({ department: "parks" })).rejects.toThrow(DirImportUsageError);
    await expect(importDocs({ department: "parks" })).rejects.toThrow(/--department: there is no department called parks/);
    const noPeople = scratchDir("no-people");
    await expect(importDocs({ contentDir: noPeople })).rejects.toThrow(/--owner: housing has no knowledge champion/);
    expect(await findItemBySlug(db, "guide", "billing-refunds")).toBeUndefined();
  });
});

describe("headingAnchors", () => {
  test("maps the anchors docs sites give headings to the ids the renderer gives them", () => {
    const body = [
      "## Getting started", "## Form HT.3 (end of tenancy)", "## `Client.close([callback])`: Promise", "```", "## not a heading", "```",
      "## Getting started", "## [Linked](https://example.org) *heading*",
    ].join("\n");
    expect([...headingAnchors(body)]).toEqual([
      ["getting-started", "h-getting-started"],
      ["form-ht3-end-of-tenancy", "h-form-ht-3-end-of-tenancy"],
      ["clientclosecallback-promise", "h-client-close-callback-promise"],
      ["getting-started-1", "h-getting-started-2"],
      ["linked-heading", "h-linked-heading"],
    ]);
  });
});

describe("takeFirstHeading", () => {
  test.each([
    ["# Title\n\nText", true, "Title", "Text"],
    ["Intro\n\n# Later\n\nText", true, "Later", "Intro\n\nText"],
    ["Intro\n\n# Later\n\nText", false, undefined, "Intro\n\n# Later\n\nText"],
    ["```\n# code\n```\n# Real", true, "Real", "```\n# code\n```"],
    ["## Not level one\n", true, undefined, "## Not level one\n"],
    ["# **Bold** title #\nText", true, "Bold title", "Text"],
  ])("%j (want title: %s)", (body, want, heading, rest) => {
    expect(takeFirstHeading(body, want)).toEqual({ heading, body: rest });
  });
});
