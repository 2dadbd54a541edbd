/**
 * Reading front matter written for another tool (decision 014), table-driven: what is
 * taken (title, summary or description, tags when plain text), what is kept aside, and
 * the warnings (file:line: field: message) when it is odd. Nothing here is ever an error.
 */
import { describe, expect, test } from "vitest";
import { readForeignPage, takeForeignFields, UNREADABLE_KEY } from "~/schemas/foreign-front-matter";
import { formatProblem } from "~/schemas/front-matter";

const F = "docs/page.md";
function read(source: string) {
  const page = readForeignPage(F, source);
  const taken = takeForeignFields(page, F);
  return { page, ...taken, warnings: [...page.warnings, ...taken.warnings].map(formatProblem) };
}
const yaml = (...lines: string[]) => ["---", ...lines, "---", "", "Body text."].join("\n");
const toml = (...lines: string[]) => ["+++", ...lines, "+++", "", "Body text."].join("\n");

describe("tags", () => {
  test.each([
    ["a comma-separated string", yaml("tags: council tax, rent ,  , benefits"), ["council tax", "rent", "benefits"]],
    ["a space-separated string", yaml("tags: rent  arrears"), ["rent", "arrears"]],
    ["a list with numbers and repeats", yaml("tags: [rent, 2024, Rent, rent]"), ["rent", "2024"]],
    ["a TOML array", toml('tags = ["a", "b"]'), ["a", "b"]],
    ["one number", yaml("tags: 2024"), ["2024"]],
    ["empty", yaml("tags:"), []],
  ] as const)("%s", (_name, source, tags) => {
    const r = read(source);
    expect(r.tags).toEqual(tags);
    expect(r.extra).toEqual({});
    expect(r.warnings).toEqual([]);
  });

  test("tags that are not plain text are kept aside as written; the plain ones are taken", () => {
    const r = read(yaml("title: T", "tags:", "  - rent", "  - { label: Arrears }", "  - [nested]"));
    expect(r.tags).toEqual(["rent"]);
    expect(r.extra).toEqual({ tags: ["rent", { label: "Arrears" }, ["nested"]] });
    expect(r.warnings).toEqual([`${F}:3: tags: Some tags are not plain text; the tags were kept aside as written, and the plain ones taken`]);
  });

  test("a map of tags is kept aside", () => {
    const r = read(yaml("tags: { a: 1 }"));
    expect(r.tags).toEqual([]);
    expect(r.extra).toEqual({ tags: { a: 1 } });
  });

  test("too long and too many tags: the ones that fit are taken, with a warning", () => {
    const long = "x".repeat(51);
    const many = Array.from({ length: 25 }, (_, i) => `t${i}`);
    const r = read(yaml(`tags: [${long}, ${many.join(", ")}]`));
    expect(r.tags).toEqual(many.slice(0, 20));
    expect(r.warnings).toEqual([
      `${F}:2: tags: Tags longer than 50 characters were left out: ${"x".repeat(30)}…`,
      `${F}:2: tags: Only the first 20 of 25 tags were taken`,
    ]);
  });
});

