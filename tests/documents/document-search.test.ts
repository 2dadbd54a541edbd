/**
 * The words inside attached documents (issue 21, decision 151): extracted off the request
 * path with bounds, indexed with their item through the change feed, and a hit inside a
 * document says so with its name and a snippet. A file that cannot be read is attached and
 * reported to its author.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/access/audience.server";
import { attachFile, editorAttachments } from "~/commands/attachments.server";
import { changeFeedSettled } from "~/commands/change-feed.server";
import { extractPendingTexts } from "~/commands/document-text.server";
import { createFromEditor } from "~/commands/edit.server";
import { followChangesIntoSearch } from "~/commands/search-follower.server";
import { getDb } from "~/utils/db.server";
import { extractText } from "~/utils/extract-text.server";
import { searchItems, startSearch, stopSearch } from "~/utils/search.server";
import { createUser } from "../factories";
import { buildWorld, editorData, type World } from "../editor/world";
import { makeDocx, makePdf, makeXlsx } from "./fixtures";

function makePptx(slides: string[]): Buffer {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  };
  slides.forEach((s, i) => (files[`ppt/slides/slide${i + 1}.xml`] = strToU8(`<p:sld><a:t>${s}</a:t></p:sld>`)));
  return Buffer.from(zipSync(files));
}

/** Built-ins as they were before any PDF was read in this file (pdfjs's polyfills would replace them). */
const NATIVE = { push: Array.prototype.push, parse: JSON.parse };

describe("extracting text", () => {
  it("reads PDF, Word, Excel sheet names, slides, CSV", async () => {
    expect((await extractText("pdf", await makePdf(["Gritting routes are checked nightly"]))).text).toContain("Gritting routes are checked nightly");
    expect((await extractText("docx", await makeDocx(["Tenancy sign-up checklist"]))).text).toContain("Tenancy sign-up checklist");
    expect((await extractText("xlsx", makeXlsx(["Night rota", "Weekend cover"]))).text).toMatch(/Night rota\nWeekend cover/);
    expect((await extractText("pptx", makePptx(["Welcome to Riverside", "Health &amp; safety"]))).text).toBe("Welcome to Riverside\nHealth & safety");
    expect((await extractText("csv", Buffer.from("\uFEFFstreet,day\nHigh St,Monday"))).text).toBe("street,day\nHigh St,Monday");
  });

  it("reading a PDF leaves the server's built-ins as they were (pdfjs's polyfills stay in its thread, decision 210)", async () => {
    expect((await extractText("pdf", await makePdf(["Polyfills stay put"]))).text).toContain("Polyfills stay put");
    expect(Array.prototype.push).toBe(NATIVE.push);
    expect(JSON.parse).toBe(NATIVE.parse);
  });

  it("a damaged file or one that takes too long is reported, not thrown", async () => {
    const broken = await extractText("pdf", Buffer.from("%PDF-1.7\nthis is not really a PDF at all"));
    expect(broken).toMatchObject({ status: "failed", text: "", problem: expect.stringMatching(/could not read the words/) });
    const slow = await extractText("pdf", await makePdf(["x"]), { maxMs: 0 });
    expect(slow).toMatchObject({ status: "failed", problem: expect.stringMatching(/took too long/) });
  });
});

describe("search finds words that are only inside attached documents", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "document-search-"));
  let w: World;
  let stopFollowing: () => Promise<void>;
  let staff: Viewer;
  let outsider: Viewer;
  beforeAll(async () => {
    w = await buildWorld();
    staff = w.staff;
    const f = await createUser({ role: "staff", departmentId: w.finance.id });
    outsider = { id: f.id, email: f.email, name: "", role: "staff", departmentId: w.finance.id };
    stopFollowing = await followChangesIntoSearch();
    await startSearch({ persistPath: path.join(dir, "index"), buildIn: "inline" });
  });
  afterAll(async () => {
    await stopFollowing();
    await stopSearch();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a phrase in a PDF and in a Word file; the hit names the document; the audience still applies", async () => {
    const { itemId: open } = await createFromEditor(w.comms, editorData("guide", { title: "Winter services" }), "publish");
    const { itemId: restricted } = await createFromEditor(
      w.comms, editorData("guide", { title: "Housing only", audience: "departments", audienceDepartments: ["housing"] }), "publish",
    );
    const pdf = await attachFile(w.comms, open, { fileName: "gritting.pdf", bytes: await makePdf(["The quillfeather salt barns open at dawn"]), title: "Gritting plan", alt: "" });
    const word = await attachFile(w.comms, restricted, { fileName: "repairs.docx", bytes: await makeDocx(["Report zanzibarite damp within two days"]), title: "Repairs handbook", alt: "" });
    expect(pdf.ok && word.ok).toBe(true);
    const report = await extractPendingTexts();
    expect(report.files.map((f) => f.status)).toEqual(["done", "done"]);
    await changeFeedSettled();

    const inPdf = await searchItems(staff, { q: "quillfeather" });
    expect(inPdf.hits.map((h) => h.id)).toEqual([open]);
    expect(inPdf.hits[0].document).toEqual({ title: "Gritting plan", url: expect.stringMatching(/^\/files\/\d+\/gritting\.pdf$/) });
    expect(inPdf.hits[0].snippet.filter((s) => s.mark).map((s) => s.text.toLowerCase())).toContain("quillfeather");

    const inWord = await searchItems(staff, { q: "zanzibarite" });
    expect(inWord.hits.map((h) => h.id)).toEqual([restricted]);
    expect(inWord.hits[0].document?.title).toBe("Repairs handbook");
    // Finance staff may not open the Housing page: the words inside its document find nothing.
    expect((await searchItems(outsider, { q: "zanzibarite" })).hits).toEqual([]);
  });

  it("an unreadable file stays attached and its author is told", async () => {
    const { itemId } = await createFromEditor(w.comms, editorData("guide", { title: "Broken scan" }), "publish");
    const broken = Buffer.concat([await makePdf(["x"]).then((b) => b.subarray(0, 200)), Buffer.from("\n%%EOF\n")]);
    const attached = await attachFile(w.comms, itemId, { fileName: "scan.pdf", bytes: broken, title: "Scanned letter", alt: "" });
    expect(attached.ok).toBe(true);
    await extractPendingTexts();
    const panel = await editorAttachments(await getDb(), { id: itemId, type: "guide", mustRead: 0 });
    expect(panel.files[0].textProblem).toMatch(/search will not find them/);
  });
});
