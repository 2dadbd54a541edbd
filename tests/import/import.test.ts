/**
 * Importing content/: what lands in the database, idempotency, revisions on change, bad
 * files that do not unpublish anything, removed files, web edits, batches that fail.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { importContent, importContentOnStart, type ImportReport } from "~/commands/import.server";
import { findContentFile } from "~/models/content-file.server";
import { listGlossaryTerms } from "~/models/glossary.server";
import { findItemBySlug, markWebEdited, type ItemRow } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { formatProblem } from "~/schemas/front-matter";
import type { Database } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { latestChangeId, listChangesAfter } from "~/models/change-feed.server";
import { copyFixture, edit, freshDatabase, scratchDir } from "./helpers";

const NOW = new Date("2026-11-25T12:00:00Z");
let db: Database;
let content: string;
let assets: string;

beforeEach(async () => {
  db = await freshDatabase();
  content = copyFixture("content-basic");
  assets = scratchDir("assets");
});

const run = (options: { now?: Date; batchSize?: number } = {}) =>
  importContent({ contentDir: content, now: options.now ?? NOW, batchSize: options.batchSize, assets: { dir: assets, urlPrefix: "/imported/" } });
const item = async (type: ItemRow["type"], slug: string) => (await findItemBySlug(db, type, slug))!;
const count = async (sql: string, params: unknown[] = []) => (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, params))!.n;
const currentBody = async (type: ItemRow["type"], slug: string) => (await getRevision(db, (await item(type, slug)).currentRevisionId!))!;
const errors = (r: ImportReport) => r.errors.map(formatProblem);

describe("a first import", () => {
  test("creates departments, channels, items, revisions, policy versions and glossary terms", async () => {
    const report = await run();
    expect(errors(report)).toEqual([]);
    expect(report.files).toBe(11);
    expect(report.created).toHaveLength(11);

    const channels = await db.all<{ slug: string; dept: string | null; isDefault: number; isMandatory: number }>(
      `SELECT c.slug, d.slug AS dept, c.is_default AS isDefault, c.is_mandatory AS isMandatory
         FROM channels c LEFT JOIN departments d ON d.id = c.department_id ORDER BY c.id`,
    );
    expect(channels).toEqual([
      { slug: "housing-news", dept: "housing", isDefault: 1, isMandatory: 0 },
      { slug: "housing-repairs", dept: "housing", isDefault: 0, isMandatory: 0 },
      { slug: "finance-news", dept: "finance", isDefault: 1, isMandatory: 0 },
      { slug: "all-staff", dept: null, isDefault: 0, isMandatory: 1 },
      { slug: "wellbeing", dept: null, isDefault: 0, isMandatory: 0 },
    ]);

    const repairs = await item("announcement", "repairs-line-hours");
    expect(repairs).toMatchObject({ status: "published", priority: "need-to-know", mustRead: 1, publishAt: "2026-11-20T00:00:00.000Z", source: "file", sourcePath: "announcements/repairs-line-hours.md" });
    expect(await count("item_target_departments WHERE item_id = ?", [repairs.id])).toBe(2);
    // A relative link to another content file points at that page.
    expect((await currentBody("announcement", "repairs-line-hours")).html).toContain('href="/guides/book-a-pool-car"');

    // A future date schedules; a past expiry expires; a draft stays a draft.
    expect(await item("announcement", "winter-fair")).toMatchObject({ status: "scheduled", publishAt: "2026-12-10T09:00:00.000Z", expiresAt: "2026-12-13T00:00:00.000Z" });
    expect(await item("announcement", "budget-consultation")).toMatchObject({ status: "expired", audience: "roles" });
    expect(await item("announcement", "new-payroll-dates")).toMatchObject({ status: "draft" });
    // "departments: all" targets every department; no channel means the department's default channel.
    const fair = await item("announcement", "winter-fair");
    expect(await count("item_target_departments WHERE item_id = ?", [fair.id])).toBe(2);
    expect(await db.all("SELECT c.slug FROM item_channels ic JOIN channels c ON c.id = ic.channel_id WHERE ic.item_id = ?", [fair.id])).toEqual([{ slug: "finance-news" }]);

    const car = await item("guide", "book-a-pool-car");
    expect(car).toMatchObject({ ownerEmail: "chris.champion@testborough.gov.uk", deputyEmail: "fay.finance@testborough.gov.uk", lastReviewedOn: "2026-05-02", reviewBy: "2027-05-02" });
    expect((await currentBody("guide", "book-a-pool-car")).html).toContain('href="/guides/claim-mileage#h-how-to-claim"');
    expect(await db.all("SELECT related_type AS type, related_slug AS slug FROM item_related WHERE item_id = ? ORDER BY position", [car.id])).toEqual([
      { type: "guide", slug: "claim-mileage" },
      { type: "policy", slug: "flexible-working" },
    ]);
    // A guide without a summary gets its first paragraph.
    expect((await item("guide", "claim-mileage")).summary).toBe("Claim business mileage within three months of your journey.");

    // Policies: the current version is the highest one that is published and due.
    const flexible = await item("policy", "flexible-working");
    const versions = await db.all<{ version: number; revisionId: number; whatChanged: string; isMaterial: number }>(
      "SELECT version, revision_id AS revisionId, what_changed AS whatChanged, is_material AS isMaterial FROM policy_versions WHERE item_id = ? ORDER BY version",
      [flexible.id],
    );
    expect(versions.map((v) => [v.version, v.whatChanged, v.isMaterial])).toEqual([[1, "", 0], [2, "You can now ask from your first day.", 1]]);
    expect(flexible.currentRevisionId).toBe(versions[1].revisionId);
    expect(flexible.reference).toBe("HR-042");
    const lone = await item("policy", "lone-working");
    const loneVersions = await db.all<{ version: number; revisionId: number; publishedAt: string }>(
      "SELECT version, revision_id AS revisionId, published_at AS publishedAt FROM policy_versions WHERE item_id = ? ORDER BY version",
      [lone.id],
    );
    expect(lone.status).toBe("published");
    expect(lone.currentRevisionId).toBe(loneVersions[0].revisionId);
    expect(loneVersions[1].publishedAt).toBe("2026-12-20T00:00:00.000Z");

    expect(await listGlossaryTerms()).toEqual([
      expect.objectContaining({ slug: "dbs", term: "DBS", standsFor: "Disclosure and Barring Service", also: ["criminal record check", "DBS check"], sourcePath: "glossary/dbs.md" }),
    ]);
    expect((await listGlossaryTerms())[0].definitionHtml).toContain("criminal record checks");
    expect(await count("audit_log WHERE action = 'import.create'")).toBe(9);
    expect(await count("content_files")).toBe(12);
  });

  test("writes the change feed for every item it changed, and nothing for a second run", async () => {
    const before = await latestChangeId(db);
    const report = await run();
    const rows = await listChangesAfter(db, before, 10_000);
    expect(report.itemIds).toHaveLength(8);
    expect(new Set(rows.filter((r) => r.entity === "item").map((r) => r.entityId))).toEqual(new Set(report.itemIds));
    // Importing the same files again changes nothing, so it says nothing.
    const again = await latestChangeId(db);
    await run();
    expect(await listChangesAfter(db, again, 10_000)).toEqual([]);
  });
});

describe("worker threads", () => {
  test("parse and render large imports with the same result as the importer's own thread", async () => {
    const snapshot = async () =>
      db.all("SELECT i.type, i.slug, i.status, r.title, r.summary, r.html, r.toc_json, r.fields_json, r.content_hash FROM items i JOIN revisions r ON r.item_id = i.id ORDER BY i.type, i.slug, r.number");
    const inThread = await run();
    const expected = await snapshot();
    db = await freshDatabase();
    const withWorkers = await importContent({ contentDir: content, now: NOW, assets: { dir: assets, urlPrefix: "/imported/" }, workers: 2, workerThreshold: 0 });
    expect(errors(withWorkers)).toEqual([]);
    expect(withWorkers.workers).toBe(2);
    expect(inThread.workers).toBe(0);
    expect(withWorkers.created).toHaveLength(inThread.created.length);
    expect(await snapshot()).toEqual(expected);
  });
});

describe("importing again", () => {
  test("changes nothing when the files are the same", async () => {
    await run();
    const before = {
      revisions: await count("revisions"), audit: await count("audit_log"),
      items: await db.all("SELECT id, status, updated_at, current_revision_id FROM items ORDER BY id"),
    };
    const again = await run({ now: new Date(NOW.getTime() + 60_000) });
    expect(again).toMatchObject({ created: [], revised: [], archived: [], conflicts: [], errors: [], unchanged: 11, itemIds: [] });
    expect(await count("revisions")).toBe(before.revisions);
    expect(await count("audit_log")).toBe(before.audit);
    expect(await db.all("SELECT id, status, updated_at, current_revision_id FROM items ORDER BY id")).toEqual(before.items);
  });

  test("a changed file becomes a new revision; a reformatted one does not", async () => {
    await run();
    const guide = path.join(content, "guides/book-a-pool-car.md");
    edit(guide, "Check you have a valid driving licence.", "Check you have a valid driving licence and a key card.");
    const report = await run();
    expect(report.revised.map((r) => r.path)).toEqual([expect.stringContaining("guides/book-a-pool-car.md")]);
    const rev = await currentBody("guide", "book-a-pool-car");
    expect(rev.number).toBe(2);
    expect(rev.body).toContain("a key card");
    expect(await count("audit_log WHERE action = 'import.revision'")).toBe(1);

    edit(guide, "tags: [travel, cars]", "tags:\n  - travel\n  - cars");
    const reformatted = await run();
    expect(reformatted.revised).toEqual([]);
    expect((await currentBody("guide", "book-a-pool-car")).number).toBe(2);
    expect((await findContentFile(db, "guides/book-a-pool-car.md"))?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a new policy version becomes current; an edit to an old version does not", async () => {
    await run();
    const folder = path.join(content, "policies/flexible-working");
    fs.writeFileSync(
      path.join(folder, "v3.md"),
      fs.readFileSync(path.join(folder, "v2.md"), "utf8").replace("version: 2", "version: 3").replace("published: 2024-03-20", "published: 2026-11-01").replace("from your first day.", "twice a year."),
    );
    const report = await run();
    expect(errors(report)).toEqual([]);
    expect(report.revised).toHaveLength(1);
    const policy = await item("policy", "flexible-working");
    const v3 = await db.get<{ revisionId: number }>("SELECT revision_id AS revisionId FROM policy_versions WHERE item_id = ? AND version = 3", [policy.id]);
    expect(policy.currentRevisionId).toBe(v3!.revisionId);

    edit(path.join(folder, "v1.md"), "after 26 weeks", "after 26 weeks of service");
    await run();
    const after = await item("policy", "flexible-working");
    expect(after.currentRevisionId).toBe(v3!.revisionId);
    const v1 = await db.get<{ revisionId: number }>("SELECT revision_id AS revisionId FROM policy_versions WHERE item_id = ? AND version = 1", [policy.id]);
    expect((await getRevision(db, v1!.revisionId))!.body).toContain("26 weeks of service");
  });
});

describe("a bad file", () => {
  test("is reported; the other files import and its previous version stays published", async () => {
    await run();
    const before = await item("guide", "claim-mileage");
    edit(path.join(content, "guides/claim-mileage.md"), "review_by: 2025-12-31", "review_by: end of year");
    edit(path.join(content, "guides/claim-mileage.md"), "Use the expenses system.", "Use the new expenses system.");
    edit(path.join(content, "guides/book-a-pool-car.md"), "Use the booking system.", "Use the new booking system.");
    fs.writeFileSync(path.join(content, "guides/brand-new.md"), "---\ntitle: Brand new\n---\nNo owner.");

    const report = await run();
    expect(errors(report)).toEqual([
      expect.stringMatching(/guides\/brand-new\.md:1: department: Enter a slug/),
      expect.stringMatching(/guides\/brand-new\.md:1: owner: Enter the owner's email address/),
      expect.stringMatching(/guides\/brand-new\.md:1: last_reviewed: Enter a date like 2027-05-02/),
      expect.stringMatching(/guides\/brand-new\.md:1: review_by: Enter a date like 2027-05-02/),
      expect.stringMatching(/guides\/claim-mileage\.md:6: review_by: Enter a date like 2027-05-02$/),
    ]);
    expect(report.revised.map((r) => r.slug)).toEqual(["book-a-pool-car"]);

    const after = await item("guide", "claim-mileage");
    expect(after).toMatchObject({ status: "published", currentRevisionId: before.currentRevisionId, reviewBy: "2025-12-31" });
    expect((await currentBody("guide", "claim-mileage")).body).not.toContain("new expenses system");
    expect(await findItemBySlug(db, "guide", "brand-new")).toBeUndefined();
    expect((await findContentFile(db, "guides/claim-mileage.md"))?.lastError).toMatch(/review_by: Enter a date/);

    // Still reported on the next import, until it is fixed; then it becomes a revision.
    expect(errors(await run())).toHaveLength(5);
    edit(path.join(content, "guides/claim-mileage.md"), "review_by: end of year", "review_by: 2026-12-31");
    fs.rmSync(path.join(content, "guides/brand-new.md"));
    const fixed = await run();
    expect(errors(fixed)).toEqual([]);
    expect(fixed.revised.map((r) => r.slug)).toEqual(["claim-mileage"]);
    expect((await currentBody("guide", "claim-mileage")).body).toContain("new expenses system");
    expect((await findContentFile(db, "guides/claim-mileage.md"))?.lastError).toBeNull();
    expect(await findContentFile(db, "guides/brand-new.md")).toBeUndefined();
  });

  test("in a batch that fails in the database is retried alone; the rest of the batch is saved", async () => {
    await db.exec("CREATE TRIGGER refuse_boom BEFORE INSERT ON items WHEN NEW.slug = 'boom' BEGIN SELECT RAISE(ABORT, 'the database refused it'); END;");
    fs.writeFileSync(path.join(content, "announcements/boom.md"), "---\ntitle: Boom\nsummary: Goes wrong.\ndepartment: finance\n---\nBody.");
    const report = await run({ batchSize: 200 });
    expect(errors(report)).toEqual([expect.stringMatching(/announcements\/boom\.md:1: file: Could not be saved \(.*the database refused it\); the previous version stays published$/)]);
    expect(report.created).toHaveLength(11);
    expect(await findItemBySlug(db, "announcement", "boom")).toBeUndefined();
    expect(await count("items")).toBe(8);
  });

  test("rows a batch writes together (links, audit entries) are those each file writes alone", async () => {
    const snapshot = async () => ({
      links: await db.all(`
        SELECT i.type, i.slug, 'department' AS k, CAST(t.department_id AS TEXT) AS v, 0 AS n FROM item_target_departments t JOIN items i ON i.id = t.item_id
        UNION ALL SELECT i.type, i.slug, 'channel', CAST(c.channel_id AS TEXT), 0 FROM item_channels c JOIN items i ON i.id = c.item_id
        UNION ALL SELECT i.type, i.slug, 'audience', CAST(a.department_id AS TEXT), 0 FROM item_audience_departments a JOIN items i ON i.id = a.item_id
        UNION ALL SELECT i.type, i.slug, 'role', r.role, 0 FROM item_audience_roles r JOIN items i ON i.id = r.item_id
        UNION ALL SELECT i.type, i.slug, 'tag', g.tag, 0 FROM item_tags g JOIN items i ON i.id = g.item_id
        UNION ALL SELECT i.type, i.slug, 'related', r.related_type || ':' || r.related_slug, r.position FROM item_related r JOIN items i ON i.id = r.item_id
        ORDER BY 1, 2, 3, 4, 5`),
      audit: await db.all("SELECT a.action, a.entity_type, i.slug, a.detail_json FROM audit_log a LEFT JOIN items i ON i.id = a.entity_id AND a.entity_type = 'item' WHERE a.action LIKE 'import.%' ORDER BY 1, 2, 3, 4"),
      revisions: await db.all("SELECT i.slug, r.number, r.content_hash FROM revisions r JOIN items i ON i.id = r.item_id ORDER BY 1, 2"),
    });
    expect(errors(await run())).toEqual([]);
    const batched = await snapshot();
    expect(batched.links.length).toBeGreaterThan(10);
    expect(batched.audit.length).toBeGreaterThan(5);
    // A file the database refuses makes the batch fail: every file is then written in its own transaction.
    db = await freshDatabase();
    await db.exec("CREATE TRIGGER refuse_boom BEFORE INSERT ON items WHEN NEW.slug = 'boom' BEGIN SELECT RAISE(ABORT, 'the database refused it'); END;");
    fs.writeFileSync(path.join(content, "announcements/boom.md"), "---\ntitle: Boom\nsummary: Goes wrong.\ndepartment: finance\n---\nBody.");
    expect(errors(await run())).toHaveLength(1);
    expect(await snapshot()).toEqual(batched);
  });

  test("in organisation.yml is reported with its line, and items still import against the known departments", async () => {
    await run();
    edit(path.join(content, "organisation.yml"), "        name: Finance news", "        nmae: Finance news");
    edit(path.join(content, "guides/claim-mileage.md"), "Use the expenses system.", "Use the expenses system today.");
    const report = await run();
    expect(errors(report)).toEqual([
      expect.stringMatching(/organisation\.yml:15: departments\[1\]\.channels\[0\]\.name: Enter a name$/),
      expect.stringMatching(/organisation\.yml:16: departments\[1\]\.channels\[0\]\.nmae: There is no field called nmae here/),
    ]);
    expect(report.revised.map((r) => r.slug)).toEqual(["claim-mileage"]);
  });
});

describe("files removed from content/", () => {
  test("archive their items (nothing is deleted) and come back when the file does", async () => {
    await run();
    const before = await item("announcement", "repairs-line-hours");
    fs.rmSync(path.join(content, "announcements/repairs-line-hours.md"));
    fs.rmSync(path.join(content, "glossary/dbs.md"));
    const report = await run();
    expect(report.archived.map((a) => a.slug)).toEqual(["repairs-line-hours"]);
    const after = await item("announcement", "repairs-line-hours");
    expect(after).toMatchObject({ status: "archived", currentRevisionId: before.currentRevisionId });
    expect(await count("revisions WHERE item_id = ?", [after.id])).toBe(1);
    expect(await count("audit_log WHERE action = 'import.archive' AND entity_id = ?", [after.id])).toBe(1);
    expect(await listGlossaryTerms()).toEqual([]);
    expect((await run()).archived).toEqual([]);

    fs.cpSync(path.join(process.cwd(), "tests/fixtures/content-basic/announcements/repairs-line-hours.md"), path.join(content, "announcements/repairs-line-hours.md"));
    const back = await run();
    expect(back.revised).toEqual([]);
    expect(await item("announcement", "repairs-line-hours")).toMatchObject({ status: "published", currentRevisionId: before.currentRevisionId });
  });
});

describe("items edited on the web", () => {
  test("are not overwritten by a changed file: the file's version is kept as a revision and a conflict is reported", async () => {
    await run();
    const guide = await item("guide", "book-a-pool-car");
    await markWebEdited(db, guide.id);
    edit(path.join(content, "guides/book-a-pool-car.md"), "title: Book a pool car", "title: Book a council pool car");
    const report = await run();
    expect(report.revised).toEqual([]);
    expect(report.conflicts).toEqual([
      expect.objectContaining({ slug: "book-a-pool-car", itemId: guide.id, message: expect.stringContaining("was edited on the web") }),
    ]);
    const after = await item("guide", "book-a-pool-car");
    expect(after.title).toBe("Book a pool car");
    expect(after.currentRevisionId).toBe(guide.currentRevisionId);
    const stored = await db.get<{ title: string; source: string }>("SELECT title, source FROM revisions WHERE item_id = ? AND number = 2", [guide.id]);
    expect(stored).toEqual({ title: "Book a council pool car", source: "file" });
    expect(await count("audit_log WHERE action = 'import.conflict' AND entity_id = ?", [guide.id])).toBe(1);
    // Reported once, not on every import.
    expect((await run()).conflicts).toEqual([]);

    fs.rmSync(path.join(content, "guides/book-a-pool-car.md"));
    const removed = await run();
    expect(removed.archived).toEqual([]);
    expect(removed.conflicts).toHaveLength(1);
    expect((await item("guide", "book-a-pool-car")).status).toBe("published");
  });
});

describe("at start-up", () => {
  test("bad files are logged and never stop start-up; IMPORT_ON_START=false skips the import", async () => {
    fs.writeFileSync(path.join(content, "guides/broken.md"), "---\ntitle: [unclosed\n---\n");
    process.env.CONTENT_DIR = content;
    process.env.IMPORT_ON_START = "true";
    resetEnvForTests();
    const report = await importContentOnStart();
    expect(report?.created).toHaveLength(11);
    expect(errors(report!)).toEqual([expect.stringMatching(/guides\/broken\.md:2: title: /)]);

    process.env.CONTENT_DIR = path.join(content, "does-not-exist");
    resetEnvForTests();
    await expect(importContentOnStart()).resolves.toMatchObject({ files: 0, archived: [], warnings: [expect.stringContaining("no content folder")] });
    expect(await count("items WHERE status = 'archived'")).toBe(0);

    process.env.IMPORT_ON_START = "false";
    resetEnvForTests();
    expect(await importContentOnStart()).toBeNull();
    delete process.env.IMPORT_ON_START;
    process.env.CONTENT_DIR = path.join(process.cwd(), "content");
    resetEnvForTests();
  });
});