describe("title and summary", () => {
  test("a number is a title; spaces and line breaks are tidied", () => {
    expect(read(yaml("title: 2024")).title).toBe("2024");
    expect(read(yaml("title: >", "  Folded", "  title")).title).toBe("Folded title");
  });

  test("a title that is not text is kept aside, with a warning; the heading will be used", () => {
    const r = read(yaml("title:", "  en: Housing", "  cy: Tai"));
    expect(r.title).toBeUndefined();
    expect(r.extra).toEqual({ title: { en: "Housing", cy: "Tai" } });
    expect(r.warnings).toEqual([`${F}:2: title: The title is not plain text, so the page's first heading (or file name) is its title; the value was kept aside`]);
  });

  test("a title over 150 characters is shortened at a word, with a warning", () => {
    const long = "Word ".repeat(40).trim();
    const r = read(yaml(`title: ${long}`));
    expect(r.title!.length).toBeLessThanOrEqual(150);
    expect(r.title).toMatch(/^Word( Word)+…$/);
    expect(r.warnings).toEqual([`${F}:2: title: The title is longer than 150 characters and was shortened`]);
  });

  test("summary first, else description; the other is kept aside", () => {
    expect(read(yaml("summary: S", "description: D"))).toMatchObject({ summary: "S", extra: { description: "D" } });
    expect(read(yaml("description: D"))).toMatchObject({ summary: "D", extra: {} });
    expect(read(yaml("summary: [not, text]", "description: D"))).toMatchObject({ summary: "D", extra: { summary: ["not", "text"] } });
  });

  test("our own keys with their own meanings are kept aside, never taken", () => {
    const r = read(yaml("audience: web-ops", "status: draft", "owner: '@web'", "type: docs", "public: true", "published: false", "review_by: soon", "slug: /x"));
    expect(r.extra).toEqual({ audience: "web-ops", status: "draft", owner: "@web", type: "docs", public: true, published: false, review_by: "soon", slug: "/x" });
    expect(r.warnings).toEqual([]);
  });

  test("a key called __proto__ is an ordinary key kept aside", () => {
    const r = read(yaml("__proto__: { polluted: true }", "title: T"));
    expect(Object.keys(r.extra)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("reading the front matter", () => {
  test("YAML dates stay as written", () => {
    expect(read(yaml("date: 2019-03-04", "when: 2019-03-04 10:00:00 +0100")).extra).toEqual({ date: "2019-03-04", when: "2019-03-04 10:00:00 +0100" });
  });

  test("a repeated key in a nested map is reported with its path", () => {
    const r = read(yaml("last_update:", "  author: a", "  author: b"));
    expect(r.extra).toEqual({ last_update: { author: "b" } });
    expect(r.warnings).toEqual([`${F}:4: last_update.author: This field is given more than once (first on line 3); the last value was used`]);
  });

  test("TOML: dotted keys repeat, array-of-tables entries do not, and multi-line arrays and strings are not keys", () => {
    const r = read(toml("a.b = 1", "[[item]]", "x = 1", "[[item]]", "x = 2", "[t]", "list = [", '  "y = 1",', "]", "text = '''", "list = 3", "'''", "a.b = 2"));
    expect(r.extra).toEqual({ a: { b: 1 }, item: [{ x: 1 }, { x: 2 }], t: { list: ["y = 1"], text: "list = 3\n", a: { b: 2 } } });
    expect(r.warnings).toEqual([]);
    const repeated = read(toml("a.b = 1", 'title = "x"', "a.b = 2"));
    expect(repeated.extra).toEqual({ a: { b: 2 } });
    expect(repeated.warnings).toEqual([`${F}:4: a.b: This field is given more than once (first on line 2); the last value was used`]);
  });

  test.each([
    ["YAML that is not fields", yaml("- a", "- b"), 2, "it is not a list of fields"],
    ["bad YAML", yaml("title: [unclosed"), 2, "Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ["bad TOML", toml("title = ", "x = 1"), 2, "invalid value"],
    ["bad JSON", '{\n  "title": "x"\n  "tags": []\n}\n\nBody text.', 3, "it is not valid JSON"],
    ["bad JSON where the parser gives no position: the line the front matter starts on", '{\n  "title": "x",\n  "tags": [1,]\n}\n\nBody text.', 1, "it is not valid JSON"],
  ])("%s: a warning with its line; the page is its body, the front matter kept aside", (_name, source, line, detail) => {
    const r = read(source);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(new RegExp(`^${F}:${line}: front matter: This front matter could not be read \\(`));
    expect(r.warnings[0]).toContain(detail);
    expect(r.page.body.trim()).toBe("Body text.");
    expect(typeof r.extra[UNREADABLE_KEY]).toBe("string");
  });

  test("front matter that is never closed: the whole file is the page, with a warning", () => {
    const r = read("---\ntitle: A\n\n# Heading\n");
    expect(r.page.body).toBe("---\ntitle: A\n\n# Heading\n");
    expect(r.warnings).toEqual([`${F}:1: front matter: The front matter has no closing --- line, so the whole file was imported as the page's text`]);
  });

  test("a page that opens with a template tag or a brace in text is not JSON front matter", () => {
    expect(read('{{< note >}}\nHello\n{{< /note >}}\n').page.format).toBe("none");
    expect(read("{ not json\n}\nText").page).toMatchObject({ format: "none" });
  });

  test.each([
    ["a meta-data block", "Title: Routing\nSummary: Who gets what\nDate: 2022\n\nBody", "meta", { title: "Routing", summary: "Who gets what" }],
    ["continuation lines", "title: A\nauthors: Jo\n    Sam\n\nBody", "meta", { title: "A", extra: { authors: "Jo Sam" } }],
    ["no title, summary or tags", "Note: read this\nWarning: and this\n\nBody", "none", { extra: {} }],
    ["a line that is not key: value", "Title: A\nthen prose\n\nBody", "none", { extra: {} }],
  ] as const)("%s", (_name, source, format, expected) => {
    const r = read(source);
    expect(r.page.format).toBe(format);
    expect(r).toMatchObject(expected);
  });

  test("characters XML 1.0 does not allow are cleaned from foreign front matter and bodies", () => {
    const r = read(toml('title = "Pasted\u000Btitle"', 'note = "a\u0000b"') + "\nLine\u000Bbreak\uFFFE");
    expect(r.title).toBe("Pasted title");
    expect(r.extra).toEqual({ note: "ab" });
    expect(r.page.body).toBe("\nBody text.\nLine\nbreak");
    expect(read(yaml('title: "Tab\\vhere"')).title).toBe("Tab here");
  });
});
