import { describe, expect, test } from "vitest";
import {
  dataToFrontMatter, emptyEditorValues, frontMatterToValues, readEditorValues, validateEditorValues, type EditorType,
} from "~/schemas/editor";
import { editorValues, type EditorOverrides } from "./world";

type Case = [name: string, type: EditorType, overrides: EditorOverrides, field: string, message: RegExp, context?: { requireWhatChanged?: boolean }];

const day = (d: string, m: string, y: string) => ({ day: d, month: m, year: y });
const at = (d: string, m: string, y: string, time: string) => ({ day: d, month: m, year: y, time });

const cases: Case[] = [
  ["missing title", "guide", { title: "  " }, "title", /Enter a title/],
  ["title too long", "announcement", { title: "x".repeat(151) }, "title", /150 characters or fewer/],
  ["missing summary", "announcement", { summary: "" }, "summary", /Enter a summary/],
  ["empty body", "guide", { body: "\n\n  " }, "body", /Enter the text/],
  ["body too long", "guide", { body: "x".repeat(200_001) }, "body", /200,000 characters or fewer/],
  ["no department", "announcement", { department: "" }, "department", /Choose a department/],
  ["bad slug", "guide", { slug: "Not A Slug" }, "slug", /lower-case letters/],
  ["unknown priority", "announcement", { priority: "shouting" }, "priority", /Choose a priority/],
  ["impossible publish date", "announcement", { publishAt: at("30", "2", "2026", "9am") }, "publishAt", /^Publish date and time must be a real date$/],
  ["publish date without a time", "announcement", { publishAt: at("1", "7", "2026", "") }, "publishAt", /^Publish date and time must include a time$/],
  ["publish time that is not a time", "announcement", { publishAt: at("1", "7", "2026", "after lunch") }, "publishAt", /must include a real time, like 9:30am or 14:00/],
  ["expiry without a month", "announcement", { expiresAt: at("1", "", "2027", "17:00") }, "expiresAt", /^Expiry date and time must include a month$/],
  ["expiry before publish", "announcement", { publishAt: "2026-06-01T09:00", expiresAt: "2026-05-01T09:00" }, "expiresAt", /after the publish date/],
  ["audience departments without any", "guide", { audience: "departments" }, "audienceDepartments", /at least one department/],
  ["audience roles without any", "guide", { audience: "roles" }, "audienceRoles", /at least one role/],
  ["unknown role", "guide", { audience: "roles", audienceRoles: ["mayor"] }, "audienceRoles", /roles from the list/],
  ["too many tags", "guide", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") }, "tags", /20 tags or fewer/],
  ["policy without reference", "policy", { reference: "" }, "reference", /policy reference/],
  ["policy reference not letters-digits", "policy", { reference: "hr/42" }, "reference", /letters then numbers/],
  ["policy without effective date", "policy", { effective: day("", "", "") }, "effective", /^Enter the effective date$/],
  ["policy effective date with a 2-digit year", "policy", { effective: day("1", "4", "26") }, "effective", /^Effective date must include a year with 4 numbers, like 2027$/],
  ["policy v2 without what changed", "policy", { whatChanged: " " }, "whatChanged", /what changed/, { requireWhatChanged: true }],
  ["guide without owner", "guide", { owner: "" }, "owner", /owner's email address/],
  ["guide owner not an email", "guide", { owner: "tom" }, "owner", /email address/],
  ["guide deputy same as owner", "guide", { deputy: "CHRIS.champion@riverside.test" }, "deputy", /different person/],
  ["guide review-by before last reviewed", "guide", { lastReviewed: "2026-05-01", reviewBy: "2026-04-01" }, "reviewBy", /after the last reviewed/],
  ["guide review-by not a date", "guide", { reviewBy: day("next", "year", "") }, "reviewBy", /^Review-by date must include a year$/],
  ["guide review-by 31 February", "guide", { reviewBy: day("31", "2", "2027") }, "reviewBy", /^Review-by date must be a real date$/],
  ["guide last reviewed without a day", "guide", { lastReviewed: day("", "1", "2026") }, "lastReviewed", /^Last reviewed date must include a day$/],
  ["guide related in the wrong shape", "guide", { related: "guide:ok, https://example.com" }, "related", /type:address/],
];

describe("editor schema", () => {
  test.each(cases)("%s", (_name, type, overrides, field, message, context) => {
    const result = validateEditorValues(editorValues(type, overrides), context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect((result.errors as Record<string, string>)[field]).toMatch(message);
  });

  test.each(["announcement", "policy", "guide"] as const)("a complete %s passes and becomes typed data", (type) => {
    const result = validateEditorValues(editorValues(type, { tags: "Damp, mould, damp", publishAt: "2026-07-01T09:00" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.tags).toEqual(["damp", "mould"]);
    // July is British Summer Time: 09:00 in the UK is 08:00 UTC.
    expect(result.data.publishAt).toBe("2026-07-01T08:00:00.000Z");
  });

  test("type-specific fields are dropped for other types", () => {
    const result = validateEditorValues(editorValues("announcement", { reference: "not a ref", owner: "not an email", related: "nonsense", mustRead: true }));
    expect(result.ok && result.data).toMatchObject({ reference: null, owner: null, related: [], mustRead: true });
  });

  test("reads a posted form: repeated fields, ticked boxes, files as empty, CRLF line ends", () => {
    const form = new FormData();
    form.append("title", "A title");
    form.append("body", "line one\r\nline two");
    form.append("channels", "a");
    form.append("channels", "b");
    form.append("mustRead", "on");
    form.append("summary", new Blob(["not text"]));
    const values = readEditorValues(form, "announcement");
    expect(values).toMatchObject({ title: "A title", body: "line one\nline two", channels: ["a", "b"], mustRead: true, isPublic: false, summary: "" });
  });

  test("dates in boxes become days and UTC instants, read in UK time across the clock change", () => {
    const winter = validateEditorValues(editorValues("policy", { effective: day("07", "Jan", "2027"), publishAt: at("15", "1", "2026", "9:30am") }));
    expect(winter.ok && winter.data).toMatchObject({ effective: "2027-01-07", publishAt: "2026-01-15T09:30:00.000Z" });
    const summer = validateEditorValues(editorValues("announcement", { publishAt: at("29", "3", "2026", "midday") }));
    expect(summer.ok && summer.data.publishAt).toBe("2026-03-29T11:00:00.000Z");
  });

  test("a problem in one date raises no problem about another", () => {
    const result = validateEditorValues(editorValues("announcement", { publishAt: at("1", "13", "2026", "9am"), expiresAt: at("1", "1", "2026", "9am") }));
    expect(result.ok ? {} : result.errors).toEqual({ publishAt: "Publish date and time must be a real date" });
  });

  test("reads each date's boxes from a posted form, as typed", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ "reviewBy-day": " 31 ", "reviewBy-month": "2", "reviewBy-year": "2027", "publishAt-day": "1", "publishAt-time": "9am" })) form.append(k, v);
    const values = readEditorValues(form, "guide");
    expect(values.reviewBy).toEqual(day(" 31 ", "2", "2027"));
    expect(values.publishAt).toEqual(at("1", "", "", "9am"));
    expect(values.lastReviewed).toEqual(day("", "", ""));
  });

  test("front matter round-trips through the form values", () => {
    const result = validateEditorValues(
      editorValues("guide", { audience: "departments", audienceDepartments: ["housing"], related: "policy:lone-working", tags: "damp", expiresAt: "2027-01-01T00:00" }),
    );
    if (!result.ok) throw new Error("invalid");
    const fm = dataToFrontMatter(result.data);
    const back = frontMatterToValues("guide", fm, emptyEditorValues("guide"));
    expect(back).toMatchObject({
      department: "housing", audience: "departments", audienceDepartments: ["housing"], related: "policy:lone-working", tags: "damp",
      expiresAt: at("1", "1", "2027", "midnight"), lastReviewed: day("10", "1", "2026"), owner: "chris.champion@riverside.test",
    });
  });

  test("front matter written for files (dates without times, a list of roles) reads into the form", () => {
    const values = frontMatterToValues(
      "announcement",
      { published: "2026-11-18", expires: "2027-01-10", audience: { roles: ["manager"] }, departments: "all", must_read: true },
      emptyEditorValues("announcement"),
    );
    // A bare expiry date lasts to the end of that day, as for files.
    expect(values).toMatchObject({
      publishAt: at("18", "11", "2026", "midnight"), expiresAt: at("11", "1", "2027", "midnight"), audience: "roles", audienceRoles: ["manager"],
      targetDepartments: ["all"], mustRead: true,
    });
    expect(frontMatterToValues("guide", { published: "2026-07-01 09:30" }, emptyEditorValues("guide")).publishAt).toEqual(at("1", "7", "2026", "9:30am"));
    expect(frontMatterToValues("policy", { effective: "2026-04-01" }, emptyEditorValues("policy")).effective).toEqual(day("1", "4", "2026"));
  });
});
