/**
 * Front matter of content files: splitting it from the body, parsing it with `yaml`
 * (keeping line numbers), and validating it with one zod schema per content type.
 *
 * Every problem names the file, the line and the field, in words an author can act on:
 * `content/guides/x.md:5: review_by: Enter a date like 2027-05-02`. Authors are council
 * officers editing files in a browser, not developers, so messages say what to write,
 * not what the parser expected.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { ROLES } from "~/utils/roles";
import { toXmlText, toXmlTextDeep } from "~/utils/xml";
import { parseCalendarDate, parseContentDateTime, type ContentDate, type ContentDateTime } from "./content-dates";

export type ContentProblem = { path: string; line: number; field: string; message: string };

export function formatProblem(p: ContentProblem): string {
  return `${p.path}:${p.line}: ${p.field}: ${p.message}`;
}

/** Thrown by `parseContentFile`; its message lists every problem, one per line. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ContentError";
  }
}

export type FieldPath = ReadonlyArray<string | number>;

export type FrontMatter = {
  path: string;
  data: Record<string, unknown>;
  body: string;
  /** File line on which the body starts. */
  bodyLine: number;
  hasFrontMatter: boolean;
  /** Problems of form (no front matter, invalid YAML); validation adds its own. */
  problems: ContentProblem[];
  /** File line of a field's value (or the nearest existing parent; line 1 if absent). */
  lineOf(field: FieldPath): number;
  /** File line of a top-level key itself. */
  keyLineOf(key: string): number;
};

const OPEN = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Splits `---` front matter from the body and parses it. With `required: false` (folders
 * imported from other tools) a file without front matter is all body.
 */
