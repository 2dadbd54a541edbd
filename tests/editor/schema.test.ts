import { describe, expect, test } from "vitest";
import {
  dataToFrontMatter, emptyEditorValues, frontMatterToValues, isoToUkLocal, readEditorValues, ukLocalToIso, validateEditorValues,
  type EditorType, type EditorValues,
} from "~/schemas/editor";
import { editorValues } from "./world";

type Case = [name: string, type: EditorType, overrides: Partial<EditorValues>, field: string, message: RegExp, context?: { requireWhatChanged?: boolean }];

const cases: Case[] = [
  ["missing title", "guide", { title: "  " }, "title", /Enter a title/],
  ["title too long", "announcement", { title: "x".repeat(151) }, "title", /150 characters or fewer/],
  ["missing summary", "announcement", { summary: "" }, "summary", /Enter a summary/],
  ["empty body", "guide", { body: "\n\n  " }, "body", /Enter the text/],
  ["body too long", "guide", { body: "x".repeat(200_001) }, "body", /200,000 characters or fewer/],
  ["no department", "announcement", { department: "" }, "department", /Choose a department/],
  ["bad slug", "guide", { slug: "Not A Slug" }, "slug", /lower-case letters/],
  ["unknown priority", "announcement", { priority: "shouting" }, "priority", /Choose a priority/],
  ["impossible publish date", "announcement", { publishAt: "2026-02-30T09:00" }, "publishAt", /real date and time/],
  ["expiry before publish", "announcement", { publishAt: "2026-06-01T09:00", expiresAt: "2026-05-01T09:00" }, "expiresAt", /after the publish date/],
  ["audience departments without any", "guide", { audience: "departments" }, "audienceDepartments", /at least one department/],
  ["audience roles without any", "guide", { audience: "roles" }, "audienceRoles", /at least one role/],
  ["unknown role", "guide", { audience: "roles", audienceRoles: ["mayor"] }, "audienceRoles", /roles from the list/],
  ["too many tags", "guide", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") }, "tags", /20 tags or fewer/],
  ["policy without reference", "policy", { reference: "" }, "reference", /policy reference/],
  ["policy reference not letters-digits", "policy", { reference: "hr/42" }, "reference", /letters then numbers/],
  ["policy without effective date", "policy", { effective: "" }, "effective", /Enter the effective date/],
  ["policy v2 without what changed", "policy", { whatChanged: " " }, "whatChanged", /what changed/, { requireWhatChanged: true }],
  ["guide without owner", "guide", { owner: "" }, "owner", /owner's email address/],
  ["guide owner not an email", "guide", { owner: "tom" }, "owner", /email address/],
  ["guide deputy same as owner", "guide", { deputy: "CHRIS.champion@riverside.test" }, "deputy", /different person/],
  ["guide review-by before last reviewed", "guide", { lastReviewed: "2026-05-01", reviewBy: "2026-04-01" }, "reviewBy", /after the last reviewed/],
  ["guide review-by not a date", "guide", { reviewBy: "next year" }, "reviewBy", /real date/],
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

  test("UK local time converts both ways across the clock change", () => {
    expect(ukLocalToIso("2026-01-15T09:30")).toBe("2026-01-15T09:30:00.000Z");
    expect(ukLocalToIso("2026-03-29T12:00")).toBe("2026-03-29T11:00:00.000Z");
    expect(ukLocalToIso("2026-13-01T09:00")).toBeNull();
    expect(ukLocalToIso("yesterday")).toBeNull();
    expect(isoToUkLocal("2026-07-01T08:00:00.000Z")).toBe("2026-07-01T09:00");
    expect(isoToUkLocal("2026-12-01T08:00:00.000Z")).toBe("2026-12-01T08:00");
  });

  test("front matter round-trips through the form values", () => {
    const result = validateEditorValues(
      editorValues("guide", { audience: "departments", audienceDepartments: ["housing"], related: "policy:lone-working", tags: "damp", expiresAt: "2027-01-01T00:00" }),
    );
    if (!result.ok) throw new Error("invalid");
    const fm = dataToFrontMatter(result.data);
    const back = frontMatterToValues("guide", fm, emptyEditorValues("guide"));
    expect(back).toMatchObject({ department: "housing", audience: "departments", audienceDepartments: ["housing"], related: "policy:lone-working", tags: "damp", expiresAt: "2027-01-01T00:00", owner: "chris.champion@riverside.test" });
  });

  test("front matter written for files (dates without times, a list of roles) reads into the form", () => {
    const values = frontMatterToValues(
      "announcement",
      { published: "2026-11-18", expires: "2027-01-10", audience: { roles: ["manager"] }, departments: "all", must_read: true },
      emptyEditorValues("announcement"),
    );
    // A bare expiry date lasts to the end of that day, as for files.
    expect(values).toMatchObject({ publishAt: "2026-11-18T00:00", expiresAt: "2027-01-11T00:00", audience: "roles", audienceRoles: ["manager"], targetDepartments: ["all"], mustRead: true });
    expect(frontMatterToValues("guide", { published: "2026-07-01 09:30" }, emptyEditorValues("guide")).publishAt).toBe("2026-07-01T09:30");
  });
});
