/**
 * Front matter validation, table-driven: each bad case and the exact message an author
 * sees (file:line: field: message).
 */
import { describe, expect, test } from "vitest";
import { findDuplicates, parseContentDoc, type Directory, type ParsedDoc } from "~/commands/import-parse.server";
import type { SourceFile } from "~/commands/import-scan.server";
import { ContentError, formatProblem, parseContentFile, type ContentKind } from "~/schemas/front-matter";
import { parseOrganisation } from "~/schemas/organisation";
import { parseContentDateTime, expiryInstant } from "~/schemas/content-dates";

const directory: Directory = {
  departments: new Set(["housing", "finance"]),
  channels: new Set(["housing-news", "finance-news"]),
  people: new Set(["owner@riverside.gov.uk", "deputy@riverside.gov.uk"]),
};

const FOLDER: Record<ContentKind, string> = { announcement: "announcements", guide: "guides", policy: "policies/hr-policy", glossary: "glossary" };

function file(kind: ContentKind, text: string, name = kind === "policy" ? "v1.md" : "x.md"): SourceFile {
  const key = `${FOLDER[kind]}/${name}`;
  return { key, abs: `/tmp/content/${key}`, display: `content/${key}`, text, hash: "h" };
}

function problems(kind: ContentKind, text: string, name?: string): string[] {
  return parseContentDoc(file(kind, text, name), kind, directory).problems.map(formatProblem);
}

const GUIDE = [
  "---", //                                   1
  "title: How to claim mileage", //           2
  "summary: Claim within three months.", //   3
  "department: finance", //                   4
  "owner: owner@riverside.gov.uk", //         5
  "last_reviewed: 2026-05-02", //             6
  "review_by: 2027-05-02", //                 7
  "tags: [expenses, travel]", //              8
  "---", //                                   9
  "Body text.",
];
/** A valid example with line `n` (1-based) replaced; null removes it. */
const withLine = (lines: string[]) => (n: number, line: string | null) =>
  lines.flatMap((l, i) => (i === n - 1 ? (line === null ? [] : [line]) : [l])).join("\n");
const guide = withLine(GUIDE);

const ANNOUNCEMENT = [
  "---", //                                          1
  "title: Bin collections over Christmas", //        2
  "summary: Rounds move one day later.", //          3
  "department: housing", //                          4
  "channels: [housing-news]", //                     5
  "priority: normal", //                             6
  "published: 2026-11-18", //                        7
  "expires: 2027-01-10", //                          8
  "---", //                                          9
  "Body.",
];
const announcement = withLine(ANNOUNCEMENT);

const POLICY = [
  "---", //                                      1
  "title: Flexible working policy", //           2
  "reference: HR-042", //                        3
  "department: housing", //                      4
  "owner: owner@riverside.gov.uk", //            5
  "version: 1", //                               6
  "effective: 2026-04-06", //                    7
  "---", //                                      8
  "Body.",
];
const policy = withLine(POLICY);

const G = "content/guides/x.md";
const A = "content/announcements/x.md";
const P = "content/policies/hr-policy/v1.md";

