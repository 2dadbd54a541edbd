/**
 * Content out (issue 21, decision 154): `npm run export` writes every item in the format the
 * import reads, with attached files beside it; importing that export into an empty database
 * gives the same items, texts and files, and exporting again gives the same bytes.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { attachFile } from "~/commands/attachments.server";
import { exportContent, ExportUsageError, listWebEdited, markdownOfItem } from "~/commands/export.server";
import { importContent } from "~/commands/import.server";
import { formatProblem } from "~/schemas/front-matter";
import type { Database } from "~/utils/db.server";
import { walk } from "~/commands/import-scan.server";
import { createUser } from "../factories";
import { copyFixture, edit, freshDatabase, scratchDir } from "../import/helpers";
import { makeDocx, makeExe, makePdf, makePhoto, makePng } from "./fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");

/** Everything a reader or editor would notice of the items: fields, texts, link lists and files. */
async function snapshot(db: Database) {
  const items = await db.all<Record<string, unknown>>(
    `SELECT i.id, i.type, i.slug, i.title, i.summary, i.status, i.audience, i.is_public, i.priority, i.must_read, COALESCE(i.publish_at, i.published_at) AS published, i.published_at, i.expires_at,
            i.reference, i.owner_email, i.deputy_email, i.last_reviewed_on, i.review_by, d.slug AS department, r.title AS revTitle, r.summary AS revSummary, r.body
       FROM items i LEFT JOIN departments d ON d.id = i.department_id LEFT JOIN revisions r ON r.id = i.current_revision_id
      ORDER BY i.type, i.slug`,
  );
  const out = [];
  for (const { id, body, ...item } of items) {
    const tags = (await db.all<{ tag: string }>("SELECT tag FROM item_tags WHERE item_id = ? ORDER BY tag", [id])).map((t) => t.tag);
    const channels = (await db.all<{ slug: string }>("SELECT c.slug FROM item_channels ic JOIN channels c ON c.id = ic.channel_id WHERE ic.item_id = ? ORDER BY c.slug", [id])).map((c) => c.slug);
    const versions = await db.all("SELECT pv.version, pv.effective_on, pv.what_changed, pv.is_material, r.body FROM policy_versions pv JOIN revisions r ON r.id = pv.revision_id WHERE pv.item_id = ? ORDER BY pv.version", [id]);
    const files = await db.all<{ id: number; name: string; title: string; alt: string; kind: string; sha256: string }>(
      `SELECT a.id, a.name, a.title, a.alt, a.kind, b.sha256 FROM attachments a JOIN attachment_versions v ON v.id = a.current_version_id
         JOIN file_blobs b ON b.id = v.blob_id WHERE a.item_id = ? ORDER BY a.id`,
      [id],
    );
    // An item published without a date is exported with the day it went live, so it comes back with that date.
    // Attachment addresses hold database ids; compare the text with them named instead.
    let text = String(body ?? "");
    for (const f of files) text = text.split(`/files/${f.id}/`).join(`/files/<${f.name}>/`);
    out.push({ ...item, body: text, tags, channels, versions, files: files.map(({ id: _id, ...f }) => f) });
  }
  const glossary = await db.all("SELECT slug, term, stands_for, also_json, definition_md FROM glossary_terms ORDER BY slug");
  return { items: out, glossary };
}

function readTree(dir: string): Map<string, Buffer> {
  return new Map(walk(dir).map((abs) => [path.relative(dir, abs).split(path.sep).join("/"), fs.readFileSync(abs)]));
}