export function readFrontMatter(path: string, source: string, options: { required?: boolean } = {}): FrontMatter {
  const required = options.required ?? true;
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  const none = (problems: ContentProblem[]): FrontMatter => ({
    path, data: {}, body: toXmlText(text, "\n"), bodyLine: 1, hasFrontMatter: false, problems, lineOf: () => 1, keyLineOf: () => 1,
  });
  if (!OPEN.test(lines[0] ?? "")) {
    return none(required ? [{ path, line: 1, field: "front matter", message: "Start the file with front matter: a line of three hyphens (---), the fields, then another ---" }] : []);
  }
  const close = lines.findIndex((l, i) => i > 0 && CLOSE.test(l));
  if (close < 0) return none([{ path, line: 1, field: "front matter", message: "The front matter has no closing line of three hyphens (---)" }]);

  const yamlText = lines.slice(1, close).join("\n");
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => counter.linePos(offset).line + 1;
  const yamlLines = yamlText.split("\n");
  const problems: ContentProblem[] = doc.errors.map((e) => ({
    path, line: toFileLine(e.pos[0]), field: fieldAbove(yamlLines, counter.linePos(e.pos[0]).line) ?? "front matter", message: yamlMessage(e.code, e.message),
  }));
  let data: Record<string, unknown> = {};
  if (problems.length === 0 && doc.contents !== null) {
    if (!isMap(doc.contents)) problems.push({ path, line: 2, field: "front matter", message: "Write the front matter as lines of field: value" });
    else {
      try {
        // Characters XML 1.0 does not allow (a vertical tab pasted from a word processor, or
        // written as "\v") are normalised, not refused: the author cannot see them (decision 077).
        data = toXmlTextDeep(doc.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
      } catch {
        problems.push({ path, line: 2, field: "front matter", message: "Too many repeated references (* and &); write the values out" });
      }
    }
  }
  const body = toXmlText(lines.slice(close + 1).join("\n"), "\n");
  return {
    path, data, body, bodyLine: close + 2, hasFrontMatter: true, problems,
    lineOf: (field) => lineOfField(doc, field, toFileLine),
    keyLineOf: (key) => {
      if (!isMap(doc.contents)) return 1;
      const pair = doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      return range ? toFileLine(range[0]) : 1;
    },
  };
}

function lineOfField(doc: Document, field: FieldPath, toFileLine: (offset: number) => number): number {
  for (let n = field.length; n > 0; n--) {
    const node = doc.getIn(field.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return toFileLine(node.range[0]);
  }
  return 1;
}

/** The top-level field a YAML error belongs to: the nearest `key:` at or above its line. */
function fieldAbove(lines: string[], line: number): string | undefined {
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

function yamlMessage(code: string, raw: string): string {
  switch (code) {
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return 'This line is not valid: put a value that contains ": " in quotes, like title: "Housing: repairs"';
    case "DUPLICATE_KEY":
      return "This field appears twice; keep one of them";
    case "TAB_AS_INDENT":
      return "Indent with spaces, not tabs";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return `This line is not valid front matter; check the indentation, quotes and brackets (${firstLine(raw)})`;
    default:
      return `This line is not valid front matter (${firstLine(raw)})`;
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
}

// ---------------------------------------------------------------------------------------
// Field schemas: each carries the one message an author needs to fix it.

const say = (message: string) => ({ errorMap: () => ({ message }) });
const numberToText = (v: unknown) => (typeof v === "number" ? String(v) : v);
const nullToUndefined = (v: unknown) => (v === null ? undefined : v);
const oneToList = (v: unknown) => (typeof v === "string" ? [v] : v);

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (what: string, max: number) =>
  z.preprocess(numberToText, z.string(say(`Enter ${what}`)).trim().min(1, `Enter ${what}`).max(max, `Shorten ${what} to ${max} characters or fewer`));
const optionalText = (what: string, max: number) => z.preprocess(nullToUndefined, text(what, max).optional());

export const slugField = z.string(say("Enter a slug: lower-case letters, digits and hyphens, like housing-repairs")).regex(SLUG_PATTERN, "Use only lower-case letters, digits and hyphens, like housing-repairs");
const slugList = z.preprocess(oneToList, z.array(slugField, say("Enter a list of slugs, like [housing, finance]")));
const email = (who: string) =>
  z.string(say(`Enter ${who}'s email address, like name@riverside.gov.uk`)).trim().toLowerCase().email(`Enter ${who}'s email address, like name@riverside.gov.uk`);
const bool = z.boolean(say("Enter true or false"));

const dateField = z
  .string(say("Enter a date like 2027-05-02"))
  .transform((v, ctx): ContentDate => {
    const d = parseCalendarDate(v);
    if (!d) ctx.addIssue({ code: z.ZodIssueCode.custom, message: /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()} is not a real date` : "Enter a date like 2027-05-02" });
    return d ?? { y: 0, m: 0, d: 0 };
  });
const dateTimeField = z
  .string(say("Enter a date like 2026-11-18, or a date and time like 2026-11-18 09:00"))
  .transform((v, ctx): ContentDateTime => {
    const d = parseContentDateTime(v);
    if (!d) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a date like 2026-11-18, or a date and time like 2026-11-18 09:00" });
    return d ?? { iso: "", dateOnly: true, date: { y: 0, m: 0, d: 0 } };
  });

const tags = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((t) => t.trim()).filter(Boolean) : v === null ? undefined : v),
  z.array(z.preprocess(numberToText, z.string(say("Write each tag as text")).trim().min(1, "Remove the empty tag").max(50, "Shorten each tag to 50 characters or fewer")), say("Enter tags as a list, like [expenses, travel]")).max(20, "Use 20 tags or fewer").optional(),
);

const audienceMessage = "Enter everyone, or departments: [slug, ...], or roles: [manager, ...]";
const audience = z.preprocess(
  nullToUndefined,
  z.union(
    [
      z.literal("everyone"),
      z.object({ departments: z.array(slugField).min(1) }).strict(),
      z.object({ roles: z.array(z.enum(ROLES)).min(1) }).strict(),
    ],
    say(audienceMessage),
  ).default("everyone"),
);
export type AudienceValue = z.infer<typeof audience>;

const ITEM_REF = /^(guide|policy|announcement):([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const related = z.preprocess(
  (v) => (v === null ? undefined : oneToList(v)),
  z.array(z.string(say("Write each related page like guide:slug or policy:slug")).regex(ITEM_REF, "Write each related page like guide:slug or policy:slug"), say("Enter related pages as a list, like [guide:book-a-pool-car, policy:annual-leave]")).optional(),
);

/**
 * Files attached to the item (decision 154), kept beside the Markdown file in
 * `<slug>.files/` (policies: `policies/<slug>/files/`), as `npm run export` writes them.
 */
const ATTACHMENT_NAME = /^[A-Za-z0-9_][\w.-]{0,99}\.[A-Za-z0-9]{1,10}$/;
const attachments = z.preprocess(
  nullToUndefined,
  z
    .array(
      z
        .object({
          file: z.string(say("Enter the file's name, like permit-form.pdf")).regex(ATTACHMENT_NAME, "Enter just the file's name, like permit-form.pdf: letters, digits, dots, hyphens and underscores"),
          title: text("the file's title", 200),
          alt: optionalText("a description of the image", 300),
        }, say("Write each attached file as file:, title: and (images) alt:"))
        .strict(),
      say("List the attached files, each with file: and title:"),
    )
    .max(100, "Attach 100 files or fewer")
    .optional(),
);

/** Fields every item (announcement, policy version, guide) may have. */
const itemFields = {
  title: text("a title", 150),
  summary: optionalText("a summary", 300),
  slug: z.preprocess(nullToUndefined, slugField.optional()),
  department: slugField,
  status: z.preprocess(nullToUndefined, z.enum(["draft", "published"], say("Choose draft or published")).default("published")),
  published: z.preprocess(nullToUndefined, dateTimeField.optional()),
  audience,
  public: z.preprocess(nullToUndefined, bool.default(false)),
  tags,
  attachments,
};

const announcementShape = z.object({
  ...itemFields,
  summary: text("a summary", 300),
  departments: z.preprocess(nullToUndefined, z.union([z.literal("all"), slugList], say("Enter all, or a list of department slugs like [housing, finance]")).optional()),
  channels: z.preprocess(nullToUndefined, slugList.optional()),
  priority: z.preprocess(nullToUndefined, z.enum(["normal", "need-to-know", "urgent"], say("Choose normal, need-to-know or urgent")).default("normal")),
  must_read: z.preprocess(nullToUndefined, bool.default(false)),
  expires: z.preprocess(nullToUndefined, dateTimeField.optional()),
  author: z.preprocess(nullToUndefined, email("the author").optional()),
});

const policyShape = z.object({
  ...itemFields,
  department: z.preprocess(nullToUndefined, slugField.optional()),
  reference: z.string(say("Enter a reference like HR-042")).trim().regex(/^[A-Za-z]{1,10}-?\d{1,6}$/, "Enter a reference like HR-042: letters, a hyphen, then digits"),
  owner: email("the owner"),
  version: z.preprocess(
    (v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number(say("Enter the version as a whole number from 1, like 2")).int("Enter the version as a whole number from 1, like 2").min(1, "Enter the version as a whole number from 1, like 2"),
  ),
  effective: dateField,
  approved: optionalText("the approval reference", 300),
  what_changed: optionalText("what changed", 1000),
  material: z.preprocess(nullToUndefined, bool.default(false)),
});

const guideShape = z.object({
  ...itemFields,
  owner: email("the owner"),
  deputy: z.preprocess(nullToUndefined, email("the deputy").optional()),
  last_reviewed: dateField,
  review_by: dateField,
  related,
});

const glossaryShape = z.object({
  term: text("the term", 100),
  slug: z.preprocess(nullToUndefined, slugField.optional()),
  stands_for: optionalText("what it stands for", 200),
  also: z.preprocess(
    (v) => (v === null ? undefined : oneToList(v)),
    z.array(z.preprocess(numberToText, z.string(say("Write each other name as text")).trim().min(1).max(100)), say("Enter other names as a list, like [criminal record check]")).optional(),
  ),
});

const dayNumber = (d: ContentDate) => d.y * 10000 + d.m * 100 + d.d;

export const AnnouncementFrontMatter = announcementShape.strict().superRefine((v, ctx) => {
  if (v.expires && v.published && v.expires.iso && v.published.iso && v.expires.iso <= v.published.iso)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["expires"], message: "Make the expiry date later than the published date" });
});
export const PolicyFrontMatter = policyShape.strict().superRefine((v, ctx) => {
  if (v.version >= 2 && !v.what_changed)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["what_changed"], message: "Say in plain words what changed in this version (needed from version 2)" });
});
export const GuideFrontMatter = guideShape.strict().superRefine((v, ctx) => {
  if (v.review_by.y && v.last_reviewed.y && dayNumber(v.review_by) <= dayNumber(v.last_reviewed))
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["review_by"], message: "Make the review-by date later than the last-reviewed date" });
});
export const GlossaryFrontMatter = glossaryShape.strict();

export type AnnouncementData = z.infer<typeof AnnouncementFrontMatter>;
export type PolicyData = z.infer<typeof PolicyFrontMatter>;
export type GuideData = z.infer<typeof GuideFrontMatter>;
export type GlossaryData = z.infer<typeof GlossaryFrontMatter>;

export type ContentKind = "announcement" | "policy" | "guide" | "glossary";
export const FRONT_MATTER_SCHEMAS = {
  announcement: AnnouncementFrontMatter,
  policy: PolicyFrontMatter,
  guide: GuideFrontMatter,
  glossary: GlossaryFrontMatter,
} as const;
export type FrontMatterData = { announcement: AnnouncementData; policy: PolicyData; guide: GuideData; glossary: GlossaryData };

/** The fields each type knows; anything else is a typo (content/) or kept aside (folder imports). */
export const KNOWN_FIELDS: Record<ContentKind, readonly string[]> = {
  announcement: Object.keys(announcementShape.shape),
  policy: Object.keys(policyShape.shape),
  guide: Object.keys(guideShape.shape),
  glossary: Object.keys(glossaryShape.shape),
};

const KIND_LABEL: Record<ContentKind, string> = { announcement: "an announcement", policy: "a policy", guide: "a guide", glossary: "a glossary term" };

/** Validates parsed front matter against a type's schema; problems carry file lines. */
export function validateFrontMatter<K extends ContentKind>(
  fm: FrontMatter,
  kind: K,
): { ok: true; value: FrontMatterData[K] } | { ok: false; problems: ContentProblem[] } {
  const result = FRONT_MATTER_SCHEMAS[kind].safeParse(fm.data);
  if (result.success) return { ok: true, value: result.data as FrontMatterData[K] };
  const problems: ContentProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        const guess = closest(key, KNOWN_FIELDS[kind]);
        problems.push({
          path: fm.path, line: fm.keyLineOf(key), field: key,
          message: `${kind === "glossary" ? "A glossary term" : capitalise(KIND_LABEL[kind])} has no field called ${key}${guess ? `; did you mean ${guess}?` : "; remove it or check the spelling"}`,
        });
      }
      continue;
    }
    problems.push({ path: fm.path, line: fm.lineOf(issue.path), field: fieldName(issue.path), message: issue.message });
  }
  return { ok: false, problems: dedupe(problems) };
}

/**
 * Parses and validates one file's front matter; throws a ContentError listing every
 * problem. Cross-file checks (unknown departments, duplicate slugs) happen in the importer.
 */
export function parseContentFile<K extends ContentKind>(path: string, source: string, kind: K): { data: FrontMatterData[K]; body: string; frontMatter: FrontMatter } {
  const fm = readFrontMatter(path, source);
  if (fm.problems.length) throw new ContentError(fm.problems);
  const result = validateFrontMatter(fm, kind);
  if (!result.ok) throw new ContentError(result.problems);
  return { data: result.value, body: fm.body, frontMatter: fm };
}

export function fieldName(path: FieldPath): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "") || "front matter";
}

function dedupe(problems: ContentProblem[]): ContentProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}|${p.field}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The known field nearest to a misspelt one (edit distance ≤ 2), for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