const cases: Array<[name: string, kind: ContentKind, source: string, expected: string, fileName?: string]> = [
  ["no front matter", "guide", "# Just a page\n", `${G}:1: front matter: Start the file with front matter: a line of three hyphens (---), the fields, then another ---`],
  ["front matter not closed", "guide", "---\ntitle: A\n", `${G}:1: front matter: The front matter has no closing line of three hyphens (---)`],
  ["unquoted colon in a value", "guide", guide(2, "title: Housing: repairs: how to"), `${G}:2: title: This line is not valid: put a value that contains ": " in quotes, like title: "Housing: repairs"`],
  ["field written twice", "guide", guide(8, "owner: deputy@riverside.gov.uk"), `${G}:8: owner: This field appears twice; keep one of them`],
  ["tab indentation", "guide", guide(8, "tags:\n\t- expenses"), `${G}:9: tags: Indent with spaces, not tabs`],
  ["missing title", "guide", guide(2, null), `${G}:1: title: Enter a title`],
  ["empty title", "guide", guide(2, 'title: ""'), `${G}:2: title: Enter a title`],
  ["title too long", "guide", guide(2, `title: ${"a".repeat(151)}`), `${G}:2: title: Shorten a title to 150 characters or fewer`],
  ["missing owner", "guide", guide(5, null), `${G}:1: owner: Enter the owner's email address, like name@riverside.gov.uk`],
  ["owner not an email", "guide", guide(5, "owner: Tom Reed"), `${G}:5: owner: Enter the owner's email address, like name@riverside.gov.uk`],
  ["review_by not a date", "guide", guide(7, "review_by: next May"), `${G}:7: review_by: Enter a date like 2027-05-02`],
  ["review_by in UK order", "guide", guide(7, "review_by: 02/05/2027"), `${G}:7: review_by: Enter a date like 2027-05-02`],
  ["review_by impossible", "guide", guide(7, "review_by: 2027-02-30"), `${G}:7: review_by: 2027-02-30 is not a real date`],
  ["review_by before last review", "guide", guide(7, "review_by: 2026-01-01"), `${G}:7: review_by: Make the review-by date later than the last-reviewed date`],
  ["missing last_reviewed", "guide", guide(6, null), `${G}:1: last_reviewed: Enter a date like 2027-05-02`],
  ["misspelt field", "guide", guide(8, "tgas: [expenses]"), `${G}:8: tgas: A guide has no field called tgas; did you mean tags?`],
  ["unknown field", "guide", guide(8, "colour: blue"), `${G}:8: colour: A guide has no field called colour; remove it or check the spelling`],
  ["tags not a list", "guide", guide(8, "tags: {a: 1}"), `${G}:8: tags: Enter tags as a list, like [expenses, travel]`],
  ["related page badly written", "guide", guide(8, "related: [guide:ok-page, mileage]"), `${G}:8: related[1]: Write each related page like guide:slug or policy:slug`],
  ["status not allowed", "guide", guide(8, "status: live"), `${G}:8: status: Choose draft or published`],
  ["unknown department", "guide", guide(4, "department: nowhere"), `${G}:4: department: There is no department called nowhere; use a department slug from content/organisation.yml`],
  ["department not a slug", "guide", guide(4, "department: Finance Team"), `${G}:4: department: Use only lower-case letters, digits and hyphens, like housing-repairs`],
  ["owner not in people.yml", "guide", guide(5, "owner: someone@riverside.gov.uk"), `${G}:5: owner: someone@riverside.gov.uk is not in content/people.yml; check the address or add the person there`],
  ["deputy not in people.yml", "guide", guide(8, "deputy: nobody@riverside.gov.uk"), `${G}:8: deputy: nobody@riverside.gov.uk is not in content/people.yml; check the address or add the person there`],
  ["audience unknown department", "guide", guide(8, "audience:\n  departments: [housing, planning]"), `${G}:9: audience.departments[1]: There is no department called planning; use a department slug from content/organisation.yml`],
  ["audience not understood", "guide", guide(8, "audience: managers"), `${G}:8: audience: Enter everyone, or departments: [slug, ...], or roles: [manager, ...]`],
  ["audience unknown role", "guide", guide(8, "audience:\n  roles: [boss]"), `${G}:9: audience: Enter everyone, or departments: [slug, ...], or roles: [manager, ...]`],
  ["file name not a slug", "guide", GUIDE.join("\n"), `content/guides/My Guide.md:1: slug: Rename the file using lower-case letters, digits and hyphens, like my-guide.md`, "My Guide.md"],
  ["missing summary (announcement)", "announcement", announcement(3, null), `${A}:1: summary: Enter a summary`],
  ["summary too long", "announcement", announcement(3, `summary: ${"word ".repeat(70)}`), `${A}:3: summary: Shorten a summary to 300 characters or fewer`],
  ["priority unknown", "announcement", announcement(6, "priority: high"), `${A}:6: priority: Choose normal, need-to-know or urgent`],
  ["published in UK order", "announcement", announcement(7, "published: 18/11/2026"), `${A}:7: published: Enter a date like 2026-11-18, or a date and time like 2026-11-18 09:00`],
  ["expires before published", "announcement", announcement(8, "expires: 2026-11-01"), `${A}:8: expires: Make the expiry date later than the published date`],
  ["must_read yes/no", "announcement", announcement(6, "must_read: yes"), `${A}:6: must_read: Enter true or false`],
  ["unknown channel", "announcement", announcement(5, "channels: [housing-news, bins]"), `${A}:5: channels[1]: There is no channel called bins; use a channel slug from content/organisation.yml`],
  ["departments neither all nor list", "announcement", announcement(6, "departments: {housing: true}"), `${A}:6: departments: Enter all, or a list of department slugs like [housing, finance]`],
  ["unknown target department", "announcement", announcement(6, "departments: [housing, parks]"), `${A}:6: departments[1]: There is no department called parks; use a department slug from content/organisation.yml`],
  ["author not an email", "announcement", announcement(6, "author: Comms team"), `${A}:6: author: Enter the author's email address, like name@riverside.gov.uk`],
  ["policy reference badly written", "policy", policy(3, "reference: flexible working"), `${P}:3: reference: Enter a reference like HR-042: letters, a hyphen, then digits`],
  ["policy version not a number", "policy", policy(6, "version: two"), `${P}:6: version: Enter the version as a whole number from 1, like 2`],
  ["policy version 0", "policy", policy(6, "version: 0"), `${P}:6: version: Enter the version as a whole number from 1, like 2`],
  ["policy version does not match file", "policy", policy(6, "version: 3\nwhat_changed: More."), `${P}:6: version: This file is v1.md, so write version: 1`],
  ["policy v2 without what changed", "policy", policy(6, "version: 2"), `content/policies/hr-policy/v2.md:1: what_changed: Say in plain words what changed in this version (needed from version 2)`, "v2.md"],
  ["policy effective missing", "policy", policy(7, null), `${P}:1: effective: Enter a date like 2027-05-02`],
  ["policy slug differs from folder", "policy", policy(7, "effective: 2026-04-06\nslug: other"), `${P}:8: slug: A policy's slug is its folder name (hr-policy); remove this field or rename the folder`],
  ["alias bomb", "glossary", "---\nterm: DBS\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n", "content/glossary/x.md:2: front matter: Too many repeated references (* and &); write the values out"],
  ["__proto__ is just an unknown field", "glossary", "---\nterm: DBS\n__proto__: {polluted: true}\n---\nText.", "content/glossary/x.md:3: __proto__: A glossary term has no field called __proto__; remove it or check the spelling"],
  ["glossary without term", "glossary", "---\nstands_for: Disclosure and Barring Service\n---\nText.", "content/glossary/x.md:1: term: Enter the term"],
  ["glossary also not a list", "glossary", "---\nterm: DBS\nalso: {a: b}\n---\nText.", "content/glossary/x.md:3: also: Enter other names as a list, like [criminal record check]"],
];