describe("export → import → export", () => {
  test("an export imported into an empty database gives the same items and files, and exports to the same bytes", async () => {
    // Database A: the fixture content, a guide with files listed in its front matter, and a file attached on the web.
    let db = await freshDatabase();
    const content = copyFixture("content-basic");
    const files = path.join(content, "guides/claim-mileage.files");
    fs.mkdirSync(files);
    fs.writeFileSync(path.join(files, "mileage-form.pdf"), await makePdf(["Mileage claim form", "Name, date, miles"]));
    fs.writeFileSync(path.join(files, "route-map.png"), await makePng(80, 60));
    // A phone photo with EXIF: re-encoded on the first import; its clean bytes must then survive the round trip unchanged.
    const photo = await makePhoto("jpeg");
    expect(photo.includes("SECRET-GPS-MARKER")).toBe(true);
    fs.writeFileSync(path.join(files, "office-entrance.jpg"), photo);
    fs.writeFileSync(path.join(files, "pool-car.webp"), await makePhoto("webp", 120, 90));
    edit(
      path.join(content, "guides/claim-mileage.md"),
      "review_by: 2025-12-31\n",
      "review_by: 2025-12-31\nattachments:\n  - file: mileage-form.pdf\n    title: Mileage claim form\n  - file: route-map.png\n    title: Route map\n    alt: Map of the usual routes between council offices\n  - file: office-entrance.jpg\n    title: Office entrance\n    alt: The main entrance of the civic offices, with the pool car bay on the left\n  - file: pool-car.webp\n    title: Pool car\n    alt: A white pool car parked in its bay\n",
    );
    edit(path.join(content, "guides/claim-mileage.md"), "Use the expenses system.", "Use the expenses system and the [claim form](claim-mileage.files/mileage-form.pdf).\n\n![Map of the usual routes](claim-mileage.files/route-map.png)");
    const first = await importContent({ contentDir: content, now: NOW, assets: null });
    expect(first.errors.map(formatProblem)).toEqual([]);
    const comms = await createUser({ role: "comms" });
    const notice = (await db.get<{ id: number }>("SELECT id FROM items WHERE type = 'announcement' ORDER BY slug LIMIT 1"))!;
    const attached = await attachFile({ ...comms, grants: [] } as never, notice.id, { fileName: "Letter to tenants.docx", bytes: await makeDocx(["Dear tenant"]), title: "Letter to tenants", alt: "" }, NOW);
    expect(attached.ok).toBe(true);
    const policy = (await db.get<{ id: number }>("SELECT id FROM items WHERE type = 'policy' ORDER BY slug LIMIT 1"))!;
    expect((await attachFile({ ...comms, grants: [] } as never, policy.id, { fileName: "flow.png", bytes: await makePng(30, 30), title: "Flow chart", alt: "Who decides, step by step" }, NOW)).ok).toBe(true);
    expect((await attachFile({ ...comms, grants: [] } as never, notice.id, { fileName: "IMG_0042.JPG", bytes: await makePhoto("jpeg", 200, 150), title: "The new depot", alt: "The new depot's yard, seen from the gate" }, NOW)).ok).toBe(true);
    expect((await attachFile({ ...comms, grants: [] } as never, notice.id, { fileName: "wave.gif", bytes: await makePhoto("gif", 60, 40), title: "Wave", alt: "A waving hand" }, NOW)).ok).toBe(true);

    const guide = await db.get<{ body: string }>("SELECT r.body FROM items i JOIN revisions r ON r.id = i.current_revision_id WHERE i.slug = 'claim-mileage'");
    expect(guide!.body).toMatch(/\[claim form\]\(\/files\/\d+\/mileage-form\.pdf\)/);
    const before = await snapshot(db);
    expect(before.items.find((i) => (i as { slug?: unknown }).slug === "claim-mileage")!.files.map((f) => f.name)).toEqual(["mileage-form.pdf", "route-map.png", "office-entrance.jpg", "pool-car.webp"]);

    const out1 = scratchDir("export-1");
    fs.rmSync(out1, { recursive: true });
    const report = await exportContent({ dir: out1 });
    expect(report.warnings).toEqual([]);
    expect(report.attachments).toBe(8);
    const tree1 = readTree(out1);
    expect([...tree1.keys()]).toEqual(expect.arrayContaining([
      "organisation.yml", "glossary/dbs.md", "guides/claim-mileage.md", "guides/claim-mileage.files/mileage-form.pdf", "guides/claim-mileage.files/route-map.png",
      "guides/claim-mileage.files/office-entrance.jpg", "guides/claim-mileage.files/pool-car.webp",
      "policies/flexible-working/v1.md", "policies/flexible-working/v2.md", "policies/flexible-working/files/flow.png",
    ]));
    const exportedPhoto = tree1.get("guides/claim-mileage.files/office-entrance.jpg")!;
    expect(exportedPhoto.includes("SECRET-GPS-MARKER")).toBe(false);
    expect([...tree1.keys()].filter((k) => /\.(jpg|gif)$/.test(k)).length).toBe(3);
    const mileage = tree1.get("guides/claim-mileage.md")!.toString();
    expect(mileage).toContain("[claim form](claim-mileage.files/mileage-form.pdf)");
    expect(mileage).toContain("alt: Map of the usual routes between council offices");

    // Database B: empty, the same accounts (they come from sign-in, not from content), the export imported.
    db = await freshDatabase();
    const again = await importContent({ contentDir: out1, now: NOW, assets: null });
    expect(again.errors.map(formatProblem)).toEqual([]);
    await createUser({ role: "comms" });
    const after = await snapshot(db);
    expect(after).toEqual(before);

    const out2 = scratchDir("export-2");
    fs.rmSync(out2, { recursive: true });
    await exportContent({ dir: out2 });
    const tree2 = readTree(out2);
    expect([...tree2.keys()].sort()).toEqual([...tree1.keys()].sort());
    for (const [file, bytes] of tree1) expect(tree2.get(file)!.equals(bytes), file).toBe(true);

    // Importing the same export again changes nothing.
    expect(await importContent({ contentDir: out1, now: NOW, assets: null })).toMatchObject({ created: [], revised: [], errors: [] });
  });

  test("listed files that are missing or refused name the file and line; the item keeps what it had", async () => {
    await freshDatabase();
    const content = copyFixture("content-basic");
    const guide = path.join(content, "guides/claim-mileage.md");
    edit(guide, "review_by: 2025-12-31\n", "review_by: 2025-12-31\nattachments:\n  - file: form.pdf\n    title: Form\n  - file: map.png\n    title: Map\n");
    fs.mkdirSync(path.join(content, "guides/claim-mileage.files"));
    fs.writeFileSync(path.join(content, "guides/claim-mileage.files/form.pdf"), makeExe());
    fs.writeFileSync(path.join(content, "guides/claim-mileage.files/map.png"), await makePng());
    const report = await importContent({ contentDir: content, now: NOW, assets: null });
    const errors = report.errors.map(formatProblem);
    expect(errors).toEqual([
      expect.stringMatching(/claim-mileage\.md:8: attachments\.0\.file: form\.pdf: this is a program/),
      expect.stringMatching(/claim-mileage\.md:10: attachments\.1\.file: Add alt: describing the image map\.png/),
    ]);
    expect(report.created.map((c) => c.slug)).not.toContain("claim-mileage");
  });

  test("one page as Markdown for its editors (a zip with its files), 404 for others; web edits of file pages are listed", async () => {
    const db = await freshDatabase();
    const content = copyFixture("content-basic");
    await importContent({ contentDir: content, now: NOW, assets: null });
    const comms = { ...(await createUser({ role: "comms" })), grants: [] } as never;
    const staff = { ...(await createUser({ role: "staff" })), grants: [] } as never;
    const guide = (await db.get<{ id: number }>("SELECT id FROM items WHERE slug = 'claim-mileage'"))!;
    const md = await markdownOfItem(comms, String(guide.id));
    expect(md).toMatchObject({ fileName: "claim-mileage.md", type: "text/markdown; charset=utf-8" });
    expect(md.content.toString()).toMatch(/^---\ntitle: How to claim mileage\n/);
    await expect(markdownOfItem(staff, String(guide.id))).rejects.toMatchObject({ status: 404 });
    await expect(markdownOfItem(comms, "999999")).rejects.toMatchObject({ status: 404 });
    await expect(markdownOfItem(comms, "1 OR 1=1")).rejects.toMatchObject({ status: 404 });

    expect(await listWebEdited(comms)).toEqual([]);
    await attachFile(comms, guide.id, { fileName: "form.pdf", bytes: await makePdf(["Form"]), title: "Form", alt: "" }, NOW);
    const zip = await markdownOfItem(comms, String(guide.id));
    expect(zip).toMatchObject({ fileName: "guide-claim-mileage.zip", type: "application/zip" });
    expect(zip.content.subarray(0, 2).toString()).toBe("PK");
    await db.run("UPDATE items SET web_edited = 1 WHERE id = ?", [guide.id]); // as an edit in the editor marks it (tests/editor)
    expect((await listWebEdited(comms)).map((p) => p.slug)).toEqual(["claim-mileage"]);
    expect(await listWebEdited(staff)).toEqual([]);
  });

  test("the export folder must be new or empty", async () => {
    await freshDatabase();
    const dir = scratchDir("full");
    fs.writeFileSync(path.join(dir, "keep.txt"), "mine");
    await expect(exportContent({ dir })).rejects.toThrow(ExportUsageError);
    expect(fs.readdirSync(dir)).toEqual(["keep.txt"]);
  });
});
