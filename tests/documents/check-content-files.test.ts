/**
 * `npm run check-content` checks files (issue 21): those listed under `attachments` and those
 * the text links to by relative path exist, are what their names say (by content), are under
 * the size limit, images have alt text, and a linked document is listed. Each problem is
 * file:line: field: message, like every other content problem; nothing needs a database.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { checkContent } from "~/commands/import-check.server";
import { relativeLinks } from "~/commands/import-check-files.server";
import { formatProblem } from "~/schemas/front-matter";
import { copyFixture, edit } from "../import/helpers";
import { makeExe, makePdf, makePhoto, makePng } from "./fixtures";

test("listed and linked files: missing, wrong type, too big, no alt text, not listed", async () => {
  const content = copyFixture("content-basic");
  const guide = path.join(content, "guides/claim-mileage.md");
  const files = path.join(content, "guides/claim-mileage.files");
  fs.mkdirSync(files);
  fs.writeFileSync(path.join(files, "form.pdf"), await makePdf(["Claim form"]));
  fs.writeFileSync(path.join(files, "rates.pdf"), makeExe()); // a program named .pdf
  fs.writeFileSync(path.join(files, "route.png"), await makePng());
  fs.writeFileSync(path.join(files, "photo.jpg"), await makePhoto("jpeg"));
  fs.writeFileSync(path.join(files, "scan.png"), await makePdf(["not a picture"])); // content and name disagree
  fs.writeFileSync(path.join(files, "huge.txt"), Buffer.alloc(26 * 1024 * 1024, "a")); // over the 25 MB default
  fs.writeFileSync(path.join(files, "notes.txt"), "Plain notes\n");
  edit(
    guide,
    "review_by: 2025-12-31\n",
    "review_by: 2025-12-31\nattachments:\n  - file: form.pdf\n    title: Claim form\n  - file: missing.pdf\n    title: Gone\n  - file: route.png\n    title: Route\n",
  );
  edit(
    guide,
    "Use the expenses system.",
    [
      "Use the expenses system and the [claim form](claim-mileage.files/form.pdf).", // line 20: listed, fine
      "![](claim-mileage.files/photo.jpg)", // 21: no alt text
      "![A scan](claim-mileage.files/scan.png)", // 22: PDF named .png
      "See the [rates](claim-mileage.files/rates.pdf) and [old rates](claim-mileage.files/2019.pdf).", // 23: a program; missing
      "[All notes](claim-mileage.files/huge.txt) and [short notes](claim-mileage.files/notes.txt)", // 24: too big; not listed
      "[Another page](../announcements/) `[not a link](x.pdf)` [web](https://example.org/a.pdf)", // 25: ignored
      "```",
      "[in code](claim-mileage.files/nothing.pdf)",
      "```",
    ].join("\n"),
  );
  const report = await checkContent(content);
  const problems = report.problems.map(formatProblem).filter((p) => p.includes("claim-mileage.md"));
  expect(problems).toEqual([
    expect.stringMatching(/claim-mileage\.md:10: attachments\.1\.file: There is no file claim-mileage\.files\/missing\.pdf/),
    expect.stringMatching(/claim-mileage\.md:12: attachments\.2\.file: Add alt: describing the image route\.png/),
    expect.stringMatching(/claim-mileage\.md:21: body: claim-mileage\.files\/photo\.jpg: describe the image/),
    expect.stringMatching(/claim-mileage\.md:22: body: scan\.png: the name says “\.png” but the content is a PDF/),
    expect.stringMatching(/claim-mileage\.md:23: body: rates\.pdf: this is a program/),
    expect.stringMatching(/claim-mileage\.md:23: body: claim-mileage\.files\/2019\.pdf: there is no such file/),
    expect.stringMatching(/claim-mileage\.md:24: body: huge\.txt: the file is larger than 25 MB/),
    expect.stringMatching(/claim-mileage\.md:24: body: claim-mileage\.files\/notes\.txt: list this file under attachments/),
  ]);
});

test("links are found with their lines, outside front matter, code and inline code", () => {
  const text = ["---", "title: x", "---", "", "A [form](a%20b.pdf#page=2) and ![map](m.png \"Map\").", "`[no](c.pdf)`", "~~~", "[no](d.pdf)", "~~~", "[yes](<e.pdf>)"].join("\n");
  expect(relativeLinks(text)).toEqual([
    { line: 5, image: false, text: "form", path: "a b.pdf" },
    { line: 5, image: true, text: "map", path: "m.png" },
    { line: 10, image: false, text: "yes", path: "e.pdf" },
  ]);
});