describe("front matter problems name file, line, field and say what to write", () => {
  test.each(cases)("%s", (_name, kind, source, expected, fileName) => {
    expect(problems(kind, source, fileName)).toContain(expected);
  });

  test("the valid examples have no problems", () => {
    expect(problems("guide", GUIDE.join("\n"))).toEqual([]);
    expect(problems("announcement", ANNOUNCEMENT.join("\n"))).toEqual([]);
    expect(problems("policy", POLICY.join("\n"))).toEqual([]);
  });

  test("parseContentFile throws a ContentError listing every problem", () => {
    const source = guide(7, "review_by: soon").replace("owner: owner@riverside.gov.uk", "owner: nobody");
    expect(() => parseContentFile("content/guides/x.md", source, "guide")).toThrow(ContentError);
    expect(() => parseContentFile("content/guides/x.md", source, "guide")).toThrow(
      /content\/guides\/x\.md:5: owner: .*\n.*content\/guides\/x\.md:7: review_by: Enter a date like 2027-05-02/,
    );
  });
});

describe("duplicates across files", () => {
  const parsed = (kind: ContentKind, text: string, name: string, folder?: string): ParsedDoc => {
    const f = file(kind, text, name);
    if (folder) Object.assign(f, { key: `policies/${folder}/${name}`, display: `content/policies/${folder}/${name}` });
    const { doc, problems: p } = parseContentDoc(f, kind, directory);
    expect(p).toEqual([]);
    return doc!;
  };

  test.each([
    [
      "two guides claim one slug",
      [parsed("guide", GUIDE.join("\n"), "a.md"), parsed("guide", guide(8, "slug: a"), "b.md")],
      "content/guides/b.md:8: slug: content/guides/a.md already uses the slug a; give one of them another file name or slug",
    ],
    [
      "two policies share a reference",
      [parsed("policy", POLICY.join("\n"), "v1.md", "one"), parsed("policy", POLICY.join("\n"), "v1.md", "two")],
      "content/policies/two/v1.md:3: reference: The policy in content/policies/one/v1.md already uses the reference HR-042",
    ],
    [
      "two glossary files define one term",
      [parsed("glossary", "---\nterm: DBS\n---\nA.", "dbs.md"), parsed("glossary", "---\nterm: dbs\n---\nB.", "dbs-check.md")],
      "content/glossary/dbs.md:2: term: content/glossary/dbs-check.md already defines DBS",
    ],
  ])("%s", (_name, docs, expected) => {
    expect(findDuplicates(docs).map(formatProblem)).toEqual([expected]);
  });
});

