/** Word to Markdown (decision 152): structure kept, formatting dropped, images handed back to be attached. */
import { beforeAll, describe, expect, it } from "vitest";
import { wordToMarkdown } from "~/utils/word-to-markdown.server";
import { editorAttachments } from "~/commands/attachments.server";
import { draftFromWord } from "~/commands/word-import.server";
import { findItemById } from "~/models/item.server";
import { getRevision } from "~/models/revision.server";
import { getDb } from "~/utils/db.server";
import { buildWorld } from "../editor/world";
import { makeDocx, makePdf, makeRichDocx } from "./fixtures";

describe("Word to Markdown", () => {
  it("keeps headings, bold, bullets, numbered steps, links, tables and images", async () => {
    const result = await wordToMarkdown(await makeRichDocx());
    expect(result.title).toBe("Reporting a missed bin");
    expect(result.firstParagraph).toBe("Residents call us when a bin is missed on collection day.");
    expect(result.markdown).toContain("# Reporting a missed bin\n\nResidents call us when a bin is **missed** on collection day.");
    expect(result.markdown).toContain("## Before you start\n\n- Check the round sheet\n- Check the crew notes");
    expect(result.markdown).toContain("1. Log the report\n2. Tell the crew");
    expect(result.markdown).toContain("See the [bins page](https://www.riverside.gov.uk/bins).");
    expect(result.markdown).toContain("| Day | Round |\n| --- | --- |\n| Monday | North \\| East |");
    expect(result.markdown).toContain("![Map of the rounds](word-image-1)");
    expect(result.images).toEqual([expect.objectContaining({ placeholder: "word-image-1", contentType: "image/png", alt: "Map of the rounds" })]);
  });

  it("escapes text that would read as Markdown", async () => {
    const result = await wordToMarkdown(await makeDocx(["# not a heading", "Use *stars* and <b>tags</b>"], { table: [["A", "B"], ["1", "2"]] }));
    expect(result.markdown).toContain("\\# not a heading");
    expect(result.markdown).toContain("Use \\*stars\\* and \\<b\\>tags\\</b\\>");
    expect(result.markdown).toContain("| A | B |\n| --- | --- |\n| 1 | 2 |");
  });
});

describe("Start from a Word document", () => {
  let w: Awaited<ReturnType<typeof buildWorld>>;
  beforeAll(async () => {
    w = await buildWorld();
  });
  it("makes a draft guide with the pictures attached and the text pointing at them", async () => {
    const result = await draftFromWord(w.champion, "guide", { fileName: "missed-bins.docx", bytes: await makeRichDocx(), department: "housing" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const db = await getDb();
    const item = await findItemById(db, result.itemId);
    expect(item).toMatchObject({ type: "guide", status: "draft", title: "Reporting a missed bin" });
    const revision = await getRevision(db, item!.currentRevisionId!);
    expect(revision!.body).toMatch(/^Residents call us/);
    const panel = await editorAttachments(db, { id: result.itemId, type: "guide", mustRead: 0 });
    expect(panel.files).toEqual([expect.objectContaining({ image: true, alt: "Map of the rounds" })]);
    expect(revision!.body).toContain(`![Map of the rounds](${panel.files[0].href})`);
  });

  it("refuses what is not a Word document, and a policy without its reference, as field errors", async () => {
    expect(await draftFromWord(w.comms, "guide", { fileName: "rota.pdf", bytes: await makePdf(["x"]), department: "housing" })).toEqual({
      ok: false, errors: { file: expect.stringMatching(/^rota\.pdf: choose a Word document/) },
    });
    expect(await draftFromWord(w.comms, "guide", { fileName: "fake.docx", bytes: await makePdf(["x"]), department: "housing" })).toEqual({
      ok: false, errors: { file: expect.stringMatching(/^fake\.docx: the name says/) },
    });
    const policy = await draftFromWord(w.comms, "policy", { fileName: "policy.docx", bytes: await makeDocx(["Text"], { heading: "Lone working" }), department: "housing" });
    expect(policy).toMatchObject({ ok: false, errors: { reference: expect.any(String) } });
    const ok = await draftFromWord(w.comms, "policy", { fileName: "policy.docx", bytes: await makeDocx(["Text"], { heading: "Lone working" }), department: "housing", reference: "HS-151" });
    expect(ok).toMatchObject({ ok: true, images: 0 });
  });
});
