/**
 * Where text comes in (content files' front matter and body, the web editor's form),
 * characters XML 1.0 does not allow are normalised, not refused (decision 077): a vertical
 * tab or form feed becomes a line break in multi-line text and a space on one line; other
 * C0 controls, U+FFFE/U+FFFF and lone surrogates are removed.
 */
import { describe, expect, test } from "vitest";
import { parseContentDoc, type Directory } from "~/commands/import-parse.server";
import { emptyEditorValues, readEditorValues, validateEditorValues } from "~/schemas/editor";
import { datePartsOf } from "~/schemas/date-input";
import { formatProblem, parseContentFile } from "~/schemas/front-matter";
import { hasNonXmlChars } from "~/utils/xml";

const directory: Directory = { departments: new Set(["finance"]), channels: new Set(), people: null };

const GUIDE = (title: string, extra: string[], body: string) =>
  ["---", `title: ${title}`, "summary: Claim\u000Bwithin three months.", "department: finance", "owner: owner@riverside.gov.uk",
    "last_reviewed: 2026-05-02", "review_by: 2027-05-02", "tags: [expen\u0000ses, travel\uFFFE]", ...extra, "---", body].join("\n");

describe("content files", () => {
  test("raw controls in front matter and body are normalised and the file imports", () => {
    const source = GUIDE("How to\u000Bclaim\u0001 mileage", [], "First line\u000BSecond line\u000Cthird\u0000 \uD800line");
    const { data, body } = parseContentFile("content/guides/x.md", source, "guide");
    expect(data.title).toBe("How to claim mileage");
    expect(data.summary).toBe("Claim within three months.");
    expect(data.tags).toEqual(["expenses", "travel"]);
    expect(body).toBe("First line\nSecond line\nthird line");
  });

  test("YAML escapes that spell such characters (\\v, \\0, \\uFFFE) are normalised too", () => {
    const source = GUIDE('"Tab\\vbetween\\0 words\\uFFFE"', [], "Body.");
    expect(parseContentFile("content/guides/x.md", source, "guide").data.title).toBe("Tab between words");
  });

  test("through the importer's parser: nothing that XML 1.0 refuses reaches the document to be written", () => {
    const source = GUIDE('"Pasted\\vtitle"', [], "Body\u000Btext");
    const result = parseContentDoc({ key: "guides/x.md", abs: "/tmp/x.md", display: "content/guides/x.md", text: source, hash: "h" }, "guide", directory);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const doc = result.doc!;
    expect(doc.title).toBe("Pasted title");
    expect(doc.body).toBe("Body\ntext");
    expect(hasNonXmlChars(JSON.stringify([doc.title, doc.summary, doc.body, doc.fields]))).toBe(false);
    expect(JSON.stringify(doc.fields)).not.toMatch(/\\u000[0-9bBcC]|\\ufff[eE]/);
  });
});

describe("the web editor's form", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };
  const filled = {
    title: "Pasted\u000Bfrom Word\u0000", summary: "One\u000Btwo", body: "Para one\u000BPara two\u000C\uFFFF\uD800end",
    department: "finance", owner: "owner@riverside.gov.uk", lastReviewed: "2026-05-02", reviewBy: "2027-05-02",
    tags: "alpha\u0001, beta\u000Bgamma", note: "Fixed\u000Bthe phone number", audience: "everyone",
  };

  test("readEditorValues cleans what the browser sent, so the form shown again is clean too", () => {
    const values = readEditorValues(form(filled), "guide");
    expect(values).toMatchObject({
      // FormData itself turns a lone surrogate into U+FFFD, which XML allows.
      title: "Pasted from Word", summary: "One\ntwo", body: "Para one\nPara two\n\uFFFDend", tags: "alpha, beta gamma", note: "Fixed the phone number",
    });
  });

  test("validateEditorValues cleans values however they arrive", () => {
    const dates = { lastReviewed: datePartsOf(filled.lastReviewed), reviewBy: datePartsOf(filled.reviewBy) };
    const result = validateEditorValues({ ...emptyEditorValues("guide"), ...filled, ...dates, audienceDepartments: ["fin\u000Bance"] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({ title: "Pasted from Word", summary: "One\ntwo", body: "Para one\nPara two\nend", tags: ["alpha", "beta gamma"] });
    expect(hasNonXmlChars(JSON.stringify(result.data))).toBe(false);
  });
});