describe("organisation.yml problems", () => {
  const ORG = ["departments:", "  - slug: housing", "    name: Housing", "    channels:", "      - slug: housing-news", "        name: Housing news"];
  test.each([
    ["department without channels", ["departments:", "  - slug: housing", "    name: Housing", "    channels: []"].join("\n"), "organisation.yml:4: departments[0].channels: Give the department at least one channel; the first is its default channel"],
    ["channel slug used twice", [...ORG, "corporate_channels:", "  - slug: housing-news", "    name: Again"].join("\n"), "organisation.yml:8: corporate_channels[0].slug: Another channel already uses the slug housing-news"],
    ["misspelt field", [...ORG, "    mandatroy: true"].join("\n"), "organisation.yml:7: departments[0].mandatroy: There is no field called mandatroy here; remove it or check the spelling"],
    ["bad slug", ORG.join("\n").replace("slug: housing\n", "slug: Housing Dept\n"), "organisation.yml:2: departments[0].slug: Use only lower-case letters, digits and hyphens, like housing-news"],
  ])("%s", (_name, source, expected) => {
    const result = parseOrganisation("organisation.yml", source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map(formatProblem)).toContain(expected);
  });
});

describe("dates are UK time", () => {
  test.each([
    ["2026-11-20", "2026-11-20T00:00:00.000Z"],
    ["2026-07-20", "2026-07-19T23:00:00.000Z"],
    ["2026-07-20 09:00", "2026-07-20T08:00:00.000Z"],
    ["2026-11-20 09:00", "2026-11-20T09:00:00.000Z"],
    ["2026-07-20T09:00:00Z", "2026-07-20T09:00:00.000Z"],
    ["2026-07-20T09:00+02:00", "2026-07-20T07:00:00.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(parseContentDateTime(text)?.iso).toBe(iso);
  });
  test("a bare expiry date lasts to the end of that UK day", () => {
    expect(expiryInstant(parseContentDateTime("2026-07-20")!)).toBe("2026-07-20T23:00:00.000Z");
  });
  test("impossible times are rejected", () => {
    expect(parseContentDateTime("2026-11-20 25:00")).toBeNull();
    expect(parseContentDateTime("2026-02-29")).toBeNull();
  });
});
